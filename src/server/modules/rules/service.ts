import { and, asc, desc, eq, inArray, max, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type AdaptationDetail,
  type CreateCycleBody,
  type CycleDetail,
  type CycleSummary,
  DEADLINES,
  type Deadline,
  type EffectiveRulesView,
  type ExtensionBody,
  type ExtensionInfo,
  type FederalRules,
  FederalRules as FederalRulesSchema,
  type PublishBody,
  type SaveAdaptationBody,
  type SaveRulesBody,
  type StateAdaptation,
} from '../../../contract/rules.ts';
import type { AppContext } from '../../context.ts';
import { demoFederalRules } from '../../demo/pec-rules.ts';
import { diff, recordAudit } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Db, Executor } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import {
  authorize,
  can,
  grantsFor,
  hasPermissionAnywhere,
  scopeCondition,
} from '../../platform/permissions/policy.ts';
import { dbTimeIso, todayMx } from '../../platform/time.ts';
import { orgUnits } from '../org/schema.ts';
import { pathIds } from '../org/search.ts';
import { requireUnit } from '../org/service.ts';
import {
  adaptationProblems,
  deadlineLabel,
  differences,
  type EffectiveRules,
  effectiveRules,
  federalProblems,
  flatten,
  withinBounds,
} from './effective.ts';
import { pecCycles, pecDeadlineExtensions, pecRulesVersions, pecStateAdaptations } from './schema.ts';

type Cycle = typeof pecCycles.$inferSelect;
type RulesRow = typeof pecRulesVersions.$inferSelect;
type AdaptationRow = typeof pecStateAdaptations.$inferSelect;
type Unit = typeof orgUnits.$inferSelect;

const NATION_PATH = '/1/';

async function nationPath(db: Executor): Promise<string> {
  const [n] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.kind, 'nation'));
  return n?.path ?? NATION_PATH;
}

async function requireCycle(db: Executor, id: number): Promise<Cycle> {
  const [c] = await db.select().from(pecCycles).where(eq(pecCycles.id, id));
  if (!c) throw new AppError(404, 'not_found');
  return c;
}

/**
 * Reading the rules takes `org.read` anywhere: they are the programme's public rules, and a school
 * reads the federal rules and its state's adaptation as much as the nation does.
 */
function requireReader(actor: Actor) {
  if (!hasPermissionAnywhere(actor, 'org.read')) throw new AppError(404, 'not_found');
}

const stateRef = (u: Unit) => ({ id: u.id, code: u.code, name: u.name });

async function versionsOf<T extends RulesRow | AdaptationRow>(db: Executor, rows: T[]) {
  const names = new Map<string, string>();
  const ids = [...new Set(rows.map((r) => r.publishedBy).filter((x): x is string => !!x))];
  if (ids.length)
    for (const u of await db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, ids)))
      names.set(u.id, u.name);
  return rows
    .sort((a, b) => b.version - a.version)
    .map((r) => ({
      version: r.version,
      status: r.status,
      reason: r.reason,
      publishedAt: r.publishedAt ? dbTimeIso(r.publishedAt) : null,
      publishedBy: r.publishedBy ? { id: r.publishedBy, name: names.get(r.publishedBy) ?? '—' } : null,
      updatedAt: dbTimeIso(r.updatedAt),
    }));
}

const latestPublished = <T extends { status: string; version: number }>(rows: T[]) =>
  rows.filter((r) => r.status === 'published').sort((a, b) => b.version - a.version)[0];

function summaryOf(c: Cycle, rows: RulesRow[]): z.infer<typeof CycleSummary> {
  return {
    id: c.id,
    schoolYear: c.schoolYear,
    fiscalYear: c.fiscalYear,
    publishedVersion: latestPublished(rows)?.version ?? null,
    hasDraft: rows.some((r) => r.status === 'draft'),
  };
}

export async function listCycles(db: Db, actor: Actor): Promise<z.infer<typeof CycleSummary>[]> {
  requireReader(actor);
  const cycles = await db.select().from(pecCycles).orderBy(desc(pecCycles.schoolYear));
  const rows = await db.select().from(pecRulesVersions);
  return cycles.map((c) =>
    summaryOf(
      c,
      rows.filter((r) => r.cycleId === c.id),
    ),
  );
}

