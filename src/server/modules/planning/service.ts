import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  AnswerBody,
  ChangeBody,
  PlanContent,
  PlanDetail,
  PlanVersionInfo,
  ProgressBody,
} from '../../../contract/planning.ts';
import type { Locale } from '../../../contract/roles.ts';
import type { AppContext } from '../../context.ts';
import { diff, recordAudit } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Db, Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { authorize, can } from '../../platform/permissions/policy.ts';
import { dbTimeIso } from '../../platform/time.ts';
import { actionsFrom, createItem, lockItem, timeline } from '../../platform/workflow/engine.ts';
import { workflowItems } from '../../platform/workflow/schema.ts';
import { orgUnits } from '../org/schema.ts';
import { requireUnit } from '../org/service.ts';
import { pecCycles } from '../rules/schema.ts';
import { deadlineStatuses, type Effective, effectiveFor } from '../rules/service.ts';
import { diagnosis, spendingCheck } from './analysis.ts';
import { applyChanges, emptyPlan } from './changes.ts';
import { registrationOf } from './registration.ts';
import { pecActionProgress, pecPlanObservations, pecPlans, pecPlanVersions } from './schema.ts';
import {
  APPROVED,
  awaitingFor,
  EDITABLE,
  PLAN_ACTIONS,
  type PlanAction,
  type PlanState,
  planFlow,
} from './workflow.ts';

type Plan = typeof pecPlans.$inferSelect;

async function requirePlan(db: Executor, id: string): Promise<Plan> {
  const [p] = await db.select().from(pecPlans).where(eq(pecPlans.id, id));
  if (!p) throw new AppError(404, 'not_found');
  return p;
}

async function names(db: Executor, ids: (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((x): x is string => !!x))];
  if (!unique.length) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

const personOf = (m: Map<string, string>, id: string | null) => (id ? { id, name: m.get(id) ?? '—' } : null);

/**
 * Opens the school's plan for the cycle (the director or a teacher), creating it on first use: a
 * registered school only. A PETE spans several years, so a new cycle's plan starts from the
 * school's latest earlier PETE; the self-evaluation and the PAT start empty.
 */
export async function openPlan(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  schoolId: number,
): Promise<{ id: string; created: boolean }> {
  const school = await requireUnit(ctx.db, schoolId);
  if (school.kind !== 'school') throw new AppError(404, 'not_found');
  const grant = authorize(actor, 'pec.plan', school.path);
  const [existing] = await ctx.db
    .select({ id: pecPlans.id })
    .from(pecPlans)
    .where(and(eq(pecPlans.cycleId, cycleId), eq(pecPlans.schoolUnitId, schoolId)));
  if (existing) return { id: existing.id, created: false };
  const registration = await registrationOf(ctx.db, cycleId, schoolId);
  if (!registration) throw new AppError(422, 'planning_not_registered');
  const [cycle] = await ctx.db.select().from(pecCycles).where(eq(pecCycles.id, cycleId));
  if (!cycle) throw new AppError(404, 'not_found');
  const [earlier] = await ctx.db
    .select({ content: pecPlans.content })
    .from(pecPlans)
    .innerJoin(pecCycles, eq(pecCycles.id, pecPlans.cycleId))
    .where(and(eq(pecPlans.schoolUnitId, schoolId), lt(pecCycles.schoolYear, cycle.schoolYear)))
    .orderBy(desc(pecCycles.schoolYear))
    .limit(1);
  const content: PlanContent = { ...emptyPlan(), ...(earlier ? { pete: earlier.content.pete } : {}) };
  return ctx.db.transaction(async (tx) => {
    const item = await createItem(
      tx,
      planFlow,
      {
        title: `${school.code} ${school.name}`,
        scopePath: school.path,
        awaiting: awaitingFor('draft', school.path),
      },
      { actorId: actor.userId, actingAs: grant.role },
    );
    const [plan] = await tx
      .insert(pecPlans)
      .values({
        cycleId,
        schoolUnitId: schoolId,
        schoolPath: school.path,
        itemId: item.id,
        content,
        updatedBy: actor.userId,
      })
      .onConflictDoNothing()
      .returning();
    if (!plan) {
      // Someone opened it at the same moment: theirs stands (the item we made rolls back with us).
      throw new AppError(409, 'planning_stale', { current: 1 });
    }
    await tx
      .insert(pecPlanVersions)
      .values({ planId: plan.id, revision: 1, content, touched: [], changedBy: actor.userId });
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'planning.open',
        entityType: 'pec_plan',
        entityId: plan.id,
        unitPath: school.path,
        changes: diff(null, { cycleId, schoolId, copiedPete: !!earlier }),
      },
    );
    return { id: plan.id, created: true };
  });
}

