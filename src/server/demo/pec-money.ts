import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { pecAllocations } from '../modules/finance/schema.ts';
import {
  allocateCycle,
  recordContribution,
  recordStateContribution,
  releaseTransfers,
  reviewContribution,
} from '../modules/finance/service.ts';
import { orgUnits, roleAssignments } from '../modules/org/schema.ts';
import { pecCycles, pecRulesVersions } from '../modules/rules/schema.ts';
import { effectiveFor } from '../modules/rules/service.ts';
import { diff, recordAudit, SYSTEM } from '../platform/audit/service.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { users } from '../platform/auth/schema.ts';
import type { RequestMeta } from '../platform/permissions/actor.ts';
import { todayMx } from '../platform/time.ts';
import { demoActor } from './actors.ts';
import { DEMO_PASSWORD } from './data.ts';
import { seedPecYearEnd } from './pec-year-end.ts';

const META: RequestMeta = { requestId: null, ip: null };
const MXN = (pesos: number) => pesos * 100;

/** The director of 17DPR0101K (the name on its commitment letter): the demo's one Morelos director. */
export const DEMO_MORELOS_DIRECTOR = {
  email: 'director.morelos@demo.calidad.mx',
  name: 'Raúl Ocampo Salgado',
  cct: '17DPR0101K',
};

async function school(ctx: AppContext, cct: string) {
  const [s] = await ctx.db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'school'), eq(orgUnits.code, cct)));
  if (!s) throw new Error(`demo school ${cct} missing`);
  return s;
}

/** Creates the Morelos director's account unless the demo users already include it. */
async function ensureMorelosDirector(ctx: AppContext): Promise<void> {
  const [found] = await ctx.db.select().from(users).where(eq(users.email, DEMO_MORELOS_DIRECTOR.email));
  if (found) return;
  const unit = await school(ctx, DEMO_MORELOS_DIRECTOR.cct);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: DEMO_MORELOS_DIRECTOR.email, name: DEMO_MORELOS_DIRECTOR.name, passwordHash })
      .returning();
    if (!user) throw new Error('demo director not inserted');
    const [ra] = await tx
      .insert(roleAssignments)
      .values({ userId: user.id, role: 'school_director', unitId: unit.id })
      .returning();
    await recordAudit(tx, SYSTEM, {
      action: 'user.role_grant',
      entityType: 'role_assignment',
      entityId: ra?.id ?? '',
      unitPath: unit.path,
      changes: diff(null, {
        userId: user.id,
        email: DEMO_MORELOS_DIRECTOR.email,
        role: 'school_director',
        unitId: unit.id,
      }),
    });
  });
}

const daysAgo = (today: string, n: number) => {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
};

/**
 * The money story of the demo, played through the finance services as the people involved (after
 * the rules, enrollment and planning stories), so the ledger, the calculations and the audit trail
 * are real: the national coordination allocates the current cycle's federal budget; Jalisco and
 * Morelos put in what their adaptations pledge; Morelos (whose selection is published) releases the
 * initial grants to its selected schools; 17DPR0101K raises cash from the parents (approved) and paint
 * from the municipality (in kind: recorded, not counted), a Jalisco donation is rejected with its
 * reason and another waits for validation; Morelos releases 17DPR0101K's match. Runs once: a cycle
 * already allocated is left as it is.
 */