export async function getCycle(db: Db, actor: Actor, id: number): Promise<z.infer<typeof CycleDetail>> {
  requireReader(actor);
  const nation = await nationPath(db);
  const c = await requireCycle(db, id);
  const rows = await db.select().from(pecRulesVersions).where(eq(pecRulesVersions.cycleId, id));
  const published = latestPublished(rows);
  const draft = rows.find((r) => r.status === 'draft');
  const states = await db
    .select()
    .from(orgUnits)
    .where(eq(orgUnits.kind, 'state'))
    .orderBy(asc(orgUnits.code));
  const adaptations = await db.select().from(pecStateAdaptations).where(eq(pecStateAdaptations.cycleId, id));
  return {
    ...summaryOf(c, rows),
    versions: await versionsOf(db, rows),
    published: published?.document ?? null,
    draft: draft?.document ?? null,
    draftRevision: draft?.revision ?? null,
    adaptations: states.map((s) => {
      const mine = adaptations.filter((a) => a.stateUnitId === s.id);
      return {
        state: stateRef(s),
        publishedVersion: latestPublished(mine)?.version ?? null,
        hasDraft: mine.some((a) => a.status === 'draft'),
      };
    }),
    can: { manage: can(actor, 'rules.manage', nation) },
  };
}

/** Moves every date of a calendar on by whole years (copying last year's rules to start the next). */
function shiftYears(doc: FederalRules, years: number, schoolYear: string, fiscalYear: number): FederalRules {
  const shift = (d: string) => `${Number(d.slice(0, 4)) + years}${d.slice(4)}`;
  return {
    ...structuredClone(doc),
    schoolYear,
    fiscalYear,
    calendar: Object.fromEntries(
      DEADLINES.map((k) => [k, shift(doc.calendar[k])]),
    ) as FederalRules['calendar'],
  };
}

/**
 * A new cycle starts with a draft of its rules: a copy of the given cycle's published rules (dates
 * moved on by the years between them), or of the latest published cycle, or a starting template.
 */
export async function createCycle(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  input: z.infer<typeof CreateCycleBody>,
): Promise<{ id: number }> {
  const grant = authorize(actor, 'rules.manage', await nationPath(ctx.db));
  const [clash] = await ctx.db.select().from(pecCycles).where(eq(pecCycles.schoolYear, input.schoolYear));
  if (clash) throw new AppError(409, 'rules_cycle_exists', { schoolYear: input.schoolYear });
  let source: { doc: FederalRules; fiscalYear: number; from: string } | null = null;
  const sourceCycle = input.copyFromCycleId
    ? await requireCycle(ctx.db, input.copyFromCycleId)
    : (await ctx.db.select().from(pecCycles).orderBy(desc(pecCycles.fiscalYear)).limit(1))[0];
  if (sourceCycle) {
    const rows = await ctx.db
      .select()
      .from(pecRulesVersions)
      .where(eq(pecRulesVersions.cycleId, sourceCycle.id));
    const pub = latestPublished(rows);
    if (pub) source = { doc: pub.document, fiscalYear: sourceCycle.fiscalYear, from: sourceCycle.schoolYear };
    else if (input.copyFromCycleId) throw new AppError(409, 'rules_not_published');
  }
  const start = Number(input.schoolYear.slice(0, 4));
  const document = source
    ? shiftYears(source.doc, input.fiscalYear - source.fiscalYear, input.schoolYear, input.fiscalYear)
    : { ...demoFederalRules(start), schoolYear: input.schoolYear, fiscalYear: input.fiscalYear };
  return ctx.db.transaction(async (tx) => {
    const [c] = await tx
      .insert(pecCycles)
      .values({ schoolYear: input.schoolYear, fiscalYear: input.fiscalYear })
      .returning();
    if (!c) throw new Error('cycle insert failed');
    await tx.insert(pecRulesVersions).values({
      cycleId: c.id,
      version: 1,
      status: 'draft',
      document,
      createdBy: actor.userId,
    });
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'rules.cycle_create',
        entityType: 'pec_cycle',
        entityId: String(c.id),
        unitPath: null,
        changes: diff(null, {
          schoolYear: c.schoolYear,
          fiscalYear: c.fiscalYear,
          copiedFrom: source?.from ?? null,
        }),
      },
    );
    return { id: c.id };
  });
}

