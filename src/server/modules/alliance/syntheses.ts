import { and, asc, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  ActionBody,
  CreateSynthesisBody,
  DecisionBody,
  DecisionInfo,
  ReviseSynthesisBody,
  ScheduleBody,
  SynthesisDetail,
  SynthesisSummary,
} from '../../../contract/alliance.ts';
import type { AppContext } from '../../context.ts';
import { diff, recordAudit } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Db, Executor, Tx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { dbTimeIso, todayMx } from '../../platform/time.ts';
import { appendEvent, createItem, lockItem, transition } from '../../platform/workflow/engine.ts';
import { workflowItems } from '../../platform/workflow/schema.ts';
import { bodyParity } from './bodies.ts';
import {
  allowed,
  type Body,
  bodiesOfKind,
  bodyEmails,
  bodyRefs,
  refOf,
  requireBody,
  requireItem,
  workflowInfo,
} from './common.ts';
import { notify } from './notify.ts';
import {
  type AllianceActor,
  AWAIT_COMMISSION,
  AWAIT_SECRETARIAT,
  allianceActor,
  awaitOfficers,
  requireCommission,
  requireOfficer,
  requireRead,
  requireSecretariat,
} from './policy.ts';
import { resolutionSummaries } from './resolutions.ts';
import { decisionProblem, quorum, resolutionNumber } from './rules.ts';
import {
  allianceAgendaItems,
  allianceAttendance,
  allianceDecisions,
  allianceDocuments,
  allianceDocumentVersions,
  allianceMeetings,
  allianceObservations,
  allianceResolutions,
  allianceSyntheses,
  allianceSynthesisDocuments,
} from './schema.ts';
import { meetingFlow, resolutionFlow, synthesisFlow } from './workflows.ts';

type Synthesis = typeof allianceSyntheses.$inferSelect;

export async function listSyntheses(
  db: Executor,
  bodyIds: number[],
): Promise<z.infer<typeof SynthesisSummary>[]> {
  if (bodyIds.length === 0) return [];
  const rows = await db
    .select({ s: allianceSyntheses, item: workflowItems })
    .from(allianceSyntheses)
    .innerJoin(workflowItems, eq(workflowItems.id, allianceSyntheses.itemId))
    .where(inArray(allianceSyntheses.bodyId, bodyIds))
    .orderBy(desc(workflowItems.updatedAt));
  const bodies = await bodyRefs(
    db,
    rows.map((r) => r.s.bodyId),
  );
  return rows.map((r) => ({
    id: r.s.id,
    title: r.item.title,
    body: refOf(bodies.get(r.s.bodyId) as Body),
    state: r.item.state,
    updatedAt: dbTimeIso(r.item.updatedAt),
  }));
}

async function requireSynthesis(db: Executor, id: string): Promise<{ s: Synthesis; body: Body }> {
  const [s] = await db.select().from(allianceSyntheses).where(eq(allianceSyntheses.id, id));
  if (!s) throw new AppError(404, 'not_found');
  return { s, body: await requireBody(db, s.bodyId) };
}

/** The eje coordination bundles validated documents of its mesas into an executive synthesis. */
export async function createSynthesis(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  bodyId: number,
  input: z.infer<typeof CreateSynthesisBody>,
): Promise<{ id: string }> {
  const aa = await allianceActor(ctx.db, actor);
  const eje = await requireBody(ctx.db, bodyId);
  if (eje.kind !== 'eje') throw new AppError(422, 'alliance_parent_kind', { kind: 'synthesis' });
  const role = requireOfficer(aa, eje);
  return ctx.db.transaction(async (tx) => {
    const versions = await pinnableVersions(tx, eje, input.documentIds);
    const item = await createItem(
      tx,
      synthesisFlow,
      { title: input.title, scopePath: eje.path, awaiting: awaitOfficers(eje.id) },
      { actorId: actor.userId, actingAs: role },
    );
    const [s] = await tx
      .insert(allianceSyntheses)
      .values({
        itemId: item.id,
        bodyId: eje.id,
        summary: input.summary,
        recommendations: input.recommendations,
        createdBy: actor.userId,
      })
      .returning();
    if (!s) throw new Error('synthesis insert failed');
    await tx
      .insert(allianceSynthesisDocuments)
      .values(
        versions.map((v) => ({ synthesisId: s.id, documentId: v.documentId, versionNumber: v.n ?? 1 })),
      );
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.synthesis_create',
        entityType: 'alliance_synthesis',
        entityId: s.id,
        unitPath: null,
        changes: diff(null, {
          title: input.title,
          documents: versions.map((v) => `${v.documentId}@v${v.n}`),
        }),
      },
    );
    return { id: s.id };
  });
}

