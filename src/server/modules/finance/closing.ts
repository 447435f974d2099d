import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ClosingQuery, ClosingReport, ClosingTotals, ReturnInfo } from '../../../contract/finance.ts';
import type { AppContext } from '../../context.ts';
import { recordAudit, recordAudits } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Executor } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { authorize, can } from '../../platform/permissions/policy.ts';
import { dbTimeIso, todayMx } from '../../platform/time.ts';
import { workflowItems } from '../../platform/workflow/schema.ts';
import { orgUnits } from '../org/schema.ts';
import { pathIds, searchKey } from '../org/search.ts';
import { requireUnit } from '../org/service.ts';
import { pecCycles } from '../rules/schema.ts';
import { effectiveFor } from '../rules/service.ts';
import { idempotent, type Outcome } from './idempotency.ts';
import { accountFor, lockAccounts } from './ledger.ts';
import { postOperation } from './operations.ts';
import {
  ledgerAccounts,
  pecAllocations,
  pecContributions,
  pecExpenses,
  pecReturns,
  pecTransfers,
  pecYearCloses,
} from './schema.ts';

/**
 * Year close (cierre del ejercicio). The state coordination closes a school's year, or its whole
 * state's (every school at once, all or nothing): no expense may still await review; what is left in
 * each school account becomes its return due (reintegro) by the rules' `returns` date; from then on
 * the account takes no money in or out but the return itself. Once the state is closed it records
 * what its trust fund gives back to the Federation. The closing reports (state and nation) derive
 * every figure from the ledger and the domain rows: allocated, contributed, raised, matched,
 * transferred, spent by category, returned.
 */

type Unit = typeof orgUnits.$inferSelect;
const ref = (u: Pick<Unit, 'id' | 'code' | 'name'>) => ({ id: u.id, code: u.code, name: u.name });
const kindRef = (u: Unit) => ({
  ...ref(u),
  kind: u.kind as 'nation' | 'state' | 'sector' | 'zone' | 'school',
});

/** Refuses money in or out of a school whose year is closed. */
export async function requireOpenYear(db: Executor, cycleId: number, school: { id: number; code?: string }) {
  const [closed] = await db
    .select({ id: pecYearCloses.id })
    .from(pecYearCloses)
    .where(and(eq(pecYearCloses.cycleId, cycleId), eq(pecYearCloses.unitId, school.id)));
  if (closed) {
    const code =
      school.code ??
      (await db.select({ code: orgUnits.code }).from(orgUnits).where(eq(orgUnits.id, school.id)))[0]?.code ??
      '';
    throw new AppError(409, 'finance_year_closed', { cct: code });
  }
}

/** School ids of a state (or one school) whose year is closed, for the given cycle. */
export async function closedSchools(
  db: Executor,
  cycleId: number,
  schoolIds: number[],
): Promise<Set<number>> {
  if (!schoolIds.length) return new Set();
  const rows = await db
    .select({ id: pecYearCloses.unitId })
    .from(pecYearCloses)
    .where(and(eq(pecYearCloses.cycleId, cycleId), inArray(pecYearCloses.unitId, schoolIds)));
  return new Set(rows.map((r) => r.id));
}

/** Expenses under a path still submitted or observed. */
/** Expenses under a path still submitted or observed, counted per school path. */
async function pendingReviews(db: Executor, cycleId: number, path: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ path: pecExpenses.schoolPath, n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(pecExpenses)
    .innerJoin(workflowItems, eq(workflowItems.id, pecExpenses.itemId))
    .where(
      and(
        eq(pecExpenses.cycleId, cycleId),
        like(pecExpenses.schoolPath, `${path}%`),
        inArray(workflowItems.state, ['submitted', 'observed']),
      ),
    )
    .groupBy(pecExpenses.schoolPath);
  return new Map(rows.map((r) => [r.path, r.n]));
}

async function requireCycle(db: Executor, id: number) {
  const [c] = await db.select().from(pecCycles).where(eq(pecCycles.id, id));
  if (!c) throw new AppError(404, 'not_found');
  return c;
}