/** Rule-by-rule changes between two documents, for the audit trail. */
function ruleChanges(before: unknown, after: unknown) {
  return diff(
    before ? Object.fromEntries(flatten(before)) : null,
    after ? Object.fromEntries(flatten(after)) : null,
  );
}

function invalid(
  problems: { rule: string; message: string }[],
  code: 'rules_invalid' | 'rules_out_of_bounds',
) {
  return new AppError(
    422,
    code,
    { count: problems.length },
    {
      fieldErrors: problems.map((p) => ({ path: p.rule, message: p.message })),
    },
  );
}

/** Saves the draft of the next version (creating it when there is none). */
export async function saveRulesDraft(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  input: z.infer<typeof SaveRulesBody>,
): Promise<{ revision: number }> {
  const grant = authorize(actor, 'rules.manage', await nationPath(ctx.db));
  const c = await requireCycle(ctx.db, cycleId);
  if (input.document.schoolYear !== c.schoolYear || input.document.fiscalYear !== c.fiscalYear) {
    throw new AppError(422, 'rules_year_mismatch', { given: input.document.schoolYear, cycle: c.schoolYear });
  }
  const problems = federalProblems(input.document, actor.locale);
  if (problems.length) throw invalid(problems, 'rules_invalid');
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select id from pec_cycles where id = ${cycleId} for update`);
    const rows = await tx.select().from(pecRulesVersions).where(eq(pecRulesVersions.cycleId, cycleId));
    const draft = rows.find((r) => r.status === 'draft');
    const before = draft?.document ?? latestPublished(rows)?.document ?? null;
    let revision = 1;
    if (draft) {
      if (input.revision !== undefined && input.revision !== draft.revision)
        throw new AppError(409, 'rules_stale');
      revision = draft.revision + 1;
      await tx
        .update(pecRulesVersions)
        .set({ document: input.document, revision, updatedAt: new Date().toISOString() })
        .where(eq(pecRulesVersions.id, draft.id));
    } else {
      const next = Math.max(0, ...rows.map((r) => r.version)) + 1;
      await tx.insert(pecRulesVersions).values({
        cycleId,
        version: next,
        status: 'draft',
        document: input.document,
        createdBy: actor.userId,
      });
    }
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'rules.draft_save',
        entityType: 'pec_rules',
        entityId: String(cycleId),
        unitPath: null,
        changes: ruleChanges(before, input.document),
      },
    );
    return { revision };
  });
}

/** Publishes the draft: from then on it is immutable; a later correction is the next version with its reason. */
export async function publishRules(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  input: z.infer<typeof PublishBody>,
): Promise<{ version: number }> {
  const grant = authorize(actor, 'rules.manage', await nationPath(ctx.db));
  await requireCycle(ctx.db, cycleId);
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select id from pec_cycles where id = ${cycleId} for update`);
    const rows = await tx.select().from(pecRulesVersions).where(eq(pecRulesVersions.cycleId, cycleId));
    const draft = rows.find((r) => r.status === 'draft');
    if (!draft) throw new AppError(409, 'rules_no_draft');
    const previous = latestPublished(rows);
    if (previous && !input.reason) throw new AppError(422, 'rules_reason_required');
    const problems = federalProblems(FederalRulesSchema.parse(draft.document), actor.locale);
    if (problems.length) throw invalid(problems, 'rules_invalid');
    const now = new Date().toISOString();
    await tx
      .update(pecRulesVersions)
      .set({
        status: 'published',
        reason: input.reason,
        publishedAt: now,
        publishedBy: actor.userId,
        updatedAt: now,
      })
      .where(eq(pecRulesVersions.id, draft.id));
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'rules.publish',
        entityType: 'pec_rules',
        entityId: String(cycleId),
        unitPath: null,
        changes: {
          version: { before: previous?.version ?? null, after: draft.version },
          ...(input.reason ? { reason: { before: null, after: input.reason } } : {}),
          ...ruleChanges(previous?.document ?? null, draft.document),
        },
      },
    );
    return { version: draft.version };
  });
}

async function requireState(db: Executor, stateId: number): Promise<Unit> {
  const u = await requireUnit(db, stateId);
  if (u.kind !== 'state') throw new AppError(422, 'rules_not_a_state');
  return u as Unit;
}

async function publishedFederal(db: Executor, cycleId: number): Promise<RulesRow> {
  const rows = await db.select().from(pecRulesVersions).where(eq(pecRulesVersions.cycleId, cycleId));
  const pub = latestPublished(rows);
  if (!pub) throw new AppError(409, 'rules_not_published');
  return pub;
}

