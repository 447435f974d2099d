import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
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

  it('takes over even when a process died in the middle of a takeover, or stopped in one long ago', () => {
    fresh();
    writeFileSync(lockFile(), String(spawnSync('true').pid));
    writeFileSync(`${lockFile()}.takeover`, String(spawnSync('true').pid));
    const lock = acquireDataDirLock(dir);
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
    // A guard whose pid now belongs to some other live process: abandoned, by its age.
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(lockFile(), String(spawnSync('true').pid));
      writeFileSync(`${lockFile()}.takeover`, String(other.pid));
      const long = new Date(Date.now() - 60_000);
      utimesSync(`${lockFile()}.takeover`, long, long);
      acquireDataDirLock(dir).release();
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      other.kill();
    }
  });

  it('goes to one process alone when several find the same stale lock at once', async () => {
    fresh();
    const node = path.resolve(import.meta.dirname, '../../../../node_modules/.bin/node');
    const child = path.resolve(import.meta.dirname, '../../../../tests/support/lock-race-child.ts');
    for (let round = 0; round < 3; round++) {
      writeFileSync(lockFile(), String(spawnSync('true').pid));
      const contenders = Array.from({ length: 6 }, () => {
        const p = spawn(node, [child, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
        let out = '';
        const said = (word: string) =>
          new Promise<void>((resolve, reject) => {
            const check = () => (out.includes(word) ? resolve() : undefined);
            p.stdout.on('data', (d) => {
              out += d;
              check();
            });
            p.once('exit', () => (out.includes(word) ? resolve() : reject(new Error(`exited: ${out}`))));
            check();
          });
        return {
          p,
          said,
          answer: () => (out.includes('held') ? 'held' : out.includes('refused') ? 'refused' : ''),
        };
      });
      await Promise.all(contenders.map((c) => c.said('ready')));
      // All at once, as closely as a test can start them.
      for (const c of contenders) c.p.stdin.write('go\n');
      await Promise.all(contenders.map((c) => Promise.race([c.said('held'), c.said('refused')])));
      const answers = contenders.map((c) => c.answer());
      expect(answers.filter((a) => a === 'held')).toHaveLength(1);
      expect(answers.filter((a) => a === 'refused')).toHaveLength(5);
      const winner = contenders[answers.indexOf('held')];
      expect(readFileSync(lockFile(), 'utf8')).toBe(String(winner?.p.pid));
      for (const c of contenders) c.p.stdin.end();
      await Promise.all(
        contenders.map((c) => new Promise((r) => (c.p.exitCode === null ? c.p.once('exit', r) : r(null)))),
      );
    }
  }, 30_000);
});
