import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Dashboard, Stage } from '../../../contract/planning.ts';
import { STAGES } from '../../../contract/planning.ts';
import type { Db } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor } from '../../platform/permissions/actor.ts';
import { authorize, grantsFor } from '../../platform/permissions/policy.ts';
import { todayMx } from '../../platform/time.ts';
import { requireUnit } from '../org/service.ts';
import { effectiveCalendars } from '../rules/service.ts';

/**
 * Where the schools under a unit stand in the cycle, by stage, overdue first: a zone supervisor sees
 * their schools, a state coordinator (or sector head) the state by zone, the nation by state.
 * One read-only report query across enrollment and planning, aggregated in SQL so a state of 5,000
 * schools or the whole nation answers in one round trip. A school is overdue when the step it is
 * waiting on has passed its effective date in its state (an extension for one school is not
 * counted here; it is shown on the school's own plan).
 */

export async function getDashboard(
  db: Db,
  actor: Actor,
  cycleId: number,
  unitId: number | undefined,
): Promise<z.infer<typeof Dashboard>> {
  const broadest = grantsFor(actor, 'org.read')[0];
  if (!broadest) throw new AppError(404, 'not_found');
  const unit = await requireUnit(db, unitId ?? broadest.unitId);
  authorize(actor, 'org.read', unit.path);
  const { federal, byState } = await effectiveCalendars(db, cycleId);
  const today = todayMx();
  const depth = unit.path.split('/').filter(Boolean).length;
  // The nation by state; a state (and a sector) by zone, where supervision happens; a zone by school.
  const part = unit.kind === 'state' ? depth + 3 : depth + 2;
  const stateDates = [...byState.entries()];
  const dates = stateDates.length
    ? sql`select * from (values ${sql.join(
        stateDates.map(
          ([id, c]) => sql`(${id}::int, ${c.plan_delivery}::text, ${c.plan_review}::text, ${c.ruling}::text)`,
        ),
        sql`, `,
      )}) as d(state_id, plan_delivery, plan_review, ruling)`
    : sql`select null::int as state_id, null::text as plan_delivery, null::text as plan_review, null::text as ruling where false`;
  const schools = sql`
    select u.id, u.code, u.name, split_part(u.path, '/', ${part}) as child,
      case when w.state in ('approved', 'approved_with_observations') then 'approved'
           when w.state = 'returned' then 'returned'
           when w.state in ('submitted', 'endorsed') then 'plan_submitted'
           when r.selection = 'selected' then 'selected'
           when r.eligible then 'eligible'
           when r.id is not null then 'registered'
           else 'not_registered' end as stage,
      case when w.state = 'submitted' then ${today} > coalesce(d.plan_review, ${federal.plan_review})
           when w.state = 'endorsed' then ${today} > coalesce(d.ruling, ${federal.ruling})
           when r.eligible and (w.state is null or w.state in ('draft', 'returned'))
             then ${today} > coalesce(d.plan_delivery, ${federal.plan_delivery})
           else false end as overdue,
      p.id as plan_id
    from org_units u
    left join pec_registrations r on r.cycle_id = ${cycleId} and r.school_unit_id = u.id and r.status = 'registered'
    left join pec_plans p on p.cycle_id = ${cycleId} and p.school_unit_id = u.id
    left join workflow_items w on w.id = p.item_id
    left join (${dates}) d on d.state_id = split_part(u.path, '/', 3)::int
    where u.kind = 'school' and u.active and u.path like ${`${unit.path}%`}`;
  const grouped = rowsOf(
    await db.execute(sql`
      select s.child, c.code, c.name, c.kind, s.stage, count(*)::int as n, count(*) filter (where s.overdue)::int as overdue
      from (${schools}) s join org_units c on c.id = nullif(s.child, '')::int
      group by s.child, c.code, c.name, c.kind, s.stage`),
  );
  const children = new Map<number, z.infer<typeof Dashboard>['children'][number]>();
  for (const r of grouped) {
    const id = Number(r.child);
    const entry =
      children.get(id) ??
      ({
        unit: { id, kind: String(r.kind), code: String(r.code), name: String(r.name) },
        counts: Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>,
        schools: 0,
        overdue: 0,
      } as z.infer<typeof Dashboard>['children'][number]);
    entry.counts[r.stage as Stage] += Number(r.n);
    entry.schools += Number(r.n);
    entry.overdue += Number(r.overdue);
    children.set(id, entry);
  }
  const list = [...children.values()].sort(
    (a, b) => b.overdue - a.overdue || a.unit.code.localeCompare(b.unit.code),
  );
  const totals = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const c of list) for (const s of STAGES) totals[s] += c.counts[s];
  // A zone (or a school) lists its schools one by one, overdue first.
  const schoolRows =
    unit.kind === 'zone' || unit.kind === 'school'
      ? rowsOf(await db.execute(sql`select * from (${schools}) s order by s.overdue desc, s.code`)).map(
          (r) => ({
            id: Number(r.id),
            code: String(r.code),
            name: String(r.name),
            stage: r.stage as Stage,
            overdue: r.overdue === true || r.overdue === 't',
            planId: r.plan_id ? String(r.plan_id) : null,
          }),
        )
      : [];
  return {
    unit: { id: unit.id, kind: unit.kind, code: unit.code, name: unit.name },
    totals,
    overdue: list.reduce((n, c) => n + c.overdue, 0),
    children: list,
    schools: schoolRows,
  };
}