export async function getAdaptation(
  db: Db,
  actor: Actor,
  cycleId: number,
  stateId: number,
): Promise<z.infer<typeof AdaptationDetail>> {
  const state = await requireState(db, stateId);
  requireReader(actor);
  await requireCycle(db, cycleId);
  const rows = await db
    .select()
    .from(pecStateAdaptations)
    .where(and(eq(pecStateAdaptations.cycleId, cycleId), eq(pecStateAdaptations.stateUnitId, stateId)));
  const draft = rows.find((r) => r.status === 'draft');
  const fedRows = await db.select().from(pecRulesVersions).where(eq(pecRulesVersions.cycleId, cycleId));
  const federal = latestPublished(fedRows);
  return {
    state: stateRef(state),
    versions: await versionsOf(db, rows),
    published: latestPublished(rows)?.document ?? null,
    draft: draft?.document ?? null,
    draftRevision: draft?.revision ?? null,
    draftProblems: draft && federal ? adaptationProblems(federal.document, draft.document, actor.locale) : [],
    can: { adapt: can(actor, 'rules.adapt', state.path) },
  };
}

/** Saves a state's draft adaptation; one outside the federal bounds is refused, naming each rule and bound. */
export async function saveAdaptationDraft(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  stateId: number,
  input: z.infer<typeof SaveAdaptationBody>,
): Promise<{ revision: number }> {
  const state = await requireState(ctx.db, stateId);
  const grant = authorize(actor, 'rules.adapt', state.path);
  await requireCycle(ctx.db, cycleId);
  const federal = await publishedFederal(ctx.db, cycleId);
  const problems = adaptationProblems(federal.document, input.document, actor.locale);
  if (problems.length) throw invalid(problems, 'rules_out_of_bounds');
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select id from org_units where id = ${stateId} for update`);
    const rows = await tx
      .select()
      .from(pecStateAdaptations)
      .where(and(eq(pecStateAdaptations.cycleId, cycleId), eq(pecStateAdaptations.stateUnitId, stateId)));
    const draft = rows.find((r) => r.status === 'draft');
    const before = draft?.document ?? latestPublished(rows)?.document ?? null;
    let revision = 1;
    if (draft) {
      if (input.revision !== undefined && input.revision !== draft.revision)
        throw new AppError(409, 'rules_stale');
      revision = draft.revision + 1;
      await tx
        .update(pecStateAdaptations)
        .set({ document: input.document, revision, updatedAt: new Date().toISOString() })
        .where(eq(pecStateAdaptations.id, draft.id));
    } else {
      const [last] = await tx
        .select({ n: max(pecStateAdaptations.version) })
        .from(pecStateAdaptations)
        .where(and(eq(pecStateAdaptations.cycleId, cycleId), eq(pecStateAdaptations.stateUnitId, stateId)));
      await tx.insert(pecStateAdaptations).values({
        cycleId,
        stateUnitId: stateId,
        version: (last?.n ?? 0) + 1,
        status: 'draft',
        document: input.document,
        createdBy: actor.userId,
      });
    }
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'rules.adaptation_save',
        entityType: 'pec_adaptation',
        entityId: `${cycleId}:${stateId}`,
        unitPath: state.path,
        changes: ruleChanges(before, input.document),
      },
    );
    return { revision };
  });
}

export async function publishAdaptation(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  stateId: number,
  input: z.infer<typeof PublishBody>,
): Promise<{ version: number }> {
  const state = await requireState(ctx.db, stateId);
  const grant = authorize(actor, 'rules.adapt', state.path);
  await requireCycle(ctx.db, cycleId);
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select id from org_units where id = ${stateId} for update`);
    const federal = await publishedFederal(tx, cycleId);
    const rows = await tx
      .select()
      .from(pecStateAdaptations)
      .where(and(eq(pecStateAdaptations.cycleId, cycleId), eq(pecStateAdaptations.stateUnitId, stateId)));
    const draft = rows.find((r) => r.status === 'draft');
    if (!draft) throw new AppError(409, 'rules_no_draft');
    const previous = latestPublished(rows);
    if (previous && !input.reason) throw new AppError(422, 'rules_reason_required');
    const problems = adaptationProblems(federal.document, draft.document, actor.locale);
    if (problems.length) throw invalid(problems, 'rules_out_of_bounds');
    const now = new Date().toISOString();
    await tx
      .update(pecStateAdaptations)
      .set({
        status: 'published',
        reason: input.reason,
        federalVersion: federal.version,
        publishedAt: now,
        publishedBy: actor.userId,
        updatedAt: now,
      })
      .where(eq(pecStateAdaptations.id, draft.id));
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'rules.adaptation_publish',
        entityType: 'pec_adaptation',
        entityId: `${cycleId}:${stateId}`,
        unitPath: state.path,
        changes: {
          version: { before: previous?.version ?? null, after: draft.version },
          federalVersion: { before: null, after: federal.version },
          ...(input.reason ? { reason: { before: null, after: input.reason } } : {}),
          ...ruleChanges(previous?.document ?? null, draft.document),
        },
      },
    );
    return { version: draft.version };
  });
}

