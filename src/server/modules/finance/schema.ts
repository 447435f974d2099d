import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
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

// The programme's money, as domain records that each point at the ledger entry that moved it.

const money = (name: string) => bigint(name, { mode: 'number' });

/** The national coordination's allocation of the cycle's federal funds to a state, with its calculation. */
export const pecAllocations = pgTable(
  'pec_allocations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => pecCycles.id),
    stateUnitId: integer('state_unit_id').notNull(),
    amount: money('amount').notNull(),
    /** What the formula weighed ('eligible_schools', 'enrolment'…), the state's figure and its share in basis points. */
    basis: text('basis').notNull(),
    basisValue: bigint('basis_value', { mode: 'number' }).notNull(),
    shareBp: integer('share_bp').notNull(),
    /** The state's required contribution for it (federal amount ÷ federal pesos per state peso). */
    requiredStateContribution: money('required_state_contribution').notNull(),
    entryId: bigint('entry_id', { mode: 'number' }),
    allocatedBy: uuid('allocated_by'),
    allocatedAt: ts('allocated_at').notNull().defaultNow(),
  },
  (t) => [unique('pec_allocations_cycle_state').on(t.cycleId, t.stateUnitId)],
);

/** Money a school raised (parents, municipality, donors…), validated by the state before it counts. */
export const pecContributions = pgTable(
  'pec_contributions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => pecCycles.id),
    schoolUnitId: integer('school_unit_id').notNull(),
    schoolPath: text('school_path').notNull(),
    source: text('source', { enum: ['padres', 'municipio', 'donativos', 'otros'] }).notNull(),
    kind: text('kind', { enum: ['cash', 'in_kind', 'labour'] }).notNull(),
    amount: money('amount').notNull(),
    receivedOn: text('received_on').notNull(),
    description: text('description').notNull().default(''),
    evidenceFileId: uuid('evidence_file_id'),
    status: text('status', { enum: ['registered', 'approved', 'rejected'] })
      .notNull()
      .default('registered'),
    reviewReason: text('review_reason'),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: ts('reviewed_at'),
    /** The entry that put cash into the school account (approved cash only). */
    entryId: bigint('entry_id', { mode: 'number' }),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('pec_contributions_school').on(t.cycleId, t.schoolUnitId)],
);

/** A transfer from the state trust fund to a school: its initial grant or its match, once each. */
export const pecTransfers = pgTable(
  'pec_transfers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => pecCycles.id),
    schoolUnitId: integer('school_unit_id').notNull(),
    kind: text('kind', { enum: ['initial', 'match'] }).notNull(),
    amount: money('amount').notNull(),
    /** How the amount was reached, for the school to read. */
    calculation: jsonb('calculation').notNull(),
    entryId: bigint('entry_id', { mode: 'number' }).notNull(),
    releasedBy: uuid('released_by'),
    releasedAt: ts('released_at').notNull().defaultNow(),
  },
  (t) => [unique('pec_transfers_once').on(t.cycleId, t.schoolUnitId, t.kind)],
);

/**
 * An expense of a school, against an action of its approved PAT and a spending category, proven by
 * a CFDI e-invoice (its UUID unique in the whole programme: two schools cannot claim one invoice) or,
 * where the rules allow, another receipt with a reason and a scan. Its review is a workflow item.
 */
export const pecExpenses = pgTable(
  'pec_expenses',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => pecCycles.id),
    schoolUnitId: integer('school_unit_id').notNull(),
    schoolPath: text('school_path').notNull(),
    planId: uuid('plan_id').notNull(),
    actionId: text('action_id').notNull(),
    category: text('category').notNull(),
    amount: money('amount').notNull(),
    description: text('description').notNull(),
    spentOn: text('spent_on').notNull(),
    proof: text('proof', { enum: ['cfdi', 'receipt'] }).notNull(),
    cfdiUuid: text('cfdi_uuid').unique(),
    cfdiFacts: jsonb('cfdi_facts'),
    receiptReason: text('receipt_reason'),
    /** Who was paid: the CFDI's issuer, or the name on a simple receipt. */
    issuer: text('issuer'),
    files: jsonb('files').$type<{ fileId: string; name: string; kind: string }[]>().notNull().default([]),
    itemId: uuid('item_id').notNull(),
    entryId: bigint('entry_id', { mode: 'number' }),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('pec_expenses_school').on(t.cycleId, t.schoolUnitId),
    index('pec_expenses_path').using('btree', sql`${t.schoolPath} text_pattern_ops`),
  ],
);

/** Unspent money a school must return at year close (reintegro), and when it did. */
export const pecReturns = pgTable(
  'pec_returns',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => pecCycles.id),
    schoolUnitId: integer('school_unit_id').notNull(),
    amount: money('amount').notNull(),
    dueOn: text('due_on').notNull(),
    entryId: bigint('entry_id', { mode: 'number' }),
    /** The deposit's reference (bank, transfer number…). */
    reference: text('reference'),
    returnedBy: uuid('returned_by'),
    returnedAt: ts('returned_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique('pec_returns_school').on(t.cycleId, t.schoolUnitId)],
);

/**
 * Year close (cierre del ejercicio): a school's year, or a state's (which closes all its schools).
 * A closed school's account takes no more money in or out except its return (reintegro).
 */
export const pecYearCloses = pgTable(
  'pec_year_closes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => pecCycles.id),
    unitId: integer('unit_id').notNull(),
    unitPath: text('unit_path').notNull(),
    unitKind: text('unit_kind', { enum: ['school', 'state'] }).notNull(),
    /** The school account's balance at close (what became its return due); null for a state. */
    balance: money('balance'),
    closedBy: uuid('closed_by'),
    closedAt: ts('closed_at').notNull().defaultNow(),
  },
  (t) => [
    unique('pec_year_closes_unit').on(t.cycleId, t.unitId),
    index('pec_year_closes_path').using('btree', sql`${t.unitPath} text_pattern_ops`),
  ],
);

/**
 * The school council's (CEPS) answer to the school's accountability report: acknowledged, or
 * observations, recorded from the council session where the report was presented. One per school
 * and cycle; a later session may replace it (the audit trail keeps the earlier one).
 */
export const pecAccountabilityAcks = pgTable(
  'pec_accountability_acks',
  {
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => pecCycles.id),
    schoolUnitId: integer('school_unit_id').notNull(),
    acknowledged: boolean('acknowledged').notNull(),
    observations: text('observations').notNull().default(''),
    /** The council session in which the report was presented. */
    heldOn: text('held_on').notNull(),
    attendees: integer('attendees').notNull(),
    recordedBy: uuid('recorded_by'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.schoolUnitId] })],
);
