import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { CatalogColumn } from '../../../contract/catalog.ts';
import { type HeaderMatch, matchHeaders } from './headers.ts';
import { type RowContext, type RowResult, validateRow } from './rows.ts';

export const MAX_COLUMNS = 200;
export const MAX_RECORD_BYTES = 64 * 1024;

export class CatalogFileError extends Error {
  readonly code: 'empty' | 'no_header_match' | 'too_many_columns' | 'malformed';
  constructor(code: CatalogFileError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

export interface ParsedFile {
  encoding: 'utf-8' | 'windows-1252';
  delimiter: string;
  headers: HeaderMatch;
  rows: AsyncGenerator<RowResult>;
}

/** Decides UTF-8 or Windows-1252 (Latin-1) from the first bytes, then decodes the rest in stream. */
async function* decode(
  input: AsyncIterable<Buffer | string>,
  onEncoding: (e: ParsedFile['encoding']) => void,
) {
  const head: Buffer[] = [];
  let size = 0;
  const it = input[Symbol.asyncIterator]();
  let done = false;
  while (size < 64 * 1024) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    head.push(b);
    size += b.length;
  }
  const first = Buffer.concat(head);
  let encoding: ParsedFile['encoding'] = 'utf-8';
  try {
    // A cut in the middle of a multi-byte character at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(first.subarray(0, Math.max(0, first.length - 4)));
  } catch {
    encoding = 'windows-1252';
  }
  onEncoding(encoding);
  const decoder = new TextDecoder(encoding);
  yield decoder.decode(first, { stream: true });
  while (!done) {
    const r = await it.next();
    if (r.done) break;
    yield decoder.decode(typeof r.value === 'string' ? Buffer.from(r.value) : r.value, { stream: true });
  }
  yield decoder.decode();
}

/**
 * Streams a catalog CSV: constant memory in file size. Headers are matched by name and alias;
 * every data row comes out validated, with its line number and reasons when rejected.
 */
export async function parseCatalogCsv(
  input: Readable | AsyncIterable<Buffer | string>,
  ctx: RowContext,
): Promise<ParsedFile> {
  let encoding: ParsedFile['encoding'] = 'utf-8';
  const text = decode(input as AsyncIterable<Buffer>, (e) => {
    encoding = e;
  });
  // The delimiter is the one the header line uses most: Mexican spreadsheets often export with ';'.
  const firstChunk = await text.next();
  const start = firstChunk.done ? '' : firstChunk.value;
  const headerLine = start.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  if (!headerLine.trim()) throw new CatalogFileError('empty', 'empty file');
  const delimiter =
    [',', ';', '\t'].map((d) => ({ d, n: headerLine.split(d).length })).sort((a, b) => b.n - a.n)[0]?.d ??
    ',';
  const parser = parse({
    bom: true,
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
    info: true,
  });
  (async () => {
    try {
      if (!parser.write(start)) await new Promise((r) => parser.once('drain', r));
      for await (const chunk of text)
        if (!parser.write(chunk)) await new Promise((r) => parser.once('drain', r));
      parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();
  async function* records(): AsyncGenerator<SourceRecord> {
    for await (const r of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>)
      yield { cells: r.record, line: r.info.lines };
  }
  const { headers, rows } = await catalogRecords(records(), ctx, () => parser.destroy());
  return {
    get encoding() {
      return encoding;
    },
    delimiter,
    headers,
    rows,
  };
}

/** One record of a catalog file, whatever its format: the cells as text and the file's line (or row) number. */
export interface SourceRecord {
  cells: readonly string[];
  line: number;
}

/** What `parseCatalogCsv` gives, for any supported format: a spreadsheet has no encoding or delimiter of its own. */
export interface ParsedCatalog extends Omit<ParsedFile, 'encoding'> {
  encoding: ParsedFile['encoding'] | 'xlsx';
}

const isBlank = (cells: readonly string[]) => cells.every((c) => !c.trim());

/**
 * The part every format shares: the first non-blank record is the header (matched by name and
 * alias), every later non-blank record is validated by `rows.ts` with its line number. Blank
 * records (an empty line, or cells that are all empty, as spreadsheets export formatted rows) are
 * skipped. `close` releases the source when the file is refused or the rows are abandoned.
 */
export async function catalogRecords(
  records: AsyncIterator<SourceRecord>,
  ctx: RowContext,
  release: () => void = () => {},
): Promise<Pick<ParsedFile, 'headers' | 'rows'>> {
  const close = () => {
    release();
    // Lets the source run its own clean-up (a temporary file, an open parser).
    records.return?.()?.catch(() => {});
  };
  const next = async (): Promise<SourceRecord | undefined> => {
    for (;;) {
      let r: IteratorResult<SourceRecord>;
      try {
        r = await records.next();
      } catch (err) {
        close();
        if (err instanceof CatalogFileError) throw err;
        throw new CatalogFileError('malformed', (err as Error).message);
      }
      if (r.done) return undefined;
      const size = r.value.cells.reduce((n, c) => n + c.length, 0);
      if (size > MAX_RECORD_BYTES) {
        close();
        throw new CatalogFileError(
          'malformed',
          `line ${r.value.line}: the record is longer than ${MAX_RECORD_BYTES} characters`,
        );
      }
      if (!isBlank(r.value.cells)) return r.value;
    }
  };
  const header = await next();
  if (!header) {
    close();
    throw new CatalogFileError('empty', 'empty file');
  }
  if (header.cells.length > MAX_COLUMNS) {
    close();
    throw new CatalogFileError('too_many_columns', `${header.cells.length} columns (at most ${MAX_COLUMNS})`);
  }
  const headers = matchHeaders(header.cells);
  async function* rows(): AsyncGenerator<RowResult> {
    let finished = false;
    try {
      for (let r = await next(); r; r = await next()) {
        const raw: Partial<Record<CatalogColumn, string>> = {};
        r.cells.forEach((value, i) => {
          const c = headers.columns[i];
          if (c) raw[c] = value;
        });
        yield validateRow(raw, r.line, ctx);
      }
      finished = true;
    } finally {
      // A consumer that stops early (an error, a limit) must not leave the file open.
      if (!finished) close();
    }
  }
  return { headers, rows: rows() };
}
