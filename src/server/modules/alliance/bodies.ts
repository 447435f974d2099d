import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  BodyDetail,
  CreateBodyBody,
  CreateObjectiveBody,
  CreateSeatBody,
  Overview,
  UpdateBodyBody,
  UpdateObjectiveBody,
  UpdateSeatBody,
} from '../../../contract/alliance.ts';
import type { AppContext } from '../../context.ts';
import { diff, recordAudit } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Db, Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { todayMx } from '../../platform/time.ts';
import { allowed, type Body, refOf, requireBody } from './common.ts';
import { listDeliverables, listDocuments } from './documents.ts';
import { listMeetings } from './meetings.ts';
import { listMetas } from './metas.ts';
import {
  type AllianceActor,
  allianceActor,
  canRead,
  requireConvener,
  requireEjeOfficer,
  requireMember,
  requireOfficer,
  requireRead,
  requireSeatManager,
  requireStructureEditor,
} from './policy.ts';
import { listResolutions } from './resolutions.ts';
import { rollups, statusOf } from './rollup.ts';
import { parity } from './rules.ts';
import { allianceBodies, allianceFollows, allianceObjectives, allianceSeats } from './schema.ts';
import { listSyntheses } from './syntheses.ts';
import { listTasks } from './tasks.ts';

type Seat = typeof allianceSeats.$inferSelect;

async function seatsOf(db: Executor, bodyIds: number[]): Promise<Map<number, Seat[]>> {
  const out = new Map<number, Seat[]>();
  if (bodyIds.length === 0) return out;
  const rows = await db.select().from(allianceSeats).where(inArray(allianceSeats.bodyId, bodyIds));
  for (const s of rows) out.set(s.bodyId, [...(out.get(s.bodyId) ?? []), s]);
  return out;
}

export async function bodyParity(db: Executor, body: Pick<Body, 'id' | 'kind'>) {
  const seats = await db.select().from(allianceSeats).where(eq(allianceSeats.bodyId, body.id));
  return parity(body.kind, seats, todayMx());
}

async function allBodies(db: Executor): Promise<Body[]> {
  return db.select().from(allianceBodies).orderBy(asc(allianceBodies.position), asc(allianceBodies.code));
}

function nodes(_bodies: Body[], seats: Map<number, Seat[]>, figures: Awaited<ReturnType<typeof rollups>>) {
  const today = todayMx();
  return (b: Body) => {
    const rollup = figures.get(b.id) ?? {
      metas: 0,
      metasApproved: 0,
      progress: null,
      openTasks: 0,
      overdueTasks: 0,
      overdueDeliverables: 0,
      awaiting: 0,
    };
    return {
      ...refOf(b),
      acuerdo: b.acuerdo,
      parity: parity(b.kind, seats.get(b.id) ?? [], today),
      rollup,
      retired: b.retiredAt !== null,
      status: statusOf(rollup),
    };
  };
}

export async function getOverview(db: Db, actor: Actor): Promise<z.infer<typeof Overview>> {
  const aa = await allianceActor(db, actor);
  const bodies = await allBodies(db);
  const commission = bodies.find((b) => b.kind === 'commission');
  if (!commission) throw new AppError(404, 'not_found');
  const seats = await seatsOf(
    db,
    bodies.map((b) => b.id),
  );
  const figures = await rollups(db, bodies);
  const node = nodes(bodies, seats, figures);
  const secretariat = bodies.find((b) => b.kind === 'secretariat');
  const byId = new Map(bodies.map((b) => [b.id, b]));
  return {
    commission: node(commission),
    secretariat: secretariat ? node(secretariat) : null,
    ejes: bodies
      .filter((b) => b.kind === 'eje')
      .map((e) => ({
        ...node(e),
        mesas: bodies.filter((m) => m.kind === 'mesa' && m.parentId === e.id).map(node),
      })),
    rollup: node(commission).rollup,
    me: {
      seats: aa.seats.map((s) => {
        const b = byId.get(s.bodyId) as Body;
        return { body: refOf(b), side: s.side, position: s.position };
      }),
      readsAll: aa.readsAll,
      canEditStructure: allowed(() => requireStructureEditor(aa, commission)),
      canManageSeats: allowed(() => requireSeatManager(aa, commission)),
    },
  };
}

