import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/schema.ts';
import { workflowItems } from '../../platform/workflow/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/**
 * The Alianza's bodies as one tree: the Comisión Rectora at the root, the Secretariado Técnico and
 * the five eje coordinations under it, one mesa de trabajo per acuerdo under its eje. `path` is the
 * materialised chain of ids, so a seat on a body covers its subtree (an eje coordinator acts on the
 * eje's mesas) with one prefix match. A mesa row also carries its acuerdo's text: one acuerdo, one mesa.
 */
export const allianceBodies = pgTable(
  'alliance_bodies',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind', { enum: ['commission', 'secretariat', 'eje', 'mesa'] }).notNull(),
    parentId: integer('parent_id'),
    path: text('path').notNull(),
    /** 'CR', 'ST', 'I', 'I.1': the numbering people use in documents. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** For a mesa: the acuerdo it works on. */
    acuerdo: text('acuerdo'),
    description: text('description').notNull().default(''),
    position: smallint('position').notNull().default(0),
    retiredAt: ts('retired_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('alliance_bodies_parent_code').on(t.parentId, t.code),
    index('alliance_bodies_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
  ],
);

/** A person's seat on a body, for one side, with a position and designation dates. */
export const allianceSeats = pgTable(
  'alliance_seats',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    bodyId: integer('body_id')
      .notNull()
      .references(() => allianceBodies.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    side: text('side', { enum: ['sep', 'snte'] }).notNull(),
    position: text('position', {
      enum: ['coordinator', 'technical_secretary', 'member', 'minute_taker'],
    }).notNull(),
    designatedOn: text('designated_on').notNull(),
    endsOn: text('ends_on'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('alliance_seats_body_idx').on(t.bodyId), index('alliance_seats_user_idx').on(t.userId)],
);

export const allianceObjectives = pgTable('alliance_objectives', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  bodyId: integer('body_id')
    .notNull()
    .references(() => allianceBodies.id),
  text: text('text').notNull(),
  position: smallint('position').notNull().default(0),
  retiredAt: ts('retired_at'),
});

/** A measurable commitment of a mesa. Approval needs every field that makes it measurable. */
export const allianceMetas = pgTable(
  'alliance_metas',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    bodyId: integer('body_id')
      .notNull()
      .references(() => allianceBodies.id),
    objectiveId: integer('objective_id').references(() => allianceObjectives.id),
    title: text('title').notNull(),
    indicator: text('indicator'),
    unit: text('unit'),
    baseline: doublePrecision('baseline'),
    target: doublePrecision('target'),
    dueOn: text('due_on'),
    responsible: text('responsible'),
    normativeAnchor: text('normative_anchor'),
    status: text('status', { enum: ['draft', 'approved', 'retired'] })
      .notNull()
      .default('draft'),
    approvedAt: ts('approved_at'),
    approvedBy: uuid('approved_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('alliance_metas_body_idx').on(t.bodyId)],
);

/** A mesa's report on a meta for one period ('2026-T3'): the value reached and how. */
export const allianceProgress = pgTable(
  'alliance_progress',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    metaId: integer('meta_id')
      .notNull()
      .references(() => allianceMetas.id),
    period: text('period').notNull(),
    value: doublePrecision('value').notNull(),
    narrative: text('narrative').notNull().default(''),
    evidence: text('evidence').notNull().default(''),
    reportedBy: uuid('reported_by'),
    reportedAt: ts('reported_at').notNull().defaultNow(),
  },
  (t) => [unique('alliance_progress_meta_period').on(t.metaId, t.period)],
);

/** People who asked to hear when an acuerdo's progress or status changes. */
export const allianceFollows = pgTable(
  'alliance_follows',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    bodyId: integer('body_id')
      .notNull()
      .references(() => allianceBodies.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.bodyId] })],
);

/** A session of a body (mesa, eje plenary, commission). Its state lives in its workflow item. */
export const allianceMeetings = pgTable(
  'alliance_meetings',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    itemId: uuid('item_id')
      .notNull()
      .references(() => workflowItems.id),
    bodyId: integer('body_id')
      .notNull()
      .references(() => allianceBodies.id),
    kind: text('kind', { enum: ['ordinary', 'extraordinary', 'plenary'] }).notNull(),
    title: text('title').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    place: text('place').notNull().default(''),
    link: text('link').notNull().default(''),
    minutes: text('minutes').notNull().default(''),
    convenedBy: uuid('convened_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('alliance_meetings_body_idx').on(t.bodyId, t.startsAt)],
);

export const allianceAgendaItems = pgTable('alliance_agenda_items', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  meetingId: uuid('meeting_id')
    .notNull()
    .references(() => allianceMeetings.id),
  position: smallint('position').notNull(),
  title: text('title').notNull(),
  /** Set when the secretariat places a synthesis on a commission session. */
  synthesisId: uuid('synthesis_id'),
});

/** Who was invited (seated members at convening time), for which side, and whether they came. */
export const allianceAttendance = pgTable(
  'alliance_attendance',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => allianceMeetings.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    side: text('side', { enum: ['sep', 'snte'] }).notNull(),
    present: boolean('present'),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] })],
);

