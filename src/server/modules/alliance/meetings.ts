import { and, asc, desc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  ActionBody,
  ApproveMinutesBody,
  AttendanceBody,
  ConveneBody,
  MeetingDetail,
  MeetingSummary,
  MinutesBody,
} from '../../../contract/alliance.ts';
import type { AppContext } from '../../context.ts';
import { diff, recordAudit } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Db, Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { meetingIcs } from '../../platform/mail/ics.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { dbTimeIso } from '../../platform/time.ts';
import { createItem, lockItem, transition } from '../../platform/workflow/engine.ts';
import { workflowItems } from '../../platform/workflow/schema.ts';
import { bodyParity } from './bodies.ts';
import { allowed, type Body, bodyRefs, refOf, requireBody, requireItem, workflowInfo } from './common.ts';
import { notify } from './notify.ts';
import {
  AWAIT_SECRETARIAT,
  allianceActor,
  awaitOfficers,
  requireCommission,
  requireConvener,
  requireRead,
} from './policy.ts';
import { quorum } from './rules.ts';
import {
  allianceAgendaItems,
  allianceAttendance,
  allianceBodies,
  allianceMeetings,
  allianceSeats,
  allianceSyntheses,
  allianceTasks,
} from './schema.ts';
import { decisionInfos, listSyntheses } from './syntheses.ts';
import { createTask, taskSummaries } from './tasks.ts';
import { meetingFlow } from './workflows.ts';

type Meeting = typeof allianceMeetings.$inferSelect;

export async function listMeetings(
  db: Executor,
  bodyIds: number[],
): Promise<z.infer<typeof MeetingSummary>[]> {
  if (bodyIds.length === 0) return [];
  const rows = await db
    .select({ m: allianceMeetings, item: workflowItems })
    .from(allianceMeetings)
    .innerJoin(workflowItems, eq(workflowItems.id, allianceMeetings.itemId))
    .where(inArray(allianceMeetings.bodyId, bodyIds))
    .orderBy(desc(allianceMeetings.startsAt));
  const bodies = await bodyRefs(
    db,
    rows.map((r) => r.m.bodyId),
  );
  return rows.map(({ m, item }) => summary(m, item.state, bodies.get(m.bodyId) as Body));
}

function summary(m: Meeting, state: string, body: Body): z.infer<typeof MeetingSummary> {
  return {
    id: m.id,
    title: m.title,
    kind: m.kind,
    body: refOf(body),
    startsAt: dbTimeIso(m.startsAt),
    endsAt: dbTimeIso(m.endsAt),
    state,
  };
}

/** Who convenes: the secretariat answers for commission sessions, otherwise the body's officers. */
function awaitConvener(body: Body): string {
  return body.kind === 'commission' ? AWAIT_SECRETARIAT : awaitOfficers(body.id);
}

async function invitation(
  db: Executor,
  ctx: AppContext,
  m: Meeting,
  body: Body,
  method: 'REQUEST' | 'CANCEL',
  sequence: number,
  agenda: string[],
) {
  const people = await db
    .select({ name: users.name, email: users.email })
    .from(allianceAttendance)
    .innerJoin(users, eq(users.id, allianceAttendance.userId))
    .where(eq(allianceAttendance.meetingId, m.id));
  const ics = meetingIcs({
    uid: `${m.id}@calidad`,
    sequence,
    method,
    title: `${body.code} · ${m.title}`,
    description: agenda.map((a, i) => `${i + 1}. ${a}`).join('\n'),
    startsAt: dbTimeIso(m.startsAt),
    endsAt: dbTimeIso(m.endsAt),
    location: m.place || m.link,
    url: m.link || `${ctx.cfg.publicUrl}/alianza/sesiones/${m.id}`,
    organizer: { name: `${body.code} ${body.name}`, email: ctx.cfg.MAIL_FROM },
    attendees: people,
  });
  return { people, ics };
}

