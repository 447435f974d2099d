import { and, asc, desc, eq, ne } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  AccountabilityAction,
  AccountabilityGoal,
  AccountabilityIncome,
  AccountabilityReport,
  AcknowledgementBody,
} from '../../../contract/finance.ts';
import type { Locale } from '../../../contract/roles.ts';
import type { AppContext } from '../../context.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { pesos } from '../../platform/money.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { authorize, can } from '../../platform/permissions/policy.ts';
import { dbTimeIso, fechaDia } from '../../platform/time.ts';
import { workflowItems } from '../../platform/workflow/schema.ts';
import { schools } from '../catalog/schema.ts';
import { orgUnits, roleAssignments } from '../org/schema.ts';
import { pathIds } from '../org/search.ts';
import { pecActionProgress, pecPlans } from '../planning/schema.ts';
import { pecCycles } from '../rules/schema.ts';
import { effectiveFor } from '../rules/service.ts';
import { schoolClosedAt, schoolReturn } from './closing.ts';
import {
  ledgerAccounts,
  pecAccountabilityAcks,
  pecContributions,
  pecExpenses,
  pecTransfers,
} from './schema.ts';

/**
 * The school's accountability report (rendición de cuentas) for its community: what came in and
 * from whom, what was spent on which PAT action, what the actions and goals achieved, what is left
 * or was returned — one page in plain Spanish (its PDF in English too, for a reader who chose it),
 * printable, presented to the school council, which records its acknowledgement or its observations.
 * `schoolFacts` is also what the public site shows of a school (without the council's record or
 * anyone's account).
 */

type Unit = typeof orgUnits.$inferSelect;
const ref = (u: Pick<Unit, 'id' | 'code' | 'name'>) => ({ id: u.id, code: u.code, name: u.name });

export const SOURCE_LABEL: Record<string, string> = {
  initial: 'Programa Escuelas de Calidad: aportación inicial (Federación y estado)',
  match: 'Programa Escuelas de Calidad: contrapartida por lo que reunió la escuela',
  padres: 'Madres y padres de familia',
  municipio: 'Municipio',
  donativos: 'Donativos de particulares',
  otros: 'Otras fuentes',
};
/** The same sources for an English reader (the report's PDF, the public site); the programme keeps its name. */
export const SOURCE_LABEL_EN: Record<string, string> = {
  initial: 'Programa Escuelas de Calidad: initial grant (Federation and state)',
  match: 'Programa Escuelas de Calidad: matching grant for what the school raised',
  padres: 'Parents',
  municipio: 'Municipality',
  donativos: 'Private donations',
  otros: 'Other sources',
};
const KIND_WORD = {
  es: { cash: 'en efectivo', in_kind: 'en especie', labour: 'en trabajo' },
  en: { cash: 'in cash', in_kind: 'in kind', labour: 'in labour' },
} as const;

/** An income line's source in the reader's language (the stored label is Spanish). */
export const sourceLabel = (i: { source: string; label: string }, locale: Locale) =>
  locale === 'en' ? (SOURCE_LABEL_EN[i.source] ?? i.label) : i.label;

const FMT_LONG_DAY_EN = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', dateStyle: 'long' });

/** A calendar date as the report's reader reads it: '1 de septiembre de 2027' or 'September 1, 2027'. */
export const longDay = (day: string, locale: Locale) =>
  locale === 'en'
    ? FMT_LONG_DAY_EN.format(new Date(`${day}T12:00:00Z`)).replace(/[\u202f\u00a0]/g, ' ')
    : fechaDia(day);

export interface SchoolFacts {
  cycle: { id: number; schoolYear: string };
  school: Unit;
  state: Unit;
  locality: string | null;
  director: string | null;
  income: z.infer<typeof AccountabilityIncome>[];
  received: number;
  spent: number;
  spentByCategory: { category: string; name: string; amount: number }[];
  actions: z.infer<typeof AccountabilityAction>[];
  goals: z.infer<typeof AccountabilityGoal>[];
  balance: number;
  closedAt: string | null;
  return: Awaited<ReturnType<typeof schoolReturn>>;
}

