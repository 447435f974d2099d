import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ClosingTotals } from '../../../contract/finance.ts';
import type { Db } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { schools } from '../catalog/schema.ts';
import { publicCycles, publicSelected } from '../enrollment/service.ts';
import { type SchoolFacts, schoolFacts } from '../finance/accountability.ts';
import { sumTotals, totalsUnder } from '../finance/closing.ts';
import { pecAccountabilityAcks } from '../finance/schema.ts';
import { orgUnits } from '../org/schema.ts';
import { pathIds } from '../org/search.ts';
import { effectiveFor } from '../rules/service.ts';

/**
 * What the public site shows of the programme's money, per nation, state and school: totals from
 * the ledger and the domain rows (through the same functions the closing reports use), the
 * published selection, and each school's PAT goals and progress. No person appears but the school's
 * director (a public official, by name and role); no account, no evidence text, no council member.
 */

type Unit = typeof orgUnits.$inferSelect;

export interface PublicCycle {
  id: number;
  schoolYear: string;
}

export async function cycleOrLatest(
  db: Db,
  id: number | undefined,
): Promise<{ cycle: PublicCycle; all: PublicCycle[] }> {
  const all = await publicCycles(db);
  const cycle = id ? all.find((c) => c.id === id) : all[0];
  if (!cycle) throw new AppError(404, 'not_found');
  return { cycle, all };
}

async function nation(db: Db): Promise<Unit> {
  const [n] = await db.select().from(orgUnits).where(eq(orgUnits.kind, 'nation'));
  if (!n) throw new AppError(404, 'not_found');
  return n as Unit;
}

async function stateByCode(db: Db, code: string): Promise<Unit> {
  const [s] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'state'), eq(orgUnits.code, code)));
  if (!s) throw new AppError(404, 'not_found');
  return s as Unit;
}

async function categoryNames(db: Db, cycleId: number, path: string) {
  const { rules } = await effectiveFor(db, cycleId, path);
  const names = new Map(rules.spending.categories.map((c) => [c.code, c.name]));
  return (code: string) => names.get(code) ?? code;
}

/** Each school's PAT progress: the mean of its actions' last reported percent (an action never reported counts 0). */
async function progressBySchool(db: Db, cycleId: number, path: string): Promise<Map<number, number>> {
  const rows = rowsOf(
    await db.execute(sql`
      select p.school_unit_id as school, jsonb_array_length(p.content->'pat'->'actions') as n,
        coalesce((select sum(x.percent) from (
          select distinct on (action_id) percent from pec_action_progress
          where plan_id = p.id order by action_id, reported_at desc, id desc) x), 0) as total
      from pec_plans p
      where p.cycle_id = ${cycleId} and p.school_path like ${`${path}%`}`),
  );
  return new Map(
    rows.map((r) => [Number(r.school), Number(r.n) > 0 ? Math.round(Number(r.total) / Number(r.n)) : 0]),
  );
}

export interface StateRow {
  code: string;
  name: string;
  schools: number;
  totals: ClosingTotals;
}

export interface NationView {
  cycle: PublicCycle;
  cycles: PublicCycle[];
  totals: ClosingTotals;
  schools: number;
  states: StateRow[];
}

