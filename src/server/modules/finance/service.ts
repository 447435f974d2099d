import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { DOCUMENT_MAX_BYTES } from '../../../contract/enrollment.ts';
import type {
  AllocationRow,
  AllocationView,
  ContributionInfo,
  ContributionListQuery,
  RecordContributionBody,
  ReviewContributionBody,
  SchoolMoneyView,
  StateContributionBody,
  StateFundsView,
  TransferInfo,
  TransferResult,
} from '../../../contract/finance.ts';
import type { Deadline } from '../../../contract/rules.ts';
import type { AppContext } from '../../context.ts';
import { diff, recordAudit, recordAudits } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Db, Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { storedFiles } from '../../platform/files/schema.ts';
import { deleteFile, openFile, saveFile } from '../../platform/files/store.ts';
import { pesos } from '../../platform/money.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { authorize, can, hasPermissionAnywhere, scopeCondition } from '../../platform/permissions/policy.ts';
import { dbTimeIso, todayMx } from '../../platform/time.ts';
import { workflowItems } from '../../platform/workflow/schema.ts';
import { schools } from '../catalog/schema.ts';
import { sniffed } from '../enrollment/documents.ts';
import { pecRegistrations } from '../enrollment/schema.ts';
import { orgUnits } from '../org/schema.ts';
import { pathIds } from '../org/search.ts';
import { requireUnit } from '../org/service.ts';
import { pecPlans } from '../planning/schema.ts';
import { pecCycles } from '../rules/schema.ts';
import { deadlineStatuses, effectiveFor, requireOpen } from '../rules/service.ts';
import { closedSchools, requireOpenYear, schoolClosedAt } from './closing.ts';
import { idempotent, type Outcome } from './idempotency.ts';
import { accountFor, forgetAccount, lockAccounts } from './ledger.ts';
import { allocate, initialGrant, type MatchCalculation, matchFor } from './money.ts';
import { postOperation } from './operations.ts';
import { ledgerAccounts, pecAllocations, pecContributions, pecTransfers } from './schema.ts';

/**
 * The programme's money in (issue 6): the national coordination allocates the cycle's federal budget
 * to the states by the rules' formula (`rules.manage` on the nation); each state coordination records
 * its own contribution, validates the schools' contributions and releases the initial grants and the
 * matches (`pec.decide` on its state); a director records the school's contributions (`pec.register`
 * on the school); reading takes `org.read` in scope. Every movement is posted on the ledger in the same
 * transaction as its domain row and audit entry, and every money-moving request is idempotent.
 */

type Unit = typeof orgUnits.$inferSelect;
type ContributionRow = typeof pecContributions.$inferSelect;
type TransferRow = typeof pecTransfers.$inferSelect;
type UnitRef = { id: number; code: string; name: string };

const ref = (u: Pick<Unit, 'id' | 'code' | 'name'>): UnitRef => ({ id: u.id, code: u.code, name: u.name });

const BASIS_LABEL = {
  eligible_schools: { es: 'escuelas elegibles registradas', en: 'eligible registered schools' },
  enrolment: { es: 'matrícula en escuelas elegibles', en: 'enrolment in eligible schools' },
  selected_schools: { es: 'escuelas seleccionadas', en: 'selected schools' },
} as const;

const KIND_LABEL = {
  initial: { es: 'aportación inicial', en: 'initial grant' },
  match: { es: 'contrapartida', en: 'match' },
} as const;

const STATUS_LABEL = { registered: 'registrada', approved: 'aprobada', rejected: 'rechazada' } as const;

const DEADLINE_OF: Record<'initial' | 'match', Deadline> = {
  initial: 'initial_transfer',
  match: 'match_transfer',
};

function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    if (e.code === '23505') return true;
  return false;
}

async function requireCycle(db: Executor, id: number) {
  const [c] = await db.select().from(pecCycles).where(eq(pecCycles.id, id));
  if (!c) throw new AppError(404, 'not_found');
  return c;
}

async function nationUnit(db: Executor): Promise<Unit> {
  const [n] = await db.select().from(orgUnits).where(eq(orgUnits.kind, 'nation'));
  if (!n) throw new AppError(404, 'not_found');
  return n as Unit;
}

async function unitOfKind(db: Executor, id: number, kind: 'state' | 'school'): Promise<Unit> {
  const u = await requireUnit(db, id);
  if (u.kind !== kind) throw new AppError(404, 'not_found');
  return u as Unit;
}

