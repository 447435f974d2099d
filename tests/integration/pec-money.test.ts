import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AllocationView,
  ContributionInfo,
  SchoolMoneyView,
  StateFundsView,
} from '../../src/contract/finance.ts';
import { type FederalRules, StateAdaptation } from '../../src/contract/rules.ts';
import { DEMO_MORELOS_DIRECTOR, seedPecMoney } from '../../src/server/demo/pec-money.ts';
import { demoJaliscoAdaptation, demoMorelosAdaptation } from '../../src/server/demo/pec-rules.ts';
import { pecCalls, pecRegistrations } from '../../src/server/modules/enrollment/schema.ts';
import { verifyLedger } from '../../src/server/modules/finance/ledger.ts';
import {
  ledgerAccounts,
  ledgerEntries,
  pecAllocations,
  pecContributions,
  pecTransfers,
} from '../../src/server/modules/finance/schema.ts';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import { pecCycles, pecRulesVersions, pecStateAdaptations } from '../../src/server/modules/rules/schema.ts';
import { auditLog } from '../../src/server/platform/audit/schema.ts';
import { todayMx } from '../../src/server/platform/time.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The programme's money in, through HTTP: the allocation by formula, the states' and schools'
 * contributions, the match and the transfers, on a cycle of its own (a copy of the demo's current
 * cycle with a small budget, so a trust fund can run short) — and the demo's money story.
 */
let t: TestApp;
let nacional: Client;
let jal: Client;
let mor: Client;
let director: Client;
let zapopan: Client;
let docente: Client;
let morDirector: Client;
let cycleId: number;
let demoCycleId: number;
const u = {} as Record<
  'jalisco' | 'morelos' | 'zaragoza' | 'guerrero' | 'cuautla' | 'hidalgo',
  { id: number; path: string }
>;
const today = todayMx();
const MXN = (p: number) => p * 100;
const BUDGET = MXN(200_000);

const day = (n: number) => {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

let keyN = 0;
const newKey = (what: string) => `test-${what}-${++keyN}-${Date.now()}`;
const postKey = (c: Client, url: string, body: unknown, key: string | null = newKey('k')) =>
  c.request({ method: 'POST', url, payload: body as object, headers: key ? { 'idempotency-key': key } : {} });

async function unitBy(kind: 'state' | 'school', code: string) {
  const [x] = await t.ctx.db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, kind), eq(orgUnits.code, code)));
  if (!x) throw new Error(`${kind} ${code}`);
  return x;
}

const audits = async (entityType: string, entityId: string) =>
  (
    await t.ctx.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)))
      .orderBy(auditLog.id)
  ).map((r) => r.action);

const trust = async (stateId: number, cid = cycleId) =>
  (
    await t.ctx.db
      .select({ b: ledgerAccounts.balance })
      .from(ledgerAccounts)
      .where(
        and(
          eq(ledgerAccounts.cycleId, cid),
          eq(ledgerAccounts.kind, 'state_trust'),
          eq(ledgerAccounts.unitId, stateId),
        ),
      )
  )[0]?.b ?? 0;
const schoolBalance = async (schoolId: number, cid = cycleId) =>
  (
    await t.ctx.db
      .select({ b: ledgerAccounts.balance })
      .from(ledgerAccounts)
      .where(
        and(
          eq(ledgerAccounts.cycleId, cid),
          eq(ledgerAccounts.kind, 'school'),
          eq(ledgerAccounts.unitId, schoolId),
        ),
      )
  )[0]?.b ?? 0;
const entries = async (kind: string, cid = cycleId) =>
  (
    await t.ctx.db
      .select({ n: count() })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.cycleId, cid), eq(ledgerEntries.kind, kind)))
  )[0]?.n ?? 0;

