import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CATALOG_COLUMNS, type CatalogColumn, type SchoolSummary } from '../../../contract/catalog.ts';
import { csvLine } from './csv.ts';

/** A table to download: a header and the cells of each row (a number stays a number in a spreadsheet). */
export interface ExportColumn<T> {
  header: string;
  /** Column width in a spreadsheet, in characters. */
  width: number;
  value(row: T): string | number | null;
}

/** The columns of the school search's exports, CSV and XLSX alike. */
export const SCHOOL_EXPORT_COLUMNS: readonly ExportColumn<SchoolSummary>[] = [
  { header: 'cct', width: 12, value: (s) => s.cct },
  { header: 'nombre', width: 48, value: (s) => s.name },
  { header: 'entidad', width: 20, value: (s) => s.state?.name ?? null },
  { header: 'municipio', width: 24, value: (s) => s.municipality },
  { header: 'localidad', width: 24, value: (s) => s.locality },
  { header: 'nivel', width: 12, value: (s) => s.level },
  { header: 'servicio', width: 14, value: (s) => s.service },
  { header: 'sostenimiento', width: 14, value: (s) => s.funding },
  { header: 'zona', width: 8, value: (s) => s.zone?.code ?? null },
  { header: 'ambito', width: 10, value: (s) => s.setting },
  { header: 'marginacion', width: 12, value: (s) => s.marginalization },
  { header: 'matricula', width: 10, value: (s) => s.enrolment },
  { header: 'activa', width: 8, value: (s) => (s.active ? 'si' : 'no') },
];

/** One example school for the catalog templates: every canonical column, as a valid row. */
export const CATALOG_TEMPLATE_EXAMPLE: Record<CatalogColumn, string> = {
  cct: '14DPR0001A',
  nombre: 'Escuela Primaria Benito Juárez',
  turno: 'matutino',
  entidad: '14',
  municipio: '039',
  nombre_municipio: 'Guadalajara',
  localidad: 'Guadalajara',
  domicilio: 'Av. Juárez núm. 100',
  codigo_postal: '44100',
  nivel: 'primaria',
  servicio: 'general',
  multigrado: 'no',
  sostenimiento: 'estatal',
  sector: '001',
  zona: '001',
  ambito: 'urbano',
  marginacion: 'muy_bajo',
  matricula: '320',
  docentes: '12',
  latitud: '20.67659',
  longitud: '-103.34749',
};

export const CATALOG_TEMPLATE_COLUMNS: readonly ExportColumn<Record<CatalogColumn, string>>[] =
  CATALOG_COLUMNS.map((c) => ({
    header: c,
    width: Math.max(10, c.length + 2, CATALOG_TEMPLATE_EXAMPLE[c].length + 2),
    value: (r) => r[c],
  }));

/** Resolves when the stream can take more, or is gone (the client left). */
const drained = (out: PassThrough) =>
  new Promise<void>((done) => {
    const finish = () => {
      out.off('drain', finish);
      out.off('close', finish);
      done();
    };
    out.once('drain', finish);
    out.once('close', finish);
  });

type Rows<T> = Iterable<T> | AsyncIterable<T>;

/** CSV with a BOM (so Excel reads UTF-8), formulas neutralised; streamed a page at a time. */
export function csvStream<T>(columns: readonly ExportColumn<T>[], rows: Rows<T>): Readable {
  return Readable.from(
    (async function* () {
      let chunk = `\uFEFF${csvLine(columns.map((c) => c.header))}`;
      for await (const row of rows) {
        chunk += csvLine(columns.map((c) => String(c.value(row) ?? '')));
        if (chunk.length >= 64 * 1024) {
          yield chunk;
          chunk = '';
        }
      }
      yield chunk;
    })(),
    { objectMode: false },
  );
}

/**
 * XLSX written by ExcelJS's streaming writer as the rows come: one sheet, a bold frozen header
 * with filters. Texts are written as inline strings, never as formulas: a name such as
 * `=CMD(...)` opens as that text. `textColumns` formats every column as text, so that codes
 * typed into a template keep their leading zeros.
 */
export function xlsxStream<T>(
  columns: readonly ExportColumn<T>[],
  rows: Rows<T>,
  opts: { sheet: string; textColumns?: boolean },
): Readable {
  const out = new PassThrough();
  (async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    const ws = wb.addWorksheet(opts.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({
      width: c.width,
      ...(opts.textColumns ? { style: { numFmt: '@' } } : {}),
    }));
    const header = ws.addRow(columns.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    for await (const row of rows) {
      ws.addRow(
        columns.map((c) => {
          const v = c.value(row);
          // An inline string (t="inlineStr"), the spreadsheet form of a literal text.
          return typeof v === 'string' ? (v === '' ? null : { richText: [{ text: v }] }) : v;
        }),
      ).commit();
      // The client reads slower than the database answers: wait rather than buffer the file.
      if (out.writableNeedDrain) await drained(out);
      if (out.destroyed) return;
    }
    ws.commit();
    await wb.commit();
  })().catch((err: unknown) => out.destroy(err as Error));
  return out;
}
