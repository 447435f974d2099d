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
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{
    record: string[];
    info: { lines: number };
  }>;
  let header: { record: string[] } | undefined;
  try {
    const r = await records.next();
    header = r.done ? undefined : r.value;
  } catch (err) {
    throw new CatalogFileError('malformed', (err as Error).message);
  }
  if (!header) throw new CatalogFileError('empty', 'empty file');
  if (header.record.length > MAX_COLUMNS) {
    parser.destroy();
    throw new CatalogFileError(
      'too_many_columns',
      `${header.record.length} columns (at most ${MAX_COLUMNS})`,
    );
  }
  const headers = matchHeaders(header.record);
  async function* rows(): AsyncGenerator<RowResult> {
    for (;;) {
      let r: IteratorResult<{ record: string[]; info: { lines: number } }>;
      try {
        r = await records.next();
      } catch (err) {
        throw new CatalogFileError('malformed', (err as Error).message);
      }
      if (r.done) return;
      const raw: Partial<Record<CatalogColumn, string>> = {};
      r.value.record.forEach((value, i) => {
        const c = headers.columns[i];
        if (c) raw[c] = value;
      });
      yield validateRow(raw, r.value.info.lines, ctx);
    }
  }
  return {
    get encoding() {
      return encoding;
    },
    delimiter,
    headers,
    rows: rows(),
  };
}
