import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CallInfo,
  RegistrationDetail,
  RegistrationSummary,
  SelectionView,
} from '../../src/contract/enrollment.ts';
import type { AdaptationDetail } from '../../src/contract/rules.ts';
import { DEMO_PASSWORD } from '../../src/server/demo/data.ts';
import { seedPecEnrollment } from '../../src/server/demo/pec-enrollment.ts';
import { schools } from '../../src/server/modules/catalog/schema.ts';
import { pecCalls, pecParticipations } from '../../src/server/modules/enrollment/schema.ts';
import { orgUnits, roleAssignments } from '../../src/server/modules/org/schema.ts';
import { auditLog } from '../../src/server/platform/audit/schema.ts';
import { hashPassword } from '../../src/server/platform/auth/passwords.ts';
import { users } from '../../src/server/platform/auth/schema.ts';
import { mailOutbox } from '../../src/server/platform/mail/schema.ts';
import { todayMx } from '../../src/server/platform/time.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let director: Client;
let docente: Client;
let supervisor: Client;
let sector: Client;
let jal: Client;
let mor: Client;
let nacional: Client;
let morDirector: Client;
let cycleId: number;
const unit = {} as Record<'jalisco' | 'morelos' | 'school' | 'morSchool', { id: number; path: string }>;
const today = todayMx();
let regId: string;

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

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);

const upload = (c: Client, id: string, code: string, body: Buffer, type = 'application/pdf', name?: string) =>
  c.request({
    method: 'PUT',
    url: `/api/pec/registrations/${id}/documents/${code}${name ? `?fileName=${encodeURIComponent(name)}` : ''}`,
    headers: { 'content-type': type },
    payload: body,
  });
const patch = (c: Client, url: string, body: unknown) => c.patch(url, body);
const audits = async (entityId: string, entityType = 'pec_registration') =>
  (
    await t.ctx.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, entityId), eq(auditLog.entityType, entityType)))
      .orderBy(auditLog.at)
  ).map((r) => r.action);

const complete = {
  directorName: 'Diego Director Hernández',
  cepsPresidentName: 'Rosa Pérez Luna',
  cteEndorsedOn: day(today, -3),
  signedOn: day(today, -2),
};

beforeAll(async () => {
  t = await startTestApp();
  // The lead hooks the enrollment demo into the seed; until then this file seeds it itself.
  const [calls] = await t.ctx.db.select({ n: count() }).from(pecCalls);
  if (!calls?.n) await t.ctx.db.transaction((tx) => seedPecEnrollment(tx));
  director = await t.login('director@demo.calidad.mx');
  docente = await t.login('docente@demo.calidad.mx');
  supervisor = await t.login('supervisor@demo.calidad.mx');
  sector = await t.login('sector@demo.calidad.mx');
  jal = await t.login('estatal.jal@demo.calidad.mx');
  mor = await t.login('estatal.mor@demo.calidad.mx');
  nacional = await t.login('nacional@demo.calidad.mx');
  unit.jalisco = await unitBy('state', '14');
  unit.morelos = await unitBy('state', '17');
  unit.school = await unitBy('school', '14DPR0001A');
  unit.morSchool = await unitBy('school', '17DPR0101K');
  // A director of a Morelos school (the demo has none).
  const [u] = await t.ctx.db
    .insert(users)
    .values({
      email: 'director.mor@demo.calidad.mx',
      name: 'Directora Morelos',
      passwordHash: await hashPassword(DEMO_PASSWORD),
    })
    .returning();
  await t.ctx.db
    .insert(roleAssignments)
    .values({ userId: u?.id as string, role: 'school_director', unitId: unit.morSchool.id });
  morDirector = await t.login('director.mor@demo.calidad.mx');
  const cycles = (await nacional.get('/api/pec/cycles')).json() as { id: number; publishedVersion: number }[];
  cycleId = (cycles.find((c) => c.publishedVersion === 2) as { id: number }).id;
});
afterAll(() => t?.close());