export async function getBodyDetail(db: Db, actor: Actor, id: number): Promise<z.infer<typeof BodyDetail>> {
  const aa = await allianceActor(db, actor);
  const body = await requireBody(db, id);
  requireRead(aa, body);
  const bodies = await allBodies(db);
  const subtree = bodies.filter((b) => b.path.startsWith(body.path));
  const seats = await seatsOf(
    db,
    subtree.map((b) => b.id),
  );
  const figures = await rollups(db, bodies);
  const node = nodes(bodies, seats, figures);
  const parent = body.parentId ? bodies.find((b) => b.id === body.parentId) : undefined;
  const today = todayMx();
  const seatRows = seats.get(body.id) ?? [];
  const people = seatRows.length
    ? await db
        .select({ id: users.id, name: users.name, email: users.email })
        .from(users)
        .where(
          inArray(
            users.id,
            seatRows.map((s) => s.userId),
          ),
        )
    : [];
  const personBy = new Map(people.map((p) => [p.id, p]));
  const objectives = await db
    .select()
    .from(allianceObjectives)
    .where(and(eq(allianceObjectives.bodyId, body.id), isNull(allianceObjectives.retiredAt)))
    .orderBy(asc(allianceObjectives.position), asc(allianceObjectives.id));
  const [follow] = await db
    .select()
    .from(allianceFollows)
    .where(and(eq(allianceFollows.userId, actor.userId), eq(allianceFollows.bodyId, body.id)));
  const readable = subtree.filter((b) => canRead(aa, b));
  const readableIds = readable.map((b) => b.id);
  return {
    ...node(body),
    description: body.description,
    parent: parent ? refOf(parent) : null,
    children: bodies.filter((b) => b.parentId === body.id).map(node),
    seats: seatRows
      .map((s) => {
        const p = personBy.get(s.userId);
        return {
          id: s.id,
          person: { id: s.userId, name: p?.name ?? '—', email: p?.email ?? '' },
          side: s.side,
          position: s.position,
          designatedOn: s.designatedOn,
          endsOn: s.endsOn,
          active: s.designatedOn <= today && (s.endsOn === null || s.endsOn >= today),
        };
      })
      .sort((a, b) => a.side.localeCompare(b.side) || a.person.name.localeCompare(b.person.name, 'es')),
    objectives: objectives.map((o) => ({ id: o.id, text: o.text })),
    metas: await listMetas(db, [body.id]),
    deliverables: body.kind === 'mesa' ? await listDeliverables(db, body.id) : [],
    documents: await listDocuments(db, aa, readableIds),
    syntheses: await listSyntheses(db, readableIds),
    meetings: await listMeetings(db, [body.id]),
    tasks: await listTasks(db, readableIds),
    resolutions: await listResolutions(db, aa, readableIds),
    following: follow !== undefined,
    can: {
      edit: allowed(() => requireStructureEditor(aa, body)),
      manageSeats: allowed(() => requireSeatManager(aa, body)),
      draft: body.kind === 'mesa' && allowed(() => requireMember(aa, body)),
      editMetas: body.kind === 'mesa' && allowed(() => requireOfficer(aa, body)),
      approveMetas: body.kind === 'mesa' && allowed(() => requireEjeOfficer(aa, body)),
      reportProgress: body.kind === 'mesa' && allowed(() => requireMember(aa, body)),
      convene: allowed(() => requireConvener(aa, body)),
      setDeliverables: body.kind === 'mesa' && allowed(() => requireEjeOfficer(aa, body)),
      writeSynthesis: body.kind === 'eje' && allowed(() => requireOfficer(aa, body)),
    },
  };
}

