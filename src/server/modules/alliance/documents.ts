import { asc, desc, eq, inArray, max } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  ActionBody,
  CreateDeliverableBody,
  CreateDocumentBody,
  DeliverableInfo,
  DocumentDetail,
  DocumentSummary,
  NewVersionBody,
} from '../../../contract/alliance.ts';
import type { AppContext } from '../../context.ts';
import { diff, recordAudit } from '../../platform/audit/service.ts';
import type { Db, Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { dbTimeIso, todayMx } from '../../platform/time.ts';
import { appendEvent, createItem, lockItem, transition } from '../../platform/workflow/engine.ts';
import { workflowItems } from '../../platform/workflow/schema.ts';
import {
  allowed,
  type Body,
  bodyEmails,
  bodyRefs,
  itemsById,
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
  canRead,
  requireEjeOfficer,
  requireMember,
  requireOfficer,
  requireRead,
} from './policy.ts';
import {
  allianceDeliverables,
  allianceDocuments,
  allianceDocumentVersions,
  allianceSyntheses,
  allianceSynthesisDocuments,
} from './schema.ts';
import { documentFlow } from './workflows.ts';

type Document = typeof allianceDocuments.$inferSelect;
type Deliverable = typeof allianceDeliverables.$inferSelect;

function deliverableInfo(d: Deliverable, today: string): z.infer<typeof DeliverableInfo> {
  return {
    id: d.id,
    title: d.title,
    dueOn: d.dueOn,
    documentId: d.documentId,
    fulfilled: d.documentId !== null,
    overdue: d.documentId === null && d.dueOn < today,
  };
}

export async function listDeliverables(db: Executor, bodyId: number) {
  const today = todayMx();
  const rows = await db
    .select()
    .from(allianceDeliverables)
    .where(eq(allianceDeliverables.bodyId, bodyId))
    .orderBy(asc(allianceDeliverables.dueOn));
  return rows.map((d) => deliverableInfo(d, today));
}

/** Documents of the given bodies; a mesa's drafts are its own until submitted. */
export async function listDocuments(
  db: Executor,
  aa: AllianceActor,
  bodyIds: number[],
): Promise<z.infer<typeof DocumentSummary>[]> {
  if (bodyIds.length === 0) return [];
  const rows = await db
    .select({ doc: allianceDocuments, item: workflowItems })
    .from(allianceDocuments)
    .innerJoin(workflowItems, eq(workflowItems.id, allianceDocuments.itemId))
    .where(inArray(allianceDocuments.bodyId, bodyIds))
    .orderBy(desc(workflowItems.updatedAt));
  const bodies = await bodyRefs(
    db,
    rows.map((r) => r.doc.bodyId),
  );
  const counts = rows.length
    ? await db
        .select({ documentId: allianceDocumentVersions.documentId, n: max(allianceDocumentVersions.number) })
        .from(allianceDocumentVersions)
        .where(
          inArray(
            allianceDocumentVersions.documentId,
            rows.map((r) => r.doc.id),
          ),
        )
        .groupBy(allianceDocumentVersions.documentId)
    : [];
  const countBy = new Map(counts.map((c) => [c.documentId, c.n ?? 0]));
  return rows
    .filter((r) => r.item.state !== 'draft' || aa.admin || aa.seats.some((s) => s.bodyId === r.doc.bodyId))
    .map((r) => ({
      id: r.doc.id,
      kind: r.doc.kind,
      title: r.item.title,
      state: r.item.state,
      body: refOf(bodies.get(r.doc.bodyId) as Body),
      versions: countBy.get(r.doc.id) ?? 0,
      updatedAt: dbTimeIso(r.item.updatedAt),
    }));
}

export async function createDeliverable(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  bodyId: number,
  input: z.infer<typeof CreateDeliverableBody>,
): Promise<{ id: number }> {
  const aa = await allianceActor(ctx.db, actor);
  const body = await requireBody(ctx.db, bodyId);
  if (body.kind !== 'mesa') throw new AppError(422, 'alliance_parent_kind', { kind: 'deliverable' });
  const role = requireEjeOfficer(aa, body);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(allianceDeliverables)
      .values({ bodyId, title: input.title, dueOn: input.dueOn, setBy: actor.userId })
      .returning();
    if (!row) throw new Error('deliverable insert failed');
    await notify(tx, ctx, await bodyEmails(tx, bodyId, false), {
      kind: 'deliverable_set',
      subject: `${input.title} (${input.dueOn})`,
      link: `/alianza/organos/${bodyId}`,
    });
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.deliverable_set',
        entityType: 'alliance_deliverable',
        entityId: String(row.id),
        unitPath: null,
        changes: diff(null, { bodyId, title: input.title, dueOn: input.dueOn }),
      },
    );
    return { id: row.id };
  });
}

