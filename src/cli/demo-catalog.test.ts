import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG_COLUMNS } from '../contract/catalog.ts';

const node = path.resolve('node_modules/.bin/node');
const run = (...args: string[]) =>
  spawnSync(node, ['bin/calidad.mjs', 'demo', 'catalog', ...args], { encoding: 'utf8' });

describe('calidad demo catalog', () => {
  it('writes a header and N rows, the same for the same seed', () => {
    const a = run('--schools', '200', '--seed', '5');
    expect(a.status, a.stderr).toBe(0);
    const lines = a.stdout.trim().split('\n');
    expect(lines[0]).toBe(CATALOG_COLUMNS.join(','));
    expect(lines).toHaveLength(201);
    expect(run('--schools', '200', '--seed', '5').stdout).toBe(a.stdout);
  });

  it('refuses a bad size with exit status 2', () => {
    const r = run('--schools', 'muchas');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--schools/);
  });
});
