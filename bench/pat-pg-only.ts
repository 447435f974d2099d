// `node bench/pat-pg-only.ts`: the PAT spike on PostgreSQL alone, for a short profiling loop.
import pg from 'pg';
import { findOrStartPostgres } from '../scripts/test-env.ts';
import { benchPatSpike } from './pat-spike.ts';

const server = await findOrStartPostgres();
const name = `calidad_pat_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: server.adminUrl });
await admin.connect();
await admin.query(`create database "${name}"`);
try {
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  await benchPatSpike(
    { DATABASE_URL: url.toString(), PG_POOL_SIZE: process.env.PG_POOL_SIZE ?? '40' },
    'PostgreSQL',
    Number(process.env.BENCH_PAT_WORKERS ?? 1),
  );
} finally {
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
  server.stop();
}
process.exit(0);
