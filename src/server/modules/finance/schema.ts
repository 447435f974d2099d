import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { pecCycles } from '../rules/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
const centavos = (name: string) => bigint(name, { mode: 'number' });

/**
 * The programme's double-entry ledger, per cycle. An account is one pot of money or one source or
 * use of it: the federal programme (FNEC), each state's trust fund (FEEC) and government, each
 * school's account, each school's contributors by kind, each school's spending by category, the
 * trust fund's interest. Amounts are integer centavos; a line is positive on the debit side and
 * negative on the credit side, and every entry's lines add up to zero.
 */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => pecCycles.id),
    /** 'federal', 'state_trust', 'state_gov', 'school', 'contributor', 'expense', 'interest'. */
    kind: text('kind').notNull(),
    /** The org unit the account belongs to (nation, state or school). */
    unitId: integer('unit_id').notNull(),
    unitPath: text('unit_path').notNull(),
    /** A contributor's source (parents, municipality…) or an expense's spending category; '' otherwise. */
    detail: text('detail').notNull().default(''),
    /** Cached sum of the account's lines, kept in the same transaction as each entry (ledger verify checks it). */
    balance: centavos('balance').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('ledger_accounts_key').on(t.cycleId, t.kind, t.unitId, t.detail),
    index('ledger_accounts_path').using('btree', sql`${t.unitPath} text_pattern_ops`),
  ],
);

/** A journal entry: immutable; a correction is a reversing entry that names the original and why. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => pecCycles.id),
    kind: text('kind').notNull(),
    memo: text('memo').notNull().default(''),
    /** For a reversal: the entry it cancels, and the reason. */
    reversesId: bigint('reverses_id', { mode: 'number' }),
    reason: text('reason'),
    /** Where it comes from in the domain (a contribution, an expense, a transfer…), for lineage. */
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('ledger_entries_cycle').on(t.cycleId, t.id),
    // An entry is reversed at most once.
    unique('ledger_entries_reverses').on(t.reversesId),
  ],
);

export const ledgerLines = pgTable(
  'ledger_lines',
  {
    entryId: bigint('entry_id', { mode: 'number' })
      .notNull()
      .references(() => ledgerEntries.id),
    accountId: integer('account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    amount: centavos('amount').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.accountId] }), index('ledger_lines_account').on(t.accountId)],
);

/**
 * Money-moving requests carry an Idempotency-Key: the first request with a key records its
 * payload's hash and, once done, its answer; a retry returns that answer, a different payload
 * under the same key is refused, and a retry while the first is still running is told so.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    key: text('key').notNull(),
    userId: uuid('user_id').notNull(),
    route: text('route').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: ['in_flight', 'done'] }).notNull(),
    statusCode: integer('status_code'),
    response: jsonb('response'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);
