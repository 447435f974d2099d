import { sql } from 'drizzle-orm';
import { hourMx } from '../time.ts';
import type { Db } from './client.ts';

/**
 * PGlite runs no autovacuum (PostgreSQL in one process, without background workers): the row
 * versions that updates and deletes leave (sessions, jobs, the outbox, re-imported schools) are
 * never reclaimed and the planner's statistics never refreshed unless the app does it. A server's
 * own autovacuum does this on PostgreSQL, so there this does nothing. Blocks every other query
 * while it runs (PGlite is one session): run it after a large write or at a quiet hour.
 */
export async function vacuumEmbedded(
  db: Db,
  driver: 'pglite' | 'postgres',
  tables: readonly string[] = [],
): Promise<boolean> {
  if (driver !== 'pglite') return false;
  await db.execute(sql.raw(`vacuum (analyze)${tables.length ? ` ${tables.join(', ')}` : ''}`));
  return true;
}

/**
 * The hour the whole embedded database is vacuumed, once a day: 3 a.m. in Mexico City, when
 * schools and offices are closed (a server kept in UTC would otherwise do it at 9 p.m. there).
 */
export const NIGHTLY_HOUR = 3;

/** Whether the nightly vacuum is due: in its hour, and not yet done in the last 20 hours. */
export function nightlyDue(now: Date, last: Date | null): boolean {
  return hourMx(now) === NIGHTLY_HOUR && (last === null || now.getTime() - last.getTime() > 20 * 3_600_000);
}
