import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';
import { Parser } from 'csv-parse';
import type { CatalogColumn } from '../../../contract/catalog.ts';
import { type HeaderMatch, matchHeaders } from './headers.ts';
import { type RowContext, type RowResult, validateRow } from './rows.ts';

export const MAX_COLUMNS = 200;
export const MAX_RECORD_BYTES = 64 * 1024;

export class CatalogFileError extends Error {
  readonly code: 'empty' | 'no_rows' | 'no_header_match' | 'too_many_columns' | 'malformed';
  constructor(code: CatalogFileError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

export interface ParsedFile {
  encoding: 'utf-8' | 'windows-1252';
  delimiter: string;
  headers: HeaderMatch;
  /** The rows a batch at a time (as they come out of a chunk of the file): the import's way to read them. */
  batches: AsyncGenerator<RowResult[]>;
  /** The same rows one by one. Read one or the other: they share the file. */
  rows: AsyncGenerator<RowResult>;
}

/**
 * Decides UTF-8 or Windows-1252 (Latin-1) from the first bytes, then yields the file as UTF-8
 * bytes: a UTF-8 file's own chunks untouched, a Windows-1252 one re-encoded as it streams. A file
 * whose first bytes are plain ASCII is settled by its first accent, wherever that comes: up to
 * there both readings are the same text.
 */
async function* utf8Bytes(
  input: AsyncIterable<Buffer | string>,
  onEncoding: (e: ParsedFile['encoding']) => void,
): AsyncGenerator<Buffer> {
  const head: Buffer[] = [];
  let size = 0;
  const it = input[Symbol.asyncIterator]();
  let done = false;
  const bytes = (v: Buffer | string) => (typeof v === 'string' ? Buffer.from(v) : v);
  while (size < 64 * 1024) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const b = bytes(r.value);
    head.push(b);
    size += b.length;
  }
  const first = Buffer.concat(head);
  let latin1: TextDecoder | null = null;
  /** Settled: a non-ASCII byte has been seen, and told which encoding it is. */
  let settled = false;
  /** Bytes kept back until the next chunk tells what they are: a chunk may end inside a character. */
  let held: Buffer | null = null;
  const recode = (chunk: Buffer, last: boolean): Buffer => {
    let b = held ? Buffer.concat([held, chunk]) : chunk;
    held = null;
    if (!settled && !isAscii(b)) {
      const whole = last ? b.length : wholeUtf8(b);
      if (whole < b.length) {
        held = b.subarray(whole);
        b = b.subarray(0, whole);
      }
      if (!isAscii(b)) {
        settled = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(b);
        } catch {
          latin1 = new TextDecoder('windows-1252');
          onEncoding('windows-1252');
        }
      }
    }
    return latin1 ? Buffer.from(latin1.decode(b)) : b;
  };
  onEncoding('utf-8');
  try {
    yield recode(first, done);
    while (!done) {
      const r = await it.next();
      if (r.done) break;
      yield recode(bytes(r.value), false);
    }
    // The file ended inside what would be a UTF-8 character: those bytes settle it.
    if (held) yield recode(Buffer.alloc(0), true);
  } finally {
    // Stopped early (a refused file, an abandoned read): the source is closed too.
    if (!done) await it.return?.();
  }
}

/** Where an unfinished UTF-8 sequence at the end of `b` starts; `b.length` when it ends on a whole character. */
function wholeUtf8(b: Buffer): number {
  for (let i = b.length - 1; i >= Math.max(0, b.length - 3); i--) {
    const c = b[i] as number;
    if (c < 0x80) return b.length;
    if (c >= 0xc0) {
      const size = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return b.length - i < size ? i : b.length;
    }
  }
  return b.length;
}

/** A parsed record as csv-parse gives it with `info: true`. */
interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/**
 * csv-parse's incremental parser, the one its stream wraps: each chunk is parsed at once and its
 * records handed back together. The stream would hand them over one by one, an asynchronous step
 * per record, which cost more than the parsing itself on a 250,000-row catalog. Not in the
 * package's types: its shape is pinned by the lockfile and exercised by this module's tests.
 */
interface CsvApi {
  parse(
    chunk: Buffer | undefined,
    end: boolean,
    push: (r: CsvRecord) => void,
    close: () => void,
  ): Error | undefined;
}

/**
 * Streams a catalog CSV: constant memory in file size. Headers are matched by name and alias;
 * every data row comes out validated, with its line number and reasons when rejected, a chunk's
 * rows at a time.
 */
