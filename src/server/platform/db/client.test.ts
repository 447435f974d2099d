import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client.ts';
import { rowsOf } from './rows.ts';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'calidad-pgdata-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a PGlite data directory', () => {
  it('is created on first open, and what is written there is found on the next', async () => {
    const dir = fresh();
    const first = await openDatabase({ dataDir: dir });
    await first.db.execute(sql`create table kept (v text)`);
    await first.db.execute(sql`insert into kept values ('sigue aquí')`);
    await first.close();
    expect(readdirSync(dir).filter((f) => f.startsWith('pgdata'))).toEqual(['pgdata']);
    expect(existsSync(path.join(dir, 'pgdata', 'PG_VERSION'))).toBe(true);

    const again = await openDatabase({ dataDir: dir });
    const rows = rowsOf<{ v: string }>(await again.db.execute(sql`select v from kept`));
    await again.close();
    expect(rows).toEqual([{ v: 'sigue aquí' }]);
  }, 60_000);

  it('left half made by a creation that was cut short is made again from scratch', async () => {
    const dir = fresh();
    mkdirSync(path.join(dir, 'pgdata.creating-4242', 'base'), { recursive: true });
    writeFileSync(path.join(dir, 'pgdata.creating-4242', 'base', 'junk'), 'half written');
    const db = await openDatabase({ dataDir: dir });
    const [r] = rowsOf<{ n: number }>(await db.db.execute(sql`select 1 as n`));
    await db.close();
    expect(r?.n).toBe(1);
    expect(readdirSync(dir).filter((f) => f.startsWith('pgdata'))).toEqual(['pgdata']);
  }, 60_000);
});
