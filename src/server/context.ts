import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Db } from './platform/db/client.ts';
import type { JobRunner } from './platform/jobs/runner.ts';
import type { Mailer } from './platform/mail/mailer.ts';

/** What every service needs, built once at start and handed to routes, CLI and tests alike. */
export interface AppContext {
  cfg: Config;
  db: Db;
  driver: 'pglite' | 'postgres';
  mailer: Mailer;
  jobs: JobRunner;
  log: Logger;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
