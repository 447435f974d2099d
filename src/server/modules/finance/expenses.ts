import { Readable } from 'node:stream';
import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { DOCUMENT_MAX_BYTES } from '../../../contract/enrollment.ts';
import type { ExpenseList } from '../../../contract/finance.ts';
import type { AppContext } from '../../context.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Db, Tx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { storedFiles } from '../../platform/files/schema.ts';
import { openFile, saveFile } from '../../platform/files/store.ts';
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
import { workflowEvents, workflowItems } from '../../platform/workflow/schema.ts';
import { sniffType } from '../enrollment/documents.ts';
import { pecRegistrations } from '../enrollment/schema.ts';
import { pecPlans } from '../planning/schema.ts';
import { APPROVED } from '../planning/workflow.ts';
import { type Effective, effectiveFor } from '../rules/service.ts';
import { type CfdiFacts, type CfdiResult, validateCfdi } from './cfdi.ts';
import { requireOpenYear, schoolClosedAt } from './closing.ts';
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

type Plan = Awaited<ReturnType<typeof approvedPlan>>['plan'];
type Category = Effective['rules']['spending']['categories'][number];

/** The approved plan, the caller's grant on its school, the action and the category, all checked. */
async function expenseContext(tx: Tx, actor: Actor, planId: string, input: NewExpense) {
  const { plan, state } = await approvedPlan(tx, planId);
  const grant = authorize(actor, 'pec.register', plan.schoolPath);
  if (!APPROVED.includes(state)) throw new AppError(409, 'expense_plan_not_approved');
  const action = plan.content.pat.actions.find((a) => a.id === input.actionId);
  if (!action) throw new AppError(422, 'expense_action_unknown');
  const effective = await effectiveFor(tx, plan.cycleId, plan.schoolPath);
  const category = effective.rules.spending.categories.find((c) => c.code === input.category);
  if (!category) throw new AppError(422, 'expense_category_unknown', { category: input.category });
  if (category.forbidden) throw new AppError(422, 'expense_category_forbidden', { category: category.name });
  await requireOpenYear(tx, plan.cycleId, { id: plan.schoolUnitId });
  return { plan, grant, effective, category };
}

interface Proof {
  title: string;
  memo: string;
  spentOn: string;
  amount: number;
  proof: 'cfdi' | 'receipt';
  cfdiUuid?: string;
  cfdiFacts?: CfdiFacts;
  receiptReason?: string;
  issuer?: string;
  file: { bytes: Buffer; name: string; contentType: string; kind: string };
}

/**
 * The part every proof shares: one writer per school (so two expenses cannot both squeeze under a
 * cap), the category's cap, the stored file, the review item, the row, the ledger entry, the audit.
 */