/** Everything the school's report says, from the ledger, its domain rows and the approved PAT. */
export async function schoolFacts(db: Executor, cycleId: number, school: Unit): Promise<SchoolFacts> {
  const [cycle] = await db.select().from(pecCycles).where(eq(pecCycles.id, cycleId));
  if (!cycle) throw new AppError(404, 'not_found');
  const [state] = await db
    .select()
    .from(orgUnits)
    .where(eq(orgUnits.id, pathIds(school.path)[1] ?? 0));
  if (!state) throw new AppError(404, 'not_found');
  const { rules } = await effectiveFor(db, cycleId, school.path);
  const categoryName = new Map(rules.spending.categories.map((c) => [c.code, c.name]));
  const [catalog] = await db
    .select({ locality: schools.locality })
    .from(schools)
    .where(eq(schools.unitId, school.id));
  const [director] = await db
    .select({ name: users.name })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.unitId, school.id), eq(roleAssignments.role, 'school_director')))
    // The longest-serving director, so every page names the same one.
    .orderBy(asc(roleAssignments.createdAt), asc(roleAssignments.id))
    .limit(1);

  const income: SchoolFacts['income'] = [];
  const transfers = await db
    .select()
    .from(pecTransfers)
    .where(and(eq(pecTransfers.cycleId, cycleId), eq(pecTransfers.schoolUnitId, school.id)));
  for (const kind of ['initial', 'match'] as const) {
    const amount = transfers.filter((t) => t.kind === kind).reduce((n, t) => n + t.amount, 0);
    if (amount > 0) income.push({ source: kind, label: SOURCE_LABEL[kind] ?? kind, kind: 'cash', amount });
  }
  const contributions = await db
    .select()
    .from(pecContributions)
    .where(
      and(
        eq(pecContributions.cycleId, cycleId),
        eq(pecContributions.schoolUnitId, school.id),
        eq(pecContributions.status, 'approved'),
      ),
    );
  const bySource = new Map<string, SchoolFacts['income'][number]>();
  for (const c of contributions) {
    const key = `${c.source}:${c.kind}`;
    const e = bySource.get(key) ?? {
      source: c.source,
      label: SOURCE_LABEL[c.source] ?? c.source,
      kind: c.kind,
      amount: 0,
    };
    e.amount += c.amount;
    bySource.set(key, e);
  }
  income.push(...bySource.values());
  const received = income.filter((i) => i.kind === 'cash').reduce((n, i) => n + i.amount, 0);

  const expenses = await db
    .select({ actionId: pecExpenses.actionId, category: pecExpenses.category, amount: pecExpenses.amount })
    .from(pecExpenses)
    .innerJoin(workflowItems, eq(workflowItems.id, pecExpenses.itemId))
    .where(
      and(
        eq(pecExpenses.cycleId, cycleId),
        eq(pecExpenses.schoolUnitId, school.id),
        ne(workflowItems.state, 'rejected'),
      ),
    );
  const spentByAction = new Map<string, number>();
  const spentByCat = new Map<string, number>();
  for (const e of expenses) {
    spentByAction.set(e.actionId, (spentByAction.get(e.actionId) ?? 0) + e.amount);
    spentByCat.set(e.category, (spentByCat.get(e.category) ?? 0) + e.amount);
  }
  const spent = expenses.reduce((n, e) => n + e.amount, 0);

  const [plan] = await db
    .select()
    .from(pecPlans)
    .where(and(eq(pecPlans.cycleId, cycleId), eq(pecPlans.schoolUnitId, school.id)));
  const latest = new Map<string, typeof pecActionProgress.$inferSelect>();
  if (plan) {
    const progress = await db
      .select()
      .from(pecActionProgress)
      .where(eq(pecActionProgress.planId, plan.id))
      .orderBy(desc(pecActionProgress.reportedAt), desc(pecActionProgress.id));
    for (const p of progress) if (!latest.has(p.actionId)) latest.set(p.actionId, p);
  }
  const actions = (plan?.content.pat.actions ?? []).map((a) => {
    const p = latest.get(a.id);
    return {
      actionId: a.id,
      text: a.text,
      category: a.category,
      categoryName: a.category ? (categoryName.get(a.category) ?? a.category) : null,
      planned: a.cost,
      spent: spentByAction.get(a.id) ?? 0,
      status: p?.status ?? 'pending',
      percent: p?.percent ?? 0,
      evidence: p?.evidence ?? '',
    };
  });
  const goals = (plan?.content.pete.goals ?? []).map((g) => {
    const mine = actions.filter(
      (a) => plan?.content.pat.actions.find((x) => x.id === a.actionId)?.goalId === g.id,
    );
    const counted = mine.filter((a) => a.status !== 'cancelled');
    return {
      id: g.id,
      text: g.text,
      indicator: g.indicator,
      baseline: g.baseline,
      target: g.target,
      percent: counted.length ? Math.round(counted.reduce((n, a) => n + a.percent, 0) / counted.length) : 0,
    };
  });
  const [account] = await db
    .select({ balance: ledgerAccounts.balance })
    .from(ledgerAccounts)
    .where(
      and(
        eq(ledgerAccounts.cycleId, cycleId),
        eq(ledgerAccounts.kind, 'school'),
        eq(ledgerAccounts.unitId, school.id),
      ),
    );
  return {
    cycle: { id: cycle.id, schoolYear: cycle.schoolYear },
    school,
    state: state as Unit,
    locality: catalog?.locality ?? null,
    director: director?.name ?? null,
    income,
    received,
    spent,
    spentByCategory: [...spentByCat]
      .map(([category, amount]) => ({ category, name: categoryName.get(category) ?? category, amount }))
      .sort((a, b) => b.amount - a.amount),
    actions,
    goals,
    balance: account?.balance ?? 0,
    closedAt: await schoolClosedAt(db, cycleId, school.id),
    return: await schoolReturn(db, cycleId, school),
  };
}

