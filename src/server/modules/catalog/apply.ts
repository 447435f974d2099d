import { type SQL, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/rows.ts';
import { movePathCopies } from '../org/path-copies.ts';
import { accentFree } from '../org/search.ts';

/**
 * The set-based half of an import: what the staged rows (`catalog_import_rows`) would change,
 * and applying it. Every statement works on the whole import at once, so 250,000 schools cost a
 * handful of statements rather than a million round trips.
 */

/** The advisory lock an import holds while it applies: two imports never interleave. */
export const APPLY_LOCK = 730431;

/** Catalog facts kept in `schools`, named alike in the staging table. */
export const FACT_COLUMNS = [
  'shift',
  'locality',
  'address',
  'postal_code',
  'level',
  'service',
  'multigrade',
  'funding',
  'setting',
  'marginalization',
  'enrolment',
  'teachers',
  'latitude',
  'longitude',
] as const;
export const camel = (c: string) => c.replace(/_(\w)/g, (_, x: string) => x.toUpperCase());

const currentPlace = `ust.code || '/' || use_.code || '/' || uz.code || '/' || coalesce(um.code, '')`;
const stagedPlace = `r.state || '/' || r.sector || '/' || r.zone || '/' || r.municipality`;
/** Has anything a row decides about an existing school changed? A row comparison: cheap for 250,000 rows. */
const factsDiffer =
  sql.raw(`(u.name, ${FACT_COLUMNS.map((c) => (c === 'multigrade' ? 'coalesce(sc.multigrade, false)' : `sc.${c}`)).join(', ')}, ${currentPlace}, u.active)
  is distinct from (r.name, ${FACT_COLUMNS.map((c) => `r.${c}`).join(', ')}, ${stagedPlace}, true)`);
/** The same facts as JSON with the names the history shows, for field-by-field diffs of changed schools. */
const afterFacts = sql.raw(
  `jsonb_build_object('name', r.name, ${FACT_COLUMNS.map((c) => `'${camel(c)}', r.${c}`).join(', ')}, 'place', ${stagedPlace}, 'active', true)`,
);
const beforeFacts = sql.raw(
  `jsonb_build_object('name', u.name, ${FACT_COLUMNS.map((c) =>
    c === 'multigrade' ? `'multigrade', coalesce(sc.multigrade, false)` : `'${camel(c)}', sc.${c}`,
  ).join(', ')}, 'place', ${currentPlace}, 'active', u.active)`,
);
/** The school a staged row names, where it sits now, and its catalog facts. */
const currentJoins = sql.raw(`left join org_units u on u.kind = 'school' and u.code = r.cct
  left join schools sc on sc.unit_id = u.id
  left join org_units uz on uz.id = u.parent_id
  left join org_units use_ on use_.id = uz.parent_id
  left join org_units ust on ust.id = use_.parent_id
  left join municipalities um on um.id = u.municipality_id`);

/** Active schools in the import's scope that the file no longer lists. */
function goneCondition(importId: string, statePaths: string[] | null): SQL {
  const scope =
    statePaths === null
      ? sql`true`
      : statePaths.length === 0
        ? sql`false`
        : sql.join(
            statePaths.map((p) => sql`u.path like ${`${p}%`}`),
            sql` or `,
          );
  return sql`u.kind = 'school' and u.active and (${scope})
    and not exists (select 1 from catalog_import_rows r where r.import_id = ${importId} and r.cct = u.code)`;
}

export async function statePathsOf(db: Executor, states: string[] | null): Promise<string[] | null> {
  if (states === null) return null;
  if (states.length === 0) return [];
  const res = await db.execute(
    sql`select path from org_units where kind = 'state' and code in (${sql.join(
      states.map((s) => sql`${s}`),
      sql`, `,
    )})`,
  );
  return rowsOf<{ path: string }>(res).map((r) => r.path);
}

export interface DiffCounts {
  add: number;
  update: number;
  unchanged: number;
  disappeared: number;
}

/** What applying would do, read-only. */
export async function compareStaged(
  db: Executor,
  importId: string,
  statePaths: string[] | null,
): Promise<DiffCounts> {
  const [c] = rowsOf<Record<string, string | number>>(
    await db.execute(sql`
      select count(*) filter (where u.id is null) as add,
        count(*) filter (where u.id is not null and ${factsDiffer}) as update,
        count(*) filter (where u.id is not null and not ${factsDiffer}) as unchanged
      from catalog_import_rows r ${currentJoins}
      where r.import_id = ${importId}`),
  );
  const [g] = rowsOf<{ n: string | number }>(
    await db.execute(sql`select count(*) as n from org_units u where ${goneCondition(importId, statePaths)}`),
  );
  return {
    add: Number(c?.add ?? 0),
    update: Number(c?.update ?? 0),
    unchanged: Number(c?.unchanged ?? 0),
    disappeared: Number(g?.n ?? 0),
  };
}

/**
 * Applies the staged rows inside the caller's transaction: territory first (sectors, zones,
 * municipalities from the rows' keys), then new and changed schools, schools no longer listed
 * marked inactive, and one history row per school touched. Returns the counts it applied.
 */
export async function applyStaged(
  tx: Tx,
  importId: string,
  statePaths: string[] | null,
  step: (phase: string) => void,
  tuning: { memory?: string } = {},
): Promise<DiffCounts & { municipalitiesRenamed: MunicipalityRename[] }> {
  // Two imports applying at once would both create the same sectors and zones.
  await tx.execute(sql.raw(`select pg_advisory_xact_lock(${APPLY_LOCK})`));
  step('territory');
  if (tuning.memory) {
    // One import's sorts and hashes in memory rather than in temporary files.
    await tx.execute(sql.raw(`set local work_mem = '${tuning.memory}'`));
  }
  // Compiling these one-off statements costs more than it saves (most of a second, measured).
  await tx.execute(sql`set local jit = off`);
  // The import's zones with their sector and state: a few thousand rows, whatever the file's size.
  await tx.execute(sql`
    create temp table terr on commit drop as
    select distinct r.state, r.sector, r.zone, st.id as state_id, st.depth as state_depth
    from catalog_import_rows r join org_units st on st.kind = 'state' and st.code = r.state
    where r.import_id = ${importId}`);
  await tx.execute(sql`
    insert into org_units (kind, code, name, parent_id, path, depth, search_text)
    select distinct on (t.state_id, t.sector) 'sector', t.sector, 'Jefatura de Sector ' || t.sector, t.state_id, '',
      t.state_depth + 1, 'jefatura de sector ' || t.sector || ' ' || t.sector
    from terr t
    where not exists (select 1 from org_units x where x.parent_id = t.state_id and x.kind = 'sector' and x.code = t.sector)`);
  await fixNewPaths(tx);
  await tx.execute(sql`
    insert into org_units (kind, code, name, parent_id, path, depth, search_text)
    select distinct on (se.id, t.zone) 'zone', t.zone, 'Zona Escolar ' || t.zone, se.id, '', se.depth + 1,
      'zona escolar ' || t.zone || ' ' || t.zone
    from terr t join org_units se on se.parent_id = t.state_id and se.kind = 'sector' and se.code = t.sector
    where not exists (select 1 from org_units x where x.parent_id = se.id and x.kind = 'zone' and x.code = t.zone)`);
  await fixNewPaths(tx);
  // Named as the file names them; a placeholder for a code the file gives no name for.
  await tx.execute(sql`
    insert into municipalities (state_unit_id, code, name)
    select st.id, r.municipality,
      coalesce(max(r.municipality_name) filter (where ${namesAName}), 'Municipio ' || r.municipality)
    from catalog_import_rows r join org_units st on st.kind = 'state' and st.code = r.state
    where r.import_id = ${importId}
    group by st.id, r.municipality
    on conflict do nothing`);
  // Read before the update, in the same snapshot.
  const renamed = rowsOf<MunicipalityRename>(
    await tx.execute(sql`${renames(importId)},
      done as (
        update municipalities m set name = old.after from old where m.id = old.id returning m.id)
      select old.key, old.before, old.after from old join done using (id) order by old.key`),
  );
  // Where each zone key and each municipality key of the file now sits.
  await tx.execute(sql`
    create temp table places on commit drop as
    select t.state, t.sector, t.zone, z.id as zone_id, z.path as zone_path, z.depth as zone_depth
    from terr t
    join org_units se on se.parent_id = t.state_id and se.kind = 'sector' and se.code = t.sector
    join org_units z on z.parent_id = se.id and z.kind = 'zone' and z.code = t.zone`);
  await tx.execute(sql`
    create temp table munis on commit drop as
    select st.code as state, mu.code as municipality, mu.id as muni_id
    from municipalities mu join org_units st on st.id = mu.state_unit_id`);
  // Planner statistics for what was just written, so the joins below pick hash joins.
  await tx.execute(sql`analyze places`);
  await tx.execute(sql`analyze munis`);
  await tx.execute(sql`analyze org_units`);

  step('schools');
  // Each staged row with where it goes and what it changes; unchanged rows are left out.
  await tx.execute(sql`
    create temp table imp on commit drop as
    select r.*, p.zone_id, p.zone_path, p.zone_depth, m.muni_id,
      -- A new school's id is drawn here, so it is written once, with its final path.
      coalesce(u.id, nextval(pg_get_serial_sequence('org_units', 'id'))::int) as unit_id, u.id is null as is_new, sc.unit_id is not null as has_facts,
      u.path as old_path,
      case when u.id is null then null else ${beforeFacts} end as before,
      case when u.id is null then null else ${afterFacts} end as after
    from catalog_import_rows r
    join places p on p.state = r.state and p.sector = r.sector and p.zone = r.zone
    join munis m on m.state = r.state and m.municipality = r.municipality
    ${currentJoins}
    where r.import_id = ${importId} and (u.id is null or ${factsDiffer})`);
  await tx.execute(sql`
    insert into org_units (id, kind, code, name, parent_id, municipality_id, path, depth, search_text)
    overriding system value
    select unit_id, 'school', cct, name, zone_id, muni_id, zone_path || unit_id || '/', zone_depth + 1, search_text
    from imp where is_new`);
  await tx.execute(sql`
    update org_units u set name = i.name, active = true, municipality_id = i.muni_id, parent_id = i.zone_id,
      path = i.zone_path || u.id || '/', depth = i.zone_depth + 1, search_text = i.search_text, updated_at = now()
    from imp i where u.id = i.unit_id and not i.is_new`);
  // Schools placed in another zone: the copies of their paths elsewhere follow them.
  await tx.execute(sql`
    create temp table moved on commit drop as
    select old_path, zone_path || unit_id || '/' as new_path from imp
    where not is_new and old_path <> zone_path || unit_id || '/'`);
  const [moved] = rowsOf<{ n: string | number }>(await tx.execute(sql`select count(*) as n from moved`));
  if (Number(moved?.n) > 0) await movePathCopies(tx, 'moved');
  const cols = FACT_COLUMNS.join(', ');
  await tx.execute(
    sql.raw(`insert into schools (unit_id, cct, ${cols}) select unit_id, cct, ${cols} from imp
      where is_new or not has_facts`),
  );
  await tx.execute(
    sql.raw(`update schools s set ${FACT_COLUMNS.map((c) => `${c} = i.${c}`).join(', ')}, updated_at = now()
      from imp i where s.unit_id = i.unit_id and not i.is_new and i.has_facts`),
  );

  step('history');
  await tx.execute(sql`
    insert into school_catalog_changes (unit_id, import_id, change, changes)
    select unit_id, ${importId}::uuid, case when is_new then 'added' else 'updated' end,
      case when is_new then '{}'::jsonb else (
        select coalesce(jsonb_object_agg(a.key, jsonb_build_object('before', b.value, 'after', a.value)), '{}')
        from jsonb_each(i.after) a join jsonb_each(i.before) b using (key)
        where a.value is distinct from b.value) end
    from imp i order by i.line`);
  // The audit pass pages through these rows by import.
  await tx.execute(sql`analyze school_catalog_changes`);
  const gone = rowsOf<{ n: string | number }>(
    await tx.execute(sql`
      with gone as (
        update org_units u set active = false, updated_at = now()
        where ${goneCondition(importId, statePaths)}
        returning u.id),
      logged as (
        insert into school_catalog_changes (unit_id, import_id, change, changes)
        select id, ${importId}::uuid, 'deactivated', '{"active": {"before": true, "after": false}}'::jsonb from gone
        returning 1)
      select count(*) as n from logged`),
  );
  const [n] = rowsOf<{ add: string | number; update: string | number }>(
    await tx.execute(
      sql`select count(*) filter (where is_new) as add, count(*) filter (where not is_new) as update from imp`,
    ),
  );
  const [total] = rowsOf<{ n: string | number }>(
    await tx.execute(sql`select count(*) as n from catalog_import_rows where import_id = ${importId}`),
  );
  const add = Number(n?.add ?? 0);
  const update = Number(n?.update ?? 0);
  return {
    add,
    update,
    unchanged: Number(total?.n ?? 0) - add - update,
    disappeared: Number(gone[0]?.n ?? 0),
    municipalitiesRenamed: renamed,
  };
}

/** Units inserted with an empty path get theirs from the parent (written in the same statement batch). */
async function fixNewPaths(tx: Tx) {
  await tx.execute(sql`update org_units c set path = p.path || c.id || '/' from org_units p
    where c.path = '' and p.id = c.parent_id`);
}

/** A municipality name the file gives that is a name, not a code typed into the wrong column. */
const namesAName = sql`r.municipality_name is not null and r.municipality_name !~ '^[0-9 ]+$'`;

/** A municipality an import names otherwise: `key` is "state-code" (INEGI). */
export interface MunicipalityRename {
  key: string;
  before: string;
  after: string;
}

/** `old`: the municipalities whose stored name differs from the one the staged rows give. */
const renames = (importId: string) => sql`
  with f as (
    select st.id as state_id, st.code as state, r.municipality as code, max(r.municipality_name) as name
    from catalog_import_rows r join org_units st on st.kind = 'state' and st.code = r.state
    where r.import_id = ${importId} and ${namesAName}
    group by st.id, st.code, r.municipality),
  old as (
    select m.id, f.state || '-' || f.code as key, m.name as before, f.name as after,
      m.name = 'Municipio ' || f.code as placeholder
    from municipalities m join f on m.state_unit_id = f.state_id and m.code = f.code
    -- "GUADALAJARA" in an upper-case export is still "Guadalajara": no renaming back and forth.
    where ${accentFree(sql`m.name`)} <> ${accentFree(sql`f.name`)})`;

/**
 * What applying the staged rows would rename, read-only, for the dry run to show: real renamings
 * only, not a placeholder ("Municipio 039") getting its first name, as a whole state's do at once.
 */
export async function municipalityRenames(
  db: Executor,
  importId: string,
  limit: number,
): Promise<MunicipalityRename[]> {
  return rowsOf<MunicipalityRename>(
    await db.execute(
      sql`${renames(importId)} select key, before, after from old where not placeholder order by key limit ${limit}`,
    ),
  );
}

/** A school an import lists as gone from the catalog. */
export interface GoneSchool {
  id: number;
  cct: string;
  name: string;
}

/**
 * The schools, by CCT after `afterCct`, that an import makes or made inactive: before it is applied,
 * those its file no longer lists (its rows must still be staged); after, those it deactivated.
 */
export async function goneSchools(
  db: Executor,
  importId: string,
  when: { statePaths: string[] | null } | 'applied',
  afterCct: string,
  limit: number,
  /** Of those, the ones the viewer may read (a condition on `u`, the school). */
  readable: SQL = sql`true`,
): Promise<GoneSchool[]> {
  const res =
    when === 'applied'
      ? await db.execute(sql`select u.id, u.code as cct, u.name from school_catalog_changes h
          join org_units u on u.id = h.unit_id
          where h.import_id = ${importId} and h.change = 'deactivated' and u.code > ${afterCct} and ${readable}
          order by u.code limit ${limit}`)
      : await db.execute(sql`select u.id, u.code as cct, u.name from org_units u
          where ${goneCondition(importId, when.statePaths)} and u.code > ${afterCct} and ${readable}
          order by u.code limit ${limit}`);
  return rowsOf<GoneSchool>(res);
}

/** The history rows an import wrote, a page at a time, with each school's CCT. */
export async function historyPage(tx: Executor, importId: string, afterId: number, limit: number) {
  return rowsOf<{ id: string | number; cct: string; change: string; changes: Record<string, unknown> }>(
    await tx.execute(sql`
      select h.id, u.code as cct, h.change, h.changes from school_catalog_changes h join org_units u on u.id = h.unit_id
      where h.import_id = ${importId} and h.id > ${afterId} order by h.id limit ${limit}`),
  );
}
