import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
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
export const schools = pgTable('schools', {
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
});

/** One row per import run (dry runs included), with its counts. */
export const catalogImports = pgTable('catalog_imports', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  status: text('status', { enum: ['dry_run', 'applied', 'rejected'] }).notNull(),
  fileName: text('file_name').notNull(),
  counts: jsonb('counts').notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

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