async function stateOf(db: Executor, school: Unit): Promise<Unit> {
  return unitOfKind(db, pathIds(school.path)[1] ?? 0, 'state');
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

const person = (id: string | null, byId: Map<string, string>) =>
  id ? { id, name: byId.get(id) ?? '—' } : null;

/** Balances of one kind of account in a cycle, by unit id. */
async function balances(db: Executor, cycleId: number, kind: string, unitIds?: number[]) {
  const rows = await db
    .select({ unitId: ledgerAccounts.unitId, balance: ledgerAccounts.balance })
    .from(ledgerAccounts)
    .where(
      and(
        eq(ledgerAccounts.cycleId, cycleId),
        eq(ledgerAccounts.kind, kind),
        unitIds ? (unitIds.length ? inArray(ledgerAccounts.unitId, unitIds) : sql`false`) : undefined,
      ),
    );
  const out = new Map<number, number>();
  for (const r of rows) out.set(r.unitId, (out.get(r.unitId) ?? 0) + r.balance);
  return out;
}

function audit(actor: Actor, role: string, meta: RequestMeta) {
  return { actor, role, meta };
}

// Allocation.

/** Each state's figure for the formula: its eligible registrations, their enrolment, or its selected schools. */
async function basisByState(db: Executor, cycleId: number, basis: keyof typeof BASIS_LABEL) {
  const where = and(
    eq(pecRegistrations.cycleId, cycleId),
    eq(pecRegistrations.status, 'registered'),
    basis === 'selected_schools'
      ? eq(pecRegistrations.selection, 'selected')
      : eq(pecRegistrations.eligible, true),
  );
  const rows =
    basis === 'enrolment'
      ? await db
          .select({
            id: pecRegistrations.stateUnitId,
            value: sql<number>`coalesce(sum(${schools.enrolment}), 0)::bigint`.mapWith(Number),
          })
          .from(pecRegistrations)
          .leftJoin(schools, eq(schools.unitId, pecRegistrations.schoolUnitId))
          .where(where)
          .groupBy(pecRegistrations.stateUnitId)
      : await db
          .select({ id: pecRegistrations.stateUnitId, value: sql<number>`count(*)::int`.mapWith(Number) })
          .from(pecRegistrations)
          .where(where)
          .groupBy(pecRegistrations.stateUnitId);
  return rows.map((r) => ({ id: r.id, basisValue: r.value }));
}

async function allocationRows(db: Executor, cycleId: number, stateId?: number) {
  return db
    .select({ a: pecAllocations, s: orgUnits })
    .from(pecAllocations)
    .innerJoin(orgUnits, eq(orgUnits.id, pecAllocations.stateUnitId))
    .where(
      and(eq(pecAllocations.cycleId, cycleId), stateId ? eq(pecAllocations.stateUnitId, stateId) : undefined),
    )
    .orderBy(asc(orgUnits.code));
}

function allocationRow(
  a: {
    amount: number;
    basisValue: number;
    shareBp: number;
    requiredStateContribution: number;
    entryId: number | null;
  },
  s: UnitRef,
  contributed: number,
): z.infer<typeof AllocationRow> {
  return {
    state: s,
    basisValue: a.basisValue,
    shareBp: a.shareBp,
    amount: a.amount,
    requiredStateContribution: a.requiredStateContribution,
    contributed,
    due: Math.max(0, a.requiredStateContribution - contributed),
    entryId: a.entryId,
  };
}

/** The cycle's allocation per state (recorded, or what the formula gives today), with what each state put in. */
export async function getAllocation(
  db: Executor,
  actor: Actor,
  cycleId: number,
): Promise<z.infer<typeof AllocationView>> {
  if (!hasPermissionAnywhere(actor, 'org.read')) throw new AppError(404, 'not_found');
  await requireCycle(db, cycleId);
  const nation = await nationUnit(db);
  const { rules } = await effectiveFor(db, cycleId, nation.path);
  const money = rules.money;
  const recorded = await allocationRows(db, cycleId);
  // What the states have put in: the state government accounts carry it as a negative balance.
  const stateGov = await balances(db, cycleId, 'state_gov');
  const contributed = (id: number) => -(stateGov.get(id) ?? 0);
  let states: z.infer<typeof AllocationRow>[];
  if (recorded.length) {
    states = recorded.map(({ a, s }) => allocationRow(a, ref(s), contributed(s.id)));
  } else {
    const shares = allocate(
      money.federalBudget,
      await basisByState(db, cycleId, money.allocationBasis),
      money.federalPerStatePeso,
    );
    const units = shares.length
      ? await db
          .select()
          .from(orgUnits)
          .where(
            inArray(
              orgUnits.id,
              shares.map((s) => s.id),
            ),
          )
      : [];
    const byId = new Map(units.map((u) => [u.id, u]));
    states = shares
      .map((s) => allocationRow({ ...s, entryId: null }, ref(byId.get(s.id) as Unit), contributed(s.id)))
      .sort((x, y) => (x.state.code < y.state.code ? -1 : 1));
  }
  const first = recorded[0]?.a;
  const by = await names(db, [first?.allocatedBy ?? null]);
  return {
    cycleId,
    budget: money.federalBudget,
    basis: recorded[0]?.a.basis
      ? (recorded[0].a.basis as typeof money.allocationBasis)
      : money.allocationBasis,
    federalPerStatePeso: money.federalPerStatePeso,
    allocated: recorded.length > 0,
    allocatedAt: first ? dbTimeIso(first.allocatedAt) : null,
    allocatedBy: person(first?.allocatedBy ?? null, by),
    total: states.reduce((n, s) => n + s.amount, 0),
    states,
    can: { allocate: recorded.length === 0 && can(actor, 'rules.manage', nation.path) },
  };
}

/** The national coordination allocates the cycle's federal budget to the states, once. */
export async function allocateCycle(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  key: string | undefined,
): Promise<Outcome<z.infer<typeof AllocationView>>> {
  const nation = await nationUnit(ctx.db);
  const grant = authorize(actor, 'rules.manage', nation.path);
  await requireCycle(ctx.db, cycleId);
  return idempotent(
    ctx.db,
    actor.userId,
    key,
    `POST /api/pec/cycles/${cycleId}/allocation`,
    {},
    async (tx) => {
      const [done] = await tx
        .select()
        .from(pecAllocations)
        .where(eq(pecAllocations.cycleId, cycleId))
        .limit(1);
      if (done)
        throw new AppError(409, 'finance_already_allocated', {
          date: dbTimeIso(done.allocatedAt).slice(0, 10),
        });
      const { rules } = await effectiveFor(tx, cycleId, nation.path);
      const money = rules.money;
      if (money.federalBudget <= 0) throw new AppError(409, 'finance_no_budget');
      const shares = allocate(
        money.federalBudget,
        await basisByState(tx, cycleId, money.allocationBasis),
        money.federalPerStatePeso,
      );
      if (!shares.length)
        throw new AppError(409, 'finance_no_basis', {
          basis_es: BASIS_LABEL[money.allocationBasis].es,
          basis_en: BASIS_LABEL[money.allocationBasis].en,
        });
      const units = await tx
        .select()
        .from(orgUnits)
        .where(
          inArray(
            orgUnits.id,
            shares.map((s) => s.id),
          ),
        );
      const byId = new Map(units.map((u) => [u.id, u as Unit]));
      const written: { id: number; state: Unit; share: (typeof shares)[number]; entryId: number }[] = [];
      for (const share of shares) {
        const state = byId.get(share.id) as Unit;
        let row: { id: number } | undefined;
        try {
          [row] = await tx
            .insert(pecAllocations)
            .values({
              cycleId,
              stateUnitId: state.id,
              amount: share.amount,
              basis: money.allocationBasis,
              basisValue: share.basisValue,
              shareBp: share.shareBp,
              requiredStateContribution: share.requiredStateContribution,
              allocatedBy: actor.userId,
            })
            .returning({ id: pecAllocations.id });
        } catch (err) {
          if (isUniqueViolation(err))
            throw new AppError(409, 'finance_already_allocated', { date: todayMx() });
          throw err;
        }
        if (!row) throw new Error('allocation not inserted');
        const posted = await postOperation(
          tx,
          { type: 'federal_allocation', cycleId, nation, state, amount: share.amount },
          actor.userId,
          { type: 'pec_allocation', id: String(row.id), memo: `Asignación federal a ${state.name}` },
        );
        await tx.update(pecAllocations).set({ entryId: posted.entryId }).where(eq(pecAllocations.id, row.id));
        written.push({ id: row.id, state, share, entryId: posted.entryId });
      }
      const body = await getAllocation(tx, actor, cycleId);
      // One append for every state's share: chain heads taken in order, as grouped writers do.
      await recordAudits(
        tx,
        written.map((w) => ({
          ctx: audit(actor, grant.role, meta),
          input: {
            action: 'pec.allocation',
            entityType: 'pec_allocation',
            entityId: String(w.id),
            unitPath: w.state.path,
            changes: diff(null, {
              cycleId,
              budget: money.federalBudget,
              basis: money.allocationBasis,
              basisValue: w.share.basisValue,
              shareBp: w.share.shareBp,
              amount: w.share.amount,
              federalPerStatePeso: money.federalPerStatePeso,
              requiredStateContribution: w.share.requiredStateContribution,
              entryId: w.entryId,
            }),
          },
        })),
      );
      return { status: 201, body };
    },
  );
}

// State contribution and the state's funds.

export async function recordStateContribution(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  stateId: number,
  key: string | undefined,
  input: z.infer<typeof StateContributionBody>,
): Promise<Outcome<z.infer<typeof StateFundsView>>> {
  const state = await unitOfKind(ctx.db, stateId, 'state');
  const grant = authorize(actor, 'pec.decide', state.path);
  await requireCycle(ctx.db, cycleId);
  return idempotent(
    ctx.db,
    actor.userId,
    key,
    `POST /api/pec/cycles/${cycleId}/states/${stateId}/contributions`,
    input,
    async (tx) => {
      const [alloc] = await tx
        .select()
        .from(pecAllocations)
        .where(and(eq(pecAllocations.cycleId, cycleId), eq(pecAllocations.stateUnitId, stateId)));
      if (!alloc) throw new AppError(409, 'finance_not_allocated', { state: state.name });
      const posted = await postOperation(
        tx,
        { type: 'state_contribution', cycleId, state, amount: input.amount },
        actor.userId,
        {
          type: 'pec_allocation',
          id: String(alloc.id),
          memo: `Aportación estatal recibida el ${input.receivedOn}: ${input.reference}`,
        },
      );
      const after = -posted.credit.balance;
      const body = await getStateFunds(tx, actor, cycleId, stateId);
      await recordAudit(tx, audit(actor, grant.role, meta), {
        action: 'pec.state_contribution',
        entityType: 'pec_allocation',
        entityId: String(alloc.id),
        unitPath: state.path,
        changes: {
          ...diff(null, {
            amount: input.amount,
            receivedOn: input.receivedOn,
            reference: input.reference,
            entryId: posted.entryId,
          }),
          contributed: { before: after - input.amount, after },
          due: {
            before: Math.max(0, alloc.requiredStateContribution - (after - input.amount)),
            after: Math.max(0, alloc.requiredStateContribution - after),
          },
        },
      });
      return { status: 201, body };
    },
  );
}

function transferInfo(
  actor: Actor,
  t: TransferRow,
  school: UnitRef,
  byId: Map<string, string>,
): z.infer<typeof TransferInfo> {
  const calc = t.calculation as Record<string, unknown>;
  return {
    id: t.id,
    cycleId: t.cycleId,
    school,
    kind: t.kind,
    amount: t.amount,
    calculation: calc,
    explanation: String(calc[actor.locale] ?? calc.es ?? ''),
    entryId: t.entryId,
    releasedBy: person(t.releasedBy, byId),
    releasedAt: dbTimeIso(t.releasedAt),
  };
}

async function transfersOf(db: Executor, actor: Actor, cycleId: number, where: ReturnType<typeof and>) {
  const rows = await db
    .select({ t: pecTransfers, u: orgUnits })
    .from(pecTransfers)
    .innerJoin(orgUnits, eq(orgUnits.id, pecTransfers.schoolUnitId))
    .where(and(eq(pecTransfers.cycleId, cycleId), where))
    .orderBy(asc(pecTransfers.id));
  const byId = await names(
    db,
    rows.map((r) => r.t.releasedBy),
  );
  return rows.map((r) => transferInfo(actor, r.t, ref(r.u), byId));
}

const matchView = (m: MatchCalculation, actor: Actor) => {
  const { es, en, ...rest } = m;
  return { ...rest, explanation: actor.locale === 'en' ? en : es };
};

async function effectiveDates(db: Executor, cycleId: number, unit: { path: string }) {
  const { statuses } = await deadlineStatuses(db, cycleId, unit);
  const last = (d: Deadline) => {
    const s = statuses.find((x) => x.deadline === d);
    if (!s) return '';
    return s.extendedUntil && s.extendedUntil > s.date ? s.extendedUntil : s.date;
  };
  return { initial_transfer: last('initial_transfer'), match_transfer: last('match_transfer') };
}

/** A state's trust fund: its allocation and contributions, the balance, and each selected school's grant and match. */
export async function getStateFunds(
  db: Executor,
  actor: Actor,
  cycleId: number,
  stateId: number,
): Promise<z.infer<typeof StateFundsView>> {
  const state = await unitOfKind(db, stateId, 'state');
  authorize(actor, 'org.read', state.path);
  const { rules } = await effectiveFor(db, cycleId, state.path);
  const [alloc] = await allocationRows(db, cycleId, stateId);
  const contributed = -((await balances(db, cycleId, 'state_gov', [stateId])).get(stateId) ?? 0);
  const trustBalance = (await balances(db, cycleId, 'state_trust', [stateId])).get(stateId) ?? 0;
  const entries = await db.execute(sql`
    select e.id, e.memo, e.created_at, e.created_by, l.amount
    from ledger_entries e
      join ledger_lines l on l.entry_id = e.id
      join ledger_accounts a on a.id = l.account_id
    where e.cycle_id = ${cycleId} and e.kind = 'state_contribution'
      and a.kind = 'state_trust' and a.unit_id = ${stateId}
    order by e.id`);
  const contributionRows = (
    Array.isArray(entries) ? entries : (entries as { rows: unknown[] }).rows
  ) as Record<string, unknown>[];
  const regs = await db
    .select({ r: pecRegistrations, u: orgUnits })
    .from(pecRegistrations)
    .innerJoin(orgUnits, eq(orgUnits.id, pecRegistrations.schoolUnitId))
    .where(
      and(
        eq(pecRegistrations.cycleId, cycleId),
        eq(pecRegistrations.stateUnitId, stateId),
        eq(pecRegistrations.selection, 'selected'),
      ),
    )
    .orderBy(asc(orgUnits.code));
  const schoolIds = regs.map((r) => r.u.id);
  const transfers = await transfersOf(
    db,
    actor,
    cycleId,
    and(sql`${orgUnits.path} like ${`${state.path}%`}`),
  );
  const contributions = schoolIds.length
    ? await db
        .select()
        .from(pecContributions)
        .where(and(eq(pecContributions.cycleId, cycleId), inArray(pecContributions.schoolUnitId, schoolIds)))
    : [];
  const byId = await names(
    db,
    contributionRows.map((r) => (r.created_by ? String(r.created_by) : null)),
  );
  return {
    cycleId,
    state: ref(state),
    allocation: alloc ? allocationRow(alloc.a, ref(alloc.s), contributed) : null,
    pledged: rules.stateContribution,
    contributions: contributionRows.map((r) => ({
      entryId: Number(r.id),
      amount: Number(r.amount),
      memo: String(r.memo),
      at: dbTimeIso(String(r.created_at)),
      by: person(r.created_by ? String(r.created_by) : null, byId),
    })),
    trustBalance,
    transferred: {
      initial: transfers.filter((t) => t.kind === 'initial').reduce((n, t) => n + t.amount, 0),
      match: transfers.filter((t) => t.kind === 'match').reduce((n, t) => n + t.amount, 0),
    },
    schools: regs.map(({ r, u }) => {
      const mine = contributions.filter((c) => c.schoolUnitId === u.id);
      return {
        school: ref(u),
        grantCap: r.grantCap,
        initialAmount: initialGrant(r.grantCap ?? 0, r.priorCycles).amount,
        initial: transfers.find((t) => t.school.id === u.id && t.kind === 'initial') ?? null,
        match: matchView(matchFor(mine, rules.money), actor),
        matchTransfer: transfers.find((t) => t.school.id === u.id && t.kind === 'match') ?? null,
        pendingContributions: mine.filter((c) => c.status === 'registered').length,
      };
    }),
    deadlines: await effectiveDates(db, cycleId, state),
    can: { decide: can(actor, 'pec.decide', state.path) },
  };
}

// School contributions.

async function contributionInfos(
  db: Executor,
  rows: { c: ContributionRow; u: Unit }[],
): Promise<ContributionInfo[]> {
  const fileIds = rows.map((r) => r.c.evidenceFileId).filter((x): x is string => !!x);
  const files = fileIds.length
    ? await db
        .select({ id: storedFiles.id, name: storedFiles.name })
        .from(storedFiles)
        .where(inArray(storedFiles.id, fileIds))
    : [];
  const fileName = new Map(files.map((f) => [f.id, f.name]));
  const byId = await names(
    db,
    rows.map((r) => r.c.reviewedBy),
  );
  return rows.map(({ c, u }) => ({
    id: c.id,
    cycleId: c.cycleId,
    school: ref(u),
    source: c.source,
    kind: c.kind,
    amount: c.amount,
    receivedOn: c.receivedOn,
    description: c.description,
    evidence: c.evidenceFileId ? { id: c.evidenceFileId, name: fileName.get(c.evidenceFileId) ?? '' } : null,
    status: c.status,
    reviewReason: c.reviewReason,
    reviewedBy: person(c.reviewedBy, byId),
    reviewedAt: c.reviewedAt ? dbTimeIso(c.reviewedAt) : null,
    entryId: c.entryId,
    createdAt: dbTimeIso(c.createdAt),
  }));
}

async function loadContributions(db: Executor, where: ReturnType<typeof and>) {
  const rows = await db
    .select({ c: pecContributions, u: orgUnits })
    .from(pecContributions)
    .innerJoin(orgUnits, eq(orgUnits.id, pecContributions.schoolUnitId))
    .where(where)
    .orderBy(asc(pecContributions.receivedOn), asc(pecContributions.createdAt));
  return contributionInfos(
    db,
    rows.map((r) => ({ c: r.c, u: r.u as Unit })),
  );
}

async function oneContribution(db: Executor, id: string): Promise<ContributionInfo> {
  const [info] = await loadContributions(db, eq(pecContributions.id, id));
  if (!info) throw new AppError(404, 'not_found');
  return info;
}

/** The director records money (or goods, or work) the school raised; it counts once the state validates it. */
export async function recordContribution(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  input: z.infer<typeof RecordContributionBody>,
): Promise<ContributionInfo> {
  const school = await unitOfKind(ctx.db, input.schoolUnitId, 'school');
  const grant = authorize(actor, 'pec.register', school.path);
  await requireCycle(ctx.db, cycleId);
  const [reg] = await ctx.db
    .select()
    .from(pecRegistrations)
    .where(and(eq(pecRegistrations.cycleId, cycleId), eq(pecRegistrations.schoolUnitId, school.id)));
  if (reg?.status !== 'registered') throw new AppError(409, 'finance_not_registered', { cct: school.code });
  await requireOpenYear(ctx.db, cycleId, school);
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(pecContributions)
      .values({
        cycleId,
        schoolUnitId: school.id,
        schoolPath: school.path,
        source: input.source,
        kind: input.kind,
        amount: input.amount,
        receivedOn: input.receivedOn,
        description: input.description,
        createdBy: actor.userId,
      })
      .returning();
    if (!row) throw new Error('contribution not inserted');
    await recordAudit(tx, audit(actor, grant.role, meta), {
      action: 'pec.contribution_record',
      entityType: 'pec_contribution',
      entityId: row.id,
      unitPath: school.path,
      changes: diff(null, {
        cycleId,
        source: input.source,
        kind: input.kind,
        amount: input.amount,
        receivedOn: input.receivedOn,
        description: input.description,
      }),
    });
    return row.id;
  });
  return oneContribution(ctx.db, id);
}

