// Benchmark: the plan-delivery deadline spike. 10,000 schools send their PAT within the same
// minutes over 200 connections, plus 5 % repeated sends (a director clicking twice), which must be
// refused with 409 and nothing else. Against a bare POST route in the same process answering the
// same bytes, with the same load generator, in the same run.
import { execFile } from 'node:child_process';
import cluster from 'node:cluster';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../src/server/app.ts';
import { initialiseIfEmpty, openRuntime } from '../src/server/bootstrap.ts';
import { loadConfig } from '../src/server/config.ts';
import { pecCycles, pecRulesVersions } from '../src/server/modules/rules/schema.ts';
import { verifyAuditTrail } from '../src/server/platform/audit/verify.ts';
import { rowsOf } from '../src/server/platform/db/rows.ts';
import { spikeFixture } from '../tests/support/pat-fixture.ts';

const SCHOOLS = Number(process.env.BENCH_PAT_SCHOOLS ?? 10_000);
const REPEATS = Math.round(SCHOOLS * 0.05);
const CONNECTIONS = 200;
const LOAD = path.resolve(import.meta.dirname, 'pat-spike-load.ts');
const NODE = path.resolve(import.meta.dirname, '../node_modules/.bin/node');

/** The demo's current cycle, with the fixture's 10,000 Jalisco schools ready to send. */
async function fixture(db: Awaited<ReturnType<typeof openRuntime>>['ctx']['db']) {
  const [cycle] = await db
    .select({ id: pecCycles.id })
    .from(pecCycles)
    .innerJoin(pecRulesVersions, eq(pecRulesVersions.cycleId, pecCycles.id))
    .where(eq(pecRulesVersions.version, 2));
  if (!cycle) throw new Error('demo cycle missing');
  const plans = await spikeFixture(db, cycle.id, SCHOOLS, 'B');
  await db.execute(sql`analyze`);
  return plans;
}

async function load(base: string, file: string) {
  const { stdout } = await promisify(execFile)(NODE, [LOAD, base, file, String(CONNECTIONS)], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as {
    seconds: number;
    statuses: Record<string, number>;
    errors: number;
    p99: number;
  };
}

export async function benchPatSpike(env: Record<string, string>, label: string, workers = 1) {
  let stopWorkers: () => Promise<unknown> = async () => {};
  const cfg = loadConfig({
    ...env,
    DEMO: 'true',
    LOG_LEVEL: 'silent',
    PORT: '0',
    PG_POOL_SIZE: env.PG_POOL_SIZE ?? '20',
  });
  const rt = await openRuntime(cfg, pino({ level: 'silent' }));
  await initialiseIfEmpty(rt.ctx);
  const t0 = Date.now();
  const plans = await fixture(rt.ctx.db);
  console.log(
    `[${label}] PAT spike fixture: ${plans.length} schools with draft plans in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  // One app process in this one, or `workers` app processes sharing a port (node:cluster) on PostgreSQL.
  let app: FastifyInstance | null = null;
  let base: string;
  if (workers > 1) {
    const port = 38_000 + (process.pid % 1000);
    cluster.setupPrimary({ exec: path.resolve(import.meta.dirname, 'pat-worker.ts'), silent: false });
    const forks = Array.from({ length: workers }, () =>
      cluster.fork({ ...process.env, ...env, PORT: String(port), PG_POOL_SIZE: cfg.PG_POOL_SIZE }),
    );
    await Promise.all(forks.map((w) => new Promise((ok) => w.once('message', ok))));
    stopWorkers = () =>
      Promise.all(
        forks.map(
          (w) =>
            new Promise((ok) => {
              w.once('exit', ok);
              w.kill('SIGTERM');
            }),
        ),
      );
    base = `http://127.0.0.1:${port}`;
  } else {
    app = await buildApp(rt.ctx);
    app.post('/bench/bare', { config: { permission: 'public' } }, (_req, reply) =>
      reply.type('application/json').send(JSON.stringify({ state: 'submitted' })),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  }
  try {
    // Every school once, then 5 % of them again: those repeats must be 409, nothing else may fail.
    const requests = [...plans, ...plans.slice(0, REPEATS)].map((p) => ({
      path: `/api/pec/plans/${p.id}/review/submit`,
      cookie: `calidad_sid=${p.token}`,
      csrf: p.csrf,
    }));
    const realFile = path.join(tmpdir(), `calidad-pat-${process.pid}.json`);
    const bareFile = path.join(tmpdir(), `calidad-pat-bare-${process.pid}.json`);
    writeFileSync(realFile, JSON.stringify(requests));
    writeFileSync(bareFile, JSON.stringify(requests.map((r) => ({ ...r, path: '/bench/bare' }))));
    const bare = await load(base, bareFile);
    const real = await load(base, realFile);
    const [done] = rowsOf(
      await rt.ctx.db.execute(sql`select
        (select count(*)::int from workflow_items where type = 'pec.plan'
          and title like '14DPR____B' and state = 'submitted') as n,
        (select count(*)::int from mail_outbox where "to" like 'spike.sup.%') as mails,
        (select count(*)::int from audit_log where action = 'planning.submit') as audits`),
    );
    const trail = await verifyAuditTrail(rt.ctx.db);
    const rps = requests.length / real.seconds;
    const bareRps = requests.length / bare.seconds;
    const ok = real.statuses['200'] ?? 0;
    const conflicts = real.statuses['409'] ?? 0;
    const other = Object.entries(real.statuses)
      .filter(([s]) => s !== '200' && s !== '409')
      .reduce((n, [, v]) => n + v, 0);
    console.log(
      `[${label}${workers > 1 ? `, ${workers} app processes` : ''}] PAT submissions: ${requests.length} requests over ${CONNECTIONS} connections in ${real.seconds.toFixed(1)} s = ${rps.toFixed(0)} submissions/s, p99 ${real.p99} ms\n` +
        `[${label}]   200: ${ok}, intended 409: ${conflicts} (of ${REPEATS} repeats), other: ${other}, socket errors: ${real.errors}; plans submitted in the database: ${done?.n}, notices to supervisors: ${done?.mails}, audit entries: ${done?.audits}, audit trail ${trail.ok ? 'verified' : 'BROKEN'} (${trail.entries} entries)\n` +
        `[${label}] bare POST, same bytes: ${bareRps.toFixed(0)} req/s\n` +
        `[${label}] ratio ${(rps / bareRps).toFixed(3)}; target ≥ ${label === 'PostgreSQL' ? 1000 : 200} submissions/s with 0 errors other than the 409s`,
    );
    return { rps, ok, conflicts, other, verified: trail.ok };
  } finally {
    await app?.close();
    await stopWorkers();
    await rt.close();
  }
}