describe('demo data', () => {
  it("shows each state's published call to its own schools only", async () => {
    const mine = (await director.get(`/api/pec/cycles/${cycleId}/calls`)).json() as CallInfo[];
    expect(mine.map((c) => [c.state.code, c.status])).toEqual([['14', 'published']]);
    expect(mine[0]?.budget).toBe(30_000_000);
    const all = (await nacional.get(`/api/pec/cycles/${cycleId}/calls`)).json() as CallInfo[];
    expect(all.map((c) => c.state.code)).toEqual(['14', '17']);
  });

  it('has eligible, ineligible and beyond-the-maximum registrations; Morelos published, Jalisco not', async () => {
    const list = (await jal.get(`/api/pec/cycles/${cycleId}/registrations`)).json() as RegistrationSummary[];
    expect(list.length).toBe(7);
    expect(list.every((r) => r.state.code === '14')).toBe(true);
    const by = (cct: string) => list.find((r) => r.school.cct === cct) as RegistrationSummary;
    expect(by('14DJN0003Y').eligible).toBe(false);
    expect(by('14DPR0006V')).toMatchObject({
      eligible: false,
      requiresExtraConditions: true,
      priorCycles: 5,
    });
    expect(by('14DPB0008T')).toMatchObject({ eligible: true, priorCycles: 1 });
    expect(by('14DPR0002Z')).toBeUndefined();
    expect(list.filter((r) => r.eligible).length).toBe(5);
    const missing = (
      await jal.get(`/api/pec/registrations/${by('14DJN0003Y').id}`)
    ).json() as RegistrationDetail;
    const check = missing.checks.find((c) => c.criterion === 'document:cuenta_bancaria');
    expect(check).toMatchObject({ met: false });
    expect(check?.message).toMatch(/Falta el documento: Constancia de la cuenta bancaria/);
    const beyond = (
      await jal.get(`/api/pec/registrations/${by('14DPR0006V').id}`)
    ).json() as RegistrationDetail;
    expect(beyond.checks.find((c) => c.criterion === 'cycles')?.message).toMatch(
      /requiere las condiciones adicionales.*suficiencia presupuestal/,
    );
    const morSel = (
      await mor.get(`/api/pec/cycles/${cycleId}/states/${unit.morelos.id}/selection`)
    ).json() as SelectionView;
    expect(morSel.published).toMatchObject({ selectedCount: 3 });
    const jalSel = (
      await jal.get(`/api/pec/cycles/${cycleId}/states/${unit.jalisco.id}/selection`)
    ).json() as SelectionView;
    expect(jalSel.published).toBeNull();
    expect(jalSel.can.decide).toBe(true);
  });
});

