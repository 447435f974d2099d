import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { orgUnits } from '../org/schema.ts';

/** Catalog facts of a school; the school itself is an org unit (kind 'school', code = CCT). */
export const schools = pgTable(
  'schools',
  {
    unitId: integer('unit_id')
      .primaryKey()
      .references(() => orgUnits.id),
    cct: text('cct').notNull().unique(),
    shift: text('shift'),
    locality: text('locality'),
    address: text('address'),
    postalCode: text('postal_code'),
    level: text('level').notNull(),
    service: text('service').notNull(),
    multigrade: boolean('multigrade').notNull().default(false),
    funding: text('funding'),
    setting: text('setting'),
    marginalization: text('marginalization'),
    enrolment: integer('enrolment'),
    teachers: integer('teachers'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('schools_locality_trgm').using('gin', sql`${t.locality} gin_trgm_ops`)],
);

/**
 * One row per import run. A run is checked first (parsed, validated, staged and compared:
 * status `dry_run`, or `rejected` when any row is), then applied on confirmation.
 */
export const catalogImports = pgTable('catalog_imports', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  status: text('status', {
    enum: ['checking', 'dry_run', 'rejected', 'applying', 'applied', 'failed'],
  }).notNull(),
  fileName: text('file_name').notNull(),
  fileId: uuid('file_id'),
  format: text('format', { enum: ['csv', 'xlsx'] })
    .notNull()
    .default('csv'),
  encoding: text('encoding'),
  counts: jsonb('counts').notNull().default({}),
  missingColumns: jsonb('missing_columns').$type<string[]>().notNull().default([]),
  ignoredColumns: jsonb('ignored_columns').$type<string[]>().notNull().default([]),
  /** A state coordinator's import: only these states' rows are accepted. Null: the whole nation. */
  allowedStates: jsonb('allowed_states').$type<string[] | null>(),
  /** Where in the org tree the import acts; who may see it follows from this path. */
  scopePath: text('scope_path').notNull().default('/'),
  /** Why a file could not be read at all (CatalogFileError's code); `error` keeps the technical detail. */
  errorCode: text('error_code'),
  error: text('error'),
  jobId: uuid('job_id'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'string' }),
});

/** The valid rows of a checked import, waiting for confirmation; removed once applied. */
export const catalogImportRows = pgTable(
  'catalog_import_rows',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => catalogImports.id, { onDelete: 'cascade' }),
    line: integer('line').notNull(),
    cct: text('cct').notNull(),
    name: text('name').notNull(),
    state: text('state').notNull(),
    sector: text('sector').notNull(),
    zone: text('zone').notNull(),
    municipality: text('municipality').notNull(),
    shift: text('shift'),
    locality: text('locality'),
    address: text('address'),
    postalCode: text('postal_code'),
    level: text('level').notNull(),
    service: text('service').notNull(),
    multigrade: boolean('multigrade').notNull(),
    funding: text('funding'),
    setting: text('setting'),
    marginalization: text('marginalization'),
    enrolment: integer('enrolment'),
    teachers: integer('teachers'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    searchText: text('search_text').notNull(),
    /** The municipality's name, when the file gives one beside its code. */
    municipalityName: text('municipality_name'),
  },
  (t) => [primaryKey({ columns: [t.importId, t.cct] })],
);

/** A school's catalog history: what each import added or changed, field by field. */
export const schoolCatalogChanges = pgTable(
  'school_catalog_changes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    importId: uuid('import_id').references(() => catalogImports.id),
    change: text('change', { enum: ['added', 'updated', 'deactivated'] }).notNull(),
    changes: jsonb('changes').$type<Record<string, { before: unknown; after: unknown }>>().notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('school_catalog_changes_unit_idx').on(t.unitId, t.id),
    index('school_catalog_changes_import_idx').on(t.importId, t.id),
  ],
);

export const catalogImportRejections = pgTable(
  'catalog_import_rejections',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => catalogImports.id, { onDelete: 'cascade' }),
    line: integer('line').notNull(),
    cct: text('cct').notNull(),
    reasons: jsonb('reasons').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.line] })],
);