/**
 * What the plain sentences are made of: the school's facts, or the report built from them (so its PDF
 * can say them again in the reader's language).
 */
type SummaryFacts = Pick<SchoolFacts, 'income' | 'received' | 'spent' | 'actions' | 'balance' | 'return'> & {
  schoolYear: string;
};

/** The report's facts as sentences a parent can read aloud at the council session; Spanish unless asked. */
export function plainSummary(f: SummaryFacts, locale: Locale = 'es'): string[] {
  const en = locale === 'en';
  const out: string[] = [];
  const label = (i: SummaryFacts['income'][number]) => sourceLabel(i, locale);
  // Mid-sentence a source reads in lower case, except the programme's own name.
  const lower = (s: string) =>
    s.startsWith('Programa') && en ? s : `${s.charAt(0).toLowerCase()}${s.slice(1)}`;
  const cash = f.income.filter((i) => i.kind === 'cash');
  if (cash.length === 0)
    out.push(
      en
        ? `In the ${f.schoolYear} school year the school has not received any money yet.`
        : `En el ciclo escolar ${f.schoolYear} la escuela aún no ha recibido dinero.`,
    );
  else
    out.push(
      en
        ? `In the ${f.schoolYear} school year the school received ${pesos(f.received)}: ` +
            `${cash.map((i) => `${pesos(i.amount)} from ${lower(label(i))}`).join('; ')}.`
        : `En el ciclo escolar ${f.schoolYear} la escuela recibió ${pesos(f.received)}: ` +
            `${cash.map((i) => `${pesos(i.amount)} de ${lower(label(i))}`).join('; ')}.`,
    );
  const goods = f.income.filter((i) => i.kind !== 'cash');
  if (goods.length) {
    const list = goods.map(
      (i) => `${pesos(i.amount)} ${KIND_WORD[locale][i.kind]} (${label(i).toLowerCase()})`,
    );
    out.push(
      en
        ? `The community also contributed ${list.join(' and ')}.`
        : `Además, la comunidad aportó ${list.join(' y ')}.`,
    );
  }
  if (f.spent === 0)
    out.push(en ? 'No spending has been proven yet.' : 'Todavía no se ha comprobado ningún gasto.');
  else {
    const top = f.actions.filter((a) => a.spent > 0).sort((a, b) => b.spent - a.spent);
    out.push(
      en
        ? `${pesos(f.spent)} were spent, proven with invoices, on ${top.length} ${top.length === 1 ? 'action' : 'actions'} of the work plan: ` +
            `${top.map((a) => `"${a.text}" (${pesos(a.spent)})`).join(', ')}.`
        : `Se gastaron ${pesos(f.spent)}, comprobados con facturas, en ${top.length} ${top.length === 1 ? 'acción' : 'acciones'} del plan de trabajo: ` +
            `${top.map((a) => `«${a.text}» (${pesos(a.spent)})`).join(', ')}.`,
    );
  }
  const done = f.actions.filter((a) => a.status === 'done').length;
  const rest = f.actions.length - done;
  if (f.actions.length)
    out.push(
      en
        ? `Of the plan's ${f.actions.length} actions, ${done} ${done === 1 ? 'is' : 'are'} done` +
            `${rest > 0 ? ` and ${rest} ${rest === 1 ? 'is' : 'are'} still pending or in progress` : ''}.`
        : `De las ${f.actions.length} acciones del plan, ${done} ${done === 1 ? 'está concluida' : 'están concluidas'}` +
            `${rest > 0 ? ` y ${rest} siguen pendientes o en proceso` : ''}.`,
    );
  if (f.return?.returnedAt)
    out.push(
      en
        ? `The ${pesos(f.return.amount)} that were not spent were returned to the state trust fund (reintegro).`
        : `Los ${pesos(f.return.amount)} que no se gastaron se devolvieron al fideicomiso estatal (reintegro).`,
    );
  else if (f.return)
    out.push(
      en
        ? `${pesos(f.return.amount)} were left unspent, which the school must return to the state trust fund by ${longDay(f.return.dueOn, locale)} (reintegro).`
        : `Quedaron ${pesos(f.return.amount)} sin gastar, que la escuela debe devolver al fideicomiso estatal a más tardar el ${longDay(f.return.dueOn, locale)}.`,
    );
  else if (f.balance > 0)
    out.push(
      en
        ? `Today the school's account has ${pesos(f.balance)} left to spend.`
        : `Hoy la cuenta de la escuela tiene ${pesos(f.balance)} por ejercer.`,
    );
  return out;
}

