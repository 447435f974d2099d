import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from './node-flags.ts';

const root = path.resolve(import.meta.dirname, '../..');
const flags = NODE_FLAGS.join(' ');

describe('the Node.js flags of every process', () => {
  it('are the same in package.json scripts that run the app', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(scripts.start).toContain(`node ${flags} src/server/main.ts`);
    expect(scripts.dev).toContain(`node ${flags} --watch src/server/main.ts`);
    expect(scripts.bench).toBe(`node ${flags} bench/run.ts`);
  });

  it('are in the calidad command’s shebang', () => {
    const [shebang] = readFileSync(path.join(root, 'bin/calidad.mjs'), 'utf8').split('\n');
    expect(shebang).toBe(`#!/usr/bin/env -S node ${flags}`);
  });
});
