import { linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

const gone = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** A lock file's pid and which file it is (its inode), or null when it is not (or no longer) there. */
function holder(file: string): { pid: number; ino: number } | null {
  try {
    const { ino } = statSync(file);
    return { pid: Number.parseInt(readFileSync(file, 'utf8'), 10), ino };
  } catch (err) {
    if (gone(err)) return null;
    throw err;
  }
}

/** A lock naming a dead process, or this process's own pid in a file it does not hold (a previous life's). */
const isStale = (pid: number) => !Number.isFinite(pid) || pid === process.pid || !isAlive(pid);

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Takes the takeover guard: only its holder may remove a stale lock. Without it, two starts that
 * find the same stale lock at once could both remove "it", the slower one removing the lock the
 * faster one had just taken, and both would run. A guard left by a process that died in the
 * middle of a takeover is moved aside (then checked to be that file: another's guard, moved by
 * mistake, is put back) and the takeover tried again.
 */
function takeGuard(guard: string, mine: string): boolean {
  try {
    linkSync(mine, guard);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const g = holder(guard);
  if (g === null || !isStale(g.pid)) return false;
  const aside = `${mine}.stale`;
  try {
    renameSync(guard, aside);
  } catch (err) {
    if (gone(err)) return false;
    throw err;
  }
  if (statSync(aside).ino !== g.ino) {
    try {
      linkSync(aside, guard);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  rmSync(aside, { force: true });
  return false;
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
  const guard = `${file}.takeover`;
  const mine = `${file}.${process.pid}`;
  writeFileSync(mine, String(process.pid));
  try {
    // Each pass either takes the lock, is refused by a live holder, or waits a moment for another
    // process's takeover to finish.
    for (let attempt = 0; attempt < 100; attempt++) {
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
      }
      const h = holder(file);
      if (h === null) continue;
      if (!isStale(h.pid)) throw new DataDirLockedError(dir, h.pid);
      if (!takeGuard(guard, mine)) {
        pause(5);
        continue;
      }
      try {
        // Still the stale file seen above? While the guard is held no one else removes it, and
        // no one can link a new lock in while it is there.
        if (holder(file)?.ino === h.ino) rmSync(file);
      } finally {
        rmSync(guard, { force: true });
      }
    }
  } finally {
    rmSync(mine, { force: true });
  }
  throw new Error(`Could not lock ${dir}: another process has been taking it over for too long`);
}
