// One contender for a data-directory lock: waits for "go" on stdin, tries to take the lock, says
// whether it got it ("held" or "refused"), and keeps what it got until stdin closes.
import { acquireDataDirLock, DataDirLockedError } from '../../src/server/platform/db/lock.ts';

const [dir] = process.argv.slice(2) as [string];
process.stdout.write('ready\n');
process.stdin.once('data', () => {
  try {
    acquireDataDirLock(dir);
    process.stdout.write('held\n');
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    process.stdout.write('refused\n');
  }
  process.stdin.once('end', () => process.exit(0));
});