export async function createDocument(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  bodyId: number,
  input: z.infer<typeof CreateDocumentBody>,
): Promise<{ id: string }> {
  const aa = await allianceActor(ctx.db, actor);
  const body = await requireBody(ctx.db, bodyId);
  if (body.kind !== 'mesa') throw new AppError(422, 'alliance_parent_kind', { kind: 'document' });
  const role = requireMember(aa, body);
  let dueOn: string | null = null;
  if (input.deliverableId) {
    const [d] = await ctx.db
      .select()
      .from(allianceDeliverables)
      .where(eq(allianceDeliverables.id, input.deliverableId));
    if (!d || d.bodyId !== bodyId) throw new AppError(422, 'alliance_deliverable_mismatch');
    dueOn = d.dueOn;
  }
  return ctx.db.transaction(async (tx) => {
    const item = await createItem(
      tx,
      documentFlow,
      { title: input.title, scopePath: body.path, awaiting: awaitOfficers(body.id), dueOn },
      { actorId: actor.userId, actingAs: role },
    );
    const [doc] = await tx
      .insert(allianceDocuments)
      .values({ itemId: item.id, bodyId, kind: input.kind, deliverableId: input.deliverableId ?? null })
      .returning();
    if (!doc) throw new Error('document insert failed');
    await tx.insert(allianceDocumentVersions).values({
      documentId: doc.id,
      number: 1,
      title: input.title,
      body: input.body,
      authorId: actor.userId,
    });
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.document_create',
        entityType: 'alliance_document',
        entityId: doc.id,
        unitPath: null,
        changes: diff(null, { bodyId, kind: input.kind, title: input.title, version: 1 }),
      },
    );
    return { id: doc.id };
  });
}

async function requireDocument(db: Executor, id: string): Promise<{ doc: Document; body: Body }> {
  const [doc] = await db.select().from(allianceDocuments).where(eq(allianceDocuments.id, id));
  if (!doc) throw new AppError(404, 'not_found');
  return { doc, body: await requireBody(db, doc.bodyId) };
}

/** A mesa's draft is readable only inside the mesa (and by those who read everything). */
function requireDocumentRead(aa: AllianceActor, body: Body, state: string): void {
  requireRead(aa, body);
  if (state === 'draft' && !aa.readsAll && !aa.seats.some((s) => s.bodyId === body.id)) {
    throw new AppError(404, 'not_found');
  }
}

/** A new version while the mesa still holds the document (draft, or returned with observations). */
export async function addVersion(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  input: z.infer<typeof NewVersionBody>,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const { doc, body } = await requireDocument(ctx.db, id);
  const role = requireMember(aa, body);
  await ctx.db.transaction(async (tx) => {
    const item = await lockItem(tx, documentFlow, doc.itemId);
    if (item.state !== 'draft' && item.state !== 'returned') {
      throw new AppError(409, 'alliance_document_locked', { state: item.state });
    }
    const [last] = await tx
      .select({ n: max(allianceDocumentVersions.number) })
      .from(allianceDocumentVersions)
      .where(eq(allianceDocumentVersions.documentId, doc.id));
    const number = (last?.n ?? 0) + 1;
    await tx.insert(allianceDocumentVersions).values({
      documentId: doc.id,
      number,
      title: input.title,
      body: input.body,
      note: input.note,
      authorId: actor.userId,
    });
    await tx.update(workflowItems).set({ title: input.title }).where(eq(workflowItems.id, item.id));
    await appendEvent(
      tx,
      item.id,
      'new_version',
      { actorId: actor.userId, actingAs: role },
      {
        comment: input.note || null,
        payload: { version: number },
      },
    );
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.document_version',
        entityType: 'alliance_document',
        entityId: doc.id,
        unitPath: null,
        changes: diff({ version: number - 1, title: item.title }, { version: number, title: input.title }),
      },
    );
  });
}

type DocAction = keyof typeof documentFlow.transitions;