export function problemsBeforeSending(
  content: PlanContent,
  effective: Effective,
  grantCap: number | null,
  locale: Locale,
): { path: string; message: string }[] {
  const es = locale === 'es';
  const out: { path: string; message: string }[] = [];
  const standards = effective.rules.planning.standards;
  const unrated = standards.filter((s) => !content.selfEvaluation.ratings[s.code]);
  if (unrated.length)
    out.push({
      path: 'selfEvaluation',
      message: es
        ? `Faltan ${unrated.length} estándar(es) por valorar en la autoevaluación.`
        : `${unrated.length} standard(s) are still unrated in the self-evaluation.`,
    });
  if (!content.pete.mission.trim())
    out.push({ path: 'pete.mission', message: es ? 'Falta la misión.' : 'The mission is missing.' });
  if (!content.pete.vision.trim())
    out.push({ path: 'pete.vision', message: es ? 'Falta la visión.' : 'The vision is missing.' });
  if (content.pete.objectives.length === 0)
    out.push({
      path: 'pete.objectives',
      message: es ? 'El PETE necesita al menos un objetivo.' : 'The PETE needs at least one objective.',
    });
  if (content.pete.goals.length === 0)
    out.push({
      path: 'pete.goals',
      message: es ? 'El PETE necesita al menos una meta.' : 'The PETE needs at least one goal.',
    });
  for (const g of content.pete.goals) {
    if (!g.indicator || g.baseline === null || g.target === null || g.year === null)
      out.push({
        path: `pete.goals.${g.id}`,
        message: es
          ? `La meta «${g.text}» necesita indicador, línea base, meta y año.`
          : `The goal "${g.text}" needs an indicator, baseline, target and year.`,
      });
  }
  if (content.pat.actions.length === 0)
    out.push({
      path: 'pat.actions',
      message: es ? 'El PAT necesita al menos una acción.' : 'The PAT needs at least one action.',
    });
  for (const a of content.pat.actions) {
    if (!a.responsible || !a.startOn || !a.endOn)
      out.push({
        path: `pat.actions.${a.id}`,
        message: es
          ? `La acción «${a.text}» necesita responsable y fechas.`
          : `The action "${a.text}" needs a person responsible and dates.`,
      });
  }
  const spending = spendingCheck(content, effective.rules, grantCap, locale);
  if (!spending.ok) {
    for (const l of spending.lines.filter((x) => !x.ok))
      out.push({ path: `spending.${l.category}`, message: l.message });
    for (const m of spending.messages.slice(grantCap !== null && spending.pecTotal <= grantCap ? 1 : 0))
      out.push({ path: 'spending', message: m });
  }
  return out;
}

