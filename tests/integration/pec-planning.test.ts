import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanDetail } from '../../src/contract/planning.ts';
import type { CycleDetail, CycleSummary } from '../../src/contract/rules.ts';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import { auditLog } from '../../src/server/platform/audit/schema.ts';
import { mailOutbox } from '../../src/server/platform/mail/schema.ts';
import { registerFixture } from '../support/pec-fixture.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A school's plan from first edit to approval and amendment, through HTTP: two teachers editing at
 * once, the live spending check, sending with the calendar and completeness checked, the
 * supervisor's return with observations, the school's answers, the state committee's ruling.
 */
let t: TestApp;
const who: Record<string, Client> = {};
let cycleId: number;
let previousCycleId: number;
let schoolId: number;
let planId: string;

const c = (name: string) => who[name] as Client;
const post = (name: string, url: string, body: unknown, headers: Record<string, string> = {}) =>
  c(name).request({ method: 'POST', url, payload: body as object, headers });
const plan = async (name = 'director') =>
  (await c(name).get(`/api/pec/plans/${planId}`)).json() as PlanDetail;

const register = (cycle: number, school: number, grantCap: number) =>
  registerFixture(t, cycle, school, grantCap);

beforeAll(async () => {
  t = await startTestApp();
  for (const name of [
    'director',
    'docente',
    'padre',
    'supervisor',
    'sector',
    'estatal.jal',
    'estatal.mor',
    'nacional',
  ])
    who[name] = await t.login(`${name}@demo.calidad.mx`);
  const cycles = (await c('nacional').get('/api/pec/cycles')).json() as CycleSummary[];
  const current = cycles.find((x) => x.publishedVersion === 2) as CycleSummary;
  previousCycleId = (cycles.find((x) => x.id !== current.id) as CycleSummary).id;
  // A cycle of our own a year ahead, so every deadline is open and no demo plan exists in it.
  const [a, b] = current.schoolYear.split('-').map(Number) as [number, number];
  const created = await c('nacional').post('/api/pec/cycles', {
    schoolYear: `${a + 1}-${b + 1}`,
    fiscalYear: current.fiscalYear + 1,
    copyFromCycleId: current.id,
  });
  cycleId = created.json().id;
  expect((await c('nacional').post(`/api/pec/cycles/${cycleId}/rules/publish`, {})).statusCode).toBe(200);
  const [school] = await t.ctx.db.select().from(orgUnits).where(eq(orgUnits.code, '14DPR0001A'));
  schoolId = school?.id as number;
  await register(cycleId, schoolId, 5_000_000);
});
afterAll(() => t?.close());

const action = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  goalId: 'g1',
  text: `Acción ${id}`,
  responsible: 'Daniela Docente',
  startOn: '2027-09-01',
  endOn: '2028-06-30',
  cost: 1_000_000,
  fundingSource: 'pec',
  category: 'materiales',
  ...over,
});

