import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CycleSummary } from '../../src/contract/rules.ts';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import { pecPlans } from '../../src/server/modules/planning/schema.ts';
import { openDeadlines } from '../../src/server/modules/rules/service.ts';
import { auditLog } from '../../src/server/platform/audit/schema.ts';
import { verifyAuditTrail } from '../../src/server/platform/audit/verify.ts';
import { rowsOf } from '../../src/server/platform/db/rows.ts';
import { mailOutbox } from '../../src/server/platform/mail/schema.ts';
import { workflowEvents, workflowItems } from '../../src/server/platform/workflow/schema.ts';
import { spikeFixture } from '../support/pat-fixture.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Plan review steps that arrive together are checked one by one and written together (the
 * plan-delivery spike): each answer and each written row must be what the step alone would give,
 * a refused step writes nothing, and a group whose transaction fails is retried step by step.
 */
let t: TestApp;
let nacional: Client;
let cycleId: number;
let plans: { id: string; token: string; csrf: string }[];

const send = (p: { id: string; token: string; csrf: string }, as = p) =>
  t.app.inject({
    method: 'POST',
    url: `/api/pec/plans/${p.id}/review/submit`,
    headers: {
      cookie: `calidad_sid=${as.token}`,
      'x-csrf-token': as.csrf,
      'content-type': 'application/json',
    },
    payload: '{}',
  });

async function itemsOf(ids: string[]) {
  return t.ctx.db
    .select({ plan: pecPlans.id, state: workflowItems.state, version: workflowItems.version })
    .from(pecPlans)
    .innerJoin(workflowItems, eq(workflowItems.id, pecPlans.itemId))
    .where(inArray(pecPlans.id, ids));
}

beforeAll(async () => {
  t = await startTestApp();
  nacional = await t.login('nacional@demo.calidad.mx');
  const cycles = (await nacional.get('/api/pec/cycles')).json() as CycleSummary[];
  const current = cycles.find((x) => x.publishedVersion === 2) as CycleSummary;
  // A cycle a year ahead, so every deadline is open.
  const [a, b] = current.schoolYear.split('-').map(Number) as [number, number];
  const created = await nacional.post('/api/pec/cycles', {
    schoolYear: `${a + 1}-${b + 1}`,
    fiscalYear: current.fiscalYear + 1,
    copyFromCycleId: current.id,
  });
  cycleId = created.json().id;
  expect((await nacional.post(`/api/pec/cycles/${cycleId}/rules/publish`, {})).statusCode).toBe(200);
  plans = await spikeFixture(t.ctx.db, cycleId, 60, 'T');
});
afterAll(() => t?.close());