export interface Effective {
  cycle: Cycle;
  state: Unit | null;
  federal: RulesRow;
  adaptation: AdaptationRow | null;
  rules: EffectiveRules;
  dropped: ReturnType<typeof withinBounds>['dropped'];
}

/**
 * The rules in force for a unit: the latest published federal version plus its state's latest
 * published adaptation (what every feature of the programme reads).
 */
/**
 * Published versions never change (a trigger guarantees it), so the effective rules for a (cycle,
 * federal version, state, adaptation version) are cached in the process by those keys: each call
 * asks the database only which versions are current (one small query), and every process stays
 * correct because a new publication is a new key. Bounded so a long-lived process cannot grow it.
 */
const effectiveCache = new Map<string, Omit<Effective, 'cycle' | 'state'>>();
const CACHE_MAX = 500;

function withDefaults(document: FederalRules): FederalRules {
  const parsed = FederalRulesSchema.safeParse(document);
  return parsed.success ? parsed.data : document;
}

export async function effectiveFor(db: Executor, cycleId: number, unitPath: string): Promise<Effective> {
  return (await effectiveWithExtensions(db, cycleId, unitPath)).effective;
}

/** The effective rules and, in the same round trip, the deadline extensions that cover the unit. */
async function effectiveWithExtensions(
  db: Executor,
  cycleId: number,
  unitPath: string,
): Promise<{ effective: Effective; extensions: { deadline: string; until: string }[] }> {
  const stateId = pathIds(unitPath)[1] ?? null;
  const [head] = rowsOf(
    await db.execute(sql`
      select c.id, c.school_year, c.fiscal_year, c.created_at,
        (select coalesce(json_agg(json_build_object('deadline', x.deadline, 'until', x.until)), '[]'::json)
          from pec_deadline_extensions x where x.cycle_id = c.id and ${unitPath} like x.unit_path || '%') as ext,
        (select max(version) from pec_rules_versions where cycle_id = c.id and status = 'published') as fv,
        (select max(version) from pec_state_adaptations
          where cycle_id = c.id and state_unit_id = ${stateId} and status = 'published') as av,
        s.id as s_id, s.kind as s_kind, s.code as s_code, s.name as s_name, s.path as s_path
      from pec_cycles c left join org_units s on s.id = ${stateId} and s.kind = 'state'
      where c.id = ${cycleId}`),
  );
  if (!head) throw new AppError(404, 'not_found');
  if (head.fv === null || head.fv === undefined) throw new AppError(409, 'rules_not_published');
  const cycle: Cycle = {
    id: Number(head.id),
    schoolYear: String(head.school_year),
    fiscalYear: Number(head.fiscal_year),
    createdAt: String(head.created_at),
  };
  const state = head.s_id
    ? ({
        id: Number(head.s_id),
        kind: 'state',
        code: String(head.s_code),
        name: String(head.s_name),
        path: String(head.s_path),
      } as Unit)
    : null;
  const key = `${cycleId}:${head.fv}:${state?.id ?? '-'}:${head.av ?? '-'}`;
  let hit = effectiveCache.get(key);
  if (!hit) {
    const [federal] = await db
      .select()
      .from(pecRulesVersions)
      .where(and(eq(pecRulesVersions.cycleId, cycleId), eq(pecRulesVersions.version, Number(head.fv))));
    if (!federal) throw new AppError(409, 'rules_not_published');
    const [adaptation] =
      state && head.av !== null && head.av !== undefined
        ? await db
            .select()
            .from(pecStateAdaptations)
            .where(
              and(
                eq(pecStateAdaptations.cycleId, cycleId),
                eq(pecStateAdaptations.stateUnitId, state.id),
                eq(pecStateAdaptations.version, Number(head.av)),
              ),
            )
        : [];
    const bounded = adaptation ? withinBounds(federal.document, adaptation.document) : null;
    hit = {
      federal,
      adaptation: adaptation ?? null,
      // Parsed so documents published before a rule existed read with its default.
      rules: effectiveRules(withDefaults(federal.document), bounded?.adaptation ?? null),
      dropped: bounded?.dropped ?? [],
    };
    if (effectiveCache.size >= CACHE_MAX) effectiveCache.clear();
    effectiveCache.set(key, hit);
  }
  const ext = typeof head.ext === 'string' ? JSON.parse(head.ext) : head.ext;
  return {
    effective: { cycle, state, ...hit },
    extensions: (ext ?? []) as { deadline: string; until: string }[],
  };
}

