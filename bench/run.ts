// `npm run bench`: each benchmark against a baseline measured in the same run, on PGlite and
// on PostgreSQL (a throwaway database on the local server, or a throwaway cluster).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findOrStartPostgres } from '../scripts/test-env.ts';
import { benchCatalog } from './catalog.ts';
import { benchLedger } from './ledger.ts';
import { benchPatSpike } from './pat-spike.ts';
import { benchUnitRead } from './unit-read.ts';

const SCHOOLS = Number(process.env.BENCH_SCHOOLS ?? 250_000);
const only = process.env.BENCH_ONLY; // 'catalog', 'unit-read', 'pat' or 'ledger' for a short loop
const driver = process.env.BENCH_DRIVER; // 'pglite' or 'postgres' to run one database only
const wants = (name: string) => !only || only === name;
/** App processes for the PAT spike on PostgreSQL (the app runs several in production: WORKERS). */
const PAT_WORKERS = Number(process.env.BENCH_PAT_WORKERS ?? 1);

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'calidad-bench-'));
  try {
    if (driver === 'postgres') return await postgres();
    if (wants('unit-read')) await benchUnitRead({ DATA_DIR: path.join(dir, 'read') }, 'PGlite');
    if (wants('catalog')) await benchCatalog({ DATA_DIR: path.join(dir, 'catalog') }, 'PGlite', SCHOOLS);
    if (wants('pat')) await benchPatSpike({ DATA_DIR: path.join(dir, 'pat') }, 'PGlite');
    if (wants('ledger')) await benchLedger({ DATA_DIR: path.join(dir, 'ledger') }, 'PGlite', 1, 50);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (driver !== 'pglite') await postgres();
}

async function postgres() {
  const server = await findOrStartPostgres();
  const name = `calidad_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
    const url = new URL(server.adminUrl);
    url.pathname = `/${name}`;
    if (wants('unit-read'))
      await benchUnitRead({ DATABASE_URL: url.toString(), PG_POOL_SIZE: '20' }, 'PostgreSQL');
    if (wants('catalog')) {
      // A database of its own, so the unit-read benchmark's data does not share the catalog's.
      const cat = `${name}_catalog`;
      await admin.query(`create database "${cat}"`);
      try {
        url.pathname = `/${cat}`;
        await benchCatalog({ DATABASE_URL: url.toString() }, 'PostgreSQL', SCHOOLS);
      } finally {
        await admin.query(`drop database if exists "${cat}" with (force)`);
      }
    }
    if (wants('ledger')) {
      const ledger = `${name}_ledger`;
      await admin.query(`create database "${ledger}"`);
      try {
        url.pathname = `/${ledger}`;
        await benchLedger({ DATABASE_URL: url.toString(), PG_POOL_SIZE: '10' }, 'PostgreSQL', 8, 1);
      } finally {
        await admin.query(`drop database if exists "${ledger}" with (force)`);
      }
    }
    if (wants('pat')) {
      const pat = `${name}_pat`;
      await admin.query(`create database "${pat}"`);
      try {
        url.pathname = `/${pat}`;
        await benchPatSpike(
          { DATABASE_URL: url.toString(), PG_POOL_SIZE: String(Math.ceil(40 / PAT_WORKERS)) },
          'PostgreSQL',
          PAT_WORKERS,
        );
      } finally {
        await admin.query(`drop database if exists "${pat}" with (force)`);
      }
    }
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
