import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CycleDetail, EffectiveRulesView, FederalRules } from '../../src/contract/rules.ts';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import { requireOpen } from '../../src/server/modules/rules/service.ts';
import { auditLog } from '../../src/server/platform/audit/schema.ts';
import { AppError } from '../../src/server/platform/errors/app-error.ts';
import { dbFailure } from '../support/db-failure.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

/** Rules of operation as data: federal versions, state adaptations within bounds, effective rules, deadlines. */
let t: TestApp;
let nacional: Client;
let jal: Client;
let mor: Client;
let director: Client;
let cycleId: number;
const unit: Record<string, { id: number; path: string }> = {};

const day = (base: string, n: number) => {
  const d = new Date(`${base}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

async function unitBy(kind: 'state' | 'zone' | 'school', code: string) {
  const [u] = await t.ctx.db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, kind), eq(orgUnits.code, code)));
  if (!u) throw new Error(`${kind} ${code}`);
  return u;
}

beforeAll(async () => {
  t = await startTestApp();
  nacional = await t.login('nacional@demo.calidad.mx');
  jal = await t.login('estatal.jal@demo.calidad.mx');
  mor = await t.login('estatal.mor@demo.calidad.mx');
  director = await t.login('director@demo.calidad.mx');
  unit.jalisco = await unitBy('state', '14');
  unit.morelos = await unitBy('state', '17');
  unit.school = await unitBy('school', '14DPR0001A');
  unit.morelosSchool = await unitBy('school', '17DPR0101K');
  const cycles = (await nacional.get('/api/pec/cycles')).json() as { id: number; publishedVersion: number }[];
  cycleId = (cycles.find((c) => c.publishedVersion === 2) as { id: number }).id;
});
afterAll(() => t?.close());

const put = (c: Client, url: string, payload: unknown) =>
  c.request({ method: 'PUT', url, payload: payload as object });
const cycle = async () => (await nacional.get(`/api/pec/cycles/${cycleId}`)).json() as CycleDetail;

describe('federal rules of operation', () => {
  it('keep every published version with its reason; a published version cannot be altered', async () => {
    const c = await cycle();
    expect(c.versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'published'],
    ]);
    expect(c.versions[0]?.reason).toMatch(/Fe de erratas/);
    expect(
      await dbFailure(
        t.ctx.db.execute(
          sql`update pec_rules_versions set reason = 'x' where cycle_id = ${cycleId} and version = 1`,
        ),
      ),
    ).toMatch(/immutable/);
  });

  it('a correction is a new version that needs its reason', async () => {
    const c = await cycle();
    const doc = c.published as FederalRules;
    const changed = { ...doc, money: { ...doc.money, matchCap: doc.money.matchCap + 500_000 } };
    expect((await put(jal, `/api/pec/cycles/${cycleId}/rules/draft`, { document: changed })).statusCode).toBe(
      403,
    );
    const saved = await put(nacional, `/api/pec/cycles/${cycleId}/rules/draft`, { document: changed });
    expect(saved.statusCode, saved.body).toBe(200);
    // Two editors from the same revision: the second is told, not silently overwritten.
    expect(
      (await put(nacional, `/api/pec/cycles/${cycleId}/rules/draft`, { document: changed, revision: 1 }))
        .statusCode,
    ).toBe(200);
    const stale = await put(nacional, `/api/pec/cycles/${cycleId}/rules/draft`, {
      document: changed,
      revision: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('rules_stale');
    const noReason = await nacional.post(`/api/pec/cycles/${cycleId}/rules/publish`, {});
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().code).toBe('rules_reason_required');
    const pub = await nacional.post(`/api/pec/cycles/${cycleId}/rules/publish`, {
      reason: 'Se amplía la contrapartida máxima.',
    });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().version).toBe(3);
    const after = await cycle();
    expect(after.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(after.published?.money.matchCap).toBe(doc.money.matchCap + 500_000);
    const [entry] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'rules.publish'), eq(auditLog.entityId, String(cycleId))));
    expect(entry?.changes).toMatchObject({ 'money.matchCap': { after: doc.money.matchCap + 500_000 } });
  });

  it('refuses an inconsistent document, naming each rule', async () => {
    const doc = (await cycle()).published as FederalRules;
    const res = await put(nacional, `/api/pec/cycles/${cycleId}/rules/draft`, {
      document: { ...doc, calendar: { ...doc.calendar, ruling: day(doc.calendar.call_opens, -1) } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('rules_invalid');
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('calendar.ruling');
  });

  it("starts next year's cycle from this year's rules with the dates moved on a year", async () => {
    const c = await cycle();
    const [a, b] = c.schoolYear.split('-').map(Number) as [number, number];
    const res = await nacional.post('/api/pec/cycles', {
      schoolYear: `${a + 1}-${b + 1}`,
      fiscalYear: c.fiscalYear + 1,
      copyFromCycleId: cycleId,
    });
    expect(res.statusCode, res.body).toBe(201);
    const next = (await nacional.get(`/api/pec/cycles/${res.json().id}`)).json() as CycleDetail;
    expect(next.published).toBeNull();
    expect(next.draft?.schoolYear).toBe(`${a + 1}-${b + 1}`);
    expect(next.draft?.calendar.call_opens).toBe(
      `${Number(c.published?.calendar.call_opens.slice(0, 4)) + 1}${c.published?.calendar.call_opens.slice(4)}`,
    );
    expect(
      (await nacional.post('/api/pec/cycles', { schoolYear: c.schoolYear, fiscalYear: c.fiscalYear }))
        .statusCode,
    ).toBe(409);
    expect(
      (await jal.post('/api/pec/cycles', { schoolYear: '2040-2041', fiscalYear: 2040 })).statusCode,
    ).toBe(403);
  });
});

describe('state adaptations', () => {
  const url = () => `/api/pec/cycles/${cycleId}/states/${unit.jalisco?.id}/adaptation`;

  it('refuses one outside the federal bounds, naming the rule and the bound', async () => {
    const federal = (await cycle()).published as FederalRules;
    const late = day(federal.calendar.registration_closes, 5);
    const res = await put(jal, `${url()}/draft`, {
      document: { calendar: { registration_closes: late }, matchCap: federal.money.matchCap + 1 },
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('rules_out_of_bounds');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        {
          path: 'calendar.registration_closes',
          message: `La fecha de cierre del registro de escuelas (${late}) no puede ser posterior a la federal (${federal.calendar.registration_closes}).`,
        },
        expect.objectContaining({ path: 'money.matchCap' }),
      ]),
    );
  });

  it('only the state coordination adapts its own state', async () => {
    const doc = { document: { notes: 'x' } };
    expect((await put(mor, `${url()}/draft`, doc)).statusCode).toBe(404);
    expect((await put(director, `${url()}/draft`, doc)).statusCode).toBe(403);
    expect((await put(nacional, `${url()}/draft`, doc)).statusCode).toBe(403);
  });

  it('publishes one inside the bounds as a new version; the effective rules and their differences follow', async () => {
    const federal = (await cycle()).published as FederalRules;
    const closes = day(federal.calendar.registration_closes, -10);
    const saved = await put(jal, `${url()}/draft`, {
      document: {
        calendar: { registration_closes: closes },
        matchCap: 800_000,
        stateContribution: 123_456_00,
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await jal.post(`${url()}/publish`, {})).json().code).toBe('rules_reason_required');
    const pub = await jal.post(`${url()}/publish`, {
      reason: 'Cierre anticipado por el calendario estatal.',
    });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().version).toBe(2);
    const view = (
      await director.get(`/api/pec/cycles/${cycleId}/effective?unitId=${unit.school?.id}`)
    ).json() as EffectiveRulesView;
    expect(view.state?.code).toBe('14');
    expect(view.adaptationVersion).toBe(2);
    expect(view.effective.calendar.registration_closes).toBe(closes);
    expect(view.effective.money.matchCap).toBe(800_000);
    expect(view.effective.calendar.ruling).toBe(federal.calendar.ruling);
    expect(view.differences).toEqual(
      expect.arrayContaining([
        {
          rule: 'calendar.registration_closes',
          federal: federal.calendar.registration_closes,
          effective: closes,
        },
        { rule: 'money.matchCap', federal: federal.money.matchCap, effective: 800_000 },
      ]),
    );
    expect(view.differences.map((d) => d.rule)).not.toContain('calendar.ruling');
  });

  it("Morelos' tighter calendar and infrastructure cap apply to its schools", async () => {
    const view = (
      await mor.get(`/api/pec/cycles/${cycleId}/effective?unitId=${unit.morelosSchool?.id}`)
    ).json() as EffectiveRulesView;
    expect(view.effective.calendar.registration_closes < view.federal.calendar.registration_closes).toBe(
      true,
    );
    expect(view.effective.spending.categories.find((c) => c.code === 'infraestructura')?.maxAmount).toBe(
      3_000_000,
    );
  });
});

describe('deadlines', () => {
  it('refuse an action after the deadline with the date and who may extend it, until an extension is recorded', async () => {
    const school = unit.school as { id: number; path: string };
    const view = (
      await jal.get(`/api/pec/cycles/${cycleId}/effective?unitId=${school.id}`)
    ).json() as EffectiveRulesView;
    const closes = view.effective.calendar.registration_closes;
    const after = day(closes, 2);
    await expect(
      requireOpen(t.ctx.db, cycleId, school, 'registration_closes', closes),
    ).resolves.toMatchObject({ open: true });
    const refusal = await requireOpen(t.ctx.db, cycleId, school, 'registration_closes', after).catch(
      (e) => e,
    );
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ status: 409, code: 'deadline_passed', params: { date: closes } });
    expect(String(refusal.params.grantor_es)).toContain('Jalisco');

    const zone = await unitBy('zone', '001');
    expect(
      (
        await jal.post(`/api/pec/cycles/${cycleId}/extensions`, {
          unitId: zone.id,
          deadline: 'registration_closes',
          until: closes,
          reason: 'x',
        })
      ).json().code,
    ).toBe('extension_date');
    expect(
      (
        await mor.post(`/api/pec/cycles/${cycleId}/extensions`, {
          unitId: zone.id,
          deadline: 'registration_closes',
          until: day(closes, 5),
          reason: 'x',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await director.post(`/api/pec/cycles/${cycleId}/extensions`, {
          unitId: zone.id,
          deadline: 'registration_closes',
          until: day(closes, 5),
          reason: 'x',
        })
      ).statusCode,
    ).toBe(403);
    const granted = await jal.post(`/api/pec/cycles/${cycleId}/extensions`, {
      unitId: zone.id,
      deadline: 'registration_closes',
      until: day(closes, 5),
      reason: 'Falla del servicio eléctrico en la zona.',
    });
    expect(granted.statusCode, granted.body).toBe(201);
    // The zone's extension covers its schools.
    await expect(requireOpen(t.ctx.db, cycleId, school, 'registration_closes', after)).resolves.toMatchObject(
      {
        open: true,
        extendedUntil: day(closes, 5),
      },
    );
    const other = unit.morelosSchool as { id: number; path: string };
    const listRes = await jal.get(`/api/pec/cycles/${cycleId}/extensions`);
    expect(listRes.statusCode, listRes.body).toBe(200);
    const list = listRes.json() as { unit: { code: string } }[];
    expect(list.map((x) => x.unit.code)).toContain('001');
    // Jalisco does not see Morelos' extension.
    expect(list.every((x) => !x.unit.code.startsWith('17'))).toBe(true);
    const deadlines = (await director.get(`/api/pec/cycles/${cycleId}/deadlines?unitId=${school.id}`)).json();
    expect(deadlines.find((d: { deadline: string }) => d.deadline === 'registration_closes')).toMatchObject({
      date: closes,
      extendedUntil: day(closes, 5),
      label: 'cierre del registro de escuelas',
    });
    expect((await director.get(`/api/pec/cycles/${cycleId}/deadlines?unitId=${other.id}`)).statusCode).toBe(
      404,
    );
  });
});

describe('reading the rules', () => {
  it('every role reads the cycles, the federal rules, any state adaptation and older versions', async () => {
    expect((await director.get('/api/pec/cycles')).statusCode).toBe(200);
    const detail = await director.get(`/api/pec/cycles/${cycleId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().can.manage).toBe(false);
    expect(
      (await director.get(`/api/pec/cycles/${cycleId}/states/${unit.morelos?.id}/adaptation`)).statusCode,
    ).toBe(200);
    const v1 = await director.get(`/api/pec/cycles/${cycleId}/rules/versions/1`);
    expect(v1.statusCode).toBe(200);
    expect(v1.json().eligibility.documents.map((d: { code: string }) => d.code)).not.toContain('diagnostico');
    const a1 = await mor.get(`/api/pec/cycles/${cycleId}/states/${unit.jalisco?.id}/adaptation/versions/1`);
    expect(a1.statusCode).toBe(200);
    const own = (await jal.get(`/api/pec/cycles/${cycleId}/effective`)).json() as EffectiveRulesView;
    expect(own.state?.code).toBe('14');
    expect(
      (await director.get(`/api/pec/cycles/${cycleId}/effective?unitId=${unit.morelosSchool?.id}`))
        .statusCode,
    ).toBe(404);
  });

  it("a director sees the zone's extension that covers the school", async () => {
    const list = (await director.get(`/api/pec/cycles/${cycleId}/extensions`)).json() as {
      unit: { code: string };
    }[];
    expect(list.map((x) => x.unit.code)).toContain('001');
  });
});