export async function createBody(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  input: z.infer<typeof CreateBodyBody>,
): Promise<{ id: number }> {
  const aa = await allianceActor(ctx.db, actor);
  const parent = await requireBody(ctx.db, input.parentId);
  const role = requireStructureEditor(aa, parent);
  const expectedParent = input.kind === 'eje' ? 'commission' : 'eje';
  if (parent.kind !== expectedParent) throw new AppError(422, 'alliance_parent_kind', { kind: input.kind });
  return ctx.db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: allianceBodies.id })
      .from(allianceBodies)
      .where(and(eq(allianceBodies.parentId, parent.id), eq(allianceBodies.code, input.code)));
    if (clash) throw new AppError(409, 'alliance_code_taken', { code: input.code });
    const [row] = await tx
      .insert(allianceBodies)
      .values({
        kind: input.kind,
        parentId: parent.id,
        path: 'pending',
        code: input.code,
        name: input.name,
        acuerdo: input.kind === 'mesa' ? (input.acuerdo ?? null) : null,
        description: input.description ?? '',
        position: 99,
      })
      .returning();
    if (!row) throw new Error('body insert failed');
    const path = `${parent.path}${row.id}/`;
    await tx.update(allianceBodies).set({ path }).where(eq(allianceBodies.id, row.id));
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.body_create',
        entityType: 'alliance_body',
        entityId: String(row.id),
        unitPath: null,
        changes: diff(null, { kind: input.kind, code: input.code, name: input.name, parentId: parent.id }),
      },
    );
    return { id: row.id };
  });
}

export async function updateBody(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: number,
  input: z.infer<typeof UpdateBodyBody>,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const body = await requireBody(ctx.db, id);
  const role = requireStructureEditor(aa, body);
  if (input.retired !== undefined && (body.kind === 'commission' || body.kind === 'secretariat')) {
    throw new AppError(422, 'alliance_parent_kind', { kind: body.kind });
  }
  const next = {
    name: input.name ?? body.name,
    acuerdo: body.kind === 'mesa' ? (input.acuerdo ?? body.acuerdo) : body.acuerdo,
    description: input.description ?? body.description,
    retiredAt:
      input.retired === undefined
        ? body.retiredAt
        : input.retired
          ? (body.retiredAt ?? new Date().toISOString())
          : null,
  };
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(allianceBodies)
      .set({ ...next, updatedAt: new Date().toISOString() })
      .where(eq(allianceBodies.id, id));
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.body_update',
        entityType: 'alliance_body',
        entityId: String(id),
        unitPath: null,
        changes: diff(
          {
            name: body.name,
            acuerdo: body.acuerdo,
            description: body.description,
            retired: body.retiredAt !== null,
          },
          {
            name: next.name,
            acuerdo: next.acuerdo,
            description: next.description,
            retired: next.retiredAt !== null,
          },
        ),
      },
    );
  });
}

/** Seats a person (an existing account, or a new invited one) on a body for a side. */
export async function addSeat(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  bodyId: number,
  input: z.infer<typeof CreateSeatBody>,
): Promise<{ id: string }> {
  const aa = await allianceActor(ctx.db, actor);
  const body = await requireBody(ctx.db, bodyId);
  const role = requireSeatManager(aa, body);
  if (input.endsOn && input.endsOn < input.designatedOn) throw new AppError(422, 'alliance_dates');
  return ctx.db.transaction(async (tx) => {
    let [user] = await tx.select().from(users).where(eq(users.email, input.email));
    if (!user) {
      if (!input.name) throw new AppError(422, 'alliance_name_required');
      [user] = await tx
        .insert(users)
        .values({ email: input.email, name: input.name, status: 'invited' })
        .returning();
    }
    if (!user) throw new Error('user insert failed');
    const today = todayMx();
    const current = await tx
      .select()
      .from(allianceSeats)
      .where(and(eq(allianceSeats.bodyId, bodyId), eq(allianceSeats.userId, user.id)));
    if (current.some((s) => s.endsOn === null || s.endsOn >= today))
      throw new AppError(409, 'alliance_seat_exists');
    const [seat] = await tx
      .insert(allianceSeats)
      .values({
        bodyId,
        userId: user.id,
        side: input.side,
        position: input.position,
        designatedOn: input.designatedOn,
        endsOn: input.endsOn ?? null,
      })
      .returning();
    if (!seat) throw new Error('seat insert failed');
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.seat_add',
        entityType: 'alliance_seat',
        entityId: seat.id,
        unitPath: null,
        changes: diff(null, {
          bodyId,
          userId: user.id,
          email: user.email,
          side: seat.side,
          position: seat.position,
          designatedOn: seat.designatedOn,
          endsOn: seat.endsOn,
        }),
      },
    );
    return { id: seat.id };
  });
}

