import { z } from 'zod';
import { Dimension } from './rules.ts';

/**
 * Escuelas de Calidad planning: the self-evaluation against the management standards, the
 * strategic plan (PETE) and the annual work plan (PAT) of one school for one cycle, as one document
 * edited through small changes (see ChangeBody) so several teachers can work at once.
 */

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - and _');
const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Text = (max: number) => z.string().trim().max(max);
const Centavos = z.number().int().nonnegative().max(1e13);

/** 1 no se cumple · 2 en proceso inicial · 3 se cumple parcialmente · 4 se cumple. */
export const RatingLevel = z.number().int().min(1).max(4);
export const Rating = z.strictObject({
  level: RatingLevel,
  evidence: Text(2000).default(''),
  comment: Text(2000).default(''),
});
export type Rating = z.infer<typeof Rating>;
export type SelfEvaluationRatings = Record<string, Rating>;

export const FUNDING_SOURCES = ['pec', 'estatal', 'municipal', 'padres', 'donativos', 'propios'] as const;
export const FundingSource = z.enum(FUNDING_SOURCES);

export const Objective = z.strictObject({ id: Id, dimension: Dimension, text: Text(2000).min(1) });
export const Strategy = z.strictObject({ id: Id, objectiveId: Id, text: Text(2000).min(1) });
export const Goal = z.strictObject({
  id: Id,
  objectiveId: Id,
  /** The diagnosis priority (a management standard) it answers, if any. */
  standard: z.string().max(40).nullable().default(null),
  text: Text(2000).min(1),
  indicator: Text(500).default(''),
  baseline: z.number().finite().nullable().default(null),
  target: z.number().finite().nullable().default(null),
  year: z.number().int().min(2000).max(2100).nullable().default(null),
});
export const Action = z.strictObject({
  id: Id,
  goalId: Id.nullable().default(null),
  text: Text(2000).min(1),
  responsible: Text(200).default(''),
  startOn: DateOnly.nullable().default(null),
  endOn: DateOnly.nullable().default(null),
  cost: Centavos.default(0),
  fundingSource: FundingSource.default('pec'),
  /** A spending category code of the effective rules. */
  category: z.string().max(40).nullable().default(null),
});
export type Objective = z.infer<typeof Objective>;
export type Strategy = z.infer<typeof Strategy>;
export type Goal = z.infer<typeof Goal>;
export type Action = z.infer<typeof Action>;

export const PlanContent = z.strictObject({
  selfEvaluation: z.strictObject({ ratings: z.record(z.string(), Rating).default({}) }),
  pete: z.strictObject({
    context: Text(20_000).default(''),
    mission: Text(5000).default(''),
    vision: Text(5000).default(''),
    values: Text(5000).default(''),
    /** Standards chosen from the diagnosis as what to plan for. */
    priorities: z.array(z.string().max(40)).max(30).default([]),
    objectives: z.array(Objective).max(50).default([]),
    strategies: z.array(Strategy).max(100).default([]),
    goals: z.array(Goal).max(100).default([]),
  }),
  pat: z.strictObject({ actions: z.array(Action).max(300).default([]) }),
});
export type PlanContent = z.infer<typeof PlanContent>;

export const TEXT_FIELDS = [
  'pete.context',
  'pete.mission',
  'pete.vision',
  'pete.values',
  'pete.priorities',
] as const;
export const LISTS = ['pete.objectives', 'pete.strategies', 'pete.goals', 'pat.actions'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
export type ListName = (typeof LISTS)[number];

/**
 * One change to the plan, with the revision the writer last saw of what it touches: a field, a
 * list item (by id), or one standard's rating. A change to something someone else changed since
 * that revision is a conflict; anything else merges.
 */
export const Change = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('set'),
    path: z.enum(TEXT_FIELDS),
    value: z.union([Text(20_000), z.array(z.string().max(40)).max(30)]),
    baseRevision: z.number().int().min(0),
  }),
  z.strictObject({
    op: z.literal('rate'),
    standard: z.string().max(40),
    rating: Rating.nullable(),
    baseRevision: z.number().int().min(0),
  }),
  z.strictObject({
    op: z.literal('put'),
    list: z.enum(LISTS),
    item: z.record(z.string(), z.unknown()),
    baseRevision: z.number().int().min(0),
  }),
  z.strictObject({
    op: z.literal('remove'),
    list: z.enum(LISTS),
    id: Id,
    baseRevision: z.number().int().min(0),
  }),
]);
export type Change = z.infer<typeof Change>;

