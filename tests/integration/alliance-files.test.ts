import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { META_COLUMNS, PROGRESS_COLUMNS, TASK_COLUMNS } from '../../src/server/modules/alliance/exports.ts';
import {
  actaModel,
  fechaHoraMx,
  IMMUTABLE_LEGEND,
  resolutionModel,
  synthesisModel,
} from '../../src/server/modules/alliance/pdf.ts';
import { allianceBodies } from '../../src/server/modules/alliance/schema.ts';
import { renderPdf } from '../../src/server/platform/pdf/render.ts';
import { fechaDia } from '../../src/server/platform/time.ts';
import { activateAccounts } from '../support/accounts.ts';
import { type Client, ok, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * PDFs and exports of the Alianza, on a fixture of its own built through the API as the platform
 * administrator (so it does not depend on the demo's Alianza data): an eje 'ARCH' with two mesas,
 * each 3 + 3 seats, plus one seat per side on the commission and the secretariat. The chain runs
 * end to end: metas and progress, a validated document, two executive syntheses decided at one
 * commission session (the second resolution supersedes the first), mesa sessions with agreed tasks.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await buildFixture();
}, 120_000);
afterAll(() => t?.close());

const PASSWORD = 'archivos-prueba-2026';
const DOMAIN = '@archivos.test';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMULA_TITLE = '=CMD("calc")';

type Side = 'sep' | 'snte';
type Position = 'coordinator' | 'technical_secretary' | 'member' | 'minute_taker';
const email = (key: string) => `${key}${DOMAIN}`;

const f = {
  commission: 0,
  secretariat: 0,
  eje: 0,
  mesa1: 0,
  mesa2: 0,
  ids: new Map<string, string>(),
  metaFormula: 0,
  metaAulas: 0,
  metaMesa2: 0,
  document1: '',
  document2: '',
  synthesis1: '',
  synthesis2: '',
  commissionMeeting: '',
  mesa1Meeting: '',
  mesa2Meeting: '',
  resolution1: '',
  resolution2: '',
};

const clients = new Map<string, Client>();
async function as(key: string): Promise<Client> {
  let c = clients.get(key);
  if (!c) {
    c = key === 'admin' ? await t.login('admin@demo.calidad.mx') : await t.login(email(key), PASSWORD);
    clients.set(key, c);
  }
  return c;
}

/** The commission and secretariat are seeded on every install; create them if this tree predates that. */
async function roots(admin: Client): Promise<{ commission: number; secretariat: number }> {
  let res = await admin.get('/api/alliance/overview');
  if (res.statusCode === 404) {
    const db = t.ctx.db;
    const [cr] = await db
      .insert(allianceBodies)
      .values({ kind: 'commission', parentId: null, path: 'pending', code: 'CR', name: 'Comisión Rectora' })
      .returning();
    if (!cr) throw new Error('commission insert failed');
    await db
      .update(allianceBodies)
      .set({ path: `/${cr.id}/` })
      .where(eq(allianceBodies.id, cr.id));
    const [st] = await db
      .insert(allianceBodies)
      .values({
        kind: 'secretariat',
        parentId: cr.id,
        path: 'pending',
        code: 'ST',
        name: 'Secretariado Técnico SEP-SNTE',
      })
      .returning();
    if (!st) throw new Error('secretariat insert failed');
    await db
      .update(allianceBodies)
      .set({ path: `/${cr.id}/${st.id}/` })
      .where(eq(allianceBodies.id, st.id));
    res = await admin.get('/api/alliance/overview');
  }
  const o = res.json() as { commission: { id: number }; secretariat: { id: number } | null };
  if (!o.secretariat) throw new Error('no secretariat');
  return { commission: o.commission.id, secretariat: o.secretariat.id };
}

async function seat(
  admin: Client,
  bodyId: number,
  key: string,
  name: string,
  side: Side,
  position: Position,
) {
  await ok(
    admin.post(`/api/alliance/bodies/${bodyId}/seats`, {
      email: email(key),
      name,
      side,
      position,
      designatedOn: '2025-01-01',
    }),
  );
}

