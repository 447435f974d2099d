import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { ActionBody, ResolutionDetail, ResolutionSummary } from '../../../contract/alliance.ts';
import type { AppContext } from '../../context.ts';
import { diff, recordAudit } from '../../platform/audit/service.ts';
import type { Db, Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { dbTimeIso } from '../../platform/time.ts';
import { transition } from '../../platform/workflow/engine.ts';
import { workflowItems } from '../../platform/workflow/schema.ts';
import {
  allowed,
  type Body,
  bodyEmails,
  bodyRefs,
  refOf,
  requireBody,
  requireItem,
  workflowInfo,
} from './common.ts';
import { listMetas } from './metas.ts';
import { notify } from './notify.ts';
import {
  type AllianceActor,
  allianceActor,
  awaitOfficers,
  requireEjeOfficer,
  requireRead,
  requireSecretariat,
} from './policy.ts';
import {
  allianceDecisions,
  allianceDocuments,
  allianceMeetings,
  allianceObservations,
  allianceResolutions,
  allianceSyntheses,
  allianceSynthesisDocuments,
  allianceTasks,
} from './schema.ts';
import { bundledDocuments, decisionInfo } from './syntheses.ts';
import { createObservationTask, taskSummaries } from './tasks.ts';
import { resolutionFlow } from './workflows.ts';

type Resolution = typeof allianceResolutions.$inferSelect;

export async function resolutionSummaries(
  db: Executor,
  ids: string[],
): Promise<z.infer<typeof ResolutionSummary>[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ r: allianceResolutions, item: workflowItems })
    .from(allianceResolutions)
    .innerJoin(workflowItems, eq(workflowItems.id, allianceResolutions.itemId))
    .where(inArray(allianceResolutions.id, ids))
    .orderBy(desc(allianceResolutions.year), desc(allianceResolutions.seq));
  return toSummaries(db, rows);
}

async function toSummaries(
  db: Executor,
  rows: { r: Resolution; item: typeof workflowItems.$inferSelect }[],
): Promise<z.infer<typeof ResolutionSummary>[]> {
  const bodies = await bodyRefs(
    db,
    rows.map((x) => x.r.bodyId),
  );
  const supersededIds = rows.map((x) => x.r.supersedesId).filter((x): x is string => !!x);
  const old = supersededIds.length
    ? await db
        .select({ id: allianceResolutions.id, number: allianceResolutions.number })
        .from(allianceResolutions)
        .where(inArray(allianceResolutions.id, supersededIds))
    : [];
  return rows.map(({ r, item }) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    body: refOf(bodies.get(r.bodyId) as Body),
    state: item.state,
    published: r.published,
    issuedAt: dbTimeIso(r.issuedAt),
    supersedes: old.find((o) => o.id === r.supersedesId) ?? null,
  }));
}

/** Resolutions addressed to the given ejes (a mesa sees its eje's). */
export async function listResolutions(db: Executor, _aa: AllianceActor, bodyIds: number[]) {
  if (bodyIds.length === 0) return [];
  const bodies = await bodyRefs(db, bodyIds);
  const ejeIds = new Set<number>();
  for (const b of bodies.values()) {
    if (b.kind === 'eje') ejeIds.add(b.id);
    if (b.kind === 'mesa' && b.parentId) ejeIds.add(b.parentId);
  }
  const all = [...bodies.values()].some((b) => b.kind === 'commission' || b.kind === 'secretariat');
  const rows = await db
    .select({ r: allianceResolutions, item: workflowItems })
    .from(allianceResolutions)
    .innerJoin(workflowItems, eq(workflowItems.id, allianceResolutions.itemId))
    .where(all ? undefined : inArray(allianceResolutions.bodyId, [...ejeIds, -1]))
    .orderBy(desc(allianceResolutions.year), desc(allianceResolutions.seq));
  return toSummaries(db, rows);
}

async function requireResolution(db: Executor, id: string): Promise<{ r: Resolution; body: Body }> {
  const [r] = await db.select().from(allianceResolutions).where(eq(allianceResolutions.id, id));
  if (!r) throw new AppError(404, 'not_found');
  return { r, body: await requireBody(db, r.bodyId) };
}

type ResAction = keyof typeof resolutionFlow.transitions;

function resPolicy(aa: AllianceActor, body: Body, action: ResAction): string {
  return action === 'distribute' ? requireSecretariat(aa, body) : requireEjeOfficer(aa, body);
}

/**
 * Resolutions flow back: the secretariat distributes to the eje coordination; the eje coordination
 * informs its mesas, and each observation becomes a follow-up task of the mesa it names.
 */