describe('plan review steps sent at once', () => {
  it('each get their own answer and their own rows, written in groups', async () => {
    const batch = plans.slice(0, 30);
    const repeats = batch.slice(0, 5);
    const answers = await Promise.all([...batch, ...repeats].map((p) => send(p)));
    const ok = answers.filter((r) => r.statusCode === 200);
    const conflicts = answers.filter((r) => r.statusCode === 409);
    expect(ok).toHaveLength(30);
    expect(ok.every((r) => r.json().state === 'submitted')).toBe(true);
    // A second click on the same plan never joins the first's group: it sees it sent.
    expect(conflicts).toHaveLength(5);
    expect(conflicts.every((r) => r.json().code === 'workflow_action_invalid')).toBe(true);

    const ids = batch.map((p) => p.id);
    const items = await itemsOf(ids);
    expect(items.every((i) => i.state === 'submitted' && i.version === 2)).toBe(true);
    const events = await t.ctx.db
      .select({ item: workflowEvents.itemId, seq: workflowEvents.seq })
      .from(workflowEvents)
      .innerJoin(pecPlans, eq(pecPlans.itemId, workflowEvents.itemId))
      .where(and(inArray(pecPlans.id, ids), eq(workflowEvents.action, 'submit')));
    expect(events).toHaveLength(30);
    expect(events.every((e) => e.seq === 2)).toBe(true);
    const audits = await t.ctx.db
      .select({ entity: auditLog.entityId, at: auditLog.at })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'planning.submit'), inArray(auditLog.entityId, ids)));
    expect(new Set(audits.map((a) => a.entity)).size).toBe(30);
    expect(audits).toHaveLength(30);
    // Entries written in one group share their time: fewer distinct times than steps.
    expect(new Set(audits.map((a) => a.at)).size).toBeLessThan(30);
    const mails = await t.ctx.db
      .select({ to: mailOutbox.to, subject: mailOutbox.subject })
      .from(mailOutbox)
      .where(like(mailOutbox.to, 'spike.sup.%'));
    expect(mails).toHaveLength(30);
    expect(mails.every((m) => m.subject.startsWith('PEC: Plan para revisar / Plan to review — 14DPR'))).toBe(
      true,
    );
    expect((await verifyAuditTrail(t.ctx.db)).ok).toBe(true);
  });

  it('finds the plan whichever case its id is written in', async () => {
    const p = plans[55] as (typeof plans)[number];
    const [first, again] = await Promise.all([send({ ...p, id: p.id.toUpperCase() }), send(p)]);
    expect(first?.statusCode).toBe(200);
    // The same plan, spelt differently: still one step after the other, never both.
    expect(again?.statusCode).toBe(409);
  });

  it('a refused step writes nothing and does not hold back the others', async () => {
    const valid = plans.slice(30, 40);
    const [incomplete, foreign] = plans.slice(40, 42) as [(typeof plans)[number], (typeof plans)[number]];
    // One plan lost its mission; another school's director tries to send a plan not theirs.
    await t.ctx.db.execute(
      sql`update pec_plans set content = jsonb_set(content, '{pete,mission}', '""') where id = ${incomplete.id}`,
    );
    const missing = { ...incomplete, id: '00000000-0000-4000-8000-000000000000' };
    const answers = await Promise.all([
      ...valid.map((p) => send(p)),
      send(incomplete),
      send(foreign, valid[0]),
      send(missing),
    ]);
    expect(answers.slice(0, 10).map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    const [noMission, notTheirs, notFound] = answers.slice(10);
    expect(noMission?.statusCode).toBe(422);
    expect(noMission?.json()).toMatchObject({ code: 'planning_incomplete' });
    expect(noMission?.json().errors).toEqual([expect.objectContaining({ path: 'pete.mission' })]);
    // Out of their reach: answered as if it did not exist.
    expect(notTheirs?.statusCode).toBe(404);
    expect(notFound?.statusCode).toBe(404);
    const untouched = await itemsOf([incomplete.id, foreign.id]);
    expect(untouched.map((i) => [i.state, i.version])).toEqual([
      ['draft', 1],
      ['draft', 1],
    ]);
    const audited = await t.ctx.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(inArray(auditLog.entityId, [incomplete.id, foreign.id]));
    expect(audited).toHaveLength(0);
    expect((await itemsOf(valid.map((p) => p.id))).every((i) => i.state === 'submitted')).toBe(true);
  });

  it('a group whose transaction fails is retried step by step, so only the failing step fails', async () => {
    const valid = plans.slice(42, 50);
    const broken = plans[50] as (typeof plans)[number];
    // A stray event already holds the sequence number the plan's next step needs: its write fails
    // in the database (a unique key), after every check passed.
    const [row] = await t.ctx.db
      .select({ item: pecPlans.itemId })
      .from(pecPlans)
      .where(eq(pecPlans.id, broken.id));
    await t.ctx.db
      .insert(workflowEvents)
      .values({ itemId: row?.item as string, seq: 2, action: 'stray', fromState: 'draft', toState: 'draft' });
    const answers = await Promise.all([...valid.map((p) => send(p)), send(broken)]);
    expect(answers.slice(0, 8).map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(answers[8]?.statusCode).toBe(500);
    expect(answers[8]?.headers['content-type']).toContain('application/problem+json');
    expect((await itemsOf([broken.id]))[0]?.state).toBe('draft');
    const audited = await t.ctx.db
      .select({ entity: auditLog.entityId })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, 'planning.submit'),
          inArray(
            auditLog.entityId,
            [...valid, broken].map((p) => p.id),
          ),
        ),
      );
    expect(audited.map((a) => a.entity).sort()).toEqual(valid.map((p) => p.id).sort());
    expect((await verifyAuditTrail(t.ctx.db)).ok).toBe(true);
  });
});

describe('deadlines for many schools at once', () => {
  it('each school gets its own answer: open where an extension covers it, refused with the date elsewhere', async () => {
    const jal = await t.login('estatal.jal@demo.calidad.mx');
    const schools = rowsOf(
      await t.ctx.db.execute(sql`select s.path, s.parent_id from org_units s
        where s.kind = 'school' and s.code like '14DPR____T' order by s.code limit 4`),
    ).map((r) => ({ path: String(r.path), zone: Number(r.parent_id) }));
    const [first, ...others] = schools as [(typeof schools)[number], ...typeof schools];
    const other = others.find((s) => s.zone !== first.zone) as (typeof schools)[number];
    const [zone] = await t.ctx.db.select().from(orgUnits).where(eq(orgUnits.id, first.zone));
    const granted = await jal.post(`/api/pec/cycles/${cycleId}/extensions`, {
      unitId: zone?.id,
      deadline: 'plan_delivery',
      until: '2099-12-31',
      reason: 'Inundaciones en la zona',
    });
    expect(granted.statusCode).toBe(201);
    // Long after every date of the cycle.
    const result = await openDeadlines(
      t.ctx.db,
      cycleId,
      [first.path, other.path],
      'plan_delivery',
      '2099-06-01',
    );
    expect('effective' in (result.get(first.path) ?? {})).toBe(true);
    const refused = result.get(other.path);
    expect(refused && 'refused' in refused ? refused.refused.code : null).toBe('deadline_passed');
    expect(refused && 'refused' in refused ? refused.refused.params.grantor_es : '').toContain('Jalisco');
  });
});
