import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BodyDetail, Overview, PublicAlliance, Rollup } from '../../src/contract/alliance.ts';
import { activateAccounts } from '../support/accounts.ts';
import { type Client, ok, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Retiring an eje or a mesa takes it out of every total above it, and reactivating brings it back,
 * while the retired body's own card and page keep showing its figures. Fixture built through the
 * API as the platform administrator, next to the demo's Alianza: an eje 'RET' (3 + 3 seats, one
 * agreed task of its own) with mesa RET.1 (3 + 3 seats; an approved meta at 25 %, a draft meta, an
 * overdue task and an overdue deliverable) and mesa RET.2 (an approved meta at 50 %).
 */

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin@demo.calidad.mx');
  await buildFixture();
}, 120_000);
afterAll(() => t?.close());

const PASSWORD = 'retiradas-prueba-2026';
const DOMAIN = '@retiradas.test';
const email = (key: string) => `${key}${DOMAIN}`;
type Side = 'sep' | 'snte';
type Position = 'coordinator' | 'technical_secretary' | 'member' | 'minute_taker';

const f = { commission: 0, eje: 0, mesa1: 0, mesa2: 0, ids: new Map<string, string>() };

const clients = new Map<string, Client>();
async function as(key: string): Promise<Client> {
  let c = clients.get(key);
  if (!c) {
    c = await t.login(email(key), PASSWORD);
    clients.set(key, c);
  }
  return c;
}

const userId = (key: string) => {
  const v = f.ids.get(email(key));
  if (!v) throw new Error(`no user ${key}`);
  return v;
};

async function seat(bodyId: number, key: string, side: Side, position: Position) {
  await ok(
    admin.post(`/api/alliance/bodies/${bodyId}/seats`, {
      email: email(key),
      name: `Persona ${key}`,
      side,
      position,
      designatedOn: '2025-01-01',
    }),
  );
}

/** Coordinator (SEP), technical secretary (SNTE) and two members per side: parity for sessions. */
async function seatBody(bodyId: number, prefix: string) {
  await seat(bodyId, `${prefix}.coord`, 'sep', 'coordinator');
  await seat(bodyId, `${prefix}.st`, 'snte', 'technical_secretary');
  for (const n of [1, 2]) {
    await seat(bodyId, `${prefix}.sep${n}`, 'sep', 'member');
    await seat(bodyId, `${prefix}.snte${n}`, 'snte', 'member');
  }
}

const meta = (title: string) => ({
  title,
  indicator: 'Escuelas atendidas',
  unit: 'escuelas',
  baseline: 0,
  target: 200,
  dueOn: '2027-12-31',
  responsible: 'Dirección General de Desarrollo Curricular',
  normativeAnchor: 'ACE, eje de prueba',
});

/** A session of a body held with both sides present, its minutes approved with one agreed task. */
async function sessionWithTask(bodyId: number, prefix: string, task: string, dueOn: string) {
  const convener = await as(`${prefix}.coord`);
  const { id: meeting } = await ok<{ id: string }>(
    convener.post(`/api/alliance/bodies/${bodyId}/meetings`, {
      kind: 'ordinary',
      title: `Sesión de ${prefix}`,
      startsAt: '2026-11-24T11:00:00-06:00',
      endsAt: '2026-11-24T13:00:00-06:00',
      agenda: ['Seguimiento de metas'],
    }),
  );
  await ok(
    convener.post(`/api/alliance/meetings/${meeting}/attendance`, {
      present: [`${prefix}.coord`, `${prefix}.st`, `${prefix}.sep1`, `${prefix}.snte1`].map(userId),
    }),
  );
  await ok(
    convener.post(`/api/alliance/meetings/${meeting}/approve-minutes`, {
      minutes: 'Se revisó el avance.',
      tasks: [{ title: task, responsibleId: userId(`${prefix}.sep1`), dueOn }],
    }),
  );
}