export async function convene(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  bodyId: number,
  input: z.infer<typeof ConveneBody>,
): Promise<{ id: string }> {
  const aa = await allianceActor(ctx.db, actor);
  const body = await requireBody(ctx.db, bodyId);
  const role = requireConvener(aa, body);
  if (Date.parse(input.endsAt) <= Date.parse(input.startsAt)) throw new AppError(422, 'alliance_dates');
  if (input.kind === 'plenary' && body.kind !== 'eje') throw new AppError(422, 'alliance_plenary_eje');
  return ctx.db.transaction(async (tx) => {
    const day = input.startsAt.slice(0, 10);
    // Invitees: everyone seated on the body that day; an eje plenary also calls its mesas.
    const bodies =
      input.kind === 'plenary'
        ? await tx.select().from(allianceBodies).where(eq(allianceBodies.parentId, body.id))
        : [];
    const bodyIds = [body.id, ...bodies.map((b) => b.id)];
    const seats = await tx
      .select()
      .from(allianceSeats)
      .where(
        and(
          inArray(allianceSeats.bodyId, bodyIds),
          lte(allianceSeats.designatedOn, day),
          or(isNull(allianceSeats.endsOn), gte(allianceSeats.endsOn, day)),
        ),
      );
    const item = await createItem(
      tx,
      meetingFlow,
      { title: input.title, scopePath: body.path, awaiting: awaitConvener(body), dueOn: day },
      { actorId: actor.userId, actingAs: role },
    );
    const [m] = await tx
      .insert(allianceMeetings)
      .values({
        itemId: item.id,
        bodyId,
        kind: input.kind,
        title: input.title,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        place: input.place,
        link: input.link,
        convenedBy: actor.userId,
      })
      .returning();
    if (!m) throw new Error('meeting insert failed');
    await tx
      .insert(allianceAgendaItems)
      .values(input.agenda.map((title, i) => ({ meetingId: m.id, position: i + 1, title })));
    const invited = new Map<string, 'sep' | 'snte'>();
    for (const s of seats) if (!invited.has(s.userId)) invited.set(s.userId, s.side);
    if (invited.size)
      await tx
        .insert(allianceAttendance)
        .values([...invited].map(([userId, side]) => ({ meetingId: m.id, userId, side })));
    const { people, ics } = await invitation(tx, ctx, m, body, 'REQUEST', 0, input.agenda);
    await notify(
      tx,
      ctx,
      people.map((p) => p.email),
      {
        kind: 'meeting_convened',
        subject: `${body.code} · ${input.title} — ${input.startsAt}`,
        detail: input.agenda.map((a, i) => `${i + 1}. ${a}`).join('\n'),
        link: `/alianza/sesiones/${m.id}`,
        attachments: [
          { filename: 'invitacion.ics', contentType: 'text/calendar; method=REQUEST', content: ics },
        ],
      },
    );
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.meeting_convene',
        entityType: 'alliance_meeting',
        entityId: m.id,
        unitPath: null,
        changes: diff(null, {
          bodyId,
          kind: input.kind,
          title: input.title,
          startsAt: input.startsAt,
          invitees: invited.size,
        }),
      },
    );
    return { id: m.id };
  });
}

async function requireMeeting(db: Executor, id: string): Promise<{ m: Meeting; body: Body }> {
  const [m] = await db.select().from(allianceMeetings).where(eq(allianceMeetings.id, id));
  if (!m) throw new AppError(404, 'not_found');
  return { m, body: await requireBody(db, m.bodyId) };
}

/**
 * Attendance is taken and the session is held: refused, saying why, when the body breaks parity
 * or the members present do not include both sides.
 */