async function requireContribution(db: Executor, actor: Actor, id: string) {
  const [row] = await db.select().from(pecContributions).where(eq(pecContributions.id, id));
  if (!row) throw new AppError(404, 'not_found');
  authorize(actor, 'org.read', row.schoolPath);
  return row;
}

/** The director attaches the receipt or photo (PDF, JPEG or PNG by content) while the contribution awaits validation. */
export async function uploadEvidence(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  upload: { fileName: string | undefined; body: AsyncIterable<Buffer> },
): Promise<ContributionInfo> {
  const row = await requireContribution(ctx.db, actor, id);
  const grant = authorize(actor, 'pec.register', row.schoolPath);
  if (row.status !== 'registered') throw new AppError(409, 'finance_contribution_locked');
  const { type, empty, stream } = await sniffed(upload.body);
  if (empty) throw new AppError(422, 'enrollment_file_empty');
  if (!type) throw new AppError(415, 'enrollment_file_type');
  const ext = type === 'application/pdf' ? 'pdf' : type === 'image/png' ? 'png' : 'jpg';
  const clean = [...(upload.fileName ?? '')].map((ch) => (ch < ' ' || ch === '/' || ch === '\\' ? '_' : ch));
  const name = clean.join('') || `aportacion.${ext}`;
  const file = await saveFile(ctx.db, stream, {
    name,
    contentType: type,
    createdBy: actor.userId,
    maxBytes: DOCUMENT_MAX_BYTES,
  });
  try {
    await ctx.db.transaction(async (tx) => {
      const [c] = await tx.select().from(pecContributions).where(eq(pecContributions.id, id)).for('update');
      if (c?.status !== 'registered') throw new AppError(409, 'finance_contribution_locked');
      await tx.update(pecContributions).set({ evidenceFileId: file.id }).where(eq(pecContributions.id, id));
      await recordAudit(tx, audit(actor, grant.role, meta), {
        action: 'pec.contribution_evidence',
        entityType: 'pec_contribution',
        entityId: id,
        unitPath: c.schoolPath,
        changes: {
          evidence: {
            before: c.evidenceFileId,
            after: { fileId: file.id, name, size: file.size, sha256: file.sha256, contentType: type },
          },
        },
      });
    });
  } catch (err) {
    await deleteFile(ctx.db, file.id);
    throw err;
  }
  return oneContribution(ctx.db, id);
}

