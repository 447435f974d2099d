import { and, desc, eq } from 'drizzle-orm';
import type { Change } from '../../contract/planning.ts';
import type { AppContext } from '../context.ts';
import { orgUnits } from '../modules/org/schema.ts';
import { planAction } from '../modules/planning/review.ts';
import { changePlan, getPlan, openPlan } from '../modules/planning/service.ts';
import { pecCycles, pecRulesVersions } from '../modules/rules/schema.ts';
import { Mailer } from '../platform/mail/mailer.ts';
import type { RequestMeta } from '../platform/permissions/actor.ts';
import { demoActor } from './actors.ts';

/**
 * The planning story of the demo, played through the planning services as the people involved, so
 * timelines, versions and the audit trail are real: in zone 002 a PAT returned with observations
 * (14DPR0004X) and one approved (14DES0005W); in zone 015 one sent and waiting for review
 * (14DTV0007U); in zone 016 one still a draft (14DPB0008T). With the registrations of the enrollment
 * demo this puts schools at every stage of the cycle.
 */

const META: RequestMeta = { requestId: null, ip: null };

export function planContent(
  school: string,
  revision: number,
  standards: string[],
  cost: number,
  category: string,
): Change[] {
  const goal = {
    id: 'g1',
    objectiveId: 'o1',
    standard: 'centralidad_aprendizaje',
    text: 'Que los alumnos lean con fluidez y comprensión',
    indicator: '% de alumnos con nivel esperado de lectura',
    baseline: 42,
    target: 70,
    year: 2028,
  };
  const action = (id: string, text: string, amount: number, cat: string, responsible: string) => ({
    id,
    goalId: 'g1',
    text,
    responsible,
    startOn: '2027-09-01',
    endOn: '2028-06-30',
    cost: amount,
    fundingSource: 'pec',
    category: cat,
  });
  return [
    ...standards.map((s, i) => ({
      op: 'rate' as const,
      standard: s,
      rating: {
        level: i % 4 === 0 ? 2 : i % 3 === 0 ? 4 : 3,
        evidence: 'Registro de observación del CTE',
        comment: '',
      },
      baseRevision: revision,
    })),
    {
      op: 'set',
      path: 'pete.context',
      value: `${school}: escuela de organización completa en una colonia de alta densidad.`,
      baseRevision: revision,
    },
    {
      op: 'set',
      path: 'pete.mission',
      value: 'Formar alumnos lectores, críticos y solidarios, con la participación de sus familias.',
      baseRevision: revision,
    },
    {
      op: 'set',
      path: 'pete.vision',
      value: 'Ser una escuela donde todos aprenden a leer, escribir y convivir.',
      baseRevision: revision,
    },
    { op: 'set', path: 'pete.priorities', value: ['centralidad_aprendizaje'], baseRevision: revision },
    {
      op: 'put',
      list: 'pete.objectives',
      item: { id: 'o1', dimension: 'pedagogica', text: 'Mejorar la comprensión lectora en todos los grados' },
      baseRevision: revision,
    },
    { op: 'put', list: 'pete.goals', item: goal, baseRevision: revision },
    {
      op: 'put',
      list: 'pat.actions',
      item: action('a1', 'Biblioteca de aula en cada grupo', 1_500_000, 'materiales', 'Colectivo docente'),
      baseRevision: revision,
    },
    {
      op: 'put',
      list: 'pat.actions',
      item: action('a2', 'Taller de lectura con madres y padres', 600_000, 'capacitacion', 'Dirección'),
      baseRevision: revision,
    },
    {
      op: 'put',
      list: 'pat.actions',
      item: action('a3', 'Rehabilitación de la biblioteca escolar', cost, category, 'Comité del CEPS'),
      baseRevision: revision,
    },
  ];
}

export async function seedPecPlanning(appCtx: AppContext): Promise<void> {
  // Demo mail stays in the dev outbox even when SMTP is configured: the addresses do not exist.
  const ctx: AppContext = {
    ...appCtx,
    mailer: new Mailer({ ...appCtx.cfg, SMTP_URL: undefined }, appCtx.log),
  };
  const [cycle] = await ctx.db
    .select({ id: pecCycles.id })
    .from(pecCycles)
    .innerJoin(pecRulesVersions, eq(pecRulesVersions.cycleId, pecCycles.id))
    .where(eq(pecRulesVersions.version, 2))
    .orderBy(desc(pecCycles.schoolYear))
    .limit(1);
  if (!cycle) return;
  const supervisor = await demoActor(ctx, 'supervisor.zapopan@demo.calidad.mx');
  const estatal = await demoActor(ctx, 'estatal.jal@demo.calidad.mx');
  const school = async (cct: string) => {
    const [u] = await ctx.db
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.kind, 'school'), eq(orgUnits.code, cct)));
    if (!u) throw new Error(`demo school ${cct} missing`);
    return u;
  };
  const write = async (email: string, cct: string, infra: number) => {
    const director = await demoActor(ctx, email);
    const s = await school(cct);
    const { id } = await openPlan(ctx, director, META, cycle.id, s.id);
    const plan = await getPlan(ctx.db, director, id);
    await changePlan(ctx, director, META, id, {
      changes: planContent(
        `${s.code} ${s.name}`,
        plan.revision,
        plan.standards.map((x) => x.code),
        infra,
        'infraestructura',
      ),
    });
    return { id, director };
  };

  // Returned: the supervisor asks for the quotation of the works.
  const returned = await write('director.zapopan@demo.calidad.mx', '14DPR0004X', 2_400_000);
  await planAction(ctx, returned.director, META, returned.id, 'submit', { observations: [] });
  await planAction(ctx, supervisor, META, returned.id, 'return', {
    observations: [
      {
        path: 'pat.actions.a3',
        text: 'Anexe dos cotizaciones de la rehabilitación y precise qué espacios se atienden.',
      },
      { path: 'pete.goals.g1', text: 'La línea base debe venir del diagnóstico de lectura de agosto.' },
    ],
  });

  // Approved with observations by the state committee after the supervisor's endorsement.
  const approved = await write('director.secundaria@demo.calidad.mx', '14DES0005W', 2_000_000);
  await planAction(ctx, approved.director, META, approved.id, 'submit', { observations: [] });
  await planAction(ctx, supervisor, META, approved.id, 'endorse', { observations: [] });
  await planAction(ctx, estatal, META, approved.id, 'approve_with_observations', {
    observations: [{ path: null, text: 'Reporte el avance de la meta de lectura cada bimestre.' }],
  });

  // Sent and waiting for its supervisor; and one still a draft.
  const sent = await write('director.telesecundaria@demo.calidad.mx', '14DTV0007U', 1_800_000);
  await planAction(ctx, sent.director, META, sent.id, 'submit', { observations: [] });
  await write('director.wixarika@demo.calidad.mx', '14DPB0008T', 1_200_000);
}
