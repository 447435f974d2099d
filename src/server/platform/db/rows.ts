/**
 * The rows of a raw `db.execute(sql…)`: node-postgres answers `{ rows }`, PGlite's driver an array.
 * One place for that difference, for every module that writes SQL by hand.
 */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