export async function recordAttendance(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  input: z.infer<typeof AttendanceBody>,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const { m, body } = await requireMeeting(ctx.db, id);
  const role = requireConvener(aa, body);
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.select().from(allianceAttendance).where(eq(allianceAttendance.meetingId, m.id));
    const present = new Set(input.present);
    for (const p of present)
      if (!rows.some((r) => r.userId === p)) throw new AppError(422, 'alliance_not_invited');
    const marked = rows.map((r) => ({ ...r, present: present.has(r.userId) }));
    const par = await bodyParity(tx, body);
    if (!par.ok) throw new AppError(422, 'alliance_parity_broken', { sep: par.sep, snte: par.snte });
    const q = quorum(marked);
    if (!q.ok) throw new AppError(422, 'alliance_quorum_missing', { sep: q.sep, snte: q.snte });
    for (const r of marked)
      await tx
        .update(allianceAttendance)
        .set({ present: r.present })
        .where(and(eq(allianceAttendance.meetingId, m.id), eq(allianceAttendance.userId, r.userId)));
    const { from, to } = await transition(
      tx,
      meetingFlow,
      m.itemId,
      'hold',
      { actorId: actor.userId, actingAs: role },
      {
        awaiting: awaitConvener(body),
        payload: { sep: q.sep, snte: q.snte },
        ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
      },
    );
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.meeting_hold',
        entityType: 'alliance_meeting',
        entityId: m.id,
        unitPath: null,
        changes: diff({ state: from }, { state: to, present: [...present].sort() }),
      },
    );
  });
}

/** Drafting the minutes while the session is held (not yet approved). */
export async function saveMinutes(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  input: z.infer<typeof MinutesBody>,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const { m, body } = await requireMeeting(ctx.db, id);
  const role = requireConvener(aa, body);
  await ctx.db.transaction(async (tx) => {
    const item = await lockItem(tx, meetingFlow, m.itemId);
    if (item.state !== 'held') throw new AppError(409, 'alliance_meeting_not_held');
    await tx.update(allianceMeetings).set({ minutes: input.minutes }).where(eq(allianceMeetings.id, m.id));
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.meeting_minutes',
        entityType: 'alliance_meeting',
        entityId: m.id,
        unitPath: null,
        changes: diff({ minutes: m.minutes }, { minutes: input.minutes }),
      },
    );
  });
}

/** Approving the minutes fixes them and creates the agreed tasks, each with its responsible and due date. */
export async function approveMinutes(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  input: z.infer<typeof ApproveMinutesBody>,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const { m, body } = await requireMeeting(ctx.db, id);
  const role = requireConvener(aa, body);
  await ctx.db.transaction(async (tx) => {
    const invited = await tx.select().from(allianceAttendance).where(eq(allianceAttendance.meetingId, m.id));
    for (const t of input.tasks)
      if (!invited.some((i) => i.userId === t.responsibleId)) throw new AppError(422, 'alliance_not_invited');
    await tx.update(allianceMeetings).set({ minutes: input.minutes }).where(eq(allianceMeetings.id, m.id));
    const { from, to } = await transition(
      tx,
      meetingFlow,
      m.itemId,
      'approve_minutes',
      { actorId: actor.userId, actingAs: role },
      {
        awaiting: null,
        payload: { tasks: input.tasks.length },
        ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
      },
    );
    for (const t of input.tasks)
      await createTask(
        tx,
        ctx,
        { actorId: actor.userId, actingAs: role },
        {
          body,
          title: t.title,
          responsibleId: t.responsibleId,
          dueOn: t.dueOn,
          source: 'minutes',
          meetingId: m.id,
        },
      );
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.meeting_approve_minutes',
        entityType: 'alliance_meeting',
        entityId: m.id,
        unitPath: null,
        changes: diff(
          { state: from, minutes: m.minutes },
          { state: to, minutes: input.minutes, tasks: input.tasks.length },
        ),
      },
    );
  });
}

export async function cancelMeeting(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  input: z.infer<typeof ActionBody>,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const { m, body } = await requireMeeting(ctx.db, id);
  const role = requireConvener(aa, body);
  await ctx.db.transaction(async (tx) => {
    const { item, from, to } = await transition(
      tx,
      meetingFlow,
      m.itemId,
      'cancel',
      { actorId: actor.userId, actingAs: role },
      { comment: input.comment ?? null, awaiting: null },
    );
    const agenda = await agendaTitles(tx, m.id);
    const { people, ics } = await invitation(tx, ctx, m, body, 'CANCEL', item.version, agenda);
    await notify(
      tx,
      ctx,
      people.map((p) => p.email),
      {
        kind: 'meeting_cancelled',
        subject: `${body.code} · ${m.title}`,
        detail: input.comment ?? '',
        link: `/alianza/sesiones/${m.id}`,
        attachments: [
          { filename: 'cancelacion.ics', contentType: 'text/calendar; method=CANCEL', content: ics },
        ],
      },
    );
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.meeting_cancel',
        entityType: 'alliance_meeting',
        entityId: m.id,
        unitPath: null,
        changes: diff({ state: from }, { state: to, reason: input.comment ?? null }),
      },
    );
  });
}

