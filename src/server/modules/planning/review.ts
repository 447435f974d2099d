import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { PlanActionBody } from '../../../contract/planning.ts';
import type { Role } from '../../../contract/roles.ts';
import type { Deadline } from '../../../contract/rules.ts';
import type { AppContext } from '../../context.ts';
import { recordAudits } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Tx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { MailMessage } from '../../platform/mail/mailer.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { authorize } from '../../platform/permissions/policy.ts';
import { applyMoves, checkMove, type Move } from '../../platform/workflow/engine.ts';
import { workflowItems } from '../../platform/workflow/schema.ts';
import { pecRegistrations } from '../enrollment/schema.ts';
import { roleAssignments } from '../org/schema.ts';
import { type Effective, openDeadlines } from '../rules/service.ts';
import { pecPlanObservations, pecPlans } from './schema.ts';
import { problemsBeforeSending } from './service.ts';
import { APPROVED, awaitingFor, PLAN_ACTIONS, type PlanAction, planFlow } from './workflow.ts';

type Body = z.infer<typeof PlanActionBody>;

/** One review step someone asked for, waiting for its answer. */
interface Step {
  actor: Actor;
  meta: RequestMeta;
  id: string;
  action: PlanAction;
  body: Body;
  revision: number | undefined;
  resolve: (v: { state: string }) => void;
  reject: (err: unknown) => void;
}

type Outcome = { state: string } | { error: AppError };

/**
 * Moves the plan through review. Each step checks who may take it (a permission on the school),
 * its deadline in the effective calendar (or an extension), and the revision the person looked at;
 * sending checks the plan is complete and within the spending rules. Returns and rulings with
 * observations record each observation for the school to answer.
 *
 * Steps run in groups (see ReviewQueue): the answer and what is written are the same as for a
 * step on its own.
 */
export function planAction(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  action: PlanAction,
  body: Body,
  ifMatch?: number,
): Promise<{ state: string }> {
  if (PLAN_ACTIONS[action].observations && body.observations.length === 0)
    return Promise.reject(new AppError(422, 'planning_observations_required'));
  return new Promise((resolve, reject) =>
    // The route accepts a UUID in either case; the database answers in lower case.
    queueOf(ctx).push({
      actor,
      meta,
      id: id.toLowerCase(),
      action,
      body,
      revision: ifMatch ?? body.revision,
      resolve,
      reject,
    }),
  );
}

/**
 * Steps per transaction at most, and transactions of one process running at once: a few on a
 * PostgreSQL pool; one on PGlite, whose single connection runs one transaction at a time anyway
 * (more would only wait for it while the steps behind them could have joined a group).
 */
const MAX_GROUP = 64;
const MAX_RUNNING = { postgres: 4, pglite: 1 } as const;

/**
 * At the plan-delivery deadline thousands of schools send within minutes. One transaction per
 * step spends most of the database's time on per-statement and per-commit work, so steps that
 * arrive while others are being written wait and then go together: one transaction, a dozen
 * statements whatever their number (plans locked in id order, the moves, events, notices and
 * audit entries each written at once). Under light load a step starts at once, alone. A step whose
 * checks fail is answered with its own error and writes nothing; if the group's transaction fails
 * as a whole, each step is tried again on its own, so one step's trouble stays its own. A step on
 * a plan that a waiting or running group already holds waits for that group to finish, then sees
 * its result.
 */
