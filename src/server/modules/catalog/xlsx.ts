import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Row } from 'exceljs';
import ExcelJS from 'exceljs';
import { CatalogFileError, catalogRecords, type ParsedCatalog, type SourceRecord } from './parse.ts';
import type { RowContext } from './rows.ts';
import { openZip, ZipError } from './zip.ts';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// Old binary .xls files, and password-protected .xlsx (an encrypted package inside the same container).
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

export const isZip = (head: Buffer) => head.subarray(0, 4).equals(ZIP_MAGIC);
export const isOle = (head: Buffer) => head.subarray(0, 4).equals(OLE_MAGIC);

/** Size limits: far above any real catalog, well below a zip bomb or a disk-filling upload. */
export const XLSX_LIMITS = {
  /** The workbook as uploaded (compressed). */
  file: 1024 ** 3,
  /** The worksheet's XML, uncompressed (a million schools with inline strings is about 1.3 GB). */
  sheet: 2 * 1024 ** 3,
  /** The shared-strings table, uncompressed; it is held in memory while the sheet is read. */
  sharedStrings: 256 * 1024 ** 2,
  /** Styles, the workbook and its relationships, uncompressed. */
  part: 64 * 1024 ** 2,
};

interface SheetReader extends AsyncIterable<Row> {}

/**
 * The parts of ExcelJS's streaming WorkbookReader this module uses. Its own `parse()` loop reads the
 * archive front to back with a helper that stops when the zip parser reports its input finished,
 * which can come before the last entries were handed over (exceljs#1558, #2790, #3064): those
 * entries, often `xl/workbook.xml`, the shared strings or a sheet, are then silently missing. Here
 * the archive is read by its central directory (`zip.ts`) and each part is given to ExcelJS's
 * part parsers in the order they depend on each other.
 */
interface WorkbookParts {
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { id: number; name: string; rId: string }[] };
  properties?: { model?: { date1904?: boolean } };
  sharedStrings?: unknown[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(
    chunks: AsyncIterable<Buffer>,
    sheetNo: string,
  ): Generator<{ eventType: string; value: SheetReader }>;
}

function workbookParts(): WorkbookParts {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles are a small part of the file, and the only way to tell a date, or a zero-padded code, from a number.
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as WorkbookParts;
  for (const m of ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles', '_parseWorksheet'])
    if (typeof (reader as unknown as Record<string, unknown>)[m] !== 'function')
      throw new Error(`exceljs: WorkbookReader.${m} is gone; check xlsx.ts against the installed exceljs`);
  return reader;
}

// The date check ExcelJS applies to plain cells, repeated for formula results.
const isDateFormat = (fmt: string | undefined) =>
  !!fmt && /[ymdhMsb]+/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

function serialToDate(serial: number, date1904: boolean): Date {
  const days = date1904 ? serial + 1462 : serial;
  return new Date(Math.round((days - 25569) * 86_400_000));
}

function numberText(n: number, numFmt: string | undefined): string {
  // What the sheet shows for a code kept as a number with a zero-padding format ("00000").
  if (numFmt && /^0+$/.test(numFmt) && Number.isInteger(n) && n >= 0)
    return String(n).padStart(numFmt.length, '0');
  return String(n);
}

/**
 * One cell as the text a CSV export of it would hold: numbers in plain decimal (zero-padded when
 * the cell's format pads them), dates as ISO 8601, a formula's cached result (a text that merely
 * starts with "=" is a text, never evaluated), rich text joined, an error as its code (#N/A), empty as ''.
 */
export function cellText(value: unknown, numFmt?: string, date1904 = false): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (isDateFormat(numFmt)) return dateText(serialToDate(value, date1904));
    return numberText(value, numFmt);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return (v.richText as { text?: unknown }[])
        .map((r) => (typeof r.text === 'string' ? r.text : ''))
        .join('');
    if ('formula' in v || 'sharedFormula' in v || 'result' in v) {
      const result = v.result;
      if (result && typeof result === 'object' && 'error' in result) return String(result.error);
      return cellText(result, numFmt, date1904);
    }
    if (typeof v.error === 'string') return v.error;
    if ('sharedString' in v)
      throw new CatalogFileError(
        'malformed',
        'damaged XLSX workbook: a cell refers to a missing shared string',
      );
    if ('text' in v) return cellText(v.text, numFmt, date1904);
  }
  return '';
}

/** The cells of one worksheet row as text, up to its last non-empty cell. */
function rowCells(row: Row, date1904: boolean): string[] {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const text = cellText(cell.value, cell.numFmt, date1904);
    while (cells.length < col - 1) cells.push('');
    cells[col - 1] = text;
  });
  while (cells.length > 0 && !cells[cells.length - 1]) cells.pop();
  return cells;
}

/** Reads at least four bytes, and gives them back with a stream of the whole input. */
async function peek(input: Readable | AsyncIterable<Buffer | string>) {
  const it = (input as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  while (size < 4) {
    const r = await it.next();
    if (r.done) break;
    const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    head.push(b);
    size += b.length;
  }
  const first = Buffer.concat(head);
  async function* all() {
    yield first;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    }
  }
  return { head: first, stream: Readable.from(all(), { objectMode: false }), release: () => it.return?.() };
}

