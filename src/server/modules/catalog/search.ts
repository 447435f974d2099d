import { type SQL, sql } from 'drizzle-orm';
import type { SchoolSearchQuery, SchoolSummary } from '../../../contract/catalog.ts';
import type { Executor } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/permissions/actor.ts';
import { authorize, scopeCondition } from '../../platform/permissions/policy.ts';
import { likeEscape, searchKey } from '../org/search.ts';
import { requireUnit } from '../org/service.ts';
import { cctProblem, normalizeCct } from './cct.ts';

const SORT: Record<SchoolSearchQuery['sort'], SQL> = {
  name: sql`u.name`,
  cct: sql`u.code`,
  enrolment: sql`s.enrolment`,
  municipality: sql`m.name`,
};

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

/**
 * Schools the actor may read, found by CCT or name fragment (accents and case ignored) and
 * filtered by level, marginalization, funding, municipality, locality and zone; paged and sorted.
 */
export async function searchSchools(db: Executor, actor: Actor, q: SchoolSearchQuery) {
  const where: SQL[] = [sql`u.kind = 'school'`, scopeCondition(actor, 'org.read', sql`u.path`)];
  if (q.includeInactive !== 'true') where.push(sql`u.active`);
  if (q.q && cctProblem(q.q) === null) {
    // A whole CCT means that school, not the ones whose keys look alike.
    where.push(sql`u.code = ${normalizeCct(q.q)}`);
  } else if (q.q) {
    // A fragment anywhere, or close enough to a word of the name (typos, missing letters).
    const key = searchKey(q.q);
    where.push(sql`(u.search_text like ${`%${likeEscape(key)}%`} or ${key} <% u.search_text)`);
  }
  if (q.level) where.push(sql`s.level = ${q.level}`);
  if (q.marginalization) where.push(sql`s.marginalization = ${q.marginalization}`);
  if (q.funding) where.push(sql`s.funding = ${q.funding.toLowerCase()}`);
  if (q.municipality)
    where.push(sql`(m.code = ${q.municipality} or m.name ilike ${`%${likeEscape(q.municipality)}%`})`);
  if (q.locality) where.push(sql`s.locality ilike ${`%${likeEscape(q.locality)}%`}`);
  if (q.zoneId !== undefined) {
    const zone = await requireUnit(db, q.zoneId);
    authorize(actor, 'org.read', zone.path);
    where.push(sql`u.path like ${`${zone.path}%`}`);
  }
  const from = sql`from org_units u
    left join schools s on s.unit_id = u.id
    left join municipalities m on m.id = u.municipality_id
    left join org_units z on z.id = u.parent_id
    left join org_units st on st.id = (string_to_array(trim(both '/' from u.path), '/'))[2]::int
    where ${sql.join(where, sql` and `)}`;
  const [total] = rowsOf<{ n: number | string }>(await db.execute(sql`select count(*) as n ${from}`));
  const items = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select u.id, u.code as cct, u.name, u.active, s.level, s.service, s.funding, s.marginalization,
      s.setting, s.enrolment, m.name as municipality, s.locality, z.id as zone_id, z.code as zone_code, z.name as zone_name,
      st.code as state_code, st.name as state_name
      ${from}
      order by ${SORT[q.sort]} ${q.dir === 'desc' ? sql`desc nulls last` : sql`asc nulls last`}, u.id
      limit ${q.limit} offset ${q.offset}`),
  );
  return { items: items.map(present), total: Number(total?.n ?? 0) };
}

function present(r: Record<string, unknown>): SchoolSummary {
  return {
    id: r.id as number,
    cct: r.cct as string,
    name: r.name as string,
    active: r.active as boolean,
    level: (r.level as string) ?? null,
    service: (r.service as string) ?? null,
    funding: (r.funding as string) ?? null,
    marginalization: (r.marginalization as string) ?? null,
    setting: (r.setting as string) ?? null,
    enrolment: r.enrolment === null || r.enrolment === undefined ? null : Number(r.enrolment),
    municipality: (r.municipality as string) ?? null,
    locality: (r.locality as string) ?? null,
    zone: r.zone_id
      ? { id: r.zone_id as number, code: r.zone_code as string, name: r.zone_name as string }
      : null,
    state: r.state_code ? { code: r.state_code as string, name: r.state_name as string } : null,
  };
}
