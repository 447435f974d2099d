import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../db/client.ts';
import { AppError } from '../errors/app-error.ts';
import { workflowEvents, workflowItems } from './schema.ts';

/**
 * The one workflow mechanism (docs/decisions/005-workflow-engine.md). A definition names the
 * states and, for each action, the states it may start from and the state it leads to. The engine
 * enforces exactly that, plus required comments and stale-version refusal; *who* may take an action
 * is the domain policy's answer, passed in as `actingAs` after the domain checked it.
 */
export interface Transition<S extends string> {
  from: readonly S[];
  to: S;
  /** A comment is required (returning a document needs its observations). */
  comment?: 'required';
}

export interface WorkflowDefinition<S extends string = string, A extends string = string> {
  type: string;
  initial: S;
  states: readonly S[];
  transitions: Record<A, Transition<S>>;
}

export function defineWorkflow<S extends string, A extends string>(
  def: WorkflowDefinition<S, A>,
): WorkflowDefinition<S, A> {
  for (const [action, t] of Object.entries<Transition<S>>(def.transitions)) {
    for (const s of [...t.from, t.to]) {
      if (!def.states.includes(s)) throw new Error(`${def.type}.${action}: unknown state ${s}`);
    }
  }
  return def;
}

/** Actions the definition allows from a state (before asking the policy who may take them). */
export function actionsFrom<S extends string, A extends string>(
  def: WorkflowDefinition<S, A>,
  state: S,
): A[] {
  return (Object.keys(def.transitions) as A[]).filter((a) => def.transitions[a].from.includes(state));
}

export type WorkflowItem = typeof workflowItems.$inferSelect;
export type WorkflowEvent = typeof workflowEvents.$inferSelect;

export interface By {
  actorId: string | null;
  /** The seat or role the actor acted under, as shown in the timeline ('alliance.eje:3:coordinator'). */
  actingAs: string | null;
}

export async function createItem<S extends string>(
  tx: Tx,
  def: WorkflowDefinition<S, string>,
  input: { title: string; scopePath: string; awaiting: string | null; dueOn?: string | null },
  by: By,
  event: { action?: string; comment?: string | null; payload?: Record<string, unknown> } = {},
): Promise<WorkflowItem> {
  const [item] = await tx
    .insert(workflowItems)
    .values({
      type: def.type,
      state: def.initial,
      title: input.title,
      scopePath: input.scopePath,
      awaiting: input.awaiting,
      dueOn: input.dueOn ?? null,
      createdBy: by.actorId,
    })
    .returning();
  if (!item) throw new Error('workflow item insert failed');
  await tx.insert(workflowEvents).values({
    itemId: item.id,
    seq: 1,
    action: event.action ?? 'create',
    fromState: null,
    toState: def.initial,
    actorId: by.actorId,
    actingAs: by.actingAs,
    comment: event.comment ?? null,
    payload: event.payload ?? {},
  });
  return item;
}

/** Locks an item for a transition; refuses one of another type (an id from the wrong list). */
export async function lockItem(tx: Tx, def: WorkflowDefinition, itemId: string): Promise<WorkflowItem> {
  const [item] = await tx.select().from(workflowItems).where(eq(workflowItems.id, itemId)).for('update');
  if (!item || item.type !== def.type) throw new AppError(404, 'not_found');
  return item;
}

export interface TransitionInput {
  comment?: string | null;
  payload?: Record<string, unknown>;
  /** Who must act next; the domain decides from the new state. */
  awaiting: string | null;
  dueOn?: string | null;
  title?: string;
  /** The version the actor was looking at; a mismatch means someone acted first. */
  expectedVersion?: number;
  /** The item, when the caller already locked it (FOR UPDATE) in this transaction: saves a round trip. */
  locked?: WorkflowItem;
}

/** One action on one locked item, checked against the definition and ready to write. */
export interface Move<S extends string = string> {
  item: WorkflowItem;
  action: string;
  from: S;
  to: S;
  by: By;
  comment: string | null;
  payload: Record<string, unknown>;
  awaiting: string | null;
  dueOn?: string | null;
  title?: string;
}

/**
 * Checks one action on an item the caller holds locked: the state it may start from, the version
 * the actor saw, a required comment. Writes nothing, so a batch can check every step first and
 * write only those that pass (applyMoves).
 */
export function checkMove<S extends string, A extends string>(
  def: WorkflowDefinition<S, A>,
  item: WorkflowItem,
  action: A,
  by: By,
  input: Omit<TransitionInput, 'locked'>,
): Move<S> {
  const t = def.transitions[action];
  if (!t) throw new AppError(409, 'workflow_action_invalid', { action: String(action), state: '?' });
  if (item.type !== def.type) throw new AppError(404, 'not_found');
  const from = item.state as S;
  if (input.expectedVersion !== undefined && input.expectedVersion !== item.version) {
    throw new AppError(409, 'workflow_stale');
  }
  if (!t.from.includes(from)) {
    throw new AppError(409, 'workflow_action_invalid', { action: String(action), state: from });
  }
  const comment = input.comment?.trim() || null;
  if (t.comment === 'required' && !comment) throw new AppError(422, 'workflow_comment_required');
  return {
    item,
    action: String(action),
    from,
    to: t.to,
    by,
    comment,
    payload: input.payload ?? {},
    awaiting: input.awaiting,
    ...(input.dueOn !== undefined ? { dueOn: input.dueOn } : {}),
    ...(input.title !== undefined ? { title: input.title } : {}),
  };
}