class ReviewQueue {
  readonly #ctx: AppContext;
  #waiting: Step[] = [];
  #running = 0;
  #scheduled = false;
  /** Plans in the groups now running. */
  #busy = new Set<string>();

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
  }

  push(step: Step): void {
    this.#waiting.push(step);
    this.#schedule();
  }

  /**
   * Groups start on the event loop's next turn, once every request that has arrived has had its
   * chance to join. This matters on PGlite, whose queries finish without yielding to I/O: started
   * at once, a group would always hold only the step that started it.
   */
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#running < MAX_RUNNING[this.#ctx.driver] && this.#waiting.length) {
      const group = this.#take();
      if (!group.length) return;
      this.#running++;
      for (const s of group) this.#busy.add(s.id);
      void this.#run(group).finally(() => {
        this.#running--;
        for (const s of group) this.#busy.delete(s.id);
        this.#schedule();
      });
    }
  }

  /** The oldest waiting steps, one per plan and none of a running group's plans, up to MAX_GROUP; the rest keep their place. */
  #take(): Step[] {
    const group: Step[] = [];
    const rest: Step[] = [];
    const plans = new Set<string>();
    for (const s of this.#waiting) {
      if (group.length < MAX_GROUP && !plans.has(s.id) && !this.#busy.has(s.id)) {
        plans.add(s.id);
        group.push(s);
      } else rest.push(s);
    }
    this.#waiting = rest;
    return group;
  }

  async #run(group: Step[]): Promise<void> {
    try {
      settle(group, await applySteps(this.#ctx, group));
    } catch (err) {
      if (group.length === 1) {
        group[0]?.reject(err);
        return;
      }
      for (const step of group) {
        try {
          settle([step], await applySteps(this.#ctx, [step]));
        } catch (e) {
          step.reject(e);
        }
      }
    }
  }
}

function settle(steps: Step[], outcomes: Outcome[]): void {
  steps.forEach((s, i) => {
    const o = outcomes[i] as Outcome;
    if ('error' in o) s.reject(o.error);
    else s.resolve(o);
  });
}

const queues = new WeakMap<AppContext, ReviewQueue>();
function queueOf(ctx: AppContext): ReviewQueue {
  let q = queues.get(ctx);
  if (!q) {
    q = new ReviewQueue(ctx);
    queues.set(ctx, q);
  }
  return q;
}

const NOTICE: Record<PlanAction, { es: string; en: string; to: 'zone' | 'state' | 'school' }> = {
  submit: { es: 'Plan para revisar', en: 'Plan to review', to: 'zone' },
  return: { es: 'Plan devuelto con observaciones', en: 'Plan returned with observations', to: 'school' },
  endorse: { es: 'Plan para dictaminar', en: 'Plan for ruling', to: 'state' },
  approve: { es: 'Plan aprobado', en: 'Plan approved', to: 'school' },
  approve_with_observations: {
    es: 'Plan aprobado con observaciones',
    en: 'Plan approved with observations',
    to: 'school',
  },
  committee_return: {
    es: 'Plan devuelto por el comité técnico',
    en: 'Plan returned by the technical committee',
    to: 'school',
  },
};

/** Who is told of a step: the roles, and the unit of the school's path they hold them on. */
function audienceOf(action: PlanAction, schoolPath: string): { roles: Role[]; unitId: number } {
  const ids = schoolPath.split('/').filter(Boolean).map(Number);
  const to = NOTICE[action].to;
  if (to === 'zone') return { roles: ['zone_supervisor'], unitId: ids[3] ?? 0 };
  if (to === 'state') return { roles: ['state_coordinator'], unitId: ids[1] ?? 0 };
  return { roles: ['school_director', 'teacher'], unitId: ids[4] ?? 0 };
}

/** Active people holding each (role, unit), in one query for a whole group. */
async function audiences(tx: Tx, wanted: { roles: Role[]; unitId: number }[]) {
  const unitIds = [...new Set(wanted.map((w) => w.unitId))];
  const roles = [...new Set(wanted.flatMap((w) => w.roles))];
  const rows = unitIds.length
    ? await tx
        .select({ unitId: roleAssignments.unitId, role: roleAssignments.role, email: users.email })
        .from(roleAssignments)
        .innerJoin(users, eq(users.id, roleAssignments.userId))
        .where(
          and(
            inArray(roleAssignments.unitId, unitIds),
            inArray(roleAssignments.role, roles),
            eq(users.status, 'active'),
          ),
        )
    : [];
  return (w: { roles: Role[]; unitId: number }) => [
    ...new Set(
      rows.filter((r) => r.unitId === w.unitId && (w.roles as string[]).includes(r.role)).map((r) => r.email),
    ),
  ];
}

interface Accepted {
  step: Step;
  plan: typeof pecPlans.$inferSelect;
  move: Move;
  role: string;
}

/**
 * Checks every step of a group, then writes those that pass together, in one transaction. Each
 * step's outcome is in the group's order: its new state, or the refusal it alone earned.
 */
async function applySteps(ctx: AppContext, steps: Step[]): Promise<Outcome[]> {
  return ctx.db.transaction(async (tx) => {
    // The plans and their review items, locked in id order (two groups never deadlock), with
    // the grant each registration allows.
    const rows = await tx
      .select({ plan: pecPlans, item: workflowItems, grantCap: pecRegistrations.grantCap })
      .from(pecPlans)
      .innerJoin(workflowItems, eq(workflowItems.id, pecPlans.itemId))
      .leftJoin(
        pecRegistrations,
        and(
          eq(pecRegistrations.cycleId, pecPlans.cycleId),
          eq(pecRegistrations.schoolUnitId, pecPlans.schoolUnitId),
          eq(pecRegistrations.status, 'registered'),
        ),
      )
      .where(
        inArray(
          pecPlans.id,
          steps.map((s) => s.id),
        ),
      )
      .orderBy(asc(pecPlans.id))
      .for('update', { of: [pecPlans, workflowItems] });
    const byId = new Map(rows.map((r) => [r.plan.id, r]));
    const deadlines = await deadlinesOf(tx, steps, byId);

    const outcomes: Outcome[] = [];
    const accepted: Accepted[] = [];
    for (const step of steps) {
      try {
        const a = check(step, byId.get(step.id), deadlines);
        accepted.push(a);
        outcomes.push({ state: a.move.to });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        outcomes.push({ error: err });
      }
    }
    if (accepted.length) await write(ctx, tx, accepted);
    return outcomes;
  });
}

type Row = {
  plan: typeof pecPlans.$inferSelect;
  item: typeof workflowItems.$inferSelect;
  grantCap: number | null;
};
type Deadlines = Map<string, Map<string, { effective: Effective } | { refused: AppError }>>;

/** Each step's deadline for its school: one lookup per (cycle, deadline) in the group. */
async function deadlinesOf(tx: Tx, steps: Step[], byId: Map<string, Row>): Promise<Deadlines> {
  const wanted = new Map<string, { cycleId: number; deadline: Deadline; paths: string[] }>();
  for (const s of steps) {
    const row = byId.get(s.id);
    if (!row) continue;
    const deadline = PLAN_ACTIONS[s.action].deadline;
    const key = `${row.plan.cycleId}:${deadline}`;
    const w = wanted.get(key) ?? { cycleId: row.plan.cycleId, deadline, paths: [] };
    w.paths.push(row.plan.schoolPath);
    wanted.set(key, w);
  }
  const out: Deadlines = new Map();
  for (const [key, w] of wanted) {
    out.set(key, await openDeadlines(tx, w.cycleId, w.paths, w.deadline));
  }
  return out;
}

/** One step's checks, in the order a person would want them explained; throws its refusal. */
function check(step: Step, row: Row | undefined, deadlines: Deadlines): Accepted {
  if (!row) throw new AppError(404, 'not_found');
  const rule = PLAN_ACTIONS[step.action];
  const plan = row.plan;
  const grant = authorize(step.actor, rule.permission, plan.schoolPath);
  const open = deadlines.get(`${plan.cycleId}:${rule.deadline}`)?.get(plan.schoolPath);
  if (!open) throw new Error('deadline not looked up');
  if ('refused' in open) throw open.refused;
  if (step.revision !== undefined && step.revision !== plan.revision) {
    throw new AppError(412, 'planning_stale', { current: plan.revision });
  }
  if (step.action === 'submit') {
    const missing = problemsBeforeSending(plan.content, open.effective, row.grantCap, step.actor.locale);
    if (missing.length)
      throw new AppError(422, 'planning_incomplete', { count: missing.length }, { fieldErrors: missing });
  }
  const to = planFlow.transitions[step.action].to;
  const body = step.body;
  const move = checkMove(
    planFlow,
    row.item,
    step.action,
    { actorId: step.actor.userId, actingAs: grant.role },
    {
      comment: body.comment?.trim() || body.observations.map((o) => o.text).join('\n') || null,
      awaiting: awaitingFor(to, plan.schoolPath),
      payload: { revision: plan.revision },
    },
  );
  return { step, plan, move, role: grant.role };
}

/** Everything the accepted steps write, a statement per kind of row. */
async function write(ctx: AppContext, tx: Tx, accepted: Accepted[]): Promise<void> {
  const items = await applyMoves(
    tx,
    accepted.map((a) => a.move),
  );
  const observations = accepted.flatMap(({ step, plan }) =>
    step.body.observations.map((o) => ({
      planId: plan.id,
      stage:
        PLAN_ACTIONS[step.action].permission === 'pec.review'
          ? ('supervisor' as const)
          : ('committee' as const),
      path: o.path,
      text: o.text,
      byUser: step.actor.userId,
    })),
  );
  if (observations.length) await tx.insert(pecPlanObservations).values(observations);
  const locked = accepted.filter((a) => APPROVED.includes(a.move.to)).map((a) => a.plan.id);
  if (locked.length) {
    await tx.update(pecPlans).set({ lockedAt: new Date().toISOString() }).where(inArray(pecPlans.id, locked));
  }
  const audience = await audiences(
    tx,
    accepted.map((a) => audienceOf(a.step.action, a.plan.schoolPath)),
  );
  const mail: MailMessage[] = accepted.flatMap((a, i) => {
    const notice = NOTICE[a.step.action];
    // The item's title is the school's CCT and name.
    const school = (items[i] as { title: string }).title;
    const link = `${ctx.cfg.publicUrl}/pec/planes/${a.plan.id}`;
    const obs = a.step.body.observations;
    const detail = obs.length ? `\n\n${obs.map((o, n) => `${n + 1}. ${o.text}`).join('\n')}` : '';
    return audience(audienceOf(a.step.action, a.plan.schoolPath)).map((to) => ({
      to,
      subject: `PEC: ${notice.es} / ${notice.en} — ${school.split(' ')[0]}`,
      text:
        `${notice.es}: ${school}${detail}\n\nConsúltelo en Calidad: ${link}\n\n---\n` +
        `${notice.en}: ${school}\n\nOpen it in Calidad: ${link}\n`,
    }));
  });
  await ctx.mailer.enqueueAll(tx, mail);
  await recordAudits(
    tx,
    accepted.map(({ step, plan, move, role }) => ({
      ctx: { actor: step.actor, role, meta: step.meta },
      input: {
        action: `planning.${step.action}`,
        entityType: 'pec_plan',
        entityId: plan.id,
        unitPath: plan.schoolPath,
        changes: {
          state: { before: move.from, after: move.to },
          revision: { before: null, after: plan.revision },
          ...(step.body.observations.length
            ? { observations: { before: null, after: step.body.observations.map((o) => o.text) } }
            : {}),
        },
      },
    })),
  );
}
