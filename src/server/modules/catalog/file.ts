import type { Readable } from 'node:stream';
import { CatalogFileError, type ParsedCatalog, parseCatalogCsv } from './parse.ts';
import type { RowContext } from './rows.ts';
import { isOle, isZip, parseCatalogXlsx } from './xlsx.ts';

export { CatalogFileError, type ParsedCatalog };

export type CatalogFormat = 'csv' | 'xlsx';

/**
 * The format of an uploaded catalog. The content decides when it can (an .xlsx is a zip archive,
 * whatever its name); otherwise the name: a file called .xlsx/.xls that is not a zip goes to the
 * XLSX reader, which explains what it is instead of reading binary as CSV.
 */
export function detectFormat(fileName: string, firstBytes: Uint8Array): CatalogFormat {
  const head = Buffer.from(firstBytes.buffer, firstBytes.byteOffset, Math.min(firstBytes.byteLength, 4));
  if (isZip(head) || isOle(head)) return 'xlsx';
  return /\.(xlsx|xlsm|xls)$/i.test(fileName.trim()) ? 'xlsx' : 'csv';
}

/** Streams a catalog file of either format: the same headers, rows, limits and errors. */
export function parseCatalogFile(
  format: CatalogFormat,
  input: Readable | AsyncIterable<Buffer | string>,
  ctx: RowContext,
): Promise<ParsedCatalog> {
  return format === 'xlsx' ? parseCatalogXlsx(input, ctx) : parseCatalogCsv(input, ctx);
}
