import { and, asc, desc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import {
  type CallInfo,
  type ChooseBody,
  type CreateCallBody,
  DOCUMENT_MAX_BYTES,
  type PublicSelectedSchool,
  type PublishSelectionBody,
  type RegisterBody,
  type RegistrationDetail,
  type RegistrationListQuery,
  type RegistrationSummary,
  type SelectionView,
  type UpdateCallBody,
  type UpdateRegistrationBody,
} from '../../../contract/enrollment.ts';
import { PRIORITY_CRITERIA } from '../../../contract/rules.ts';
import type { AppContext } from '../../context.ts';
import { diff, recordAudit, recordAudits } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Db, Executor, Tx } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { storedFiles } from '../../platform/files/schema.ts';
import { deleteFile, openFile, saveFile } from '../../platform/files/store.ts';
import type { MailMessage } from '../../platform/mail/mailer.ts';
import { pesos } from '../../platform/money.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { authorize, can, grantsFor, scopeCondition } from '../../platform/permissions/policy.ts';
import { dbTimeIso } from '../../platform/time.ts';
import { schools } from '../catalog/schema.ts';
import { municipalities, orgUnits, roleAssignments } from '../org/schema.ts';
import { requireUnit } from '../org/service.ts';
import type { EffectiveRules } from '../rules/effective.ts';
import { pecCycles } from '../rules/schema.ts';
import { deadlineStatuses, effectiveFor, requireOpen } from '../rules/service.ts';
import { sniffed } from './documents.ts';
import { compareForSelection, evaluate, PRIORITY_LABELS, type SchoolFacts } from './eligibility.ts';
import { pecCalls, pecParticipations, pecRegistrations, pecSelections } from './schema.ts';

type Unit = typeof orgUnits.$inferSelect;
type CallRow = typeof pecCalls.$inferSelect;
type RegRow = typeof pecRegistrations.$inferSelect;

const stateRef = (u: Unit) => ({ id: u.id, code: u.code, name: u.name });
const KIND_LABEL = {
  ordinary: { es: 'ordinaria', en: 'ordinary' },
  extraordinary: { es: 'extraordinaria', en: 'extraordinary' },
} as const;

async function requireCycle(db: Executor, id: number) {
  const [c] = await db.select().from(pecCycles).where(eq(pecCycles.id, id));
  if (!c) throw new AppError(404, 'not_found');
  return c;
}

async function requireState(db: Executor, stateId: number): Promise<Unit> {
  const u = await requireUnit(db, stateId);
  if (u.kind !== 'state') throw new AppError(404, 'not_found');
  return u as Unit;
}

/** Whether the actor reads anything in this subtree or above it (a state's call concerns all its schools). */
function touches(actor: Actor, path: string): boolean {
  return grantsFor(actor, 'org.read').some((a) => a.unitPath.startsWith(path) || path.startsWith(a.unitPath));
}

// Calls.

function callInfo(actor: Actor, c: CallRow, state: Unit): CallInfo {
  return {
    id: c.id,
    cycleId: c.cycleId,
    state: stateRef(state),
    kind: c.kind,
    title: c.title,
    text: c.text,
    budget: c.budget,
    status: c.status,
    publishedAt: c.publishedAt ? dbTimeIso(c.publishedAt) : null,
    createdAt: dbTimeIso(c.createdAt),
    can: { manage: c.status === 'draft' && can(actor, 'pec.decide', state.path) },
  };
}

/** The calls a person may see: published ones of the states they work in, and drafts of the states they decide for. */
export async function listCalls(
  db: Db,
  actor: Actor,
  cycleId: number,
  stateId?: number,
): Promise<CallInfo[]> {
  await requireCycle(db, cycleId);
  const rows = await db
    .select({ c: pecCalls, s: orgUnits })
    .from(pecCalls)
    .innerJoin(orgUnits, eq(orgUnits.id, pecCalls.stateUnitId))
    .where(and(eq(pecCalls.cycleId, cycleId), stateId ? eq(pecCalls.stateUnitId, stateId) : undefined))
    .orderBy(asc(orgUnits.code), asc(pecCalls.kind));
  return rows
    .filter(({ c, s }) =>
      c.status === 'published' ? touches(actor, s.path) : can(actor, 'pec.decide', s.path),
    )
    .map(({ c, s }) => callInfo(actor, c, s as Unit));
}

async function requireCall(db: Executor, actor: Actor, callId: number) {
  const [row] = await db
    .select({ c: pecCalls, s: orgUnits })
    .from(pecCalls)
    .innerJoin(orgUnits, eq(orgUnits.id, pecCalls.stateUnitId))
    .where(eq(pecCalls.id, callId));
  if (!row) throw new AppError(404, 'not_found');
  const s = row.s as Unit;
  // A draft is the state coordination's own; others do not learn it exists.
  if (row.c.status === 'draft' ? !can(actor, 'pec.decide', s.path) : !touches(actor, s.path))
    throw new AppError(404, 'not_found');
  return { call: row.c, state: s };
}

