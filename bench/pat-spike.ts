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
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { PlanContent } from '../src/contract/planning.ts';
import { buildApp } from '../src/server/app.ts';
import { initialiseIfEmpty, openRuntime } from '../src/server/bootstrap.ts';
import { loadConfig } from '../src/server/config.ts';
import { orgUnits } from '../src/server/modules/org/schema.ts';
import { pecCycles, pecRulesVersions } from '../src/server/modules/rules/schema.ts';
import { effectiveFor } from '../src/server/modules/rules/service.ts';
import { rowsOf } from '../src/server/platform/db/rows.ts';

const SCHOOLS = Number(process.env.BENCH_PAT_SCHOOLS ?? 10_000);
const REPEATS = Math.round(SCHOOLS * 0.05);
const CONNECTIONS = 200;
const LOAD = path.resolve(import.meta.dirname, 'pat-spike-load.ts');
const NODE = path.resolve(import.meta.dirname, '../node_modules/.bin/node');

/** A plan that passes every check: all standards rated, mission, vision, a goal and two costed actions. */
function completePlan(standards: string[]): PlanContent {
  return {
    selfEvaluation: {
      ratings: Object.fromEntries(
        standards.map((s) => [s, { level: 3, evidence: 'Registro del CTE', comment: '' }]),
      ),
    },
    pete: {
      context: 'Escuela urbana de organización completa.',
      mission: 'Formar lectores autónomos.',
      vision: 'Una escuela que lee.',
      values: 'Respeto',
      priorities: [],
      objectives: [{ id: 'o1', dimension: 'pedagogica', text: 'Mejorar la comprensión lectora' }],
      strategies: [],
      goals: [
        {
          id: 'g1',
          objectiveId: 'o1',
          standard: null,
          text: 'Alumnos que leen con fluidez',
          indicator: '% de alumnos',
          baseline: 40,
          target: 70,
          year: 2028,
        },
      ],
    },
    pat: {
      actions: ['a1', 'a2'].map((id) => ({
        id,
        goalId: 'g1',
        text: `Acción ${id}`,
        responsible: 'Dirección',
        startOn: '2027-09-01',
        endOn: '2028-06-30',
        cost: 1_000_000,
        fundingSource: 'pec' as const,
        category: 'materiales',
      })),
    },
  };
}

