import { z } from 'zod';

/**
 * Escuelas de Calidad: the programme's money in — the federal allocation to the states by formula,
 * each state's contribution to its trust fund, the schools' own contributions and their validation,
 * the match, and the transfers to schools. Amounts are integer centavos; dates YYYY-MM-DD. Every
 * money-moving POST requires an `Idempotency-Key` header. API under /api/pec.
 */

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Centavos = z.number().int().nonnegative().max(1e15);
const Amount = z.number().int().positive().max(1e13);
const UnitRef = z.object({ id: z.number().int(), code: z.string(), name: z.string() });
const Person = z.object({ id: z.string(), name: z.string() }).nullable();

export const ALLOCATION_BASES = ['eligible_schools', 'enrolment', 'selected_schools'] as const;

export const AllocationRow = z.object({
  state: UnitRef,
  basisValue: z.number(),
  /** The state's share of the total basis in basis points (they add up to 10,000). */
  shareBp: z.number().int(),
  amount: Centavos,
  requiredStateContribution: Centavos,
  /** What the state has put in its trust fund so far, and what is still due. */
  contributed: Centavos,
  due: Centavos,
  entryId: z.number().int().nullable(),
});

export const AllocationView = z.object({
  cycleId: z.number().int(),
  budget: Centavos,
  basis: z.enum(ALLOCATION_BASES),
  federalPerStatePeso: z.number(),
  /** False: the rows are what the formula gives today, not yet recorded. */
  allocated: z.boolean(),
  allocatedAt: z.string().nullable(),
  allocatedBy: Person,
  total: Centavos,
  states: z.array(AllocationRow),
  can: z.object({ allocate: z.boolean() }),
});
export type AllocationView = z.infer<typeof AllocationView>;

export const StateContributionBody = z.strictObject({
  amount: Amount,
  receivedOn: DateOnly,
  /** The deposit's reference (bank, transfer number…). */
  reference: z.string().trim().min(1).max(300),
});

export const StateContributionInfo = z.object({
  entryId: z.number().int(),
  amount: Centavos,
  memo: z.string(),
  at: z.string(),
  by: Person,
});

export const CONTRIBUTION_SOURCES = ['padres', 'municipio', 'donativos', 'otros'] as const;
export const CONTRIBUTION_KINDS = ['cash', 'in_kind', 'labour'] as const;
export const CONTRIBUTION_STATUSES = ['registered', 'approved', 'rejected'] as const;

export const RecordContributionBody = z.strictObject({
  schoolUnitId: z.number().int().positive(),
  source: z.enum(CONTRIBUTION_SOURCES),
  kind: z.enum(CONTRIBUTION_KINDS),
  amount: Amount,
  receivedOn: DateOnly,
  description: z.string().trim().max(2000).default(''),
});

export const ReviewContributionBody = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  /** Required to reject: the school reads it. */
  reason: z.string().trim().max(2000).optional(),
});

export const ContributionInfo = z.object({
  id: z.uuid(),
  cycleId: z.number().int(),
  school: UnitRef,
  source: z.enum(CONTRIBUTION_SOURCES),
  kind: z.enum(CONTRIBUTION_KINDS),
  amount: Centavos,
  receivedOn: z.string(),
  description: z.string(),
  evidence: z.object({ id: z.string(), name: z.string() }).nullable(),
  status: z.enum(CONTRIBUTION_STATUSES),
  reviewReason: z.string().nullable(),
  reviewedBy: Person,
  reviewedAt: z.string().nullable(),
  /** The ledger entry that put the cash in the school's account (approved cash only). */
  entryId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type ContributionInfo = z.infer<typeof ContributionInfo>;

export const ContributionListQuery = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  status: z.enum(CONTRIBUTION_STATUSES).optional(),
});

export const MatchCalculation = z.object({
  cash: Centavos,
  inKind: Centavos,
  counted: Centavos,
  notCounted: Centavos,
  pending: Centavos,
  perPeso: Centavos,
  cap: Centavos,
  uncapped: Centavos,
  amount: Centavos,
  capped: z.boolean(),
  /** The explanation in the reader's language. */
  explanation: z.string(),
});

export const TRANSFER_KINDS = ['initial', 'match'] as const;
export const TransferKind = z.enum(TRANSFER_KINDS);

export const TransferInfo = z.object({
  id: z.number().int(),
  cycleId: z.number().int(),
  school: UnitRef,
  kind: TransferKind,
  amount: Centavos,
  calculation: z.record(z.string(), z.unknown()),
  explanation: z.string(),
  entryId: z.number().int(),
  releasedBy: Person,
  releasedAt: z.string(),
});
export type TransferInfo = z.infer<typeof TransferInfo>;

export const TransferBody = z.strictObject({ kind: TransferKind });

export const TransferResult = z.object({
  transfers: z.array(TransferInfo),
  total: Centavos,
  /** The state trust fund's balance after the transfers. */
  trustBalance: Centavos,
});