/** The latest versions of the given documents, each a validated document of a mesa of this eje (else 422). */
async function pinnableVersions(tx: Tx, eje: Body, documentIds: string[]) {
  const docs = await tx
    .select({ doc: allianceDocuments, item: workflowItems })
    .from(allianceDocuments)
    .innerJoin(workflowItems, eq(workflowItems.id, allianceDocuments.itemId))
    .where(inArray(allianceDocuments.id, documentIds));
  const mesas = await bodyRefs(
    tx,
    docs.map((d) => d.doc.bodyId),
  );
  for (const id of documentIds) {
    const d = docs.find((x) => x.doc.id === id);
    const mesa = d ? mesas.get(d.doc.bodyId) : undefined;
    if (!d || !mesa?.path.startsWith(eje.path) || d.item.state !== 'validated') {
      throw new AppError(422, 'alliance_document_not_validated');
    }
  }
  return tx
    .select({ documentId: allianceDocumentVersions.documentId, n: max(allianceDocumentVersions.number) })
    .from(allianceDocumentVersions)
    .where(inArray(allianceDocumentVersions.documentId, documentIds))
    .groupBy(allianceDocumentVersions.documentId);
}

/**
 * The eje revises a synthesis the commission returned (or one not yet sent): its text and,
 * optionally, the documents it bundles (re-pinned to their latest validated versions). The
 * previous text and documents stay in the timeline event; the decision that returned it keeps its
 * own record.
 */
export async function reviseSynthesis(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  input: z.infer<typeof ReviseSynthesisBody>,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const { s, body } = await requireSynthesis(ctx.db, id);
  requireRead(aa, body);
  const role = requireOfficer(aa, body);
  await ctx.db.transaction(async (tx) => {
    const item = await lockItem(tx, synthesisFlow, s.itemId);
    if (item.state !== 'draft' && item.state !== 'returned') {
      throw new AppError(409, 'workflow_action_invalid', { action: 'revise', state: item.state });
    }
    if (input.expectedVersion !== undefined && input.expectedVersion !== item.version) {
      throw new AppError(409, 'workflow_stale');
    }
    const before = await tx
      .select()
      .from(allianceSynthesisDocuments)
      .where(eq(allianceSynthesisDocuments.synthesisId, s.id));
    if (input.documentIds) {
      const versions = await pinnableVersions(tx, body, input.documentIds);
      await tx.delete(allianceSynthesisDocuments).where(eq(allianceSynthesisDocuments.synthesisId, s.id));
      await tx
        .insert(allianceSynthesisDocuments)
        .values(
          versions.map((v) => ({ synthesisId: s.id, documentId: v.documentId, versionNumber: v.n ?? 1 })),
        );
    }
    await tx
      .update(allianceSyntheses)
      .set({ summary: input.summary, recommendations: input.recommendations })
      .where(eq(allianceSyntheses.id, s.id));
    await tx.update(workflowItems).set({ title: input.title }).where(eq(workflowItems.id, item.id));
    await appendEvent(
      tx,
      item.id,
      'revise',
      { actorId: actor.userId, actingAs: role },
      {
        payload: {
          previous: {
            title: item.title,
            summary: s.summary,
            recommendations: s.recommendations,
            documents: before.map((d) => `${d.documentId}@v${d.versionNumber}`),
          },
        },
      },
    );
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.synthesis_revise',
        entityType: 'alliance_synthesis',
        entityId: s.id,
        unitPath: null,
        changes: diff(
          { title: item.title, summary: s.summary, recommendations: s.recommendations },
          { title: input.title, summary: input.summary, recommendations: input.recommendations },
        ),
      },
    );
  });
}

