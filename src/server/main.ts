import cluster from 'node:cluster';
import pino from 'pino';
import { buildApp } from './app.ts';
import { initialiseIfEmpty, openRuntime } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { DEMO_PASSWORD } from './demo/data.ts';
import { sendDueReminders } from './modules/alliance/reminders.ts';
import { DataDirLockedError } from './platform/db/lock.ts';
import { nightlyDue, vacuumEmbedded } from './platform/db/maintenance.ts';

/**
 * With WORKERS > 1 (PostgreSQL only) the first process migrates and seeds, then starts that many app
 * processes sharing the port (node:cluster); each serves every route, since nothing lives in one
 * process (sessions, throttling, mail, audit chains and jobs are in the database). A worker that dies
 * is replaced.
 */
async function primary(cfg: ReturnType<typeof loadConfig>, log: pino.Logger) {
  if (!cfg.DATABASE_URL) {
    console.error('\nWORKERS > 1 needs PostgreSQL (DATABASE_URL): PGlite is the database of one process.\n');
    process.exit(1);
  }
  const runtime = await openRuntime(cfg, log);
  // A cluster's workers find the database ready: the primary migrated and seeded it.
  const logins = cluster.isWorker ? null : await initialiseIfEmpty(runtime.ctx);
  await runtime.close();
  if (logins) printLogins(logins);
  let stopping = false;
  for (let i = 0; i < cfg.WORKERS; i++) cluster.fork();
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    log.error({ pid: worker.process.pid, code }, 'app process exited; starting another');
    cluster.fork();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    });
}

function printLogins(logins: { email: string; role: string }[]) {
  const lines = ['', `Demo logins (password for all: ${DEMO_PASSWORD}):`];
  for (const l of logins) lines.push(`  ${l.email.padEnd(32)} ${l.role}`);
  console.log(`${lines.join('\n')}\n`);
}

async function main() {
  const noDemo = process.argv.includes('--no-demo');
  const cfg = loadConfig(process.env, noDemo ? { DEMO: false } : {});
  const log = pino({ level: cfg.LOG_LEVEL });
  if (cfg.WORKERS > 1 && cluster.isPrimary) return primary(cfg, log);
  let runtime: Awaited<ReturnType<typeof openRuntime>>;
  try {
    runtime = await openRuntime(cfg, log);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(`\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  // A cluster's workers find the database ready: the primary migrated and seeded it.
  const logins = cluster.isWorker ? null : await initialiseIfEmpty(runtime.ctx);
  const app = await buildApp(runtime.ctx);
  await app.listen({ port: cfg.PORT, host: cfg.HOST });
  runtime.ctx.jobs.start();

  const where = cfg.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${cfg.DATA_DIR}`;
  const lines = [
    ``,
    `Calidad is running at ${cfg.publicUrl}  (database: ${where})`,
    `API docs: ${cfg.publicUrl}/api/docs`,
  ];
  // In a cluster the first worker says where the app runs (the primary printed the logins).
  if (cluster.isWorker) {
    if (cluster.worker?.id === 1) console.log(`${lines.join('\n')}\n(${cfg.WORKERS} app processes)\n`);
  } else {
    console.log(lines.join('\n'));
    if (logins) printLogins(logins);
    else if (!cfg.DEMO)
      console.log(
        '\nNo demo data. Create the first administrator with:\n' +
          '  npx calidad user create --email you@example.mx --name "Your Name" --role platform_admin --unit MX\n',
      );
    else console.log('');
  }

  const mailTimer = runtime.ctx.mailer.usesSmtp
    ? setInterval(() => void runtime.ctx.mailer.deliverPending(runtime.ctx.db), 30_000)
    : undefined;

  // Deadline reminders: hourly is plenty for dates; each one is sent once however many servers run this.
  const remind = () =>
    sendDueReminders(runtime.ctx).catch((err: unknown) => log.error({ err }, 'deadline reminders failed'));
  const remindTimer = setInterval(remind, 3_600_000);
  remindTimer.unref();
  setTimeout(remind, 10_000).unref();

  // PGlite has no autovacuum: the app vacuums the embedded database itself, once a night.
  let vacuumed: Date | null = null;
  const maintain = async () => {
    if (!nightlyDue(new Date(), vacuumed)) return;
    vacuumed = new Date();
    const t0 = performance.now();
    try {
      await vacuumEmbedded(runtime.ctx.db, runtime.ctx.driver);
      log.info({ ms: Math.round(performance.now() - t0) }, 'nightly vacuum done');
    } catch (err) {
      log.error({ err }, 'nightly vacuum failed');
    }
  };
  const maintainTimer =
    runtime.ctx.driver === 'pglite' ? setInterval(() => void maintain(), 600_000).unref() : undefined;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    clearInterval(mailTimer);
    clearInterval(remindTimer);
    clearInterval(maintainTimer);
    await app.close();
    // PGlite must close cleanly to checkpoint its WAL.
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
