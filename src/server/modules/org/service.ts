import { and, asc, count, eq, inArray, like, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
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
import { municipalities, orgUnits } from './schema.ts';
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

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

type PersonJson = { userId: string; name: string; email: string; role: Role; assignmentId: string };

/**
 * A unit page in one round trip: the unit, its ancestors, municipality, people and subtree
 * counts. Prepared once per database handle so PostgreSQL does not re-plan it per request.
 */
function buildDetailQuery(db: Executor) {
  // Drizzle leaves columns unqualified in a one-table select; the subqueries name the outer row `u`.
  const u = alias(orgUnits, 'u');
  return db
    .select({
      id: u.id,
      kind: u.kind,
      code: u.code,
      name: u.name,
      parentId: u.parentId,
      path: u.path,
      active: u.active,
      createdAt: u.createdAt,
      updatedAt: u.updatedAt,
      childCount: sql<number>`(select count(*) from org_units c where c.parent_id = u.id)`.mapWith(Number),
      municipality: sql<
        OrgUnit['municipality'] | string
      >`(select json_build_object('id', m.id, 'code', m.code, 'name', m.name)
         from municipalities m where m.id = u.municipality_id)`,
      ancestors: sql<
        UnitRef[] | string
      >`(select coalesce(json_agg(json_build_object('id', a.id, 'kind', a.kind,
         'code', a.code, 'name', a.name) order by a.depth), '[]'::json)
         from org_units a
         where a.id = any(string_to_array(trim(both '/' from u.path), '/')::int[]) and a.id <> u.id)`,
      people: sql<
        PersonJson[] | string
      >`(select coalesce(json_agg(json_build_object('userId', us.id, 'name', us.name,
         'email', us.email, 'role', ra.role, 'assignmentId', ra.id) order by ra.role, us.name), '[]'::json)
         from role_assignments ra join users us on us.id = ra.user_id where ra.unit_id = u.id)`,
      // The catalog's facts of a school: a read-only report join, kept here in one place.
      school: sql<
        OrgUnitDetail['school'] | string
      >`(select json_build_object('shift', s.shift, 'locality', s.locality,
         'address', s.address, 'postalCode', s.postal_code, 'level', s.level, 'service', s.service,
         'multigrade', s.multigrade, 'funding', s.funding, 'setting', s.setting, 'marginalization', s.marginalization,
         'enrolment', s.enrolment, 'teachers', s.teachers, 'latitude', s.latitude, 'longitude', s.longitude)
         from schools s where s.unit_id = u.id)`,
      counts: sql<OrgUnitDetail['counts'] | string>`(select json_build_object(
         'sectors', count(*) filter (where d.kind = 'sector'),
         'zones', count(*) filter (where d.kind = 'zone'),
         'schools', count(*) filter (where d.kind = 'school'))
         from org_units d where d.path like u.path || '%')`,
    })
    .from(u)
    .where(eq(u.id, sql.placeholder('id')))
    .prepare('unit_detail');
}

const detailQueries = new WeakMap<Executor, ReturnType<typeof buildDetailQuery>>();

export async function getUnitDetail(db: Executor, actor: Actor, id: number): Promise<OrgUnitDetail> {
  let query = detailQueries.get(db);
  if (!query) {
    query = buildDetailQuery(db);
    detailQueries.set(db, query);
  }
  const [u] = await query.execute({ id });
  if (!u) throw new AppError(404, 'not_found');
  authorize(actor, 'org.read', u.path);
  const showEmail = can(actor, 'users.read', u.path);
  return {
    id: u.id,
    kind: u.kind,
    code: u.code,
    name: u.name,
    parentId: u.parentId,
    active: u.active,
    childCount: u.childCount,
    municipality: u.municipality ? json(u.municipality) : null,
    school: u.school ? json(u.school) : null,
    ancestors: json(u.ancestors),
    people: json(u.people).map((p) => ({ ...p, email: showEmail ? p.email : null })),
    counts: json(u.counts),
    createdAt: dbTimeIso(u.createdAt),
    updatedAt: dbTimeIso(u.updatedAt),
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