export async function getEffective(
  db: Db,
  actor: Actor,
  cycleId: number,
  unitId: number | undefined,
): Promise<z.infer<typeof EffectiveRulesView>> {
  // Without a unit: the reader's own (a state coordinator sees their state's effective rules).
  const own = grantsFor(actor, 'org.read')[0];
  const unit = unitId ? await requireUnit(db, unitId) : own ? await requireUnit(db, own.unitId) : null;
  const path = unit?.path ?? (await nationPath(db));
  requireReader(actor);
  // A state's effective rules are public like its adaptation; a school's are read within scope.
  if (unit && unit.kind !== 'state' && unit.kind !== 'nation') authorize(actor, 'org.read', unit.path);
  const e = await effectiveFor(db, cycleId, path);
  const fedRows = await db.select().from(pecRulesVersions).where(eq(pecRulesVersions.cycleId, cycleId));
  return {
    cycle: summaryOf(e.cycle, fedRows),
    state: e.state ? stateRef(e.state) : null,
    federalVersion: e.federal.version,
    adaptationVersion: e.adaptation?.version ?? null,
    federal: e.federal.document,
    effective: e.rules,
    differences: differences(e.federal.document, e.rules),
  };
}

// Deadlines.

function grantorOf(state: Unit | null) {
  return state
    ? {
        grantor_es: `la Coordinación General Estatal del PEC (${state.name})`,
        grantor_en: `the state programme coordination (${state.name})`,
      }
    : { grantor_es: 'la Coordinación Nacional del PEC', grantor_en: 'the national programme coordination' };
}

export interface DeadlineStatus {
  deadline: Deadline;
  date: string;
  /** The latest extension covering the unit, if any. */
  extendedUntil: string | null;
  open: boolean;
}

/** Where each deadline stands for a unit today: its effective date and any extension granted for it or above it. */
export async function deadlineStatuses(
  db: Executor,
  cycleId: number,
  unit: { path: string },
  today: string = todayMx(),
): Promise<{ effective: Effective; statuses: DeadlineStatus[] }> {
  const { effective, extensions } = await effectiveWithExtensions(db, cycleId, unit.path);
  return { effective, statuses: statusesOf(effective, extensions, today) };
}

function statusesOf(
  effective: Effective,
  extensions: { deadline: string; until: string }[],
  today: string,
): DeadlineStatus[] {
  return DEADLINES.map((deadline) => {
    const date = effective.rules.calendar[deadline];
    const extendedUntil =
      extensions
        .filter((x) => x.deadline === deadline)
        .map((x) => x.until)
        .sort()
        .at(-1) ?? null;
    const last = extendedUntil && extendedUntil > date ? extendedUntil : date;
    return { deadline, date, extendedUntil, open: today <= last };
  });
}

/**
 * openDeadline for many units of one cycle at once (a batch of plan steps): one query per state
 * for its rules (cached), one for every unit's extensions. A unit whose deadline has passed, or
 * whose state's rules cannot be read, gets the refusal openDeadline would throw, instead of
 * failing the others; the caller throws it after its own permission check.
 */
