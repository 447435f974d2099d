import { type SQL, sql } from 'drizzle-orm';
import type { SchoolSearchQuery, SchoolSummary } from '../../../contract/catalog.ts';
import type { Executor } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/rows.ts';
import type { Actor } from '../../platform/permissions/actor.ts';
import { authorize, scopeCondition } from '../../platform/permissions/policy.ts';
import { accentFree, likeEscape, searchKey } from '../org/search.ts';
import { requireUnit } from '../org/service.ts';
import { cctProblem, normalizeCct } from './cct.ts';

/** Sort keys, as columns of the matches (`h`). */
const SORT: Record<SchoolSearchQuery['sort'], SQL> = {
  name: sql`h.name`,
  cct: sql`h.cct`,
  enrolment: sql`h.enrolment`,
  municipality: sql`h.municipality`,
};

const fragment = (w: string) => sql`u.search_text like ${`%${likeEscape(w)}%`}`;

/**
 * Every word of the query must appear in the name (or CCT), accents and case aside. A word that
 * appears in no name at all is widened to the dictionary words it is close to (typos, missing
 * letters): the typo is compared with a short word list, never with every school's name.
 */
async function nameCondition(db: Executor, text: string): Promise<SQL> {
  const words = searchKey(text).split(/\s+/).filter(Boolean).slice(0, 6);
  if (words.length === 0) return sql`true`;
  // A word found inside some dictionary word is kept as typed; only the others are widened.
  const widened = await Promise.all(
    words.map(async (w) => {
      if (w.length < 3 || /\d/.test(w)) return fragment(w);
      const near = rowsOf<{ word: string; inside: boolean; score: number }>(
        await db.execute(sql`
          select word, strpos(word, ${w}) > 0 as inside, similarity(word, ${w}) as score from search_words
          where word like ${`%${likeEscape(w)}%`} or word % ${w}
          order by strpos(word, ${w}) > 0 desc, similarity(word, ${w}) desc, word limit 4`),
      );
      const best = near[0];
      if (!best || best.inside) return fragment(w);
      // Only the closest words: "juarz" means "juarez", not also "juan".
      const closest = near.filter((r) => Number(r.score) >= Number(best.score) - 0.05);
      return sql`(${sql.join(
        closest.map((r) => fragment(r.word)),
        sql` or `,
      )})`;
    }),
  );
  return sql.join(widened, sql` and `);
}

/** Counting stops here: past it the list says "more than" instead of reading every match. */
export const COUNT_CAP = 10_000;

/** The search's conditions (on `u` schools, `s` their facts, `m` municipalities); checks the actor may read the chosen zone. */
async function schoolsWhere(db: Executor, actor: Actor, q: SchoolSearchQuery): Promise<Matches> {
  const scope = scopeCondition(actor, 'org.read', sql`u.path`);
  const where: SQL[] = [sql`u.kind = 'school'`, scope];
  if (q.includeInactive !== 'true') where.push(sql`u.active`);
  if (q.q && cctProblem(q.q) === null) {
    // A whole CCT means that school, not the ones whose keys look alike.
    where.push(sql`u.code = ${normalizeCct(q.q)}`);
  } else if (q.q) {
    where.push(await nameCondition(db, q.q));
  }
  if (q.level) where.push(sql`s.level = ${q.level}`);
  if (q.marginalization) where.push(sql`s.marginalization = ${q.marginalization}`);
  if (q.funding) where.push(sql`s.funding = ${q.funding.toLowerCase()}`);
  if (q.municipality) {
    // An INEGI code (the municipality's three digits, or the state's two before them), or part of a
    // name; resolved against the short municipality list first, so the schools are then reached
    // through their municipality index.
    const m = q.municipality;
    const which = /^\d{1,3}$/.test(m)
      ? sql`code = ${m.padStart(3, '0')}`
      : /^\d{5}$/.test(m)
        ? sql`code = ${m.slice(2)} and state_unit_id = (select id from org_units where kind = 'state' and code = ${m.slice(0, 2)})`
        : // Accents and case aside, as in names: "alvarez" finds "Álvarez" (a short list, compared whole).
          sql`${accentFree(sql`name`)} like ${`%${likeEscape(searchKey(m))}%`}`;
    where.push(sql`u.municipality_id in (select id from municipalities where ${which})`);
  }
  if (q.locality) where.push(sql`s.locality ilike ${`%${likeEscape(q.locality)}%`}`);
  if (q.zoneId !== undefined) {
    const zone = await requireUnit(db, q.zoneId);
    authorize(actor, 'org.read', zone.path);
    where.push(sql`u.path like ${`${zone.path}%`}`);
  }
  return {
    conditions: sql.join(where, sql` and `),
    selective: Boolean(q.q || q.locality),
    facts: Boolean(q.level || q.marginalization || q.funding || q.locality),
  };
}

interface Matches {
  conditions: SQL;
  /** A text match: few schools, found through the trigram indexes. */
  selective: boolean;
  /** The conditions read `s`, the catalog facts. */
  facts: boolean;
}

/** The matching schools with what they sort on; joined to facts and municipalities only when that needs them. */
function matching(m: Matches, sort?: SchoolSearchQuery['sort']) {
  const facts = m.facts || sort === 'enrolment';
  const munis = sort === 'municipality';
  return sql`select u.id, u.code as cct, u.name, u.active, u.parent_id, u.path, u.municipality_id
      ${facts ? sql`, s.enrolment` : sql``} ${munis ? sql`, m.name as municipality` : sql``}
    from org_units u
    ${facts ? sql`left join schools s on s.unit_id = u.id` : sql``}
    ${munis ? sql`left join municipalities m on m.id = u.municipality_id` : sql``}
    where ${m.conditions}`;
}

