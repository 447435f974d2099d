import { and, asc, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { ActionBody, TaskDetail, TaskSummary } from '../../../contract/alliance.ts';
import type { AppContext } from '../../context.ts';
import { diff, recordAudit } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Db, Executor, Tx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { addDays, todayMx } from '../../platform/time.ts';
import { createItem, transition } from '../../platform/workflow/engine.ts';
import { workflowItems } from '../../platform/workflow/schema.ts';
import {
  allowed,
  type Body,
  bodyRefs,
  peopleNames,
  person,
  refOf,
  requireBody,
  requireItem,
  workflowInfo,
} from './common.ts';
import { notify } from './notify.ts';
import {
  type AllianceActor,
  allianceActor,
  awaitOfficers,
  awaitUser,
  requireEjeOfficer,
  requireOfficer,
  requireRead,
  seatLabel,
} from './policy.ts';
import { allianceObservations, allianceResolutions, allianceSeats, allianceTasks } from './schema.ts';
import { taskFlow } from './workflows.ts';

type Task = typeof allianceTasks.$inferSelect;

export async function taskSummaries(db: Executor, ids: string[]): Promise<z.infer<typeof TaskSummary>[]> {
  if (ids.length === 0) return [];
  return summarise(db, inArray(allianceTasks.id, ids));
}

/** Tasks of the given bodies, open first, by due date. */
export async function listTasks(db: Executor, bodyIds: number[]): Promise<z.infer<typeof TaskSummary>[]> {
  if (bodyIds.length === 0) return [];
  return summarise(db, inArray(allianceTasks.bodyId, bodyIds));
}

async function summarise(db: Executor, where: ReturnType<typeof inArray>) {
  const rows = await db
    .select({
      t: allianceTasks,
      item: workflowItems,
      number: allianceResolutions.number,
      resolutionId: allianceResolutions.id,
    })
    .from(allianceTasks)
    .innerJoin(workflowItems, eq(workflowItems.id, allianceTasks.itemId))
    .leftJoin(allianceObservations, eq(allianceObservations.id, allianceTasks.observationId))
    .leftJoin(allianceResolutions, eq(allianceResolutions.id, allianceObservations.resolutionId))
    .where(where)
    .orderBy(asc(allianceTasks.dueOn));
  const bodies = await bodyRefs(
    db,
    rows.map((r) => r.t.bodyId),
  );
  const names = await peopleNames(
    db,
    rows.map((r) => r.t.responsibleId),
  );
  const today = todayMx();
  return rows
    .map(({ t, item, number, resolutionId }) => ({
      id: t.id,
      title: t.title,
      body: refOf(bodies.get(t.bodyId) as Body),
      state: item.state,
      source: t.source,
      responsible: person(names, t.responsibleId),
      dueOn: t.dueOn,
      overdue: item.state !== 'done' && t.dueOn < today,
      evidence: t.evidence,
      resolutionNumber: number,
      resolutionId,
      meetingId: t.meetingId,
    }))
    .sort((a, b) => Number(a.state === 'done') - Number(b.state === 'done'));
}

/** Follow-up for an observation is due 30 days after the mesa is informed, unless changed later. */
export const OBSERVATION_TASK_DAYS = 30;

export async function createTask(
  tx: Tx,
  ctx: AppContext,
  by: { actorId: string; actingAs: string },
  input: {
    body: Body;
    title: string;
    responsibleId: string | null;
    dueOn: string;
    source: 'minutes' | 'observation';
    meetingId?: string | null;
    observationId?: number | null;
  },
): Promise<string> {
  const item = await createItem(
    tx,
    taskFlow,
    {
      title: input.title,
      scopePath: input.body.path,
      awaiting: input.responsibleId ? awaitUser(input.responsibleId) : awaitOfficers(input.body.id),
      dueOn: input.dueOn,
    },
    by,
  );
  const [task] = await tx
    .insert(allianceTasks)
    .values({
      itemId: item.id,
      bodyId: input.body.id,
      title: input.title,
      responsibleId: input.responsibleId,
      dueOn: input.dueOn,
      source: input.source,
      meetingId: input.meetingId ?? null,
      observationId: input.observationId ?? null,
    })
    .returning();
  if (!task) throw new Error('task insert failed');
  if (input.responsibleId) {
    const [u] = await tx.select({ email: users.email }).from(users).where(eq(users.id, input.responsibleId));
    if (u)
      await notify(tx, ctx, [u.email], {
        kind: 'task_assigned',
        subject: `${input.body.code} · ${input.title}`,
        detail: `Fecha límite / due: ${input.dueOn}`,
        link: `/alianza/tareas/${task.id}`,
      });
  }
  return task.id;
}

/** The mesa's coordinator answers for an observation of the commission. */
export async function createObservationTask(
  tx: Tx,
  ctx: AppContext,
  actor: Actor,
  actingAs: string,
  r: typeof allianceResolutions.$inferSelect,
  o: typeof allianceObservations.$inferSelect,
): Promise<void> {
  const mesa = await requireBody(tx, o.bodyId);
  const today = todayMx();
  const [coordinator] = await tx
    .select({ userId: allianceSeats.userId })
    .from(allianceSeats)
    .where(
      and(
        eq(allianceSeats.bodyId, mesa.id),
        eq(allianceSeats.position, 'coordinator'),
        or(isNull(allianceSeats.endsOn), gte(allianceSeats.endsOn, today)),
      ),
    )
    .limit(1);
  await createTask(
    tx,
    ctx,
    { actorId: actor.userId, actingAs },
    {
      body: mesa,
      title: `${r.number}: ${o.text}`,
      responsibleId: coordinator?.userId ?? null,
      dueOn: addDays(today, OBSERVATION_TASK_DAYS),
      source: 'observation',
      observationId: o.id,
    },
  );
}

async function requireTask(db: Executor, id: string): Promise<{ task: Task; body: Body }> {
  const [task] = await db.select().from(allianceTasks).where(eq(allianceTasks.id, id));
  if (!task) throw new AppError(404, 'not_found');
  return { task, body: await requireBody(db, task.bodyId) };
}

/** The person responsible, the body's officers, or the eje coordination above may move a task. */
function taskPolicy(aa: AllianceActor, body: Body, task: Task): string {
  if (task.responsibleId === aa.actor.userId) {
    const seat = aa.seats.find((s) => body.path.startsWith(s.bodyPath));
    if (seat) return seatLabel(seat);
  }
  if (allowed(() => requireOfficer(aa, body))) return requireOfficer(aa, body);
  return requireEjeOfficer(aa, body);
}

export async function taskAction(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  action: keyof typeof taskFlow.transitions,
  input: z.infer<typeof ActionBody>,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const { task, body } = await requireTask(ctx.db, id);
  requireRead(aa, body);
  const role = taskPolicy(aa, body, task);
  await ctx.db.transaction(async (tx) => {
    const awaiting =
      action === 'close' ? null : task.responsibleId ? awaitUser(task.responsibleId) : awaitOfficers(body.id);
    const { from, to } = await transition(
      tx,
      taskFlow,
      task.itemId,
      action,
      { actorId: actor.userId, actingAs: role },
      {
        comment: input.comment ?? null,
        awaiting,
        ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
      },
    );
    // The closing comment is the evidence the task was done; it stays on the task.
    if (action === 'close')
      await tx
        .update(allianceTasks)
        .set({ evidence: input.comment ?? '' })
        .where(eq(allianceTasks.id, id));
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: `alliance.task_${action}`,
        entityType: 'alliance_task',
        entityId: id,
        unitPath: null,
        changes: diff({ state: from }, { state: to, ...(input.comment ? { comment: input.comment } : {}) }),
      },
    );
  });
}

export async function getTask(db: Db, actor: Actor, id: string): Promise<z.infer<typeof TaskDetail>> {
  const aa = await allianceActor(db, actor);
  const { task, body } = await requireTask(db, id);
  requireRead(aa, body);
  const item = await requireItem(db, task.itemId);
  const [summary] = await taskSummaries(db, [id]);
  if (!summary) throw new AppError(404, 'not_found');
  const canAct = allowed(() => taskPolicy(aa, body, task));
  return {
    ...summary,
    workflow: await workflowInfo(db, taskFlow, item, () => canAct),
    canAct,
  };
}
