import { and, asc, count, eq, inArray, like, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CreateUnitBody,
  OrgUnit,
  OrgUnitDetail,
  UnitListQuery,
  UnitRef,
  UpdateUnitBody,
} from '../../../contract/api.ts';
import type { Role } from '../../../contract/roles.ts';
import { diff, recordAudit } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Db, Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import {
  authorize,
  can,
  grantsFor,
  minimalRoots,
  scopeCondition,
} from '../../platform/permissions/policy.ts';
import { dbTimeIso } from '../../platform/time.ts';
import { municipalities, orgUnits, roleAssignments } from './schema.ts';
import { CHILD_KIND, likeEscape, pathIds, searchKey } from './search.ts';

type UnitRow = typeof orgUnits.$inferSelect;

export async function findUnit(db: Executor, id: number): Promise<UnitRow | undefined> {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
  return row;
}

export async function requireUnit(db: Executor, id: number): Promise<UnitRow> {
  const row = await findUnit(db, id);
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

/** Unit references for ids, in one query. */
export async function unitRefs(db: Executor, ids: number[]): Promise<Map<number, UnitRef>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: orgUnits.id, kind: orgUnits.kind, code: orgUnits.code, name: orgUnits.name })
    .from(orgUnits)
    .where(inArray(orgUnits.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

async function toOrgUnits(db: Executor, rows: UnitRow[]): Promise<(OrgUnit & { path: UnitRef[] })[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const childCounts = await db
    .select({ parentId: orgUnits.parentId, n: count() })
    .from(orgUnits)
    .where(inArray(orgUnits.parentId, ids))
    .groupBy(orgUnits.parentId);
  const countBy = new Map(childCounts.map((c) => [c.parentId, c.n]));
  const muniIds = rows.map((r) => r.municipalityId).filter((m): m is number => m !== null);
  const munis = muniIds.length
    ? await db.select().from(municipalities).where(inArray(municipalities.id, muniIds))
    : [];
  const muniBy = new Map(munis.map((m) => [m.id, { id: m.id, code: m.code, name: m.name }]));
  const refs = await unitRefs(
    db,
    rows.flatMap((r) => pathIds(r.path).filter((id) => id !== r.id)),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    code: r.code,
    name: r.name,
    parentId: r.parentId,
    active: r.active,
    childCount: countBy.get(r.id) ?? 0,
    municipality: r.municipalityId ? (muniBy.get(r.municipalityId) ?? null) : null,
    path: pathIds(r.path)
      .filter((id) => id !== r.id)
      .map((id) => refs.get(id))
      .filter((x): x is UnitRef => x !== undefined),
  }));
}

export async function listUnits(db: Db, actor: Actor, query: z.infer<typeof UnitListQuery>) {
  const inScope = scopeCondition(actor, 'org.read', orgUnits.path);
  if (query.q) {
    const where = and(
      inScope,
      like(orgUnits.searchText, `%${likeEscape(searchKey(query.q))}%`),
      query.kind ? eq(orgUnits.kind, query.kind) : undefined,
      query.parentId ? like(orgUnits.path, `${(await requireUnit(db, query.parentId)).path}%`) : undefined,
    );
    const [total] = await db.select({ n: count() }).from(orgUnits).where(where);
    const rows = await db
      .select()
      .from(orgUnits)
      .where(where)
      .orderBy(asc(orgUnits.depth), asc(orgUnits.name))
      .limit(query.limit)
      .offset(query.offset);
    return { items: await toOrgUnits(db, rows), total: total?.n ?? 0 };
  }
  if (query.parentId !== undefined) {
    const parent = await requireUnit(db, query.parentId);
    authorize(actor, 'org.read', parent.path);
    const where = and(
      eq(orgUnits.parentId, parent.id),
      query.kind ? eq(orgUnits.kind, query.kind) : undefined,
    );
    const [total] = await db.select({ n: count() }).from(orgUnits).where(where);
    const rows = await db
      .select()
      .from(orgUnits)
      .where(where)
      .orderBy(asc(orgUnits.code), asc(orgUnits.name))
      .limit(query.limit)
      .offset(query.offset);
    return { items: await toOrgUnits(db, rows), total: total?.n ?? 0 };
  }
  // No parent and no search: the top of the actor's own scope.
  const roots = minimalRoots(grantsFor(actor, 'org.read').map((a) => a.unitPath));
  const rootIds = roots.map((p) => pathIds(p).at(-1) as number);
  const rows = rootIds.length
    ? await db.select().from(orgUnits).where(inArray(orgUnits.id, rootIds)).orderBy(asc(orgUnits.name))
    : [];
  return { items: await toOrgUnits(db, rows), total: rows.length };
}

