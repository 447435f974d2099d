import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { crc32, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CATALOG_COLUMNS } from '../../../contract/catalog.ts';
import { csvLine } from './csv.ts';
import { detectFormat, parseCatalogFile } from './file.ts';
import { CatalogFileError, parseCatalogCsv } from './parse.ts';
import type { RowContext, RowResult } from './rows.ts';
import { type CatalogRow, syntheticCatalog } from './synthetic.ts';
import { cellText, parseCatalogXlsx, XLSX_LIMITS } from './xlsx.ts';

const ctx = (extra: Partial<RowContext> = {}): RowContext => ({ seen: new Map(), locale: 'es', ...extra });

type Cell = ExcelJS.CellValue;

/** An in-memory workbook (shared strings, as Excel writes them); `edit` may style cells or add sheets. */
async function workbook(rows: Cell[][], edit?: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Escuelas');
  for (const r of rows) ws.addRow(r);
  edit?.(ws, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same, written by the streaming writer (inline strings, worksheet before anything else). */
async function streamedWorkbook(rows: Cell[][]) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out });
  const ws = wb.addWorksheet('Escuelas');
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

const chunked = (buf: Buffer, size = 4093) =>
  Readable.from(
    Array.from({ length: Math.ceil(buf.length / size) }, (_, i) => buf.subarray(i * size, (i + 1) * size)),
  );

async function collect(file: { rows: AsyncGenerator<RowResult> }) {
  const rows: RowResult[] = [];
  for await (const r of file.rows) rows.push(r);
  return rows;
}

async function parseXlsx(buf: Buffer, c = ctx()) {
  const file = await parseCatalogXlsx(chunked(buf), c);
  const rows = await collect(file);
  return { file, rows, rejected: rows.filter((r) => !r.ok) as Extract<RowResult, { ok: false }>[] };
}

const catalogRows = (rows: CatalogRow[]): Cell[][] => [
  [...CATALOG_COLUMNS],
  ...rows.map((r) => CATALOG_COLUMNS.map((c) => r[c])),
];
const toCsv = (rows: CatalogRow[]) =>
  [csvLine(CATALOG_COLUMNS), ...rows.map((r) => csvLine(CATALOG_COLUMNS.map((c) => r[c])))].join('');

/** A zip archive with stored (uncompressed) entries: a valid zip that is not a workbook, or a
 * workbook's parts in another order; `zip64` writes its sizes and offsets the zip64 way. */
