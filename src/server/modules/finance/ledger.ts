import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Executor, Tx } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { ledgerAccounts, ledgerEntries, ledgerLines } from './schema.ts';

/**
 * The ledger's one way in: `post` writes an entry and its lines in the caller's transaction and
 * moves the cached balances with them, so a process killed mid-posting leaves nothing (the
 * transaction rolls back) and balances never drift from their lines. The database refuses an
 * unbalanced entry and any change to a posted one (migration 0009); `verifyLedger` re-derives
 * everything from the lines.
 */

export const ACCOUNT_KINDS = [
  'federal',
  'state_trust',
  'state_gov',
  'school',
  'contributor',
  'expense',
  'interest',
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export interface AccountKey {
  cycleId: number;
  kind: AccountKind;
  unit: { id: number; path: string };
  detail?: string;
}

export type Account = typeof ledgerAccounts.$inferSelect;

/**
 * Account ids by key. An account's identity never changes once created (only its cached balance
 * does, and that is always read under lock), so every process may remember key → id safely.
 */
const accountIds = new Map<string, Account>();

/**
 * The account for a key, created the first time it is used (concurrent first uses agree on one row).
 * Its `balance` is whatever it was when first seen: read balances with `lockAccounts`.
 */
export async function accountFor(tx: Executor, key: AccountKey): Promise<Account> {
  const detail = key.detail ?? '';
  const cacheKey = `${key.cycleId}:${key.kind}:${key.unit.id}:${detail}`;
  const known = accountIds.get(cacheKey);
  if (known) return known;
  const row = await findOrCreate(tx, key, detail);
  if (accountIds.size > 100_000) accountIds.clear();
  accountIds.set(cacheKey, row);
  return row;
}

/**
 * Forgets a remembered account: one created in a transaction that then rolled back is not there.
 * Callers that find a remembered id missing under lock (see operations.ts) forget it and look again.
 */
export function forgetAccount(key: AccountKey): void {
  accountIds.delete(`${key.cycleId}:${key.kind}:${key.unit.id}:${key.detail ?? ''}`);
}

async function findOrCreate(tx: Executor, key: AccountKey, detail: string): Promise<Account> {
  const where = and(
    eq(ledgerAccounts.cycleId, key.cycleId),
    eq(ledgerAccounts.kind, key.kind),
    eq(ledgerAccounts.unitId, key.unit.id),
    eq(ledgerAccounts.detail, detail),
  );
  const [found] = await tx.select().from(ledgerAccounts).where(where);
  if (found) return found;
  await tx
    .insert(ledgerAccounts)
    .values({ cycleId: key.cycleId, kind: key.kind, unitId: key.unit.id, unitPath: key.unit.path, detail })
    .onConflictDoNothing();
  const [row] = await tx.select().from(ledgerAccounts).where(where);
  if (!row) throw new Error('ledger account not created');
  return row;
}

export interface Line {
  accountId: number;
  /** Centavos: positive is a debit, negative a credit. */
  amount: number;
}

export interface EntryInput {
  cycleId: number;
  kind: string;
  memo?: string;
  lines: Line[];
  reversesId?: number;
  reason?: string;
  sourceType?: string;
  sourceId?: string;
  createdBy: string | null;
}

/** Lines of one entry with each account once, zero lines dropped; throws unless they balance. */
export function normaliseLines(lines: readonly Line[]): Line[] {
  const by = new Map<number, number>();
  for (const l of lines) {
    if (!Number.isSafeInteger(l.amount)) throw new Error(`ledger amount ${l.amount} is not whole centavos`);
    by.set(l.accountId, (by.get(l.accountId) ?? 0) + l.amount);
  }
  const out = [...by].filter(([, a]) => a !== 0).map(([accountId, amount]) => ({ accountId, amount }));
  const sum = out.reduce((n, l) => n + l.amount, 0);
  if (sum !== 0) throw new Error(`ledger entry does not balance (${sum} centavos)`);
  if (out.length < 2) throw new Error('a ledger entry needs at least two accounts');
  return out;
}

/** Locks accounts in id order (so two posts never deadlock) and returns their current balances. */
export async function lockAccounts(tx: Tx, ids: number[]): Promise<Map<number, number>> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  if (!unique.length) return new Map();
  const rows = await tx
    .select({ id: ledgerAccounts.id, balance: ledgerAccounts.balance })
    .from(ledgerAccounts)
    .where(inArray(ledgerAccounts.id, unique))
    .orderBy(asc(ledgerAccounts.id))
    .for('update');
  return new Map(rows.map((r) => [r.id, r.balance]));
}