export async function openDeadlines(
  db: Executor,
  cycleId: number,
  paths: string[],
  deadline: Deadline,
  today: string = todayMx(),
): Promise<Map<string, { effective: Effective } | { refused: AppError }>> {
  const unique = [...new Set(paths)];
  const stateOf = (p: string) => `/${pathIds(p).slice(0, 2).join('/')}/`;
  // A state whose rules cannot be read (none published) refuses its own schools, not the others.
  const rules = new Map<string, Effective | AppError>();
  for (const s of new Set(unique.map(stateOf))) {
    try {
      rules.set(s, await effectiveFor(db, cycleId, s));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      rules.set(s, err);
    }
  }
  const ext = new Map<string, { deadline: string; until: string }[]>();
  if (unique.length) {
    const rows = rowsOf(
      await db.execute(sql`
        select u.path, x.deadline, x.until
        from (values ${sql.join(
          unique.map((p) => sql`(${p}::text)`),
          sql`, `,
        )}) as u(path)
        join pec_deadline_extensions x on x.cycle_id = ${cycleId} and x.deadline = ${deadline}
          and u.path like x.unit_path || '%'`),
    );
    for (const r of rows) {
      const list = ext.get(String(r.path)) ?? [];
      list.push({ deadline: String(r.deadline), until: String(r.until) });
      ext.set(String(r.path), list);
    }
  }
  const out = new Map<string, { effective: Effective } | { refused: AppError }>();
  for (const p of unique) {
    const effective = rules.get(stateOf(p)) as Effective | AppError;
    if (effective instanceof AppError) {
      out.set(p, { refused: effective });
      continue;
    }
    const status = statusesOf(effective, ext.get(p) ?? [], today).find((x) => x.deadline === deadline);
    out.set(
      p,
      status?.open ? { effective } : { refused: deadlineRefusal(status as DeadlineStatus, effective) },
    );
  }
  return out;
}

function deadlineRefusal(s: DeadlineStatus, effective: Effective): AppError {
  return new AppError(409, 'deadline_passed', {
    deadline_es: deadlineLabel(s.deadline, 'es'),
    deadline_en: deadlineLabel(s.deadline, 'en'),
    date: s.extendedUntil && s.extendedUntil > s.date ? s.extendedUntil : s.date,
    ...grantorOf(effective.state),
  });
}

/**
 * Refuses an action after its deadline, saying the date and who may extend it. The features of
 * the cycle (registration, plan delivery, review…) call this inside their service before writing.
 */
export async function requireOpen(
  db: Executor,
  cycleId: number,
  unit: { path: string },
  deadline: Deadline,
  today: string = todayMx(),
): Promise<DeadlineStatus> {
  return (await openDeadline(db, cycleId, unit, deadline, today)).status;
}

/** requireOpen, also handing back the effective rules it read, for callers that need both. */
export async function openDeadline(
  db: Executor,
  cycleId: number,
  unit: { path: string },
  deadline: Deadline,
  today: string = todayMx(),
): Promise<{ status: DeadlineStatus; effective: Effective }> {
  const { effective, statuses } = await deadlineStatuses(db, cycleId, unit, today);
  const s = statuses.find((x) => x.deadline === deadline) as DeadlineStatus;
  if (s.open) return { status: s, effective };
  throw deadlineRefusal(s, effective);
}

export async function getDeadlines(db: Db, actor: Actor, cycleId: number, unitId: number) {
  const unit = await requireUnit(db, unitId);
  authorize(actor, 'org.read', unit.path);
  const { statuses } = await deadlineStatuses(db, cycleId, unit);
  return statuses.map((s) => ({ ...s, label: deadlineLabel(s.deadline, actor.locale) }));
}

/** The state coordination extends one deadline for a school, zone or sector of its state, with its reason. */
export async function grantExtension(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  input: z.infer<typeof ExtensionBody>,
): Promise<{ id: number }> {
  const unit = await requireUnit(ctx.db, input.unitId);
  if (!['school', 'zone', 'sector'].includes(unit.kind)) throw new AppError(422, 'extension_unit_kind');
  const grant = authorize(actor, 'rules.adapt', unit.path);
  const effective = await effectiveFor(ctx.db, cycleId, unit.path);
  const date = effective.rules.calendar[input.deadline];
  if (input.until <= date) throw new AppError(422, 'extension_date', { date });
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(pecDeadlineExtensions)
      .values({
        cycleId,
        unitId: unit.id,
        unitPath: unit.path,
        deadline: input.deadline,
        until: input.until,
        reason: input.reason,
        grantedBy: actor.userId,
      })
      .returning();
    if (!row) throw new Error('extension insert failed');
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'rules.extension_grant',
        entityType: 'pec_extension',
        entityId: String(row.id),
        unitPath: unit.path,
        changes: diff(null, {
          cycleId,
          deadline: input.deadline,
          from: date,
          until: input.until,
          reason: input.reason,
        }),
      },
    );
    return { id: row.id };
  });
}

