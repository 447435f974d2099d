import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingNodeFlags, NODE_FLAGS } from './node-flags.ts';

const root = path.resolve(import.meta.dirname, '../..');
const flags = NODE_FLAGS.join(' ');

describe('the Node.js flags of every process', () => {
  it('are the same in package.json scripts that run the app', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(scripts.start).toContain(`node ${flags} src/server/main.ts`);
    expect(scripts.dev).toContain(`node ${flags} --watch src/server/main.ts`);
    expect(scripts.bench).toBe(`node ${flags} bench/run.ts`);
  });

  it('are told missing from a process started without them', () => {
    expect(missingNodeFlags([])).toEqual([...NODE_FLAGS]);
    expect(missingNodeFlags(['--inspect', ...NODE_FLAGS])).toEqual([]);
  });

  it('reach the calidad command however it is started', () => {
    // Every Node.js process of the run prints the flags it was started with.
    const dir = mkdtempSync(path.join(tmpdir(), 'calidad-flags-'));
    try {
      const probe = path.join(dir, 'probe.cjs');
      writeFileSync(probe, "process.stderr.write('execArgv=' + JSON.stringify(process.execArgv) + '\\n');");
      const r = spawnSync(path.join(root, 'node_modules/.bin/node'), ['bin/calidad.mjs', '--help'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: `--require ${probe}` },
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Usage: calidad');
      const runs = r.stderr.split('\n').filter((l) => l.startsWith('execArgv='));
      expect(runs).toHaveLength(2);
      expect(JSON.parse(runs[1]?.slice('execArgv='.length) ?? '[]')).toEqual(
        expect.arrayContaining([...NODE_FLAGS]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('end with the calidad command when it is killed, even by kill -9', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'calidad-flags-'));
    try {
      const probe = path.join(dir, 'probe.cjs');
      writeFileSync(probe, "process.stderr.write('pid=' + process.pid + '\\n');");
      const parent = spawn(
        path.join(root, 'node_modules/.bin/node'),
        ['bin/calidad.mjs', 'demo', 'catalog', '--schools', '1000000', '--out', path.join(dir, 'c.csv')],
        { cwd: root, env: { ...process.env, NODE_OPTIONS: `--require ${probe}` } },
      );
      let err = '';
      parent.stderr.on('data', (d) => {
        err += d;
      });
      const pids = () => [...err.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
      for (let i = 0; i < 100 && !existsSync(path.join(dir, 'c.csv')); i++)
        await new Promise((r) => setTimeout(r, 100));
      const [first, started] = pids();
      expect(first).toBe(parent.pid);
      expect(started).toBeGreaterThan(0);
      // Gone, or a zombie waiting for whoever adopted it to reap it.
      const running = () => {
        try {
          return !/State:\s+Z/.test(readFileSync(`/proc/${started}/status`, 'utf8'));
        } catch {
          return false;
        }
      };
      expect(running()).toBe(true);
      parent.kill('SIGKILL');
      for (let i = 0; i < 100 && running(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(running()).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