export async function getCall(db: Db, actor: Actor, callId: number): Promise<CallInfo> {
  const { call, state } = await requireCall(db, actor, callId);
  return callInfo(actor, call, state);
}

export async function createCall(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  stateId: number,
  input: z.infer<typeof CreateCallBody>,
): Promise<CallInfo> {
  const state = await requireState(ctx.db, stateId);
  const grant = authorize(actor, 'pec.decide', state.path);
  await effectiveFor(ctx.db, cycleId, state.path);
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(pecCalls)
      .values({ cycleId, stateUnitId: stateId, ...input, status: 'draft' })
      .onConflictDoNothing()
      .returning();
    if (!row)
      throw new AppError(409, 'enrollment_call_exists', {
        kind_es: KIND_LABEL[input.kind].es,
        kind_en: KIND_LABEL[input.kind].en,
        state: state.name,
      });
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'pec.call_create',
        entityType: 'pec_call',
        entityId: String(row.id),
        unitPath: state.path,
        changes: diff(null, { cycleId, kind: input.kind, title: input.title, budget: input.budget }),
      },
    );
    return row.id;
  });
  return getCall(ctx.db, actor, id);
}

export async function updateCall(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  callId: number,
  input: z.infer<typeof UpdateCallBody>,
): Promise<CallInfo> {
  const { call, state } = await requireCall(ctx.db, actor, callId);
  const grant = authorize(actor, 'pec.decide', state.path);
  await ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(pecCalls).where(eq(pecCalls.id, call.id)).for('update');
    if (locked?.status !== 'draft') throw new AppError(409, 'enrollment_call_published');
    const next = {
      title: input.title ?? locked.title,
      text: input.text ?? locked.text,
      budget: input.budget ?? locked.budget,
    };
    await tx.update(pecCalls).set(next).where(eq(pecCalls.id, call.id));
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'pec.call_update',
        entityType: 'pec_call',
        entityId: String(call.id),
        unitPath: state.path,
        changes: diff({ title: locked.title, text: locked.text, budget: locked.budget }, next),
      },
    );
  });
  return getCall(ctx.db, actor, callId);
}

export async function publishCall(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  callId: number,
): Promise<CallInfo> {
  const { call, state } = await requireCall(ctx.db, actor, callId);
  const grant = authorize(actor, 'pec.decide', state.path);
  await ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(pecCalls).where(eq(pecCalls.id, call.id)).for('update');
    if (locked?.status !== 'draft') throw new AppError(409, 'enrollment_call_published');
    const now = new Date().toISOString();
    await tx
      .update(pecCalls)
      .set({ status: 'published', publishedAt: now, publishedBy: actor.userId })
      .where(eq(pecCalls.id, call.id));
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'pec.call_publish',
        entityType: 'pec_call',
        entityId: String(call.id),
        unitPath: state.path,
        changes: { status: { before: 'draft', after: 'published' } },
      },
    );
  });
  return getCall(ctx.db, actor, callId);
}

async function publishedCalls(db: Executor, cycleId: number, stateId: number): Promise<CallRow[]> {
  return db
    .select()
    .from(pecCalls)
    .where(
      and(eq(pecCalls.cycleId, cycleId), eq(pecCalls.stateUnitId, stateId), eq(pecCalls.status, 'published')),
    )
    .orderBy(desc(pecCalls.publishedAt));
}

async function selectionRow(db: Executor, cycleId: number, stateId: number) {
  const [s] = await db
    .select()
    .from(pecSelections)
    .where(and(eq(pecSelections.cycleId, cycleId), eq(pecSelections.stateUnitId, stateId)));
  return s ?? null;
}

function refusePublished(sel: { publishedAt: string } | null, state: Unit) {
  if (sel)
    throw new AppError(409, 'enrollment_selection_published', {
      state: state.name,
      date: dbTimeIso(sel.publishedAt).slice(0, 10),
    });
}

// Registration.

interface SchoolRow {
  unit: Unit;
  facts: SchoolFacts;
  cct: string;
  municipality: string | null;
  stateId: number;
}

export async function loadSchool(db: Executor, unitId: number): Promise<SchoolRow> {
  const [row] = await db
    .select({ u: orgUnits, s: schools, m: municipalities.name })
    .from(orgUnits)
    .innerJoin(schools, eq(schools.unitId, orgUnits.id))
    .leftJoin(municipalities, eq(municipalities.id, orgUnits.municipalityId))
    .where(eq(orgUnits.id, unitId));
  if (!row) throw new AppError(404, 'not_found');
  const u = row.u as Unit;
  return {
    unit: u,
    cct: row.s.cct,
    municipality: row.m ?? null,
    stateId: Number(u.path.split('/').filter(Boolean)[1]),
    facts: {
      level: row.s.level,
      service: row.s.service,
      funding: row.s.funding,
      multigrade: row.s.multigrade,
      setting: row.s.setting,
      marginalization: row.s.marginalization,
      enrolment: row.s.enrolment,
      active: u.active,
    },
  };
}

