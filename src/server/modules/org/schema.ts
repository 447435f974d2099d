import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/schema.ts';

/** Municipalities (INEGI), a second dimension of schools beside the supervision tree. */
export const municipalities = pgTable(
  'municipalities',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    stateUnitId: integer('state_unit_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
  },
  (t) => [unique('municipalities_state_code').on(t.stateUnitId, t.code)],
);

/**
 * The organisation tree: nation → state → sector → zone → school. `path` is the materialised
 * chain of ids ("/1/7/40/"), so "everything below X" is one indexed prefix match on both
 * PGlite and PostgreSQL without extensions.
 */
export const orgUnits = pgTable(
  'org_units',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind', { enum: ['nation', 'state', 'sector', 'zone', 'school'] }).notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    parentId: integer('parent_id'),
    path: text('path').notNull(),
    depth: smallint('depth').notNull(),
    municipalityId: integer('municipality_id').references(() => municipalities.id),
    active: boolean('active').notNull().default(true),
    searchText: text('search_text').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    // Also the index of a unit's children (listed by code): every child of a unit is of one kind.
    unique('org_units_parent_kind_code').on(t.parentId, t.kind, t.code),
    index('org_units_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    // A CCT names one school in the whole country, wherever it sits in the tree.
    uniqueIndex('org_units_school_cct').on(t.code).where(sql`kind = 'school'`),
    // School lists sort by name within a scope; the walk in name order stops after a page.
    index('org_units_school_name').on(t.name, t.id).where(sql`kind = 'school'`),
    index('org_units_municipality_idx').on(t.municipalityId),
  ],
);

/** A role held on a unit applies to the unit and its whole subtree. */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    grantedBy: uuid('granted_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    unique('role_assignments_user_role_unit').on(t.userId, t.role, t.unitId),
    index('role_assignments_unit_idx').on(t.unitId),
  ],
);

/**
 * Every word of every unit's search text, kept by a statement trigger on `org_units` (migration
 * 0004): a typo is matched against this short list of words first, then schools are found by
 * the words it is close to — far cheaper than comparing the typo with every school's name.
 */
export const searchWords = pgTable('search_words', { word: text('word').primaryKey() }, (t) => [
  index('search_words_trgm').using('gin', sql`${t.word} gin_trgm_ops`),
]);