async function agendaTitles(db: Executor, meetingId: string): Promise<string[]> {
  const rows = await db
    .select({ title: allianceAgendaItems.title })
    .from(allianceAgendaItems)
    .where(eq(allianceAgendaItems.meetingId, meetingId))
    .orderBy(asc(allianceAgendaItems.position));
  return rows.map((r) => r.title);
}

export async function meetingIcsFor(db: Db, ctx: AppContext, actor: Actor, id: string): Promise<string> {
  const aa = await allianceActor(db, actor);
  const { m, body } = await requireMeeting(db, id);
  requireRead(aa, body);
  const item = await requireItem(db, m.itemId);
  const agenda = await agendaTitles(db, m.id);
  return (
    await invitation(
      db,
      ctx,
      m,
      body,
      item.state === 'cancelled' ? 'CANCEL' : 'REQUEST',
      item.version,
      agenda,
    )
  ).ics;
}

export async function getMeeting(db: Db, actor: Actor, id: string): Promise<z.infer<typeof MeetingDetail>> {
  const aa = await allianceActor(db, actor);
  const { m, body } = await requireMeeting(db, id);
  requireRead(aa, body);
  const item = await requireItem(db, m.itemId);
  const agenda = await db
    .select()
    .from(allianceAgendaItems)
    .where(eq(allianceAgendaItems.meetingId, m.id))
    .orderBy(asc(allianceAgendaItems.position));
  const linked = agenda.map((a) => a.synthesisId).filter((x): x is string => !!x);
  const synths = linked.length ? await synthesesById(db, linked) : new Map();
  const attendance = await db
    .select({
      userId: allianceAttendance.userId,
      side: allianceAttendance.side,
      present: allianceAttendance.present,
      name: users.name,
    })
    .from(allianceAttendance)
    .innerJoin(users, eq(users.id, allianceAttendance.userId))
    .where(eq(allianceAttendance.meetingId, m.id));
  const taskIds = await db
    .select({ id: allianceTasks.id })
    .from(allianceTasks)
    .where(eq(allianceTasks.meetingId, m.id));
  return {
    ...summary(m, item.state, body),
    place: m.place,
    link: m.link,
    minutes: m.minutes,
    agenda: agenda.map((a) => ({
      position: a.position,
      title: a.title,
      synthesis: a.synthesisId ? (synths.get(a.synthesisId) ?? null) : null,
    })),
    attendance: attendance
      .map((a) => ({ person: { id: a.userId, name: a.name }, side: a.side, present: a.present }))
      .sort((x, y) => x.side.localeCompare(y.side) || x.person.name.localeCompare(y.person.name, 'es')),
    quorum: quorum(attendance),
    parity: await bodyParity(db, body),
    tasks: await taskSummaries(
      db,
      taskIds.map((t) => t.id),
    ),
    decisions: await decisionInfos(db, { meetingId: m.id }),
    workflow: await workflowInfo(db, meetingFlow, item, () => allowed(() => requireConvener(aa, body))),
    can: {
      manage: allowed(() => requireConvener(aa, body)),
      decide:
        body.kind === 'commission' && item.state === 'held' && allowed(() => requireCommission(aa, body)),
    },
  };
}

async function synthesesById(db: Executor, ids: string[]) {
  const rows = await db
    .select({ bodyId: allianceSyntheses.bodyId })
    .from(allianceSyntheses)
    .where(inArray(allianceSyntheses.id, ids));
  const list = await listSyntheses(db, [...new Set(rows.map((r) => r.bodyId))]);
  return new Map(list.filter((s) => ids.includes(s.id)).map((s) => [s.id, s]));
}