/** Coordinator (SEP), technical secretary (SNTE) and two members per side: 3 + 3. */
async function seatBody(admin: Client, bodyId: number, prefix: string, label: string) {
  await seat(admin, bodyId, `${prefix}.coord`, `Coordinadora ${label} Salas`, 'sep', 'coordinator');
  await seat(admin, bodyId, `${prefix}.st`, `Secretario ${label} Ibarra`, 'snte', 'technical_secretary');
  await seat(admin, bodyId, `${prefix}.sep1`, `Integrante ${label} SEP Uno`, 'sep', 'member');
  await seat(admin, bodyId, `${prefix}.sep2`, `Integrante ${label} SEP Dos`, 'sep', 'member');
  await seat(admin, bodyId, `${prefix}.snte1`, `Integrante ${label} SNTE Uno`, 'snte', 'member');
  await seat(admin, bodyId, `${prefix}.snte2`, `Integrante ${label} SNTE Dos`, 'snte', 'member');
}

const id = (key: string) => {
  const v = f.ids.get(email(key));
  if (!v) throw new Error(`no user ${key}`);
  return v;
};

const meta = (title: string) => ({
  title,
  indicator: 'Escuelas rehabilitadas',
  unit: 'escuelas',
  baseline: 0,
  target: 200,
  dueOn: '2027-12-31',
  responsible: 'Dirección General de Infraestructura',
  normativeAnchor: 'ACE, eje I, acuerdo 1',
});

async function validatedDocument(title: string): Promise<string> {
  const { id: doc } = await ok<{ id: string }>(
    (await as('m1.sep1')).post(`/api/alliance/bodies/${f.mesa1}/documents`, {
      kind: 'proposal',
      title,
      body: 'Diagnóstico de planteles y propuesta de rehabilitación por entidad.',
    }),
  );
  await ok((await as('m1.coord')).post(`/api/alliance/documents/${doc}/submit`, {}));
  await ok((await as('eje.coord')).post(`/api/alliance/documents/${doc}/validate`, {}));
  return doc;
}

async function convenedMeeting(convener: string, bodyId: number, title: string, present: string[]) {
  const { id: meeting } = await ok<{ id: string }>(
    (await as(convener)).post(`/api/alliance/bodies/${bodyId}/meetings`, {
      kind: 'ordinary',
      title,
      startsAt: '2026-11-24T11:00:00-06:00',
      endsAt: '2026-11-24T13:30:00-06:00',
      place: 'Ciudad de México, sala de juntas',
      agenda: ['Lectura del acta anterior', 'Seguimiento de metas'],
    }),
  );
  return {
    meeting,
    hold: () =>
      as(convener).then((c) =>
        c.post(`/api/alliance/meetings/${meeting}/attendance`, { present: present.map(id) }),
      ),
  };
}