export async function post(tx: Tx, input: EntryInput): Promise<number> {
  const lines = normaliseLines(input.lines);
  const [entry] = await tx
    .insert(ledgerEntries)
    .values({
      cycleId: input.cycleId,
      kind: input.kind,
      memo: input.memo ?? '',
      reversesId: input.reversesId ?? null,
      reason: input.reason ?? null,
      sourceType: input.sourceType ?? null,
      sourceId: input.sourceId ?? null,
      createdBy: input.createdBy,
    })
    .returning({ id: ledgerEntries.id });
  if (!entry) throw new Error('ledger entry not inserted');
  // All lines in one statement: the balance check in the database runs once over the whole entry.
  await tx.insert(ledgerLines).values(lines.map((l) => ({ entryId: entry.id, ...l })));
  await tx.execute(sql`
    update ledger_accounts a set balance = a.balance + v.delta
    from (values ${sql.join(
      lines.map((l) => sql`(${l.accountId}::int, ${l.amount}::bigint)`),
      sql`, `,
    )}) as v(id, delta)
    where a.id = v.id`);
  return entry.id;
}

/** Cancels an entry with its exact opposite, naming it and why. An entry is reversed at most once. */
export async function reverse(tx: Tx, entryId: number, reason: string, by: string | null): Promise<number> {
  const [original] = await tx.select().from(ledgerEntries).where(eq(ledgerEntries.id, entryId));
  if (!original) throw new AppError(404, 'not_found');
  if (original.reversesId !== null) throw new AppError(409, 'ledger_reverse_reversal');
  const [already] = await tx
    .select({ id: ledgerEntries.id })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.reversesId, entryId));
  if (already) throw new AppError(409, 'ledger_already_reversed');
  const lines = await tx.select().from(ledgerLines).where(eq(ledgerLines.entryId, entryId));
  await lockAccounts(
    tx,
    lines.map((l) => l.accountId),
  );
  return post(tx, {
    cycleId: original.cycleId,
    kind: 'reversal',
    memo: `Reverso de la póliza ${entryId}`,
    lines: lines.map((l) => ({ accountId: l.accountId, amount: -l.amount })),
    reversesId: entryId,
    reason,
    ...(original.sourceType ? { sourceType: original.sourceType } : {}),
    ...(original.sourceId ? { sourceId: original.sourceId } : {}),
    createdBy: by,
  });
}

export type LedgerProblem =
  | { kind: 'unbalanced'; entryId: number; sum: number }
  | { kind: 'empty'; entryId: number }
  | { kind: 'balance_mismatch'; accountId: number; cached: number; derived: number };

/** Re-derives the ledger from its lines: every entry balances and every cached balance is the sum of its lines. */
export async function verifyLedger(
  db: Db,
): Promise<{ ok: boolean; entries: number; accounts: number; first: LedgerProblem | null }> {
  const [counts] = rowsOf(
    await db.execute(
      sql`select (select count(*) from ledger_entries)::bigint as e, (select count(*) from ledger_accounts)::bigint as a`,
    ),
  );
  const [unbalanced] = rowsOf(
    await db.execute(sql`select entry_id, sum(amount)::bigint as s from ledger_lines group by entry_id
      having sum(amount) <> 0 order by entry_id limit 1`),
  );
  const [emptyEntry] = rowsOf(
    await db.execute(sql`select e.id from ledger_entries e where not exists
      (select 1 from ledger_lines l where l.entry_id = e.id) order by e.id limit 1`),
  );
  const [mismatch] = rowsOf(
    await db.execute(sql`select a.id, a.balance::bigint as cached, coalesce(sum(l.amount), 0)::bigint as derived
      from ledger_accounts a left join ledger_lines l on l.account_id = a.id
      group by a.id, a.balance having a.balance <> coalesce(sum(l.amount), 0) order by a.id limit 1`),
  );
  const first: LedgerProblem | null = unbalanced
    ? { kind: 'unbalanced', entryId: Number(unbalanced.entry_id), sum: Number(unbalanced.s) }
    : emptyEntry
      ? { kind: 'empty', entryId: Number(emptyEntry.id) }
      : mismatch
        ? {
            kind: 'balance_mismatch',
            accountId: Number(mismatch.id),
            cached: Number(mismatch.cached),
            derived: Number(mismatch.derived),
          }
        : null;
  return { ok: first === null, entries: Number(counts?.e ?? 0), accounts: Number(counts?.a ?? 0), first };
}
