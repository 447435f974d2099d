import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanDetail } from '../../src/contract/planning.ts';
import type { CycleSummary } from '../../src/contract/rules.ts';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import { patColumns, patRowsOf } from '../../src/server/modules/planning/exports.ts';
import {
  diagnosisModel,
  fechaMx,
  LEGAL_LEGEND,
  patModel,
  peteModel,
  planInSpanish,
  SIGNERS,
} from '../../src/server/modules/planning/pdf.ts';
import { users } from '../../src/server/platform/auth/schema.ts';
import { loadAssignments } from '../../src/server/platform/auth/sessions.ts';
import { type PdfDocumentModel, renderPdf } from '../../src/server/platform/pdf/render.ts';
import { registerFixture } from '../support/pec-fixture.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A school plan's printable documents (diagnosis, PETE, PAT) and the PAT's spreadsheet, on a plan
 * built through the API as pec-planning.test.ts does: a cycle of our own a year ahead, a registration
 * row for 14DPR0001A, the teacher and the director writing it (one action titled like a formula), the
 * supervisor endorsing and the state committee approving it, then progress reported on an action.
 */
let t: TestApp;
const who: Record<string, Client> = {};
let cycleId: number;
let schoolId: number;
let planId: string;

const FORMULA = '=CMD("x")';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = [
  'Dimensión',
  'Objetivo',
  'Meta',
  'Acción',
  'Responsable',
  'Inicio',
  'Término',
  'Costo (MXN)',
  'Fuente de financiamiento',
  'Categoría de gasto',
  'Avance %',
  'Estado',
];

const c = (name: string) => who[name] as Client;
const post = (name: string, url: string, body: unknown) =>
  c(name).request({ method: 'POST', url, payload: body as object });
async function ok(res: Promise<{ statusCode: number; body: string }>) {
  const r = await res;
  if (r.statusCode >= 300) throw new Error(`${r.statusCode} ${r.body}`);
  return r;
}
const plan = async (name = 'director') =>
  (await c(name).get(`/api/pec/plans/${planId}`)).json() as PlanDetail;

const register = (cycle: number, school: number, grantCap: number) =>
  registerFixture(t, cycle, school, grantCap);

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