/** Cycles the school took part in before this one (the school years recorded before the cycle's). */
export async function priorCyclesOf(db: Executor, schoolUnitId: number, schoolYear: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(pecParticipations)
    .where(
      and(
        eq(pecParticipations.schoolUnitId, schoolUnitId),
        sql`${pecParticipations.schoolYear} < ${schoolYear}`,
      ),
    );
  return Number(r?.n ?? 0);
}

export function evaluation(
  rules: EffectiveRules,
  school: SchoolFacts,
  reg: Pick<RegRow, 'priorCycles' | 'commitment' | 'documents'>,
) {
  const ev = evaluate(rules, school, reg);
  return {
    eligible: ev.eligible,
    eligibility: ev.checks,
    score: ev.score,
    scoreBreakdown: ev.breakdown as Record<string, number>,
    grantCap: ev.grantCap,
  };
}

const requiresExtra = (r: Pick<RegRow, 'eligibility'>) =>
  r.eligibility.some((c) => c.criterion === 'cycles' && !c.met);
/** Eligible, or failing only the cycles limit (the committee may admit it under the extra conditions). */
const selectable = (r: Pick<RegRow, 'eligibility' | 'eligible'>) =>
  r.eligible || r.eligibility.every((c) => c.met || c.criterion === 'cycles');

const stateUnit = alias(orgUnits, 'state_unit');

async function loadRegistrations(db: Executor, where: ReturnType<typeof and>) {
  return db
    .select({
      r: pecRegistrations,
      school: orgUnits,
      facts: schools,
      municipality: municipalities.name,
      state: stateUnit,
      publishedAt: pecSelections.publishedAt,
    })
    .from(pecRegistrations)
    .innerJoin(orgUnits, eq(orgUnits.id, pecRegistrations.schoolUnitId))
    .innerJoin(schools, eq(schools.unitId, pecRegistrations.schoolUnitId))
    .innerJoin(stateUnit, eq(stateUnit.id, pecRegistrations.stateUnitId))
    .leftJoin(municipalities, eq(municipalities.id, orgUnits.municipalityId))
    .leftJoin(
      pecSelections,
      and(
        eq(pecSelections.cycleId, pecRegistrations.cycleId),
        eq(pecSelections.stateUnitId, pecRegistrations.stateUnitId),
      ),
    )
    .where(where);
}
type Loaded = Awaited<ReturnType<typeof loadRegistrations>>[number];

function summaryOf(x: Loaded): RegistrationSummary {
  const r = x.r;
  return {
    id: r.id,
    cycleId: r.cycleId,
    callId: r.callId,
    school: { id: x.school.id, cct: x.facts.cct, name: x.school.name, municipality: x.municipality ?? null },
    state: stateRef(x.state as Unit),
    status: r.status,
    priorCycles: r.priorCycles,
    eligible: r.eligible,
    requiresExtraConditions: requiresExtra(r),
    score: r.score,
    grantCap: r.grantCap,
    // Before the state publishes, a committee's choice is provisional and not the school's result.
    selection: x.publishedAt ? r.selection : null,
    registeredAt: dbTimeIso(r.registeredAt),
    updatedAt: dbTimeIso(r.updatedAt),
  };
}

async function requireRegistration(db: Executor, actor: Actor, id: string): Promise<Loaded> {
  const [x] = await loadRegistrations(db, and(eq(pecRegistrations.id, id)));
  if (!x) throw new AppError(404, 'not_found');
  authorize(actor, 'org.read', x.r.schoolPath);
  return x;
}

export async function getRegistration(db: Db, actor: Actor, id: string): Promise<RegistrationDetail> {
  const x = await requireRegistration(db, actor, id);
  const r = x.r;
  const { effective, statuses } = await deadlineStatuses(db, r.cycleId, { path: r.schoolPath });
  const reg = statuses.find((s) => s.deadline === 'registration_closes');
  const lang = actor.locale;
  const required = effective.rules.eligibility.documents;
  const documents = required.map((d) => ({
    code: d.code,
    name: d.name,
    required: true,
    file: r.documents[d.code]
      ? { id: r.documents[d.code]?.fileId ?? '', name: r.documents[d.code]?.name ?? '' }
      : null,
  }));
  for (const [code, f] of Object.entries(r.documents))
    if (!required.some((d) => d.code === code))
      documents.push({ code, name: code, required: false, file: { id: f.fileId, name: f.name } });
  return {
    ...summaryOf(x),
    commitment: {
      directorName: r.commitment.directorName ?? '',
      cepsPresidentName: r.commitment.cepsPresidentName ?? '',
      cteEndorsedOn: r.commitment.cteEndorsedOn ?? '',
      signedOn: r.commitment.signedOn ?? '',
      schoolRfc: r.commitment.schoolRfc ?? '',
    },
    checks: r.eligibility.map((c) => ({ criterion: c.criterion, met: c.met, message: c[lang] })),
    priority: PRIORITY_CRITERIA.map((c) => ({
      criterion: c,
      label: PRIORITY_LABELS[c][lang],
      met: c in r.scoreBreakdown,
      points: r.scoreBreakdown[c] ?? 0,
    })),
    documents,
    registrationCloses:
      reg?.extendedUntil && reg.extendedUntil > reg.date ? reg.extendedUntil : (reg?.date ?? ''),
    can: {
      edit:
        r.status === 'registered' &&
        !x.publishedAt &&
        !!reg?.open &&
        can(actor, 'pec.register', r.schoolPath),
    },
  };
}

