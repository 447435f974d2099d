import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from './client.ts';

const SPECIAL = /[\\\t\n\r]/;

/** One value in COPY's text format: NULL as \N, and the format's four special characters escaped. */
function field(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : String(v);
  // Most values have nothing to escape: testing first is much cheaper than replacing.
  if (!SPECIAL.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

export function copyText(rows: readonly (readonly unknown[])[]): string {
  let out = '';
  for (const r of rows) out += `${r.map(field).join('\t')}\n`;
  return out;
}

/**
 * Bulk-loads rows with COPY, the fastest way into PostgreSQL (several times an INSERT of the same
 * rows): COPY FROM STDIN on a server, COPY FROM a blob on PGlite. Not for use inside a
 * transaction: it takes its own connection.
 */
export async function copyRows(
  db: Db,
  driver: 'pglite' | 'postgres',
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  await copyTextInto(db, driver, `${table} (${columns.join(', ')})`, 'text', copyText(rows));
}

/** COPY of ready-made text (any format COPY reads) into a table; the benchmark's baseline uses it too. */
export async function copyTextInto(
  db: Db,
  driver: 'pglite' | 'postgres',
  target: string,
  format: 'text' | 'csv header',
  text: string | Buffer,
): Promise<void> {
  const options = format === 'text' ? '' : ' with (format csv, header true)';
  if (driver === 'pglite') {
    const client = (db as unknown as { $client: PGlite }).$client;
    await client.query(`copy ${target} from '/dev/blob'${options}`, [], {
      blob: new Blob([typeof text === 'string' ? text : new Uint8Array(text)]),
    });
    return;
  }
  const pool = (db as unknown as { $client: pg.Pool }).$client;
  const conn = await pool.connect();
  try {
    await new Promise<void>((resolve, reject) => {
      const stream = conn.query(copyFrom(`copy ${target} from stdin${options}`));
      stream.on('error', reject);
      stream.on('finish', () => resolve());
      stream.end(text);
    });
  } finally {
    conn.release();
  }
}
