import { and, eq, like } from 'drizzle-orm';
import { type FederalRules, StateAdaptation } from '../../contract/rules.ts';
import { orgUnits } from '../modules/org/schema.ts';
import {
  pecCycles,
  pecDeadlineExtensions,
  pecRulesVersions,
  pecStateAdaptations,
} from '../modules/rules/schema.ts';
import { diff, recordAudit, SYSTEM } from '../platform/audit/service.ts';
import type { Tx } from '../platform/db/client.ts';
import { todayMx } from '../platform/time.ts';
import {
  demoCalendar,
  demoCalendarAround,
  demoFederalRules,
  demoJaliscoAdaptation,
  demoMorelosAdaptation,
} from './pec-rules.ts';

/**
 * Escuelas de Calidad demo rules: last cycle's rules (published), this cycle's rules published
 * and then corrected once (version 2, with its reason, so the history shows), Jalisco's and
 * Morelos' adaptations (Morelos with the tighter calendar), and one recorded extension.
 */
export async function seedPecRules(tx: Tx, today: string = todayMx()): Promise<void> {
  const year = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 8 ? 1 : 0);
  const previous: FederalRules = { ...demoFederalRules(year - 1), calendar: demoCalendar(year - 1) };
  const current: FederalRules = { ...demoFederalRules(year), calendar: demoCalendarAround(today) };
  const corrected: FederalRules = {
    ...current,
    eligibility: {
      ...current.eligibility,
      documents: [
        ...current.eligibility.documents,
        { code: 'diagnostico', name: 'Autoevaluación diagnóstica firmada por el colectivo docente' },
      ],
    },
  };
  const now = new Date().toISOString();
  const [prev] = await tx
    .insert(pecCycles)
    .values({ schoolYear: previous.schoolYear, fiscalYear: previous.fiscalYear })
    .returning();
  const [cur] = await tx
    .insert(pecCycles)
    .values({ schoolYear: current.schoolYear, fiscalYear: current.fiscalYear })
    .returning();
  if (!prev || !cur) throw new Error('demo cycles not inserted');
  await tx.insert(pecRulesVersions).values([
    { cycleId: prev.id, version: 1, status: 'published', document: previous, publishedAt: now },
    { cycleId: cur.id, version: 1, status: 'published', document: current, publishedAt: now },
    {
      cycleId: cur.id,
      version: 2,
      status: 'published',
      document: corrected,
      reason: 'Fe de erratas: se agrega la autoevaluación diagnóstica a los documentos requeridos.',
      publishedAt: now,
    },
  ]);
  const state = async (code: string) => {
    const [s] = await tx
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.kind, 'state'), eq(orgUnits.code, code)));
    if (!s) throw new Error(`demo state ${code} missing`);
    return s;
  };
  const jalisco = await state('14');
  const morelos = await state('17');
  await tx.insert(pecStateAdaptations).values([
    {
      cycleId: cur.id,
      stateUnitId: jalisco.id,
      version: 1,
      status: 'published',
      document: StateAdaptation.parse(demoJaliscoAdaptation(corrected)),
      federalVersion: 2,
      publishedAt: now,
    },
    {
      cycleId: cur.id,
      stateUnitId: morelos.id,
      version: 1,
      status: 'published',
      document: StateAdaptation.parse(demoMorelosAdaptation(corrected)),
      federalVersion: 2,
      publishedAt: now,
    },
  ]);
  // A Morelos zone got a week more to register its schools.
  const [zone] = await tx
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'zone'), like(orgUnits.path, `${morelos.path}%`)))
    .orderBy(orgUnits.code)
    .limit(1);
  if (zone) {
    const until = new Date(`${demoMorelosAdaptation(corrected).calendar.registration_closes}T12:00:00Z`);
    until.setUTCDate(until.getUTCDate() + 7);
    await tx.insert(pecDeadlineExtensions).values({
      cycleId: cur.id,
      unitId: zone.id,
      unitPath: zone.path,
      deadline: 'registration_closes',
      until: until.toISOString().slice(0, 10),
      reason: 'Suspensión de labores por lluvias en la región; se amplía el registro una semana.',
    });
  }
  await recordAudit(tx, SYSTEM, {
    action: 'rules.demo_seed',
    entityType: 'pec_rules',
    entityId: String(cur.id),
    unitPath: null,
    changes: diff(null, {
      cycles: [previous.schoolYear, current.schoolYear],
      adaptations: ['14', '17'],
    }),
  });
}