/** The eje sends its synthesis to the Comisión Rectora through the Secretariado Técnico. */
export async function sendSynthesis(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  input: z.infer<typeof ActionBody>,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const { s, body } = await requireSynthesis(ctx.db, id);
  requireRead(aa, body);
  const role = requireOfficer(aa, body);
  await ctx.db.transaction(async (tx) => {
    const { item, from, to } = await transition(
      tx,
      synthesisFlow,
      s.itemId,
      'send',
      { actorId: actor.userId, actingAs: role },
      { comment: input.comment ?? null, awaiting: AWAIT_SECRETARIAT, ...version(input) },
    );
    const [secretariat] = await bodiesOfKind(tx, 'secretariat');
    if (secretariat)
      await notify(tx, ctx, await bodyEmails(tx, secretariat.id, false), {
        kind: 'synthesis_sent',
        subject: `${body.code} · ${item.title}`,
        link: `/alianza/sintesis/${s.id}`,
      });
    await audit(tx, actor, role, meta, 'send', s.id, body, from, to, input.comment);
  });
}

function version(input: { expectedVersion?: number | undefined }) {
  return input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {};
}

async function audit(
  tx: Tx,
  actor: Actor,
  role: string,
  meta: RequestMeta,
  action: string,
  id: string,
  _body: Body,
  from: string,
  to: string,
  comment: string | undefined,
  extra: Record<string, unknown> = {},
) {
  await recordAudit(
    tx,
    { actor, role, meta },
    {
      action: `alliance.synthesis_${action}`,
      entityType: 'alliance_synthesis',
      entityId: id,
      unitPath: null,
      changes: diff({ state: from }, { state: to, ...(comment ? { comment } : {}), ...extra }),
    },
  );
}

/** The secretariat places a sent synthesis on the agenda of a convened commission session. */
export async function scheduleSynthesis(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  input: z.infer<typeof ScheduleBody>,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const { s, body } = await requireSynthesis(ctx.db, id);
  const role = requireSecretariat(aa, body);
  const [meeting] = await ctx.db
    .select()
    .from(allianceMeetings)
    .where(eq(allianceMeetings.id, input.meetingId));
  if (!meeting) throw new AppError(404, 'not_found');
  const meetingBody = await requireBody(ctx.db, meeting.bodyId);
  if (meetingBody.kind !== 'commission') throw new AppError(422, 'alliance_meeting_not_commission');
  await ctx.db.transaction(async (tx) => {
    const mItem = await lockItem(tx, meetingFlow, meeting.itemId);
    if (mItem.state !== 'convened') throw new AppError(409, 'alliance_meeting_closed');
    const { item, from, to } = await transition(
      tx,
      synthesisFlow,
      s.itemId,
      'schedule',
      { actorId: actor.userId, actingAs: role },
      { awaiting: AWAIT_COMMISSION, payload: { meetingId: meeting.id }, ...version(input) },
    );
    const [last] = await tx
      .select({ n: max(allianceAgendaItems.position) })
      .from(allianceAgendaItems)
      .where(eq(allianceAgendaItems.meetingId, meeting.id));
    await tx.insert(allianceAgendaItems).values({
      meetingId: meeting.id,
      position: (last?.n ?? 0) + 1,
      title: `${body.code} · ${item.title}`,
      synthesisId: s.id,
    });
    await tx.update(allianceSyntheses).set({ meetingId: meeting.id }).where(eq(allianceSyntheses.id, s.id));
    await notify(tx, ctx, await bodyEmails(tx, meeting.bodyId, false), {
      kind: 'synthesis_scheduled',
      subject: `${body.code} · ${item.title} — ${meeting.title}`,
      link: `/alianza/sesiones/${meeting.id}`,
    });
    await audit(tx, actor, role, meta, 'schedule', s.id, body, from, to, undefined, {
      meetingId: meeting.id,
    });
  });
}