/** Sort keys that are never null (name, CCT): sorted with ties by id in the same direction, so a
 * descending list walks the `(name, id)` index backwards instead of sorting every school. */
const neverNull = (q: SchoolSearchQuery) => q.sort === 'name' || q.sort === 'cct';

const orderBy = (q: SchoolSearchQuery) =>
  neverNull(q)
    ? q.dir === 'desc'
      ? sql`order by ${SORT[q.sort]} desc, h.id desc`
      : sql`order by ${SORT[q.sort]}, h.id`
    : sql`order by ${SORT[q.sort]} ${q.dir === 'desc' ? sql`desc nulls last` : sql`asc nulls last`}, h.id`;

/**
 * One page of matches in order, then their zone and state. For a text match the matches are
 * collected first (OFFSET 0 keeps the planner from merging the subquery in) and the page sorted
 * out of them; otherwise the planner may walk the name index and stop after a page.
 */
function page(m: Matches, q: SchoolSearchQuery, after: SQL, limit: number, offset: number) {
  const hits = m.selective ? sql`(${matching(m, q.sort)} offset 0)` : sql`(${matching(m, q.sort)})`;
  return sql`select h.id, h.cct, h.name, h.active, s.level, s.service, s.funding, s.marginalization, s.setting,
      s.enrolment, s.locality, mu.name as municipality, z.id as zone_id, z.code as zone_code, z.name as zone_name,
      st.code as state_code, st.name as state_name, ${SORT[q.sort]} as sort_key, h.matches
    from (select *, ${m.selective ? sql`count(*) over ()` : sql`null::bigint`} as matches
      from ${hits} h where true ${after} ${orderBy(q)} limit ${limit} offset ${offset}) h
    left join schools s on s.unit_id = h.id
    left join municipalities mu on mu.id = h.municipality_id
    left join org_units z on z.id = h.parent_id
    left join org_units st on st.id = (string_to_array(trim(both '/' from h.path), '/'))[2]::int
    ${orderBy(q)}`;
}

/**
 * Schools the actor may read, found by CCT or name fragment (accents and case ignored) and
 * filtered by level, marginalization, funding, municipality, locality and zone; paged and sorted.
 */
export async function searchSchools(db: Executor, actor: Actor, q: SchoolSearchQuery) {
  const m = await schoolsWhere(db, actor, q);
  if (m.selective) {
    // A text match: the matches are collected once, counted as they are sorted.
    const items = rowsOf<Record<string, unknown>>(await db.execute(page(m, q, sql``, q.limit, q.offset)));
    const n = Number(items[0]?.matches ?? 0);
    if (items.length > 0 || q.offset === 0)
      return { items: items.map(present), total: Math.min(n, COUNT_CAP), more: n > COUNT_CAP };
  }
  // A broad list: the page walks an index and stops; counting, at once on a second connection, stops at the cap.
  const [counted, listed] = await Promise.all([
    db.execute(sql`select count(*) as n from (${matching(m)} limit ${COUNT_CAP + 1}) x`),
    db.execute(page(m, q, sql``, q.limit, q.offset)),
  ]);
  const [total] = rowsOf<{ n: number | string }>(counted);
  const items = rowsOf<Record<string, unknown>>(listed);
  const n = Number(total?.n ?? 0);
  return { items: items.map(present), total: Math.min(n, COUNT_CAP), more: n > COUNT_CAP };
}

/**
 * Every school of the search (its limit and offset aside), in its order, at most `max`: read page by
 * page after the last row seen (keyset), so a long export neither rescans skipped rows nor holds
 * them all. Authorization is checked before this returns, so a refusal comes before any output.
 */
export async function schoolsInOrder(
  db: Executor,
  actor: Actor,
  q: SchoolSearchQuery,
  opts: { pageSize: number; max: number },
): Promise<AsyncGenerator<SchoolSummary>> {
  const m = await schoolsWhere(db, actor, q);
  const key = SORT[q.sort];
  const beyond = q.dir === 'desc' ? sql`<` : sql`>`;
  return (async function* () {
    let after: { key: unknown; id: number } | undefined;
    for (let sent = 0; sent < opts.max; ) {
      // Nulls sort last in both directions, and ties are broken by id (in the key's direction when
      // the key is never null, see `orderBy`).
      const next = !after
        ? sql``
        : neverNull(q)
          ? sql`and (${key} ${beyond} ${after.key} or (${key} = ${after.key} and h.id ${beyond} ${after.id}))`
          : after.key === null || after.key === undefined
            ? sql`and (${key} is null and h.id > ${after.id})`
            : sql`and (${key} ${beyond} ${after.key} or (${key} = ${after.key} and h.id > ${after.id}) or ${key} is null)`;
      const rows = rowsOf<Record<string, unknown>>(
        await db.execute(page(m, q, next, Math.min(opts.pageSize, opts.max - sent), 0)),
      );
      for (const r of rows) yield present(r);
      sent += rows.length;
      const last = rows.at(-1);
      if (!last || rows.length < opts.pageSize) return;
      after = { key: last.sort_key, id: last.id as number };
    }
  })();
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