export async function listExtensions(
  db: Db,
  actor: Actor,
  cycleId: number,
  underUnitId: number | undefined,
): Promise<z.infer<typeof ExtensionInfo>[]> {
  const under = underUnitId ? await requireUnit(db, underUnitId) : null;
  if (under) authorize(actor, 'org.read', under.path);
  const rows = await db
    .select({ x: pecDeadlineExtensions, u: orgUnits, name: users.name })
    .from(pecDeadlineExtensions)
    .innerJoin(orgUnits, eq(orgUnits.id, pecDeadlineExtensions.unitId))
    .leftJoin(users, eq(users.id, pecDeadlineExtensions.grantedBy))
    .where(
      and(
        eq(pecDeadlineExtensions.cycleId, cycleId),
        // Only what the reader may see: extensions inside their scope, and those covering their own units
        // (a director sees the zone's extension that applies to the school).
        or(
          scopeCondition(actor, 'org.read', pecDeadlineExtensions.unitPath),
          ...grantsFor(actor, 'org.read').map(
            (g) => sql`${g.unitPath} like ${pecDeadlineExtensions.unitPath} || '%'`,
          ),
        ),
        under ? sql`${pecDeadlineExtensions.unitPath} like ${`${under.path}%`}` : undefined,
      ),
    )
    .orderBy(desc(pecDeadlineExtensions.grantedAt));
  return rows.map(({ x, u, name }) => ({
    id: x.id,
    unit: { id: u.id, kind: u.kind, code: u.code, name: u.name },
    deadline: x.deadline as Deadline,
    until: x.until,
    reason: x.reason,
    grantedBy: x.grantedBy ? { id: x.grantedBy, name: name ?? '—' } : null,
    grantedAt: dbTimeIso(x.grantedAt),
  }));
}

export type { StateAdaptation };

/**
 * The effective calendar of every state at once (two queries), for dashboards that span states:
 * state id → its dates (the federal calendar where a state has no published adaptation).
 */
export async function effectiveCalendars(
  db: Executor,
  cycleId: number,
): Promise<{ federal: FederalRules['calendar']; byState: Map<number, FederalRules['calendar']> }> {
  const federal = await publishedFederal(db, cycleId);
  const rows = await db
    .select()
    .from(pecStateAdaptations)
    .where(and(eq(pecStateAdaptations.cycleId, cycleId), eq(pecStateAdaptations.status, 'published')));
  const latest = new Map<number, AdaptationRow>();
  for (const r of rows) {
    const seen = latest.get(r.stateUnitId);
    if (!seen || seen.version < r.version) latest.set(r.stateUnitId, r);
  }
  const byState = new Map<number, FederalRules['calendar']>();
  for (const [stateId, a] of latest) {
    byState.set(
      stateId,
      effectiveRules(federal.document, withinBounds(federal.document, a.document).adaptation).calendar,
    );
  }
  return { federal: federal.document.calendar, byState };
}

/** One version of the federal rules (published or the draft), whole: the history can be read, not only listed. */
export async function getRulesVersion(
  db: Db,
  actor: Actor,
  cycleId: number,
  version: number,
): Promise<FederalRules> {
  requireReader(actor);
  const [row] = await db
    .select()
    .from(pecRulesVersions)
    .where(and(eq(pecRulesVersions.cycleId, cycleId), eq(pecRulesVersions.version, version)));
  if (!row) throw new AppError(404, 'not_found');
  return row.document;
}

export async function getAdaptationVersion(
  db: Db,
  actor: Actor,
  cycleId: number,
  stateId: number,
  version: number,
): Promise<StateAdaptation> {
  requireReader(actor);
  const [row] = await db
    .select()
    .from(pecStateAdaptations)
    .where(
      and(
        eq(pecStateAdaptations.cycleId, cycleId),
        eq(pecStateAdaptations.stateUnitId, stateId),
        eq(pecStateAdaptations.version, version),
      ),
    );
  if (!row) throw new AppError(404, 'not_found');
  return row.document;
}
