import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';

/**
 * Columns that keep a copy of a school's path beside its id, so that scope checks and listings
 * need no join with the tree. When a newer catalog puts a school in another zone, its copies move
 * with it: the new zone's supervisor then sees the school's plan, money and reviews, and the old
 * one no longer does. `tests/integration/catalog-move.test.ts` fails when a table gains such a column unlisted here.
 */
export const PATH_COPIES = [
  ['pec_plans', 'school_path'],
  ['pec_registrations', 'school_path'],
  ['pec_contributions', 'school_path'],
  ['pec_expenses', 'school_path'],
  ['ledger_accounts', 'unit_path'],
  ['pec_year_closes', 'unit_path'],
  ['pec_deadline_extensions', 'unit_path'],
  ['workflow_items', 'scope_path'],
] as const;

/**
 * Path columns that are not copies to follow: the tree itself, records of where something was
 * when it happened (the audit trail, an import's scope), and paths of other trees.
 */
export const NOT_PATH_COPIES = [
  ['org_units', 'path'],
  ['audit_log', 'unit_path'],
  ['catalog_imports', 'scope_path'],
  ['alliance_bodies', 'path'],
  ['pec_plan_observations', 'path'],
] as const;

/**
 * Moves every copy of the paths in `moved` (a table of `old_path`, `new_path`, one row per
 * school that moved) to the new path. Schools are leaves, so a copy equals its school's path.
 */
export async function movePathCopies(tx: Tx, moved: string): Promise<void> {
  for (const [table, column] of PATH_COPIES)
    await tx.execute(
      sql.raw(`update ${table} t set ${column} = m.new_path from ${moved} m where t.${column} = m.old_path`),
    );
}
