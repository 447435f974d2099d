import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per thing that moves through a reviewed process (an Alianza document, a synthesis, a
 * meeting, a task; later a school plan). The domain row points at its item; the item holds the
 * state, who must act next and the timeline. See docs/decisions/005-workflow-engine.md.
 */
export const workflowItems = pgTable(
  'workflow_items',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** The definition it follows, e.g. 'alliance.document'. */
    type: text('type').notNull(),
    state: text('state').notNull(),
    title: text('title').notNull(),
    /** Where it sits in its domain's tree (an Alianza body path, an org unit path), for scoped lists. */
    scopePath: text('scope_path').notNull(),
    /** Who must act next, as a key the domain resolves for an actor ('alliance.body:12:coordinator'); null when nobody. */
    awaiting: text('awaiting'),
    dueOn: text('due_on'),
    /** Bumped by every transition: a client acting on a stale view is refused instead of overwriting. */
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('workflow_items_awaiting_idx').on(t.awaiting),
    index('workflow_items_type_state_idx').on(t.type, t.state),
    index('workflow_items_scope_idx').using('btree', sql`${t.scopePath} text_pattern_ops`),
  ],
);

/** The timeline: every transition of an item, in order, with who, as what, and why. */
export const workflowEvents = pgTable(
  'workflow_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => workflowItems.id),
    seq: integer('seq').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actorId: uuid('actor_id'),
    actingAs: text('acting_as'),
    comment: text('comment'),
    payload: jsonb('payload').notNull().default({}),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [unique('workflow_events_item_seq').on(t.itemId, t.seq)],
);