/**
 * Writes checked moves, one per item, in two statements however many there are: the items'
 * new state and version, then their events. Returns the updated items in the moves' order.
 */
export async function applyMoves(tx: Tx, moves: Move[]): Promise<WorkflowItem[]> {
  if (!moves.length) return [];
  if (new Set(moves.map((m) => m.item.id)).size !== moves.length) {
    throw new Error('applyMoves: one move per item');
  }
  const rows = sql.join(
    moves.map(
      (m) =>
        sql`(${m.item.id}::uuid, ${m.to}::text, ${m.awaiting}::text, ${m.item.version + 1}::int,
          ${m.dueOn !== undefined}::boolean, ${m.dueOn ?? null}::text, ${m.title ?? null}::text)`,
    ),
    sql`, `,
  );
  const updated = await tx
    .update(workflowItems)
    .set({
      state: sql`v.v_state`,
      awaiting: sql`v.v_awaiting`,
      version: sql`v.v_version`,
      updatedAt: new Date().toISOString(),
      dueOn: sql`case when v.v_set_due then v.v_due_on else ${workflowItems.dueOn} end`,
      title: sql`coalesce(v.v_title, ${workflowItems.title})`,
    })
    .from(sql`(values ${rows}) as v(v_id, v_state, v_awaiting, v_version, v_set_due, v_due_on, v_title)`)
    .where(sql`${workflowItems.id} = v.v_id`)
    .returning(getTableColumns(workflowItems));
  const byId = new Map(updated.map((u) => [u.id, u]));
  // Every event bumps the version by one and the item starts at version 1 with event 1, so the
  // new version is the event's sequence number (the unique (item, seq) key would catch a gap).
  await tx.insert(workflowEvents).values(
    moves.map((m) => ({
      itemId: m.item.id,
      seq: m.item.version + 1,
      action: m.action,
      fromState: m.from,
      toState: m.to,
      actorId: m.by.actorId,
      actingAs: m.by.actingAs,
      comment: m.comment,
      payload: m.payload,
    })),
  );
  return moves.map((m) => {
    const u = byId.get(m.item.id);
    if (!u) throw new Error('workflow item vanished under lock');
    return u;
  });
}

/**
 * Moves an item along one action, in the caller's transaction, and appends the event to its
 * timeline. The caller records the audit entry (last, per the audit scheme).
 */
export async function transition<S extends string, A extends string>(
  tx: Tx,
  def: WorkflowDefinition<S, A>,
  itemId: string,
  action: A,
  by: By,
  input: TransitionInput,
): Promise<{ item: WorkflowItem; from: S; to: S }> {
  if (!def.transitions[action])
    throw new AppError(409, 'workflow_action_invalid', { action: String(action), state: '?' });
  const item =
    input.locked?.id === itemId && input.locked.type === def.type
      ? input.locked
      : await lockItem(tx, def, itemId);
  const move = checkMove(def, item, action, by, input);
  const [updated] = await applyMoves(tx, [move]);
  return { item: updated as WorkflowItem, from: move.from, to: move.to };
}

/** Appends a note to the timeline without changing state (an edit, a new version, a comment). */
export async function appendEvent(
  tx: Tx,
  itemId: string,
  action: string,
  by: By,
  input: { comment?: string | null; payload?: Record<string, unknown> } = {},
): Promise<void> {
  const [item] = await tx.select().from(workflowItems).where(eq(workflowItems.id, itemId)).for('update');
  if (!item) throw new AppError(404, 'not_found');
  await tx
    .update(workflowItems)
    .set({ version: item.version + 1, updatedAt: new Date().toISOString() })
    .where(eq(workflowItems.id, itemId));
  await tx.insert(workflowEvents).values({
    itemId,
    seq: item.version + 1,
    action,
    fromState: item.state,
    toState: item.state,
    actorId: by.actorId,
    actingAs: by.actingAs,
    comment: input.comment?.trim() || null,
    payload: input.payload ?? {},
  });
}

export async function timeline(db: Executor, itemId: string): Promise<WorkflowEvent[]> {
  return db
    .select()
    .from(workflowEvents)
    .where(eq(workflowEvents.itemId, itemId))
    .orderBy(asc(workflowEvents.seq));
}

export async function findItem(db: Executor, def: WorkflowDefinition, itemId: string) {
  const [item] = await db
    .select()
    .from(workflowItems)
    .where(and(eq(workflowItems.id, itemId), eq(workflowItems.type, def.type)));
  return item;
}
