import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './lock.ts';

let dir: string;
const lockFile = () => path.join(dir, 'calidad.lock');
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const fresh = () => {
  dir = mkdtempSync(path.join(tmpdir(), 'calidad-lock-'));
};

describe('the data directory lock', () => {
  it('holds this process’s pid, refuses a second holder in the same process, and is gone on release', () => {
    fresh();
    const lock = acquireDataDirLock(dir);
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
    acquireDataDirLock(dir).release();
  });

  it('refuses while another live process holds it', () => {
    fresh();
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(lockFile(), String(other.pid));
      let refused: unknown;
      try {
        acquireDataDirLock(dir);
      } catch (err) {
        refused = err;
      }
      expect(refused).toBeInstanceOf(DataDirLockedError);
      expect((refused as DataDirLockedError).pid).toBe(other.pid);
      expect(readFileSync(lockFile(), 'utf8')).toBe(String(other.pid));
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a dead process, or by an earlier process that had this pid', () => {
    fresh();
    const gone = spawnSync('true').pid;
    writeFileSync(lockFile(), String(gone));
    acquireDataDirLock(dir).release();
    // A container restarted after a crash hands the new process the old one's pid.
    writeFileSync(lockFile(), String(process.pid));
    const lock = acquireDataDirLock(dir);
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
  });
});