export async function listRegistrations(
  db: Db,
  actor: Actor,
  cycleId: number,
  q: z.infer<typeof RegistrationListQuery>,
): Promise<RegistrationSummary[]> {
  await requireCycle(db, cycleId);
  let under: string | null = null;
  if (q.unitId) {
    const u = await requireUnit(db, q.unitId);
    authorize(actor, 'org.read', u.path);
    under = u.path;
  }
  const rows = await loadRegistrations(
    db,
    and(
      eq(pecRegistrations.cycleId, cycleId),
      scopeCondition(actor, 'org.read', pecRegistrations.schoolPath),
      under ? sql`${pecRegistrations.schoolPath} like ${`${under}%`}` : undefined,
      q.status ? eq(pecRegistrations.status, q.status) : undefined,
    ),
  );
  return rows
    .map(summaryOf)
    .sort(
      (a, b) =>
        a.state.code.localeCompare(b.state.code) ||
        b.score - a.score ||
        a.school.cct.localeCompare(b.school.cct),
    );
}

/** What every change to a registration checks first: the calendar and a selection not yet published. */
async function requireChangeable(db: Executor, cycleId: number, school: { path: string }, state: Unit) {
  refusePublished(await selectionRow(db, cycleId, state.id), state);
  await requireOpen(db, cycleId, school, 'registration_closes');
}

/** The director registers the school (or registers it again after withdrawing), with the commitment letter. */
export async function register(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  input: z.infer<typeof RegisterBody>,
): Promise<RegistrationDetail> {
  const unit = await requireUnit(ctx.db, input.schoolUnitId);
  const grant = authorize(actor, 'pec.register', unit.path);
  if (unit.kind !== 'school') throw new AppError(422, 'enrollment_not_a_school');
  const school = await loadSchool(ctx.db, unit.id);
  const effective = await effectiveFor(ctx.db, cycleId, unit.path);
  const state = effective.state as Unit;
  const [call] = await publishedCalls(ctx.db, cycleId, state.id);
  if (!call) throw new AppError(409, 'enrollment_no_call', { state: state.name });
  await requireChangeable(ctx.db, cycleId, unit, state);
  const priorCycles = await priorCyclesOf(ctx.db, unit.id, effective.cycle.schoolYear);
  const commitment = input.commitment;
  const id = await ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(pecRegistrations)
      .where(and(eq(pecRegistrations.cycleId, cycleId), eq(pecRegistrations.schoolUnitId, unit.id)))
      .for('update');
    if (existing?.status === 'registered')
      throw new AppError(409, 'enrollment_already_registered', { cct: school.cct });
    const documents = existing?.documents ?? {};
    const ev = evaluation(effective.rules, school.facts, { priorCycles, commitment, documents });
    const now = new Date().toISOString();
    let row: RegRow | undefined;
    if (existing) {
      [row] = await tx
        .update(pecRegistrations)
        .set({
          status: 'registered',
          callId: call.id,
          priorCycles,
          commitment,
          ...ev,
          chosen: false,
          selection: null,
          registeredBy: actor.userId,
          registeredAt: now,
          updatedAt: now,
        })
        .where(eq(pecRegistrations.id, existing.id))
        .returning();
    } else {
      [row] = await tx
        .insert(pecRegistrations)
        .values({
          cycleId,
          callId: call.id,
          schoolUnitId: unit.id,
          schoolPath: unit.path,
          stateUnitId: state.id,
          priorCycles,
          commitment,
          documents,
          ...ev,
          registeredBy: actor.userId,
        })
        .onConflictDoNothing()
        .returning();
    }
    if (!row) throw new AppError(409, 'enrollment_already_registered', { cct: school.cct });
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: existing ? 'pec.reregister' : 'pec.register',
        entityType: 'pec_registration',
        entityId: row.id,
        unitPath: unit.path,
        changes: diff(
          existing ? { status: existing.status, eligible: existing.eligible, score: existing.score } : null,
          {
            cycleId,
            callId: call.id,
            status: 'registered',
            priorCycles,
            commitment,
            eligible: ev.eligible,
            score: ev.score,
            scoreBreakdown: ev.scoreBreakdown,
            grantCap: ev.grantCap,
          },
        ),
      },
    );
    return row.id;
  });
  return getRegistration(ctx.db, actor, id);
}

