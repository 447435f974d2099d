import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The database handle services receive. Both drivers implement it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: read helpers accept both. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../../../migrations');
const PGLITE_INIT = path.resolve(import.meta.dirname, 'pglite-init.mjs');

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** A directory for PGlite, or 'memory://' for a throwaway in-memory database. */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 20);
  return openPglite(opts.dataDir ?? './data');
}

async function openPostgres(url: string, max: number): Promise<Database> {
  // The app's sessions plan for SSD storage (random page reads barely dearer than sequential):
  // with the server default of 4 the planner prefers scanning 250,000 schools to probing a few
  // thousand by index.
  const pool = new pg.Pool({ connectionString: url, max, options: '-c random_page_cost=1.1' });
  // An idle connection the server ends (a restart, a dropped database) is replaced on next use;
  // without a listener the pool would rethrow it and bring the process down.
  pool.on('error', (err) => console.error(`PostgreSQL connection lost: ${err.message}`));
  // Fail fast with a clear error rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  return {
    db,
    driver: 'postgres',
    migrate: () => migrateNodePg(db as never, { migrationsFolder: MIGRATIONS_DIR }),
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  let lock: DataDirLock | undefined;
  let client: PGlite;
  if (dataDir.startsWith('memory://')) {
    client = await PGlite.create({ extensions: { pg_trgm } });
  } else {
    const dir = path.resolve(dataDir);
    mkdirSync(dir, { recursive: true });
    // PGlite has no lock of its own: two processes on one directory corrupt it.
    lock = acquireDataDirLock(dir);
    try {
      const pgdata = path.join(dir, 'pgdata');
      if (!existsSync(pgdata)) createPgliteDir(pgdata);
      client = await PGlite.create(pgdata, { extensions: { pg_trgm } });
    } catch (err) {
      lock.release();
      throw err;
    }
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR }),
    close: async () => {
      await client.close();
      lock?.release();
    },
  };
}

/**
 * A new PGlite cluster is created by a process of its own: creating one compiles most of
 * PostgreSQL's code and peaked above 1 GB for a moment, twice what opening it later takes, and that
 * would otherwise be the peak of the app (or of a catalog import on a new directory). Created
 * beside its final place under a name of this attempt's own, then renamed, so a creation cut short
 * never leaves a half cluster where the next start looks, nor shares a directory with a creator
 * that outlived its parent. Called under the data directory's lock: what earlier attempts left is
 * removed first.
 */
function createPgliteDir(pgdata: string) {
  const dir = path.dirname(pgdata);
  const prefix = `${path.basename(pgdata)}.creating`;
  for (const f of readdirSync(dir))
    if (f.startsWith(prefix)) rmSync(path.join(dir, f), { recursive: true, force: true });
  const partial = path.join(dir, `${prefix}-${process.pid}`);
  // Without WebAssembly's optimising compiler: a one-off run is over before optimised code would
  // pay for itself (measured: 2.3 s and 0.7 GB instead of 2.6 s and 1.1 GB).
  const r = spawnSync(process.execPath, ['--liftoff-only', PGLITE_INIT, partial], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    // Creating takes seconds; a creator that hangs must not hang the start with it.
    timeout: 300_000,
    killSignal: 'SIGKILL',
  });
  if (r.status !== 0) {
    rmSync(partial, { recursive: true, force: true });
    const why =
      r.stderr?.trim() || r.error?.message || (r.signal ? `stopped by ${r.signal}` : `exit ${r.status}`);
    throw new Error(`Could not create the database in ${pgdata}: ${why}`);
  }
  renameSync(partial, pgdata);
}