export async function getUnitDetail(db: Executor, actor: Actor, id: number): Promise<OrgUnitDetail> {
  const unit = await requireUnit(db, id);
  authorize(actor, 'org.read', unit.path);
  const [base] = await toOrgUnits(db, [unit]);
  if (!base) throw new AppError(404, 'not_found');
  const people = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: roleAssignments.role,
      assignmentId: roleAssignments.id,
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(eq(roleAssignments.unitId, unit.id))
    .orderBy(asc(roleAssignments.role), asc(users.name));
  const showEmail = can(actor, 'users.read', unit.path);
  const [counts] = await db
    .select({
      sectors: sql<number>`count(*) filter (where ${orgUnits.kind} = 'sector')`.mapWith(Number),
      zones: sql<number>`count(*) filter (where ${orgUnits.kind} = 'zone')`.mapWith(Number),
      schools: sql<number>`count(*) filter (where ${orgUnits.kind} = 'school')`.mapWith(Number),
    })
    .from(orgUnits)
    .where(like(orgUnits.path, `${unit.path}%`));
  return {
    ...base,
    ancestors: base.path,
    people: people.map((p) => ({ ...p, role: p.role as Role, email: showEmail ? p.email : null })),
    counts: counts ?? { sectors: 0, zones: 0, schools: 0 },
    createdAt: dbTimeIso(unit.createdAt),
    updatedAt: dbTimeIso(unit.updatedAt),
  };
}

export async function updateUnit(
  db: Db,
  actor: Actor,
  meta: RequestMeta,
  id: number,
  body: z.infer<typeof UpdateUnitBody>,
): Promise<OrgUnitDetail> {
  await db.transaction(async (tx) => {
    const unit = await requireUnit(tx, id);
    const grant = authorize(actor, 'org.manage', unit.path);
    const next = {
      name: body.name ?? unit.name,
      active: body.active ?? unit.active,
    };
    const changes = diff({ name: unit.name, active: unit.active }, next);
    if (Object.keys(changes).length === 0) return;
    await tx
      .update(orgUnits)
      .set({ ...next, searchText: searchKey(next.name, unit.code), updatedAt: new Date().toISOString() })
      .where(eq(orgUnits.id, id));
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'org.unit.update',
        entityType: 'org_unit',
        entityId: String(id),
        unitPath: unit.path,
        changes,
      },
    );
  });
  return getUnitDetail(db, actor, id);
}

export async function createUnit(
  db: Db,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof CreateUnitBody>,
): Promise<OrgUnitDetail> {
  const id = await db.transaction(async (tx) => {
    const parent = await requireUnit(tx, body.parentId);
    const grant = authorize(actor, 'org.manage', parent.path);
    if (CHILD_KIND[parent.kind as keyof typeof CHILD_KIND] !== body.kind) {
      throw new AppError(422, 'unit_kind_mismatch', { kind: body.kind, parentKind: parent.kind });
    }
    const created = await insertUnit(tx, parent, body);
    if (!created) throw new AppError(409, 'unit_code_taken', { code: body.code });
    await recordAudit(
      tx,
      { actor, role: grant.role, meta },
      {
        action: 'org.unit.create',
        entityType: 'org_unit',
        entityId: String(created.id),
        unitPath: created.path,
        changes: diff(null, { kind: body.kind, code: body.code, name: body.name, parentId: parent.id }),
      },
    );
    return created.id;
  });
  return getUnitDetail(db, actor, id);
}

/** Inserts a unit under its parent and fills its path; undefined when the code is taken there. */
export async function insertUnit(
  tx: Executor,
  parent: Pick<UnitRow, 'id' | 'path' | 'depth'> | null,
  unit: { kind: UnitRow['kind']; code: string; name: string; municipalityId?: number | null },
): Promise<UnitRow | undefined> {
  const [row] = await tx
    .insert(orgUnits)
    .values({
      kind: unit.kind,
      code: unit.code,
      name: unit.name,
      parentId: parent?.id ?? null,
      municipalityId: unit.municipalityId ?? null,
      path: '',
      depth: parent ? parent.depth + 1 : 0,
      searchText: searchKey(unit.name, unit.code),
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return undefined;
  const path = `${parent?.path ?? '/'}${row.id}/`;
  await tx.update(orgUnits).set({ path }).where(eq(orgUnits.id, row.id));
  return { ...row, path };
}
