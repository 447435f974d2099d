import { z } from 'zod';
import { FUNDING, LEVELS, MARGINALIZATION, SERVICES } from './catalog.ts';

/**
 * Escuelas de Calidad: the year's federal rules of operation (Reglas de Operación) and each
 * state's adaptation of them, as typed documents. Every amount is integer centavos; every date is
 * YYYY-MM-DD in America/Mexico_City. Nothing here is a constant of the programme: the values live
 * in the documents (the demo loads published figures, see src/server/demo/pec-rules.ts).
 */

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Centavos = z.number().int().nonnegative().max(1e15);
const Code = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'a-z, 0-9 and _');
const Name = z.string().trim().min(1).max(200);

/** The calendar every feature reads, in the order the cycle runs. */
export const DEADLINES = [
  'call_opens',
  'registration_closes',
  'plan_delivery',
  'plan_review',
  'ruling',
  'selection_published',
  'initial_transfer',
  'match_transfer',
  'expense_proofs',
  'reports',
  'returns',
] as const;
export const Deadline = z.enum(DEADLINES);
export type Deadline = z.infer<typeof Deadline>;

/** What a school's priority score is made of; each rule document gives each a weight (0–100 points). */
export const PRIORITY_CRITERIA = [
  'marginalization_very_high',
  'marginalization_high',
  'indigenous',
  'multigrade',
  'telesecundaria',
  'rural',
  'first_participation',
  'continuing',
] as const;
export const PriorityCriterion = z.enum(PRIORITY_CRITERIA);
export type PriorityCriterion = z.infer<typeof PriorityCriterion>;

const Weights = z.partialRecord(PriorityCriterion, z.number().int().min(0).max(100));

export const RequiredDocument = z.strictObject({ code: Code, name: Name });

export const SpendingCategory = z.strictObject({
  code: Code,
  name: Name,
  /** Not authorised at all (salaries, food and drinks, vehicles…): any expense in it is refused. */
  forbidden: z.boolean().default(false),
  /** Largest amount of a school's grant spent in this category. */
  maxAmount: Centavos.nullable().default(null),
  /** Largest share of a school's planned total, in basis points (3000 = 30 %). */
  maxShareBp: z.number().int().min(0).max(10_000).nullable().default(null),
});
export type SpendingCategory = z.infer<typeof SpendingCategory>;

/** A grant tier by years already in the programme: up to `maxYears` (inclusive), or beyond the last. */
export const GrantTier = z.strictObject({
  maxYears: z.number().int().min(0).max(50).nullable(),
  cap: Centavos,
});

/** The four dimensions of school management (Modelo de Gestión Educativa Estratégica). */
export const DIMENSIONS = ['pedagogica', 'organizativa', 'administrativa', 'participacion'] as const;
export const Dimension = z.enum(DIMENSIONS);
export type Dimension = z.infer<typeof Dimension>;

/** A management standard the school rates itself against (the demo loads the 20 of the 2010 SEP module). */
export const ManagementStandard = z.strictObject({ code: Code, dimension: Dimension, name: Name });

export const FederalRules = z.strictObject({
  /** Ciclo escolar '2026-2027' and the fiscal year the money follows. */
  schoolYear: z.string().regex(/^\d{4}-\d{4}$/, 'YYYY-YYYY'),
  fiscalYear: z.number().int().min(2000).max(2100),
  eligibility: z.strictObject({
    levels: z.array(z.enum(LEVELS)).min(1),
    services: z.array(z.enum(SERVICES)).min(1),
    funding: z.array(z.enum(FUNDING)).min(1),
    /** Cycles a school may take part in; beyond it only under the extra conditions below. */
    maxCycles: z.number().int().min(1).max(50),
    beyondMaxCycles: z.string().trim().max(2000).default(''),
    documents: z.array(RequiredDocument).min(1),
  }),
  priority: z.strictObject({
    weights: Weights,
    /** Marginalization degrees that count as "very high" and "high" (CONAPO). */
    marginalization: z.strictObject({
      veryHigh: z.array(z.enum(MARGINALIZATION)),
      high: z.array(z.enum(MARGINALIZATION)),
    }),
  }),
  money: z.strictObject({
    /** For each peso a state puts in its trust fund, SEP adds `federalPerStatePeso` (3:1). */
    federalPerStatePeso: z.number().positive().max(100),
    grantTiers: z.array(GrantTier).min(1),
    /** Up to this many pesos of match per peso a school raises, capped per school. */
    matchPerPeso: z.number().positive().max(10),
    matchCap: Centavos,
    inKindCounts: z.boolean(),
    /** The cycle's federal budget for the programme, shared among the states by `allocationBasis`. */
    federalBudget: Centavos.default(0),
    /** What each state's share is proportional to. */
    allocationBasis: z
      .enum(['eligible_schools', 'enrolment', 'selected_schools'])
      .default('eligible_schools'),
  }),
  spending: z.strictObject({
    categories: z.array(SpendingCategory).min(1),
    /** Receipts other than a CFDI (a small rural shop, a craftsman): allowed or not, with a reason and a scan, up to an amount each. */
    receipts: z
      .strictObject({ allowed: z.boolean(), maxAmount: Centavos.nullable() })
      .default({ allowed: false, maxAmount: null }),
    /** Every CFDI must be issued to the school's registered RFC (the one in its commitment letter). */
    requireReceptorRfc: z.boolean().default(false),
  }),
  planning: z.strictObject({ standards: z.array(ManagementStandard).min(1).max(100) }),
  calendar: z.strictObject(
    Object.fromEntries(DEADLINES.map((d) => [d, DateOnly])) as Record<Deadline, typeof DateOnly>,
  ),
});
export type FederalRules = z.infer<typeof FederalRules>;

