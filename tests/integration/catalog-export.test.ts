import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_COLUMNS, SchoolSearchQuery } from '../../src/contract/catalog.ts';
import { SCHOOL_EXPORT_COLUMNS } from '../../src/server/modules/catalog/export.ts';
import { parseCatalogFile } from '../../src/server/modules/catalog/file.ts';
import type { RowResult } from '../../src/server/modules/catalog/rows.ts';
import { schoolsInOrder, searchSchools } from '../../src/server/modules/catalog/search.ts';
import { openZip, type ZipEntry } from '../../src/server/modules/catalog/zip.ts';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import type { Actor } from '../../src/server/platform/permissions/actor.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbookOf(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  const rows: ExcelJS.Row[] = [];
  ws.eachRow((r) => rows.push(r));
  return { ws, rows };
}

const csvCcts = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]);

describe('catalog exports', () => {
  it('the XLSX export lists the same schools, in the same order, as the CSV export', async () => {
    const admin = await t.login('admin@demo.calidad.mx');
    for (const query of ['', '?sort=enrolment&dir=desc', '?sort=municipality&includeInactive=true']) {
      const csv = await admin.get(`/api/catalog/schools.csv${query}`);
      const xlsx = await admin.get(`/api/catalog/schools.xlsx${query}`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toBe(XLSX_TYPE);
      expect(xlsx.headers['content-disposition']).toContain('escuelas.xlsx');
      const { ws, rows } = await workbookOf(xlsx.rawPayload);
      expect(ws.name).toBe('Escuelas');
      expect(rows[0]?.values).toEqual([undefined, ...SCHOOL_EXPORT_COLUMNS.map((c) => c.header)]);
      const ccts = rows.slice(1).map((r) => r.getCell(1).text);
      expect(ccts.length).toBeGreaterThan(5);
      expect(ccts).toEqual(csvCcts(csv.body));
      // Enrolment is a number in the spreadsheet, a code stays text.
      const enrolment = rows[1]?.getCell(
        SCHOOL_EXPORT_COLUMNS.findIndex((c) => c.header === 'matricula') + 1,
      );
      expect(typeof enrolment?.value).toBe('number');
      expect(rows[1]?.getCell(SCHOOL_EXPORT_COLUMNS.findIndex((c) => c.header === 'zona') + 1).text).toMatch(
        /^\d{3}$/,
      );
    }
  });

  it('a name that looks like a formula opens as text in the XLSX, and is neutralised in the CSV', async () => {
    const name = '=CMD("calc")&HYPERLINK("http://x","y")';
    await t.ctx.db
      .update(orgUnits)
      .set({ name })
      .where(and(eq(orgUnits.code, '14DPR0004X'), eq(orgUnits.kind, 'school')));
    const admin = await t.login('admin@demo.calidad.mx');
    const xlsx = await admin.get('/api/catalog/schools.xlsx?q=14DPR0004X');
    const { rows } = await workbookOf(xlsx.rawPayload);
    expect(rows).toHaveLength(2);
    const cell = rows[1]?.getCell(2);
    expect(cell?.formula).toBeUndefined();
    expect(cell?.type).not.toBe(ExcelJS.ValueType.Formula);
    expect(cell?.text).toBe(name);
    // In the sheet's XML: an inline string, and no formula element anywhere.
    const dir = await mkdtemp(join(tmpdir(), 'calidad-export-'));
    try {
      await writeFile(join(dir, 'e.xlsx'), xlsx.rawPayload);
      const zip = await openZip(join(dir, 'e.xlsx'));
      const entry = zip.entries.get('xl/worksheets/sheet1.xml');
      const chunks: Buffer[] = [];
      for await (const c of await zip.read(entry as ZipEntry, 1e7, () => new Error('big'))) chunks.push(c);
      await zip.close();
      const xml = Buffer.concat(chunks).toString();
      expect(xml).toContain('<c r="B2" t="inlineStr"');
      expect(xml).not.toMatch(/<f[ >]/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const csv = await admin.get('/api/catalog/schools.csv?q=14DPR0004X');
    expect(csv.body).toContain(`14DPR0004X,"'=CMD(""calc"")&HYPERLINK(""http://x"",""y"")"`);
  });

  it('exports ask for the same permission and scope as the search', async () => {
    const anon = t.anonymous();
    expect((await anon.get('/api/catalog/schools.xlsx')).statusCode).toBe(401);
    const mor = await t.login('estatal.mor@demo.calidad.mx');
    const [jalZone] = await t.ctx.db
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.kind, 'zone'), eq(orgUnits.code, '001')));
    const refused = await mor.get(`/api/catalog/schools.xlsx?zoneId=${jalZone?.id}`);
    // Refused before any byte of a workbook is written.
    expect(refused.statusCode).toBeGreaterThanOrEqual(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const mine = await workbookOf((await mor.get('/api/catalog/schools.xlsx')).rawPayload);
    expect(mine.rows.slice(1).every((r) => r.getCell(1).text.startsWith('17'))).toBe(true);
  });

  it('reads the search page by page after the last row (keyset) in every order, as paging would', async () => {
    const [nation] = await t.ctx.db.select().from(orgUnits).where(eq(orgUnits.kind, 'nation'));
    const actor: Actor = {
      userId: 'test',
      email: 'test@demo.calidad.mx',
      name: 'Test',
      locale: 'es',
      assignments: [
        {
          id: 'a',
          role: 'national_coordinator',
          unitId: nation?.id as number,
          unitKind: 'nation',
          unitPath: nation?.path as string,
        },
      ],
      sessionId: 's',
      csrfToken: 'c',
    };
    for (const sort of ['name', 'cct', 'enrolment', 'municipality'] as const)
      for (const dir of ['asc', 'desc'] as const) {
        const q = SchoolSearchQuery.parse({ sort, dir, includeInactive: 'true', limit: 200 });
        const paged = (await searchSchools(t.ctx.db, actor, q)).items.map((s) => s.id);
        const rows = await schoolsInOrder(t.ctx.db, actor, q, { pageSize: 2, max: 1000 });
        const keyset: number[] = [];
        for await (const s of rows) keyset.push(s.id);
        expect(keyset, `${sort} ${dir}`).toEqual(paged);
        const capped = await schoolsInOrder(t.ctx.db, actor, q, { pageSize: 2, max: 5 });
        let n = 0;
        for await (const _ of capped) n++;
        expect(n).toBe(5);
      }
  });

  it('serves the templates, which import as one valid school in either format', async () => {
    const director = await t.login('director@demo.calidad.mx');
    expect((await t.anonymous().get('/api/catalog/template.xlsx')).statusCode).toBe(401);
    const csv = await director.get('/api/catalog/template.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('plantilla-catalogo.csv');
    expect(csv.body.replace(/^\uFEFF/, '').split('\n')[0]).toBe(CATALOG_COLUMNS.join(','));
    const xlsx = await director.get('/api/catalog/template.xlsx');
    expect(xlsx.headers['content-type']).toBe(XLSX_TYPE);
    const { rows } = await workbookOf(xlsx.rawPayload);
    expect(rows[0]?.values).toEqual([undefined, ...CATALOG_COLUMNS]);
    // Text-formatted columns: a code typed in later keeps its leading zeros.
    expect(rows[1]?.getCell(CATALOG_COLUMNS.indexOf('municipio') + 1).numFmt).toBe('@');
    const parsed: RowResult[][] = [];
    for (const [format, body] of [
      ['csv', csv.rawPayload],
      ['xlsx', xlsx.rawPayload],
    ] as const) {
      const file = await parseCatalogFile(format, Readable.from([body]), { seen: new Map(), locale: 'es' });
      expect(file.headers).toMatchObject({ missing: [], unknown: [] });
      const rows: RowResult[] = [];
      for await (const r of file.rows) rows.push(r);
      expect(rows).toMatchObject([{ ok: true, line: 2, record: { cct: '14DPR0001A', municipality: '039' } }]);
      parsed.push(rows);
    }
    expect(parsed[1]).toEqual(parsed[0]);
  });
});
