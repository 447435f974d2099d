/**
 * The Node.js flags every Calidad process runs with: `npm start`, `npm run dev`, `npm run bench`,
 * the `calidad` command and the benchmark's child processes. They cannot be set from inside a
 * running process: package.json's scripts repeat them (a test keeps them equal), and
 * bin/calidad.mjs starts itself again with them when it was started without.
 *
 * A young generation of 8 MB per semi-space (V8 picks up to four times that on a large machine):
 * loading the app's modules and reading a catalog make much short-lived garbage, and the larger
 * nursery kept about 110 MB more resident at the import's peak for no measurable speed (the
 * catalog benchmark's import stays under 1 GB with it on PGlite).
 */
export const NODE_FLAGS = ['--max-semi-space-size=8'] as const;

/** The flags a process was started without, of those it should have (`process.execArgv`). */
export function missingNodeFlags(execArgv: readonly string[]): string[] {
  return NODE_FLAGS.filter((f) => !execArgv.includes(f));
}
