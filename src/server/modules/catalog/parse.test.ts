import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG_COLUMNS } from '../../../contract/catalog.ts';
import { csvLine } from './csv.ts';
import { CatalogFileError, parseCatalogCsv } from './parse.ts';
import type { RowContext, RowResult } from './rows.ts';
import { syntheticCatalog } from './synthetic.ts';

const ctx = (extra: Partial<RowContext> = {}): RowContext => ({ seen: new Map(), locale: 'es', ...extra });

async function parseText(text: string | Buffer, c = ctx()) {
  const file = await parseCatalogCsv(Readable.from([typeof text === 'string' ? Buffer.from(text) : text]), c);
  const rows: RowResult[] = [];
  for await (const r of file.rows) rows.push(r);
  return { file, rows, rejected: rows.filter((r) => !r.ok) as Extract<RowResult, { ok: false }>[] };
}

const HEADER = 'cct,nombre,entidad,municipio,nivel,sector,zona,latitud,longitud\n';

describe('catalog CSV parsing', () => {
  it('accepts a synthetic catalog streamed in small chunks, every row valid', async () => {
    const lines = [
      csvLine(CATALOG_COLUMNS),
      ...[...syntheticCatalog(3000, 3)].map((r) => csvLine(CATALOG_COLUMNS.map((c) => r[c]))),
    ];
    const chunks =
      Buffer.from(lines.join(''))
        .toString('utf8')
        .match(/[\s\S]{1,997}/g) ?? [];
    const file = await parseCatalogCsv(Readable.from(chunks.map((c) => Buffer.from(c))), ctx());
    let ok = 0;
    for await (const r of file.rows) {
      if (!r.ok) throw new Error(`line ${r.line}: ${r.reasons.join('; ')}`);
      ok++;
    }
    expect(ok).toBe(3000);
    expect(file.headers.missing).toEqual([]);
  });

  it('reads the same rows however the bytes are cut: inside an accent, a quoted line break or a line ending', async () => {
    // Blank lines first: the first 64 KiB are read whole to tell the encoding, the cuts come after.
    const text = [
      HEADER,
      '\n'.repeat(70_000),
      '14DPR0001A,"Escuela ""Niños Héroes"", turno\r\nvespertino",14,039,primaria,001,001,,\r\n',
      '14DPR0002Z,Escuela Señor Ñandú,14,039,primaria,001,001,20.6,-103.3\r\n',
      '\r\n',
      '14DPR0003Y,"Jardín ""El Güero""",14,039,preescolar,001,002,,\r\n',
    ].join('');
    const whole = await parseText(text);
    expect(whole.rejected).toEqual([]);
    expect(whole.rows).toMatchObject([
      { record: { name: 'Escuela "Niños Héroes", turno\r\nvespertino' } },
      { record: { name: 'Escuela Señor Ñandú' } },
      { record: { name: 'Jardín "El Güero"' } },
    ]);
    const read = async (chunks: Buffer[]) => {
      const file = await parseCatalogCsv(Readable.from(chunks), ctx());
      const rows: RowResult[] = [];
      for await (const batch of file.batches) rows.push(...batch);
      return { rows, encoding: file.encoding };
    };
    for (const encoding of ['utf8', 'latin1'] as const) {
      const source = Buffer.from(text, encoding);
      // Every cut next to the first accented letter: a chunk may end on it, or inside it.
      const firstAccent = source.findIndex((b) => b >= 0x80);
      for (const at of [firstAccent, firstAccent + 1, firstAccent + 2]) {
        const got = await read([
          source.subarray(0, 64 * 1024),
          source.subarray(64 * 1024, at),
          source.subarray(at),
        ]);
        expect(got.encoding).toBe(encoding === 'utf8' ? 'utf-8' : 'windows-1252');
        expect(got.rows).toEqual(whole.rows);
      }
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(fc.integer({ min: 70_100, max: source.length - 1 }), { maxLength: 12 }),
          async (cuts) => {
            const at = [0, 64 * 1024, ...cuts.sort((a, b) => a - b), source.length];
            const chunks = at.slice(1).map((end, i) => source.subarray(at[i], end));
            const file = await parseCatalogCsv(Readable.from(chunks), ctx());
            const rows: RowResult[] = [];
            for await (const batch of file.batches) rows.push(...batch);
            expect(rows).toEqual(whole.rows);
          },
        ),
        { numRuns: 40 },
      );
    }
  });

  it('reads rows longer or shorter than the header (a trailing comma, a missing last cell)', async () => {
    const limit = Error.stackTraceLimit;
    const text = `${HEADER}14DPR0001A,Escuela Uno,14,039,primaria,001,001,20.6,-103.3,\n14DPR0002Z,Escuela Dos,14,039,primaria,001,001\n`;
    const { rows, rejected } = await parseText(text);
    expect(rejected).toEqual([]);
    expect(rows).toMatchObject([
      { line: 2, record: { cct: '14DPR0001A', latitude: 20.6 } },
      { line: 3, record: { cct: '14DPR0002Z', latitude: null } },
    ]);
    // The parser's errors are built without a stack while it runs, and only then.
    expect(Error.stackTraceLimit).toBe(limit);
  });

  it('reads Latin-1 files with accents', async () => {
    const text = `${HEADER}14DPR0001A,Escuela Primaria Benito Juárez Niño,14,039,primaria,001,001,,\n`;
    const { file, rows } = await parseText(Buffer.from(text, 'latin1'));
    expect(file.encoding).toBe('windows-1252');
    expect(rows[0]).toMatchObject({ ok: true, record: { name: 'Escuela Primaria Benito Juárez Niño' } });
  });

  it('matches headers by alias, accents and case, and finds the ; delimiter', async () => {
    const text =
      'Clave CCT;Nombre de la Escuela;CVE_ENT;Municipio;Nivel Educativo;Sector;Zona Escolar;Grado de Marginación\n14DPR0001A;Escuela «Uno»;Jalisco;14039;PRIMARIA;001;001;Muy alto\n';
    const { file, rows } = await parseText(text);
    expect(file.delimiter).toBe(';');
    expect(file.headers.missing).toEqual([]);
    expect(rows[0]).toMatchObject({
      ok: true,
      record: { state: '14', municipality: '039', level: 'primaria', marginalization: 'muy_alto' },
    });
  });

  it('refuses an empty file, and reports the missing columns of a header-only file', async () => {
    await expect(parseText('')).rejects.toBeInstanceOf(CatalogFileError);
    const { file, rows } = await parseText('cct,nombre\n');
    expect(rows).toEqual([]);
    expect(file.headers.missing).toEqual(['entidad', 'municipio', 'nivel', 'sector', 'zona']);
  });

  it('refuses a file with a million columns without reading it all into memory', async () => {
    const wide = `${Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',')}\n`;
    await expect(parseText(wide)).rejects.toBeInstanceOf(CatalogFileError);
  });

  it('keeps quotes, commas and a formula in a name as plain text', async () => {
    const text = `${HEADER}14DPR0001A,"=CMD(""calc""), ""la buena""",14,039,primaria,001,001,,\n`;
    const { rows } = await parseText(text);
    expect(rows[0]).toMatchObject({ ok: true, record: { name: '=CMD("calc"), "la buena"' } });
  });

  it('names every problem of a rejected row, with its line number', async () => {
    const text = [
      HEADER,
      '14DPR0001A,Escuela Uno,14,039,primaria,001,001,20.6,-103.3\n',
      '14DPR0001A,Escuela Repetida,14,039,primaria,001,001,,\n',
      '15DPR0002Z,Escuela Otra Entidad,14,039,primaria,001,001,,\n',
      '14DP0003Y,Clave Corta,14,039,primaria,001,001,,\n',
      '14DPR0004X,,14,039,universidad,001,001,,\n',
      '14DPR0005W,Fuera de México,14,039,primaria,001,001,40.1,-103\n',
      '14DPR0006V,Escuela Rara,99,039,primaria,001,001,,\n',
    ].join('');
    const { rejected } = await parseText(text);
    const byLine = new Map(rejected.map((r) => [r.line, r.reasons.join(' | ')]));
    expect(byLine.get(3)).toMatch(/repetida en el archivo \(primera vez en la línea 2\)/);
    expect(byLine.get(4)).toMatch(/no coincide con la entidad/);
    expect(byLine.get(5)).toMatch(/10 caracteres/);
    expect(byLine.get(6)).toMatch(/«nombre»/);
    expect(byLine.get(6)).toMatch(/universidad/);
    expect(byLine.get(7)).toMatch(/fuera de México/);
    expect(byLine.get(8)).toMatch(/entidad desconocida «99»/);
    expect(byLine.has(2)).toBe(false);
  });

  it('reads the levels of basic education by their usual names, inicial and especial included', async () => {
    const text = [
      HEADER,
      '14DDI0001A,CENDI Uno,14,039,Educación Inicial,001,001,,\n',
      '14DML0002Z,CAM Dos,14,039,CAM,001,001,,\n',
      '14DJN0003Y,Jardín Tres,14,039,PREESCOLAR,001,001,,\n',
      '14DPR0004X,Prepa Cuatro,14,039,bachillerato,001,001,,\n',
    ].join('');
    const { rows, rejected } = await parseText(text);
    expect(rows.map((r) => r.ok && r.record.level)).toEqual(['inicial', 'especial', 'preescolar', false]);
    expect(rejected[0]?.reasons).toEqual(['valor no reconocido en «nivel»: «bachillerato»']);
  });

  it('reads shift and funding as the known values, whatever their case and accents', async () => {
    const text =
      'cct,nombre,entidad,municipio,nivel,sector,zona,turno,sostenimiento\n' +
      '14DPR0001A,Uno,14,039,primaria,001,001,TIEMPO COMPLETO,Autónomo\n' +
      '14DPR0002Z,Dos,14,039,primaria,001,001,Matutino,FEDERAL TRANSFERIDO\n';
    const { rows } = await parseText(text);
    expect(rows.map((r) => r.ok && [r.record.shift, r.record.funding])).toEqual([
      ['tiempo_completo', 'autonomo'],
      ['matutino', 'federal transferido'],
    ]);
  });

  it('reads decimal commas in a ;-delimited file, and names coordinates that are not numbers', async () => {
    const text = [
      'cct;nombre;entidad;municipio;nivel;sector;zona;latitud;longitud\n',
      '14DPR0001A;Escuela Uno;14;039;primaria;001;001;20,6766;-103,3475\n',
      '14DPR0002Z;Escuela Dos;14;039;primaria;001;001;N/A;-103.3\n',
      '14DPR0003Y;Escuela Tres;14;000;primaria;001;001;;\n',
      '14DPR0004X;Escuela Cuatro;14;571;primaria;001;001;;\n',
    ].join('');
    const { rows, rejected } = await parseText(text);
    expect(rows[0]).toMatchObject({ ok: true, record: { latitude: 20.6766, longitude: -103.3475 } });
    const byLine = new Map(rejected.map((r) => [r.line, r.reasons.join(' | ')]));
    expect(byLine.get(3)).toBe('las coordenadas deben ser números en grados decimales, no «N/A»');
    expect(byLine.get(4)).toMatch(/clave de municipio no válida «000»/);
    expect(byLine.get(5)).toMatch(/clave de municipio no válida «571»/);
  });

  it("refuses other states' rows for a state coordinator, in English when asked", async () => {
    const text = `${HEADER}14DPR0001A,Escuela Uno,14,039,primaria,001,001,,\n17DPR0001A,Escuela Dos,17,007,primaria,001,001,,\n`;
    const { rejected } = await parseText(text, ctx({ allowedStates: new Set(['17']), locale: 'en' }));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ line: 2, reasons: [expect.stringMatching(/only your own state/)] });
  });
});
