import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { FederalRules, StateAdaptation } from '../../../contract/rules.ts';
import { orgUnits } from '../org/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/** A programme cycle: the school year and the fiscal year its money follows. */
export const pecCycles = pgTable('pec_cycles', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  schoolYear: text('school_year').notNull().unique(),
  fiscalYear: integer('fiscal_year').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/**
 * The federal rules of operation of a cycle, one row per version. At most one draft at a time
 * (`version` is then the next number); a published version is immutable (a trigger refuses
 * UPDATE and DELETE once `status = 'published'`), and a correction is the next version with its
 * reason, so the history stays visible.
 */
export const pecRulesVersions = pgTable(
  'pec_rules_versions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => pecCycles.id),
    version: integer('version').notNull(),
    status: text('status', { enum: ['draft', 'published'] }).notNull(),
    document: jsonb('document').$type<FederalRules>().notNull(),
    reason: text('reason').notNull().default(''),
    /** Bumped by every save of a draft: a save from a stale page is refused. */
    revision: integer('revision').notNull().default(1),
    createdBy: uuid('created_by'),
    publishedBy: uuid('published_by'),
    publishedAt: ts('published_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [unique('pec_rules_versions_cycle_version').on(t.cycleId, t.version)],
);

/** A state's adaptation of a cycle's rules, versioned the same way. */
export const pecStateAdaptations = pgTable(
  'pec_state_adaptations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => pecCycles.id),
    stateUnitId: integer('state_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    version: integer('version').notNull(),
    status: text('status', { enum: ['draft', 'published'] }).notNull(),
    document: jsonb('document').$type<StateAdaptation>().notNull(),
    /** The federal version it was checked against when published. */
    federalVersion: integer('federal_version'),
    reason: text('reason').notNull().default(''),
    revision: integer('revision').notNull().default(1),
    createdBy: uuid('created_by'),
    publishedBy: uuid('published_by'),
    publishedAt: ts('published_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [unique('pec_state_adaptations_version').on(t.cycleId, t.stateUnitId, t.version)],
);

/** A recorded extension of one deadline for a school, zone or sector, granted by its state coordination. */
export const pecDeadlineExtensions = pgTable(
  'pec_deadline_extensions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => pecCycles.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    /** The unit's path, so an extension for a zone covers its schools with one prefix match. */
    unitPath: text('unit_path').notNull(),
    deadline: text('deadline').notNull(),
    until: text('until').notNull(),
    reason: text('reason').notNull(),
    grantedBy: uuid('granted_by'),
    grantedAt: ts('granted_at').notNull().defaultNow(),
  },
  (t) => [
    index('pec_deadline_extensions_lookup').on(t.cycleId, t.deadline),
    index('pec_deadline_extensions_path').using('btree', sql`${t.unitPath} text_pattern_ops`),
  ],
);
