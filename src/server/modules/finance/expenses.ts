import { Readable } from 'node:stream';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Db, Tx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { saveFile } from '../../platform/files/store.ts';
import { pesos } from '../../platform/money.ts';
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
import { pecPlans } from '../planning/schema.ts';
import { APPROVED } from '../planning/workflow.ts';
import { effectiveFor } from '../rules/service.ts';
import { type CfdiResult, validateCfdi } from './cfdi.ts';
import { reverse } from './ledger.ts';
import { postOperation } from './operations.ts';
import { pecExpenses } from './schema.ts';

/**
 * A school's expenses: each against an action of its approved PAT and a spending category of the
 * effective rules, proven by a CFDI 4.0 e-invoice (validated by cfdi.ts; its UUID unique in the whole
 * programme by a database constraint), within the spending rules (a forbidden category or a cap
 * exceeded is refused naming the rule), paid from the school's account (the ledger refuses an
 * overdraft). The zone supervisor or the state reviews each expense on the workflow engine: accepts
 * it, or observes it and the school answers; a rejected expense is reversed in the ledger.
 */
export const expenseFlow = defineWorkflow({
  type: 'pec.expense',
  initial: 'submitted',
  states: ['submitted', 'observed', 'accepted', 'rejected'],
  transitions: {
    accept: { from: ['submitted'], to: 'accepted' },
    observe: { from: ['submitted'], to: 'observed', comment: 'required' },
    answer: { from: ['observed'], to: 'submitted', comment: 'required' },
    reject: { from: ['submitted', 'observed'], to: 'rejected', comment: 'required' },
  },
});
export type ExpenseAction = keyof typeof expenseFlow.transitions;
const REVIEWERS: Record<ExpenseAction, 'pec.review' | 'pec.decide' | 'pec.register'> = {
  accept: 'pec.review',
  observe: 'pec.review',
  answer: 'pec.register',
  reject: 'pec.decide',
};

export const CFDI_MAX_BYTES = 2 * 1024 * 1024;

export interface NewExpense {
  actionId: string;
  category: string;
  description: string;
}

