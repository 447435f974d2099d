import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { acknowledge } from '../modules/finance/accountability.ts';
import { closeYear, payReturn, schoolReturn } from '../modules/finance/closing.ts';
import { registerCfdiExpense, registerReceiptExpense, reviewExpense } from '../modules/finance/expenses.ts';
import { idempotent } from '../modules/finance/idempotency.ts';
import { recordContribution, releaseTransfers, reviewContribution } from '../modules/finance/service.ts';
import { orgUnits } from '../modules/org/schema.ts';
import { planAction } from '../modules/planning/review.ts';
import { changePlan, getPlan, openPlan, reportActionProgress } from '../modules/planning/service.ts';
import { Mailer } from '../platform/mail/mailer.ts';
import type { RequestMeta } from '../platform/permissions/actor.ts';
import { todayMx } from '../platform/time.ts';
import { findDemoActor } from './actors.ts';
import { sampleCfdi } from './cfdi-sample.ts';
import { planContent } from './pec-planning.ts';

const META: RequestMeta = { requestId: null, ip: null };
const MXN = (pesos: number) => pesos * 100;
const CCT = '17DES0104H';

/**
 * The year end of the demo, played through the services after the money story: the Secundaria
 * General Cuautla (17DES0104H, Morelos) writes and gets its PAT approved, the parents raise cash and a
 * work day (faena), Morelos releases its match, the school proves its spending with CFDI invoices and
 * one simple receipt (the supervisor observes one invoice, the school answers, all are accepted),
 * reports the progress of its actions, the state closes its year, the school deposits what it did
 * not spend (reintegro) and its council acknowledges the accountability report. Runs once, on a demo
 * whose money story ran (the school has its initial grant) and whose Cuautla users exist.
 */