const OUTCOME_ACTION = {
  approved: 'approve',
  approved_with_observations: 'approve',
  returned: 'return',
  rejected: 'reject',
  deferred: 'defer',
} as const;

/**
 * The commission decides on a synthesis at a held session: by consensus, with each side's position.
 * Refused when the commission breaks parity, the session lacked quorum, or an approval lacks either
 * side's agreement. An approval issues the next numbered resolution; its observations go with it.
 */
export async function decide(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  input: z.infer<typeof DecisionBody>,
): Promise<{ decisionId: string; resolutionId: string | null }> {
  const aa = await allianceActor(ctx.db, actor);
  const { s, body } = await requireSynthesis(ctx.db, id);
  const role = requireCommission(aa, body);
  if (!s.meetingId) throw new AppError(409, 'workflow_action_invalid', { action: 'decide', state: 'sent' });
  const [meeting] = await ctx.db.select().from(allianceMeetings).where(eq(allianceMeetings.id, s.meetingId));
  if (!meeting) throw new AppError(404, 'not_found');
  const commission = await requireBody(ctx.db, meeting.bodyId);
  const observationBodies = await bodyRefs(
    ctx.db,
    input.observations.map((o) => o.bodyId),
  );
  for (const o of input.observations) {
    const b = observationBodies.get(o.bodyId);
    if (b?.kind !== 'mesa' || !b.path.startsWith(body.path))
      throw new AppError(422, 'alliance_observation_body');
  }
  let superseded: typeof allianceResolutions.$inferSelect | undefined;
  if (input.supersedesResolutionId) {
    [superseded] = await ctx.db
      .select()
      .from(allianceResolutions)
      .where(eq(allianceResolutions.id, input.supersedesResolutionId));
    if (!superseded) throw new AppError(422, 'alliance_supersedes_unknown');
  }
  return ctx.db.transaction(async (tx) => {
    const mItem = await lockItem(tx, meetingFlow, meeting.itemId);
    if (mItem.state !== 'held') throw new AppError(409, 'alliance_meeting_not_held');
    const attendance = await tx
      .select({
        userId: allianceAttendance.userId,
        side: allianceAttendance.side,
        present: allianceAttendance.present,
        name: users.name,
      })
      .from(allianceAttendance)
      .innerJoin(users, eq(users.id, allianceAttendance.userId))
      .where(eq(allianceAttendance.meetingId, meeting.id));
    const problem = decisionProblem({
      parity: await bodyParity(tx, commission),
      quorum: quorum(attendance),
      outcome: input.outcome,
      sep: input.sepPosition,
      snte: input.sntePosition,
      observations: input.observations.length,
    });
    if (problem) throw new AppError(422, `alliance_decision_${problem}`);
    const action = OUTCOME_ACTION[input.outcome];
    const { item, from, to } = await transition(
      tx,
      synthesisFlow,
      s.itemId,
      action,
      { actorId: actor.userId, actingAs: role },
      {
        comment: input.reasons,
        ...version(input),
        awaiting:
          action === 'return' ? awaitOfficers(body.id) : action === 'defer' ? AWAIT_SECRETARIAT : null,
        payload: { outcome: input.outcome, sep: input.sepPosition, snte: input.sntePosition },
      },
    );
    const [decision] = await tx
      .insert(allianceDecisions)
      .values({
        synthesisId: s.id,
        meetingId: meeting.id,
        outcome: input.outcome,
        method: 'consensus',
        sepPosition: input.sepPosition,
        sntePosition: input.sntePosition,
        reasons: input.reasons,
        present: attendance
          .filter((a) => a.present === true)
          .map((a) => ({ userId: a.userId, name: a.name, side: a.side })),
        recordedBy: actor.userId,
      })
      .returning();
    if (!decision) throw new Error('decision insert failed');
    if (action === 'defer')
      await tx.update(allianceSyntheses).set({ meetingId: null }).where(eq(allianceSyntheses.id, s.id));
    let resolutionId: string | null = null;
    if (action === 'approve') {
      // One numbering sequence per year across all processes: taken under a transaction-scoped lock.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('alliance_resolution_number'))`);
      const year = Number(todayMx().slice(0, 4));
      const [last] = await tx
        .select({ n: max(allianceResolutions.seq) })
        .from(allianceResolutions)
        .where(eq(allianceResolutions.year, year));
      const seq = (last?.n ?? 0) + 1;
      const number = resolutionNumber(year, seq);
      const rItem = await createItem(
        tx,
        resolutionFlow,
        {
          title: `${number} ${input.resolutionTitle || item.title}`,
          scopePath: body.path,
          awaiting: AWAIT_SECRETARIAT,
        },
        { actorId: actor.userId, actingAs: role },
      );
      const [res] = await tx
        .insert(allianceResolutions)
        .values({
          itemId: rItem.id,
          number,
          year,
          seq,
          decisionId: decision.id,
          synthesisId: s.id,
          bodyId: body.id,
          title: input.resolutionTitle || item.title,
          text: input.resolutionText || input.reasons,
          published: input.publish,
          supersedesId: superseded?.id ?? null,
        })
        .returning();
      if (!res) throw new Error('resolution insert failed');
      resolutionId = res.id;
      if (input.observations.length)
        await tx.insert(allianceObservations).values(
          input.observations.map((o, i) => ({
            resolutionId: res.id,
            bodyId: o.bodyId,
            text: o.text,
            position: i + 1,
          })),
        );
      await recordAudit(
        tx,
        { actor, role, meta },
        {
          action: 'alliance.resolution_issue',
          entityType: 'alliance_resolution',
          entityId: res.id,
          unitPath: null,
          changes: diff(null, {
            number,
            title: res.title,
            published: res.published,
            observations: input.observations.length,
            supersedes: superseded?.number ?? null,
          }),
        },
      );
    }
    await notify(tx, ctx, await bodyEmails(tx, body.id, true), {
      kind: 'synthesis_decided',
      subject: `${body.code} · ${item.title}`,
      detail: input.reasons,
      link: `/alianza/sintesis/${s.id}`,
    });
    await audit(tx, actor, role, meta, 'decide', s.id, body, from, to, undefined, {
      outcome: input.outcome,
      sepPosition: input.sepPosition,
      sntePosition: input.sntePosition,
      decisionId: decision.id,
    });
    return { decisionId: decision.id, resolutionId };
  });
}