async function buildFixture() {
  const admin = await as('admin');
  const { commission, secretariat } = await roots(admin);
  f.commission = commission;
  f.secretariat = secretariat;
  f.eje = (
    await ok<{ id: number }>(
      admin.post('/api/alliance/bodies', {
        parentId: commission,
        kind: 'eje',
        code: 'ARCH',
        name: 'Eje de prueba de archivos',
      }),
    )
  ).id;
  f.mesa1 = (
    await ok<{ id: number }>(
      admin.post('/api/alliance/bodies', {
        parentId: f.eje,
        kind: 'mesa',
        code: 'ARCH.1',
        name: 'Mesa de rehabilitación de planteles',
        acuerdo: 'Rehabilitar las escuelas en mal estado',
      }),
    )
  ).id;
  f.mesa2 = (
    await ok<{ id: number }>(
      admin.post('/api/alliance/bodies', {
        parentId: f.eje,
        kind: 'mesa',
        code: 'ARCH.2',
        name: 'Mesa de equipamiento',
        acuerdo: 'Equipar y conectar aulas',
      }),
    )
  ).id;
  // A second mesa with a code already used under the same eje is refused, saying which code.
  const again = await admin.post('/api/alliance/bodies', {
    parentId: f.eje,
    kind: 'mesa',
    code: 'ARCH.2',
    name: 'Otra mesa',
  });
  expect(again.statusCode).toBe(409);
  expect(again.json()).toMatchObject({ code: 'alliance_code_taken' });
  expect(again.json().detail).toContain('ARCH.2');
  await seat(admin, commission, 'cr.sep', 'Comisionada SEP Robles', 'sep', 'member');
  await seat(admin, commission, 'cr.snte', 'Comisionado SNTE Treviño', 'snte', 'member');
  await seat(admin, secretariat, 'st.sep', 'Secretaria Técnica SEP Lozano', 'sep', 'technical_secretary');
  await seat(admin, secretariat, 'st.snte', 'Secretario Técnico SNTE Mena', 'snte', 'technical_secretary');
  await seatBody(admin, f.eje, 'eje', 'del eje');
  await seatBody(admin, f.mesa1, 'm1', 'de la mesa 1');
  await seatBody(admin, f.mesa2, 'm2', 'de la mesa 2');
  for (const [email, id] of await activateAccounts(t, DOMAIN, PASSWORD)) f.ids.set(email, id);

  // Metas: one whose title looks like a formula; progress on mesa 1 and on mesa 2.
  const m1 = await as('m1.coord');
  const m2 = await as('m2.coord');
  const eje = await as('eje.coord');
  f.metaFormula = (
    await ok<{ id: number }>(m1.post(`/api/alliance/bodies/${f.mesa1}/metas`, meta(FORMULA_TITLE)))
  ).id;
  f.metaAulas = (
    await ok<{ id: number }>(
      m1.post(`/api/alliance/bodies/${f.mesa1}/metas`, { title: 'Meta en borrador sin indicador' }),
    )
  ).id;
  f.metaMesa2 = (
    await ok<{ id: number }>(
      m2.post(`/api/alliance/bodies/${f.mesa2}/metas`, meta('Meta exclusiva de la mesa 2')),
    )
  ).id;
  await ok(eje.post(`/api/alliance/metas/${f.metaFormula}/approve`, {}));
  await ok(eje.post(`/api/alliance/metas/${f.metaMesa2}/approve`, {}));
  await ok(
    (await as('m1.sep1')).post(`/api/alliance/metas/${f.metaFormula}/progress`, {
      period: '2026-T3',
      value: 50,
      narrative: 'Avance del tercer trimestre de la mesa 1',
      evidence: '+Informe trimestral',
    }),
  );
  await ok(
    m2.post(`/api/alliance/metas/${f.metaMesa2}/progress`, {
      period: '2026-T3',
      value: 20,
      narrative: 'Avance reservado a la mesa 2',
    }),
  );

  // Two validated documents, two syntheses sent to the commission.
  f.document1 = await validatedDocument('Propuesta de rehabilitación de planteles');
  f.document2 = await validatedDocument('Propuesta revisada de rehabilitación');
  f.synthesis1 = (
    await ok<{ id: string }>(
      eje.post(`/api/alliance/bodies/${f.eje}/syntheses`, {
        title: 'Síntesis de rehabilitación de planteles',
        summary: 'Las mesas proponen rehabilitar planteles con prioridad en zonas de alta marginación.',
        recommendations: 'Aprobar el programa de rehabilitación y su calendario.',
        documentIds: [f.document1],
      }),
    )
  ).id;
  f.synthesis2 = (
    await ok<{ id: string }>(
      eje.post(`/api/alliance/bodies/${f.eje}/syntheses`, {
        title: 'Síntesis revisada de rehabilitación',
        summary: 'Se ajusta el calendario de rehabilitación.',
        recommendations: 'Sustituir la resolución anterior con el calendario ajustado.',
        documentIds: [f.document2],
      }),
    )
  ).id;
  await ok(eje.post(`/api/alliance/syntheses/${f.synthesis1}/send`, {}));
  await ok(eje.post(`/api/alliance/syntheses/${f.synthesis2}/send`, {}));

  // The commission session: both syntheses on its agenda, both sides present, two decisions.
  const st = await as('st.sep');
  const cm = await convenedMeeting('st.sep', commission, 'Sesión ordinaria de noviembre', [
    'cr.sep',
    'cr.snte',
  ]);
  f.commissionMeeting = cm.meeting;
  await ok(st.post(`/api/alliance/syntheses/${f.synthesis1}/schedule`, { meetingId: cm.meeting }));
  await ok(st.post(`/api/alliance/syntheses/${f.synthesis2}/schedule`, { meetingId: cm.meeting }));
  await ok(cm.hold());
  const cr = await as('cr.sep');
  f.resolution1 = (
    await ok<{ resolutionId: string }>(
      cr.post(`/api/alliance/syntheses/${f.synthesis1}/decision`, {
        outcome: 'approved_with_observations',
        sepPosition: 'agree',
        sntePosition: 'agree',
        reasons: 'Ambas partes coinciden en la prioridad de la rehabilitación.',
        observations: [{ bodyId: f.mesa1, text: 'Desglosar la meta por entidad federativa' }],
        resolutionTitle: 'Programa de rehabilitación de planteles',
        resolutionText: 'Se aprueba el programa de rehabilitación de planteles.',
      }),
    )
  ).resolutionId;
  f.resolution2 = (
    await ok<{ resolutionId: string }>(
      cr.post(`/api/alliance/syntheses/${f.synthesis2}/decision`, {
        outcome: 'approved',
        sepPosition: 'agree',
        sntePosition: 'agree',
        reasons: 'Se ajusta el calendario.',
        resolutionTitle: 'Calendario ajustado de rehabilitación',
        resolutionText: 'Se aprueba el calendario ajustado y se sustituye la resolución anterior.',
        supersedesResolutionId: f.resolution1,
      }),
    )
  ).resolutionId;
  await ok(
    st.post(`/api/alliance/meetings/${cm.meeting}/approve-minutes`, {
      minutes: 'Se analizaron las síntesis del eje de prueba.\n\nSe aprobaron por consenso.',
      tasks: [
        { title: 'Publicar el calendario ajustado', responsibleId: id('cr.snte'), dueOn: '2027-01-31' },
      ],
    }),
  );
  // The resolution goes down the chain: its observation becomes a task of mesa 1.
  await ok(st.post(`/api/alliance/resolutions/${f.resolution1}/distribute`, {}));
  await ok(eje.post(`/api/alliance/resolutions/${f.resolution1}/inform`, {}));

  // Mesa sessions with agreed tasks.
  const s1 = await convenedMeeting('m1.coord', f.mesa1, 'Primera sesión de la mesa 1', [
    'm1.coord',
    'm1.sep1',
    'm1.st',
    'm1.snte1',
  ]);
  f.mesa1Meeting = s1.meeting;
  await ok(s1.hold());
  await ok(
    m1.post(`/api/alliance/meetings/${s1.meeting}/approve-minutes`, {
      minutes: 'La mesa revisó el avance de sus metas.',
      tasks: [
        { title: 'Levantar el inventario de planteles', responsibleId: id('m1.sep1'), dueOn: '2027-02-15' },
      ],
    }),
  );
  const s2 = await convenedMeeting('m2.coord', f.mesa2, 'Primera sesión de la mesa 2', ['m2.coord', 'm2.st']);
  f.mesa2Meeting = s2.meeting;
  await ok(s2.hold());
  await ok(
    m2.post(`/api/alliance/meetings/${s2.meeting}/approve-minutes`, {
      minutes: 'La mesa 2 acordó su plan.',
      tasks: [{ title: 'Tarea exclusiva de la mesa 2', responsibleId: id('m2.st'), dueOn: '2027-03-01' }],
    }),
  );
}