/** Ends (or extends) a seat; seats are never deleted, so past sessions keep who sat where. */
export async function updateSeat(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  seatId: string,
  input: z.infer<typeof UpdateSeatBody>,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const [seat] = await ctx.db.select().from(allianceSeats).where(eq(allianceSeats.id, seatId));
  if (!seat) throw new AppError(404, 'not_found');
  const body = await requireBody(ctx.db, seat.bodyId);
  const role = requireSeatManager(aa, body);
  if (input.endsOn && input.endsOn < seat.designatedOn) throw new AppError(422, 'alliance_dates');
  await ctx.db.transaction(async (tx) => {
    await tx.update(allianceSeats).set({ endsOn: input.endsOn }).where(eq(allianceSeats.id, seatId));
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.seat_update',
        entityType: 'alliance_seat',
        entityId: seatId,
        unitPath: null,
        changes: diff({ endsOn: seat.endsOn }, { endsOn: input.endsOn }),
      },
    );
  });
}

export async function addObjective(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  bodyId: number,
  input: z.infer<typeof CreateObjectiveBody>,
): Promise<{ id: number }> {
  const aa = await allianceActor(ctx.db, actor);
  const body = await requireBody(ctx.db, bodyId);
  if (body.kind !== 'mesa') throw new AppError(422, 'alliance_parent_kind', { kind: 'objective' });
  const role = requireOfficer(aa, body);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(allianceObjectives).values({ bodyId, text: input.text }).returning();
    if (!row) throw new Error('objective insert failed');
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.objective_add',
        entityType: 'alliance_objective',
        entityId: String(row.id),
        unitPath: null,
        changes: diff(null, { bodyId, text: input.text }),
      },
    );
    return { id: row.id };
  });
}

/** Rewords or retires an objective of a mesa; retired ones drop out of the lists, their metas stay. */
export async function updateObjective(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: number,
  input: z.infer<typeof UpdateObjectiveBody>,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const [o] = await ctx.db.select().from(allianceObjectives).where(eq(allianceObjectives.id, id));
  if (!o) throw new AppError(404, 'not_found');
  const body = await requireBody(ctx.db, o.bodyId);
  const role = requireOfficer(aa, body);
  const next = {
    text: input.text ?? o.text,
    retiredAt:
      input.retired === undefined
        ? o.retiredAt
        : input.retired
          ? (o.retiredAt ?? new Date().toISOString())
          : null,
  };
  await ctx.db.transaction(async (tx) => {
    await tx.update(allianceObjectives).set(next).where(eq(allianceObjectives.id, id));
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.objective_update',
        entityType: 'alliance_objective',
        entityId: String(id),
        unitPath: null,
        changes: diff(
          { text: o.text, retired: o.retiredAt !== null },
          { text: next.text, retired: next.retiredAt !== null },
        ),
      },
    );
  });
}

/** Following an acuerdo: anyone who may read it can ask to be told of its progress and status. */
export async function setFollow(db: Db, actor: Actor, bodyId: number, on: boolean): Promise<void> {
  const aa = await allianceActor(db, actor);
  const body = await requireBody(db, bodyId);
  requireRead(aa, body);
  if (on) await db.insert(allianceFollows).values({ userId: actor.userId, bodyId }).onConflictDoNothing();
  else
    await db
      .delete(allianceFollows)
      .where(and(eq(allianceFollows.userId, actor.userId), eq(allianceFollows.bodyId, bodyId)));
}

export type { AllianceActor };