describe('a school plan: edited together, sent, reviewed, ruled, amended', () => {
  it('is opened by the school staff only, once', async () => {
    expect((await post('padre', `/api/pec/cycles/${cycleId}/schools/${schoolId}/plan`, {})).statusCode).toBe(
      403,
    );
    expect(
      (await post('estatal.mor', `/api/pec/cycles/${cycleId}/schools/${schoolId}/plan`, {})).statusCode,
    ).toBe(403);
    const opened = await post('docente', `/api/pec/cycles/${cycleId}/schools/${schoolId}/plan`, {});
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().created).toBe(true);
    planId = opened.json().id;
    const again = await post('director', `/api/pec/cycles/${cycleId}/schools/${schoolId}/plan`, {});
    expect(again.json()).toEqual({ id: planId, created: false });
    const p = await plan();
    expect(p.standards).toHaveLength(20);
    expect(p.diagnosis.complete).toBe(false);
    expect(p.missing.map((m) => m.path)).toEqual(
      expect.arrayContaining(['selfEvaluation', 'pete.mission', 'pat.actions']),
    );
    expect(p.can.edit).toBe(true);
    expect((await c('estatal.mor').get(`/api/pec/plans/${planId}`)).statusCode).toBe(404);
    expect((await c('supervisor').get(`/api/pec/plans/${planId}`)).statusCode).toBe(200);
  });

  it('two teachers editing different parts at the same moment both keep their work', async () => {
    const base = (await plan()).revision;
    const setup = await post('director', `/api/pec/plans/${planId}/changes`, {
      changes: [
        {
          op: 'put',
          list: 'pete.objectives',
          item: { id: 'o1', dimension: 'pedagogica', text: 'Mejorar la comprensión lectora' },
          baseRevision: base,
        },
        {
          op: 'put',
          list: 'pete.goals',
          item: {
            id: 'g1',
            objectiveId: 'o1',
            standard: 'centralidad_aprendizaje',
            text: 'Alumnos que leen con fluidez',
            indicator: '% de alumnos',
            baseline: 40,
            target: 70,
            year: 2028,
          },
          baseRevision: base,
        },
      ],
    });
    expect(setup.statusCode, setup.body).toBe(200);
    const rev = setup.json().revision as number;
    const [d, m] = await Promise.all([
      post('director', `/api/pec/plans/${planId}/changes`, {
        changes: [{ op: 'put', list: 'pat.actions', item: action('a1'), baseRevision: rev }],
      }),
      post('docente', `/api/pec/plans/${planId}/changes`, {
        changes: [
          {
            op: 'put',
            list: 'pat.actions',
            item: action('a2', { text: 'Círculos de lectura con familias' }),
            baseRevision: rev,
          },
          { op: 'set', path: 'pete.mission', value: 'Formar lectores autónomos', baseRevision: rev },
        ],
      }),
    ]);
    expect([d.statusCode, m.statusCode]).toEqual([200, 200]);
    const p = await plan();
    expect(p.content.pat.actions.map((a) => a.id).sort()).toEqual(['a1', 'a2']);
    expect(p.content.pete.mission).toBe('Formar lectores autónomos');
    expect(p.revision).toBe(rev + 2);
  });

  it('the same action edited by both: the second is told who changed it and what it says now', async () => {
    const rev = (await plan()).revision;
    const first = await post('director', `/api/pec/plans/${planId}/changes`, {
      changes: [
        {
          op: 'put',
          list: 'pat.actions',
          item: action('a1', { text: 'Biblioteca de aula' }),
          baseRevision: rev,
        },
      ],
    });
    expect(first.statusCode).toBe(200);
    const second = await post('docente', `/api/pec/plans/${planId}/changes`, {
      changes: [
        {
          op: 'put',
          list: 'pat.actions',
          item: action('a1', { text: 'Biblioteca escolar' }),
          baseRevision: rev,
        },
        { op: 'set', path: 'pete.vision', value: 'Una escuela que lee', baseRevision: rev },
      ],
    });
    expect(second.statusCode).toBe(409);
    const body = second.json();
    expect(body.code).toBe('planning_conflict');
    expect(body.conflicts).toEqual([
      expect.objectContaining({
        path: 'pat.actions.a1',
        theirs: expect.objectContaining({ text: 'Biblioteca de aula' }),
        changedBy: expect.objectContaining({ name: 'Diego Director Hernández' }),
      }),
    ]);
    // All or nothing: the vision in the same batch was not saved either.
    expect((await plan()).content.pete.vision).toBe('');
  });

  it('shows the spending against the rules live and refuses to send an incomplete or overspent plan', async () => {
    const p0 = await plan();
    const ratings = p0.standards.map((s) => ({
      op: 'rate',
      standard: s.code,
      rating: { level: s.dimension === 'pedagogica' ? 2 : 3, evidence: 'Registro del CTE', comment: '' },
      baseRevision: p0.revision,
    }));
    const r = await post('docente', `/api/pec/plans/${planId}/changes`, {
      changes: [
        ...ratings,
        { op: 'set', path: 'pete.vision', value: 'Una escuela que lee', baseRevision: p0.revision },
        { op: 'set', path: 'pete.priorities', value: ['centralidad_aprendizaje'], baseRevision: p0.revision },
        {
          op: 'put',
          list: 'pat.actions',
          item: action('a3', { text: 'Convivio de fin de curso', category: 'alimentos', cost: 300_000 }),
          baseRevision: p0.revision,
        },
        {
          op: 'put',
          list: 'pat.actions',
          item: action('a4', { text: 'Techado del patio', category: 'infraestructura', cost: 4_500_000 }),
          baseRevision: p0.revision,
        },
      ],
    });
    expect(r.statusCode, r.body).toBe(200);
    const p = await plan();
    expect(p.diagnosis.complete).toBe(true);
    expect(p.diagnosis.priorities.map((x) => x.code)).toContain('centralidad_aprendizaje');
    expect(p.spending.ok).toBe(false);
    const byCat = Object.fromEntries(p.spending.lines.map((l) => [l.category, l]));
    expect(byCat.alimentos?.message).toMatch(/no es un gasto autorizado/);
    expect(byCat.infraestructura?.message).toMatch(/excede el tope de \$40,000\.00/);
    expect(p.spending.messages.join(' ')).toMatch(/apoyo máximo para esta escuela es \$50,000\.00/);
    const refused = await post('director', `/api/pec/plans/${planId}/review/submit`, {});
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('planning_incomplete');
    expect(refused.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['spending.alimentos', 'spending.infraestructura', 'spending']),
    );
    const fixed = await post('docente', `/api/pec/plans/${planId}/changes`, {
      changes: [
        { op: 'remove', list: 'pat.actions', id: 'a3', baseRevision: p.revision },
        {
          op: 'put',
          list: 'pat.actions',
          item: action('a4', { text: 'Techado del patio', category: 'infraestructura', cost: 2_500_000 }),
          baseRevision: p.revision,
        },
      ],
    });
    expect(fixed.statusCode).toBe(200);
    expect((await plan()).spending.ok).toBe(true);
    expect((await plan()).missing).toEqual([]);
  });

  it('only the director sends it, on the revision they saw; then it is locked', async () => {
    const p = await plan();
    expect((await post('docente', `/api/pec/plans/${planId}/review/submit`, {})).statusCode).toBe(403);
    const stale = await post(
      'director',
      `/api/pec/plans/${planId}/review/submit`,
      {},
      { 'if-match': `"r${p.revision - 1}"` },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('planning_stale');
    const sent = await post(
      'director',
      `/api/pec/plans/${planId}/review/submit`,
      {},
      { 'if-match': `"r${p.revision}"` },
    );
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().state).toBe('submitted');
    const edit = await post('docente', `/api/pec/plans/${planId}/changes`, {
      changes: [{ op: 'set', path: 'pete.values', value: 'x', baseRevision: p.revision }],
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('planning_locked');
    const [mail] = await t.ctx.db
      .select()
      .from(mailOutbox)
      .where(
        and(
          eq(mailOutbox.to, 'supervisor@demo.calidad.mx'),
          sql`${mailOutbox.subject} like 'PEC: Plan para revisar%'`,
        ),
      );
    expect(mail?.text).toContain(`/pec/planes/${planId}`);
  });

  it('the zone supervisor returns it with observations; the school answers and sends it again', async () => {
    expect(
      (await post('sector', `/api/pec/plans/${planId}/review/return`, { observations: [{ text: 'x' }] }))
        .statusCode,
    ).toBe(403);
    expect(
      (await post('estatal.mor', `/api/pec/plans/${planId}/review/return`, { observations: [{ text: 'x' }] }))
        .statusCode,
    ).toBe(404);
    const bare = await post('supervisor', `/api/pec/plans/${planId}/review/return`, {});
    expect(bare.statusCode).toBe(422);
    expect(bare.json().code).toBe('planning_observations_required');
    const returned = await post('supervisor', `/api/pec/plans/${planId}/review/return`, {
      observations: [{ path: 'pat.actions.a4', text: 'Presente la cotización del techado.' }],
    });
    expect(returned.statusCode, returned.body).toBe(200);
    const p = await plan();
    expect(p.state).toBe('returned');
    expect(p.can.edit).toBe(true);
    const obs = p.observations[0];
    expect(obs).toMatchObject({
      stage: 'supervisor',
      path: 'pat.actions.a4',
      text: 'Presente la cotización del techado.',
      answer: null,
    });
    const answered = await post('director', `/api/pec/plans/${planId}/observations/${obs?.id}/answer`, {
      answer: 'Se anexa la cotización de dos proveedores.',
    });
    expect(answered.statusCode).toBe(204);
    expect((await plan('supervisor')).observations[0]?.answer).toBe(
      'Se anexa la cotización de dos proveedores.',
    );
    expect((await post('director', `/api/pec/plans/${planId}/review/submit`, {})).statusCode).toBe(200);
  });

  it('the supervisor endorses and the state committee rules; an approved plan changes only by a recorded amendment', async () => {
    expect((await post('estatal.jal', `/api/pec/plans/${planId}/review/approve`, {})).statusCode).toBe(409);
    expect((await post('supervisor', `/api/pec/plans/${planId}/review/endorse`, {})).statusCode).toBe(200);
    expect((await post('supervisor', `/api/pec/plans/${planId}/review/approve`, {})).statusCode).toBe(403);
    const ruled = await post('estatal.jal', `/api/pec/plans/${planId}/review/approve_with_observations`, {
      observations: [{ text: 'Reporte el avance de la meta de lectura cada bimestre.' }],
    });
    expect(ruled.statusCode, ruled.body).toBe(200);
    const p = await plan();
    expect(p.state).toBe('approved_with_observations');
    expect(p.locked).toBe(true);
    expect(p.can).toMatchObject({ edit: false, amend: true, reportProgress: true });
    expect(p.workflow.timeline.map((e) => e.action)).toEqual([
      'create',
      'submit',
      'return',
      'submit',
      'endorse',
      'approve_with_observations',
    ]);
    const change = {
      changes: [
        { op: 'set', path: 'pete.values', value: 'Respeto y colaboración', baseRevision: p.revision },
      ],
    };
    expect((await post('docente', `/api/pec/plans/${planId}/changes`, change)).statusCode).toBe(403);
    expect((await post('director', `/api/pec/plans/${planId}/changes`, change)).json().code).toBe(
      'planning_locked',
    );
    const amended = await post('director', `/api/pec/plans/${planId}/changes`, {
      ...change,
      amendmentReason: 'Acuerdo del CTE del 12 de septiembre.',
    });
    expect(amended.statusCode, amended.body).toBe(200);
    const versions = (await c('supervisor').get(`/api/pec/plans/${planId}/versions`)).json();
    expect(versions[0]).toMatchObject({
      amendmentReason: 'Acuerdo del CTE del 12 de septiembre.',
      touched: ['pete.values'],
    });
    const first = (await c('supervisor').get(`/api/pec/plans/${planId}/versions/1`)).json();
    expect(first.pat.actions).toEqual([]);
  });

  it('records each action’s progress during the year', async () => {
    const res = await post('docente', `/api/pec/plans/${planId}/actions/a2/progress`, {
      status: 'in_progress',
      percent: 40,
      evidence: 'Lista de asistencia de tres sesiones.',
    });
    expect(res.statusCode).toBe(204);
    expect((await plan()).progress).toEqual([expect.objectContaining({ actionId: 'a2', percent: 40 })]);
    expect(
      (
        await post('docente', `/api/pec/plans/${planId}/actions/nope/progress`, {
          status: 'done',
          percent: 100,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('the year-end report (ITP) is written by the school, sent by the director and reviewed by the supervisor', async () => {
    const put = (name: string, body: unknown) =>
      c(name).request({ method: 'PUT', url: `/api/pec/plans/${planId}/report`, payload: body as object });
    const saved = await put('docente', {
      content: { pedagogica: 'Se formaron círculos de lectura en todos los grupos.' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await put('docente', { content: { logros: 'x' }, revision: 0 })).json().code).toBe(
      'planning_stale',
    );
    expect((await put('padre', { content: { logros: 'x' } })).statusCode).toBe(403);
    expect((await post('docente', `/api/pec/plans/${planId}/report/submit`, {})).statusCode).toBe(403);
    expect((await post('director', `/api/pec/plans/${planId}/report/submit`, {})).statusCode).toBe(200);
    expect((await post('supervisor', `/api/pec/plans/${planId}/report/return`, {})).json().code).toBe(
      'workflow_comment_required',
    );
    expect(
      (
        await post('supervisor', `/api/pec/plans/${planId}/report/return`, {
          comment: 'Agregue los resultados de la meta.',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await put('director', {
          content: { pedagogica: 'Círculos de lectura', logros: 'Fluidez lectora de 40 % a 66 %.' },
        })
      ).statusCode,
    ).toBe(200);
    await post('director', `/api/pec/plans/${planId}/report/submit`, {});
    expect((await post('supervisor', `/api/pec/plans/${planId}/report/accept`, {})).json().state).toBe(
      'accepted',
    );
    const report = (await c('estatal.jal').get(`/api/pec/plans/${planId}/report`)).json();
    expect(report).toMatchObject({
      state: 'accepted',
      canEdit: false,
      content: { logros: 'Fluidez lectora de 40 % a 66 %.' },
    });
    expect(report.timeline.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'submit',
      'return',
      'submit',
      'accept',
    ]);
  });

  it('audited every change with the role acted under', async () => {
    const rows = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'pec_plan'), eq(auditLog.entityId, planId)))
      .orderBy(asc(auditLog.at));
    const actions = rows.map((r) => r.action);
    expect(actions[0]).toBe('planning.open');
    expect(actions).toEqual(
      expect.arrayContaining([
        'planning.change',
        'planning.submit',
        'planning.return',
        'planning.observation_answer',
        'planning.endorse',
        'planning.approve_with_observations',
        'planning.amend',
        'planning.action_progress',
      ]),
    );
    expect(rows.find((r) => r.action === 'planning.return')?.actorRole).toBe('zone_supervisor');
  });
});

describe('deadlines', () => {
  it('refuse sending a plan after its delivery date, naming the date and who may extend it', async () => {
    const prev = (await c('nacional').get(`/api/pec/cycles/${previousCycleId}`)).json() as CycleDetail;
    await register(previousCycleId, schoolId, 5_000_000);
    const opened = await post('director', `/api/pec/cycles/${previousCycleId}/schools/${schoolId}/plan`, {});
    expect(opened.statusCode).toBe(200);
    const res = await post('director', `/api/pec/plans/${opened.json().id}/review/submit`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('deadline_passed');
    expect(res.json().detail).toContain(prev.published?.calendar.plan_delivery.slice(0, 4));
    expect(res.json().detail).toMatch(/Coordinación General Estatal del PEC \(Jalisco\)/);
  });
});

describe('dashboards', () => {
  it('show each zone its schools by stage, the state by zone, the nation by state, overdue first', async () => {
    const zone = (await c('supervisor').get(`/api/pec/cycles/${cycleId}/dashboard`)).json();
    expect(zone.unit.kind).toBe('zone');
    const mine = zone.schools.find((s: { code: string }) => s.code === '14DPR0001A');
    expect(mine).toMatchObject({ stage: 'approved', overdue: false, planId });
    expect(zone.totals.approved).toBe(1);
    expect(
      zone.schools.filter((s: { stage: string }) => s.stage === 'not_registered').length,
    ).toBeGreaterThan(0);

    const state = (await c('estatal.jal').get(`/api/pec/cycles/${cycleId}/dashboard`)).json();
    expect(state.unit.code).toBe('14');
    expect(state.children.every((ch: { unit: { kind: string } }) => ch.unit.kind === 'zone')).toBe(true);
    expect(state.children.map((ch: { unit: { code: string } }) => ch.unit.code)).toContain('001');
    expect(state.totals.approved).toBe(1);
    expect(state.schools).toEqual([]);

    const nation = (await c('nacional').get(`/api/pec/cycles/${cycleId}/dashboard`)).json();
    expect(nation.children.map((ch: { unit: { code: string } }) => ch.unit.code)).toEqual(
      expect.arrayContaining(['14', '17']),
    );

    const [zoneUnit] = await t.ctx.db.select().from(orgUnits).where(eq(orgUnits.code, '001'));
    expect(
      (await c('estatal.mor').get(`/api/pec/cycles/${cycleId}/dashboard?unitId=${zoneUnit?.id}`)).statusCode,
    ).toBe(404);
  });

  it('count a school overdue when the step it waits on is past its date', async () => {
    const prev = (await c('supervisor').get(`/api/pec/cycles/${previousCycleId}/dashboard`)).json();
    expect(prev.schools[0]).toMatchObject({ code: '14DPR0001A', stage: 'eligible', overdue: true });
    expect(prev.overdue).toBe(1);
  });
});