/** A cycle copied from the demo's current one: its rules (with a small budget and transfers due soon), adaptations, calls and registrations. */
async function copyCycle(from: number): Promise<number> {
  const db = t.ctx.db;
  const [rules] = await db
    .select()
    .from(pecRulesVersions)
    .where(and(eq(pecRulesVersions.cycleId, from), eq(pecRulesVersions.status, 'published')))
    .orderBy(sql`${pecRulesVersions.version} desc`)
    .limit(1);
  if (!rules) throw new Error('no published rules');
  const calendar: FederalRules['calendar'] = {
    call_opens: day(-120),
    registration_closes: day(-100),
    plan_delivery: day(-90),
    plan_review: day(-80),
    ruling: day(-70),
    selection_published: day(-60),
    initial_transfer: day(10),
    match_transfer: day(40),
    expense_proofs: day(100),
    reports: day(110),
    returns: day(120),
  };
  const federal: FederalRules = {
    ...rules.document,
    schoolYear: '2090-2091',
    fiscalYear: 2090,
    money: { ...rules.document.money, federalBudget: BUDGET, allocationBasis: 'eligible_schools' },
    calendar,
  };
  const [c] = await db.insert(pecCycles).values({ schoolYear: '2090-2091', fiscalYear: 2090 }).returning();
  const cid = c?.id as number;
  await db.insert(pecRulesVersions).values({
    cycleId: cid,
    version: 1,
    status: 'published',
    document: federal,
    publishedAt: new Date().toISOString(),
  });
  await db.insert(pecStateAdaptations).values([
    {
      cycleId: cid,
      stateUnitId: u.jalisco.id,
      version: 1,
      status: 'published',
      document: StateAdaptation.parse(demoJaliscoAdaptation(federal)),
      federalVersion: 1,
      publishedAt: new Date().toISOString(),
    },
    {
      cycleId: cid,
      stateUnitId: u.morelos.id,
      version: 1,
      status: 'published',
      document: StateAdaptation.parse(demoMorelosAdaptation(federal)),
      federalVersion: 1,
      publishedAt: new Date().toISOString(),
    },
  ]);
  const calls = await db.select().from(pecCalls).where(eq(pecCalls.cycleId, from));
  const callIds = new Map<number, number>();
  for (const call of calls) {
    const { id, cycleId: _, ...rest } = call;
    const [copy] = await db
      .insert(pecCalls)
      .values({ ...rest, cycleId: cid })
      .returning();
    callIds.set(id, copy?.id as number);
  }
  const regs = await db.select().from(pecRegistrations).where(eq(pecRegistrations.cycleId, from));
  for (const r of regs) {
    const { id, cycleId: _, callId, ...rest } = r;
    await db
      .insert(pecRegistrations)
      .values({ ...rest, cycleId: cid, callId: callIds.get(callId) as number });
  }
  return cid;
}

beforeAll(async () => {
  t = await startTestApp();
  u.jalisco = await unitBy('state', '14');
  u.morelos = await unitBy('state', '17');
  u.zaragoza = await unitBy('school', '17DPR0101K');
  u.guerrero = await unitBy('school', '17DPR0103I');
  u.cuautla = await unitBy('school', '17DES0104H');
  u.hidalgo = await unitBy('school', '14DPR0004X');
  nacional = await t.login('nacional@demo.calidad.mx');
  const cycles = (await nacional.get('/api/pec/cycles')).json() as { id: number; publishedVersion: number }[];
  demoCycleId = (cycles.find((c) => c.publishedVersion === 2) as { id: number }).id;
  // The lead hooks the money demo into the seed; until then this file plays it itself.
  const [allocated] = await t.ctx.db
    .select({ n: count() })
    .from(pecAllocations)
    .where(eq(pecAllocations.cycleId, demoCycleId));
  if (!allocated?.n) await seedPecMoney(t.ctx);
  jal = await t.login('estatal.jal@demo.calidad.mx');
  mor = await t.login('estatal.mor@demo.calidad.mx');
  director = await t.login('director@demo.calidad.mx');
  zapopan = await t.login('director.zapopan@demo.calidad.mx');
  docente = await t.login('docente@demo.calidad.mx');
  morDirector = await t.login(DEMO_MORELOS_DIRECTOR.email);
  cycleId = await copyCycle(demoCycleId);
});
afterAll(() => t?.close());