/** Loads a registration for a change by its school's director: in scope, registered, open, not yet decided. */
async function forChange(db: Executor, actor: Actor, id: string) {
  const x = await requireRegistration(db, actor, id);
  const grant = authorize(actor, 'pec.register', x.r.schoolPath);
  if (x.r.status !== 'registered') throw new AppError(409, 'enrollment_withdrawn');
  await requireChangeable(db, x.r.cycleId, { path: x.r.schoolPath }, x.state as Unit);
  const school = await loadSchool(db, x.r.schoolUnitId);
  const effective = await effectiveFor(db, x.r.cycleId, x.r.schoolPath);
  return { x, grant, school, effective };
}

/** Writes the recomputed eligibility; a choice the committee made for a school no longer eligible is dropped. */
async function saveRecomputed(
  tx: Tx,
  r: RegRow,
  patch: Partial<Pick<RegRow, 'commitment' | 'documents' | 'status'>>,
  rules: EffectiveRules,
  facts: SchoolFacts,
) {
  const next = { ...r, ...patch };
  const ev = evaluation(rules, facts, next);
  const stillChosen =
    next.status === 'registered' &&
    r.chosen &&
    selectable({ eligible: ev.eligible, eligibility: ev.eligibility });
  await tx
    .update(pecRegistrations)
    .set({ ...patch, ...ev, chosen: stillChosen, updatedAt: new Date().toISOString() })
    .where(eq(pecRegistrations.id, r.id));
  return ev;
}

export async function updateRegistration(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  input: z.infer<typeof UpdateRegistrationBody>,
): Promise<RegistrationDetail> {
  const { x, grant, school, effective } = await forChange(ctx.db, actor, id);
  await ctx.db.transaction(async (tx) => {
    const ev = await saveRecomputed(tx, x.r, { commitment: input.commitment }, effective.rules, school.facts);
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'pec.registration_update',
        entityType: 'pec_registration',
        entityId: id,
        unitPath: x.r.schoolPath,
        changes: diff(
          { commitment: x.r.commitment, eligible: x.r.eligible, score: x.r.score },
          { commitment: input.commitment, eligible: ev.eligible, score: ev.score },
        ),
      },
    );
  });
  return getRegistration(ctx.db, actor, id);
}

/** Uploads one required document (raw body), stored in the database and linked in the registration. */
export async function uploadDocument(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  code: string,
  upload: { fileName: string | undefined; body: AsyncIterable<Buffer> },
): Promise<RegistrationDetail> {
  const { x, grant, school, effective } = await forChange(ctx.db, actor, id);
  const doc = effective.rules.eligibility.documents.find((d) => d.code === code);
  if (!doc) throw new AppError(422, 'enrollment_unknown_document', { code });
  const { type, empty, stream } = await sniffed(upload.body);
  if (empty) throw new AppError(422, 'enrollment_file_empty');
  if (!type) throw new AppError(415, 'enrollment_file_type');
  const ext = type === 'application/pdf' ? 'pdf' : type === 'image/png' ? 'png' : 'jpg';
  const clean = [...(upload.fileName ?? '')].map((ch) => (ch < ' ' || ch === '/' || ch === '\\' ? '_' : ch));
  const name = clean.join('') || `${code}.${ext}`;
  const file = await saveFile(ctx.db, stream, {
    name,
    contentType: type,
    createdBy: actor.userId,
    maxBytes: DOCUMENT_MAX_BYTES,
  });
  try {
    await ctx.db.transaction(async (tx) => {
      const [r] = await tx.select().from(pecRegistrations).where(eq(pecRegistrations.id, id)).for('update');
      if (r?.status !== 'registered') throw new AppError(409, 'enrollment_withdrawn');
      const documents = { ...r.documents, [code]: { fileId: file.id, name } };
      const ev = await saveRecomputed(tx, r, { documents }, effective.rules, school.facts);
      await recordAudit(
        tx,
        { actor, role: grant.role, meta },
        {
          action: 'pec.document_upload',
          entityType: 'pec_registration',
          entityId: id,
          unitPath: x.r.schoolPath,
          changes: {
            [`documents.${code}`]: {
              before: r.documents[code] ?? null,
              after: { fileId: file.id, name, size: file.size, sha256: file.sha256, contentType: type },
            },
            ...diff({ eligible: r.eligible, score: r.score }, { eligible: ev.eligible, score: ev.score }),
          },
        },
      );
    });
  } catch (err) {
    await deleteFile(ctx.db, file.id);
    throw err;
  }
  return getRegistration(ctx.db, actor, id);
}

