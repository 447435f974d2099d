import { and, eq, sql } from 'drizzle-orm';
import type { PlanContent } from '../../src/contract/planning.ts';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import { effectiveFor } from '../../src/server/modules/rules/service.ts';
import type { Db } from '../../src/server/platform/db/client.ts';
import { rowsOf } from '../../src/server/platform/db/rows.ts';

/** A plan that passes every check: all standards rated, mission, vision, a goal and two costed actions. */
export function completePlan(standards: string[]): PlanContent {
  return {
    selfEvaluation: {
      ratings: Object.fromEntries(
        standards.map((s) => [s, { level: 3, evidence: 'Registro del CTE', comment: '' }]),
      ),
    },
    pete: {
      context: 'Escuela urbana de organización completa.',
      mission: 'Formar lectores autónomos.',
      vision: 'Una escuela que lee.',
      values: 'Respeto',
      priorities: [],
      objectives: [{ id: 'o1', dimension: 'pedagogica', text: 'Mejorar la comprensión lectora' }],
      strategies: [],
      goals: [
        {
          id: 'g1',
          objectiveId: 'o1',
          standard: null,
          text: 'Alumnos que leen con fluidez',
          indicator: '% de alumnos',
          baseline: 40,
          target: 70,
          year: 2028,
        },
      ],
    },
    pat: {
      actions: ['a1', 'a2'].map((id) => ({
        id,
        goalId: 'g1',
        text: `Acción ${id}`,
        responsible: 'Dirección',
        startOn: '2027-09-01',
        endOn: '2028-06-30',
        cost: 1_000_000,
        fundingSource: 'pec' as const,
        category: 'materiales',
      })),
    },
  };
}

/**
 * `schools` schools of Jalisco in 20 zones of a new sector, their codes ending in `tag`, each
 * registered in the cycle with a complete draft plan, a director signed in (a session written
 * directly: what is measured or tested is sending, not argon2 at sign-in) and a supervisor per
 * zone to be told. For the plan-delivery spike benchmark and the tests of grouped review steps.
 */