async function buildFixture() {
  f.commission = ((await admin.get('/api/alliance/overview')).json() as Overview).commission.id;
  const body = async (parentId: number, kind: 'eje' | 'mesa', code: string, name: string) =>
    (
      await ok<{ id: number }>(
        admin.post('/api/alliance/bodies', {
          parentId,
          kind,
          code,
          name,
          ...(kind === 'mesa' ? { acuerdo: `Acuerdo de ${code}` } : {}),
        }),
      )
    ).id;
  f.eje = await body(f.commission, 'eje', 'RET', 'Eje de prueba de retiro');
  f.mesa1 = await body(f.eje, 'mesa', 'RET.1', 'Mesa que se retira');
  f.mesa2 = await body(f.eje, 'mesa', 'RET.2', 'Mesa que sigue');
  await seatBody(f.eje, 'eje');
  await seatBody(f.mesa1, 'm1');
  await seat(f.mesa2, 'm2.coord', 'sep', 'coordinator');
  await seat(f.mesa2, 'm2.st', 'snte', 'technical_secretary');
  for (const [email, id] of await activateAccounts(t, DOMAIN, PASSWORD)) f.ids.set(email, id);

  const m1 = await as('m1.coord');
  const m2 = await as('m2.coord');
  const eje = await as('eje.coord');
  const a = (
    await ok<{ id: number }>(m1.post(`/api/alliance/bodies/${f.mesa1}/metas`, meta('Meta de la mesa 1')))
  ).id;
  await ok(m1.post(`/api/alliance/bodies/${f.mesa1}/metas`, { title: 'Meta en borrador' }));
  const b = (
    await ok<{ id: number }>(m2.post(`/api/alliance/bodies/${f.mesa2}/metas`, meta('Meta de la mesa 2')))
  ).id;
  await ok(eje.post(`/api/alliance/metas/${a}/approve`, {}));
  await ok(eje.post(`/api/alliance/metas/${b}/approve`, {}));
  await ok(
    m1.post(`/api/alliance/metas/${a}/progress`, { period: '2026-T3', value: 50, narrative: 'Avance' }),
  );
  await ok(
    m2.post(`/api/alliance/metas/${b}/progress`, { period: '2026-T3', value: 100, narrative: 'Avance' }),
  );
  await ok(
    eje.post(`/api/alliance/bodies/${f.mesa1}/deliverables`, { title: 'Diagnóstico', dueOn: '2025-02-01' }),
  );
  await sessionWithTask(f.mesa1, 'm1', 'Tarea vencida de la mesa 1', '2025-03-01');
  await sessionWithTask(f.eje, 'eje', 'Tarea del eje', '2027-06-30');
}

interface Figures {
  commission: Rollup;
  whole: Rollup;
  eje: Overview['ejes'][number];
  mesa1: Overview['ejes'][number]['mesas'][number];
  mesa2: Overview['ejes'][number]['mesas'][number];
}

async function figures(): Promise<Figures> {
  const res = await admin.get('/api/alliance/overview');
  expect(res.statusCode).toBe(200);
  const o = res.json() as Overview;
  const eje = o.ejes.find((e) => e.id === f.eje);
  const mesa1 = eje?.mesas.find((m) => m.id === f.mesa1);
  const mesa2 = eje?.mesas.find((m) => m.id === f.mesa2);
  if (!eje || !mesa1 || !mesa2) throw new Error('fixture bodies missing from the overview');
  return { commission: o.commission.rollup, whole: o.rollup, eje, mesa1, mesa2 };
}

async function detail(id: number): Promise<BodyDetail> {
  const res = await admin.get(`/api/alliance/bodies/${id}`);
  expect(res.statusCode).toBe(200);
  return res.json() as BodyDetail;
}

async function publicEje(): Promise<PublicAlliance['ejes'][number] | undefined> {
  const p = (await t.anonymous().get('/api/alliance/public')).json() as PublicAlliance;
  return p.ejes.find((e) => e.code === 'RET');
}

const setRetired = (id: number, retired: boolean) =>
  ok(admin.patch(`/api/alliance/bodies/${id}`, { retired }));

const minus = (
  a: Rollup,
  b: Pick<Rollup, 'metas' | 'metasApproved' | 'openTasks' | 'overdueTasks'> & Partial<Rollup>,
) => ({
  metas: a.metas - b.metas,
  metasApproved: a.metasApproved - b.metasApproved,
  openTasks: a.openTasks - b.openTasks,
  overdueTasks: a.overdueTasks - b.overdueTasks,
  overdueDeliverables: a.overdueDeliverables - (b.overdueDeliverables ?? 0),
});