export async function seedPecYearEnd(appCtx: AppContext, cycleId: number, today: string = todayMx()) {
  // Demo mail stays in the dev outbox even when SMTP is configured: the addresses do not exist.
  const ctx: AppContext = {
    ...appCtx,
    mailer: new Mailer({ ...appCtx.cfg, SMTP_URL: undefined }, appCtx.log),
  };
  const director = await findDemoActor(ctx, 'director.cuautla@demo.calidad.mx');
  const supervisor = await findDemoActor(ctx, 'supervisor.cuautla@demo.calidad.mx');
  const council = await findDemoActor(ctx, 'consejo.cuautla@demo.calidad.mx');
  const mor = await findDemoActor(ctx, 'estatal.mor@demo.calidad.mx');
  if (!director || !supervisor || !council || !mor) return;
  const [school] = await ctx.db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'school'), eq(orgUnits.code, CCT)));
  if (!school) return;
  const key = (what: string) => `demo-${cycleId}-cuautla-${what}`;

  const { id: planId } = await openPlan(ctx, director, META, cycleId, school.id);
  const plan = await getPlan(ctx.db, director, planId);
  await changePlan(ctx, director, META, planId, {
    changes: planContent(
      `${school.code} ${school.name}`,
      plan.revision,
      plan.standards.map((s) => s.code),
      MXN(29_000),
      'infraestructura',
    ),
  });
  await planAction(ctx, director, META, planId, 'submit', { observations: [] });
  await planAction(ctx, supervisor, META, planId, 'endorse', { observations: [] });
  await planAction(ctx, mor, META, planId, 'approve', { observations: [] });

  const cash = await recordContribution(ctx, director, META, cycleId, {
    schoolUnitId: school.id,
    source: 'padres',
    kind: 'cash',
    amount: MXN(10_000),
    receivedOn: today,
    description: 'Cooperación de la asociación de padres de familia para la biblioteca',
  });
  await reviewContribution(ctx, mor, META, cash.id, key('review-cash'), { decision: 'approve' });
  const faena = await recordContribution(ctx, director, META, cycleId, {
    schoolUnitId: school.id,
    source: 'padres',
    kind: 'labour',
    amount: MXN(3_000),
    receivedOn: today,
    description: 'Faena de madres y padres: limpieza y pintura de la biblioteca escolar',
  });
  await reviewContribution(ctx, mor, META, faena.id, key('review-faena'), { decision: 'approve' });
  await releaseTransfers(ctx, mor, META, cycleId, { schoolId: school.id }, 'match', key('match'));

  const invoice = (n: number, issuer: { rfc: string; name: string }, description: string, subtotal: number) =>
    Buffer.from(
      sampleCfdi({
        uuid: `7C1E0D4A-3B2F-4E6A-9D10-${String(cycleId).padStart(4, '0')}0000000${n}`,
        issuedAt: `${today}T00:0${n}:00`,
        emisor: issuer,
        description,
        subtotal,
      }),
    );
  const spend = async (
    n: number,
    input: { actionId: string; category: string; description: string },
    xml: Buffer,
  ) =>
    (
      await idempotent(ctx.db, director.userId, key(`cfdi-${n}`), `demo cfdi ${n}`, { n }, async (tx) => ({
        status: 201,
        body: await registerCfdiExpense(tx, director, META, planId, input, xml),
      }))
    ).body.id;
  const books = await spend(
    1,
    {
      actionId: 'a1',
      category: 'materiales',
      description: 'Acervo para la biblioteca de aula de cada grupo',
    },
    invoice(
      1,
      { rfc: 'LCA1105207K4', name: 'LIBRERIA CUAUTLA SA DE CV' },
      'Libros de literatura juvenil',
      MXN(12_500),
    ),
  );
  const workshop = await spend(
    2,
    { actionId: 'a2', category: 'capacitacion', description: 'Taller de lectura en familia, 6 sesiones' },
    invoice(
      2,
      { rfc: 'FLE1502108N1', name: 'FORMACION LECTORA EDUCATIVA SC' },
      'Taller de fomento a la lectura',
      MXN(3_800),
    ),
  );
  const works = await spend(
    3,
    {
      actionId: 'a3',
      category: 'infraestructura',
      description: 'Impermeabilización y luminarias de la biblioteca',
    },
    invoice(
      3,
      { rfc: 'CMO0803115Q2', name: 'CONSTRUCCIONES Y MANTENIMIENTO ORIENTE SA DE CV' },
      'Impermeabilización de azotea',
      MXN(25_000),
    ),
  );
  const receipt = (
    await idempotent(ctx.db, director.userId, key('receipt'), 'demo receipt', {}, async (tx) => ({
      status: 201,
      body: await registerReceiptExpense(
        tx,
        director,
        META,
        planId,
        {
          actionId: 'a2',
          category: 'capacitacion',
          description: 'Copias del material del taller',
          amount: MXN(1_500),
          spentOn: today,
          issuer: 'Papelería y Copias El Estudiante',
          reason: 'La papelería de la colonia no emite facturas electrónicas; se anexa la nota de venta.',
        },
        {
          bytes: Buffer.from('%PDF-1.4\n% nota de venta escaneada (demostración)\n%%EOF\n'),
          fileName: 'nota.pdf',
        },
      ),
    }))
  ).body.id;
  await reviewExpense(ctx, supervisor, META, books, 'accept', undefined);
  await reviewExpense(
    ctx,
    supervisor,
    META,
    workshop,
    'observe',
    'Anexe la lista de asistencia de las sesiones del taller.',
  );
  await reviewExpense(
    ctx,
    director,
    META,
    workshop,
    'answer',
    'Se anexa la lista firmada por 38 madres y padres.',
  );
  await reviewExpense(ctx, supervisor, META, workshop, 'accept', undefined);
  await reviewExpense(ctx, supervisor, META, works, 'accept', undefined);
  await reviewExpense(ctx, supervisor, META, receipt, 'accept', undefined);

  for (const [actionId, status, percent, evidence] of [
    ['a1', 'done', 100, 'Cada grupo tiene su biblioteca de aula con 40 títulos.'],
    ['a2', 'done', 100, 'Seis sesiones con 38 familias.'],
    ['a3', 'in_progress', 80, 'Azotea impermeabilizada; falta instalar dos luminarias.'],
  ] as const)
    await reportActionProgress(ctx, director, META, planId, actionId, { status, percent, evidence });

  await closeYear(
    ctx,
    mor,
    META,
    cycleId,
    { kind: 'school', id: school.id },
    'Cierre del ejercicio de la escuela',
    key('close'),
  );
  const due = await schoolReturn(ctx.db, cycleId, school);
  if (due)
    await payReturn(ctx, director, META, due.id, 'Depósito SPEI 0417729 al FEEC Morelos', key('return'));
  await acknowledge(ctx, council, META, cycleId, school.id, {
    acknowledged: true,
    observations: '',
    heldOn: today,
    attendees: 23,
  });
}