/** 10,000 schools in 20 zones of a new sector of Jalisco, each registered with a complete draft plan and a signed-in director. */
async function fixture(db: Awaited<ReturnType<typeof openRuntime>>['ctx']['db']) {
  const [cycle] = await db
    .select({ id: pecCycles.id })
    .from(pecCycles)
    .innerJoin(pecRulesVersions, eq(pecRulesVersions.cycleId, pecCycles.id))
    .where(eq(pecRulesVersions.version, 2));
  const [state] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'state'), eq(orgUnits.code, '14')));
  if (!cycle || !state) throw new Error('demo cycle or Jalisco missing');
  const effective = await effectiveFor(db, cycle.id, state.path);
  const content = completePlan(effective.rules.planning.standards.map((s) => s.code));
  await db.transaction(async (tx) => {
    const [sector] = rowsOf(
      await tx.execute(sql`insert into org_units (kind, code, name, parent_id, path, depth)
        values ('sector', 'B01', 'Jefatura de Sector de prueba de carga', ${state.id}, '', 2) returning id`),
    );
    const sectorPath = `${state.path}${sector?.id}/`;
    await tx.execute(sql`update org_units set path = ${sectorPath} where id = ${sector?.id}`);
    await tx.execute(sql`insert into org_units (kind, code, name, parent_id, path, depth)
      select 'zone', 'BZ' || lpad(g::text, 3, '0'), 'Zona de prueba ' || g, ${sector?.id}, '', 3 from generate_series(1, 20) g`);
    await tx.execute(
      sql`update org_units set path = ${sectorPath} || id || '/' where kind = 'zone' and parent_id = ${sector?.id}`,
    );
    await tx.execute(sql`insert into org_units (kind, code, name, parent_id, path, depth)
      select 'school', '14DPR' || lpad((g - 1)::text, 4, '0') || 'B', 'Escuela de prueba ' || g,
        (select id from org_units where kind = 'zone' and code = 'BZ' || lpad((1 + g % 20)::text, 3, '0') and parent_id = ${sector?.id}), '', 4
      from generate_series(1, ${SCHOOLS}) g`);
    await tx.execute(sql`update org_units s set path = z.path || s.id || '/'
      from org_units z where z.id = s.parent_id and s.kind = 'school' and z.parent_id = ${sector?.id}`);
    const [call] = rowsOf(
      await tx.execute(sql`insert into pec_calls (cycle_id, state_unit_id, kind, title, text, budget, status)
        values (${cycle.id}, ${state.id}, 'extraordinary', 'Convocatoria de prueba de carga', '', 1000000000000, 'published') returning id`),
    );
    await tx.execute(sql`insert into pec_registrations (cycle_id, call_id, school_unit_id, school_path, state_unit_id,
        prior_cycles, commitment, eligible, eligibility, score, score_breakdown, grant_cap)
      select ${cycle.id}, ${call?.id}, s.id, s.path, ${state.id}, 0,
        '{"directorName":"D","cepsPresidentName":"P","cteEndorsedOn":"2027-01-01","signedOn":"2027-01-01"}', true, '[]', 10, '{}', 5000000
      from org_units s where s.kind = 'school' and s.code like '14DPR____B'`);
    await tx.execute(sql`insert into workflow_items (type, state, title, scope_path, awaiting)
      select 'pec.plan', 'draft', s.code, s.path, 'pec:school:' || s.id from org_units s
      where s.kind = 'school' and s.code like '14DPR____B'`);
    await tx.execute(sql`insert into workflow_events (item_id, seq, action, to_state)
      select id, 1, 'create', 'draft' from workflow_items where type = 'pec.plan' and title like '14DPR____B'`);
    await tx.execute(sql`insert into pec_plans (cycle_id, school_unit_id, school_path, item_id, content)
      select ${cycle.id}, s.id, s.path, w.id, ${JSON.stringify(content)}::jsonb
      from org_units s join workflow_items w on w.title = s.code and w.type = 'pec.plan'
      where s.kind = 'school' and s.code like '14DPR____B'`);
    await tx.execute(sql`insert into users (email, name, status)
      select 'bench.' || s.code || '@demo.calidad.mx', 'Dirección ' || s.code, 'active'
      from org_units s where s.kind = 'school' and s.code like '14DPR____B'`);
    await tx.execute(sql`insert into role_assignments (user_id, role, unit_id)
      select u.id, 'school_director', s.id from org_units s join users u on u.email = 'bench.' || s.code || '@demo.calidad.mx'
      where s.kind = 'school' and s.code like '14DPR____B'`);
    // Signed-in sessions made directly (the benchmark measures sending, not argon2 at sign-in).
    await tx.execute(sql`insert into sessions (token_hash, user_id, csrf_token, expires_at)
      select encode(sha256(convert_to('bench-' || s.code, 'UTF8')), 'hex'), u.id, 'csrf-' || s.code, now() + interval '1 day'
      from org_units s join users u on u.email = 'bench.' || s.code || '@demo.calidad.mx'
      where s.kind = 'school' and s.code like '14DPR____B'`);
  });
  const plans = rowsOf(
    await db.execute(sql`select p.id, s.code from pec_plans p join org_units s on s.id = p.school_unit_id
      where s.code like '14DPR____B' order by s.code`),
  ).map((r) => ({ id: String(r.id), token: `bench-${String(r.code)}`, csrf: `csrf-${String(r.code)}` }));
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
      await rt.ctx.db.execute(sql`select count(*)::int as n from workflow_items where type = 'pec.plan'
        and title like '14DPR____B' and state = 'submitted'`),
    );
    const rps = requests.length / real.seconds;
    const bareRps = requests.length / bare.seconds;
    const ok = real.statuses['200'] ?? 0;
    const conflicts = real.statuses['409'] ?? 0;
    const other = Object.entries(real.statuses)
      .filter(([s]) => s !== '200' && s !== '409')
      .reduce((n, [, v]) => n + v, 0);
    console.log(
      `[${label}${workers > 1 ? `, ${workers} app processes` : ''}] PAT submissions: ${requests.length} requests over ${CONNECTIONS} connections in ${real.seconds.toFixed(1)} s = ${rps.toFixed(0)} submissions/s, p99 ${real.p99} ms\n` +
        `[${label}]   200: ${ok}, intended 409: ${conflicts} (of ${REPEATS} repeats), other: ${other}, socket errors: ${real.errors}; plans submitted in the database: ${done?.n}\n` +
        `[${label}] bare POST, same bytes: ${bareRps.toFixed(0)} req/s\n` +
        `[${label}] ratio ${(rps / bareRps).toFixed(3)}; target ≥ ${label === 'PostgreSQL' ? 1000 : 200} submissions/s with 0 errors other than the 409s`,
    );
    return { rps, ok, conflicts, other };
  } finally {
    await app?.close();
    await stopWorkers();
    await rt.close();
  }
}