export const ChangeBody = z.strictObject({
  changes: z.array(Change).min(1).max(200),
  /** Required once the plan is approved: the change is then a recorded amendment. */
  amendmentReason: Text(2000).optional(),
});

export const Conflict = z.object({
  path: z.string(),
  /** What the other person left there now (null when they removed it). */
  theirs: z.unknown(),
  changedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  changedAt: z.string().nullable(),
});
export type Conflict = z.infer<typeof Conflict>;

/** How the PAT's spending compares with the effective rules, category by category. */
export const SpendingLine = z.object({
  category: z.string(),
  name: z.string(),
  total: z.number().int(),
  maxAmount: z.number().int().nullable(),
  maxShareBp: z.number().int().nullable(),
  shareBp: z.number().int(),
  forbidden: z.boolean(),
  ok: z.boolean(),
  /** The explanation shown live beside the totals, in the reader's language. */
  message: z.string(),
});
export const SpendingCheck = z.object({
  total: z.number().int(),
  grantCap: z.number().int().nullable(),
  pecTotal: z.number().int(),
  ok: z.boolean(),
  lines: z.array(SpendingLine),
  /** Actions with no category, or one that does not exist in the rules. */
  uncategorised: z.array(z.string()),
  messages: z.array(z.string()),
});
export type SpendingCheck = z.infer<typeof SpendingCheck>;

export const Diagnosis = z.object({
  dimensions: z.array(
    z.object({
      dimension: Dimension,
      rated: z.number().int(),
      of: z.number().int(),
      average: z.number().nullable(),
    }),
  ),
  strengths: z.array(z.object({ code: z.string(), name: z.string(), level: z.number().int() })),
  priorities: z.array(z.object({ code: z.string(), name: z.string(), level: z.number().int() })),
  complete: z.boolean(),
});
export type Diagnosis = z.infer<typeof Diagnosis>;

export const ObservationInfo = z.object({
  id: z.number().int(),
  stage: z.enum(['supervisor', 'committee', 'report']),
  path: z.string().nullable(),
  text: z.string(),
  by: z.object({ id: z.string(), name: z.string() }).nullable(),
  at: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
});

export const PlanDetail = z.object({
  id: z.string(),
  cycle: z.object({ id: z.number().int(), schoolYear: z.string() }),
  school: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
  content: PlanContent,
  revs: z.record(z.string(), z.number().int()),
  revision: z.number().int(),
  state: z.string(),
  locked: z.boolean(),
  standards: z.array(z.object({ code: z.string(), dimension: Dimension, name: z.string() })),
  categories: z.array(z.object({ code: z.string(), name: z.string(), forbidden: z.boolean() })),
  grantCap: z.number().int().nullable(),
  diagnosis: Diagnosis,
  spending: SpendingCheck,
  /** What still stops the plan from being sent (paths and messages). */
  missing: z.array(z.object({ path: z.string(), message: z.string() })),
  observations: z.array(ObservationInfo),
  progress: z.array(
    z.object({
      actionId: z.string(),
      status: z.string(),
      percent: z.number().int(),
      evidence: z.string(),
      reportedAt: z.string(),
    }),
  ),
  workflow: z.object({
    itemId: z.string(),
    version: z.number().int(),
    actions: z.array(z.string()),
    timeline: z.array(
      z.object({
        seq: z.number().int(),
        action: z.string(),
        fromState: z.string().nullable(),
        toState: z.string(),
        actor: z.object({ id: z.string(), name: z.string() }).nullable(),
        actingAs: z.string().nullable(),
        comment: z.string().nullable(),
        at: z.string(),
      }),
    ),
  }),
  deadlines: z.array(z.object({ deadline: z.string(), date: z.string(), open: z.boolean() })),
  can: z.object({ edit: z.boolean(), amend: z.boolean(), answer: z.boolean(), reportProgress: z.boolean() }),
});
export type PlanDetail = z.infer<typeof PlanDetail>;

