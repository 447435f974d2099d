import { eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { REPORT_SECTIONS, type ReportDetail, type SaveReportBody } from '../../../contract/planning.ts';
import type { AppContext } from '../../context.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Db } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { authorize, can } from '../../platform/permissions/policy.ts';
import { dbTimeIso } from '../../platform/time.ts';
import {
  actionsFrom,
  createItem,
  defineWorkflow,
  timeline,
  transition,
} from '../../platform/workflow/engine.ts';
import { workflowItems } from '../../platform/workflow/schema.ts';
import { requireOpen } from '../rules/service.ts';
import { pecPlans, pecReports } from './schema.ts';
import { APPROVED } from './workflow.ts';

/** The year-end report: the school writes it (approved plans), the director sends it by the reports date, the supervisor accepts or returns it. */
export const reportFlow = defineWorkflow({
  type: 'pec.report',
  initial: 'draft',
  states: ['draft', 'submitted', 'returned', 'accepted'],
  transitions: {
    submit: { from: ['draft', 'returned'], to: 'submitted' },
    return: { from: ['submitted'], to: 'returned', comment: 'required' },
    accept: { from: ['submitted'], to: 'accepted' },
  },
});
type ReportAction = keyof typeof reportFlow.transitions;
const WHO: Record<ReportAction, 'pec.register' | 'pec.review'> = {
  submit: 'pec.register',
  return: 'pec.review',
  accept: 'pec.review',
};
const empty = () =>
  Object.fromEntries(REPORT_SECTIONS.map((k) => [k, ''])) as z.infer<typeof SaveReportBody>['content'];

async function planOf(db: Db, planId: string) {
  const [p] = await db.select().from(pecPlans).where(eq(pecPlans.id, planId));
  if (!p) throw new AppError(404, 'not_found');
  return p;
}

export async function getReport(db: Db, actor: Actor, planId: string): Promise<ReportDetail> {
  const plan = await planOf(db, planId);
  authorize(actor, 'org.read', plan.schoolPath);
  const [r] = await db.select().from(pecReports).where(eq(pecReports.planId, planId));
  const [item] = r ? await db.select().from(workflowItems).where(eq(workflowItems.id, r.itemId)) : [];
  const state = item?.state ?? 'draft';
  const events = item ? await timeline(db, item.id) : [];
  const ids = [...new Set(events.map((e) => e.actorId).filter((x): x is string => !!x))];
  const who = new Map(
    (ids.length
      ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))
      : []
    ).map((u) => [u.id, u.name]),
  );
  return {
    planId,
    content: { ...empty(), ...(r?.content ?? {}) },
    revision: r?.revision ?? 0,
    state,
    actions: item
      ? actionsFrom(reportFlow, state as 'draft').filter((a) => can(actor, WHO[a], plan.schoolPath))
      : [],
    timeline: events.map((e) => ({
      action: e.action,
      toState: e.toState,
      actor: e.actorId ? (who.get(e.actorId) ?? '—') : null,
      comment: e.comment,
      at: dbTimeIso(e.at),
    })),
    canEdit: ['draft', 'returned'].includes(state) && can(actor, 'pec.plan', plan.schoolPath),
  };
}

/** Saves the report (created on first save, once the plan is approved); a stale revision is refused. */
export async function saveReport(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  planId: string,
  body: z.infer<typeof SaveReportBody>,
): Promise<{ revision: number }> {
  const plan = await planOf(ctx.db, planId);
  const grant = authorize(actor, 'pec.plan', plan.schoolPath);
  const [planItem] = await ctx.db.select().from(workflowItems).where(eq(workflowItems.id, plan.itemId));
  if (!planItem || !APPROVED.includes(planItem.state)) throw new AppError(409, 'planning_locked');
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx.select().from(pecReports).where(eq(pecReports.planId, planId)).for('update');
    let revision = 1;
    if (r) {
      const [item] = await tx.select().from(workflowItems).where(eq(workflowItems.id, r.itemId));
      if (!item || !['draft', 'returned'].includes(item.state)) throw new AppError(409, 'planning_locked');
      if (body.revision !== undefined && body.revision !== r.revision)
        throw new AppError(409, 'planning_stale', { current: r.revision });
      revision = r.revision + 1;
      await tx
        .update(pecReports)
        .set({
          content: body.content,
          revision,
          updatedBy: actor.userId,
          updatedAt: new Date().toISOString(),
        })
        .where(eq(pecReports.planId, planId));
    } else {
      const item = await createItem(
        tx,
        reportFlow,
        { title: `ITP ${plan.schoolPath}`, scopePath: plan.schoolPath, awaiting: null },
        { actorId: actor.userId, actingAs: grant.role },
      );
      await tx
        .insert(pecReports)
        .values({ planId, itemId: item.id, content: body.content, updatedBy: actor.userId });
    }
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'planning.report_save',
        entityType: 'pec_report',
        entityId: planId,
        unitPath: plan.schoolPath,
        changes: { revision: { before: r?.revision ?? null, after: revision } },
      },
    );
    return { revision };
  });
}

export async function reportAction(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  planId: string,
  action: ReportAction,
  comment: string | undefined,
): Promise<{ state: string }> {
  const plan = await planOf(ctx.db, planId);
  const grant = authorize(actor, WHO[action], plan.schoolPath);
  if (action === 'submit') await requireOpen(ctx.db, plan.cycleId, { path: plan.schoolPath }, 'reports');
  const [r] = await ctx.db.select().from(pecReports).where(eq(pecReports.planId, planId));
  if (!r) throw new AppError(404, 'not_found');
  return ctx.db.transaction(async (tx) => {
    const { from, to } = await transition(
      tx,
      reportFlow,
      r.itemId,
      action,
      { actorId: actor.userId, actingAs: grant.role },
      { comment: comment ?? null, awaiting: null },
    );
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: `planning.report_${action}`,
        entityType: 'pec_report',
        entityId: planId,
        unitPath: plan.schoolPath,
        changes: {
          state: { before: from, after: to },
          ...(comment ? { comment: { before: null, after: comment } } : {}),
        },
      },
    );
    return { state: to };
  });
}