export async function removeDocument(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
  code: string,
): Promise<RegistrationDetail> {
  const { x, grant, school, effective } = await forChange(ctx.db, actor, id);
  if (!x.r.documents[code]) throw new AppError(404, 'not_found');
  await ctx.db.transaction(async (tx) => {
    const [r] = await tx.select().from(pecRegistrations).where(eq(pecRegistrations.id, id)).for('update');
    if (!r) throw new AppError(404, 'not_found');
    const { [code]: removed, ...documents } = r.documents;
    const ev = await saveRecomputed(tx, r, { documents }, effective.rules, school.facts);
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'pec.document_remove',
        entityType: 'pec_registration',
        entityId: id,
        unitPath: r.schoolPath,
        changes: {
          [`documents.${code}`]: { before: removed ?? null, after: null },
          ...diff({ eligible: r.eligible, score: r.score }, { eligible: ev.eligible, score: ev.score }),
        },
      },
    );
  });
  return getRegistration(ctx.db, actor, id);
}

export async function withdraw(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  id: string,
): Promise<RegistrationDetail> {
  const { x, grant, school, effective } = await forChange(ctx.db, actor, id);
  await ctx.db.transaction(async (tx) => {
    const [r] = await tx.select().from(pecRegistrations).where(eq(pecRegistrations.id, id)).for('update');
    if (r?.status !== 'registered') throw new AppError(409, 'enrollment_withdrawn');
    await saveRecomputed(tx, r, { status: 'withdrawn' }, effective.rules, school.facts);
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'pec.withdraw',
        entityType: 'pec_registration',
        entityId: id,
        unitPath: x.r.schoolPath,
        changes: { status: { before: 'registered', after: 'withdrawn' } },
      },
    );
  });
  return getRegistration(ctx.db, actor, id);
}

/** A document's bytes, for whoever may read the registration. */
export async function openDocument(db: Db, actor: Actor, id: string, code: string) {
  const x = await requireRegistration(db, actor, id);
  const link = x.r.documents[code];
  if (!link) throw new AppError(404, 'not_found');
  const [f] = await db.select().from(storedFiles).where(eq(storedFiles.id, link.fileId));
  if (!f?.completedAt) throw new AppError(404, 'not_found');
  return { name: link.name, contentType: f.contentType, size: f.size, stream: openFile(db, f.id) };
}

// Selection.

async function selectionContext(db: Executor, cycleId: number, stateId: number) {
  const calls = await publishedCalls(db, cycleId, stateId);
  const budget = calls.reduce((s, c) => s + c.budget, 0);
  const rows = await loadRegistrations(
    db,
    and(
      eq(pecRegistrations.cycleId, cycleId),
      eq(pecRegistrations.stateUnitId, stateId),
      eq(pecRegistrations.status, 'registered'),
    ),
  );
  const ranked = rows
    .filter((x) => selectable(x.r))
    .sort((a, b) =>
      compareForSelection(
        {
          score: a.r.score,
          marginalization: a.facts.marginalization,
          enrolment: a.facts.enrolment,
          cct: a.facts.cct,
        },
        {
          score: b.r.score,
          marginalization: b.facts.marginalization,
          enrolment: b.facts.enrolment,
          cct: b.facts.cct,
        },
      ),
    );
  return { calls, budget, ranked };
}

export async function getSelection(
  db: Db,
  actor: Actor,
  cycleId: number,
  stateId: number,
): Promise<SelectionView> {
  const state = await requireState(db, stateId);
  authorize(actor, 'org.read', state.path);
  const { effective, statuses } = await deadlineStatuses(db, cycleId, state);
  const { budget, ranked } = await selectionContext(db, cycleId, stateId);
  const sel = await selectionRow(db, cycleId, stateId);
  let running = 0;
  const rows = ranked.map((x, i) => {
    const chosen = x.r.chosen;
    if (chosen) running += x.r.grantCap ?? 0;
    return {
      rank: i + 1,
      registration: summaryOf(x),
      marginalization: x.facts.marginalization,
      enrolment: x.facts.enrolment,
      chosen,
      runningTotal: running,
    };
  });
  let by: { id: string; name: string } | null = null;
  if (sel?.publishedBy) {
    const [u] = await db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(eq(users.id, sel.publishedBy));
    by = u ?? null;
  }
  const open = statuses.find((s) => s.deadline === 'selection_published');
  return {
    cycleId,
    state: stateRef(state),
    budget,
    committed: running,
    remaining: budget - running,
    ranked: rows,
    published: sel
      ? {
          at: dbTimeIso(sel.publishedAt),
          by,
          selectedCount: sel.selectedCount,
          committed: sel.committed,
          minutes: sel.minutes,
        }
      : null,
    selectionPublishes: effective.rules.calendar.selection_published,
    can: { decide: !sel && !!open?.open && can(actor, 'pec.decide', state.path) },
  };
}

function overBudget(committed: number, budget: number) {
  return new AppError(409, 'enrollment_over_budget', {
    committed: pesos(committed),
    budget: pesos(budget),
    excess: pesos(committed - budget),
  });
}