/**
 * A state's adaptation: only what it changes, within the federal bounds (checked on the server,
 * each refusal naming the rule and the bound).
 */
export const StateAdaptation = z.strictObject({
  calendar: z.partialRecord(Deadline, DateOnly).default({}),
  weights: Weights.default({}),
  extraDocuments: z.array(RequiredDocument).max(30).default([]),
  /** The state's own contribution to its trust fund for the cycle. */
  stateContribution: Centavos.default(0),
  grantCaps: z.array(GrantTier).max(10).nullable().default(null),
  matchCap: Centavos.nullable().default(null),
  categoryCaps: z
    .record(
      Code,
      z.strictObject({
        maxAmount: Centavos.nullable(),
        maxShareBp: z.number().int().min(0).max(10_000).nullable(),
      }),
    )
    .default({}),
  notes: z.string().trim().max(5000).default(''),
});
export type StateAdaptation = z.infer<typeof StateAdaptation>;

/** Why an adaptation is outside the federal bounds: the rule, the federal bound and the value given. */
export const BoundProblem = z.object({
  rule: z.string(),
  kind: z.enum(['after_federal', 'above_federal', 'unknown_category', 'out_of_order', 'forbidden_category']),
  bound: z.union([z.string(), z.number()]).nullable(),
  value: z.union([z.string(), z.number()]),
  message: z.string(),
});
export type BoundProblem = z.infer<typeof BoundProblem>;

export const RulesVersionInfo = z.object({
  version: z.number().int(),
  status: z.enum(['draft', 'published']),
  reason: z.string(),
  publishedAt: z.string().nullable(),
  publishedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  updatedAt: z.string(),
});

export const CycleSummary = z.object({
  id: z.number().int(),
  schoolYear: z.string(),
  fiscalYear: z.number().int(),
  publishedVersion: z.number().int().nullable(),
  hasDraft: z.boolean(),
});

export const CycleDetail = CycleSummary.extend({
  versions: z.array(RulesVersionInfo),
  published: FederalRules.nullable(),
  draft: FederalRules.nullable(),
  /** Version of the draft row, for optimistic concurrency on saves. */
  draftRevision: z.number().int().nullable(),
  adaptations: z.array(
    z.object({
      state: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
      publishedVersion: z.number().int().nullable(),
      hasDraft: z.boolean(),
    }),
  ),
  can: z.object({ manage: z.boolean() }),
});

export const CreateCycleBody = z.strictObject({
  schoolYear: z.string().regex(/^\d{4}-\d{4}$/, 'YYYY-YYYY'),
  fiscalYear: z.number().int().min(2000).max(2100),
  /** Start from this cycle's published rules, with dates moved on by the difference in years. */
  copyFromCycleId: z.number().int().positive().optional(),
});

export const SaveRulesBody = z.strictObject({
  document: FederalRules,
  revision: z.number().int().optional(),
});
export const PublishBody = z.strictObject({ reason: z.string().trim().max(2000).default('') });

export const AdaptationDetail = z.object({
  state: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
  versions: z.array(RulesVersionInfo),
  published: StateAdaptation.nullable(),
  draft: StateAdaptation.nullable(),
  draftRevision: z.number().int().nullable(),
  /** The draft checked against the federal rules now in force. */
  draftProblems: z.array(BoundProblem),
  can: z.object({ adapt: z.boolean() }),
});
export const SaveAdaptationBody = z.strictObject({
  document: StateAdaptation,
  revision: z.number().int().optional(),
});

/** One rule as the federal document and the effective rules have it, for the side-by-side page. */
export const RuleDifference = z.object({
  rule: z.string(),
  federal: z.union([z.string(), z.number(), z.boolean()]).nullable(),
  effective: z.union([z.string(), z.number(), z.boolean()]).nullable(),
});

export const EffectiveRulesView = z.object({
  cycle: CycleSummary,
  state: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
  federalVersion: z.number().int(),
  adaptationVersion: z.number().int().nullable(),
  federal: FederalRules,
  effective: FederalRules.extend({ stateContribution: Centavos }),
  differences: z.array(RuleDifference),
});

export const ExtensionBody = z.strictObject({
  unitId: z.number().int().positive(),
  deadline: Deadline,
  until: DateOnly,
  reason: z.string().trim().min(1).max(2000),
});
export const ExtensionInfo = z.object({
  id: z.number().int(),
  unit: z.object({ id: z.number().int(), kind: z.string(), code: z.string(), name: z.string() }),
  deadline: Deadline,
  until: z.string(),
  reason: z.string(),
  grantedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  grantedAt: z.string(),
});
export type CycleSummary = z.infer<typeof CycleSummary>;
export type CycleDetail = z.infer<typeof CycleDetail>;
export type AdaptationDetail = z.infer<typeof AdaptationDetail>;
export type EffectiveRulesView = z.infer<typeof EffectiveRulesView>;
export type ExtensionInfo = z.infer<typeof ExtensionInfo>;
export type RuleDifference = z.infer<typeof RuleDifference>;