async function recordExpense(
  tx: Tx,
  actor: Actor,
  meta: RequestMeta,
  checked: { plan: Plan; grant: { role: string }; category: Category },
  input: NewExpense,
  proof: Proof,
): Promise<string> {
  const { plan, grant, category } = checked;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('pec_expense'), ${plan.schoolUnitId})`);
  if (proof.cfdiUuid) {
    const [used] = await tx
      .select({ id: pecExpenses.id })
      .from(pecExpenses)
      .where(eq(pecExpenses.cfdiUuid, proof.cfdiUuid));
    if (used) throw new AppError(409, 'expense_cfdi_used', { uuid: proof.cfdiUuid });
  }
  const spent = (await spentByCategory(tx, plan.cycleId, plan.schoolUnitId)).get(category.code) ?? 0;
  if (category.maxAmount !== null && spent + proof.amount > category.maxAmount) {
    throw new AppError(422, 'expense_category_cap', {
      category: category.name,
      cap: pesos(category.maxAmount),
      spent: pesos(spent),
      amount: pesos(proof.amount),
    });
  }
  const file = await saveFile(tx, Readable.from([proof.file.bytes]), {
    name: proof.file.name,
    contentType: proof.file.contentType,
    createdBy: actor.userId,
    maxBytes: DOCUMENT_MAX_BYTES,
  });
  const item = await createItem(
    tx,
    expenseFlow,
    { title: proof.title, scopePath: plan.schoolPath, awaiting: null },
    { actorId: actor.userId, actingAs: grant.role },
  );
  const [expense] = await tx
    .insert(pecExpenses)
    .values({
      cycleId: plan.cycleId,
      schoolUnitId: plan.schoolUnitId,
      schoolPath: plan.schoolPath,
      planId: plan.id,
      actionId: input.actionId,
      category: category.code,
      amount: proof.amount,
      description: input.description,
      spentOn: proof.spentOn,
      proof: proof.proof,
      cfdiUuid: proof.cfdiUuid ?? null,
      cfdiFacts: proof.cfdiFacts ?? null,
      receiptReason: proof.receiptReason ?? null,
      issuer: proof.issuer ?? null,
      files: [{ fileId: file.id, name: file.name, kind: proof.file.kind }],
      itemId: item.id,
      createdBy: actor.userId,
    })
    .onConflictDoNothing()
    .returning();
  // Another school's request with the same invoice committed between our check and this insert.
  if (!expense) throw new AppError(409, 'expense_cfdi_used', { uuid: proof.cfdiUuid ?? '' });
  const posted = await postOperation(
    tx,
    {
      type: 'expense',
      cycleId: plan.cycleId,
      school: { id: plan.schoolUnitId, path: plan.schoolPath },
      category: category.code,
      amount: proof.amount,
    },
    actor.userId,
    { type: 'pec_expense', id: expense.id, memo: proof.memo },
  );
  // Checked once the school account is locked, so a year close cannot slip in between.
  await requireOpenYear(tx, plan.cycleId, { id: plan.schoolUnitId });
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
        amount: { before: null, after: proof.amount },
        category: { before: null, after: category.code },
        actionId: { before: null, after: input.actionId },
        ...(proof.cfdiUuid
          ? { cfdi: { before: null, after: proof.cfdiUuid } }
          : { receipt: { before: null, after: { reason: proof.receiptReason, file: file.sha256 } } }),
        entryId: { before: null, after: posted.entryId },
      },
    },
  );
  return expense.id;
}

/**
 * Registers an expense proven by a CFDI, in the caller's transaction (the idempotency key's, so the
 * stored answer and the money commit together): validates the invoice (issued to the school's RFC
 * when the rules require it), checks the PAT action and the spending rules, stores the XML, posts the
 * expense (school → expense:category) and opens its review. The same invoice twice, here or at
 * another school, is refused.
 */
export async function registerCfdiExpense(
  tx: Tx,
  actor: Actor,
  meta: RequestMeta,
  planId: string,
  input: NewExpense,
  xml: Buffer,
): Promise<{ id: string; amount: number; uuid: string; warnings: string[] }> {
  const checked = await expenseContext(tx, actor, planId, input);
  const { rules } = checked.effective;
  let receptorRfc: string | null = null;
  if (rules.spending.requireReceptorRfc) {
    const [reg] = await tx
      .select({ commitment: pecRegistrations.commitment })
      .from(pecRegistrations)
      .where(
        and(
          eq(pecRegistrations.cycleId, checked.plan.cycleId),
          eq(pecRegistrations.schoolUnitId, checked.plan.schoolUnitId),
        ),
      );
    receptorRfc = reg?.commitment.schoolRfc || null;
    if (!receptorRfc) throw new AppError(409, 'expense_school_rfc_missing');
  }
  const result = validateCfdi(xml, {
    cycle: { from: rules.calendar.call_opens, to: rules.calendar.expense_proofs },
    receptorRfc,
    maxBytes: CFDI_MAX_BYTES,
  });
  if (!result.ok || !result.facts) refuseCfdi(result, actor.locale);
  const facts = result.facts;
  const id = await recordExpense(tx, actor, meta, checked, input, {
    title: `${facts.emisorName} · ${pesos(facts.total)}`,
    memo: `${facts.emisorName} (${facts.uuid})`,
    spentOn: facts.issuedAt.slice(0, 10),
    amount: facts.total,
    proof: 'cfdi',
    cfdiUuid: facts.uuid,
    cfdiFacts: facts,
    issuer: facts.emisorName,
    file: { bytes: xml, name: `${facts.uuid}.xml`, contentType: 'application/xml', kind: 'cfdi' },
  });
  const warnings = result.checks
    .filter((c) => !c.ok && c.severity === 'warning')
    .map((c) => (actor.locale === 'es' ? c.es : c.en));
  return { id, amount: facts.total, uuid: facts.uuid, warnings };
}

export interface NewReceipt extends NewExpense {
  amount: number;
  spentOn: string;
  issuer: string;
  reason: string;
}

/**
 * Registers an expense proven by a receipt that is not a CFDI, where the rules allow it: with the
 * reason no CFDI could be had, the scan (PDF or image, checked by its content), an amount within the
 * rules' limit per receipt and a date inside the cycle. Otherwise as a CFDI expense.
 */
export async function registerReceiptExpense(
  tx: Tx,
  actor: Actor,
  meta: RequestMeta,
  planId: string,
  input: NewReceipt,
  scan: { bytes: Buffer; fileName: string | undefined },
): Promise<{ id: string; amount: number }> {
  const checked = await expenseContext(tx, actor, planId, input);
  const { receipts } = checked.effective.rules.spending;
  const calendar = checked.effective.rules.calendar;
  if (!receipts.allowed) throw new AppError(422, 'expense_receipt_not_allowed');
  if (receipts.maxAmount !== null && input.amount > receipts.maxAmount)
    throw new AppError(422, 'expense_receipt_cap', {
      cap: pesos(receipts.maxAmount),
      amount: pesos(input.amount),
    });
  if (input.spentOn < calendar.call_opens || input.spentOn > calendar.expense_proofs)
    throw new AppError(422, 'expense_date_outside', {
      from: calendar.call_opens,
      to: calendar.expense_proofs,
    });
  if (scan.bytes.length === 0) throw new AppError(422, 'enrollment_file_empty');
  const type = sniffType(scan.bytes);
  if (!type) throw new AppError(415, 'enrollment_file_type');
  const ext = type === 'application/pdf' ? 'pdf' : type === 'image/png' ? 'png' : 'jpg';
  const id = await recordExpense(tx, actor, meta, checked, input, {
    title: `${input.issuer} · ${pesos(input.amount)}`,
    memo: `${input.issuer} (recibo simple)`,
    spentOn: input.spentOn,
    amount: input.amount,
    proof: 'receipt',
    receiptReason: input.reason,
    issuer: input.issuer,
    file: {
      bytes: scan.bytes,
      name: safeName(scan.fileName, `recibo.${ext}`),
      contentType: type,
      kind: 'receipt',
    },
  });
  return { id, amount: input.amount };
}

/** A file name fit to store and to send back in a header. */
function safeName(raw: string | undefined, fallback: string): string {
  const clean = [...(raw ?? '')].map((ch) => (ch < ' ' || ch === '/' || ch === '\\' ? '_' : ch)).join('');
  return clean.slice(0, 200) || fallback;
}

/** The school attaches the CFDI's PDF (its printed representation) to an expense under review, once. */
export async function attachPdf(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  upload: { bytes: Buffer; fileName: string | undefined },
): Promise<{ files: { fileId: string; name: string; kind: string }[] }> {
  const [expense] = await ctx.db.select().from(pecExpenses).where(eq(pecExpenses.id, id));
  if (!expense || !can(actor, 'org.read', expense.schoolPath)) throw new AppError(404, 'not_found');
  const grant = authorize(actor, 'pec.register', expense.schoolPath);
  if (upload.bytes.length === 0) throw new AppError(422, 'enrollment_file_empty');
  if (sniffType(upload.bytes) !== 'application/pdf') throw new AppError(415, 'enrollment_file_type');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ e: pecExpenses, state: workflowItems.state })
      .from(pecExpenses)
      .innerJoin(workflowItems, eq(workflowItems.id, pecExpenses.itemId))
      .where(eq(pecExpenses.id, id))
      .for('update', { of: pecExpenses });
    if (!row) throw new AppError(404, 'not_found');
    if (row.state !== 'submitted' && row.state !== 'observed')
      throw new AppError(409, 'workflow_action_invalid', { action: 'pdf', state: row.state });
    if (row.e.files.some((f) => f.kind === 'pdf')) throw new AppError(409, 'expense_pdf_exists');
    const file = await saveFile(tx, Readable.from([upload.bytes]), {
      name: safeName(upload.fileName, `${row.e.cfdiUuid ?? 'comprobante'}.pdf`),
      contentType: 'application/pdf',
      createdBy: actor.userId,
      maxBytes: DOCUMENT_MAX_BYTES,
    });
    const files = [...row.e.files, { fileId: file.id, name: file.name, kind: 'pdf' }];
    await tx.update(pecExpenses).set({ files }).where(eq(pecExpenses.id, id));
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'finance.expense_pdf',
        entityType: 'pec_expense',
        entityId: id,
        unitPath: expense.schoolPath,
        changes: { pdf: { before: null, after: { fileId: file.id, sha256: file.sha256, size: file.size } } },
      },
    );
    return { files };
  });
}

/** One of an expense's files, for whoever may read the school. */
export async function openExpenseFile(db: Db, actor: Actor, id: string, fileId: string) {
  const [expense] = await db.select().from(pecExpenses).where(eq(pecExpenses.id, id));
  if (!expense || !can(actor, 'org.read', expense.schoolPath)) throw new AppError(404, 'not_found');
  const listed = expense.files.find((f) => f.fileId === fileId);
  if (!listed) throw new AppError(404, 'not_found');
  const [f] = await db.select().from(storedFiles).where(eq(storedFiles.id, fileId));
  if (!f?.completedAt) throw new AppError(404, 'not_found');
  return { name: f.name, contentType: f.contentType, size: f.size, stream: openFile(db, f.id) };
}

export async function listExpenses(db: Db, actor: Actor, planId: string): Promise<ExpenseList> {
  const { plan, state } = await approvedPlan(db, planId);
  authorize(actor, 'org.read', plan.schoolPath);
  const effective = await effectiveFor(db, plan.cycleId, plan.schoolPath);
  const rows = await db
    .select({ e: pecExpenses, state: workflowItems.state, version: workflowItems.version })
    .from(pecExpenses)
    .innerJoin(workflowItems, eq(workflowItems.id, pecExpenses.itemId))
    .where(eq(pecExpenses.planId, planId))
    .orderBy(desc(pecExpenses.createdAt));
  const actorIds = rows.length
    ? await db
        .selectDistinct({ id: workflowEvents.actorId })
        .from(workflowEvents)
        .where(
          inArray(
            workflowEvents.itemId,
            rows.map((r) => r.e.itemId),
          ),
        )
    : [];
  const ids = actorIds.map((a) => a.id).filter((x): x is string => !!x);
  const who = new Map(
    (ids.length
      ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))
      : []
    ).map((u) => [u.id, u.name]),
  );
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
        proof: r.e.proof,
        cfdiUuid: r.e.cfdiUuid,
        receiptReason: r.e.receiptReason,
        issuer: r.e.issuer ?? (r.e.cfdiFacts as { emisorName?: string } | null)?.emisorName ?? null,
        files: r.e.files,
        state: r.state as ExpenseList['expenses'][number]['state'],
        version: r.version,
        actions: actionsFrom(expenseFlow, r.state as 'submitted').filter((a) =>
          can(actor, REVIEWERS[a], plan.schoolPath),
        ),
        timeline: (await timeline(db, r.e.itemId)).map((e) => ({
          action: e.action,
          toState: e.toState,
          comment: e.comment,
          at: dbTimeIso(e.at),
          by: e.actorId ? { id: e.actorId, name: who.get(e.actorId) ?? '—' } : null,
          actingAs: e.actingAs,
        })),
      })),
    ),
    receipts: effective.rules.spending.receipts,
    can: {
      register:
        APPROVED.includes(state) &&
        can(actor, 'pec.register', plan.schoolPath) &&
        !(await schoolClosedAt(db, plan.cycleId, plan.schoolUnitId)),
    },
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