export async function parseCatalogCsv(
  input: Readable | AsyncIterable<Buffer | string>,
  ctx: RowContext,
): Promise<ParsedFile> {
  let encoding: ParsedFile['encoding'] = 'utf-8';
  const bytes = utf8Bytes(input as AsyncIterable<Buffer>, (e) => {
    encoding = e;
  });
  const firstChunk = await bytes.next();
  const start = firstChunk.done ? Buffer.alloc(0) : firstChunk.value;
  // The delimiter is the one the header line uses most: Mexican spreadsheets often export with ';'.
  const headerLine =
    start
      .subarray(0, 64 * 1024)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/, 1)[0] ?? '';
  if (!headerLine.trim()) {
    await bytes.return(undefined);
    throw new CatalogFileError('empty', 'empty file');
  }
  const delimiter =
    [',', ';', '\t'].map((d) => ({ d, n: headerLine.split(d).length })).sort((a, b) => b.n - a.n)[0]?.d ??
    ',';
  const csv = (
    new Parser({
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_BYTES,
      info: true,
    }) as unknown as { api: CsvApi }
  ).api;
  async function* records(): AsyncGenerator<SourceRecord[]> {
    let batch: SourceRecord[] = [];
    const push = (r: CsvRecord) => {
      batch.push({ cells: r.record, line: r.info.lines });
    };
    const take = (chunk: Buffer | undefined, end: boolean) => {
      // With relax_column_count csv-parse still builds an Error for every row whose length differs
      // from the first's, only to drop it. Its stack trace made a file with one trailing comma per
      // row three times slower to read; nothing here reads the stack.
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      let err: Error | undefined;
      try {
        err = csv.parse(chunk, end, push, () => {});
      } finally {
        Error.stackTraceLimit = limit;
      }
      if (err) throw err;
      const out = batch;
      batch = [];
      return out;
    };
    let out = take(start, false);
    if (out.length > 0) yield out;
    for await (const chunk of bytes) {
      out = take(chunk, false);
      if (out.length > 0) yield out;
    }
    out = take(undefined, true);
    if (out.length > 0) yield out;
  }
  const { headers, rows, batches } = await catalogRecords(records(), ctx);
  return {
    get encoding() {
      return encoding;
    },
    delimiter,
    headers,
    rows,
    batches,
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
  records: AsyncIterator<SourceRecord[]>,
  ctx: RowContext,
  release: () => void = () => {},
): Promise<Pick<ParsedFile, 'headers' | 'rows' | 'batches'>> {
  const close = () => {
    release();
    // Lets the source run its own clean-up (a temporary file, an open parser).
    records.return?.()?.catch(() => {});
  };
  let pending: readonly SourceRecord[] = [];
  let at = 0;
  /** The next batch of records into `pending`; false at the end of the file. */
  const pull = async (): Promise<boolean> => {
    let r: IteratorResult<SourceRecord[]>;
    try {
      r = await records.next();
    } catch (err) {
      close();
      if (err instanceof CatalogFileError) throw err;
      throw new CatalogFileError('malformed', (err as Error).message);
    }
    if (r.done) return false;
    pending = r.value;
    at = 0;
    return true;
  };
  /** Whether a record holds anything; a record over the size limit refuses the file. */
  const filled = (r: SourceRecord): boolean => {
    let size = 0;
    for (const c of r.cells) size += c.length;
    if (size > MAX_RECORD_BYTES) {
      close();
      throw new CatalogFileError(
        'malformed',
        `line ${r.line}: the record is longer than ${MAX_RECORD_BYTES} characters`,
      );
    }
    return !isBlank(r.cells);
  };
  let header: SourceRecord | undefined;
  while (!header) {
    if (at >= pending.length && !(await pull())) {
      close();
      throw new CatalogFileError('empty', 'empty file');
    }
    const r = pending[at++] as SourceRecord;
    if (filled(r)) header = r;
  }
  if (header.cells.length > MAX_COLUMNS) {
    close();
    throw new CatalogFileError('too_many_columns', `${header.cells.length} columns (at most ${MAX_COLUMNS})`);
  }
  const headers = matchHeaders(header.cells);
  const validate = (r: SourceRecord): RowResult => {
    const raw: Partial<Record<CatalogColumn, string>> = {};
    for (let i = 0; i < r.cells.length; i++) {
      const c = headers.columns[i];
      if (c) raw[c] = r.cells[i] as string;
    }
    return validateRow(raw, r.line, ctx);
  };
  async function* batches(): AsyncGenerator<RowResult[]> {
    let finished = false;
    try {
      do {
        const out: RowResult[] = [];
        while (at < pending.length) {
          const r = pending[at++] as SourceRecord;
          if (filled(r)) out.push(validate(r));
        }
        if (out.length > 0) yield out;
      } while (await pull());
      finished = true;
    } finally {
      // A consumer that stops early (an error, a limit) must not leave the file open.
      if (!finished) close();
    }
  }
  const all = batches();
  async function* rows(): AsyncGenerator<RowResult> {
    for await (const batch of all) yield* batch;
  }
  return { headers, batches: all, rows: rows() };
}