describe('registration', () => {
  it('registers the school, explains each criterion, and refuses what is out of scope', async () => {
    const body = {
      schoolUnitId: unit.school.id,
      commitment: { ...complete, cteEndorsedOn: '', cepsPresidentName: '' },
    };
    expect((await t.anonymous().post(`/api/pec/cycles/${cycleId}/registrations`, body)).statusCode).toBe(401);
    // A teacher reads the school but may not register it (no pec.register anywhere).
    expect((await docente.post(`/api/pec/cycles/${cycleId}/registrations`, body)).statusCode).toBe(403);
    // Another state's director does not even see the school.
    expect((await morDirector.post(`/api/pec/cycles/${cycleId}/registrations`, body)).statusCode).toBe(404);
    const res = await director.post(`/api/pec/cycles/${cycleId}/registrations`, body);
    expect(res.statusCode, res.body).toBe(201);
    const reg = res.json() as RegistrationDetail;
    regId = reg.id;
    expect(reg).toMatchObject({ eligible: false, priorCycles: 0, status: 'registered', selection: null });
    const commitment = reg.checks.find((c) => c.criterion === 'commitment');
    expect(commitment?.met).toBe(false);
    expect(commitment?.message).toMatch(/presidencia del CEPS.*aval del CTE/);
    expect(reg.checks.find((c) => c.criterion === 'level')).toMatchObject({ met: true });
    expect(reg.documents.map((d) => d.code)).toEqual([
      'solicitud',
      'carta_compromiso',
      'acta_ceps',
      'diagnostico',
      'cuenta_bancaria',
    ]);
    expect(reg.documents.every((d) => d.file === null)).toBe(true);
    expect(reg.registrationCloses).toBe(day(today, 14));
    const again = await director.post(`/api/pec/cycles/${cycleId}/registrations`, body);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('enrollment_already_registered');
  });

  it('takes each document by content (PDF, JPEG, PNG, at most 10 MB); eligibility and score follow', async () => {
    const text = await upload(
      director,
      regId,
      'solicitud',
      Buffer.from('hola, no soy un PDF'),
      'application/pdf',
    );
    expect(text.statusCode).toBe(415);
    expect(text.json().code).toBe('enrollment_file_type');
    const big = await upload(
      director,
      regId,
      'solicitud',
      Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]),
    );
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('file_too_large');
    expect((await upload(director, regId, 'pasaporte', PDF)).json().code).toBe('enrollment_unknown_document');
    expect((await upload(docente, regId, 'solicitud', PDF)).statusCode).toBe(403);
    expect((await upload(morDirector, regId, 'solicitud', PDF)).statusCode).toBe(404);
    let reg: RegistrationDetail | undefined;
    for (const code of ['solicitud', 'carta_compromiso', 'acta_ceps', 'diagnostico']) {
      const r = await upload(
        director,
        regId,
        code,
        code === 'acta_ceps'
          ? PNG
          : code === 'solicitud'
            ? Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)])
            : PDF,
        'application/octet-stream',
        `${code}.pdf`,
      );
      expect(r.statusCode, r.body).toBe(200);
      reg = r.json();
    }
    expect(reg?.checks.find((c) => c.criterion === 'document:cuenta_bancaria')?.met).toBe(false);
    const fixed = await patch(director, `/api/pec/registrations/${regId}`, { commitment: complete });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect((fixed.json() as RegistrationDetail).eligible).toBe(false);
    const last = await upload(director, regId, 'cuenta_bancaria', PDF, 'application/pdf', 'cuenta.pdf');
    reg = last.json() as RegistrationDetail;
    expect(reg.eligible).toBe(true);
    expect(reg.checks.every((c) => c.met)).toBe(true);
    // An urban school with low marginalization, first time in the programme: first participation only.
    expect(reg.score).toBe(10);
    expect(reg.priority.filter((p) => p.met)).toEqual([
      {
        criterion: 'first_participation',
        label: 'Primera participación en el programa',
        met: true,
        points: 10,
      },
    ]);
    expect(reg.grantCap).toBe(5_000_000);
    const dl = await director.get(`/api/pec/registrations/${regId}/documents/cuenta_bancaria`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.rawPayload.equals(PDF)).toBe(true);
    expect(await audits(regId)).toEqual([
      'pec.register',
      'pec.document_upload',
      'pec.document_upload',
      'pec.document_upload',
      'pec.document_upload',
      'pec.registration_update',
      'pec.document_upload',
    ]);
  });

  it('explains an ineligible level or funding, recomputed on the next change', async () => {
    await t.ctx.db
      .update(schools)
      .set({ level: 'inicial', funding: 'particular' })
      .where(eq(schools.unitId, unit.school.id));
    const r = (
      await patch(director, `/api/pec/registrations/${regId}`, { commitment: complete })
    ).json() as RegistrationDetail;
    expect(r.eligible).toBe(false);
    expect(r.checks.find((c) => c.criterion === 'level')?.message).toMatch(
      /El nivel inicial no participa; las reglas admiten: preescolar, primaria, secundaria/,
    );
    expect(r.checks.find((c) => c.criterion === 'funding')?.message).toMatch(/Sostenimiento particular/);
    const en = await director.get(`/api/pec/registrations/${regId}`, { 'accept-language': 'en' });
    expect(en.statusCode).toBe(200);
    await t.ctx.db
      .update(schools)
      .set({ level: 'primaria', funding: 'federal' })
      .where(eq(schools.unitId, unit.school.id));
    const back = (
      await patch(director, `/api/pec/registrations/${regId}`, { commitment: complete })
    ).json() as RegistrationDetail;
    expect(back.eligible).toBe(true);
  });

  it('is seen by the school, its supervisor, sector and state, not by another state', async () => {
    for (const c of [director, docente, supervisor, sector, jal, nacional])
      expect((await c.get(`/api/pec/registrations/${regId}`)).statusCode).toBe(200);
    expect((await mor.get(`/api/pec/registrations/${regId}`)).statusCode).toBe(404);
    expect((await morDirector.get(`/api/pec/registrations/${regId}`)).statusCode).toBe(404);
    expect((await t.anonymous().get(`/api/pec/registrations/${regId}`)).statusCode).toBe(401);
    const supList = (
      await supervisor.get(`/api/pec/cycles/${cycleId}/registrations`)
    ).json() as RegistrationSummary[];
    // Zone 001: 14DPR0001A and 14DJN0003Y (14DPR0002Z has not registered).
    expect(supList.map((r) => r.school.cct).sort()).toEqual(['14DJN0003Y', '14DPR0001A']);
    expect((await mor.get(`/api/pec/cycles/${cycleId}/registrations`)).json().length).toBe(4);
    expect(
      (await docente.patch(`/api/pec/registrations/${regId}`, { commitment: complete })).statusCode,
    ).toBe(403);
  });

  it('is refused after the registration deadline with the date, until an extension covers the school', async () => {
    const adaptation = (
      await jal.get(`/api/pec/cycles/${cycleId}/states/${unit.jalisco.id}/adaptation`)
    ).json() as AdaptationDetail;
    const original = adaptation.published;
    if (!original) throw new Error('no adaptation');
    const closed = { ...original, calendar: { ...original.calendar, registration_closes: day(today, -1) } };
    const url = `/api/pec/cycles/${cycleId}/states/${unit.jalisco.id}/adaptation`;
    expect(
      (await jal.request({ method: 'PUT', url: `${url}/draft`, payload: { document: closed } })).statusCode,
    ).toBe(200);
    expect((await jal.post(`${url}/publish`, { reason: 'Cierre anticipado del registro.' })).statusCode).toBe(
      200,
    );
    const refused = await patch(director, `/api/pec/registrations/${regId}`, { commitment: complete });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('deadline_passed');
    expect(refused.json().detail).toContain(day(today, -1));
    expect(refused.json().detail).toContain('Jalisco');
    const ext = await jal.post(`/api/pec/cycles/${cycleId}/extensions`, {
      unitId: unit.school.id,
      deadline: 'registration_closes',
      until: day(today, 3),
      reason: 'La escuela estuvo sin conexión por obras en la red.',
    });
    expect(ext.statusCode, ext.body).toBe(201);
    const passes = await patch(director, `/api/pec/registrations/${regId}`, { commitment: complete });
    expect(passes.statusCode, passes.body).toBe(200);
    expect((passes.json() as RegistrationDetail).registrationCloses).toBe(day(today, 3));
    // Put the state's calendar back.
    expect(
      (await jal.request({ method: 'PUT', url: `${url}/draft`, payload: { document: original } })).statusCode,
    ).toBe(200);
    expect((await jal.post(`${url}/publish`, { reason: 'Se restablece el calendario.' })).statusCode).toBe(
      200,
    );
  });

  it('withdraws and registers again', async () => {
    const w = await director.post(`/api/pec/registrations/${regId}/withdraw`);
    expect(w.statusCode, w.body).toBe(200);
    expect((w.json() as RegistrationDetail).status).toBe('withdrawn');
    expect(
      (await patch(director, `/api/pec/registrations/${regId}`, { commitment: complete })).json().code,
    ).toBe('enrollment_withdrawn');
    const again = await director.post(`/api/pec/cycles/${cycleId}/registrations`, {
      schoolUnitId: unit.school.id,
      commitment: complete,
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ id: regId, status: 'registered', eligible: true });
    expect((await audits(regId)).slice(-2)).toEqual(['pec.withdraw', 'pec.reregister']);
  });
});