export const PlanActionBody = z.strictObject({
  comment: Text(10_000).optional(),
  /** Observations made with a return or an approval with observations, each optionally about a part of the plan. */
  observations: z
    .array(z.strictObject({ path: z.string().max(120).nullable().default(null), text: Text(5000).min(1) }))
    .max(50)
    .default([]),
  /** The plan revision the reviewer looked at (also accepted as an If-Match header). */
  revision: z.number().int().optional(),
});
export const AnswerBody = z.strictObject({ answer: Text(5000).min(1) });
export const ProgressBody = z.strictObject({
  status: z.enum(['pending', 'in_progress', 'done', 'cancelled']),
  percent: z.number().int().min(0).max(100),
  evidence: Text(2000).default(''),
});
export const PlanVersionInfo = z.object({
  revision: z.number().int(),
  touched: z.array(z.string()),
  amendmentReason: z.string().nullable(),
  changedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  changedAt: z.string(),
});

/** Where a school stands in the cycle, in order. */
export const STAGES = [
  'not_registered',
  'registered',
  'eligible',
  'selected',
  'plan_submitted',
  'returned',
  'approved',
] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

const UnitRef = z.object({ id: z.number().int(), kind: z.string(), code: z.string(), name: z.string() });
export const Dashboard = z.object({
  unit: UnitRef,
  totals: z.record(Stage, z.number().int()),
  overdue: z.number().int(),
  /** The nation by state, a state or sector by zone, a zone by school: counts per stage, overdue first. */
  children: z.array(
    z.object({
      unit: UnitRef,
      counts: z.record(Stage, z.number().int()),
      schools: z.number().int(),
      overdue: z.number().int(),
    }),
  ),
  /** For a zone: its schools one by one, overdue first. */
  schools: z.array(
    z.object({
      id: z.number().int(),
      code: z.string(),
      name: z.string(),
      stage: Stage,
      overdue: z.boolean(),
      planId: z.string().nullable(),
    }),
  ),
});
export type Dashboard = z.infer<typeof Dashboard>;

/** The year-end Informe Técnico Pedagógico: what was done and achieved per dimension, and what was learnt. */
export const REPORT_SECTIONS = [
  'pedagogica',
  'organizativa',
  'administrativa',
  'participacion',
  'logros',
  'aprendizajes',
] as const;
export const ReportContent = z.strictObject(
  Object.fromEntries(REPORT_SECTIONS.map((k) => [k, Text(20_000).default('')])) as Record<
    (typeof REPORT_SECTIONS)[number],
    z.ZodDefault<z.ZodString>
  >,
);
export const SaveReportBody = z.strictObject({
  content: ReportContent,
  revision: z.number().int().optional(),
});
export const ReportDetail = z.object({
  planId: z.string(),
  content: ReportContent,
  revision: z.number().int(),
  state: z.string(),
  actions: z.array(z.string()),
  timeline: z.array(
    z.object({
      action: z.string(),
      toState: z.string(),
      actor: z.string().nullable(),
      comment: z.string().nullable(),
      at: z.string(),
    }),
  ),
  canEdit: z.boolean(),
});
export type ReportDetail = z.infer<typeof ReportDetail>;
