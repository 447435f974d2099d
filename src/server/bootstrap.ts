import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { seedAllianceSkeleton } from './demo/alliance.ts';
import { isEmpty, seedDemo, seedTerritory } from './demo/seed.ts';
import { type Database, openDatabase } from './platform/db/client.ts';
import { JobRunner } from './platform/jobs/runner.ts';
import { Mailer } from './platform/mail/mailer.ts';

export interface Runtime {
  ctx: AppContext;
  database: Database;
  close(): Promise<void>;
}

/** Opens the database, applies migrations and wires the services. Used by the server, CLI and tests. */
export async function openRuntime(
  cfg: Config,
  log: Logger = pino({ level: cfg.LOG_LEVEL }),
): Promise<Runtime> {
  const database = await openDatabase({
    databaseUrl: cfg.DATABASE_URL,
    dataDir: cfg.DATA_DIR,
    poolSize: cfg.PG_POOL_SIZE,
  });
  try {
    await database.migrate();
  } catch (err) {
    await database.close();
    throw err;
  }
  const ctx: AppContext = {
    cfg,
    db: database.db,
    driver: database.driver,
    mailer: new Mailer(cfg, log),
    jobs: new JobRunner(database.db, log),
    log,
  };
  return {
    ctx,
    database,
    close: async () => {
      await ctx.jobs.stop();
      await database.close();
    },
  };
}

/**
 * First start on an empty database: the nation and its states and the Alianza's Comisión Rectora
 * and Secretariado Técnico always; the demo data set unless DEMO=false. An existing database that
 * predates the Alianza gets its skeleton too (idempotent). Returns the demo logins to print, if any
 * were created.
 */
export async function initialiseIfEmpty(ctx: AppContext): Promise<{ email: string; role: string }[] | null> {
  if (!(await isEmpty(ctx.db))) {
    await ctx.db.transaction((tx) => seedAllianceSkeleton(tx));
    return null;
  }
  if (ctx.cfg.DEMO) return seedDemo(ctx);
  await ctx.db.transaction(async (tx) => {
    await seedTerritory(tx);
    await seedAllianceSkeleton(tx);
  });
  return null;
}