export async function nationView(db: Db, cycleId: number | undefined): Promise<NationView> {
  const { cycle, all } = await cycleOrLatest(db, cycleId);
  const n = await nation(db);
  const name = await categoryNames(db, cycle.id, n.path);
  const [byState, selected, stateUnits] = await Promise.all([
    totalsUnder(db, cycle.id, n.path, (p) => pathIds(p)[1] ?? null, name),
    publicSelected(db, cycle.id, undefined),
    db.select().from(orgUnits).where(eq(orgUnits.kind, 'state')),
  ]);
  const count = new Map<string, number>();
  for (const s of selected) count.set(s.state.code, (count.get(s.state.code) ?? 0) + 1);
  const states = (stateUnits as Unit[])
    .map((s) => ({
      code: s.code,
      name: s.name,
      schools: count.get(s.code) ?? 0,
      totals: byState.get(s.id) ?? sumTotals([]),
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return {
    cycle,
    cycles: all,
    totals: sumTotals(states.map((s) => s.totals)),
    schools: selected.length,
    states,
  };
}

export interface SchoolRow {
  cct: string;
  name: string;
  municipality: string | null;
  totals: ClosingTotals;
  progress: number;
  closed: boolean;
  /** Where the catalog places it, for the state's map. */
  latitude: number | null;
  longitude: number | null;
}

export interface StateView {
  cycle: PublicCycle;
  cycles: PublicCycle[];
  state: { code: string; name: string };
  totals: ClosingTotals;
  schools: SchoolRow[];
}

export async function stateView(db: Db, cycleId: number | undefined, code: string): Promise<StateView> {
  const { cycle, all } = await cycleOrLatest(db, cycleId);
  const state = await stateByCode(db, code);
  const name = await categoryNames(db, cycle.id, state.path);
  const [bySchool, own, selected, progress, closes] = await Promise.all([
    totalsUnder(db, cycle.id, state.path, (p) => pathIds(p)[4] ?? null, name),
    totalsUnder(db, cycle.id, state.path, () => 0, name),
    publicSelected(db, cycle.id, code),
    progressBySchool(db, cycle.id, state.path),
    db.execute(sql`select unit_id from pec_year_closes where cycle_id = ${cycle.id}
      and unit_kind = 'school' and unit_path like ${`${state.path}%`}`),
  ]);
  const closed = new Set(rowsOf(closes).map((r) => Number(r.unit_id)));
  const units = selected.length
    ? ((await db
        .select()
        .from(orgUnits)
        .where(
          and(
            eq(orgUnits.kind, 'school'),
            sql`${orgUnits.code} in (${sql.join(
              selected.map((s) => sql`${s.cct}`),
              sql`, `,
            )})`,
          ),
        )) as Unit[])
    : [];
  const idOf = new Map(units.map((u) => [u.code, u.id]));
  const places = units.length
    ? await db
        .select({ id: schools.unitId, latitude: schools.latitude, longitude: schools.longitude })
        .from(schools)
        .where(
          inArray(
            schools.unitId,
            units.map((u) => u.id),
          ),
        )
    : [];
  const placeOf = new Map(places.map((p) => [p.id, p]));
  return {
    cycle,
    cycles: all,
    state: { code: state.code, name: state.name },
    totals: own.get(0) ?? sumTotals([]),
    schools: selected.map((s) => {
      const id = idOf.get(s.cct) ?? 0;
      return {
        cct: s.cct,
        name: s.name,
        municipality: s.municipality,
        totals: bySchool.get(id) ?? sumTotals([]),
        progress: progress.get(id) ?? 0,
        closed: closed.has(id),
        latitude: placeOf.get(id)?.latitude ?? null,
        longitude: placeOf.get(id)?.longitude ?? null,
      };
    }),
  };
}

export interface SchoolView {
  cycle: PublicCycle;
  cycles: PublicCycle[];
  facts: SchoolFacts;
  municipality: string | null;
  /** When the school presented its accountability report to its council, and whether it was acknowledged. */
  presented: { heldOn: string; acknowledged: boolean } | null;
}

/** A school's public page: only for a school whose selection in the cycle is published. */
export async function schoolView(db: Db, cycleId: number | undefined, cct: string): Promise<SchoolView> {
  const { cycle, all } = await cycleOrLatest(db, cycleId);
  const [school] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'school'), eq(orgUnits.code, cct.toUpperCase())));
  if (!school) throw new AppError(404, 'not_found');
  const [stateCode] = (
    await db
      .select({ code: orgUnits.code })
      .from(orgUnits)
      .where(eq(orgUnits.id, pathIds(school.path)[1] ?? 0))
  ).map((r) => r.code);
  const listed = (await publicSelected(db, cycle.id, stateCode)).find((s) => s.cct === school.code);
  if (!listed) throw new AppError(404, 'not_found');
  const facts = await schoolFacts(db, cycle.id, school as Unit);
  const [ack] = await db
    .select()
    .from(pecAccountabilityAcks)
    .where(
      and(eq(pecAccountabilityAcks.cycleId, cycle.id), eq(pecAccountabilityAcks.schoolUnitId, school.id)),
    );
  return {
    cycle,
    cycles: all,
    facts,
    municipality: listed.municipality,
    presented: ack ? { heldOn: ack.heldOn, acknowledged: ack.acknowledged } : null,
  };
}