export async function openEvidence(db: Db, actor: Actor, id: string) {
  const row = await requireContribution(db, actor, id);
  if (!row.evidenceFileId) throw new AppError(404, 'not_found');
  const [f] = await db.select().from(storedFiles).where(eq(storedFiles.id, row.evidenceFileId));
  if (!f?.completedAt) throw new AppError(404, 'not_found');
  return { name: f.name, contentType: f.contentType, size: f.size, stream: openFile(db, f.id) };
}

/** The state validates a contribution: approving cash puts it in the school's account; in-kind and labour move no money. */
export async function reviewContribution(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  key: string | undefined,
  input: z.infer<typeof ReviewContributionBody>,
): Promise<Outcome<ContributionInfo>> {
  const found = await requireContribution(ctx.db, actor, id);
  const grant = authorize(actor, 'pec.decide', found.schoolPath);
  if (input.decision === 'reject' && !input.reason) throw new AppError(422, 'finance_reason_required');
  return idempotent(
    ctx.db,
    actor.userId,
    key,
    `POST /api/pec/contributions/${id}/review`,
    input,
    async (tx) => {
      const [c] = await tx.select().from(pecContributions).where(eq(pecContributions.id, id)).for('update');
      if (!c) throw new AppError(404, 'not_found');
      if (c.status !== 'registered')
        throw new AppError(409, 'finance_contribution_reviewed', { status: STATUS_LABEL[c.status] });
      const approve = input.decision === 'approve';
      // In kind or labour moves no money but counts in the year's figures: a closed year takes none.
      if (approve) await requireOpenYear(tx, c.cycleId, { id: c.schoolUnitId });
      let entryId: number | null = null;
      if (approve && c.kind === 'cash') {
        const posted = await postOperation(
          tx,
          {
            type: 'school_contribution',
            cycleId: c.cycleId,
            school: { id: c.schoolUnitId, path: c.schoolPath },
            source: c.source,
            amount: c.amount,
          },
          actor.userId,
          { type: 'pec_contribution', id: c.id, memo: `Aportación (${c.source}) validada` },
        );
        entryId = posted.entryId;
        // Checked once the account is locked, so a close cannot slip in between.
        await requireOpenYear(tx, c.cycleId, { id: c.schoolUnitId });
      }
      const status = approve ? 'approved' : 'rejected';
      await tx
        .update(pecContributions)
        .set({
          status,
          reviewReason: input.reason ?? null,
          reviewedBy: actor.userId,
          reviewedAt: sql`now()` as never,
          entryId,
        })
        .where(eq(pecContributions.id, id));
      const body = await oneContribution(tx, id);
      await recordAudit(tx, audit(actor, grant.role, meta), {
        action: approve ? 'pec.contribution_approve' : 'pec.contribution_reject',
        entityType: 'pec_contribution',
        entityId: id,
        unitPath: c.schoolPath,
        changes: {
          status: { before: c.status, after: status },
          ...diff(null, { reviewReason: input.reason ?? null, entryId, amount: entryId ? c.amount : null }),
        },
      });
      return { status: 200, body };
    },
  );
}

