import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard, PlanDetail } from '../../src/contract/planning.ts';
import type { CycleSummary } from '../../src/contract/rules.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** The Escuelas de Calidad demo tells the cycle's story: schools at every stage, a PAT returned and one approved. */
let t: TestApp;
let cycleId: number;
beforeAll(async () => {
  t = await startTestApp();
  const nacional = await t.login('nacional@demo.calidad.mx');
  const cycles = (await nacional.get('/api/pec/cycles')).json() as CycleSummary[];
  cycleId = (cycles.find((c) => c.publishedVersion === 2) as CycleSummary).id;
});
afterAll(() => t?.close());

describe('the Escuelas de Calidad demo', () => {
  it('has schools at every stage in Jalisco and selected schools in Morelos', async () => {
    const jal = (
      await (await t.login('estatal.jal@demo.calidad.mx')).get(`/api/pec/cycles/${cycleId}/dashboard`)
    ).json() as Dashboard;
    for (const stage of [
      'not_registered',
      'registered',
      'eligible',
      'plan_submitted',
      'returned',
      'approved',
    ] as const)
      expect(jal.totals[stage], stage).toBeGreaterThan(0);
    const mor = (
      await (await t.login('estatal.mor@demo.calidad.mx')).get(`/api/pec/cycles/${cycleId}/dashboard`)
    ).json() as Dashboard;
    expect(mor.totals.selected).toBeGreaterThan(0);
  });

  it("zone 002's supervisor sees a PAT returned with observations and one approved", async () => {
    const sup = await t.login('supervisor.zapopan@demo.calidad.mx');
    const zone = (await sup.get(`/api/pec/cycles/${cycleId}/dashboard`)).json() as Dashboard;
    const by = Object.fromEntries(zone.schools.map((s) => [s.code, s]));
    expect(by['14DPR0004X']?.stage).toBe('returned');
    expect(by['14DES0005W']?.stage).toBe('approved');
    const returned = (await sup.get(`/api/pec/plans/${by['14DPR0004X']?.planId}`)).json() as PlanDetail;
    expect(returned.observations.map((o) => o.stage)).toEqual(['supervisor', 'supervisor']);
    expect(returned.content.pat.actions).toHaveLength(3);
    const approved = (await sup.get(`/api/pec/plans/${by['14DES0005W']?.planId}`)).json() as PlanDetail;
    expect(approved.locked).toBe(true);
    expect(approved.workflow.timeline.map((e) => e.action)).toEqual([
      'create',
      'submit',
      'endorse',
      'approve_with_observations',
    ]);
  });
});

describe('the public Escuelas de Calidad pages', () => {
  it('list the cycles with published rules and, per cycle, the selected schools, signed out', async () => {
    const anon = t.anonymous();
    const cycles = (await anon.get('/api/pec/public/cycles')).json() as { id: number; schoolYear: string }[];
    expect(cycles.map((c) => c.id)).toContain(cycleId);
    const selected = (await anon.get(`/api/pec/public/cycles/${cycleId}/selected?state=17`)).json() as {
      cct: string;
    }[];
    expect(selected.length).toBeGreaterThan(0);
    expect(JSON.stringify(selected)).not.toMatch(/@/);
  });

  it('closes a Cuautla school with its spending proven, its reintegro deposited and its council’s acknowledgement', async () => {
    const director = await t.login('director.cuautla@demo.calidad.mx');
    const unit = (await director.get('/api/me')).json().assignments[0].unit;
    const report = (
      await director.get(`/api/pec/cycles/${cycleId}/schools/${unit.id}/accountability`)
    ).json();
    expect(report.closedAt).not.toBeNull();
    expect(report.spent).toBeGreaterThan(0);
    expect(report.income.map((i: { source: string }) => i.source)).toEqual(
      expect.arrayContaining(['initial', 'match', 'padres']),
    );
    expect(report.return.returnedAt).not.toBeNull();
    expect(report.balance).toBe(0);
    expect(report.acknowledgement).toMatchObject({ acknowledged: true, attendees: 23 });
    const zone = (
      await (await t.login('supervisor.cuautla@demo.calidad.mx')).get(`/api/pec/cycles/${cycleId}/dashboard`)
    ).json() as Dashboard;
    const planId = zone.schools.find((s) => s.code === '17DES0104H')?.planId as string;
    const expenses = (await director.get(`/api/pec/plans/${planId}/expenses`)).json().expenses;
    expect(expenses.every((e: { state: string }) => e.state === 'accepted')).toBe(true);
    expect(
      expenses.some((e: { timeline: { action: string }[] }) =>
        e.timeline.some((x) => x.action === 'observe'),
      ),
    ).toBe(true);
    const page = await t.anonymous().get(`/transparencia/pec/escuelas/17DES0104H?ciclo=${cycleId}`);
    expect(page.body).toContain('lo dio por recibido');
  });
});