describe('the federal allocation', () => {
  let view: AllocationView;

  it('previews the formula, and only the national coordination allocates, with an Idempotency-Key', async () => {
    const preview = (await jal.get(`/api/pec/cycles/${cycleId}/allocation`)).json() as AllocationView;
    expect(preview).toMatchObject({
      allocated: false,
      budget: BUDGET,
      basis: 'eligible_schools',
      total: BUDGET,
    });
    expect(preview.can.allocate).toBe(false);
    const url = `/api/pec/cycles/${cycleId}/allocation`;
    expect((await postKey(jal, url, {})).statusCode).toBe(403);
    expect((await postKey(director, url, {})).statusCode).toBe(403);
    const noKey = await postKey(nacional, url, {}, null);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().code).toBe('idempotency_key_required');
    expect(await t.ctx.db.select().from(pecAllocations).where(eq(pecAllocations.cycleId, cycleId))).toEqual(
      [],
    );
  });

  it('shares the whole budget by eligible registrations, 3:1, and posts it to each trust fund', async () => {
    const key = newKey('alloc');
    const url = `/api/pec/cycles/${cycleId}/allocation`;
    const res = await postKey(nacional, url, {}, key);
    expect(res.statusCode, res.body).toBe(201);
    view = res.json() as AllocationView;
    const eligible = await t.ctx.db
      .select({ state: pecRegistrations.stateUnitId, n: count() })
      .from(pecRegistrations)
      .where(and(eq(pecRegistrations.cycleId, cycleId), eq(pecRegistrations.eligible, true)))
      .groupBy(pecRegistrations.stateUnitId);
    const total = eligible.reduce((n, e) => n + e.n, 0);
    expect(view.allocated).toBe(true);
    expect(view.states.map((s) => s.state.code)).toEqual(['14', '17']);
    expect(view.states.reduce((n, s) => n + s.amount, 0)).toBe(BUDGET);
    expect(view.states.reduce((n, s) => n + s.shareBp, 0)).toBe(10_000);
    for (const s of view.states) {
      const basis = eligible.find((e) => e.state === s.state.id)?.n as number;
      expect(s.basisValue).toBe(basis);
      expect(Math.abs(s.amount - (BUDGET * basis) / total)).toBeLessThan(1);
      expect(s.requiredStateContribution).toBe(Math.ceil(s.amount / 3));
      expect(s).toMatchObject({ contributed: 0, due: s.requiredStateContribution });
      expect(await trust(s.state.id)).toBe(s.amount);
      expect(s.entryId).not.toBeNull();
    }
    // Jalisco's 5 eligible schools against Morelos' own.
    expect(view.states[0]?.basisValue).toBe(5);
    // A retry with the same key answers the first answer again; no money moves twice.
    const again = await postKey(nacional, url, {}, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(view);
    expect(await entries('federal_allocation')).toBe(2);
    const rows = await t.ctx.db.select().from(pecAllocations).where(eq(pecAllocations.cycleId, cycleId));
    for (const r of rows) expect(await audits('pec_allocation', String(r.id))).toEqual(['pec.allocation']);
  });

  it('refuses a second allocation', async () => {
    const res = await postKey(nacional, `/api/pec/cycles/${cycleId}/allocation`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('finance_already_allocated');
    expect(await entries('federal_allocation')).toBe(2);
    const shown = (await director.get(`/api/pec/cycles/${cycleId}/allocation`)).json() as AllocationView;
    expect(shown.states).toEqual(view.states);
  });
});

describe("the state's contribution", () => {
  it('is recorded by its own coordination and shown against the required amount', async () => {
    const url = `/api/pec/cycles/${cycleId}/states/${u.jalisco.id}/contributions`;
    const body = { amount: MXN(10_000), receivedOn: day(-1), reference: 'SPEI 123' };
    expect((await postKey(mor, url, body)).statusCode).toBe(404);
    expect((await postKey(director, url, body)).statusCode).toBe(403);
    const key = newKey('state');
    const res = await postKey(jal, url, body, key);
    expect(res.statusCode, res.body).toBe(201);
    const funds = res.json() as StateFundsView;
    const required = funds.allocation?.requiredStateContribution as number;
    expect(funds.allocation).toMatchObject({ contributed: MXN(10_000), due: required - MXN(10_000) });
    expect(funds.contributions).toMatchObject([
      { amount: MXN(10_000), memo: expect.stringContaining('SPEI 123') },
    ]);
    expect(funds.pledged).toBe(MXN(6_501_843));
    // The same key with another amount is another operation: refused.
    const reused = await postKey(jal, url, { ...body, amount: MXN(1) }, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('idempotency_key_reused');
    const all = (await nacional.get(`/api/pec/cycles/${cycleId}/allocation`)).json() as AllocationView;
    expect(all.states.find((s) => s.state.code === '14')).toMatchObject({ contributed: MXN(10_000) });
    const [alloc] = await t.ctx.db
      .select()
      .from(pecAllocations)
      .where(and(eq(pecAllocations.cycleId, cycleId), eq(pecAllocations.stateUnitId, u.jalisco.id)));
    expect(await audits('pec_allocation', String(alloc?.id))).toEqual([
      'pec.allocation',
      'pec.state_contribution',
    ]);
  });

  it('moves money once when the same request arrives several times at once', async () => {
    const url = `/api/pec/cycles/${cycleId}/states/${u.jalisco.id}/contributions`;
    const key = newKey('concurrent');
    const before = await entries('state_contribution');
    const body = { amount: MXN(1_000), receivedOn: day(0), reference: 'SPEI 999' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => postKey(jal, url, body, key)));
    for (const a of answers) expect([201, 409]).toContain(a.statusCode);
    expect(answers.filter((a) => a.statusCode === 201).length).toBeGreaterThanOrEqual(1);
    expect(await entries('state_contribution')).toBe(before + 1);
  });
});

describe("the schools' contributions", () => {
  const ids: Record<string, string> = {};
  const record = (c: Client, schoolUnitId: number, kind: string, amount: number, source = 'padres') =>
    c.post(`/api/pec/cycles/${cycleId}/contributions`, {
      schoolUnitId,
      source,
      kind,
      amount,
      receivedOn: day(-2),
      description: `${kind} ${amount}`,
    });
  const review = (c: Client, id: string, body: unknown, key?: string) =>
    postKey(c, `/api/pec/contributions/${id}/review`, body, key ?? newKey('review'));

  it('are recorded by the school director only', async () => {
    expect((await record(docente, u.zaragoza.id, 'cash', MXN(1))).statusCode).toBe(403);
    expect((await record(zapopan, u.zaragoza.id, 'cash', MXN(1))).statusCode).toBe(404);
    expect((await record(mor, u.zaragoza.id, 'cash', MXN(1))).statusCode).toBe(403);
    for (const [name, kind, amount, source] of [
      ['cash', 'cash', MXN(8_000), 'padres'],
      ['inkind', 'in_kind', MXN(3_000), 'municipio'],
      ['bad', 'cash', MXN(2_000), 'donativos'],
    ] as const) {
      const res = await record(morDirector, u.zaragoza.id, kind, amount, source);
      expect(res.statusCode, res.body).toBe(201);
      const c = res.json() as ContributionInfo;
      expect(c).toMatchObject({ status: 'registered', kind, amount, entryId: null });
      ids[name] = c.id;
      expect(await audits('pec_contribution', c.id)).toEqual(['pec.contribution_record']);
    }
    const jalRes = await record(zapopan, u.hidalgo.id, 'cash', MXN(15_000));
    expect(jalRes.statusCode, jalRes.body).toBe(201);
    ids.jal = (jalRes.json() as ContributionInfo).id;
    const pending = (
      await mor.get(`/api/pec/cycles/${cycleId}/contributions?status=registered`)
    ).json() as ContributionInfo[];
    expect(pending.map((c) => c.id).sort()).toEqual([ids.cash, ids.inkind, ids.bad].sort());
  });

  it('take evidence while they wait, by content', async () => {
    const put = (body: Buffer) =>
      morDirector.request({
        method: 'PUT',
        url: `/api/pec/contributions/${ids.cash}/evidence?fileName=recibo.pdf`,
        headers: { 'content-type': 'application/pdf' },
        payload: body,
      });
    expect((await put(Buffer.from('no soy un PDF'))).statusCode).toBe(415);
    const ok = await put(Buffer.from('%PDF-1.4\n%%EOF\n'));
    expect(ok.statusCode, ok.body).toBe(200);
    expect((ok.json() as ContributionInfo).evidence?.name).toBe('recibo.pdf');
    const file = await mor.get(`/api/pec/contributions/${ids.cash}/evidence`);
    expect(file.statusCode).toBe(200);
    expect(file.body).toContain('%PDF');
  });

  it('are validated by their state: approved cash moves money, in kind and rejected do not', async () => {
    expect((await review(jal, ids.cash as string, { decision: 'approve' })).statusCode).toBe(404);
    expect((await review(morDirector, ids.cash as string, { decision: 'approve' })).statusCode).toBe(403);
    const key = newKey('approve');
    const ok = await review(mor, ids.cash as string, { decision: 'approve' }, key);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', entryId: expect.any(Number) });
    expect(await schoolBalance(u.zaragoza.id)).toBe(MXN(8_000));
    // The retry answers the same; the second review is refused.
    const retry = await review(mor, ids.cash as string, { decision: 'approve' }, key);
    expect(retry.json()).toEqual(ok.json());
    expect(await schoolBalance(u.zaragoza.id)).toBe(MXN(8_000));
    const twice = await review(mor, ids.cash as string, { decision: 'reject', reason: 'x' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('finance_contribution_reviewed');

    const inKind = await review(mor, ids.inkind as string, { decision: 'approve' });
    expect(inKind.json()).toMatchObject({ status: 'approved', entryId: null });
    expect(await schoolBalance(u.zaragoza.id)).toBe(MXN(8_000));

    const noReason = await review(mor, ids.bad as string, { decision: 'reject' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().code).toBe('finance_reason_required');
    const rejected = await review(mor, ids.bad as string, {
      decision: 'reject',
      reason: 'El recibo no identifica al donante.',
    });
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      reviewReason: 'El recibo no identifica al donante.',
      entryId: null,
    });
    expect(await schoolBalance(u.zaragoza.id)).toBe(MXN(8_000));
    expect(await audits('pec_contribution', ids.cash as string)).toEqual([
      'pec.contribution_record',
      'pec.contribution_evidence',
      'pec.contribution_approve',
    ]);
    expect(await audits('pec_contribution', ids.bad as string)).toEqual([
      'pec.contribution_record',
      'pec.contribution_reject',
    ]);
  });

  it("shows the running match by the rules: one peso per peso, in kind not counted, Jalisco's cap of 10,000", async () => {
    const mine = (
      await morDirector.get(`/api/pec/cycles/${cycleId}/schools/${u.zaragoza.id}/money`)
    ).json() as SchoolMoneyView;
    expect(mine.balance).toBe(MXN(8_000));
    expect(mine.match).toMatchObject({
      counted: MXN(8_000),
      notCounted: MXN(3_000),
      amount: MXN(8_000),
      capped: false,
    });
    expect(mine.match.explanation).toBe(
      'Reunió $8,000.00 en efectivo; por cada peso, hasta $1.00: $8,000.00 (tope $25,000.00). No cuentan $3,000.00 en especie o mano de obra.',
    );
    expect(mine.can).toEqual({ record: true, review: false, release: false });
    expect((await zapopan.get(`/api/pec/cycles/${cycleId}/schools/${u.zaragoza.id}/money`)).statusCode).toBe(
      404,
    );
    expect((await review(jal, ids.jal as string, { decision: 'approve' })).statusCode).toBe(200);
    const capped = (
      await zapopan.get(`/api/pec/cycles/${cycleId}/schools/${u.hidalgo.id}/money`)
    ).json() as SchoolMoneyView;
    expect(capped.match).toMatchObject({ amount: MXN(10_000), capped: true, uncapped: MXN(15_000) });
    expect(capped.match.explanation).toBe(
      'Reunió $15,000.00 en efectivo; por cada peso, hasta $1.00: $10,000.00 (tope $10,000.00).',
    );
  });
});

describe('transfers to schools', () => {
  const bulk = (c: Client, stateId: number, kind: string, key?: string) =>
    postKey(c, `/api/pec/cycles/${cycleId}/states/${stateId}/transfers`, { kind }, key ?? newKey('bulk'));
  const one = (c: Client, schoolId: number, kind: string, key?: string) =>
    postKey(c, `/api/pec/cycles/${cycleId}/schools/${schoolId}/transfers`, { kind }, key ?? newKey('one'));

  it('are released by the state only, to selected schools only', async () => {
    expect((await bulk(director, u.morelos.id, 'initial')).statusCode).toBe(403);
    expect((await bulk(jal, u.morelos.id, 'initial')).statusCode).toBe(404);
    expect((await one(jal, u.zaragoza.id, 'initial')).statusCode).toBe(404);
    const none = await bulk(jal, u.jalisco.id, 'initial');
    expect(none.statusCode).toBe(409);
    expect(none.json().code).toBe('finance_nothing_to_transfer');
    const notSelected = await one(jal, u.hidalgo.id, 'initial');
    expect(notSelected.statusCode).toBe(409);
    expect(notSelected.json().code).toBe('finance_not_selected');
  });

  it('are refused, all of them, when the trust fund lacks the money, naming the amounts', async () => {
    const selected = await t.ctx.db
      .select()
      .from(pecRegistrations)
      .where(
        and(
          eq(pecRegistrations.cycleId, cycleId),
          eq(pecRegistrations.stateUnitId, u.morelos.id),
          eq(pecRegistrations.selection, 'selected'),
        ),
      );
    expect(selected.length).toBe(3);
    const needed = selected.reduce((n, r) => n + (r.grantCap ?? 0), 0);
    const held = await trust(u.morelos.id);
    expect(held).toBeLessThan(needed);
    const refused = await bulk(mor, u.morelos.id, 'initial');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('finance_trust_insufficient');
    const fmt = (c: number) =>
      new Intl.NumberFormat('es-MX', { style: 'currency', currency: 'MXN' }).format(c / 100);
    expect(refused.json().detail).toContain(fmt(held));
    expect(refused.json().detail).toContain(fmt(needed));
    expect(await entries('transfer')).toBe(0);
    // The state puts in its part; now the grants fit.
    const put = await postKey(mor, `/api/pec/cycles/${cycleId}/states/${u.morelos.id}/contributions`, {
      amount: needed - held + MXN(20_000),
      receivedOn: day(0),
      reference: 'SPEI 17',
    });
    expect(put.statusCode, put.body).toBe(201);
  });

  it('release the initial grant to every selected school once, with its calculation; a retry moves nothing', async () => {
    const before = await trust(u.morelos.id);
    const key = newKey('initial');
    const res = await bulk(mor, u.morelos.id, 'initial', key);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as {
      transfers: { school: { code: string }; amount: number; explanation: string }[];
      total: number;
      trustBalance: number;
    };
    expect(body.transfers.map((x) => x.school.code).sort()).toEqual([
      '17DES0104H',
      '17DPR0101K',
      '17DPR0103I',
    ]);
    expect(body.trustBalance).toBe(before - body.total);
    expect(body.transfers[0]?.explanation).toMatch(/^Aportación inicial: \$50,000\.00/);
    const again = await bulk(mor, u.morelos.id, 'initial', key);
    expect(again.json()).toEqual(body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await trust(u.morelos.id)).toBe(before - body.total);
    const second = await bulk(mor, u.morelos.id, 'initial');
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('finance_nothing_to_transfer');
    const single = await one(mor, u.zaragoza.id, 'initial');
    expect(single.statusCode).toBe(409);
    expect(single.json().code).toBe('finance_transfer_exists');
    expect(await schoolBalance(u.zaragoza.id)).toBe(MXN(8_000) + MXN(50_000));
    const rows = await t.ctx.db.select().from(pecTransfers).where(eq(pecTransfers.cycleId, cycleId));
    for (const r of rows) {
      expect(r.calculation).toMatchObject({ kind: 'initial', grantCap: r.amount });
      expect(await audits('pec_transfer', String(r.id))).toEqual(['pec.transfer']);
    }
  });

  it('release the match from the validated contributions, once; none without contributions', async () => {
    const res = await one(mor, u.zaragoza.id, 'match');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().transfers[0]).toMatchObject({ amount: MXN(8_000), kind: 'match' });
    expect(res.json().transfers[0].calculation).toMatchObject({
      counted: MXN(8_000),
      amount: MXN(8_000),
      cap: MXN(25_000),
    });
    expect(await schoolBalance(u.zaragoza.id)).toBe(MXN(66_000));
    expect((await one(mor, u.zaragoza.id, 'match')).json().code).toBe('finance_transfer_exists');
    const nothing = await one(mor, u.guerrero.id, 'match');
    expect(nothing.statusCode).toBe(422);
    expect(nothing.json().code).toBe('finance_no_match');
    const funds = (
      await mor.get(`/api/pec/cycles/${cycleId}/states/${u.morelos.id}/funds`)
    ).json() as StateFundsView;
    expect(funds.transferred).toEqual({ initial: MXN(150_000), match: MXN(8_000) });
    expect(funds.schools.find((s) => s.school.code === '17DPR0101K')?.matchTransfer?.amount).toBe(MXN(8_000));
    expect(funds.trustBalance).toBe(await trust(u.morelos.id));
    expect((await director.get(`/api/pec/cycles/${cycleId}/states/${u.morelos.id}/funds`)).statusCode).toBe(
      404,
    );
  });

  it('move money once under concurrent duplicate requests', async () => {
    const c = await morDirector.post(`/api/pec/cycles/${cycleId}/contributions`, {
      schoolUnitId: u.zaragoza.id,
      source: 'padres',
      kind: 'cash',
      amount: MXN(1),
      receivedOn: day(0),
    });
    expect(c.statusCode).toBe(201);
    // Another school's match: approve a contribution of Cuautla's first (recorded by its state for the test).
    const [row] = await t.ctx.db
      .insert(pecContributions)
      .values({
        cycleId,
        schoolUnitId: u.cuautla.id,
        schoolPath: u.cuautla.path,
        source: 'municipio',
        kind: 'cash',
        amount: MXN(2_500),
        receivedOn: day(-1),
      })
      .returning();
    expect(
      (await postKey(mor, `/api/pec/contributions/${row?.id}/review`, { decision: 'approve' })).statusCode,
    ).toBe(200);
    const key = newKey('dup');
    const same = await Promise.all(Array.from({ length: 4 }, () => one(mor, u.cuautla.id, 'match', key)));
    for (const a of same) expect([201, 409]).toContain(a.statusCode);
    // And different keys for the same transfer: one wins, the others are told it exists.
    const different = await Promise.all(Array.from({ length: 3 }, () => one(mor, u.cuautla.id, 'match')));
    for (const a of different) expect(a.statusCode).toBe(409);
    const rows = await t.ctx.db
      .select()
      .from(pecTransfers)
      .where(
        and(
          eq(pecTransfers.cycleId, cycleId),
          eq(pecTransfers.schoolUnitId, u.cuautla.id),
          eq(pecTransfers.kind, 'match'),
        ),
      );
    expect(rows.map((r) => r.amount)).toEqual([MXN(2_500)]);
    expect(await schoolBalance(u.cuautla.id)).toBe(MXN(50_000) + MXN(2_500) + MXN(2_500));
  });

  it('are refused after the date unless an extension covers the school', async () => {
    const url = `/api/pec/cycles/${cycleId}/states/${u.morelos.id}/adaptation`;
    const original = (await mor.get(url)).json().published;
    const late = {
      ...original,
      calendar: { ...original.calendar, initial_transfer: day(-2), match_transfer: day(-1) },
    };
    const saved = await mor.request({ method: 'PUT', url: `${url}/draft`, payload: { document: late } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await mor.post(`${url}/publish`, { reason: 'Cierre del ejercicio.' })).statusCode).toBe(200);
    const [row] = await t.ctx.db
      .insert(pecContributions)
      .values({
        cycleId,
        schoolUnitId: u.guerrero.id,
        schoolPath: u.guerrero.path,
        source: 'padres',
        kind: 'cash',
        amount: MXN(1_000),
        receivedOn: day(-1),
      })
      .returning();
    expect(
      (await postKey(mor, `/api/pec/contributions/${row?.id}/review`, { decision: 'approve' })).statusCode,
    ).toBe(200);
    const refused = await one(mor, u.guerrero.id, 'match');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('deadline_passed');
    expect(refused.json().detail).toContain(day(-1));
    expect(refused.json().detail).toContain('Morelos');
    const ext = await mor.post(`/api/pec/cycles/${cycleId}/extensions`, {
      unitId: u.guerrero.id,
      deadline: 'match_transfer',
      until: day(3),
      reason: 'La escuela entregó tarde su estado de cuenta por un cambio de banco.',
    });
    expect(ext.statusCode, ext.body).toBe(201);
    const passes = await one(mor, u.guerrero.id, 'match');
    expect(passes.statusCode, passes.body).toBe(201);
    expect(passes.json().total).toBe(MXN(1_000));
  });
});

describe('the demo and the ledger', () => {
  it("plays the demo's money story", async () => {
    const alloc = (await nacional.get(`/api/pec/cycles/${demoCycleId}/allocation`)).json() as AllocationView;
    expect(alloc.allocated).toBe(true);
    expect(alloc.total).toBe(MXN(20_000_000));
    for (const s of alloc.states) expect(s.contributed).toBeGreaterThan(0);
    const funds = (
      await mor.get(`/api/pec/cycles/${demoCycleId}/states/${u.morelos.id}/funds`)
    ).json() as StateFundsView;
    expect(funds.schools.every((s) => s.initial !== null)).toBe(true);
    expect(funds.schools.filter((s) => s.matchTransfer).map((s) => s.school.code)).toEqual([
      '17DES0104H',
      '17DPR0101K',
    ]);
    const contributions = await t.ctx.db
      .select()
      .from(pecContributions)
      .where(eq(pecContributions.cycleId, demoCycleId));
    // With the year-end story's cash and faena at 17DES0104H.
    expect(contributions.map((c) => `${c.kind}:${c.status}`).sort()).toEqual([
      'cash:approved',
      'cash:approved',
      'cash:registered',
      'cash:rejected',
      'in_kind:approved',
      'labour:approved',
    ]);
    expect(contributions.find((c) => c.status === 'rejected')?.reviewReason).toMatch(/RFC/);
    const jalFunds = (
      await jal.get(`/api/pec/cycles/${demoCycleId}/states/${u.jalisco.id}/funds`)
    ).json() as StateFundsView;
    expect(jalFunds.schools).toEqual([]);
    expect(jalFunds.contributions.length).toBe(1);
  });

  it('stays consistent, and every change is audited', async () => {
    expect(await verifyLedger(t.ctx.db)).toMatchObject({ ok: true, first: null });
    const cycles = [cycleId, demoCycleId];
    const transfers = await t.ctx.db.select().from(pecTransfers).where(inArray(pecTransfers.cycleId, cycles));
    const contributions = await t.ctx.db
      .select()
      .from(pecContributions)
      .where(inArray(pecContributions.cycleId, cycles));
    const allocations = await t.ctx.db
      .select()
      .from(pecAllocations)
      .where(inArray(pecAllocations.cycleId, cycles));
    for (const x of transfers) expect((await audits('pec_transfer', String(x.id))).length).toBeGreaterThan(0);
    for (const a of allocations)
      expect((await audits('pec_allocation', String(a.id)))[0]).toBe('pec.allocation');
    for (const c of contributions) {
      // The two written directly by this test are only reviewed through the API.
      const actions = await audits('pec_contribution', c.id);
      if (c.status !== 'registered') expect(actions.at(-1)).toMatch(/approve|reject/);
      if (c.status === 'approved' && c.kind === 'cash') expect(c.entryId).not.toBeNull();
      else expect(c.entryId).toBeNull();
    }
    for (const a of allocations) expect(a.entryId).not.toBeNull();
    // Money is only moved, never made.
    const [sum] = await t.ctx.db
      .select({ s: sql<number>`coalesce(sum(${ledgerAccounts.balance}), 0)::bigint`.mapWith(Number) })
      .from(ledgerAccounts)
      .where(inArray(ledgerAccounts.cycleId, cycles));
    expect(sum?.s).toBe(0);
  });
});