async function buildPlan() {
  const opened = await ok(post('docente', `/api/pec/cycles/${cycleId}/schools/${schoolId}/plan`, {}));
  planId = JSON.parse(opened.body).id;
  const p0 = await plan();
  const base = p0.revision;
  // The director writes the PETE…
  await ok(
    post('director', `/api/pec/plans/${planId}/changes`, {
      changes: [
        { op: 'set', path: 'pete.context', value: 'Escuela urbana de turno matutino.', baseRevision: base },
        { op: 'set', path: 'pete.mission', value: 'Formar lectores autónomos', baseRevision: base },
        { op: 'set', path: 'pete.vision', value: 'Una escuela que lee', baseRevision: base },
        { op: 'set', path: 'pete.values', value: 'Respeto y colaboración', baseRevision: base },
        { op: 'set', path: 'pete.priorities', value: ['centralidad_aprendizaje'], baseRevision: base },
        {
          op: 'put',
          list: 'pete.objectives',
          item: { id: 'o1', dimension: 'pedagogica', text: 'Mejorar la comprensión lectora' },
          baseRevision: base,
        },
        {
          op: 'put',
          list: 'pete.objectives',
          item: { id: 'o2', dimension: 'participacion', text: 'Involucrar a las familias en la lectura' },
          baseRevision: base,
        },
        {
          op: 'put',
          list: 'pete.strategies',
          item: { id: 's1', objectiveId: 'o1', text: 'Lectura diaria de veinte minutos' },
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
        {
          op: 'put',
          list: 'pete.goals',
          item: {
            id: 'g2',
            objectiveId: 'o2',
            standard: null,
            text: 'Familias en círculos de lectura',
            indicator: 'familias',
            baseline: 5,
            target: 60,
            year: 2028,
          },
          baseRevision: base,
        },
      ],
    }),
  );
  // …the teacher rates the standards and writes the actions, one titled like a spreadsheet formula.
  const p1 = await plan();
  await ok(
    post('docente', `/api/pec/plans/${planId}/changes`, {
      changes: [
        ...p1.standards.map((s) => ({
          op: 'rate',
          standard: s.code,
          rating: {
            level: s.dimension === 'pedagogica' ? 2 : 3,
            evidence: 'Registro del CTE',
            comment: s.code === 'centralidad_aprendizaje' ? 'Pocos alumnos leen en casa' : '',
          },
          baseRevision: p1.revision,
        })),
        {
          op: 'put',
          list: 'pat.actions',
          item: action('a1', { text: FORMULA, cost: 1_234_550 }),
          baseRevision: p1.revision,
        },
        {
          op: 'put',
          list: 'pat.actions',
          item: action('a3', {
            goalId: 'g2',
            text: 'Círculos de lectura con familias',
            category: 'capacitacion',
            fundingSource: 'padres',
            cost: 500_000,
            responsible: 'Presidencia del CEPS',
          }),
          baseRevision: p1.revision,
        },
      ],
    }),
  );
  const p2 = await plan();
  await ok(
    post('director', `/api/pec/plans/${planId}/changes`, {
      changes: [
        {
          op: 'put',
          list: 'pat.actions',
          item: action('a2', {
            text: 'Techado del patio',
            category: 'infraestructura',
            cost: 2_000_000,
            responsible: 'Diego Director',
            startOn: '2027-10-15',
            endOn: '2027-12-15',
          }),
          baseRevision: p2.revision,
        },
      ],
    }),
  );
  const ready = await plan();
  expect(ready.missing).toEqual([]);
  await ok(post('director', `/api/pec/plans/${planId}/review/submit`, {}));
  await ok(post('supervisor', `/api/pec/plans/${planId}/review/endorse`, {}));
  await ok(post('estatal.jal', `/api/pec/plans/${planId}/review/approve`, {}));
  // Progress during the year: the latest report on a1 counts.
  await ok(
    post('docente', `/api/pec/plans/${planId}/actions/a1/progress`, {
      status: 'in_progress',
      percent: 30,
      evidence: 'Compra de la primera colección.',
    }),
  );
  await new Promise((r) => setTimeout(r, 5));
  await ok(
    post('docente', `/api/pec/plans/${planId}/actions/a1/progress`, {
      status: 'done',
      percent: 100,
      evidence: 'Biblioteca de aula en uso.',
    }),
  );
}

beforeAll(async () => {
  t = await startTestApp();
  for (const name of ['director', 'docente', 'supervisor', 'estatal.jal', 'estatal.mor', 'nacional'])
    who[name] = await t.login(`${name}@demo.calidad.mx`);
  const cycles = (await c('nacional').get('/api/pec/cycles')).json() as CycleSummary[];
  const current = cycles.find((x) => x.publishedVersion === 2) as CycleSummary;
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
  await buildPlan();
}, 120_000);
afterAll(() => t?.close());

/** All the text of a document model, to look for what a reader must find in the PDF. */
const modelText = (m: PdfDocumentModel) =>
  JSON.stringify([m.title, m.subtitle, m.meta, m.sections, m.footer]);
const csvRows = (body: string): string[][] => parse(body.replace(/^\uFEFF/, ''), { relaxColumnCount: false });

describe('plan PDFs', () => {
  const urls = () => ['diagnostico', 'pete', 'pat'].map((k) => `/api/pec/plans/${planId}/${k}.pdf`);

  it('answer a PDF to the school, its supervisor and its state coordination', async () => {
    for (const reader of ['director', 'supervisor', 'estatal.jal']) {
      for (const url of urls()) {
        const res = await c(reader).get(url);
        expect(res.statusCode, `${reader} ${url} ${res.body.slice(0, 200)}`).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.pdf"$/);
        expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      }
    }
    const pat = await c('director').get(`/api/pec/plans/${planId}/pat.pdf`);
    expect(pat.headers['content-disposition']).toMatch(/filename="pat-14DPR0001A-\d{4}-\d{4}\.pdf"/);
  });

  it('answer 404 to another state, and 401 signed out', async () => {
    for (const url of urls()) {
      expect((await c('estatal.mor').get(url)).statusCode, url).toBe(404);
      expect((await t.anonymous().get(url)).statusCode, url).toBe(401);
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await c('director').get(`/api/pec/plans/${unknown}/pat.pdf`)).statusCode).toBe(404);
  });

  it('every document carries the header, the signature lines, the CTE endorsement and the legend', async () => {
    const p = await plan();
    expect(p.state).toBe('approved');
    const ruledAt = p.workflow.timeline.find((e) => e.action === 'approve')?.at as string;
    for (const build of [diagnosisModel, peteModel, patModel]) {
      const m = build(p);
      const text = modelText(m);
      expect(m.footer).toContain(LEGAL_LEGEND);
      expect(m.meta).toEqual(
        expect.arrayContaining([
          ['CCT', '14DPR0001A'],
          ['Escuela', p.school.name],
          ['Ciclo escolar', p.cycle.schoolYear],
          ['Estado del plan', 'Aprobado (dictamen favorable)'],
          ['Revisión', `${p.revision} (dictamen del ${fechaMx(ruledAt)})`],
        ]),
      );
      const signatures = m.sections.find((s) => s.heading === 'Firmas');
      expect(signatures?.table?.headers).toEqual([
        'Dirección escolar',
        'Presidencia del Consejo Escolar de Participación Social',
        'Aval del Consejo Técnico Escolar',
      ]);
      expect(signatures?.table?.rows[0]?.every((cell) => cell.includes('______'))).toBe(true);
      expect(text).toContain(SIGNERS.cte);
      expect(text).toContain('Visto bueno de la supervisión escolar');
      expect(text).toContain('Dictamen favorable');
      const pdf = await renderPdf(m);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
  });

  it('the diagnosis: each standard by dimension with its level in words, averages, strengths, priorities', async () => {
    const p = await plan();
    const m = diagnosisModel(p);
    const text = modelText(m);
    const headings = m.sections.map((s) => s.heading);
    expect(headings).toEqual(
      expect.arrayContaining([
        'Dimensión pedagógica curricular',
        'Dimensión organizativa',
        'Dimensión administrativa',
        'Dimensión participación social',
        'Promedios por dimensión',
        'Fortalezas',
        'Prioridades de atención',
      ]),
    );
    const pedagogica = m.sections.find((s) => s.heading === 'Dimensión pedagógica curricular');
    expect(pedagogica?.table?.rows).toContainEqual([
      'Centralidad del aprendizaje',
      '2 · En proceso inicial',
      'Registro del CTE',
      'Pocos alumnos leen en casa',
    ]);
    expect(pedagogica?.paragraphs?.[0]).toMatch(/Promedio de la dimensión: 2\.0 de 4 \(4 de 4/);
    expect(text).toContain('3 · Se cumple parcialmente');
    const averages = m.sections.find((s) => s.heading === 'Promedios por dimensión');
    expect(averages?.table?.rows).toContainEqual(['Organizativa', '8 de 8', '3.0']);
    expect(m.sections.find((s) => s.heading === 'Prioridades de atención')?.bullets).toContain(
      'Centralidad del aprendizaje: 2 · En proceso inicial',
    );
    expect(m.sections.find((s) => s.heading === 'Fortalezas')?.bullets?.length).toBe(16);
  });

  it('the PETE: context, mission, vision, values, priorities, objectives with strategies and goals', async () => {
    const m = peteModel(await plan());
    const text = modelText(m);
    for (const s of [
      'Escuela urbana de turno matutino.',
      'Formar lectores autónomos',
      'Una escuela que lee',
      'Respeto y colaboración',
      'Centralidad del aprendizaje (valoración: 2 · en proceso inicial)',
      'Estrategia 1: Lectura diaria de veinte minutos',
      'El PETE no plantea objetivos en esta dimensión.',
    ])
      expect(text).toContain(s);
    const o1 = m.sections.find((s) => s.heading === 'Dimensión pedagógica curricular — Objetivo 1');
    expect(o1?.paragraphs?.[0]).toBe('Mejorar la comprensión lectora');
    expect(o1?.table?.rows).toEqual([
      ['Alumnos que leen con fluidez', '% de alumnos', '40', '70', '2028', 'Centralidad del aprendizaje'],
    ]);
    expect(m.sections.map((s) => s.heading)).toContain('Dimensión participación social — Objetivo 1');
  });

  it('the PAT: the actions, totals per category and source, the spending check and the grant cap', async () => {
    const p = await plan();
    const m = patModel(p);
    expect(m.meta).toEqual(
      expect.arrayContaining([
        ['Apoyo máximo del PEC', '$50,000.00'],
        ['Costo total del PAT', '$37,345.50'],
        ['Con recursos del PEC', '$32,345.50'],
      ]),
    );
    const actions = m.sections.find((s) => s.heading === 'Acciones');
    expect(actions?.table?.rows.map((r) => r[1])).toEqual([
      FORMULA,
      'Techado del patio',
      'Círculos de lectura con familias',
    ]);
    expect(actions?.table?.rows[0]).toEqual([
      'Pedagógica curricular\nObjetivo: Mejorar la comprensión lectora\nMeta: Alumnos que leen con fluidez',
      FORMULA,
      'Daniela Docente',
      'Del 1 sep 2027\nal 30 jun 2028',
      '$12,345.50',
      'Programa Escuelas de Calidad',
      'Materiales educativos, libros y acervos',
    ]);
    const totals = m.sections.find((s) => s.heading === 'Totales por categoría de gasto');
    expect(totals?.table?.rows).toEqual(
      expect.arrayContaining([
        ['Materiales educativos, libros y acervos', '$12,345.50', '$12,345.50', 'Sin tope'],
        [
          'Mejora y rehabilitación de espacios',
          '$20,000.00',
          '$20,000.00',
          '$40,000.00; 70 % del gasto del PEC',
        ],
        ['Formación de docentes, directivos y familias', '$5,000.00', '$0.00', 'Sin tope'],
        ['Total', '$37,345.50', '$32,345.50', ''],
      ]),
    );
    const sources = m.sections.find((s) => s.heading === 'Totales por fuente de financiamiento');
    expect(sources?.table?.rows).toEqual([
      ['Programa Escuelas de Calidad', '2', '$32,345.50'],
      ['Padres de familia', '1', '$5,000.00'],
    ]);
    const check = m.sections.find(
      (s) => s.heading === 'Revisión del gasto conforme a las reglas de operación',
    );
    expect(check?.paragraphs?.[0]).toMatch(/cumple los topes/);
    expect(check?.bullets).toEqual(
      expect.arrayContaining([
        'El PAT asigna $32,345.50 de un apoyo máximo de $50,000.00.',
        expect.stringMatching(/quedan \$20,000\.00/),
      ]),
    );
  });

  it('stay in Spanish for a reader who reads the site in English', async () => {
    const [u] = await t.ctx.db.select().from(users).where(eq(users.email, 'supervisor@demo.calidad.mx'));
    if (!u) throw new Error('fixture');
    await t.ctx.db.update(users).set({ locale: 'en' }).where(eq(users.id, u.id));
    try {
      const english = (await c('supervisor').get(`/api/pec/plans/${planId}`)).json() as PlanDetail;
      expect(english.spending.messages[0]).toMatch(/^The PAT assigns/);
      const actor = {
        userId: u.id,
        email: u.email,
        name: u.name,
        locale: 'en' as const,
        assignments: await loadAssignments(t.ctx.db, u.id),
        sessionId: '',
        csrfToken: '',
      };
      const spanish = await planInSpanish(t.ctx.db, actor, planId);
      expect(modelText(patModel(spanish))).toContain(
        'El PAT asigna $32,345.50 de un apoyo máximo de $50,000.00.',
      );
      expect(modelText(patModel(spanish))).not.toContain('The PAT assigns');
      expect((await c('supervisor').get(`/api/pec/plans/${planId}/pat.pdf`)).statusCode).toBe(200);
    } finally {
      await t.ctx.db.update(users).set({ locale: u.locale }).where(eq(users.id, u.id));
    }
  });
});

describe('PAT spreadsheet', () => {
  it('CSV: one row per action with Spanish headers, latest progress, pesos and the formula neutralised', async () => {
    for (const reader of ['director', 'supervisor', 'estatal.jal']) {
      const res = await c(reader).get(`/api/pec/plans/${planId}/pat.csv`);
      expect(res.statusCode, reader).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="pat-14DPR0001A-\d{4}-\d{4}\.csv"$/,
      );
    }
    const res = await c('director').get(`/api/pec/plans/${planId}/pat.csv`);
    const [header, ...rows] = csvRows(res.body);
    expect(header).toEqual(HEADERS);
    expect(rows).toEqual([
      [
        'Pedagógica curricular',
        'Mejorar la comprensión lectora',
        'Alumnos que leen con fluidez',
        `'${FORMULA}`,
        'Daniela Docente',
        '2027-09-01',
        '2028-06-30',
        '12345.50',
        'Programa Escuelas de Calidad',
        'Materiales educativos, libros y acervos',
        '100',
        'Concluida',
      ],
      [
        'Pedagógica curricular',
        'Mejorar la comprensión lectora',
        'Alumnos que leen con fluidez',
        'Techado del patio',
        'Diego Director',
        '2027-10-15',
        '2027-12-15',
        '20000.00',
        'Programa Escuelas de Calidad',
        'Mejora y rehabilitación de espacios',
        '',
        'Sin reporte',
      ],
      [
        'Participación social',
        'Involucrar a las familias en la lectura',
        'Familias en círculos de lectura',
        'Círculos de lectura con familias',
        'Presidencia del CEPS',
        '2027-09-01',
        '2028-06-30',
        '5000.00',
        'Padres de familia',
        'Formación de docentes, directivos y familias',
        '',
        'Sin reporte',
      ],
    ]);
    for (const line of res.body.replace(/^\uFEFF/, '').split('\n')) expect(line).not.toMatch(/^[=+\-@]/);
    expect(res.body).not.toMatch(/(^|,)=CMD/m);
  });

  it('XLSX: the same rows, the formula a text cell, the cost a number', async () => {
    const res = await c('supervisor').get(`/api/pec/plans/${planId}/pat.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-disposition']).toMatch(/filename="pat-14DPR0001A-\d{4}-\d{4}\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.name).toBe('PAT');
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((r) => rows.push(r));
    expect(rows).toHaveLength(4);
    expect(((rows[0] as ExcelJS.Row).values as unknown[]).slice(1)).toEqual(HEADERS);
    const first = rows[1] as ExcelJS.Row;
    const action = first.getCell(4);
    expect(action.type).not.toBe(ExcelJS.ValueType.Formula);
    expect(action.text).toBe(FORMULA);
    expect(first.getCell(8).value).toBe(12345.5);
    expect(first.getCell(11).value).toBe(100);
    expect(first.getCell(12).text).toBe('Concluida');
    expect((rows[3] as ExcelJS.Row).getCell(9).text).toBe('Padres de familia');
  });

  it('is refused to another state and to someone signed out', async () => {
    for (const ext of ['csv', 'xlsx']) {
      expect((await c('estatal.mor').get(`/api/pec/plans/${planId}/pat.${ext}`)).statusCode).toBe(404);
      expect((await t.anonymous().get(`/api/pec/plans/${planId}/pat.${ext}`)).statusCode).toBe(401);
    }
  });

  it('the row builder and the columns agree with the download', async () => {
    const rows = patRowsOf(await plan());
    expect(rows.map((r) => r.action.id)).toEqual(['a1', 'a2', 'a3']);
    expect(patColumns('csv').map((col) => col.header)).toEqual(HEADERS);
    expect(
      patColumns('xlsx')
        .find((col) => col.header === 'Costo (MXN)')
        ?.value(rows[0] as never),
    ).toBe(12345.5);
  });
});