describe('retired Alianza bodies in the progress totals', () => {
  let before: Figures;

  it('counts every active body to start with', async () => {
    before = await figures();
    expect(before.mesa1.rollup).toMatchObject({
      metas: 2,
      metasApproved: 1,
      progress: 25,
      openTasks: 1,
      overdueTasks: 1,
      overdueDeliverables: 1,
    });
    expect(before.mesa2.rollup).toMatchObject({ metas: 1, metasApproved: 1, progress: 50, openTasks: 0 });
    expect(before.eje.rollup).toMatchObject({
      metas: 3,
      metasApproved: 2,
      progress: 37.5,
      openTasks: 2,
      overdueTasks: 1,
      overdueDeliverables: 1,
    });
    expect(before.eje.status).toBe('at_risk');
    expect(before.whole).toEqual(before.commission);
    expect(before.commission.metas).toBeGreaterThanOrEqual(3);
    expect((await publicEje())?.progress).toBe(37.5);
  });

  it('a retired mesa stops counting in its eje and the whole, but keeps its own figures', async () => {
    await setRetired(f.mesa1, true);
    const now = await figures();
    // Still listed, marked retired, with its own figures as they were.
    expect(now.mesa1.retired).toBe(true);
    expect(now.mesa1.rollup).toEqual(before.mesa1.rollup);
    expect(now.mesa1.status).toBe('at_risk');
    // The eje counts only mesa RET.2 and its own task: no longer at risk.
    expect(now.eje.rollup).toMatchObject({
      metas: 1,
      metasApproved: 1,
      progress: 50,
      openTasks: 1,
      overdueTasks: 0,
      overdueDeliverables: 0,
    });
    expect(now.eje.status).toBe('on_track');
    expect(now.mesa2.rollup).toEqual(before.mesa2.rollup);
    // The whole Alianza loses exactly the mesa's figures.
    expect(minus(before.commission, now.commission)).toEqual({
      metas: 2,
      metasApproved: 1,
      openTasks: 1,
      overdueTasks: 1,
      overdueDeliverables: 1,
    });
    expect(now.whole).toEqual(now.commission);

    // The mesa's own page still shows its figures; the eje's page counts without it.
    const page = await detail(f.mesa1);
    expect(page.retired).toBe(true);
    expect(page.rollup).toEqual(before.mesa1.rollup);
    expect(page.metas).toHaveLength(2);
    const ejePage = await detail(f.eje);
    expect(ejePage.rollup).toEqual(now.eje.rollup);
    expect(ejePage.children.find((c) => c.id === f.mesa1)).toMatchObject({
      retired: true,
      rollup: before.mesa1.rollup,
    });

    const pub = await publicEje();
    expect(pub?.progress).toBe(50);
    expect(pub?.acuerdos.map((a) => a.code)).toEqual(['RET.2']);
  });

  it('a reactivated mesa counts again', async () => {
    await setRetired(f.mesa1, false);
    const now = await figures();
    expect(now.mesa1.retired).toBe(false);
    expect(now).toEqual(before);
    expect((await publicEje())?.progress).toBe(37.5);
  });

  it('a retired eje stops counting in the whole; its mesas keep working and still count', async () => {
    await setRetired(f.eje, true);
    const now = await figures();
    // Its card and page show its figures as before (its own task and its active mesas').
    expect(now.eje.retired).toBe(true);
    expect(now.eje.rollup).toEqual(before.eje.rollup);
    expect((await detail(f.eje)).rollup).toEqual(before.eje.rollup);
    expect(now.mesa1.rollup).toEqual(before.mesa1.rollup);
    expect(now.mesa2.rollup).toEqual(before.mesa2.rollup);
    // The whole Alianza loses the eje's own task only: the mesas are not retired.
    expect(minus(before.commission, now.commission)).toEqual({
      metas: 0,
      metasApproved: 0,
      openTasks: 1,
      overdueTasks: 0,
      overdueDeliverables: 0,
    });
    expect(now.commission.progress).toBe(before.commission.progress);
    expect(now.whole).toEqual(now.commission);
    expect(await publicEje()).toBeUndefined();

    // A mesa retired under the retired eje drops out of the eje's figures and the whole too.
    await setRetired(f.mesa1, true);
    const both = await figures();
    expect(both.mesa1.rollup).toEqual(before.mesa1.rollup);
    expect(both.eje.rollup).toMatchObject({ metas: 1, metasApproved: 1, progress: 50, openTasks: 1 });
    expect(minus(before.commission, both.commission)).toEqual({
      metas: 2,
      metasApproved: 1,
      openTasks: 2,
      overdueTasks: 1,
      overdueDeliverables: 1,
    });
    await setRetired(f.mesa1, false);
  });

  it('a reactivated eje counts again', async () => {
    await setRetired(f.eje, false);
    const now = await figures();
    expect(now.eje.retired).toBe(false);
    expect(now).toEqual(before);
    expect((await publicEje())?.progress).toBe(37.5);
  });
});
