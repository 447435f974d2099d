import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import type { z } from 'zod';
import type { MetaInfo, MetaInput, ProgressEntry, ProgressInput } from '../../../contract/alliance.ts';
import type { AppContext } from '../../context.ts';
import { diff, recordAudit } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Db, Executor, Tx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { dbTimeIso } from '../../platform/time.ts';
import { type Body, peopleNames, person, requireBody } from './common.ts';
import { notify } from './notify.ts';
import { allianceActor, requireEjeOfficer, requireMember, requireOfficer, requireRead } from './policy.ts';
import { metaMissing, progressPercent } from './rules.ts';
import { allianceFollows, allianceMetas, allianceObjectives, allianceProgress } from './schema.ts';

type Meta = typeof allianceMetas.$inferSelect;

function toInfo(
  m: Meta,
  latest: { period: string; value: number; reportedAt: string } | undefined,
): MetaInfo {
  return {
    id: m.id,
    bodyId: m.bodyId,
    objectiveId: m.objectiveId,
    title: m.title,
    indicator: m.indicator,
    unit: m.unit,
    baseline: m.baseline,
    target: m.target,
    dueOn: m.dueOn,
    responsible: m.responsible,
    normativeAnchor: m.normativeAnchor,
    status: m.status,
    missing: metaMissing(m),
    latest: latest
      ? {
          period: latest.period,
          value: latest.value,
          percent: progressPercent(m.baseline, m.target, latest.value),
          reportedAt: dbTimeIso(latest.reportedAt),
        }
      : null,
  };
}

/** Metas of the given bodies (not retired), each with its latest report. */
export async function listMetas(db: Executor, bodyIds: number[], onlyApproved = false): Promise<MetaInfo[]> {
  if (bodyIds.length === 0) return [];
  const metas = await db
    .select()
    .from(allianceMetas)
    .where(
      and(
        inArray(allianceMetas.bodyId, bodyIds),
        onlyApproved ? eq(allianceMetas.status, 'approved') : ne(allianceMetas.status, 'retired'),
      ),
    )
    .orderBy(asc(allianceMetas.bodyId), asc(allianceMetas.id));
  if (metas.length === 0) return [];
  const reports = await db
    .select()
    .from(allianceProgress)
    .where(
      inArray(
        allianceProgress.metaId,
        metas.map((m) => m.id),
      ),
    )
    .orderBy(desc(allianceProgress.period), desc(allianceProgress.reportedAt));
  const latest = new Map<number, (typeof reports)[number]>();
  for (const r of reports) if (!latest.has(r.metaId)) latest.set(r.metaId, r);
  return metas.map((m) => toInfo(m, latest.get(m.id)));
}

async function requireMeta(db: Executor, id: number): Promise<{ meta: Meta; body: Body }> {
  const [meta] = await db.select().from(allianceMetas).where(eq(allianceMetas.id, id));
  if (!meta) throw new AppError(404, 'not_found');
  return { meta, body: await requireBody(db, meta.bodyId) };
}

async function checkObjective(db: Executor, bodyId: number, objectiveId: number | null | undefined) {
  if (!objectiveId) return;
  const [o] = await db.select().from(allianceObjectives).where(eq(allianceObjectives.id, objectiveId));
  if (!o || o.bodyId !== bodyId) throw new AppError(422, 'alliance_objective_mismatch');
}

function fields(input: z.infer<typeof MetaInput>) {
  return {
    title: input.title,
    objectiveId: input.objectiveId ?? null,
    indicator: input.indicator ?? null,
    unit: input.unit ?? null,
    baseline: input.baseline ?? null,
    target: input.target ?? null,
    dueOn: input.dueOn ?? null,
    responsible: input.responsible ?? null,
    normativeAnchor: input.normativeAnchor ?? null,
  };
}

export async function createMeta(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  bodyId: number,
  input: z.infer<typeof MetaInput>,
): Promise<{ id: number }> {
  const aa = await allianceActor(ctx.db, actor);
  const body = await requireBody(ctx.db, bodyId);
  if (body.kind !== 'mesa') throw new AppError(422, 'alliance_parent_kind', { kind: 'meta' });
  const role = requireOfficer(aa, body);
  await checkObjective(ctx.db, bodyId, input.objectiveId);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(allianceMetas)
      .values({ bodyId, ...fields(input) })
      .returning();
    if (!row) throw new Error('meta insert failed');
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.meta_create',
        entityType: 'alliance_meta',
        entityId: String(row.id),
        unitPath: null,
        changes: diff(null, fields(input)),
      },
    );
    return { id: row.id };
  });
}

/** A draft meta is edited freely by the mesa; an approved one is fixed (retire it and propose another). */
export async function updateMeta(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: number,
  input: z.infer<typeof MetaInput>,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const found = await requireMeta(ctx.db, id);
  const role = requireOfficer(aa, found.body);
  if (found.meta.status !== 'draft') throw new AppError(409, 'alliance_meta_fixed');
  await checkObjective(ctx.db, found.body.id, input.objectiveId);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(allianceMetas)
      .set({ ...fields(input), updatedAt: new Date().toISOString() })
      .where(eq(allianceMetas.id, id));
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.meta_update',
        entityType: 'alliance_meta',
        entityId: String(id),
        unitPath: null,
        changes: diff(fields({ ...found.meta, objectiveId: found.meta.objectiveId }), fields(input)),
      },
    );
  });
}