const csvRows = (body: string): string[][] => parse(body.replace(/^\uFEFF/, ''), { relaxColumnCount: false });

async function sheetRows(body: Buffer): Promise<{ name: string; rows: ExcelJS.Row[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  const rows: ExcelJS.Row[] = [];
  ws.eachRow((r) => rows.push(r));
  return { name: ws.name, rows };
}

/** All the text of a document model, to look for what a reader must find in the PDF. */
const modelText = (m: Awaited<ReturnType<typeof actaModel>>) =>
  JSON.stringify([m.title, m.subtitle, m.meta, m.sections, m.footer]);

describe('Alianza PDFs', () => {
  const pdfs = () => [
    `/api/alliance/meetings/${f.mesa1Meeting}/acta.pdf`,
    `/api/alliance/meetings/${f.commissionMeeting}/acta.pdf`,
    `/api/alliance/syntheses/${f.synthesis1}/sintesis.pdf`,
    `/api/alliance/resolutions/${f.resolution1}/resolucion.pdf`,
  ];

  it('answers a PDF download to a permitted reader', async () => {
    for (const reader of ['m1.sep1', 'eje.coord', 'cr.snte', 'st.snte']) {
      const c = await as(reader);
      for (const url of pdfs()) {
        const res = await c.get(url);
        expect(res.statusCode, `${reader} ${url}`).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.pdf"$/);
        expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      }
    }
    const res = await (await as('m1.sep1')).get(`/api/alliance/resolutions/${f.resolution2}/resolucion.pdf`);
    expect(res.headers['content-disposition']).toContain('resolucion-CR-');
  });

  it('answers 404 to someone with no seat, and to a mesa outside the reader’s branch', async () => {
    const director = await t.login('director@demo.calidad.mx');
    for (const url of pdfs()) expect((await director.get(url)).statusCode, url).toBe(404);
    const m2 = await as('m2.sep1');
    expect((await m2.get(`/api/alliance/meetings/${f.mesa1Meeting}/acta.pdf`)).statusCode).toBe(404);
    // The eje's own documents are above mesa 2, so readable.
    expect((await m2.get(`/api/alliance/syntheses/${f.synthesis1}/sintesis.pdf`)).statusCode).toBe(200);
    expect((await t.anonymous().get(pdfs()[0] as string)).statusCode).toBe(401);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const admin = await as('admin');
    expect((await admin.get(`/api/alliance/meetings/${unknown}/acta.pdf`)).statusCode).toBe(404);
  });

  it('the minutes carry attendance by side, quorum, agenda, minutes, tasks and signature lines', async () => {
    const c = await as('m1.sep1');
    const detail = await ok<Parameters<typeof actaModel>[0]>(
      c.get(`/api/alliance/meetings/${f.mesa1Meeting}`),
    );
    const model = actaModel(detail, [
      { position: 'coordinator', name: 'Coordinadora de la mesa 1 Salas', side: 'sep' },
      { position: 'technical_secretary', name: 'Secretario de la mesa 1 Ibarra', side: 'snte' },
    ]);
    const text = modelText(model);
    expect(model.title).toBe('Acta de la sesión ordinaria');
    for (const s of [
      'ARCH.1 · Mesa de rehabilitación de planteles',
      'Primera sesión de la mesa 1',
      // 11:00 in Mexico City (UTC−6), whatever the server's zone.
      fechaHoraMx('2026-11-24T17:00:00.000Z'),
      '24 de noviembre de 2026 a las 11:00 a.m.',
      'Ciudad de México, sala de juntas',
      'Asistencia: integrantes de la SEP',
      'Asistencia: integrantes del SNTE',
      '2 de 3 integrantes convocados estuvieron presentes.',
      'Integrante de la mesa 1 SEP Dos',
      'Ausente',
      'Presente',
      'Hubo quórum',
      '1. Lectura del acta anterior',
      '2. Seguimiento de metas',
      'La mesa revisó el avance de sus metas.',
      'Levantar el inventario de planteles',
      'Integrante de la mesa 1 SEP Uno',
      fechaDia('2027-02-15'),
      'Firmas',
      'Coordinadora de la mesa 1 Salas (SEP)',
      'Secretario de la mesa 1 Ibarra (SNTE)',
      '______',
    ])
      expect(text).toContain(s);
    expect(fechaDia('2027-02-15')).toBe('15 de febrero de 2027');

    // The commission's minutes record the decisions taken.
    const cm = await ok<Parameters<typeof actaModel>[0]>(
      c.get(`/api/alliance/meetings/${f.commissionMeeting}`),
    );
    const cmText = modelText(actaModel(cm, []));
    expect(cmText).toContain('Decisiones tomadas');
    expect(cmText).toContain('Síntesis de rehabilitación de planteles');
    expect(cmText).toContain('Aprobada con observaciones (consenso)');
    expect(cmText).toContain('De acuerdo');
    expect(cmText).toContain('Publicar el calendario ajustado');

    const pdf = await renderPdf(model, { compress: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('the synthesis carries its eje, summary, recommendations, documents with versions and state', async () => {
    const c = await as('eje.coord');
    const detail = await ok<Parameters<typeof synthesisModel>[0]>(
      c.get(`/api/alliance/syntheses/${f.synthesis1}`),
    );
    const text = modelText(synthesisModel(detail));
    for (const s of [
      'Síntesis ejecutiva',
      'ARCH · Eje de prueba de archivos',
      'Aprobada',
      'con prioridad en zonas de alta marginación',
      'Aprobar el programa de rehabilitación y su calendario.',
      'Propuesta de rehabilitación de planteles',
      'Propuesta',
      'ARCH.1 · Mesa de rehabilitación de planteles',
      '"1"',
      'Sesión ordinaria de noviembre',
    ])
      expect(text).toContain(s);
  });

  it('the resolution carries its decision, observations, lineage and the supersession legend', async () => {
    const c = await as('m1.sep1');
    const r1 = await ok<Parameters<typeof resolutionModel>[0]>(
      c.get(`/api/alliance/resolutions/${f.resolution1}`),
    );
    const r2 = await ok<Parameters<typeof resolutionModel>[0]>(
      c.get(`/api/alliance/resolutions/${f.resolution2}`),
    );
    const t1 = modelText(resolutionModel(r1));
    for (const s of [
      `Resolución ${r1.number}`,
      'Programa de rehabilitación de planteles',
      'Se aprueba el programa de rehabilitación de planteles.',
      'Resultado: Aprobada con observaciones.',
      'Método: Consenso.',
      'Posición de la SEP: De acuerdo. Posición del SNTE: De acuerdo.',
      'Ambas partes coinciden en la prioridad de la rehabilitación.',
      'Comisionada SEP Robles',
      'Comisionado SNTE Treviño',
      'Desglosar la meta por entidad federativa',
      'ARCH.1 · Mesa de rehabilitación de planteles',
      'Síntesis ejecutiva: Síntesis de rehabilitación de planteles',
      'Propuesta de rehabilitación de planteles',
      IMMUTABLE_LEGEND,
      `Esta resolución fue sustituida por ${r2.number}`,
      'Informada a las mesas',
    ])
      expect(t1).toContain(s);
    const t2 = modelText(resolutionModel(r2));
    expect(t2).toContain(`Esta resolución sustituye a ${r1.number}.`);
    expect(t2).toContain('Ninguna (vigente)');
    expect(t2).toContain('La resolución no dirige observaciones a las mesas.');
    expect(t2).toContain(IMMUTABLE_LEGEND);
  });
});

describe('Alianza exports', () => {
  it('metas: Spanish headers, the reader’s mesa and nothing of another mesa, formulas neutralised', async () => {
    const res = await (await as('m1.sep1')).get('/api/alliance/exports/metas.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="alianza-metas.csv"');
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = csvRows(res.body);
    expect(header).toEqual(META_COLUMNS.map((c) => c.header));
    expect(header).toContain('Línea base');
    expect(header).toContain('Fundamento normativo');
    const mine = rows.filter((r) => r[1]?.startsWith('ARCH'));
    expect(mine.map((r) => r[4])).toEqual([`'${FORMULA_TITLE}`, 'Meta en borrador sin indicador']);
    const formula = mine[0] as string[];
    expect(formula.slice(0, 3)).toEqual(['ARCH', 'ARCH.1', 'Mesa de rehabilitación de planteles']);
    const col = (h: string) => header?.indexOf(h) as number;
    expect(formula[col('Estado')]).toBe('aprobada');
    expect(formula[col('Línea base')]).toBe('0');
    expect(formula[col('Valor meta')]).toBe('200');
    expect(formula[col('Último periodo')]).toBe('2026-T3');
    expect(formula[col('Avance (%)')]).toBe('25');
    expect(mine[1]?.[col('Datos faltantes')]).toContain('indicador');
    expect(res.body).not.toContain('Meta exclusiva de la mesa 2');
    // No line of the file starts a formula.
    for (const line of res.body.replace(/^\uFEFF/, '').split('\n')) expect(line).not.toMatch(/^[=+\-@]/);
    expect(res.body).toContain(`"'=CMD(""calc"")"`);
  });

  it('metas: the eje and the commission see both mesas; ?bodyId narrows to a subtree', async () => {
    for (const reader of ['eje.coord', 'cr.sep', 'st.snte']) {
      const body = (await (await as(reader)).get('/api/alliance/exports/metas.csv')).body;
      expect(body, reader).toContain('Meta exclusiva de la mesa 2');
      expect(body, reader).toContain(`"'=CMD(""calc"")"`);
    }
    const narrowed = await (await as('eje.coord')).get(`/api/alliance/exports/metas.csv?bodyId=${f.mesa2}`);
    const rows = csvRows(narrowed.body).slice(1);
    expect(rows.map((r) => r[4])).toEqual(['Meta exclusiva de la mesa 2']);
    // A branch the reader cannot read is not found, not an empty file.
    expect(
      (await (await as('m1.sep1')).get(`/api/alliance/exports/metas.csv?bodyId=${f.mesa2}`)).statusCode,
    ).toBe(404);
    expect((await (await as('m1.sep1')).get('/api/alliance/exports/metas.csv?bodyId=0')).statusCode).toBe(
      400,
    );
  });

  it('someone with no seat downloads headers only; a body id is not found for them', async () => {
    const director = await t.login('director@demo.calidad.mx');
    for (const kind of ['metas', 'progress', 'tasks']) {
      const res = await director.get(`/api/alliance/exports/${kind}.csv`);
      expect(res.statusCode).toBe(200);
      expect(csvRows(res.body)).toHaveLength(1);
      expect((await director.get(`/api/alliance/exports/${kind}.xlsx?bodyId=${f.mesa1}`)).statusCode).toBe(
        404,
      );
    }
  });

  it('progress: one row per report, limited to the reader’s scope', async () => {
    const res = await (await as('m1.sep1')).get('/api/alliance/exports/progress.csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="alianza-avances.csv"');
    const [header, ...rows] = csvRows(res.body);
    expect(header).toEqual(PROGRESS_COLUMNS.map((c) => c.header));
    const col = (h: string) => header?.indexOf(h) as number;
    const mine = rows.filter((r) => r[col('Órgano')]?.startsWith('ARCH'));
    expect(mine).toHaveLength(1);
    const r = mine[0] as string[];
    expect(r[col('Meta')]).toBe(`'${FORMULA_TITLE}`);
    expect(r[col('Periodo')]).toBe('2026-T3');
    expect(r[col('Valor')]).toBe('50');
    expect(r[col('Avance (%)')]).toBe('25');
    expect(r[col('Descripción del avance')]).toBe('Avance del tercer trimestre de la mesa 1');
    expect(r[col('Evidencia')]).toBe("'+Informe trimestral");
    expect(r[col('Reportado por')]).toBe('Integrante de la mesa 1 SEP Uno');
    expect(r[col('Fecha del reporte')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(res.body).not.toContain('Avance reservado a la mesa 2');
    const all = await (await as('cr.snte')).get('/api/alliance/exports/progress.csv');
    expect(all.body).toContain('Avance reservado a la mesa 2');
  });

  it('tasks: the mesa’s own tasks and those of the structure above, never another mesa’s', async () => {
    const res = await (await as('m1.sep1')).get('/api/alliance/exports/tasks.csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="alianza-tareas.csv"');
    const [header, ...rows] = csvRows(res.body);
    expect(header).toEqual(TASK_COLUMNS.map((c) => c.header));
    const col = (h: string) => header?.indexOf(h) as number;
    const titles = rows.map((r) => r[col('Tarea')]);
    expect(titles).toContain('Levantar el inventario de planteles');
    const observationTitle = /^CR-\d{4}-\d{3}: Desglosar la meta por entidad federativa$/;
    expect(titles.some((x) => observationTitle.test(x ?? ''))).toBe(true);
    expect(titles).toContain('Publicar el calendario ajustado');
    expect(titles).not.toContain('Tarea exclusiva de la mesa 2');
    const inventory = rows.find((r) => r[col('Tarea')] === 'Levantar el inventario de planteles') as string[];
    expect(inventory[col('Órgano')]).toBe('ARCH.1');
    expect(inventory[col('Origen')]).toBe('acta de sesión');
    expect(inventory[col('Responsable')]).toBe('Integrante de la mesa 1 SEP Uno');
    expect(inventory[col('Fecha límite')]).toBe('2027-02-15');
    expect(inventory[col('Estado')]).toBe('abierta');
    const observation = rows.find((r) => observationTitle.test(r[col('Tarea')] ?? ''));
    expect(observation?.[col('Origen')]).toBe('observación de resolución');
    expect(observation?.[col('Resolución')]).toMatch(/^CR-\d{4}-\d{3}$/);

    const mesa2 = csvRows((await (await as('m2.sep1')).get('/api/alliance/exports/tasks.csv')).body);
    const t2 = mesa2.map((r) => r[col('Tarea')]);
    expect(t2).toContain('Tarea exclusiva de la mesa 2');
    expect(t2).not.toContain('Levantar el inventario de planteles');
    expect(t2).toContain('Publicar el calendario ajustado');
  });

  it('XLSX: the same rows as text cells, never formulas', async () => {
    const c = await as('m1.sep1');
    for (const [kind, sheet, columns] of [
      ['metas', 'Metas', META_COLUMNS],
      ['progress', 'Avances', PROGRESS_COLUMNS],
      ['tasks', 'Tareas', TASK_COLUMNS],
    ] as const) {
      const xlsx = await c.get(`/api/alliance/exports/${kind}.xlsx`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toBe(XLSX_TYPE);
      expect(xlsx.headers['content-disposition']).toMatch(/^attachment; filename="alianza-\w+\.xlsx"$/);
      const { name, rows } = await sheetRows(xlsx.rawPayload);
      expect(name).toBe(sheet);
      expect(rows[0]?.values).toEqual([undefined, ...columns.map((col) => col.header)]);
      const csv = csvRows((await c.get(`/api/alliance/exports/${kind}.csv`)).body);
      expect(rows).toHaveLength(csv.length);
      for (const row of rows) {
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          expect(cell.formula).toBeUndefined();
        });
      }
      const all = JSON.stringify(rows.map((r) => r.values));
      for (const other of [
        'Meta exclusiva de la mesa 2',
        'Avance reservado a la mesa 2',
        'Tarea exclusiva de la mesa 2',
      ])
        expect(all).not.toContain(other);
    }
    const { rows } = await sheetRows((await c.get('/api/alliance/exports/metas.xlsx')).rawPayload);
    const formula = rows.find((r) => r.getCell(5).text === FORMULA_TITLE);
    expect(formula, 'the formula-like title opens as that text').toBeDefined();
    expect(formula?.getCell(5).type).not.toBe(ExcelJS.ValueType.Formula);
    // Numbers stay numbers.
    expect(
      typeof formula?.getCell(META_COLUMNS.findIndex((col) => col.header === 'Valor meta') + 1).value,
    ).toBe('number');
  });
});