/** Contributions in the reader's scope (a state's validation queue: `status=registered`). */
export async function listContributions(
  db: Db,
  actor: Actor,
  cycleId: number,
  query: z.infer<typeof ContributionListQuery>,
): Promise<ContributionInfo[]> {
  await requireCycle(db, cycleId);
  const under = query.unitId ? await requireUnit(db, query.unitId) : null;
  if (under) authorize(actor, 'org.read', under.path);
  return loadContributions(
    db,
    and(
      eq(pecContributions.cycleId, cycleId),
      scopeCondition(actor, 'org.read', pecContributions.schoolPath),
      under ? sql`${pecContributions.schoolPath} like ${`${under.path}%`}` : undefined,
      query.status ? eq(pecContributions.status, query.status) : undefined,
    ),
  );
}

/** A school's money: its contributions with the running match, its transfers and its account. */
export async function getSchoolMoney(
  db: Executor,
  actor: Actor,
  cycleId: number,
  schoolId: number,
): Promise<z.infer<typeof SchoolMoneyView>> {
  const school = await unitOfKind(db, schoolId, 'school');
  authorize(actor, 'org.read', school.path);
  const state = await stateOf(db, school);
  const { rules } = await effectiveFor(db, cycleId, school.path);
  const [reg] = await db
    .select()
    .from(pecRegistrations)
    .where(and(eq(pecRegistrations.cycleId, cycleId), eq(pecRegistrations.schoolUnitId, school.id)));
  const contributions = await loadContributions(
    db,
    and(eq(pecContributions.cycleId, cycleId), eq(pecContributions.schoolUnitId, school.id)),
  );
  const balance = (await balances(db, cycleId, 'school', [school.id])).get(school.id) ?? 0;
  const selected = reg?.selection === 'selected';
  const [plan] = await db
    .select({ id: pecPlans.id, state: workflowItems.state })
    .from(pecPlans)
    .innerJoin(workflowItems, eq(workflowItems.id, pecPlans.itemId))
    .where(and(eq(pecPlans.cycleId, cycleId), eq(pecPlans.schoolUnitId, school.id)));
  const closedAt = await schoolClosedAt(db, cycleId, school.id);
  return {
    cycleId,
    school: ref(school),
    state: ref(state),
    registration: reg ? { selection: reg.selection, grantCap: reg.grantCap } : null,
    balance,
    contributions,
    match: matchView(matchFor(contributions, rules.money), actor),
    transfers: await transfersOf(db, actor, cycleId, eq(pecTransfers.schoolUnitId, school.id)),
    plan: plan ?? null,
    closedAt,
    deadlines: await effectiveDates(db, cycleId, school),
    can: {
      record: reg?.status === 'registered' && !closedAt && can(actor, 'pec.register', school.path),
      review: can(actor, 'pec.decide', school.path),
      release: selected && !closedAt && can(actor, 'pec.decide', school.path),
    },
  };
}