/** Copies the upload to a temporary file (a zip is read from its end), refusing one past the limit. */
async function spool(input: Readable, file: string) {
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      done(
        size > XLSX_LIMITS.file
          ? new CatalogFileError(
              'malformed',
              `the workbook is larger than ${XLSX_LIMITS.file / 1024 ** 3} GiB`,
            )
          : null,
        chunk,
      );
    },
  });
  await pipeline(input, limit, createWriteStream(file));
}

/**
 * Streams the first worksheet (the first tab) of an XLSX catalog. The upload is copied to a
 * temporary file as it arrives (a zip's table of contents is at its end); the workbook's small parts
 * are read first, then the worksheet is inflated and parsed row by row. Memory stays flat in the
 * number of rows, but for the shared-strings table (the distinct texts). Headers, validation,
 * limits and the result are those of `parseCatalogCsv`; line numbers are the sheet's row numbers.
 */
export async function parseCatalogXlsx(
  input: Readable | AsyncIterable<Buffer | string>,
  ctx: RowContext,
): Promise<ParsedCatalog> {
  const { head, stream, release } = await peek(input);
  const open: Readable[] = [stream];
  const destroyAll = () => {
    for (const s of open) s.destroy();
    void release();
    if (input instanceof Readable) input.destroy();
  };
  if (head.length === 0) {
    destroyAll();
    throw new CatalogFileError('empty', 'empty file');
  }
  if (!isZip(head)) {
    destroyAll();
    throw new CatalogFileError(
      'malformed',
      isOle(head)
        ? 'not an XLSX workbook: an old .xls file or a password-protected workbook; save it as .xlsx (without a password) or CSV'
        : 'not an XLSX workbook (an .xlsx file is a zip archive); save it as .xlsx or CSV',
    );
  }

  async function* records(): AsyncGenerator<SourceRecord[]> {
    const dir = await mkdtemp(join(tmpdir(), 'calidad-xlsx-'));
    let closeZip: (() => Promise<void>) | undefined;
    let reading = 'the upload';
    try {
      const file = join(dir, 'workbook.xlsx');
      await spool(stream, file);
      reading = 'the workbook';
      const zip = await openZip(file);
      closeZip = zip.close;
      // The open file is all that is needed now: a caller that never reads the rows leaves nothing on disk.
      await rm(dir, { recursive: true, force: true }).catch(() => {});
      const part = async (name: string, max: number) => {
        const entry = zip.entries.get(name);
        if (!entry) return undefined;
        reading = name;
        const body = await zip.read(
          entry,
          max,
          () =>
            new CatalogFileError(
              'malformed',
              `${name} is larger than ${Math.round(max / 1024 ** 2)} MiB once uncompressed`,
            ),
        );
        open.push(body);
        return body;
      };
      if (![...zip.entries.keys()].some((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n)))
        throw new CatalogFileError('malformed', 'not an XLSX workbook: the archive holds no worksheet');
      const book = workbookParts();
      const rels = await part('xl/_rels/workbook.xml.rels', XLSX_LIMITS.part);
      const workbook = await part('xl/workbook.xml', XLSX_LIMITS.part);
      if (!rels || !workbook)
        throw new CatalogFileError(
          'malformed',
          'damaged XLSX workbook: xl/workbook.xml or its relationships are missing',
        );
      await book._parseRels(rels);
      await book._parseWorkbook(workbook);
      const styles = await part('xl/styles.xml', XLSX_LIMITS.part);
      if (styles) await book._parseStyles(styles);
      const shared = await part('xl/sharedStrings.xml', XLSX_LIMITS.sharedStrings);
      if (shared) for await (const _ of book._parseSharedStrings(shared));
      // The first tab as the workbook orders them, which need not be the first sheet in the archive.
      const tab = book.model?.sheets?.[0];
      const target = tab && book.workbookRels?.find((r) => r.Id === tab.rId)?.Target;
      const path = target && (target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
      const sheet = path && (await part(path, XLSX_LIMITS.sheet));
      if (!sheet)
        throw new CatalogFileError(
          'malformed',
          `damaged XLSX workbook: the first sheet (${path}) is missing`,
        );
      const date1904 = book.properties?.model?.date1904 === true;
      const event = book._parseWorksheet(sheet, /(\d+)\.xml$/.exec(path)?.[1] ?? '1').next();
      if (event.done) return;
      for await (const row of event.value.value) yield [{ cells: rowCells(row, date1904), line: row.number }];
    } catch (err) {
      if (err instanceof CatalogFileError) throw err;
      if (err instanceof ZipError && err.truncated)
        throw new CatalogFileError(
          'malformed',
          'the XLSX workbook ends too soon: the file is incomplete or damaged',
        );
      if (reading === 'the upload') throw err;
      throw new CatalogFileError(
        'malformed',
        `damaged XLSX workbook (${reading}): ${(err as Error).message}`,
      );
    } finally {
      destroyAll();
      await closeZip?.().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    }
  }
  const { headers, rows, batches } = await catalogRecords(records(), ctx, destroyAll);
  return { encoding: 'xlsx', delimiter: '', headers, rows, batches };
}