async function approvedPlan(db: Db | Tx, planId: string) {
  const [row] = await db
    .select({ plan: pecPlans, state: workflowItems.state })
    .from(pecPlans)
    .innerJoin(workflowItems, eq(workflowItems.id, pecPlans.itemId))
    .where(eq(pecPlans.id, planId));
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

/** What the school has spent per category this cycle (expenses not rejected), in centavos. */
async function spentByCategory(tx: Tx, cycleId: number, schoolId: number): Promise<Map<string, number>> {
  const rows = await tx
    .select({ category: pecExpenses.category, total: sql<string>`sum(${pecExpenses.amount})` })
    .from(pecExpenses)
    .innerJoin(workflowItems, eq(workflowItems.id, pecExpenses.itemId))
    .where(
      and(
        eq(pecExpenses.cycleId, cycleId),
        eq(pecExpenses.schoolUnitId, schoolId),
        ne(workflowItems.state, 'rejected'),
      ),
    )
    .groupBy(pecExpenses.category);
  return new Map(rows.map((r) => [r.category, Number(r.total)]));
}

function refuseCfdi(result: CfdiResult, locale: 'es' | 'en'): never {
  const failed = result.checks.filter((c) => !c.ok && c.severity === 'error');
  throw new AppError(
    422,
    'expense_cfdi_invalid',
    { count: failed.length },
    {
      fieldErrors: failed.map((c) => ({ path: `cfdi.${c.check}`, message: locale === 'es' ? c.es : c.en })),
    },
  );
}

/**
 * Registers an expense proven by a CFDI, in the caller's transaction (the idempotency key's, so the
 * stored answer and the money commit together): validates the invoice, checks the PAT action and the
 * spending rules, stores the XML, posts the expense (school → expense:category) and opens its review.
 * The same invoice twice, here or at another school, is refused.
 */
export async function registerCfdiExpense(
  tx: Tx,
  actor: Actor,
  meta: RequestMeta,
  planId: string,
  input: NewExpense,
  xml: Buffer,
): Promise<{ id: string; amount: number; uuid: string; warnings: string[] }> {
  const { plan, state } = await approvedPlan(tx, planId);
  const grant = authorize(actor, 'pec.register', plan.schoolPath);
  if (!APPROVED.includes(state)) throw new AppError(409, 'expense_plan_not_approved');
  const action = plan.content.pat.actions.find((a) => a.id === input.actionId);
  if (!action) throw new AppError(422, 'expense_action_unknown');
  const effective = await effectiveFor(tx, plan.cycleId, plan.schoolPath);
  const category = effective.rules.spending.categories.find((c) => c.code === input.category);
  if (!category) throw new AppError(422, 'expense_category_unknown', { category: input.category });
  if (category.forbidden) throw new AppError(422, 'expense_category_forbidden', { category: category.name });
  const calendar = effective.rules.calendar;
  const result = validateCfdi(xml, {
    cycle: { from: calendar.call_opens, to: calendar.expense_proofs },
    receptorRfc: null,
    maxBytes: CFDI_MAX_BYTES,
  });
  if (!result.ok || !result.facts) refuseCfdi(result, actor.locale);
  const facts = result.facts;
  const amount = facts.total;
  {
    // One writer per school at a time, so two expenses cannot both squeeze under a cap.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('pec_expense'), ${plan.schoolUnitId})`);
    const [used] = await tx
      .select({ id: pecExpenses.id })
      .from(pecExpenses)
      .where(eq(pecExpenses.cfdiUuid, facts.uuid));
    if (used) throw new AppError(409, 'expense_cfdi_used', { uuid: facts.uuid });
    const spent = (await spentByCategory(tx, plan.cycleId, plan.schoolUnitId)).get(category.code) ?? 0;
    if (category.maxAmount !== null && spent + amount > category.maxAmount) {
      throw new AppError(422, 'expense_category_cap', {
        category: category.name,
        cap: pesos(category.maxAmount),
        spent: pesos(spent),
        amount: pesos(amount),
      });
    }
    const file = await saveFile(tx, Readable.from([xml]), {
      name: `${facts.uuid}.xml`,
      contentType: 'application/xml',
      createdBy: actor.userId,
      maxBytes: CFDI_MAX_BYTES,
    });
    const item = await createItem(
      tx,
      expenseFlow,
      { title: `${facts.emisorName} · ${pesos(amount)}`, scopePath: plan.schoolPath, awaiting: null },
      { actorId: actor.userId, actingAs: grant.role },
    );
    const [expense] = await tx
      .insert(pecExpenses)
      .values({
        cycleId: plan.cycleId,
        schoolUnitId: plan.schoolUnitId,
        schoolPath: plan.schoolPath,
        planId,
        actionId: input.actionId,
        category: category.code,
        amount,
        description: input.description,
        spentOn: facts.issuedAt.slice(0, 10),
        proof: 'cfdi',
        cfdiUuid: facts.uuid,
        cfdiFacts: facts,
        files: [{ fileId: file.id, name: file.name, kind: 'cfdi' }],
        itemId: item.id,
        createdBy: actor.userId,
      })
      .onConflictDoNothing()
      .returning();
    // Another school's request with the same invoice committed between our check and this insert.
    if (!expense) throw new AppError(409, 'expense_cfdi_used', { uuid: facts.uuid });
    const posted = await postOperation(
      tx,
      {
        type: 'expense',
        cycleId: plan.cycleId,
        school: { id: plan.schoolUnitId, path: plan.schoolPath },
        category: category.code,
        amount,
      },
      actor.userId,
      { type: 'pec_expense', id: expense.id, memo: `${facts.emisorName} (${facts.uuid})` },
    );
    await tx.update(pecExpenses).set({ entryId: posted.entryId }).where(eq(pecExpenses.id, expense.id));
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'finance.expense_register',
        entityType: 'pec_expense',
        entityId: expense.id,
        unitPath: plan.schoolPath,
        changes: {
          amount: { before: null, after: amount },
          category: { before: null, after: category.code },
          actionId: { before: null, after: input.actionId },
          cfdi: { before: null, after: facts.uuid },
          entryId: { before: null, after: posted.entryId },
        },
      },
    );
    const warnings = result.checks
      .filter((c) => !c.ok && c.severity === 'warning')
      .map((c) => (actor.locale === 'es' ? c.es : c.en));
    return { id: expense.id, amount, uuid: facts.uuid, warnings };
  }
}

