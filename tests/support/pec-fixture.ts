import { and, eq } from 'drizzle-orm';
import { pecCalls, pecRegistrations } from '../../src/server/modules/enrollment/schema.ts';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import type { TestApp } from './test-app.ts';

/**
 * A published call and an eligible registration for a Jalisco school in a cycle, written directly:
 * planning tests start from a registered school (enrollment is tested on its own, through HTTP).
 */
export async function registerFixture(t: TestApp, cycleId: number, schoolId: number, grantCap: number) {
  const [state] = await t.ctx.db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'state'), eq(orgUnits.code, '14')));
  const [unit] = await t.ctx.db.select().from(orgUnits).where(eq(orgUnits.id, schoolId));
  if (!state || !unit) throw new Error('fixture: Jalisco or the school is missing');
  const [call] = await t.ctx.db
    .insert(pecCalls)
    .values({
      cycleId,
      stateUnitId: state.id,
      kind: 'extraordinary',
      title: 'Convocatoria de prueba',
      text: '',
      budget: 100_000_000,
      status: 'published',
    })
    .onConflictDoNothing()
    .returning();
  const [existing] = call
    ? [call]
    : await t.ctx.db
        .select()
        .from(pecCalls)
        .where(
          and(
            eq(pecCalls.cycleId, cycleId),
            eq(pecCalls.stateUnitId, state.id),
            eq(pecCalls.kind, 'extraordinary'),
          ),
        );
  await t.ctx.db.insert(pecRegistrations).values({
    cycleId,
    callId: existing?.id as number,
    schoolUnitId: schoolId,
    schoolPath: unit.path,
    stateUnitId: state.id,
    priorCycles: 1,
    commitment: {
      directorName: 'Diego Director',
      cepsPresidentName: 'Pedro Padre',
      cteEndorsedOn: '2027-05-10',
      signedOn: '2027-05-11',
    },
    eligible: true,
    eligibility: [],
    score: 40,
    scoreBreakdown: {},
    grantCap,
  });
}