function docPolicy(aa: AllianceActor, body: Body, action: DocAction): string {
  return action === 'submit' ? requireOfficer(aa, body) : requireEjeOfficer(aa, body);
}

export async function documentAction(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  action: DocAction,
  input: z.infer<typeof ActionBody>,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const { doc, body } = await requireDocument(ctx.db, id);
  if (!canRead(aa, body)) throw new AppError(404, 'not_found');
  const role = docPolicy(aa, body, action);
  const eje = body.parentId ? await requireBody(ctx.db, body.parentId) : body;
  await ctx.db.transaction(async (tx) => {
    const awaiting =
      action === 'submit' ? awaitOfficers(eje.id) : action === 'return' ? awaitOfficers(body.id) : null;
    const { item, from, to } = await transition(
      tx,
      documentFlow,
      doc.itemId,
      action,
      { actorId: actor.userId, actingAs: role },
      {
        comment: input.comment ?? null,
        awaiting,
        ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
      },
    );
    if (action === 'validate' && doc.deliverableId) {
      await tx
        .update(allianceDeliverables)
        .set({ documentId: doc.id })
        .where(eq(allianceDeliverables.id, doc.deliverableId));
    }
    const link = `/alianza/documentos/${doc.id}`;
    if (action === 'submit')
      await notify(tx, ctx, await bodyEmails(tx, eje.id, true), {
        kind: 'document_submitted',
        subject: `${body.code} · ${item.title}`,
        link,
      });
    else
      await notify(tx, ctx, await bodyEmails(tx, body.id, action === 'validate'), {
        kind: action === 'return' ? 'document_returned' : 'document_validated',
        subject: `${body.code} · ${item.title}`,
        link,
        ...(input.comment ? { detail: input.comment } : {}),
      });
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: `alliance.document_${action}`,
        entityType: 'alliance_document',
        entityId: doc.id,
        unitPath: null,
        changes: diff(
          { state: from },
          { state: to, ...(input.comment ? { observations: input.comment } : {}) },
        ),
      },
    );
  });
}

export async function getDocument(db: Db, actor: Actor, id: string): Promise<z.infer<typeof DocumentDetail>> {
  const aa = await allianceActor(db, actor);
  const { doc, body } = await requireDocument(db, id);
  const item = await requireItem(db, doc.itemId);
  requireDocumentRead(aa, body, item.state);
  const versions = await db
    .select()
    .from(allianceDocumentVersions)
    .where(eq(allianceDocumentVersions.documentId, doc.id))
    .orderBy(desc(allianceDocumentVersions.number));
  const names = await peopleNames(
    db,
    versions.map((v) => v.authorId),
  );
  const [deliverable] = doc.deliverableId
    ? await db.select().from(allianceDeliverables).where(eq(allianceDeliverables.id, doc.deliverableId))
    : [];
  const bundled = await db
    .select({ s: allianceSyntheses })
    .from(allianceSynthesisDocuments)
    .innerJoin(allianceSyntheses, eq(allianceSyntheses.id, allianceSynthesisDocuments.synthesisId))
    .where(eq(allianceSynthesisDocuments.documentId, doc.id));
  const sItems = await itemsById(
    db,
    bundled.map((b) => b.s.itemId),
  );
  const sBodies = await bodyRefs(
    db,
    bundled.map((b) => b.s.bodyId),
  );
  return {
    id: doc.id,
    kind: doc.kind,
    title: item.title,
    state: item.state,
    body: refOf(body),
    versions: versions.length,
    updatedAt: dbTimeIso(item.updatedAt),
    deliverable: deliverable ? deliverableInfo(deliverable, todayMx()) : null,
    versionList: versions.map((v) => ({
      number: v.number,
      title: v.title,
      body: v.body,
      note: v.note,
      author: person(names, v.authorId),
      createdAt: dbTimeIso(v.createdAt),
    })),
    workflow: await workflowInfo(db, documentFlow, item, (a) => allowed(() => docPolicy(aa, body, a))),
    canEdit: (item.state === 'draft' || item.state === 'returned') && allowed(() => requireMember(aa, body)),
    syntheses: bundled.map((b) => {
      const it = sItems.get(b.s.itemId);
      return {
        id: b.s.id,
        title: it?.title ?? '',
        body: refOf(sBodies.get(b.s.bodyId) as Body),
        state: it?.state ?? '',
        updatedAt: it ? dbTimeIso(it.updatedAt) : '',
      };
    }),
  };
}
