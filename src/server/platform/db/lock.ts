import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DataDirLock {
  release(): void;
}

export class DataDirLockedError extends Error {
  readonly pid: number;
  constructor(dir: string, pid: number) {
    super(
      `The data directory ${dir} is in use by another Calidad process (pid ${pid}). ` +
        'Stop that process first, or set DATA_DIR to another directory.',
    );
    this.pid = pid;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The directories this process holds: its own pid in a lock file it does not hold is a previous life's. */
const held = new Set<string>();

/** A lock file's pid, or null when it is not (or no longer) there. */
function holder(file: string): number | null {
  try {
    return Number.parseInt(readFileSync(file, 'utf8'), 10);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * A pid file beside the database, created whole: the pid is written to a file of this process's
 * own and hard-linked into place (link fails if the lock exists), so no one ever reads it empty.
 * A lock left by a dead process (crash, kill -9) is taken over, and so is one naming this
 * process's own pid that this process does not hold: a container restarted after a crash often
 * gives the new process the old one's pid. One held by a live process refuses the start.
 */
export function acquireDataDirLock(dir: string): DataDirLock {
  const file = path.join(dir, 'calidad.lock');
  if (held.has(file)) throw new DataDirLockedError(dir, process.pid);
  const mine = `${file}.${process.pid}`;
  writeFileSync(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(mine, file);
        held.add(file);
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          held.delete(file);
          rmSync(file, { force: true });
        };
        process.once('exit', release);
        return { release };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const pid = holder(file);
        if (pid !== null && Number.isFinite(pid) && pid !== process.pid && isAlive(pid))
          throw new DataDirLockedError(dir, pid);
        rmSync(file, { force: true });
      }
    }
  } finally {
    rmSync(mine, { force: true });
  }
  throw new Error(`Could not lock ${dir}`);
}
