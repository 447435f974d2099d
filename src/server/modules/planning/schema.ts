import { sql } from 'drizzle-orm';
import {
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
import type { PlanContent } from '../../../contract/planning.ts';
import { workflowItems } from '../../platform/workflow/schema.ts';
import { orgUnits } from '../org/schema.ts';
import { pecCycles } from '../rules/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/**
 * A school's plan for a cycle: its self-evaluation (autoevaluación), strategic plan (PETE) and
 * annual work plan (PAT), one document edited by several teachers at once. Concurrency is per field and per list
 * item (`revs`: path → the revision that last changed it), so two people editing different actions
 * never collide and two editing the same one are told (see planning/changes.ts). Every revision is
 * kept in `pec_plan_versions`. Review is its workflow item (plan review: director → supervisor →
 * state committee); once approved the plan is locked and changes go through an amendment.
 */
export const pecPlans = pgTable(
  'pec_plans',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => pecCycles.id),
    schoolUnitId: integer('school_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    schoolPath: text('school_path').notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => workflowItems.id),
    content: jsonb('content').$type<PlanContent>().notNull(),
    revs: jsonb('revs').$type<Record<string, number>>().notNull().default({}),
    revision: integer('revision').notNull().default(1),
    lockedAt: ts('locked_at'),
    updatedBy: uuid('updated_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('pec_plans_cycle_school').on(t.cycleId, t.schoolUnitId),
    index('pec_plans_path').using('btree', sql`${t.schoolPath} text_pattern_ops`),
  ],
);

/** Every revision of a plan, whole, with who made it and what it touched: comparable side by side. */
export const pecPlanVersions = pgTable(
  'pec_plan_versions',
  {
    planId: uuid('plan_id')
      .notNull()
      .references(() => pecPlans.id),
    revision: integer('revision').notNull(),
    content: jsonb('content').$type<PlanContent>().notNull(),
    /** The paths the change touched ('pat.actions.a1', 'pete.mission'). */
    touched: jsonb('touched').$type<string[]>().notNull(),
    /** Set when the change was an amendment to an approved plan. */
    amendmentReason: text('amendment_reason'),
    changedBy: uuid('changed_by'),
    changedAt: ts('changed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.revision] })],
);

/** An observation made in review (by the supervisor or the state committee) and the school's answer. */
export const pecPlanObservations = pgTable(
  'pec_plan_observations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => pecPlans.id),
    stage: text('stage', { enum: ['supervisor', 'committee', 'report'] }).notNull(),
    /** What it is about, when it names a part of the plan ('pat.actions.a1'). */
    path: text('path'),
    text: text('text').notNull(),
    byUser: uuid('by_user'),
    at: ts('at').notNull().defaultNow(),
    answer: text('answer'),
    answeredBy: uuid('answered_by'),
    answeredAt: ts('answered_at'),
  },
  (t) => [index('pec_plan_observations_plan').on(t.planId)],
);

/** Progress of a PAT action during the year. */
export const pecActionProgress = pgTable(
  'pec_action_progress',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => pecPlans.id),
    actionId: text('action_id').notNull(),
    status: text('status', { enum: ['pending', 'in_progress', 'done', 'cancelled'] }).notNull(),
    percent: integer('percent').notNull(),
    evidence: text('evidence').notNull().default(''),
    reportedBy: uuid('reported_by'),
    reportedAt: ts('reported_at').notNull().defaultNow(),
  },
  (t) => [index('pec_action_progress_plan').on(t.planId, t.actionId)],
);

/** The school's year-end technical-pedagogical report (Informe Técnico Pedagógico), reviewed by the supervisor. */
export const pecReports = pgTable('pec_reports', {
  planId: uuid('plan_id')
    .primaryKey()
    .references(() => pecPlans.id),
  itemId: uuid('item_id')
    .notNull()
    .references(() => workflowItems.id),
  /** Per dimension: what was done, achieved and learnt. */
  content: jsonb('content').$type<Record<string, string>>().notNull(),
  revision: integer('revision').notNull().default(1),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