/** The committee chooses (or drops) schools; the chosen ones' grant caps may not exceed the calls' budget. */
export async function choose(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  stateId: number,
  input: z.infer<typeof ChooseBody>,
): Promise<SelectionView> {
  const state = await requireState(ctx.db, stateId);
  const grant = authorize(actor, 'pec.decide', state.path);
  await requireCycle(ctx.db, cycleId);
  await requireOpen(ctx.db, cycleId, state, 'selection_published');
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select id from org_units where id = ${stateId} for update`);
    refusePublished(await selectionRow(tx, cycleId, stateId), state);
    const { calls, budget } = await selectionContext(tx, cycleId, stateId);
    if (calls.length === 0) throw new AppError(409, 'enrollment_no_call', { state: state.name });
    const targets = await loadRegistrations(
      tx,
      and(
        eq(pecRegistrations.cycleId, cycleId),
        eq(pecRegistrations.stateUnitId, stateId),
        inArray(pecRegistrations.id, input.registrationIds),
      ),
    );
    if (targets.length !== new Set(input.registrationIds).size) throw new AppError(404, 'not_found');
    if (input.selected)
      for (const t of targets) {
        if (t.r.status !== 'registered')
          throw new AppError(422, 'enrollment_not_registered', { cct: t.facts.cct });
        if (!selectable(t.r)) throw new AppError(422, 'enrollment_not_eligible', { cct: t.facts.cct });
      }
    const changed = targets.filter((t) => t.r.chosen !== input.selected);
    if (changed.length === 0) return;
    const ids = changed.map((t) => t.r.id);
    const [sum] = await tx
      .select({ n: sql<number>`coalesce(sum(${pecRegistrations.grantCap}), 0)::bigint` })
      .from(pecRegistrations)
      .where(
        and(
          eq(pecRegistrations.cycleId, cycleId),
          eq(pecRegistrations.stateUnitId, stateId),
          eq(pecRegistrations.status, 'registered'),
          eq(pecRegistrations.chosen, true),
        ),
      );
    const before = Number(sum?.n ?? 0);
    const delta = changed.reduce((s, t) => s + (t.r.grantCap ?? 0), 0);
    const after = input.selected ? before + delta : before - delta;
    if (input.selected && after > budget) throw overBudget(after, budget);
    await tx
      .update(pecRegistrations)
      .set({ chosen: input.selected })
      .where(inArray(pecRegistrations.id, ids));
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: input.selected ? 'pec.selection_choose' : 'pec.selection_unchoose',
        entityType: 'pec_selection',
        entityId: `${cycleId}:${stateId}`,
        unitPath: state.path,
        changes: {
          schools: { before: null, after: changed.map((t) => t.facts.cct) },
          committed: { before, after },
          budget: { before: null, after: budget },
        },
      },
    );
  });
  return getSelection(ctx.db, actor, cycleId, stateId);
}

async function directorsOf(tx: Executor, schoolIds: number[]) {
  if (schoolIds.length === 0) return new Map<number, string[]>();
  const rows = await tx
    .select({ unitId: roleAssignments.unitId, email: users.email })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(
      and(
        inArray(roleAssignments.unitId, schoolIds),
        eq(roleAssignments.role, 'school_director'),
        ne(users.status, 'disabled'),
      ),
    );
  const out = new Map<number, string[]>();
  for (const r of rows) out.set(r.unitId, [...(out.get(r.unitId) ?? []), r.email]);
  return out;
}

/**
 * Publishes the state's result: every registration is selected or not, selected schools gain a
 * participation for the cycle's school year, each director is told, and the result is final.
 */
export async function publishSelection(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  cycleId: number,
  stateId: number,
  input: z.infer<typeof PublishSelectionBody>,
): Promise<SelectionView> {
  const state = await requireState(ctx.db, stateId);
  const grant = authorize(actor, 'pec.decide', state.path);
  const cycle = await requireCycle(ctx.db, cycleId);
  await requireOpen(ctx.db, cycleId, state, 'selection_published');
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select id from org_units where id = ${stateId} for update`);
    refusePublished(await selectionRow(tx, cycleId, stateId), state);
    const { calls, budget } = await selectionContext(tx, cycleId, stateId);
    if (calls.length === 0) throw new AppError(409, 'enrollment_no_call', { state: state.name });
    const all = await loadRegistrations(
      tx,
      and(eq(pecRegistrations.cycleId, cycleId), eq(pecRegistrations.stateUnitId, stateId)),
    );
    const selected = all.filter((x) => x.r.status === 'registered' && x.r.chosen);
    const committed = selected.reduce((s, x) => s + (x.r.grantCap ?? 0), 0);
    if (committed > budget) throw overBudget(committed, budget);
    const now = new Date().toISOString();
    const selectedIds = selected.map((x) => x.r.id);
    await tx
      .update(pecRegistrations)
      .set({ selection: 'not_selected', updatedAt: now })
      .where(
        and(
          eq(pecRegistrations.cycleId, cycleId),
          eq(pecRegistrations.stateUnitId, stateId),
          selectedIds.length
            ? sql`${pecRegistrations.id} not in (${sql.join(
                selectedIds.map((i) => sql`${i}`),
                sql`, `,
              )})`
            : undefined,
        ),
      );
    if (selectedIds.length) {
      await tx
        .update(pecRegistrations)
        .set({ selection: 'selected', updatedAt: now })
        .where(inArray(pecRegistrations.id, selectedIds));
      await tx
        .insert(pecParticipations)
        .values(selected.map((x) => ({ schoolUnitId: x.r.schoolUnitId, schoolYear: cycle.schoolYear })))
        .onConflictDoNothing();
    }
    await tx.insert(pecSelections).values({
      cycleId,
      stateUnitId: stateId,
      budget,
      committed,
      selectedCount: selected.length,
      minutes: input.minutes,
      publishedAt: now,
      publishedBy: actor.userId,
    });
    const directors = await directorsOf(
      tx,
      all.map((x) => x.r.schoolUnitId),
    );
    const mail: MailMessage[] = [];
    for (const x of all) {
      const isSelected = selectedIds.includes(x.r.id);
      const school = `${x.facts.cct} ${x.school.name}`;
      const cap = pesos(x.r.grantCap ?? 0);
      const es = isSelected
        ? `La escuela ${school} fue seleccionada en el Programa Escuelas de Calidad, ciclo ${cycle.schoolYear}. Apoyo máximo: ${cap}.`
        : `La escuela ${school} no fue seleccionada en el Programa Escuelas de Calidad, ciclo ${cycle.schoolYear}.`;
      const en = isSelected
        ? `School ${school} was selected for the Escuelas de Calidad programme, cycle ${cycle.schoolYear}. Largest grant: ${cap}.`
        : `School ${school} was not selected for the Escuelas de Calidad programme, cycle ${cycle.schoolYear}.`;
      const url = `${ctx.cfg.publicUrl}/pec/registros/${x.r.id}`;
      for (const to of directors.get(x.r.schoolUnitId) ?? []) {
        mail.push({
          to,
          subject: `Escuelas de Calidad: resultado de la selección / selection result (${x.facts.cct})`,
          text: `${es}\n\nConsúltelo en Calidad: ${url}\n\n---\n${en}\n\nOpen it in Calidad: ${url}\n`,
        });
      }
    }
    await ctx.mailer.enqueueAll(tx, mail);
    // One append for every school's result and the publication: a state's whole list at once.
    const by = { actor, role: grant.role, meta };
    await recordAudits(tx, [
      ...all.map((x) => ({
        ctx: by,
        input: {
          action: 'pec.selection_result',
          entityType: 'pec_registration',
          entityId: x.r.id,
          unitPath: x.r.schoolPath,
          changes: {
            selection: { before: null, after: selectedIds.includes(x.r.id) ? 'selected' : 'not_selected' },
          },
        },
      })),
      {
        ctx: by,
        input: {
          action: 'pec.selection_publish',
          entityType: 'pec_selection',
          entityId: `${cycleId}:${stateId}`,
          unitPath: state.path,
          changes: diff(null, {
            budget,
            committed,
            selected: selected.map((x) => x.facts.cct),
            notSelected: all.filter((x) => !selectedIds.includes(x.r.id)).map((x) => x.facts.cct),
            minutes: input.minutes || null,
          }),
        },
      },
    ]);
  });
  return getSelection(ctx.db, actor, cycleId, stateId);
}