async function requireSchool(db: Executor, id: number): Promise<Unit> {
  const [u] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
  if (u?.kind !== 'school') throw new AppError(404, 'not_found');
  return u as Unit;
}

export async function getAccountability(
  db: Executor,
  actor: Actor,
  cycleId: number,
  schoolId: number,
): Promise<z.infer<typeof AccountabilityReport>> {
  const school = await requireSchool(db, schoolId);
  authorize(actor, 'org.read', school.path);
  const f = await schoolFacts(db, cycleId, school);
  const [ack] = await db
    .select({ a: pecAccountabilityAcks, name: users.name })
    .from(pecAccountabilityAcks)
    .leftJoin(users, eq(users.id, pecAccountabilityAcks.recordedBy))
    .where(
      and(eq(pecAccountabilityAcks.cycleId, cycleId), eq(pecAccountabilityAcks.schoolUnitId, school.id)),
    );
  return {
    cycleId,
    schoolYear: f.cycle.schoolYear,
    school: ref(f.school),
    state: ref(f.state),
    locality: f.locality,
    director: f.director,
    income: f.income,
    received: f.received,
    spent: f.spent,
    spentByCategory: f.spentByCategory,
    actions: f.actions,
    goals: f.goals,
    balance: f.balance,
    closedAt: f.closedAt,
    return: f.return,
    // In the reader's language, as the page around it.
    summary: plainSummary({ ...f, schoolYear: f.cycle.schoolYear }, actor.locale),
    acknowledgement: ack
      ? {
          acknowledged: ack.a.acknowledged,
          observations: ack.a.observations,
          heldOn: ack.a.heldOn,
          attendees: ack.a.attendees,
          recordedBy: ack.a.recordedBy ? { id: ack.a.recordedBy, name: ack.name ?? '—' } : null,
          recordedAt: dbTimeIso(ack.a.recordedAt),
        }
      : null,
    can: {
      acknowledge: !!f.closedAt && can(actor, 'pec.council', school.path),
      payReturn:
        !!f.return &&
        !f.return.returnedAt &&
        (can(actor, 'pec.register', school.path) || can(actor, 'pec.decide', school.path)),
    },
  };
}

/**
 * The council's answer, from the session where the report was presented: acknowledged, or
 * observations (then required). A later session replaces it; the audit trail keeps both.
 */
export async function acknowledge(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  schoolId: number,
  input: z.infer<typeof AcknowledgementBody>,
): Promise<z.infer<typeof AccountabilityReport>> {
  const school = await requireSchool(ctx.db, schoolId);
  if (!can(actor, 'org.read', school.path)) throw new AppError(404, 'not_found');
  const grant = authorize(actor, 'pec.council', school.path);
  if (!input.acknowledged && !input.observations)
    throw new AppError(422, 'validation_failed', undefined, {
      fieldErrors: [
        {
          path: 'observations',
          message:
            actor.locale === 'es'
              ? 'Escriba las observaciones del consejo.'
              : "Write down the council's observations.",
        },
      ],
    });
  if (!(await schoolClosedAt(ctx.db, cycleId, school.id)))
    throw new AppError(409, 'accountability_not_closed');
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(pecAccountabilityAcks)
      .where(
        and(eq(pecAccountabilityAcks.cycleId, cycleId), eq(pecAccountabilityAcks.schoolUnitId, school.id)),
      )
      .for('update');
    const values = {
      acknowledged: input.acknowledged,
      observations: input.observations,
      heldOn: input.heldOn,
      attendees: input.attendees,
      recordedBy: actor.userId,
    };
    await tx
      .insert(pecAccountabilityAcks)
      .values({ cycleId, schoolUnitId: school.id, ...values })
      .onConflictDoUpdate({
        target: [pecAccountabilityAcks.cycleId, pecAccountabilityAcks.schoolUnitId],
        set: { ...values, recordedAt: new Date().toISOString() },
      });
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'pec.accountability_ack',
        entityType: 'pec_accountability',
        entityId: `${cycleId}:${school.id}`,
        unitPath: school.path,
        changes: {
          acknowledged: { before: before?.acknowledged ?? null, after: input.acknowledged },
          observations: { before: before?.observations ?? null, after: input.observations },
          heldOn: { before: before?.heldOn ?? null, after: input.heldOn },
          attendees: { before: before?.attendees ?? null, after: input.attendees },
        },
      },
    );
  });
  return getAccountability(ctx.db, actor, cycleId, schoolId);
}
