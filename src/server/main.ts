import pino from 'pino';
import { buildApp } from './app.ts';
import { initialiseIfEmpty, openRuntime } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { DEMO_PASSWORD } from './demo/data.ts';
import { sendDueReminders } from './modules/alliance/reminders.ts';
import { DataDirLockedError } from './platform/db/lock.ts';

async function main() {
  const noDemo = process.argv.includes('--no-demo');
  const cfg = loadConfig(process.env, noDemo ? { DEMO: false } : {});
  const log = pino({ level: cfg.LOG_LEVEL });
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
  const logins = await initialiseIfEmpty(runtime.ctx);
  const app = await buildApp(runtime.ctx);
  await app.listen({ port: cfg.PORT, host: cfg.HOST });
  runtime.ctx.jobs.start();

  const where = cfg.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${cfg.DATA_DIR}`;
  const lines = [
    ``,
    `Calidad is running at ${cfg.publicUrl}  (database: ${where})`,
    `API docs: ${cfg.publicUrl}/api/docs`,
  ];
  if (logins) {
    lines.push('', `Demo logins (password for all: ${DEMO_PASSWORD}):`);
    for (const l of logins) lines.push(`  ${l.email.padEnd(32)} ${l.role}`);
  } else if (!cfg.DEMO) {
    lines.push(
      '',
      'No demo data. Create the first administrator with:',
      '  npx calidad user create --email you@example.mx --name "Your Name" --role platform_admin --unit MX',
    );
  }
  console.log(`${lines.join('\n')}\n`);

  const mailTimer = runtime.ctx.mailer.usesSmtp
    ? setInterval(() => void runtime.ctx.mailer.deliverPending(runtime.ctx.db), 30_000)
    : undefined;

  // Deadline reminders: hourly is plenty for dates; each one is sent once however many servers run this.
  const remind = () =>
    sendDueReminders(runtime.ctx).catch((err: unknown) => log.error({ err }, 'deadline reminders failed'));
  const remindTimer = setInterval(remind, 3_600_000);
  remindTimer.unref();
  setTimeout(remind, 10_000).unref();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    clearInterval(mailTimer);
    clearInterval(remindTimer);
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