export async function listExpenses(db: Db, actor: Actor, planId: string) {
  const { plan } = await approvedPlan(db, planId);
  authorize(actor, 'org.read', plan.schoolPath);
  const effective = await effectiveFor(db, plan.cycleId, plan.schoolPath);
  const rows = await db
    .select({ e: pecExpenses, state: workflowItems.state, version: workflowItems.version })
    .from(pecExpenses)
    .innerJoin(workflowItems, eq(workflowItems.id, pecExpenses.itemId))
    .where(eq(pecExpenses.planId, planId))
    .orderBy(desc(pecExpenses.createdAt));
  const totals = new Map<string, number>();
  for (const r of rows)
    if (r.state !== 'rejected') totals.set(r.e.category, (totals.get(r.e.category) ?? 0) + r.e.amount);
  return {
    expenses: await Promise.all(
      rows.map(async (r) => ({
        id: r.e.id,
        actionId: r.e.actionId,
        category: r.e.category,
        amount: r.e.amount,
        description: r.e.description,
        spentOn: r.e.spentOn,
        cfdiUuid: r.e.cfdiUuid,
        issuer: (r.e.cfdiFacts as { emisorName?: string } | null)?.emisorName ?? null,
        state: r.state,
        version: r.version,
        actions: actionsFrom(expenseFlow, r.state as 'submitted').filter((a) =>
          can(actor, REVIEWERS[a], plan.schoolPath),
        ),
        timeline: (await timeline(db, r.e.itemId)).map((e) => ({
          action: e.action,
          toState: e.toState,
          comment: e.comment,
          at: dbTimeIso(e.at),
        })),
      })),
    ),
    byCategory: effective.rules.spending.categories
      .filter((c) => !c.forbidden)
      .map((c) => ({
        category: c.code,
        name: c.name,
        spent: totals.get(c.code) ?? 0,
        maxAmount: c.maxAmount,
      })),
  };
}

/** Review of an expense: the supervisor accepts or observes it, the school answers, the state rejects (and the money returns to the school's account). */
export async function reviewExpense(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  action: ExpenseAction,
  comment: string | undefined,
): Promise<{ state: string }> {
  const [expense] = await ctx.db.select().from(pecExpenses).where(eq(pecExpenses.id, id));
  if (!expense) throw new AppError(404, 'not_found');
  const grant = authorize(actor, REVIEWERS[action], expense.schoolPath);
  return ctx.db.transaction(async (tx) => {
    const { from, to } = await transition(
      tx,
      expenseFlow,
      expense.itemId,
      action,
      { actorId: actor.userId, actingAs: grant.role },
      { comment: comment ?? null, awaiting: null },
    );
    let reversal: number | null = null;
    if (to === 'rejected' && expense.entryId)
      reversal = await reverse(tx, expense.entryId, comment ?? '', actor.userId);
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: `finance.expense_${action}`,
        entityType: 'pec_expense',
        entityId: id,
        unitPath: expense.schoolPath,
        changes: {
          state: { before: from, after: to },
          ...(comment ? { comment: { before: null, after: comment } } : {}),
          ...(reversal ? { reversalEntryId: { before: null, after: reversal } } : {}),
        },
      },
    );
    return { state: to };
  });
}