export async function seedPecMoney(ctx: AppContext, today: string = todayMx()): Promise<void> {
  const [current] = await ctx.db
    .select({ id: pecCycles.id })
    .from(pecCycles)
    .innerJoin(pecRulesVersions, eq(pecRulesVersions.cycleId, pecCycles.id))
    .where(eq(pecRulesVersions.status, 'published'))
    .groupBy(pecCycles.id)
    .having(sql`count(*) >= 2`)
    .limit(1);
  if (!current) return;
  const cycleId = current.id;
  const [done] = await ctx.db
    .select()
    .from(pecAllocations)
    .where(eq(pecAllocations.cycleId, cycleId))
    .limit(1);
  if (done) return;
  await ensureMorelosDirector(ctx);
  const nacional = await demoActor(ctx, 'nacional@demo.calidad.mx');
  const jal = await demoActor(ctx, 'estatal.jal@demo.calidad.mx');
  const mor = await demoActor(ctx, 'estatal.mor@demo.calidad.mx');
  const morDirector = await demoActor(ctx, DEMO_MORELOS_DIRECTOR.email);
  const zapopan = await demoActor(ctx, 'director.zapopan@demo.calidad.mx');
  const secundaria = await demoActor(ctx, 'director.secundaria@demo.calidad.mx');
  const key = (what: string) => `demo-${cycleId}-${what}`;

  await allocateCycle(ctx, nacional, META, cycleId, key('allocation'));

  const stateUnit = async (code: string) => {
    const [s] = await ctx.db
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.kind, 'state'), eq(orgUnits.code, code)));
    if (!s) throw new Error(`demo state ${code} missing`);
    return s;
  };
  const jalisco = await stateUnit('14');
  const morelos = await stateUnit('17');
  for (const [state, actor, reference] of [
    [jalisco, jal, 'Depósito de la Secretaría de la Hacienda Pública de Jalisco al FEEC, folio SPEI 0148821'],
    [morelos, mor, 'Depósito de la Secretaría de Hacienda de Morelos al FEEC, folio SPEI 0177305'],
  ] as const) {
    const pledged = (await effectiveFor(ctx.db, cycleId, state.path)).rules.stateContribution;
    if (pledged > 0)
      await recordStateContribution(ctx, actor, META, cycleId, state.id, key(`state-${state.code}`), {
        amount: pledged,
        receivedOn: daysAgo(today, 5),
        reference,
      });
  }

  await releaseTransfers(ctx, mor, META, cycleId, { stateId: morelos.id }, 'initial', key('initial-17'));

  const zaragoza = await school(ctx, '17DPR0101K');
  const parents = await recordContribution(ctx, morDirector, META, cycleId, {
    schoolUnitId: zaragoza.id,
    source: 'padres',
    kind: 'cash',
    amount: MXN(8_000),
    receivedOn: daysAgo(today, 4),
    description: 'Cooperación de madres y padres de familia para la biblioteca de aula',
  });
  await reviewContribution(ctx, mor, META, parents.id, key('review-parents'), { decision: 'approve' });
  const paint = await recordContribution(ctx, morDirector, META, cycleId, {
    schoolUnitId: zaragoza.id,
    source: 'municipio',
    kind: 'in_kind',
    amount: MXN(5_000),
    receivedOn: daysAgo(today, 3),
    description: 'Pintura e impermeabilizante donados por el Ayuntamiento de Cuernavaca',
  });
  await reviewContribution(ctx, mor, META, paint.id, key('review-paint'), { decision: 'approve' });

  const hidalgo = await school(ctx, '14DPR0004X');
  const donation = await recordContribution(ctx, zapopan, META, cycleId, {
    schoolUnitId: hidalgo.id,
    source: 'donativos',
    kind: 'cash',
    amount: MXN(4_000),
    receivedOn: daysAgo(today, 6),
    description: 'Donativo de una papelería de la colonia',
  });
  await reviewContribution(ctx, jal, META, donation.id, key('review-donation'), {
    decision: 'reject',
    reason:
      'El recibo no identifica al donante ni trae su RFC. Regístrela de nuevo con el comprobante completo.',
  });
  const sec12 = await school(ctx, '14DES0005W');
  await recordContribution(ctx, secundaria, META, cycleId, {
    schoolUnitId: sec12.id,
    source: 'padres',
    kind: 'cash',
    amount: MXN(12_000),
    receivedOn: daysAgo(today, 2),
    description: 'Aportación voluntaria de la asociación de padres de familia',
  });

  await releaseTransfers(
    ctx,
    mor,
    META,
    cycleId,
    { schoolId: zaragoza.id },
    'match',
    key('match-17DPR0101K'),
  );
  await seedPecYearEnd(ctx, cycleId, today);
}