/** A deadline the eje coordination set for a mesa's deliverable; a validated document fulfils it. */
export const allianceDeliverables = pgTable('alliance_deliverables', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  bodyId: integer('body_id')
    .notNull()
    .references(() => allianceBodies.id),
  title: text('title').notNull(),
  dueOn: text('due_on').notNull(),
  setBy: uuid('set_by'),
  documentId: uuid('document_id'),
  /** The due date a reminder was last sent for: one reminder per deadline, even with several servers. */
  remindedFor: text('reminded_for'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** A mesa's document (plan, proposal, mechanism, strategy, line of action); content lives in versions. */
export const allianceDocuments = pgTable(
  'alliance_documents',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    itemId: uuid('item_id')
      .notNull()
      .references(() => workflowItems.id),
    bodyId: integer('body_id')
      .notNull()
      .references(() => allianceBodies.id),
    kind: text('kind', { enum: ['plan', 'proposal', 'mechanism', 'strategy', 'line_of_action'] }).notNull(),
    deliverableId: integer('deliverable_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('alliance_documents_body_idx').on(t.bodyId)],
);

export const allianceDocumentVersions = pgTable(
  'alliance_document_versions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => allianceDocuments.id),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    note: text('note').notNull().default(''),
    authorId: uuid('author_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique('alliance_document_versions_number').on(t.documentId, t.number)],
);

/** An eje coordination's executive synthesis with recommendations, bundling validated documents. */
export const allianceSyntheses = pgTable('alliance_syntheses', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  itemId: uuid('item_id')
    .notNull()
    .references(() => workflowItems.id),
  bodyId: integer('body_id')
    .notNull()
    .references(() => allianceBodies.id),
  summary: text('summary').notNull(),
  recommendations: text('recommendations').notNull(),
  meetingId: uuid('meeting_id'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Which document versions a synthesis bundles: pinned, so lineage shows exactly what was read. */
export const allianceSynthesisDocuments = pgTable(
  'alliance_synthesis_documents',
  {
    synthesisId: uuid('synthesis_id')
      .notNull()
      .references(() => allianceSyntheses.id),
    documentId: uuid('document_id')
      .notNull()
      .references(() => allianceDocuments.id),
    versionNumber: integer('version_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.synthesisId, t.documentId] })],
);

/** The commission's decision on a synthesis. Append-only (a trigger refuses UPDATE and DELETE). */
export const allianceDecisions = pgTable('alliance_decisions', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  synthesisId: uuid('synthesis_id')
    .notNull()
    .references(() => allianceSyntheses.id),
  meetingId: uuid('meeting_id')
    .notNull()
    .references(() => allianceMeetings.id),
  outcome: text('outcome', {
    enum: ['approved', 'approved_with_observations', 'returned', 'rejected', 'deferred'],
  }).notNull(),
  method: text('method', { enum: ['consensus'] }).notNull(),
  sepPosition: text('sep_position', { enum: ['agree', 'disagree', 'abstain'] }).notNull(),
  sntePosition: text('snte_position', { enum: ['agree', 'disagree', 'abstain'] }).notNull(),
  reasons: text('reasons').notNull(),
  /** Who was present, as recorded at the session: [{ userId, name, side }]. */
  present: jsonb('present').notNull(),
  recordedBy: uuid('recorded_by'),
  decidedAt: ts('decided_at').notNull().defaultNow(),
});

/**
 * A numbered resolution ('CR-2026-003'). Append-only like decisions: a change is a new resolution
 * that names the one it supersedes. Its distribution back down the chain is its workflow item.
 */
export const allianceResolutions = pgTable(
  'alliance_resolutions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    itemId: uuid('item_id')
      .notNull()
      .references(() => workflowItems.id),
    number: text('number').notNull().unique(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => allianceDecisions.id),
    synthesisId: uuid('synthesis_id')
      .notNull()
      .references(() => allianceSyntheses.id),
    bodyId: integer('body_id')
      .notNull()
      .references(() => allianceBodies.id),
    title: text('title').notNull(),
    text: text('text').notNull(),
    published: boolean('published').notNull(),
    supersedesId: uuid('supersedes_id'),
    issuedAt: ts('issued_at').notNull().defaultNow(),
  },
  (t) => [unique('alliance_resolutions_year_seq').on(t.year, t.seq)],
);

/** An observation of the commission in a resolution, addressed to a mesa; it becomes a task there. */
export const allianceObservations = pgTable('alliance_observations', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  resolutionId: uuid('resolution_id')
    .notNull()
    .references(() => allianceResolutions.id),
  bodyId: integer('body_id')
    .notNull()
    .references(() => allianceBodies.id),
  text: text('text').notNull(),
  position: smallint('position').notNull(),
});

/** A follow-up task of a body: agreed in minutes or raised by a commission observation. */
export const allianceTasks = pgTable(
  'alliance_tasks',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    itemId: uuid('item_id')
      .notNull()
      .references(() => workflowItems.id),
    bodyId: integer('body_id')
      .notNull()
      .references(() => allianceBodies.id),
    title: text('title').notNull(),
    responsibleId: uuid('responsible_id').references(() => users.id),
    dueOn: text('due_on').notNull(),
    source: text('source', { enum: ['minutes', 'observation'] }).notNull(),
    meetingId: uuid('meeting_id'),
    observationId: integer('observation_id'),
    evidence: text('evidence').notNull().default(''),
    /** The due date a reminder was last sent for (see reminders.ts). */
    remindedFor: text('reminded_for'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('alliance_tasks_body_idx').on(t.bodyId)],
);
