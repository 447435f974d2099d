import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingNodeFlags, NODE_FLAGS } from './node-flags.ts';

const root = path.resolve(import.meta.dirname, '../..');
const node = path.join(root, 'node_modules/.bin/node');
const flags = NODE_FLAGS.join(' ');

// Every Node.js process of a run started with `probed` prints a line: its pid and its flags.
let dir: string;
let probed: NodeJS.ProcessEnv;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'calidad-flags-'));
  const probe = path.join(dir, 'probe.cjs');
  writeFileSync(
    probe,
    "process.stderr.write('probe=' + JSON.stringify({ pid: process.pid, execArgv: process.execArgv }) + '\\n');",
  );
  probed = { ...process.env, NODE_OPTIONS: `--require ${probe}` };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const probes = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('probe='))
    .map((l) => JSON.parse(l.slice('probe='.length)) as { pid: number; execArgv: string[] });

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
    const r = spawnSync(node, ['bin/calidad.mjs', '--help'], { cwd: root, encoding: 'utf8', env: probed });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: calidad');
    const [outer, inner, ...more] = probes(r.stderr);
    expect(more).toEqual([]);
    expect(outer?.execArgv).not.toEqual(expect.arrayContaining([...NODE_FLAGS]));
    expect(inner?.execArgv).toEqual(expect.arrayContaining([...NODE_FLAGS]));
  });

  it.each(['SIGKILL', 'SIGINT', 'SIGTERM'] as const)(
    'end with the calidad command when it is sent %s',
    async (signal) => {
      const out = path.join(dir, `${signal}.csv`);
      const parent = spawn(
        node,
        ['bin/calidad.mjs', 'demo', 'catalog', '--schools', '1000000', '--out', out],
        {
          cwd: root,
          env: probed,
        },
      );
      let err = '';
      parent.stderr.on('data', (d) => {
        err += d;
      });
      for (let i = 0; i < 100 && !existsSync(out); i++) await new Promise((r) => setTimeout(r, 100));
      const [outer, inner] = probes(err);
      expect(outer?.pid).toBe(parent.pid);
      const pid = inner?.pid as number;
      // Gone, or a zombie waiting for whoever adopted it to reap it.
      const running = () => {
        try {
          return !/State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
        } catch {
          return false;
        }
      };
      expect(running()).toBe(true);
      const ended = new Promise<[number | null, string | null]>((r) =>
        parent.once('exit', (code, sig) => r([code, sig])),
      );
      parent.kill(signal);
      for (let i = 0; i < 100 && running(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(running()).toBe(false);
      // Ended by the signal, not by finishing the file: the command says how it ended, as a shell would.
      expect(await ended).toEqual(
        signal === 'SIGKILL' ? [null, 'SIGKILL'] : [128 + constants.signals[signal], null],
      );
    },
    30_000,
  );
});
