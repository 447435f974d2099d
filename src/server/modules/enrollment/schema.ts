import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { orgUnits } from '../org/schema.ts';
import { pecCycles } from '../rules/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
const centavos = (name: string) => bigint(name, { mode: 'number' });

/** The cycles a school took part in (from earlier years' records, and added when it is selected). */
export const pecParticipations = pgTable(
  'pec_participations',
  {
    schoolUnitId: integer('school_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    schoolYear: text('school_year').notNull(),
  },
  (t) => [unique('pec_participations_school_year').on(t.schoolUnitId, t.schoolYear)],
);

/** A state's call (convocatoria) for a cycle: ordinary, or an extraordinary one later. */
export const pecCalls = pgTable(
  'pec_calls',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => pecCycles.id),
    stateUnitId: integer('state_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    kind: text('kind', { enum: ['ordinary', 'extraordinary'] }).notNull(),
    title: text('title').notNull(),
    text: text('text').notNull(),
    /** What the state can fund this cycle: the selection committee ranks against it. */
    budget: centavos('budget').notNull(),
    status: text('status', { enum: ['draft', 'published'] }).notNull(),
    publishedAt: ts('published_at'),
    publishedBy: uuid('published_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique('pec_calls_cycle_state_kind').on(t.cycleId, t.stateUnitId, t.kind)],
);

export interface Commitment {
  directorName: string;
  cepsPresidentName: string;
  /** When the Consejo Técnico Escolar endorsed it. */
  cteEndorsedOn: string;
  signedOn: string;
  /** Absent in letters saved before it was asked. */
  schoolRfc?: string;
}

export interface EligibilityCheck {
  criterion: string;
  met: boolean;
  /** Why, in Spanish and English, for the school to read. */
  es: string;
  en: string;
}

/**
 * A school's registration in a cycle, with its commitment letter, documents, the automatic
 * eligibility check and priority score (both recomputed from the effective rules whenever the
 * registration changes), and the selection result.
 */
export const pecRegistrations = pgTable(
  'pec_registrations',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => pecCycles.id),
    callId: integer('call_id')
      .notNull()
      .references(() => pecCalls.id),
    schoolUnitId: integer('school_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    schoolPath: text('school_path').notNull(),
    stateUnitId: integer('state_unit_id').notNull(),
    status: text('status', { enum: ['registered', 'withdrawn'] })
      .notNull()
      .default('registered'),
    /** Cycles already in the programme when registering (from pec_participations). */
    priorCycles: integer('prior_cycles').notNull(),
    commitment: jsonb('commitment').$type<Commitment>().notNull(),
    /** Required document code → the stored file (platform/files). */
    documents: jsonb('documents')
      .$type<Record<string, { fileId: string; name: string }>>()
      .notNull()
      .default({}),
    eligible: boolean('eligible').notNull(),
    eligibility: jsonb('eligibility').$type<EligibilityCheck[]>().notNull(),
    score: integer('score').notNull(),
    scoreBreakdown: jsonb('score_breakdown').$type<Record<string, number>>().notNull(),
    /** The committee's provisional choice while it ranks; the result is `selection`, set only on publication. */
    chosen: boolean('chosen').notNull().default(false),
    selection: text('selection', { enum: ['selected', 'not_selected'] }),
    /** The grant the school may receive once selected (the tier cap for its years in the programme). */
    grantCap: centavos('grant_cap'),
    registeredBy: uuid('registered_by'),
    registeredAt: ts('registered_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('pec_registrations_cycle_school').on(t.cycleId, t.schoolUnitId),
    index('pec_registrations_path').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    index('pec_registrations_state').on(t.cycleId, t.stateUnitId, t.score),
  ],
);

/** The state selection committee's published result for a cycle. */
export const pecSelections = pgTable(
  'pec_selections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => pecCycles.id),
    stateUnitId: integer('state_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    budget: centavos('budget').notNull(),
    committed: centavos('committed').notNull(),
    selectedCount: integer('selected_count').notNull(),
    minutes: text('minutes').notNull().default(''),
    publishedAt: ts('published_at').notNull().defaultNow(),
    publishedBy: uuid('published_by'),
  },
  (t) => [unique('pec_selections_cycle_state').on(t.cycleId, t.stateUnitId)],
);