// Transfers.

/**
 * The state releases the initial grant or the match: to every selected school of the state still
 * waiting for it (all or nothing), or to one school. Each school receives each at most once, by the
 * calendar's date unless an extension covers it, and only from money the trust fund holds.
 */
export async function releaseTransfers(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  target: { stateId: number } | { schoolId: number },
  kind: 'initial' | 'match',
  key: string | undefined,
): Promise<Outcome<z.infer<typeof TransferResult>>> {
  const single = 'schoolId' in target ? await unitOfKind(ctx.db, target.schoolId, 'school') : null;
  const state = single
    ? await stateOf(ctx.db, single)
    : await unitOfKind(ctx.db, (target as { stateId: number }).stateId, 'state');
  const grant = authorize(actor, 'pec.decide', (single ?? state).path);
  await requireCycle(ctx.db, cycleId);
  const route = single
    ? `POST /api/pec/cycles/${cycleId}/schools/${single.id}/transfers`
    : `POST /api/pec/cycles/${cycleId}/states/${state.id}/transfers`;
  return idempotent(ctx.db, actor.userId, key, route, { kind }, async (tx) => {
    // Lock the schools' registrations first (in id order): one release per school at a time.
    const regs = await tx
      .select()
      .from(pecRegistrations)
      .where(
        and(
          eq(pecRegistrations.cycleId, cycleId),
          single ? eq(pecRegistrations.schoolUnitId, single.id) : eq(pecRegistrations.stateUnitId, state.id),
          single ? undefined : eq(pecRegistrations.selection, 'selected'),
        ),
      )
      .orderBy(asc(pecRegistrations.id))
      .for('update');
    if (single && regs[0]?.selection !== 'selected')
      throw new AppError(409, 'finance_not_selected', { cct: single.code });
    const schoolUnits = regs.length
      ? await tx
          .select()
          .from(orgUnits)
          .where(
            inArray(
              orgUnits.id,
              regs.map((r) => r.schoolUnitId),
            ),
          )
      : [];
    const unitById = new Map(schoolUnits.map((u) => [u.id, u as Unit]));
    const existing = regs.length
      ? await tx
          .select()
          .from(pecTransfers)
          .where(
            and(
              eq(pecTransfers.cycleId, cycleId),
              eq(pecTransfers.kind, kind),
              inArray(
                pecTransfers.schoolUnitId,
                regs.map((r) => r.schoolUnitId),
              ),
            ),
          )
      : [];
    if (single && existing[0])
      throw new AppError(409, 'finance_transfer_exists', {
        cct: single.code,
        kind_es: KIND_LABEL[kind].es,
        kind_en: KIND_LABEL[kind].en,
        amount: pesos(existing[0].amount),
        date: dbTimeIso(existing[0].releasedAt).slice(0, 10),
      });
    const closed = await closedSchools(
      tx,
      cycleId,
      regs.map((r) => r.schoolUnitId),
    );
    if (single && closed.has(single.id)) throw new AppError(409, 'finance_year_closed', { cct: single.code });
    // A closed school takes no more transfers; the rest of the state goes on.
    const done = new Set([...existing.map((t) => t.schoolUnitId), ...closed]);
    const { rules } = await effectiveFor(tx, cycleId, state.path);
    const contributions =
      kind === 'match' && regs.length
        ? await tx
            .select()
            .from(pecContributions)
            .where(
              and(
                eq(pecContributions.cycleId, cycleId),
                inArray(
                  pecContributions.schoolUnitId,
                  regs.map((r) => r.schoolUnitId),
                ),
              ),
            )
        : [];
    const plan: { school: Unit; amount: number; calculation: Record<string, unknown> }[] = [];
    for (const r of regs) {
      if (done.has(r.schoolUnitId)) continue;
      const school = unitById.get(r.schoolUnitId) as Unit;
      if (kind === 'initial') {
        const g = initialGrant(r.grantCap ?? 0, r.priorCycles);
        if (g.amount > 0)
          plan.push({ school, amount: g.amount, calculation: { kind, ...g, tiers: rules.money.grantTiers } });
      } else {
        const mine = contributions.filter((c) => c.schoolUnitId === r.schoolUnitId);
        const m = matchFor(mine, rules.money);
        if (m.amount > 0)
          plan.push({
            school,
            amount: m.amount,
            calculation: {
              kind,
              ...m,
              rules: {
                matchPerPeso: rules.money.matchPerPeso,
                matchCap: rules.money.matchCap,
                inKindCounts: rules.money.inKindCounts,
              },
              contributions: mine
                .filter((c) => c.status === 'approved')
                .map((c) => ({ id: c.id, kind: c.kind, source: c.source, amount: c.amount })),
            },
          });
        else if (single)
          throw new AppError(422, 'finance_no_match', {
            cct: single.code,
            explanation_es: m.es,
            explanation_en: m.en,
          });
      }
    }
    if (!plan.length)
      throw new AppError(409, 'finance_nothing_to_transfer', {
        state: state.name,
        kind_es: KIND_LABEL[kind].es,
        kind_en: KIND_LABEL[kind].en,
      });
    // The calendar: by the state's date, or later where an extension covers the school.
    const deadline = DEADLINE_OF[kind];
    const { statuses } = await deadlineStatuses(tx, cycleId, state);
    if (!statuses.find((s) => s.deadline === deadline)?.open)
      for (const p of plan) await requireOpen(tx, cycleId, p.school, deadline);
    // The trust fund must hold the whole release before any of it moves.
    const total = plan.reduce((n, p) => n + p.amount, 0);
    const trustKey = { cycleId, kind: 'state_trust' as const, unit: state };
    let trust = await accountFor(tx, trustKey);
    let locked = await lockAccounts(tx, [trust.id]);
    if (!locked.has(trust.id)) {
      forgetAccount(trustKey);
      trust = await accountFor(tx, trustKey);
      locked = await lockAccounts(tx, [trust.id]);
    }
    const available = locked.get(trust.id) ?? 0;
    if (available < total)
      throw new AppError(422, 'finance_trust_insufficient', {
        state: state.name,
        available: pesos(available),
        amount: pesos(total),
        count: plan.length,
        missing: pesos(total - available),
      });
    const written: { row: TransferRow; school: Unit }[] = [];
    let trustBalance = available;
    for (const p of plan) {
      const posted = await postOperation(
        tx,
        { type: 'transfer', cycleId, state, school: p.school, amount: p.amount, grant: kind },
        actor.userId,
        {
          type: 'pec_transfer',
          id: `${cycleId}:${p.school.id}:${kind}`,
          memo: `${KIND_LABEL[kind].es} a ${p.school.code}`,
        },
      );
      trustBalance = posted.credit.balance;
      await requireOpenYear(tx, cycleId, p.school);
      let row: TransferRow | undefined;
      try {
        [row] = await tx
          .insert(pecTransfers)
          .values({
            cycleId,
            schoolUnitId: p.school.id,
            kind,
            amount: p.amount,
            calculation: p.calculation,
            entryId: posted.entryId,
            releasedBy: actor.userId,
          })
          .returning();
      } catch (err) {
        if (isUniqueViolation(err))
          throw new AppError(409, 'finance_transfer_exists', {
            cct: p.school.code,
            kind_es: KIND_LABEL[kind].es,
            kind_en: KIND_LABEL[kind].en,
            amount: pesos(p.amount),
            date: todayMx(),
          });
        throw err;
      }
      if (!row) throw new Error('transfer not inserted');
      written.push({ row, school: p.school });
    }
    const byId = await names(tx, [actor.userId]);
    const body = {
      transfers: written.map((w) => transferInfo(actor, w.row, ref(w.school), byId)),
      total,
      trustBalance,
    };
    await recordAudits(
      tx,
      written.map((w) => ({
        ctx: audit(actor, grant.role, meta),
        input: {
          action: 'pec.transfer',
          entityType: 'pec_transfer',
          entityId: String(w.row.id),
          unitPath: w.school.path,
          changes: diff(null, {
            cycleId,
            kind,
            amount: w.row.amount,
            entryId: w.row.entryId,
            calculation: w.row.calculation,
          }),
        },
      })),
    );
    return { status: 201, body };
  });
}