export async function getPlan(db: Db, actor: Actor, id: string): Promise<z.infer<typeof PlanDetail>> {
  const plan = await requirePlan(db, id);
  authorize(actor, 'org.read', plan.schoolPath);
  const [school] = await db.select().from(orgUnits).where(eq(orgUnits.id, plan.schoolUnitId));
  const [cycle] = await db.select().from(pecCycles).where(eq(pecCycles.id, plan.cycleId));
  if (!school || !cycle) throw new AppError(404, 'not_found');
  const [item] = await db.select().from(workflowItems).where(eq(workflowItems.id, plan.itemId));
  if (!item) throw new AppError(404, 'not_found');
  const { effective, statuses } = await deadlineStatuses(db, plan.cycleId, { path: plan.schoolPath });
  const registration = await registrationOf(db, plan.cycleId, plan.schoolUnitId);
  const grantCap = registration?.grantCap ?? null;
  const observations = await db
    .select()
    .from(pecPlanObservations)
    .where(eq(pecPlanObservations.planId, id))
    .orderBy(asc(pecPlanObservations.id));
  const progress = await db
    .select()
    .from(pecActionProgress)
    .where(eq(pecActionProgress.planId, id))
    .orderBy(desc(pecActionProgress.reportedAt));
  const latest = new Map<string, (typeof progress)[number]>();
  for (const p of progress) if (!latest.has(p.actionId)) latest.set(p.actionId, p);
  const events = await timeline(db, item.id);
  const who = await names(db, [...events.map((e) => e.actorId), ...observations.map((o) => o.byUser)]);
  const state = item.state as PlanState;
  const mayTake = (a: PlanAction) => can(actor, PLAN_ACTIONS[a].permission, plan.schoolPath);
  const approved = APPROVED.includes(state);
  return {
    id: plan.id,
    cycle: { id: cycle.id, schoolYear: cycle.schoolYear },
    school: { id: school.id, code: school.code, name: school.name },
    content: plan.content,
    revs: plan.revs,
    revision: plan.revision,
    state,
    locked: !EDITABLE.includes(state),
    standards: effective.rules.planning.standards,
    categories: effective.rules.spending.categories.map((c) => ({
      code: c.code,
      name: c.name,
      forbidden: c.forbidden,
    })),
    grantCap,
    diagnosis: diagnosis(plan.content, effective.rules.planning.standards),
    spending: spendingCheck(plan.content, effective.rules, grantCap, actor.locale),
    missing: problemsBeforeSending(plan.content, effective, grantCap, actor.locale),
    observations: observations.map((o) => ({
      id: o.id,
      stage: o.stage,
      path: o.path,
      text: o.text,
      by: personOf(who, o.byUser),
      at: dbTimeIso(o.at),
      answer: o.answer,
      answeredAt: o.answeredAt ? dbTimeIso(o.answeredAt) : null,
    })),
    progress: [...latest.values()].map((p) => ({
      actionId: p.actionId,
      status: p.status,
      percent: p.percent,
      evidence: p.evidence,
      reportedAt: dbTimeIso(p.reportedAt),
    })),
    workflow: {
      itemId: item.id,
      version: item.version,
      actions: actionsFrom(planFlow, state).filter(mayTake),
      timeline: events.map((e) => ({
        seq: e.seq,
        action: e.action,
        fromState: e.fromState,
        toState: e.toState,
        actor: personOf(who, e.actorId),
        actingAs: e.actingAs,
        comment: e.comment,
        at: dbTimeIso(e.at),
      })),
    },
    deadlines: statuses.map((s) => ({
      deadline: s.deadline,
      date: s.extendedUntil && s.extendedUntil > s.date ? s.extendedUntil : s.date,
      open: s.open,
    })),
    can: {
      edit: !approved && EDITABLE.includes(state) && can(actor, 'pec.plan', plan.schoolPath),
      amend: approved && can(actor, 'pec.register', plan.schoolPath),
      answer: can(actor, 'pec.plan', plan.schoolPath),
      reportProgress: approved && can(actor, 'pec.plan', plan.schoolPath),
    },
  };
}

/**
 * Applies a batch of changes (all or nothing). While the plan is a draft or returned, anyone with
 * `pec.plan` on the school edits it; once approved, only the director amends it, with a reason that
 * stays on the version; in review nobody does.
 */
export async function changePlan(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  body: z.infer<typeof ChangeBody>,
): Promise<{ revision: number; revs: Record<string, number> }> {
  const found = await requirePlan(ctx.db, id);
  const grant = authorize(actor, 'pec.plan', found.schoolPath);
  const effective = await effectiveFor(ctx.db, found.cycleId, found.schoolPath);
  const standards = new Set(effective.rules.planning.standards.map((s) => s.code));
  return ctx.db.transaction(async (tx) => {
    const item = await lockItem(tx, planFlow, found.itemId);
    const [plan] = await tx.select().from(pecPlans).where(eq(pecPlans.id, id)).for('update');
    if (!plan) throw new AppError(404, 'not_found');
    const approved = APPROVED.includes(item.state);
    let amendmentReason: string | null = null;
    if (approved) {
      authorize(actor, 'pec.register', plan.schoolPath);
      if (!body.amendmentReason) throw new AppError(409, 'planning_locked');
      amendmentReason = body.amendmentReason;
    } else if (!EDITABLE.includes(item.state)) {
      throw new AppError(409, 'planning_locked');
    }
    const next = plan.revision + 1;
    const result = applyChanges(plan.content, plan.revs, next, body.changes, standards);
    if (!result.ok) {
      if (result.conflicts.length) {
        const revisions = [...new Set(result.conflicts.map((c) => plan.revs[c.path] ?? 0))];
        const versions = await tx
          .select({
            revision: pecPlanVersions.revision,
            by: pecPlanVersions.changedBy,
            at: pecPlanVersions.changedAt,
          })
          .from(pecPlanVersions)
          .where(and(eq(pecPlanVersions.planId, id), inArray(pecPlanVersions.revision, revisions)));
        const who = await names(
          tx,
          versions.map((v) => v.by),
        );
        throw new AppError(
          409,
          'planning_conflict',
          { count: result.conflicts.length },
          {
            conflicts: result.conflicts.map((c) => {
              const v = versions.find((x) => x.revision === plan.revs[c.path]);
              return {
                path: c.path,
                theirs: c.theirs,
                changedBy: personOf(who, v?.by ?? null),
                changedAt: v ? dbTimeIso(v.at) : null,
              };
            }),
          },
        );
      }
      throw new AppError(
        422,
        'planning_invalid',
        { count: result.invalid.length },
        {
          fieldErrors: result.invalid.map((i) => ({ path: i.path, message: `${i.reason}: ${i.detail}` })),
        },
      );
    }
    const { content, revs, touched } = result.applied;
    await tx
      .update(pecPlans)
      .set({ content, revs, revision: next, updatedBy: actor.userId, updatedAt: new Date().toISOString() })
      .where(eq(pecPlans.id, id));
    await tx.insert(pecPlanVersions).values({
      planId: id,
      revision: next,
      content,
      touched,
      amendmentReason,
      changedBy: actor.userId,
    });
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: approved ? 'planning.amend' : 'planning.change',
        entityType: 'pec_plan',
        entityId: id,
        unitPath: plan.schoolPath,
        changes: {
          revision: { before: plan.revision, after: next },
          touched: { before: null, after: touched },
          ...(amendmentReason ? { amendmentReason: { before: null, after: amendmentReason } } : {}),
        },
      },
    );
    return { revision: next, revs };
  });
}