export async function resolutionAction(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  action: ResAction,
  input: z.infer<typeof ActionBody>,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const { r, body } = await requireResolution(ctx.db, id);
  requireRead(aa, body);
  const role = resPolicy(aa, body, action);
  await ctx.db.transaction(async (tx) => {
    const { from, to } = await transition(
      tx,
      resolutionFlow,
      r.itemId,
      action,
      { actorId: actor.userId, actingAs: role },
      {
        comment: input.comment ?? null,
        awaiting: action === 'distribute' ? awaitOfficers(body.id) : null,
        ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
      },
    );
    const link = `/alianza/resoluciones/${r.id}`;
    if (action === 'distribute') {
      await notify(tx, ctx, await bodyEmails(tx, body.id, true), {
        kind: 'resolution_distributed',
        subject: `${r.number} ${r.title}`,
        link,
      });
    } else {
      const observations = await tx
        .select()
        .from(allianceObservations)
        .where(eq(allianceObservations.resolutionId, r.id))
        .orderBy(asc(allianceObservations.position));
      for (const o of observations) await createObservationTask(tx, ctx, actor, role, r, o);
      const mesas = new Set(observations.map((o) => o.bodyId));
      // The mesas whose documents the resolution rests on hear of it too, observation or not.
      const docMesas = await tx
        .selectDistinct({ bodyId: allianceDocuments.bodyId })
        .from(allianceSynthesisDocuments)
        .innerJoin(allianceDocuments, eq(allianceDocuments.id, allianceSynthesisDocuments.documentId))
        .where(eq(allianceSynthesisDocuments.synthesisId, r.synthesisId));
      for (const row of docMesas) mesas.add(row.bodyId);
      for (const mesaId of mesas)
        await notify(tx, ctx, await bodyEmails(tx, mesaId, false), {
          kind: 'resolution_informed',
          subject: `${r.number} ${r.title}`,
          link,
        });
    }
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: `alliance.resolution_${action}`,
        entityType: 'alliance_resolution',
        entityId: r.id,
        unitPath: null,
        changes: diff({ state: from }, { state: to }),
      },
    );
  });
}

/** A resolution is never edited: the answer is always a refusal that says how to supersede it. */
export async function refuseResolutionEdit(db: Db, actor: Actor, id: string): Promise<never> {
  const aa = await allianceActor(db, actor);
  const { body } = await requireResolution(db, id);
  requireRead(aa, body);
  throw new AppError(409, 'alliance_resolution_immutable');
}

export async function getResolution(
  db: Db,
  actor: Actor,
  id: string,
): Promise<z.infer<typeof ResolutionDetail>> {
  const aa = await allianceActor(db, actor);
  const { r, body } = await requireResolution(db, id);
  requireRead(aa, body);
  return resolutionDetail(db, r, body, (a) => allowed(() => resPolicy(aa, body, a)));
}

export async function resolutionDetail(
  db: Executor,
  r: Resolution,
  body: Body,
  mayTake: (a: ResAction) => boolean,
): Promise<z.infer<typeof ResolutionDetail>> {
  const item = await requireItem(db, r.itemId);
  const [summary] = await resolutionSummaries(db, [r.id]);
  const [dm] = await db
    .select({ d: allianceDecisions, m: allianceMeetings })
    .from(allianceDecisions)
    .innerJoin(allianceMeetings, eq(allianceMeetings.id, allianceDecisions.meetingId))
    .where(eq(allianceDecisions.id, r.decisionId));
  const [s] = await db
    .select({ s: allianceSyntheses, item: workflowItems })
    .from(allianceSyntheses)
    .innerJoin(workflowItems, eq(workflowItems.id, allianceSyntheses.itemId))
    .where(eq(allianceSyntheses.id, r.synthesisId));
  if (!summary || !dm || !s) throw new Error(`resolution ${r.id}: lineage incomplete`);
  const observations = await db
    .select()
    .from(allianceObservations)
    .where(eq(allianceObservations.resolutionId, r.id))
    .orderBy(asc(allianceObservations.position));
  const obsBodies = await bodyRefs(
    db,
    observations.map((o) => o.bodyId),
  );
  const tasks = observations.length
    ? await db
        .select({ id: allianceTasks.id, observationId: allianceTasks.observationId })
        .from(allianceTasks)
        .where(
          inArray(
            allianceTasks.observationId,
            observations.map((o) => o.id),
          ),
        )
    : [];
  const taskList = await taskSummaries(
    db,
    tasks.map((t) => t.id),
  );
  const documents = await bundledDocuments(db, r.synthesisId);
  const mesaIds = [...new Set([...documents.map((d) => d.body.id), ...observations.map((o) => o.bodyId)])];
  const later = await db
    .select({ id: allianceResolutions.id, number: allianceResolutions.number })
    .from(allianceResolutions)
    .where(eq(allianceResolutions.supersedesId, r.id));
  return {
    ...summary,
    text: r.text,
    decision: decisionInfo(dm.d, dm.m),
    synthesis: {
      id: s.s.id,
      title: s.item.title,
      body: refOf(body),
      state: s.item.state,
      updatedAt: dbTimeIso(s.item.updatedAt),
    },
    documents,
    observations: observations.map((o) => {
      const t = tasks.find((x) => x.observationId === o.id);
      return {
        id: o.id,
        body: refOf(obsBodies.get(o.bodyId) as Body),
        text: o.text,
        task: (t && taskList.find((x) => x.id === t.id)) ?? null,
      };
    }),
    metas: await listMetas(db, mesaIds),
    supersededBy: later,
    workflow: await workflowInfo(db, resolutionFlow, item, mayTake),
  };
}
