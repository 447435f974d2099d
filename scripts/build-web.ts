// Builds the web app into dist/web. With --if-stale (used by `npm start`) it skips the build
// when dist/web is newer than every source file, so restarts are instant.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'dist/web/index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const sources = [path.join(root, 'src/web'), path.join(root, 'src/contract')];
const stale =
  !existsSync(out) ||
  Math.max(...sources.map(newestMtime), statSync(path.join(root, 'vite.config.ts')).mtimeMs) >
    statSync(out).mtimeMs;

if (process.argv.includes('--if-stale') && !stale) process.exit(0);
console.log('Building the web app…');
const r = spawnSync(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(r.status ?? 1);