/**
 * Closes the year of one school, or of a state and every school in it not yet closed (selected
 * schools and any school with an account in the cycle). Idempotent under its key.
 */
export async function closeYear(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  target: { kind: 'school' | 'state'; id: number },
  note: string,
  key: string | undefined,
): Promise<Outcome<{ closed: number; returnsDue: number; returns: number }>> {
  const unit = (await requireUnit(ctx.db, target.id)) as Unit;
  if (unit.kind !== target.kind) throw new AppError(404, 'not_found');
  const grant = authorize(actor, 'pec.decide', unit.path);
  await requireCycle(ctx.db, cycleId);
  const route = `POST /api/pec/cycles/${cycleId}/${unit.kind}s/${unit.id}/close`;
  return idempotent(ctx.db, actor.userId, key, route, { note }, async (tx) => {
    // One close per state at a time: the state's row is the lock.
    const statePath = unit.kind === 'state' ? unit.path : `/${pathIds(unit.path).slice(0, 2).join('/')}/`;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('pec_close'), ${pathIds(statePath)[1] ?? 0})`);
    const [already] = await tx
      .select()
      .from(pecYearCloses)
      .where(and(eq(pecYearCloses.cycleId, cycleId), eq(pecYearCloses.unitId, unit.id)));
    if (already)
      throw new AppError(409, 'close_already', {
        state: unit.name,
        at: dbTimeIso(already.closedAt).slice(0, 10),
      });
    const pending = [...(await pendingReviews(tx, cycleId, unit.path)).values()].reduce((n, c) => n + c, 0);
    if (pending > 0) throw new AppError(409, 'close_pending_reviews', { count: pending });
    // The schools: the one, or every school of the state that has a registration or an account.
    const candidates =
      unit.kind === 'school'
        ? [unit]
        : ((await tx
            .select()
            .from(orgUnits)
            .where(
              and(
                eq(orgUnits.kind, 'school'),
                sql`${orgUnits.id} in (
                  select school_unit_id from pec_registrations where cycle_id = ${cycleId} and state_unit_id = ${unit.id}
                  union
                  select unit_id from ledger_accounts where cycle_id = ${cycleId} and kind = 'school'
                    and unit_path like ${`${unit.path}%`})`,
              ),
            )
            .orderBy(asc(orgUnits.id))) as Unit[]);
    const done = await closedSchools(
      tx,
      cycleId,
      candidates.map((s) => s.id),
    );
    const schools = candidates.filter((s) => !done.has(s.id));
    const { rules } = await effectiveFor(tx, cycleId, statePath);
    const dueOn = rules.calendar.returns;
    let returnsDue = 0;
    let returnCount = 0;
    // Every school's entry (and the state's) in one append at the end: chain heads taken in order.
    const by = { actor, role: grant.role, meta };
    const entries: Parameters<typeof recordAudits>[1] = [];
    for (const school of schools) {
      const account = await accountFor(tx, { cycleId, kind: 'school', unit: school });
      const balance = (await lockAccounts(tx, [account.id])).get(account.id) ?? 0;
      await tx.insert(pecYearCloses).values({
        cycleId,
        unitId: school.id,
        unitPath: school.path,
        unitKind: 'school',
        balance,
        closedBy: actor.userId,
      });
      if (balance > 0) {
        await tx.insert(pecReturns).values({ cycleId, schoolUnitId: school.id, amount: balance, dueOn });
        returnsDue += balance;
        returnCount++;
      }
      entries.push({
        ctx: by,
        input: {
          action: 'pec.year_close',
          entityType: 'pec_year_close',
          entityId: `${cycleId}:${school.id}`,
          unitPath: school.path,
          changes: {
            closed: { before: null, after: true },
            balance: { before: null, after: balance },
            ...(balance > 0 ? { returnDue: { before: null, after: { amount: balance, dueOn } } } : {}),
            ...(note ? { note: { before: null, after: note } } : {}),
          },
        },
      });
    }
    if (unit.kind === 'state') {
      await tx.insert(pecYearCloses).values({
        cycleId,
        unitId: unit.id,
        unitPath: unit.path,
        unitKind: 'state',
        closedBy: actor.userId,
      });
      entries.push({
        ctx: by,
        input: {
          action: 'pec.year_close',
          entityType: 'pec_year_close',
          entityId: `${cycleId}:${unit.id}`,
          unitPath: unit.path,
          changes: {
            closed: { before: null, after: true },
            schools: { before: null, after: schools.length },
            returnsDue: { before: null, after: returnsDue },
            ...(note ? { note: { before: null, after: note } } : {}),
          },
        },
      });
    }
    await recordAudits(tx, entries);
    return { status: 200, body: { closed: schools.length, returnsDue, returns: returnCount } };
  });
}

/**
 * Records a school's return (reintegro) to the state trust fund: the whole amount due, once, by the
 * school's director or the state coordination, with the deposit's reference.
 */
export async function payReturn(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  returnId: number,
  reference: string,
  key: string | undefined,
): Promise<Outcome<ReturnInfo>> {
  const [row] = await ctx.db
    .select({ r: pecReturns, u: orgUnits })
    .from(pecReturns)
    .innerJoin(orgUnits, eq(orgUnits.id, pecReturns.schoolUnitId))
    .where(eq(pecReturns.id, returnId));
  if (!row || !can(actor, 'org.read', row.u.path)) throw new AppError(404, 'not_found');
  const grant = can(actor, 'pec.register', row.u.path)
    ? authorize(actor, 'pec.register', row.u.path)
    : authorize(actor, 'pec.decide', row.u.path);
  const school = row.u as Unit;
  const state = (await requireUnit(ctx.db, pathIds(school.path)[1] ?? 0)) as Unit;
  return idempotent(
    ctx.db,
    actor.userId,
    key,
    `POST /api/pec/returns/${returnId}/pay`,
    { reference },
    async (tx) => {
      const [r] = await tx.select().from(pecReturns).where(eq(pecReturns.id, returnId)).for('update');
      if (!r || r.returnedAt) throw new AppError(409, 'return_not_due');
      const posted = await postOperation(
        tx,
        { type: 'school_return', cycleId: r.cycleId, state, school, amount: r.amount },
        actor.userId,
        { type: 'pec_return', id: String(r.id), memo: `Reintegro de ${school.code}: ${reference}` },
      );
      const [updated] = await tx
        .update(pecReturns)
        .set({ entryId: posted.entryId, reference, returnedBy: actor.userId, returnedAt: sql`now()` })
        .where(eq(pecReturns.id, returnId))
        .returning();
      await recordAudit(
        tx,
        { actor, role: grant.role, meta },
        {
          action: 'pec.return_paid',
          entityType: 'pec_return',
          entityId: String(returnId),
          unitPath: school.path,
          changes: {
            returned: { before: null, after: { amount: r.amount, reference, entryId: posted.entryId } },
          },
        },
      );
      return { status: 200, body: returnInfo(updated ?? r, school) };
    },
  );
}

function returnInfo(
  r: typeof pecReturns.$inferSelect,
  school: Pick<Unit, 'id' | 'code' | 'name'>,
): ReturnInfo {
  return {
    id: r.id,
    school: ref(school),
    amount: r.amount,
    dueOn: r.dueOn,
    overdue: !r.returnedAt && r.dueOn < todayMx(),
    returnedAt: r.returnedAt ? dbTimeIso(r.returnedAt) : null,
    reference: r.reference,
    entryId: r.entryId,
  };
}

/** Money moved between a closed state's trust fund and the Federation, or interest earned by it. */
export async function recordStateMovement(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  stateId: number,
  movement: 'federal_return' | 'interest',
  input: { amount: number; reference: string },
  key: string | undefined,
): Promise<Outcome<{ entryId: number; trustBalance: number }>> {
  const state = (await requireUnit(ctx.db, stateId)) as Unit;
  if (state.kind !== 'state') throw new AppError(404, 'not_found');
  const grant = authorize(actor, 'pec.decide', state.path);
  await requireCycle(ctx.db, cycleId);
  const [nation] = await ctx.db.select().from(orgUnits).where(eq(orgUnits.kind, 'nation'));
  if (!nation) throw new AppError(404, 'not_found');
  const route = `POST /api/pec/cycles/${cycleId}/states/${stateId}/${movement === 'interest' ? 'interest' : 'federal-return'}`;
  return idempotent(ctx.db, actor.userId, key, route, input, async (tx) => {
    if (movement === 'federal_return') {
      const [closed] = await tx
        .select({ id: pecYearCloses.id })
        .from(pecYearCloses)
        .where(and(eq(pecYearCloses.cycleId, cycleId), eq(pecYearCloses.unitId, state.id)));
      if (!closed) throw new AppError(409, 'close_state_open');
    }
    const posted = await postOperation(
      tx,
      movement === 'interest'
        ? { type: 'interest', cycleId, state, amount: input.amount }
        : { type: 'federal_return', cycleId, nation, state, amount: input.amount },
      actor.userId,
      {
        type: movement === 'interest' ? 'pec_interest' : 'pec_federal_return',
        id: `${cycleId}:${state.id}`,
        memo: input.reference,
      },
    );
    const trustBalance = movement === 'interest' ? posted.debit.balance : posted.credit.balance;
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: movement === 'interest' ? 'pec.interest' : 'pec.federal_return',
        entityType: 'ledger_entry',
        entityId: String(posted.entryId),
        unitPath: state.path,
        changes: {
          amount: { before: null, after: input.amount },
          reference: { before: null, after: input.reference },
        },
      },
    );
    return { status: 201, body: { entryId: posted.entryId, trustBalance } };
  });
}

// The closing reports.

export const zeroTotals = (): ClosingTotals => ({
  allocated: 0,
  stateContributed: 0,
  interest: 0,
  raised: { cash: 0, inKind: 0, labour: 0 },
  transferred: { initial: 0, match: 0 },
  spent: 0,
  spentByCategory: [],
  returnsDue: 0,
  returned: 0,
  returnedToFederation: 0,
  trustBalance: 0,
  schoolBalances: 0,
});

/**
 * The figures of every school and state under `path` in one pass each over the cycle's accounts,
 * allocations, contributions, transfers and returns; `groupOf` maps a school or state to the row it
 * adds up in (a state's report groups by school, the nation's by state).
 */
export async function totalsUnder(
  db: Executor,
  cycleId: number,
  path: string,
  groupOf: (unitPath: string) => number | null,
  categoryName: (code: string) => string,
): Promise<Map<number, ClosingTotals>> {
  const out = new Map<number, ClosingTotals>();
  const cats = new Map<number, Map<string, number>>();
  const at = (unitPath: string) => {
    const g = groupOf(unitPath);
    if (g === null) return null;
    let t = out.get(g);
    if (!t) {
      t = zeroTotals();
      out.set(g, t);
    }
    return t;
  };
  const under = `${path}%`;
  const accounts = await db
    .select({
      kind: ledgerAccounts.kind,
      detail: ledgerAccounts.detail,
      path: ledgerAccounts.unitPath,
      balance: ledgerAccounts.balance,
    })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.cycleId, cycleId), like(ledgerAccounts.unitPath, under)));
  for (const a of accounts) {
    const t = at(a.path);
    if (!t) continue;
    if (a.kind === 'state_gov') t.stateContributed += -a.balance;
    else if (a.kind === 'interest') t.interest += -a.balance;
    else if (a.kind === 'state_trust') t.trustBalance += a.balance;
    else if (a.kind === 'school') t.schoolBalances += a.balance;
    else if (a.kind === 'expense') {
      t.spent += a.balance;
      const g = groupOf(a.path) as number;
      const m = cats.get(g) ?? new Map<string, number>();
      m.set(a.detail, (m.get(a.detail) ?? 0) + a.balance);
      cats.set(g, m);
    }
  }
  const allocations = await db
    .select({ amount: pecAllocations.amount, path: orgUnits.path })
    .from(pecAllocations)
    .innerJoin(orgUnits, eq(orgUnits.id, pecAllocations.stateUnitId))
    .where(and(eq(pecAllocations.cycleId, cycleId), like(orgUnits.path, under)));
  for (const a of allocations) {
    const t = at(a.path);
    if (t) t.allocated += a.amount;
  }
  const raised = await db
    .select({
      kind: pecContributions.kind,
      path: pecContributions.schoolPath,
      amount: sql<string>`sum(${pecContributions.amount})`,
    })
    .from(pecContributions)
    .where(
      and(
        eq(pecContributions.cycleId, cycleId),
        eq(pecContributions.status, 'approved'),
        like(pecContributions.schoolPath, under),
      ),
    )
    .groupBy(pecContributions.kind, pecContributions.schoolPath);
  for (const r of raised) {
    const t = at(r.path);
    if (!t) continue;
    const key = r.kind === 'cash' ? 'cash' : r.kind === 'in_kind' ? 'inKind' : 'labour';
    t.raised[key] += Number(r.amount);
  }
  const transfers = await db
    .select({ kind: pecTransfers.kind, amount: pecTransfers.amount, path: orgUnits.path })
    .from(pecTransfers)
    .innerJoin(orgUnits, eq(orgUnits.id, pecTransfers.schoolUnitId))
    .where(and(eq(pecTransfers.cycleId, cycleId), like(orgUnits.path, under)));
  for (const r of transfers) {
    const t = at(r.path);
    if (t) t.transferred[r.kind] += r.amount;
  }
  const returns = await db
    .select({ amount: pecReturns.amount, returnedAt: pecReturns.returnedAt, path: orgUnits.path })
    .from(pecReturns)
    .innerJoin(orgUnits, eq(orgUnits.id, pecReturns.schoolUnitId))
    .where(and(eq(pecReturns.cycleId, cycleId), like(orgUnits.path, under)));
  for (const r of returns) {
    const t = at(r.path);
    if (!t) continue;
    t.returnsDue += r.amount;
    if (r.returnedAt) t.returned += r.amount;
  }
  const federal = rowsOf(
    await db.execute(sql`
      select a.unit_path as path, sum(-l.amount) as amount
      from ledger_entries e
        join ledger_lines l on l.entry_id = e.id
        join ledger_accounts a on a.id = l.account_id
      where e.cycle_id = ${cycleId} and e.kind = 'federal_return'
        and a.kind = 'state_trust' and a.unit_path like ${under}
      group by a.unit_path`),
  );
  for (const r of federal) {
    const t = at(String(r.path));
    if (t) t.returnedToFederation += Number(r.amount);
  }
  for (const [g, m] of cats) {
    const t = out.get(g);
    if (t)
      t.spentByCategory = [...m]
        .filter(([, amount]) => amount !== 0)
        .map(([category, amount]) => ({ category, name: categoryName(category), amount }))
        .sort((a, b) => b.amount - a.amount);
  }
  return out;
}

export function sumTotals(rows: ClosingTotals[]): ClosingTotals {
  const t = zeroTotals();
  const cats = new Map<string, { name: string; amount: number }>();
  for (const r of rows) {
    t.allocated += r.allocated;
    t.stateContributed += r.stateContributed;
    t.interest += r.interest;
    t.raised.cash += r.raised.cash;
    t.raised.inKind += r.raised.inKind;
    t.raised.labour += r.raised.labour;
    t.transferred.initial += r.transferred.initial;
    t.transferred.match += r.transferred.match;
    t.spent += r.spent;
    t.returnsDue += r.returnsDue;
    t.returned += r.returned;
    t.returnedToFederation += r.returnedToFederation;
    t.trustBalance += r.trustBalance;
    t.schoolBalances += r.schoolBalances;
    for (const c of r.spentByCategory) {
      const e = cats.get(c.category) ?? { name: c.name, amount: 0 };
      e.amount += c.amount;
      cats.set(c.category, e);
    }
  }
  t.spentByCategory = [...cats]
    .map(([category, e]) => ({ category, name: e.name, amount: e.amount }))
    .sort((a, b) => b.amount - a.amount);
  return t;
}

/** Whether a unit's CCT or name holds the search, accents and case aside. */
function matcher(q: string | undefined): (u: { code: string; name: string }) => boolean {
  const key = q ? searchKey(q) : '';
  if (!key) return () => true;
  return (u) => searchKey(`${u.code} ${u.name}`).includes(key);
}

/**
 * The closing report of a state (a row per school) or of the nation (a row per state), readable by
 * whoever reads the unit (`org.read`); a school's own figures come from its accountability report.
 */
export async function closingReport(
  db: Executor,
  actor: Actor,
  cycleId: number,
  query: z.infer<typeof ClosingQuery>,
): Promise<z.infer<typeof ClosingReport>> {
  const unit = (await requireUnit(db, query.unitId)) as Unit;
  if (!['nation', 'state', 'sector', 'zone'].includes(unit.kind)) throw new AppError(404, 'not_found');
  authorize(actor, 'org.read', unit.path);
  const cycle = await requireCycle(db, cycleId);
  const effective = await effectiveFor(db, cycleId, unit.path);
  const names = new Map(effective.rules.spending.categories.map((c) => [c.code, c.name]));
  const categoryName = (code: string) => names.get(code) ?? code;
  // The nation's rows are its states; a state's, a sector's or a zone's, its schools (path ids:
  // nation, state, sector, zone, school). A supervisor or sector head reads the report of their
  // area; only the state closes.
  const bySchool = unit.kind !== 'nation';
  const depth = bySchool ? 4 : 1;
  const groupOf = (p: string) => pathIds(p)[depth] ?? null;
  const [byGroup, selfTotals] = await Promise.all([
    totalsUnder(db, cycleId, unit.path, groupOf, categoryName),
    totalsUnder(db, cycleId, unit.path, () => 0, categoryName),
  ]);
  // Rows by school: every selected school, money or not, and any other school with money.
  const selected = bySchool
    ? rowsOf(
        await db.execute(sql`select school_unit_id as id from pec_registrations
          where cycle_id = ${cycleId} and school_path like ${`${unit.path}%`} and selection = 'selected'`),
      ).map((r) => Number(r.id))
    : [];
  const rowIds = [...new Set([...byGroup.keys(), ...selected])];
  const rowUnits = rowIds.length
    ? ((await db
        .select()
        .from(orgUnits)
        .where(inArray(orgUnits.id, rowIds))
        .orderBy(asc(orgUnits.code))) as Unit[])
    : [];
  const movements =
    unit.kind === 'state'
      ? rowsOf(
          await db.execute(sql`
            select e.id, e.kind, e.memo, e.created_at, -l.amount as amount
            from ledger_accounts a
              join ledger_lines l on l.account_id = a.id
              join ledger_entries e on e.id = l.entry_id
            where a.cycle_id = ${cycleId} and a.unit_id = ${unit.id} and a.kind = 'state_trust'
              and e.kind in ('interest', 'federal_return')
            order by e.id`),
        )
      : [];
  const closes = await db
    .select()
    .from(pecYearCloses)
    .where(and(eq(pecYearCloses.cycleId, cycleId), like(pecYearCloses.unitPath, `${unit.path}%`)));
  const closedAt = new Map(closes.map((c) => [c.unitId, dbTimeIso(c.closedAt)]));
  const own = closes.find((c) => c.unitId === unit.id);
  const pending = await pendingReviews(db, cycleId, unit.path);
  const pendingBy = new Map<number, number>();
  for (const [schoolPath, n] of pending) {
    const g = groupOf(schoolPath);
    if (g !== null) pendingBy.set(g, (pendingBy.get(g) ?? 0) + n);
  }

  const allReturns = bySchool
    ? await db
        .select({ r: pecReturns, u: orgUnits })
        .from(pecReturns)
        .innerJoin(orgUnits, eq(orgUnits.id, pecReturns.schoolUnitId))
        .where(and(eq(pecReturns.cycleId, cycleId), like(orgUnits.path, `${unit.path}%`)))
        .orderBy(asc(orgUnits.code))
    : [];
  // A state has thousands of schools: the rows and returns matching the search, a page of them;
  // the counts and sums over all of them.
  const matches = matcher(query.q);
  const allRows = rowUnits.map((u) => ({
    unit: kindRef(u),
    totals: byGroup.get(u.id) ?? zeroTotals(),
    closedAt: closedAt.get(u.id) ?? null,
    pendingReviews: pendingBy.get(u.id) ?? 0,
  }));
  const matching = allRows.filter((r) => matches(r.unit));
  const returnInfos = allReturns.map(({ r, u }) => returnInfo(r, u));
  const rank = (r: ReturnInfo) => (r.returnedAt ? 2 : r.overdue ? 0 : 1);
  const returns = returnInfos
    .filter((r) => matches(r.school))
    .sort(
      (a, b) =>
        rank(a) - rank(b) || a.dueOn.localeCompare(b.dueOn) || a.school.code.localeCompare(b.school.code),
    )
    .slice(0, query.limit);
  const closer = own?.closedBy
    ? (await db.select({ name: users.name }).from(users).where(eq(users.id, own.closedBy)))[0]
    : undefined;
  return {
    cycleId,
    schoolYear: cycle.schoolYear,
    unit: kindRef(unit),
    totals: selfTotals.get(0) ?? sumTotals([]),
    rows: matching.slice(query.offset, query.offset + query.limit),
    rowCount: {
      all: allRows.length,
      closed: allRows.filter((r) => r.closedAt).length,
      matching: matching.length,
      pendingReviews: allRows.reduce((n, r) => n + r.pendingReviews, 0),
      openBalances: allRows.filter((r) => !r.closedAt).reduce((n, r) => n + r.totals.schoolBalances, 0),
    },
    offset: query.offset,
    limit: query.limit,
    closed: own
      ? {
          at: dbTimeIso(own.closedAt),
          by: own.closedBy ? { id: own.closedBy, name: closer?.name ?? '—' } : null,
        }
      : null,
    returnsDueOn: bySchool ? effective.rules.calendar.returns : null,
    returns,
    returnsSummary: {
      count: returnInfos.length,
      due: returnInfos.filter((r) => !r.returnedAt).reduce((n, r) => n + r.amount, 0),
      returned: returnInfos.filter((r) => r.returnedAt).reduce((n, r) => n + r.amount, 0),
      overdue: returnInfos.filter((r) => r.overdue).length,
    },
    movements: movements.map((m) => ({
      entryId: Number(m.id),
      kind: m.kind === 'interest' ? ('interest' as const) : ('federal_return' as const),
      amount: Math.abs(Number(m.amount)),
      reference: String(m.memo),
      at: dbTimeIso(String(m.created_at)),
    })),
    can: {
      close: unit.kind === 'state' && !own && can(actor, 'pec.decide', unit.path),
      recordFederalReturn: unit.kind === 'state' && !!own && can(actor, 'pec.decide', unit.path),
    },
  };
}

/** A school's return due, if its year is closed with money left (for its pages). */
export async function schoolReturn(
  db: Executor,
  cycleId: number,
  school: Pick<Unit, 'id' | 'code' | 'name'>,
) {
  const [r] = await db
    .select()
    .from(pecReturns)
    .where(and(eq(pecReturns.cycleId, cycleId), eq(pecReturns.schoolUnitId, school.id)));
  return r ? returnInfo(r, school) : null;
}

/** When a school's year was closed, or null. */
export async function schoolClosedAt(
  db: Executor,
  cycleId: number,
  schoolId: number,
): Promise<string | null> {
  const [c] = await db
    .select({ at: pecYearCloses.closedAt })
    .from(pecYearCloses)
    .where(and(eq(pecYearCloses.cycleId, cycleId), eq(pecYearCloses.unitId, schoolId)));
  return c ? dbTimeIso(c.at) : null;
}
