import { and, asc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { BodyRef, TimelineEvent, WorkflowInfo } from '../../../contract/alliance.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { dbTimeIso, todayMx } from '../../platform/time.ts';
import {
  actionsFrom,
  timeline,
  type WorkflowDefinition,
  type WorkflowItem,
} from '../../platform/workflow/engine.ts';
import { workflowItems } from '../../platform/workflow/schema.ts';
import { allianceBodies, allianceSeats } from './schema.ts';

export type Body = typeof allianceBodies.$inferSelect;

export async function findBody(db: Executor, id: number): Promise<Body | undefined> {
  const [row] = await db.select().from(allianceBodies).where(eq(allianceBodies.id, id));
  return row;
}

export async function requireBody(db: Executor, id: number): Promise<Body> {
  const row = await findBody(db, id);
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

export function refOf(b: Pick<Body, 'id' | 'kind' | 'code' | 'name'>): z.infer<typeof BodyRef> {
  return { id: b.id, kind: b.kind, code: b.code, name: b.name };
}

export async function bodyRefs(db: Executor, ids: number[]): Promise<Map<number, Body>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select().from(allianceBodies).where(inArray(allianceBodies.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function peopleNames(db: Executor, ids: (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((x): x is string => !!x))];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function person(names: Map<string, string>, id: string | null) {
  if (!id) return null;
  return { id, name: names.get(id) ?? '—' };
}

/** 'alliance:I.1:coordinator:sep' → its parts, for the UI to label; platform roles stay as they are. */
function parseActingAs(s: string | null): z.infer<typeof TimelineEvent>['actingAs'] {
  if (!s) return null;
  const parts = s.split(':');
  if (parts[0] === 'alliance' && parts.length === 4) {
    return { bodyCode: parts[1] ?? '', position: parts[2] ?? '', side: parts[3] ?? '' };
  }
  return { bodyCode: '', position: s, side: '' };
}

/** The item's state, timeline and the actions this user may take (the domain says which). */
export async function workflowInfo<S extends string, A extends string>(
  db: Executor,
  def: WorkflowDefinition<S, A>,
  item: WorkflowItem,
  mayTake: (action: A) => boolean,
): Promise<z.infer<typeof WorkflowInfo>> {
  const events = await timeline(db, item.id);
  const names = await peopleNames(
    db,
    events.map((e) => e.actorId),
  );
  return {
    itemId: item.id,
    state: item.state,
    version: item.version,
    actions: actionsFrom(def, item.state as S).filter((a) => mayTake(a)),
    timeline: events.map((e) => ({
      seq: e.seq,
      action: e.action,
      fromState: e.fromState,
      toState: e.toState,
      actor: person(names, e.actorId),
      actingAs: parseActingAs(e.actingAs),
      comment: e.comment,
      at: dbTimeIso(e.at),
    })),
  };
}

export async function requireItem(db: Executor, id: string): Promise<WorkflowItem> {
  const [item] = await db.select().from(workflowItems).where(eq(workflowItems.id, id));
  if (!item) throw new AppError(404, 'not_found');
  return item;
}

export async function itemsById(db: Executor, ids: string[]): Promise<Map<string, WorkflowItem>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(workflowItems)
    .where(inArray(workflowItems.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Whether a policy check passes, without throwing: for the `can` flags the UI shows. */
export function allowed(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

/** E-mail addresses of a body's current officers or members, for notifications. */
export async function bodyEmails(db: Executor, bodyId: number, officersOnly: boolean): Promise<string[]> {
  const rows = await db
    .select({ email: users.email, position: allianceSeats.position, endsOn: allianceSeats.endsOn })
    .from(allianceSeats)
    .innerJoin(users, eq(users.id, allianceSeats.userId))
    .where(and(eq(allianceSeats.bodyId, bodyId), eq(users.status, 'active')));
  return [
    ...new Set(
      rows
        .filter((r) => !officersOnly || r.position === 'coordinator' || r.position === 'technical_secretary')
        .map((r) => r.email),
    ),
  ];
}

export async function bodiesOfKind(db: Executor, kind: Body['kind']): Promise<Body[]> {
  return db
    .select()
    .from(allianceBodies)
    .where(and(eq(allianceBodies.kind, kind), isNull(allianceBodies.retiredAt)));
}

/** A person's current seats with their bodies, for "my functions" on the home page. */
export async function seatSummaries(db: Executor, userId: string) {
  const today = todayMx();
  const rows = await db
    .select({ seat: allianceSeats, body: allianceBodies })
    .from(allianceSeats)
    .innerJoin(allianceBodies, eq(allianceBodies.id, allianceSeats.bodyId))
    .where(
      and(
        eq(allianceSeats.userId, userId),
        lte(allianceSeats.designatedOn, today),
        or(isNull(allianceSeats.endsOn), gte(allianceSeats.endsOn, today)),
        isNull(allianceBodies.retiredAt),
      ),
    )
    .orderBy(asc(allianceBodies.path));
  return rows.map(({ seat, body }) => ({ body: refOf(body), side: seat.side, position: seat.position }));
}