export async function decisionInfos(db: Executor, where: { synthesisId?: string; meetingId?: string }) {
  const rows = await db
    .select({ d: allianceDecisions, m: allianceMeetings })
    .from(allianceDecisions)
    .innerJoin(allianceMeetings, eq(allianceMeetings.id, allianceDecisions.meetingId))
    .where(
      where.synthesisId
        ? eq(allianceDecisions.synthesisId, where.synthesisId)
        : eq(allianceDecisions.meetingId, where.meetingId ?? ''),
    )
    .orderBy(asc(allianceDecisions.decidedAt));
  return rows.map(({ d, m }) => ({
    ...decisionInfo(d, m),
    synthesisId: d.synthesisId,
  }));
}

export function decisionInfo(
  d: typeof allianceDecisions.$inferSelect,
  m: typeof allianceMeetings.$inferSelect,
): z.infer<typeof DecisionInfo> {
  return {
    id: d.id,
    outcome: d.outcome,
    method: 'consensus',
    sepPosition: d.sepPosition,
    sntePosition: d.sntePosition,
    reasons: d.reasons,
    present: d.present as { userId: string; name: string; side: 'sep' | 'snte' }[],
    meeting: { id: m.id, title: m.title, startsAt: dbTimeIso(m.startsAt) },
    decidedAt: dbTimeIso(d.decidedAt),
  };
}