/** The eje coordination approves a mesa's meta, only when it is measurable in full. */
export async function approveMeta(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: number,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const found = await requireMeta(ctx.db, id);
  const role = requireEjeOfficer(aa, found.body);
  if (found.meta.status !== 'draft') throw new AppError(409, 'alliance_meta_fixed');
  const missing = metaMissing(found.meta);
  if (missing.length > 0) throw new AppError(422, 'alliance_meta_incomplete', { fields: missing.join(', ') });
  await ctx.db.transaction(async (tx) => {
    const now = new Date().toISOString();
    await tx
      .update(allianceMetas)
      .set({ status: 'approved', approvedAt: now, approvedBy: actor.userId, updatedAt: now })
      .where(eq(allianceMetas.id, id));
    await notifyFollowers(tx, ctx, found.body, 'acuerdo_status', `${found.meta.title}`);
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.meta_approve',
        entityType: 'alliance_meta',
        entityId: String(id),
        unitPath: null,
        changes: diff({ status: 'draft' }, { status: 'approved' }),
      },
    );
  });
}

export async function retireMeta(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: number,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const found = await requireMeta(ctx.db, id);
  const role = requireEjeOfficer(aa, found.body);
  if (found.meta.status === 'retired') return;
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(allianceMetas)
      .set({ status: 'retired', updatedAt: new Date().toISOString() })
      .where(eq(allianceMetas.id, id));
    await notifyFollowers(tx, ctx, found.body, 'acuerdo_status', found.meta.title);
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.meta_retire',
        entityType: 'alliance_meta',
        entityId: String(id),
        unitPath: null,
        changes: diff({ status: found.meta.status }, { status: 'retired' }),
      },
    );
  });
}

/** A mesa member reports the value reached in a period; a second report for the period replaces the first. */
export async function reportProgress(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: number,
  input: z.infer<typeof ProgressInput>,
): Promise<void> {
  const aa = await allianceActor(ctx.db, actor);
  const found = await requireMeta(ctx.db, id);
  const role = requireMember(aa, found.body);
  if (found.meta.status !== 'approved') throw new AppError(409, 'alliance_meta_not_approved');
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(allianceProgress)
      .where(and(eq(allianceProgress.metaId, id), eq(allianceProgress.period, input.period)));
    const values = {
      value: input.value,
      narrative: input.narrative,
      evidence: input.evidence,
      reportedBy: actor.userId,
      reportedAt: new Date().toISOString(),
    };
    if (before) await tx.update(allianceProgress).set(values).where(eq(allianceProgress.id, before.id));
    else await tx.insert(allianceProgress).values({ metaId: id, period: input.period, ...values });
    const pct = progressPercent(found.meta.baseline, found.meta.target, input.value);
    await notifyFollowers(
      tx,
      ctx,
      found.body,
      'acuerdo_progress',
      `${found.meta.title}: ${input.value} ${found.meta.unit ?? ''} (${input.period}${pct === null ? '' : `, ${pct}%`})`,
    );
    await recordAudit(
      tx,
      { actor, role, meta },
      {
        action: 'alliance.progress_report',
        entityType: 'alliance_meta',
        entityId: String(id),
        unitPath: null,
        changes: diff(
          before ? { period: input.period, value: before.value, narrative: before.narrative } : null,
          { period: input.period, value: input.value, narrative: input.narrative },
        ),
      },
    );
  });
}

export async function progressHistory(
  db: Db,
  actor: Actor,
  id: number,
): Promise<z.infer<typeof ProgressEntry>[]> {
  const aa = await allianceActor(db, actor);
  const found = await requireMeta(db, id);
  requireRead(aa, found.body);
  return progressEntries(db, found.meta);
}

export async function progressEntries(db: Executor, meta: Meta): Promise<z.infer<typeof ProgressEntry>[]> {
  const rows = await db
    .select()
    .from(allianceProgress)
    .where(eq(allianceProgress.metaId, meta.id))
    .orderBy(asc(allianceProgress.period));
  const names = await peopleNames(
    db,
    rows.map((r) => r.reportedBy),
  );
  return rows.map((r) => ({
    id: r.id,
    period: r.period,
    value: r.value,
    percent: progressPercent(meta.baseline, meta.target, r.value),
    narrative: r.narrative,
    evidence: r.evidence,
    reportedBy: person(names, r.reportedBy),
    reportedAt: dbTimeIso(r.reportedAt),
  }));
}

/** Tells the acuerdo's followers (in the caller's transaction). */
export async function notifyFollowers(
  tx: Tx,
  ctx: AppContext,
  body: Body,
  kind: 'acuerdo_progress' | 'acuerdo_status',
  detail: string,
): Promise<void> {
  const rows = await tx
    .select({ email: users.email })
    .from(allianceFollows)
    .innerJoin(users, eq(users.id, allianceFollows.userId))
    .where(and(eq(allianceFollows.bodyId, body.id), eq(users.status, 'active')));
  if (rows.length === 0) return;
  await notify(
    tx,
    ctx,
    rows.map((r) => r.email),
    { kind, subject: `${body.code} ${body.name}`, detail, link: `/alianza/organos/${body.id}` },
  );
}