export async function spikeFixture(db: Db, cycleId: number, schools: number, tag: string) {
  const [state] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'state'), eq(orgUnits.code, '14')));
  if (!state) throw new Error('Jalisco missing');
  const effective = await effectiveFor(db, cycleId, state.path);
  const pattern = `14DPR____${tag}`;
  const content = completePlan(effective.rules.planning.standards.map((s) => s.code));
  await db.transaction(async (tx) => {
    const [sector] = rowsOf(
      await tx.execute(sql`insert into org_units (kind, code, name, parent_id, path, depth)
        values ('sector', ${`${tag}01`}, 'Jefatura de Sector de prueba de carga', ${state.id}, '', 2) returning id`),
    );
    const sectorPath = `${state.path}${sector?.id}/`;
    await tx.execute(sql`update org_units set path = ${sectorPath} where id = ${sector?.id}`);
    await tx.execute(sql`insert into org_units (kind, code, name, parent_id, path, depth)
      select 'zone', ${`${tag}Z`} || lpad(g::text, 3, '0'), 'Zona de prueba ' || g, ${sector?.id}, '', 3 from generate_series(1, 20) g`);
    await tx.execute(
      sql`update org_units set path = ${sectorPath} || id || '/' where kind = 'zone' and parent_id = ${sector?.id}`,
    );
    await tx.execute(sql`insert into org_units (kind, code, name, parent_id, path, depth)
      select 'school', '14DPR' || lpad((g - 1)::text, 4, '0') || ${tag}, 'Escuela de prueba ' || g,
        (select id from org_units where kind = 'zone' and code = ${`${tag}Z`} || lpad((1 + g % 20)::text, 3, '0') and parent_id = ${sector?.id}), '', 4
      from generate_series(1, ${schools}) g`);
    await tx.execute(sql`update org_units s set path = z.path || s.id || '/'
      from org_units z where z.id = s.parent_id and s.kind = 'school' and z.parent_id = ${sector?.id}`);
    const [call] = rowsOf(
      await tx.execute(sql`insert into pec_calls (cycle_id, state_unit_id, kind, title, text, budget, status)
        values (${cycleId}, ${state.id}, 'extraordinary', 'Convocatoria de prueba de carga', '', 1000000000000, 'published') returning id`),
    );
    await tx.execute(sql`insert into pec_registrations (cycle_id, call_id, school_unit_id, school_path, state_unit_id,
        prior_cycles, commitment, eligible, eligibility, score, score_breakdown, grant_cap)
      select ${cycleId}, ${call?.id}, s.id, s.path, ${state.id}, 0,
        '{"directorName":"D","cepsPresidentName":"P","cteEndorsedOn":"2027-01-01","signedOn":"2027-01-01"}', true, '[]', 10, '{}', 5000000
      from org_units s where s.kind = 'school' and s.code like ${pattern}`);
    await tx.execute(sql`insert into workflow_items (type, state, title, scope_path, awaiting)
      select 'pec.plan', 'draft', s.code, s.path, 'pec:school:' || s.id from org_units s
      where s.kind = 'school' and s.code like ${pattern}`);
    await tx.execute(sql`insert into workflow_events (item_id, seq, action, to_state)
      select id, 1, 'create', 'draft' from workflow_items where type = 'pec.plan' and title like ${pattern}`);
    await tx.execute(sql`insert into pec_plans (cycle_id, school_unit_id, school_path, item_id, content)
      select ${cycleId}, s.id, s.path, w.id, ${JSON.stringify(content)}::jsonb
      from org_units s join workflow_items w on w.title = s.code and w.type = 'pec.plan'
      where s.kind = 'school' and s.code like ${pattern}`);
    await tx.execute(sql`insert into users (email, name, status)
      select 'spike.' || s.code || '@demo.calidad.mx', 'Dirección ' || s.code, 'active'
      from org_units s where s.kind = 'school' and s.code like ${pattern}`);
    await tx.execute(sql`insert into role_assignments (user_id, role, unit_id)
      select u.id, 'school_director', s.id from org_units s join users u on u.email = 'spike.' || s.code || '@demo.calidad.mx'
      where s.kind = 'school' and s.code like ${pattern}`);
    // A supervisor per zone, told of every plan sent in it (one notice per submission).
    await tx.execute(sql`insert into users (email, name, status)
      select 'spike.sup.' || z.code || '@demo.calidad.mx', 'Supervisión ' || z.code, 'active'
      from org_units z where z.kind = 'zone' and z.parent_id = ${sector?.id}`);
    await tx.execute(sql`insert into role_assignments (user_id, role, unit_id)
      select u.id, 'zone_supervisor', z.id from org_units z join users u on u.email = 'spike.sup.' || z.code || '@demo.calidad.mx'
      where z.kind = 'zone' and z.parent_id = ${sector?.id}`);
    // Signed-in sessions made directly (the benchmark measures sending, not argon2 at sign-in).
    await tx.execute(sql`insert into sessions (token_hash, user_id, csrf_token, expires_at)
      select encode(sha256(convert_to('spike-' || s.code, 'UTF8')), 'hex'), u.id, 'csrf-' || s.code, now() + interval '1 day'
      from org_units s join users u on u.email = 'spike.' || s.code || '@demo.calidad.mx'
      where s.kind = 'school' and s.code like ${pattern}`);
  });
  const plans = rowsOf(
    await db.execute(sql`select p.id, s.code from pec_plans p join org_units s on s.id = p.school_unit_id
      where s.code like ${pattern} order by s.code`),
  ).map((r) => ({ id: String(r.id), token: `spike-${String(r.code)}`, csrf: `csrf-${String(r.code)}` }));
  return plans;
}