export const SchoolMoneyView = z.object({
  cycleId: z.number().int(),
  school: UnitRef,
  state: UnitRef,
  registration: z
    .object({ selection: z.enum(['selected', 'not_selected']).nullable(), grantCap: Centavos.nullable() })
    .nullable(),
  /** The school account's balance. */
  balance: z.number().int(),
  contributions: z.array(ContributionInfo),
  match: MatchCalculation,
  transfers: z.array(TransferInfo),
  /** The school's plan this cycle (expenses are proven against its approved PAT). */
  plan: z.object({ id: z.uuid(), state: z.string() }).nullable(),
  /** When the school's year was closed (its account then only returns what is left). */
  closedAt: z.string().nullable(),
  deadlines: z.object({ initial_transfer: z.string(), match_transfer: z.string() }),
  can: z.object({ record: z.boolean(), review: z.boolean(), release: z.boolean() }),
});

export const StateFundsView = z.object({
  cycleId: z.number().int(),
  state: UnitRef,
  allocation: AllocationRow.nullable(),
  /** What the state's adaptation says it will put in for the cycle. */
  pledged: Centavos,
  contributions: z.array(StateContributionInfo),
  trustBalance: z.number().int(),
  transferred: z.object({ initial: Centavos, match: Centavos }),
  schools: z.array(
    z.object({
      school: UnitRef,
      grantCap: Centavos.nullable(),
      /** The initial grant the rules give the school (its tier's cap), released or still to release. */
      initialAmount: Centavos,
      initial: TransferInfo.nullable(),
      match: MatchCalculation,
      matchTransfer: TransferInfo.nullable(),
      pendingContributions: z.number().int(),
    }),
  ),
  deadlines: z.object({ initial_transfer: z.string(), match_transfer: z.string() }),
  can: z.object({ decide: z.boolean() }),
});
export type StateFundsView = z.infer<typeof StateFundsView>;
export type SchoolMoneyView = z.infer<typeof SchoolMoneyView>;
export type TransferResult = z.infer<typeof TransferResult>;

// Year close, returns and the closing reports.

const UnitKindRef = UnitRef.extend({ kind: z.enum(['nation', 'state', 'sector', 'zone', 'school']) });

export const CloseBody = z.strictObject({
  /** Optional note for the record (the audit trail keeps it). */
  note: z.string().trim().max(2000).default(''),
});

export const ReturnInfo = z.object({
  id: z.number().int(),
  school: UnitRef,
  amount: Centavos,
  dueOn: z.string(),
  /** Past the rules' deadline and still not returned. */
  overdue: z.boolean(),
  returnedAt: z.string().nullable(),
  reference: z.string().nullable(),
  entryId: z.number().int().nullable(),
});
export type ReturnInfo = z.infer<typeof ReturnInfo>;

export const PayReturnBody = z.strictObject({ reference: z.string().trim().min(1).max(300) });

export const FederalReturnBody = z.strictObject({
  amount: Amount,
  reference: z.string().trim().min(1).max(300),
});
export const InterestBody = z.strictObject({
  amount: Amount,
  reference: z.string().trim().min(1).max(300),
});

/** What a unit's money came to in a cycle. Every figure is derived from the ledger and its domain records. */
export const ClosingTotals = z.object({
  allocated: Centavos,
  stateContributed: Centavos,
  interest: Centavos,
  /** Raised by the schools and validated: cash (moves money), in kind and labour (recorded only). */
  raised: z.object({ cash: Centavos, inKind: Centavos, labour: Centavos }),
  transferred: z.object({ initial: Centavos, match: Centavos }),
  spent: Centavos,
  spentByCategory: z.array(z.object({ category: z.string(), name: z.string(), amount: Centavos })),
  /** Returns due from closed schools, and how much of it came back. */
  returnsDue: Centavos,
  returned: Centavos,
  returnedToFederation: Centavos,
  /** Money still in the trust fund(s) and in school accounts. */
  trustBalance: z.number().int(),
  schoolBalances: z.number().int(),
});
export type ClosingTotals = z.infer<typeof ClosingTotals>;

export const ClosingRow = z.object({
  unit: UnitKindRef,
  totals: ClosingTotals,
  closedAt: z.string().nullable(),
  /** Expenses still awaiting review (they hold a close back). */
  pendingReviews: z.number().int(),
});

