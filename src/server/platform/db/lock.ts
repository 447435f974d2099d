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

/** A takeover lasts milliseconds: a guard older than this was left by a process that stopped in one. */
const GUARD_ABANDONED_MS = 10_000;

/**
 * Removes `file` if it is still the file `ino`, and only then: it is moved aside, checked, and put
 * back when it turns out to be another's, newer file.
 */
function removeIfSame(file: string, ino: number, aside: string) {
  try {
    renameSync(file, aside);
  } catch (err) {
    if (gone(err)) return;
    throw err;
  }
  if (statSync(aside).ino !== ino) {
    try {
      linkSync(aside, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  rmSync(aside, { force: true });
}

/**
 * Takes the takeover guard: only its holder may remove a stale lock. Without it, two starts that
 * find the same stale lock at once could both remove "it", the slower one removing the lock the
 * faster one had just taken, and both would run. A guard whose process is gone, or that is older
 * than any takeover lasts (its pid since reused by another process), is removed and the takeover
 * tried again.
 */
function takeGuard(guard: string, mine: string): boolean {
  try {
    linkSync(mine, guard);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const g = holder(guard);
  if (g === null) return false;
  let age = 0;
  try {
    age = Date.now() - statSync(guard).mtimeMs;
  } catch (err) {
    if (!gone(err)) throw err;
  }
  if (isStale(g.pid) || age > GUARD_ABANDONED_MS) removeIfSame(guard, g.ino, `${mine}.stale`);
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
  const deadline = Date.now() + GUARD_ABANDONED_MS + 5_000;
  try {
    // Each pass either takes the lock, is refused by a live holder, or waits a moment for another
    // process's takeover to finish.
    while (Date.now() < deadline) {
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
      const ours = statSync(mine).ino;
      try {
        // While the guard is held no one else removes the lock, and no one can link a new one in
        // while it is there; it is removed only if it is still the stale file seen above.
        removeIfSame(file, h.ino, `${mine}.stale`);
      } finally {
        // The guard is this process's own file (a link to `mine`); anything else there is not ours.
        if (holder(guard)?.ino === ours) rmSync(guard, { force: true });
      }
    }
  } finally {
    rmSync(mine, { force: true });
  }
  throw new Error(
    `Could not lock ${dir}: another process has been taking over its lock for too long. ` +
      `If no Calidad process is starting, remove ${guard}.`,
  );
}
