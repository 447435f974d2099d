// `npm run bench`: each benchmark against a baseline measured in the same run, on PGlite and
// on PostgreSQL (a throwaway database on the local server, or a throwaway cluster).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findOrStartPostgres } from '../scripts/test-env.ts';
import { benchUnitRead } from './unit-read.ts';

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'calidad-bench-'));
  try {
    await benchUnitRead({ DATA_DIR: dir }, 'PGlite');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const server = await findOrStartPostgres();
  const name = `calidad_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
    const url = new URL(server.adminUrl);
    url.pathname = `/${name}`;
    await benchUnitRead({ DATABASE_URL: url.toString(), PG_POOL_SIZE: '20' }, 'PostgreSQL');
  } finally {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
    server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