describe('calls', () => {
  it('are drafted and published by the state coordination only', async () => {
    const body = {
      kind: 'extraordinary',
      title: 'Convocatoria extraordinaria',
      text: 'Para escuelas de zonas afectadas.',
      budget: 5_000_000,
    };
    expect(
      (await mor.post(`/api/pec/cycles/${cycleId}/states/${unit.jalisco.id}/calls`, body)).statusCode,
    ).toBe(404);
    expect(
      (await director.post(`/api/pec/cycles/${cycleId}/states/${unit.jalisco.id}/calls`, body)).statusCode,
    ).toBe(403);
    const dup = await jal.post(`/api/pec/cycles/${cycleId}/states/${unit.jalisco.id}/calls`, {
      ...body,
      kind: 'ordinary',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('enrollment_call_exists');
    const res = await jal.post(`/api/pec/cycles/${cycleId}/states/${unit.jalisco.id}/calls`, body);
    expect(res.statusCode, res.body).toBe(201);
    const call = res.json() as CallInfo;
    expect(call).toMatchObject({ status: 'draft', can: { manage: true } });
    // A draft is not shown to the schools.
    expect(((await director.get(`/api/pec/cycles/${cycleId}/calls`)).json() as CallInfo[]).length).toBe(1);
    expect((await director.get(`/api/pec/calls/${call.id}`)).statusCode).toBe(404);
    const edited = await jal.patch(`/api/pec/calls/${call.id}`, { budget: 0 });
    expect(edited.json().budget).toBe(0);
    expect((await jal.post(`/api/pec/calls/${call.id}/publish`)).statusCode).toBe(200);
    expect((await jal.patch(`/api/pec/calls/${call.id}`, { budget: 1 })).json().code).toBe(
      'enrollment_call_published',
    );
    expect(((await director.get(`/api/pec/cycles/${cycleId}/calls`)).json() as CallInfo[]).length).toBe(2);
    expect(await audits(String(call.id), 'pec_call')).toEqual([
      'pec.call_create',
      'pec.call_update',
      'pec.call_publish',
    ]);
  });
});

describe('selection', () => {
  const selUrl = () => `/api/pec/cycles/${cycleId}/states/${unit.jalisco.id}/selection`;

  it('ranks the eligible registrations and refuses a selection over the budget, naming the amounts', async () => {
    const view = (await jal.get(selUrl())).json() as SelectionView;
    expect(view.budget).toBe(30_000_000);
    const ccts = view.ranked.map((r) => r.registration.school.cct);
    expect(ccts).not.toContain('14DJN0003Y');
    expect(ccts).toContain('14DPR0006V');
    expect(ccts.length).toBe(7);
    const scores = view.ranked.map((r) => r.registration.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect((await mor.get(selUrl())).statusCode).toBe(404);
    expect((await supervisor.get(selUrl())).statusCode).toBe(404);
    const ids = view.ranked.map((r) => r.registration.id);
    const over = await jal.post(`${selUrl()}/choose`, { registrationIds: ids, selected: true });
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('enrollment_over_budget');
    expect(over.json().detail).toContain('$350,000.00');
    expect(over.json().detail).toContain('$300,000.00');
    expect(over.json().detail).toContain('por $50,000.00');
    expect((await mor.post(`${selUrl()}/choose`, { registrationIds: ids, selected: true })).statusCode).toBe(
      404,
    );
    expect(
      (await director.post(`${selUrl()}/choose`, { registrationIds: ids, selected: true })).statusCode,
    ).toBe(403);
    const list = (await jal.get(`/api/pec/cycles/${cycleId}/registrations`)).json() as RegistrationSummary[];
    const ineligible = list.find((r) => r.school.cct === '14DJN0003Y') as RegistrationSummary;
    const no = await jal.post(`${selUrl()}/choose`, { registrationIds: [ineligible.id], selected: true });
    expect(no.json()).toMatchObject({ status: 422, code: 'enrollment_not_eligible' });
    const ok = await jal.post(`${selUrl()}/choose`, { registrationIds: ids.slice(0, 7), selected: true });
    expect(ok.statusCode).toBe(409);
    const six = await jal.post(`${selUrl()}/choose`, { registrationIds: ids.slice(0, 6), selected: true });
    expect(six.statusCode, six.body).toBe(200);
    const chosen = six.json() as SelectionView;
    expect(chosen.committed).toBe(30_000_000);
    expect(chosen.remaining).toBe(0);
    expect(chosen.ranked.map((r) => r.runningTotal).at(-1)).toBe(30_000_000);
    // Provisional: the school does not see a result yet.
    expect((await jal.get(`/api/pec/registrations/${ids[0]}`)).json().selection).toBeNull();
    const drop = await jal.post(`${selUrl()}/choose`, { registrationIds: [ids[5]], selected: false });
    expect((drop.json() as SelectionView).committed).toBe(25_000_000);
    expect(
      (await jal.post(`${selUrl()}/choose`, { registrationIds: [ids[5]], selected: true })).statusCode,
    ).toBe(200);
  });

  it('publishes: selected / not selected, participations, directors mailed, public list; then fixed', async () => {
    const before = (await jal.get(selUrl())).json() as SelectionView;
    const chosen = before.ranked.filter((r) => r.chosen).map((r) => r.registration);
    expect(chosen.length).toBe(6);
    const mailsBefore = (await t.ctx.db.select({ n: count() }).from(mailOutbox))[0]?.n ?? 0;
    const res = await jal.post(`${selUrl()}/publish`, {
      minutes: 'Acta de la sesión del comité local de selección.',
    });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json() as SelectionView;
    expect(view.published).toMatchObject({ selectedCount: 6, committed: 30_000_000 });
    expect(view.can.decide).toBe(false);
    const list = (await jal.get(`/api/pec/cycles/${cycleId}/registrations`)).json() as RegistrationSummary[];
    for (const r of list)
      expect(r.selection).toBe(chosen.some((c) => c.id === r.id) ? 'selected' : 'not_selected');
    const [cycle] = (await nacional.get('/api/pec/cycles'))
      .json()
      .filter((c: { id: number }) => c.id === cycleId);
    const parts = await t.ctx.db
      .select()
      .from(pecParticipations)
      .where(
        and(
          eq(pecParticipations.schoolYear, cycle.schoolYear),
          inArray(
            pecParticipations.schoolUnitId,
            chosen.map((c) => c.school.id),
          ),
        ),
      );
    expect(parts.length).toBe(6);
    const mails = await t.ctx.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.to, 'director@demo.calidad.mx'));
    const mine = mails.find((m) => m.subject.includes('14DPR0001A'));
    expect(mine?.text).toMatch(/Escuelas de Calidad/);
    expect(mine?.text).toMatch(
      chosen.some((c) => c.school.cct === '14DPR0001A') ? /fue seleccionada/ : /no fue seleccionada/,
    );
    expect(mine?.text).toMatch(/School 14DPR0001A/);
    expect(
      ((await t.ctx.db.select({ n: count() }).from(mailOutbox))[0]?.n ?? 0) - mailsBefore,
    ).toBeGreaterThanOrEqual(1);

    const pub = await t.anonymous().get(`/api/pec/public/cycles/${cycleId}/selected?state=14`);
    expect(pub.statusCode).toBe(200);
    expect(pub.headers['cache-control']).toBe('public, max-age=300');
    expect(pub.body).not.toContain('@');
    const rows = pub.json() as {
      cct: string;
      name: string;
      municipality: string;
      state: { code: string };
      grantCap: number;
    }[];
    expect(rows.map((r) => r.cct).sort()).toEqual(chosen.map((c) => c.school.cct).sort());
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(['cct', 'grantCap', 'municipality', 'name', 'state']);
    const both = (await t.anonymous().get(`/api/pec/public/cycles/${cycleId}/selected`)).json() as {
      state: { code: string };
    }[];
    expect(both.filter((r) => r.state.code === '17').length).toBe(3);

    const again = await jal.post(`${selUrl()}/publish`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('enrollment_selection_published');
    expect(
      (await jal.post(`${selUrl()}/choose`, { registrationIds: [chosen[0]?.id], selected: false }))
        .statusCode,
    ).toBe(409);
    expect(
      (await patch(director, `/api/pec/registrations/${regId}`, { commitment: complete })).json().code,
    ).toBe('enrollment_selection_published');

    const entries = await t.ctx.db
      .select({ action: auditLog.action, entityId: auditLog.entityId })
      .from(auditLog)
      .where(sql`${auditLog.action} like 'pec.selection_%'`);
    expect(entries.filter((e) => e.action === 'pec.selection_publish')).toEqual([
      { action: 'pec.selection_publish', entityId: `${cycleId}:${unit.jalisco.id}` },
    ]);
    expect(entries.filter((e) => e.action === 'pec.selection_result').length).toBe(list.length);
    expect(entries.filter((e) => e.action === 'pec.selection_choose').length).toBe(2);
    expect(entries.filter((e) => e.action === 'pec.selection_unchoose').length).toBe(1);
  });
});