export const ClosingReport = z.object({
  cycleId: z.number().int(),
  schoolYear: z.string(),
  unit: UnitKindRef,
  totals: ClosingTotals,
  /** One page of rows (those matching `q`), in code order. */
  rows: z.array(ClosingRow),
  /**
   * Over every row, whatever the page: how many, how many closed, how many match `q`, expenses
   * awaiting review, and what the rows still open hold unspent (what closing them all would return).
   */
  rowCount: z.object({
    all: z.number().int(),
    closed: z.number().int(),
    matching: z.number().int(),
    pendingReviews: z.number().int(),
    openBalances: z.number().int(),
  }),
  offset: z.number().int(),
  limit: z.number().int(),
  closed: z.object({ at: z.string(), by: Person }).nullable(),
  returnsDueOn: z.string().nullable(),
  /** Returns matching `q`, the overdue first, then those pending, at most `limit`. */
  returns: z.array(ReturnInfo),
  /** Every return of the report's schools, whatever `q`. */
  returnsSummary: z.object({
    count: z.number().int(),
    due: Centavos,
    returned: Centavos,
    overdue: z.number().int(),
  }),
  /** A state's interest and returns to the Federation, with their references. */
  movements: z.array(
    z.object({
      entryId: z.number().int(),
      kind: z.enum(['interest', 'federal_return']),
      amount: Centavos,
      reference: z.string(),
      at: z.string(),
    }),
  ),
  can: z.object({ close: z.boolean(), recordFederalReturn: z.boolean() }),
});
export type ClosingReport = z.infer<typeof ClosingReport>;

export const ClosingQuery = z.object({
  unitId: z.coerce.number().int().positive(),
  /** Part of a school's (or state's) CCT or name. */
  q: z.string().trim().max(100).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

// The school's accountability report (rendición de cuentas) for its community.

export const AccountabilityIncome = z.object({
  /** 'initial', 'match', or a contribution source ('padres', 'municipio', 'donativos', 'otros'). */
  source: z.string(),
  label: z.string(),
  /** cash moves money; in kind and labour are recorded at their value. */
  kind: z.enum(['cash', 'in_kind', 'labour']),
  amount: Centavos,
});

export const AccountabilityAction = z.object({
  actionId: z.string(),
  text: z.string(),
  category: z.string().nullable(),
  categoryName: z.string().nullable(),
  planned: Centavos,
  spent: Centavos,
  /** The school's last progress report on the action. */
  status: z.string(),
  percent: z.number().int(),
  evidence: z.string(),
});

export const AccountabilityGoal = z.object({
  id: z.string(),
  text: z.string(),
  indicator: z.string(),
  baseline: z.number().nullable(),
  target: z.number().nullable(),
  /** Average progress of the goal's actions, 0–100. */
  percent: z.number().int(),
});

export const AcknowledgementBody = z.strictObject({
  acknowledged: z.boolean(),
  /** Required when the council does not acknowledge the report. */
  observations: z.string().trim().max(5000).default(''),
  heldOn: DateOnly,
  attendees: z.number().int().min(1).max(500),
});

export const AccountabilityReport = z.object({
  cycleId: z.number().int(),
  schoolYear: z.string(),
  school: UnitRef,
  state: UnitRef,
  locality: z.string().nullable(),
  director: z.string().nullable(),
  income: z.array(AccountabilityIncome),
  received: Centavos,
  spent: Centavos,
  spentByCategory: z.array(z.object({ category: z.string(), name: z.string(), amount: Centavos })),
  actions: z.array(AccountabilityAction),
  goals: z.array(AccountabilityGoal),
  balance: z.number().int(),
  closedAt: z.string().nullable(),
  return: ReturnInfo.nullable(),
  /** The same facts in plain Spanish sentences, for the community to read aloud. */
  summary: z.array(z.string()),
  acknowledgement: z
    .object({
      acknowledged: z.boolean(),
      observations: z.string(),
      heldOn: z.string(),
      attendees: z.number().int(),
      recordedBy: Person,
      recordedAt: z.string(),
    })
    .nullable(),
  can: z.object({ acknowledge: z.boolean(), payReturn: z.boolean() }),
});
export type AccountabilityReport = z.infer<typeof AccountabilityReport>;

// A plan's expenses.

export const ExpenseInfo = z.object({
  id: z.uuid(),
  actionId: z.string(),
  category: z.string(),
  amount: Centavos,
  description: z.string(),
  spentOn: z.string(),
  proof: z.enum(['cfdi', 'receipt']),
  cfdiUuid: z.string().nullable(),
  receiptReason: z.string().nullable(),
  issuer: z.string().nullable(),
  files: z.array(z.object({ fileId: z.string(), name: z.string(), kind: z.string() })),
  state: z.enum(['submitted', 'observed', 'accepted', 'rejected']),
  version: z.number().int(),
  /** The review actions the reader may take now. */
  actions: z.array(z.enum(['accept', 'observe', 'answer', 'reject'])),
  timeline: z.array(
    z.object({
      action: z.string(),
      toState: z.string(),
      comment: z.string().nullable(),
      at: z.string(),
      by: Person,
      actingAs: z.string().nullable(),
    }),
  ),
});

export const ExpenseList = z.object({
  expenses: z.array(ExpenseInfo),
  byCategory: z.array(
    z.object({ category: z.string(), name: z.string(), spent: Centavos, maxAmount: Centavos.nullable() }),
  ),
  /** What the rules allow as proof, for the forms. */
  receipts: z.object({ allowed: z.boolean(), maxAmount: Centavos.nullable() }),
  can: z.object({
    /** Register expenses: the school, on an approved plan, while its year is open. */
    register: z.boolean(),
  }),
});
export type ExpenseList = z.infer<typeof ExpenseList>;