/** The school answers an observation (each answer stays beside it). */
export async function answerObservation(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  planId: string,
  observationId: number,
  body: z.infer<typeof AnswerBody>,
): Promise<void> {
  const plan = await requirePlan(ctx.db, planId);
  const grant = authorize(actor, 'pec.plan', plan.schoolPath);
  await ctx.db.transaction(async (tx) => {
    const [o] = await tx
      .select()
      .from(pecPlanObservations)
      .where(and(eq(pecPlanObservations.id, observationId), eq(pecPlanObservations.planId, planId)));
    if (!o) throw new AppError(404, 'not_found');
    await tx
      .update(pecPlanObservations)
      .set({ answer: body.answer, answeredBy: actor.userId, answeredAt: new Date().toISOString() })
      .where(eq(pecPlanObservations.id, observationId));
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'planning.observation_answer',
        entityType: 'pec_plan',
        entityId: planId,
        unitPath: plan.schoolPath,
        changes: diff({ observation: o.id, answer: o.answer }, { observation: o.id, answer: body.answer }),
      },
    );
  });
}

/** During the year, the school records each PAT action's progress (approved plans only). */
export async function reportActionProgress(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  planId: string,
  actionId: string,
  body: z.infer<typeof ProgressBody>,
): Promise<void> {
  const plan = await requirePlan(ctx.db, planId);
  const grant = authorize(actor, 'pec.plan', plan.schoolPath);
  const [item] = await ctx.db.select().from(workflowItems).where(eq(workflowItems.id, plan.itemId));
  if (!item || !APPROVED.includes(item.state)) throw new AppError(409, 'planning_locked');
  if (!plan.content.pat.actions.some((a) => a.id === actionId)) throw new AppError(404, 'not_found');
  await ctx.db.transaction(async (tx) => {
    await tx.insert(pecActionProgress).values({ planId, actionId, ...body, reportedBy: actor.userId });
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'planning.action_progress',
        entityType: 'pec_plan',
        entityId: planId,
        unitPath: plan.schoolPath,
        changes: diff(null, { actionId, ...body }),
      },
    );
  });
}

export async function planVersions(
  db: Db,
  actor: Actor,
  id: string,
): Promise<z.infer<typeof PlanVersionInfo>[]> {
  const plan = await requirePlan(db, id);
  authorize(actor, 'org.read', plan.schoolPath);
  const rows = await db
    .select({
      revision: pecPlanVersions.revision,
      touched: pecPlanVersions.touched,
      amendmentReason: pecPlanVersions.amendmentReason,
      changedBy: pecPlanVersions.changedBy,
      changedAt: pecPlanVersions.changedAt,
    })
    .from(pecPlanVersions)
    .where(eq(pecPlanVersions.planId, id))
    .orderBy(desc(pecPlanVersions.revision));
  const who = await names(
    db,
    rows.map((r) => r.changedBy),
  );
  return rows.map((r) => ({
    revision: r.revision,
    touched: r.touched,
    amendmentReason: r.amendmentReason,
    changedBy: personOf(who, r.changedBy),
    changedAt: dbTimeIso(r.changedAt),
  }));
}

export async function planVersion(db: Db, actor: Actor, id: string, revision: number): Promise<PlanContent> {
  const plan = await requirePlan(db, id);
  authorize(actor, 'org.read', plan.schoolPath);
  const [v] = await db
    .select({ content: pecPlanVersions.content })
    .from(pecPlanVersions)
    .where(and(eq(pecPlanVersions.planId, id), eq(pecPlanVersions.revision, revision)));
  if (!v) throw new AppError(404, 'not_found');
  return v.content;
}
