#!/usr/bin/env node
// The `calidad` command. npm puts node_modules/.bin first on PATH, so `node` here is the
// pinned Node 24 (package "node"), which runs the TypeScript sources directly.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { missingNodeFlags } from '../src/server/node-flags.ts';

const missing = missingNodeFlags(process.execArgv);
if (missing.length === 0) {
  if (process.channel) {
    // Started again by the command itself (below): it ends with the process the user started,
    // however that ends, kill -9 included, as if it had been that process.
    process.channel.unref();
    process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  }
  await import('../src/cli/main.ts');
} else {
  // The app's Node.js flags cannot be set from inside a running process (nor portably in a
  // shebang): the command starts itself again with them, and ends as that run ends.
  const child = spawn(
    process.execPath,
    [...missing, ...process.execArgv, import.meta.filename, ...process.argv.slice(2)],
    { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] },
  );
  // Signals are passed on, and this process waits for the command to end. A terminal's Ctrl-C
  // reaches both processes already; the command then gets it twice, which ends it the same way.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
}