/** The published list of selected schools: no people, only the school, where it is and its grant cap. */
export async function publicSelected(
  db: Db,
  cycleId: number,
  stateCode: string | undefined,
): Promise<PublicSelectedSchool[]> {
  await requireCycle(db, cycleId);
  const rows = await loadRegistrations(
    db,
    and(
      eq(pecRegistrations.cycleId, cycleId),
      eq(pecRegistrations.selection, 'selected'),
      isNotNull(pecSelections.id),
      stateCode ? eq(stateUnit.code, stateCode) : undefined,
    ),
  );
  return rows
    .map((x) => ({
      cct: x.facts.cct,
      name: x.school.name,
      municipality: x.municipality ?? null,
      state: { code: x.state.code, name: x.state.name },
      grantCap: x.r.grantCap ?? 0,
    }))
    .sort((a, b) => a.state.code.localeCompare(b.state.code) || a.cct.localeCompare(b.cct));
}

/** The cycles anyone may look up: those whose federal rules are published, newest first. */
export async function publicCycles(db: Db): Promise<{ id: number; schoolYear: string }[]> {
  const rows = await db.execute(sql`select c.id, c.school_year from pec_cycles c
    where exists (select 1 from pec_rules_versions v where v.cycle_id = c.id and v.status = 'published')
    order by c.school_year desc`);
  return rowsOf(rows).map((r) => ({ id: Number(r.id), schoolYear: String(r.school_year) }));
}