function storedZip(entries: Record<string, string | Buffer>, opts: { zip64?: boolean } = {}) {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const FULL = 0xffffffff;
  for (const [name, text] of Object.entries(entries)) {
    const data = typeof text === 'string' ? Buffer.from(text) : text;
    const n = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const extra = Buffer.alloc(opts.zip64 ? 28 : 0);
    if (opts.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(data.length), 4);
      extra.writeBigUInt64LE(BigInt(data.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(opts.zip64 ? 45 : 20, 4);
    central.writeUInt16LE(opts.zip64 ? 45 : 20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(opts.zip64 ? FULL : data.length, 20);
    central.writeUInt32LE(opts.zip64 ? FULL : data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(opts.zip64 ? FULL : offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n, extra);
    offset += local.length + n.length + data.length;
  }
  const count = centrals.length / 3;
  const cd = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  if (opts.zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(cd.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + cd.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(opts.zip64 ? 0xffff : count, 8);
  end.writeUInt16LE(opts.zip64 ? 0xffff : count, 10);
  end.writeUInt32LE(opts.zip64 ? FULL : cd.length, 12);
  end.writeUInt32LE(opts.zip64 ? FULL : offset, 16);
  return Buffer.concat([...locals, cd, ...tail, end]);
}

/** A zip's entries, uncompressed, in archive order (read from its central directory). */
function unzip(zip: Buffer) {
  const end = zip.length - 22;
  const entries: [string, Buffer][] = [];
  for (let p = zip.readUInt32LE(end + 16), i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const nameLength = zip.readUInt16LE(p + 28);
    const name = zip.subarray(p + 46, p + 46 + nameLength).toString();
    const local = zip.readUInt32LE(p + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + zip.readUInt32LE(p + 20));
    entries.push([name, zip.readUInt16LE(p + 10) === 8 ? inflateRawSync(data) : data]);
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return entries;
}

describe('catalog XLSX parsing', () => {
  const sample = [...syntheticCatalog(600, 5)];

  it('gives exactly what the CSV of the same rows gives, from either kind of writer', async () => {
    const csv = await parseCatalogCsv(Readable.from([Buffer.from(toCsv(sample))]), ctx());
    const fromCsv = await collect(csv);
    expect(fromCsv.every((r) => r.ok)).toBe(true);
    for (const buf of [await workbook(catalogRows(sample)), await streamedWorkbook(catalogRows(sample))]) {
      const { file, rows } = await parseXlsx(buf);
      expect(file.encoding).toBe('xlsx');
      expect(file.headers).toEqual(csv.headers);
      expect(rows).toEqual(fromCsv);
    }
  });

  it('reads numbers where a spreadsheet keeps them as numbers: the same records as the CSV', async () => {
    const numeric = new Set(['municipio', 'codigo_postal', 'matricula', 'docentes', 'latitud', 'longitud']);
    const typed = catalogRows(sample.slice(0, 200)).map((r, i) =>
      i === 0 ? r : r.map((v, j) => (numeric.has(CATALOG_COLUMNS[j] as string) ? Number(v) : v)),
    );
    expect(typeof typed[1]?.[4]).toBe('number');
    const { rows } = await parseXlsx(await workbook(typed));
    const fromCsv = await collect(
      await parseCatalogCsv(Readable.from([Buffer.from(toCsv(sample.slice(0, 200)))]), ctx()),
    );
    expect(rows).toEqual(fromCsv);
  });

  it('matches headers by alias, accents and case (rich text included), from parseCatalogFile', async () => {
    const buf = await workbook([
      [
        'Clave CCT',
        { richText: [{ text: 'Nombre de ' }, { font: { bold: true }, text: 'la Escuela' }] },
        'CVE_ENT',
        'Municipio',
        'Nivel Educativo',
        'Sector',
        'Zona Escolar',
        'Grado de Marginación',
        'Columna libre',
      ],
      ['14DPR0001A', 'Escuela «Uno»', 'Jalisco', 14039, 'PRIMARIA', '001', '001', 'Muy alto', 'x'],
    ]);
    const file = await parseCatalogFile('xlsx', Readable.from([buf]), ctx());
    const rows = await collect(file);
    expect(file.headers).toMatchObject({ missing: [], unknown: ['Columna libre'] });
    expect(rows).toEqual([
      expect.objectContaining({
        ok: true,
        line: 2,
        record: expect.objectContaining({
          name: 'Escuela «Uno»',
          state: '14',
          municipality: '039',
          level: 'primaria',
          marginalization: 'muy_alto',
        }),
      }),
    ]);
  });

  it('keeps codes stored as text, pads a postal code that lost its leading zero, reads dates, formulas and errors', async () => {
    const header = ['cct', 'nombre', 'entidad', 'municipio', 'nivel', 'sector', 'zona', 'codigo_postal'];
    const buf = await workbook(
      [
        header,
        // Mexico City's 01000 stored as the number 1000: a postal code has five digits, so it is padded.
        ['09DPR0001A', 'Escuela Uno', 9, 10, 'primaria', '001', '001', 1000],
        // The same number shown as 01000 by a "00000" format: the shown text is what is read.
        ['09DPR0002Z', 'Escuela Dos', '09', '010', 'primaria', '001', '002', 1000],
        // A code kept as a number: the sheet shows 1, and so does its CSV; it is read as 1.
        ['09DPR0003Y', 'Escuela Tres', '09', '010', 'primaria', 1, 2, '01000'],
        [
          '09DPR0004X',
          { formula: 'B2&" (anexo)"', result: 'Escuela Uno (anexo)' },
          '09',
          '010',
          'primaria',
          '001',
          '001',
          '',
        ],
      ],
      (ws) => {
        ws.getCell('H3').numFmt = '00000';
      },
    );
    const { rows } = await parseXlsx(buf);
    expect(rows.map((r) => r.ok)).toEqual([true, true, true, true]);
    const rec = (i: number) => (rows[i] as Extract<RowResult, { ok: true }>).record;
    expect(rec(0)).toMatchObject({ state: '09', municipality: '010', postalCode: '01000', sector: '001' });
    expect(rec(1)).toMatchObject({ postalCode: '01000' });
    expect(rec(2)).toMatchObject({ sector: '1', zone: '2' });
    expect(rec(3)).toMatchObject({ name: 'Escuela Uno (anexo)', postalCode: null });

    expect(cellText(new Date(Date.UTC(2024, 7, 19)))).toBe('2024-08-19');
    expect(cellText(new Date(Date.UTC(2024, 7, 19, 13, 30)))).toBe('2024-08-19T13:30:00.000Z');
    expect(cellText(45523, 'dd/mm/yyyy')).toBe('2024-08-19');
    expect(cellText({ formula: 'TODAY()', result: 45523 } as never, 'yyyy-mm-dd')).toBe('2024-08-19');
    expect(cellText(20.67659)).toBe('20.67659');
    expect(cellText(true)).toBe('true');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
    expect(cellText({ formula: '1/0', result: { error: '#DIV/0!' } } as never)).toBe('#DIV/0!');
    expect(cellText({ formula: 'A1' } as never)).toBe('');
    expect(cellText({ text: 'sitio', hyperlink: 'https://x.mx' })).toBe('sitio');
    expect(cellText(null)).toBe('');
  });

  it('a date cell becomes ISO text, and an error cell is named in the rejection', async () => {
    const buf = await workbook([
      ['cct', 'nombre', 'entidad', 'municipio', 'nivel', 'sector', 'zona', 'matricula', 'domicilio'],
      [
        '14DPR0001A',
        'Escuela Uno',
        '14',
        '039',
        'primaria',
        '001',
        '001',
        { error: '#N/A' },
        new Date(Date.UTC(2024, 7, 19)),
      ],
    ]);
    const { rows } = await parseXlsx(buf);
    expect(rows[0]).toMatchObject({
      ok: false,
      line: 2,
      reasons: [expect.stringMatching(/«matricula» debe ser un número entero no negativo, no «#N\/A»/)],
    });
    const wb = await workbook([
      ['cct', 'nombre', 'entidad', 'municipio', 'nivel', 'sector', 'zona', 'domicilio'],
      ['14DPR0001A', 'Escuela Uno', '14', '039', 'primaria', '001', '001', new Date(Date.UTC(2024, 7, 19))],
    ]);
    expect((await parseXlsx(wb)).rows[0]).toMatchObject({ ok: true, record: { address: '2024-08-19' } });
  });

  it('keeps a formula-looking name as plain text', async () => {
    const buf = await workbook([
      ['cct', 'nombre', 'entidad', 'municipio', 'nivel', 'sector', 'zona'],
      ['14DPR0001A', '=CMD("calc"), "la buena"', '14', '039', 'primaria', '001', '001'],
      ['14DPR0002Z', '@SUM(1+1)', '14', '039', 'primaria', '001', '001'],
    ]);
    const { rows } = await parseXlsx(buf);
    expect(rows).toMatchObject([
      { ok: true, record: { name: '=CMD("calc"), "la buena"' } },
      { ok: true, record: { name: '@SUM(1+1)' } },
    ]);
  });

  it('numbers lines as the sheet numbers rows, skipping blank rows (a title-less sheet may start lower)', async () => {
    const buf = await workbook([], (ws) => {
      ws.getRow(3).values = ['cct', 'nombre', 'entidad', 'municipio', 'nivel', 'sector', 'zona'];
      ws.getRow(4).values = ['14DPR0001A', 'Escuela Uno', '14', '039', 'primaria', '001', '001'];
      ws.getRow(5).values = ['', '  ', null];
      ws.getRow(7).values = ['14DPR0001A', 'Escuela Repetida', '14', '039', 'primaria', '001', '001'];
      ws.getCell('C6').numFmt = '@'; // a formatted, empty row
    });
    const { rows } = await parseXlsx(buf);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ ok: true, line: 4 });
    expect(rows[1]).toMatchObject({
      ok: false,
      line: 7,
      reasons: [expect.stringMatching(/primera vez en la línea 4/)],
    });
  });

  it('reads the first tab only', async () => {
    const buf = await workbook(
      [
        ['cct', 'nombre', 'entidad', 'municipio', 'nivel', 'sector', 'zona'],
        ['14DPR0001A', 'Escuela Uno', '14', '039', 'primaria', '001', '001'],
      ],
      (_ws, wb) => {
        const notes = wb.addWorksheet('Notas');
        notes.addRow(['cct', 'nombre']);
        notes.addRow(['no', 'es una escuela']);
      },
    );
    const { rows } = await parseXlsx(buf);
    expect(rows).toMatchObject([{ ok: true, record: { cct: '14DPR0001A' } }]);

    // The second tab stored first in the archive (and before the shared strings, so both sheets wait
    // in temporary files): the workbook's tab order decides, not the archive's.
    const entries = unzip(buf);
    const sheet = (n: string) => entries.filter(([name]) => name === n);
    const reordered = storedZip(
      Object.fromEntries([
        ...sheet('xl/worksheets/sheet2.xml'),
        ...entries.filter(([name]) => !name.startsWith('xl/worksheets/sheet')),
        ...sheet('xl/worksheets/sheet1.xml'),
      ]),
    );
    expect(unzip(reordered).map(([n]) => n)[0]).toBe('xl/worksheets/sheet2.xml');
    // ExcelJS's own streaming loop loses entries of this archive now and then (exceljs#3064); never here.
    for (let i = 0; i < 10; i++)
      expect((await parseXlsx(reordered)).rows).toMatchObject([{ ok: true, record: { cct: '14DPR0001A' } }]);
  });

  it('refuses an empty file and an empty workbook, and reports the missing columns of a header-only sheet', async () => {
    await expect(parseCatalogXlsx(Readable.from([]), ctx())).rejects.toMatchObject({ code: 'empty' });
    await expect(parseXlsx(await workbook([]))).rejects.toMatchObject({ code: 'empty' });
    const { file, rows } = await parseXlsx(await workbook([['cct', 'nombre']]));
    expect(rows).toEqual([]);
    expect(file.headers.missing).toEqual(['entidad', 'municipio', 'nivel', 'sector', 'zona']);
  });

  it('refuses a sheet with too many columns', async () => {
    const wide = Array.from({ length: 201 }, (_, i) => `c${i}`);
    await expect(parseXlsx(await workbook([wide]))).rejects.toMatchObject({
      code: 'too_many_columns',
      message: '201 columns (at most 200)',
    });
    // Excel's last column, XFD, holding one value: 16,384 columns.
    const far = await workbook([['cct', 'nombre']], (ws) => {
      ws.getCell('XFD1').value = 'lejos';
    });
    await expect(parseXlsx(far)).rejects.toMatchObject({ code: 'too_many_columns' });
  });

  it('refuses a record longer than the CSV limit', async () => {
    const buf = await workbook([
      ['cct', 'nombre', 'entidad', 'municipio', 'nivel', 'sector', 'zona'],
      ['14DPR0001A', 'x'.repeat(70_000), '14', '039', 'primaria', '001', '001'],
    ]);
    await expect(parseXlsx(buf)).rejects.toMatchObject({ code: 'malformed', message: /line 2/ });
  });

  it('explains what a file named .xlsx that is not a workbook is', async () => {
    const csv = Buffer.from('cct,nombre\n14DPR0001A,Escuela\n');
    const err = await parseCatalogFile(detectFormat('catalogo.xlsx', csv), Readable.from([csv]), ctx()).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CatalogFileError);
    expect(err).toMatchObject({ code: 'malformed', message: /not an XLSX workbook/ });
    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    await expect(parseXlsx(xls)).rejects.toMatchObject({ code: 'malformed', message: /old \.xls file/ });
    const zip = storedZip({ 'leeme.txt': 'hola', 'word/document.xml': '<w:document/>' });
    await expect(parseXlsx(zip)).rejects.toMatchObject({
      code: 'malformed',
      message: /holds no worksheet/,
    });
  });

  it('reads a zip64 archive', async () => {
    const buf = await workbook(catalogRows(sample.slice(0, 50)));
    const zip64 = storedZip(Object.fromEntries(unzip(buf)), { zip64: true });
    expect((await parseXlsx(zip64)).rows).toEqual((await parseXlsx(buf)).rows);
  });

  it('refuses a part that inflates past its limit (a zip bomb)', async () => {
    const buf = await workbook(catalogRows(sample));
    const before = XLSX_LIMITS.sheet;
    XLSX_LIMITS.sheet = 64 * 1024;
    try {
      await expect(parseXlsx(buf)).rejects.toMatchObject({
        code: 'malformed',
        message: /xl\/worksheets\/sheet1\.xml is larger than/,
      });
    } finally {
      XLSX_LIMITS.sheet = before;
    }
  });

  it('refuses a truncated workbook instead of reading half of it', async () => {
    const buf = await streamedWorkbook(catalogRows(sample));
    const cut = buf.subarray(0, Math.floor(buf.length / 2));
    await expect(parseXlsx(cut)).rejects.toMatchObject({
      code: 'malformed',
      message: /incomplete or damaged/,
    });
  });

  it('fails cleanly when the upload itself fails mid-way', async () => {
    const buf = await streamedWorkbook(catalogRows(sample));
    async function* broken() {
      yield buf.subarray(0, 8192);
      throw new Error('connection reset');
    }
    const run = parseCatalogXlsx(Readable.from(broken()), ctx()).then(collect);
    await expect(run).rejects.toMatchObject({
      code: 'malformed',
      message: /connection reset/,
    });
  });

  it('leaves no temporary file behind, whether the rows are read, abandoned or never read', async () => {
    const previous = process.env.TMPDIR;
    const mine = await mkdtemp(join(tmpdir(), 'calidad-xlsx-test-'));
    process.env.TMPDIR = mine;
    try {
      const buf = await workbook(catalogRows(sample));
      const read = await parseCatalogXlsx(chunked(buf), ctx());
      expect((await collect(read)).length).toBe(sample.length);
      const abandoned = await parseCatalogXlsx(chunked(buf), ctx());
      let n = 0;
      for await (const _ of abandoned.rows) if (++n === 10) break;
      expect(n).toBe(10);
      const unread = await parseCatalogXlsx(chunked(buf), ctx());
      expect(unread.headers.missing).toEqual([]);
      await expect(
        parseXlsx(await workbook([Array.from({ length: 300 }, (_, i) => `c${i}`)])),
      ).rejects.toThrow();
      expect(await readdir(mine)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      await rm(mine, { recursive: true, force: true });
    }
  });

  it('detects the format by content first, then by name', () => {
    const zip = Buffer.from('PK\x03\x04rest', 'latin1');
    expect(detectFormat('catalogo.csv', zip)).toBe('xlsx');
    expect(detectFormat('catalogo', zip)).toBe('xlsx');
    expect(detectFormat('catalogo.XLSX', Buffer.from('cct,nombre'))).toBe('xlsx');
    expect(detectFormat('catalogo.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))).toBe('xlsx');
    expect(detectFormat('catalogo.csv', Buffer.from('cct,nombre'))).toBe('csv');
    expect(detectFormat('catalogo.txt', new Uint8Array())).toBe('csv');
  });
});

/**
 * Memory check, run by hand (it takes a while):
 *   CATALOG_XLSX_MEMORY=50000 npx vitest run src/server/modules/catalog/xlsx.test.ts -t memory
 * writes a synthetic catalog of that many schools as XLSX (ExcelJS's streaming writer, shared
 * strings as Excel saves them) and as CSV, then parses each in a fresh Node process and prints the
 * peak RSS, the peak heap and the peak live heap (after a collection every 10,000 rows).
 */
describe.skipIf(!process.env.CATALOG_XLSX_MEMORY)('catalog XLSX parsing memory', () => {
  it('memory stays flat in the number of rows', { timeout: 900_000 }, async () => {
    const n = Number(process.env.CATALOG_XLSX_MEMORY);
    const dir = await mkdtemp(join(tmpdir(), 'calidad-xlsx-test-'));
    try {
      const xlsx = join(dir, 'catalogo.xlsx');
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
        stream: createWriteStream(xlsx),
        useSharedStrings: true,
      });
      const ws = wb.addWorksheet('Escuelas');
      ws.addRow([...CATALOG_COLUMNS]).commit();
      for (const r of syntheticCatalog(n, 9)) ws.addRow(CATALOG_COLUMNS.map((c) => r[c])).commit();
      ws.commit();
      await wb.commit();
      const csv = join(dir, 'catalogo.csv');
      const out = createWriteStream(csv);
      out.write(csvLine(CATALOG_COLUMNS));
      for (const r of syntheticCatalog(n, 9))
        if (!out.write(csvLine(CATALOG_COLUMNS.map((c) => r[c])))) await once(out, 'drain');
      await new Promise((done) => out.end(done));
      const script = `
        import { createReadStream } from 'node:fs';
        import { parseCatalogFile } from ${JSON.stringify(new URL('./file.ts', import.meta.url).href)};
        const [format, path] = process.argv.slice(-2);
        globalThis.gc();
        const base = process.memoryUsage();
        const peak = { rss: base.rss, heap: base.heapUsed, live: base.heapUsed };
        const sample = () => {
          const m = process.memoryUsage();
          peak.rss = Math.max(peak.rss, m.rss);
          peak.heap = Math.max(peak.heap, m.heapUsed);
        };
        const timer = setInterval(sample, 20);
        const started = Date.now();
        const file = await parseCatalogFile(format, createReadStream(path), { seen: new Map(), locale: 'es' });
        let ok = 0;
        for await (const r of file.rows) {
          if (r.ok) ok++;
          if (ok % 1000 === 0) sample();
          if (ok % 10000 === 0) { globalThis.gc(); peak.live = Math.max(peak.live, process.memoryUsage().heapUsed); }
        }
        clearInterval(timer);
        console.log(JSON.stringify({ ok, ms: Date.now() - started, base: { rss: base.rss, heap: base.heapUsed }, peak }));
      `;
      const mb = (b: number) => `${Math.round(b / 1024 ** 2)} MB`;
      for (const [format, path] of [
        ['xlsx', xlsx],
        ['csv', csv],
      ] as const) {
        const run = spawnSync(
          process.execPath,
          ['--expose-gc', '--input-type=module', '-e', script, format, path],
          {
            encoding: 'utf8',
          },
        );
        if (run.status !== 0) throw new Error(run.stderr);
        const r = JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
        console.log(
          `${format}: ${n} schools, ${mb((await stat(path)).size)} file, ${r.ms} ms: RSS ${mb(r.base.rss)} → peak ${mb(r.peak.rss)}, heap ${mb(r.base.heap)} → peak ${mb(r.peak.heap)}, live heap peak ${mb(r.peak.live)}`,
        );
        expect(r.ok).toBe(n);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