export async function bundledDocuments(db: Executor, synthesisId: string) {
  const rows = await db
    .select({ link: allianceSynthesisDocuments, doc: allianceDocuments, item: workflowItems })
    .from(allianceSynthesisDocuments)
    .innerJoin(allianceDocuments, eq(allianceDocuments.id, allianceSynthesisDocuments.documentId))
    .innerJoin(workflowItems, eq(workflowItems.id, allianceDocuments.itemId))
    .where(eq(allianceSynthesisDocuments.synthesisId, synthesisId));
  const bodies = await bodyRefs(
    db,
    rows.map((r) => r.doc.bodyId),
  );
  // The title of the version the synthesis pinned, not the document's latest.
  const versions = rows.length
    ? await db
        .select()
        .from(allianceDocumentVersions)
        .where(
          inArray(
            allianceDocumentVersions.documentId,
            rows.map((r) => r.doc.id),
          ),
        )
    : [];
  return rows.map((r) => ({
    id: r.doc.id,
    title:
      versions.find((v) => v.documentId === r.doc.id && v.number === r.link.versionNumber)?.title ??
      r.item.title,
    kind: r.doc.kind,
    body: refOf(bodies.get(r.doc.bodyId) as Body),
    versionNumber: r.link.versionNumber,
  }));
}

type SynAction = keyof typeof synthesisFlow.transitions;

function synPolicy(aa: AllianceActor, body: Body, action: SynAction): string {
  if (action === 'send') return requireOfficer(aa, body);
  if (action === 'schedule') return requireSecretariat(aa, body);
  return requireCommission(aa, body);
}

export async function getSynthesis(
  db: Db,
  actor: Actor,
  id: string,
): Promise<z.infer<typeof SynthesisDetail>> {
  const aa = await allianceActor(db, actor);
  const { s, body } = await requireSynthesis(db, id);
  requireRead(aa, body);
  const item = await requireItem(db, s.itemId);
  const [meeting] = s.meetingId
    ? await db
        .select({ m: allianceMeetings, state: workflowItems.state })
        .from(allianceMeetings)
        .innerJoin(workflowItems, eq(workflowItems.id, allianceMeetings.itemId))
        .where(eq(allianceMeetings.id, s.meetingId))
    : [];
  const [resolution] = await db
    .select({ id: allianceResolutions.id })
    .from(allianceResolutions)
    .where(and(eq(allianceResolutions.synthesisId, s.id)))
    .orderBy(desc(allianceResolutions.issuedAt))
    .limit(1);
  const summaries = resolution ? await resolutionSummaries(db, [resolution.id]) : [];
  return {
    id: s.id,
    title: item.title,
    body: refOf(body),
    state: item.state,
    updatedAt: dbTimeIso(item.updatedAt),
    summary: s.summary,
    recommendations: s.recommendations,
    documents: await bundledDocuments(db, s.id),
    meeting: meeting
      ? {
          id: meeting.m.id,
          title: meeting.m.title,
          startsAt: dbTimeIso(meeting.m.startsAt),
          state: meeting.state,
        }
      : null,
    decisions: await decisionInfos(db, { synthesisId: s.id }),
    resolution: summaries[0] ?? null,
    // approve/return/reject/defer are offered as one decision form (POST …/decision).
    workflow: await workflowInfo(db, synthesisFlow, item, (a) => allowed(() => synPolicy(aa, body, a))),
  };
}

export { synPolicy };
