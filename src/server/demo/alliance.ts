import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import {
  addVersion,
  createDeliverable,
  createDocument,
  documentAction,
} from '../modules/alliance/documents.ts';
import { approveMinutes, convene, recordAttendance } from '../modules/alliance/meetings.ts';
import { createMeta } from '../modules/alliance/metas.ts';
import { resolutionAction } from '../modules/alliance/resolutions.ts';
import type { Side } from '../modules/alliance/rules.ts';
import {
  allianceBodies,
  allianceMetas,
  allianceObjectives,
  allianceObservations,
  allianceProgress,
  allianceSeats,
  allianceTasks,
} from '../modules/alliance/schema.ts';
import { createSynthesis, decide, scheduleSynthesis, sendSynthesis } from '../modules/alliance/syntheses.ts';
import { taskAction } from '../modules/alliance/tasks.ts';
import { diff, recordAudit, SYSTEM } from '../platform/audit/service.ts';
import { users } from '../platform/auth/schema.ts';
import type { Tx } from '../platform/db/client.ts';
import { Mailer } from '../platform/mail/mailer.ts';
import type { Actor, RequestMeta } from '../platform/permissions/actor.ts';
import { addDays, todayMx } from '../platform/time.ts';
import {
  ALLIANCE_COMMISSION,
  ALLIANCE_EJES,
  ALLIANCE_SECRETARIAT,
  type DemoMeta,
  FIRST_NAMES,
  SURNAMES,
} from './alliance-data.ts';
import { DEMO_ALLIANCE_USERS } from './data.ts';

type Body = typeof allianceBodies.$inferSelect;
type Position = (typeof allianceSeats.$inferInsert)['position'];

/**
 * The Comisión Rectora and the Secretariado Técnico SEP-SNTE: the skeleton every installation
 * needs, demo or not. Idempotent: an installation that has them keeps them as they are.
 */
export async function seedAllianceSkeleton(tx: Tx): Promise<{ commission: Body; secretariat: Body }> {
  let [commission] = await tx
    .select()
    .from(allianceBodies)
    .where(and(eq(allianceBodies.kind, 'commission'), isNull(allianceBodies.parentId)));
  if (!commission) commission = await insertBody(tx, null, { kind: 'commission', ...ALLIANCE_COMMISSION });
  let [secretariat] = await tx
    .select()
    .from(allianceBodies)
    .where(and(eq(allianceBodies.kind, 'secretariat'), eq(allianceBodies.parentId, commission.id)));
  if (!secretariat)
    secretariat = await insertBody(tx, commission, { kind: 'secretariat', ...ALLIANCE_SECRETARIAT });
  return { commission, secretariat };
}

async function insertBody(
  tx: Tx,
  parent: Body | null,
  input: { kind: Body['kind']; code: string; name: string; description: string },
): Promise<Body> {
  const [row] = await tx
    .insert(allianceBodies)
    .values({ ...input, parentId: parent?.id ?? null, path: 'pending' })
    .returning();
  if (!row) throw new Error(`could not create ${input.code}`);
  const path = `${parent?.path ?? '/'}${row.id}/`;
  await tx.update(allianceBodies).set({ path }).where(eq(allianceBodies.id, row.id));
  await auditBody(tx, { ...row, path });
  return { ...row, path };
}

function auditBody(tx: Tx, b: Body) {
  return recordAudit(tx, SYSTEM, {
    action: 'alliance.body_create',
    entityType: 'alliance_body',
    entityId: String(b.id),
    unitPath: null,
    changes: diff(null, {
      kind: b.kind,
      code: b.code,
      name: b.name,
      parentId: b.parentId,
      ...(b.acuerdo ? { acuerdo: b.acuerdo } : {}),
    }),
  });
}

/** Someone seated on a demo body. */
export interface SeatedPerson {
  userId: string;
  email: string;
  name: string;
  side: Side;
  position: Position;
}

/** What the story needs from the structure: bodies and who sits where, by body code. */
export interface AllianceDemo {
  today: string;
  bodies: Map<string, Body>;
  seats: Map<string, SeatedPerson[]>;
}

/** A Mexico City wall-clock time (UTC−6 all year since 2022) as an ISO timestamp with offset. */
function mx(date: string, time: string): string {
  return `${date}T${time}:00-06:00`;
}

function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** The k-th person of the crowd: a deterministic name and an address nobody else has. */
function crowdPerson(k: number): { name: string; email: string } {
  const round = Math.floor(k / FIRST_NAMES.length);
  const first = FIRST_NAMES[k % FIRST_NAMES.length] as string;
  const i1 = (k * 5 + round * 13 + 3) % SURNAMES.length;
  let i2 = (k * 11 + round * 19 + 17) % SURNAMES.length;
  if (i2 === i1) i2 = (i2 + 1) % SURNAMES.length;
  const s1 = SURNAMES[i1] as string;
  const s2 = SURNAMES[i2] as string;
  return { name: `${first} ${s1} ${s2}`, email: `${slug(first)}.${slug(s1)}.${k + 1}@demo.calidad.mx` };
}

interface Slot {
  side: Side;
  position: Position;
}

/**
 * A body's seats: on the leading side a coordinator, on the other a technical secretary (the
 * SEP-SNTE precedent), a minute-taker per side, and members. The secretariat is one technical
 * secretary per side.
 */
function slotsFor(kind: Body['kind'], sep: number, snte: number, lead: Side): Slot[] {
  if (kind === 'secretariat') {
    return [
      { side: 'sep', position: 'technical_secretary' },
      { side: 'snte', position: 'technical_secretary' },
    ];
  }
  const lineup = (side: Side, n: number): Slot[] =>
    Array.from({ length: n }, (_, i) => ({
      side,
      position:
        i === 0
          ? side === lead
            ? 'coordinator'
            : 'technical_secretary'
          : i === 1
            ? 'minute_taker'
            : 'member',
    }));
  return [...lineup('sep', sep), ...lineup('snte', snte)];
}

/** The last `n` complete quarters before today's, oldest first, with a plausible report date. */
function pastQuarters(today: string, n: number): { period: string; reportedOn: string }[] {
  let year = Number(today.slice(0, 4));
  let q = Math.ceil(Number(today.slice(5, 7)) / 3);
  const out: { period: string; reportedOn: string }[] = [];
  for (let i = 0; i < n; i++) {
    q--;
    if (q === 0) {
      q = 4;
      year--;
    }
    const next = q === 4 ? `${year + 1}-01` : `${year}-${String(q * 3 + 1).padStart(2, '0')}`;
    const reportedOn = `${next}-12`;
    out.unshift({ period: `${year}-T${q}`, reportedOn: reportedOn > today ? today : reportedOn });
  }
  return out;
}

function roundValue(m: DemoMeta, v: number): number {
  const fine = m.unit === '%' || Math.abs(m.target - m.baseline) < 50;
  return fine ? Math.round(v * 10) / 10 : Math.round(v);
}

/**
 * The demo Alianza, in the caller's transaction and set-based: the five ejes and 22 mesas, the
 * crowd of seated people with the named demo logins among them, objectives, approved metas and
 * their progress history. Returns null when the ejes already exist (nothing is loaded twice).
 */
export async function seedAllianceDemo(tx: Tx, passwordHash: string): Promise<AllianceDemo | null> {
  const today = todayMx();
  const { commission, secretariat } = await seedAllianceSkeleton(tx);
  const [existing] = await tx
    .select({ id: allianceBodies.id })
    .from(allianceBodies)
    .where(and(eq(allianceBodies.parentId, commission.id), eq(allianceBodies.kind, 'eje')))
    .limit(1);
  if (existing) return null;

  // Ejes, then mesas: one insert per level, paths set from the ids in one update.
  const setPaths = () =>
    tx.execute(sql`update alliance_bodies b set path = p.path || b.id || '/'
                   from alliance_bodies p where b.path = 'pending' and p.id = b.parent_id`);
  const ejeRows = await tx
    .insert(allianceBodies)
    .values(
      ALLIANCE_EJES.map((e, i) => ({
        kind: 'eje' as const,
        parentId: commission.id,
        path: 'pending',
        code: e.code,
        name: e.name,
        description: e.description,
        position: i + 1,
      })),
    )
    .returning();
  await setPaths();
  const ejes = ejeRows.map((e) => ({ ...e, path: `${commission.path}${e.id}/` }));
  const ejeByCode = (code: string) => ejes.find((e) => e.code === code) as Body;
  const mesaRows = await tx
    .insert(allianceBodies)
    .values(
      ALLIANCE_EJES.flatMap((e) =>
        e.mesas.map((m, j) => ({
          kind: 'mesa' as const,
          parentId: ejeByCode(e.code).id,
          path: 'pending',
          code: `${e.code}.${j + 1}`,
          name: m.name,
          acuerdo: m.acuerdo,
          position: j + 1,
        })),
      ),
    )
    .returning();
  await setPaths();
  const ejeById = new Map(ejes.map((e) => [e.id, e]));
  const mesas = mesaRows.map((m) => ({ ...m, path: `${ejeById.get(m.parentId as number)?.path}${m.id}/` }));
  for (const b of [...ejes, ...mesas]) await auditBody(tx, b);
  const bodies = new Map<string, Body>([commission, secretariat, ...ejes, ...mesas].map((b) => [b.code, b]));

  // Who sits where: slots per body, the named logins in theirs, the crowd in the rest.
  const plan: { body: Body; slots: Slot[] }[] = [
    { body: commission, slots: slotsFor('commission', 3, 3, 'sep') },
    { body: secretariat, slots: slotsFor('secretariat', 1, 1, 'sep') },
  ];
  ALLIANCE_EJES.forEach((e, i) => {
    const eje = bodies.get(e.code) as Body;
    plan.push({ body: eje, slots: slotsFor('eje', e.perSide, e.perSide, i % 2 === 0 ? 'sep' : 'snte') });
    e.mesas.forEach((_, j) => {
      const code = `${e.code}.${j + 1}`;
      const perSide = (i + j) % 2 === 0 ? 4 : 3;
      // One mesa deliberately breaks parity: V.2 seats 3 SEP and 2 SNTE.
      const [sep, snte] = code === 'V.2' ? [3, 2] : [perSide, perSide];
      plan.push({
        body: bodies.get(code) as Body,
        slots: slotsFor('mesa', sep, snte, (i + j) % 2 ? 'snte' : 'sep'),
      });
    });
  });
  const people: { email: string; name: string }[] = [];
  const assigned: { code: string; email: string; name: string; slot: Slot }[] = [];
  let k = 0;
  for (const { body, slots } of plan) {
    const named = DEMO_ALLIANCE_USERS.filter((u) => u.body === body.code);
    for (const slot of slots) {
      const i = named.findIndex((u) => u.side === slot.side && u.position === slot.position);
      const person = i >= 0 ? named.splice(i, 1)[0] : crowdPerson(k++);
      if (!person) throw new Error('seat without a person');
      people.push({ email: person.email, name: person.name });
      assigned.push({ code: body.code, email: person.email, name: person.name, slot });
    }
    if (named.length) throw new Error(`no seat for ${named.map((u) => u.email).join(', ')} on ${body.code}`);
  }
  const userRows = await tx
    .insert(users)
    .values(people.map((p) => ({ ...p, passwordHash, status: 'active' as const })))
    .returning({ id: users.id, email: users.email });
  const idOf = new Map(userRows.map((u) => [u.email, u.id]));
  const designatedOn = addDays(today, -450);
  const seats = new Map<string, SeatedPerson[]>();
  for (const a of assigned) {
    const list = seats.get(a.code) ?? [];
    list.push({ userId: idOf.get(a.email) as string, email: a.email, name: a.name, ...a.slot });
    seats.set(a.code, list);
  }
  await tx.insert(allianceSeats).values(
    assigned.map((a) => ({
      bodyId: (bodies.get(a.code) as Body).id,
      userId: idOf.get(a.email) as string,
      side: a.slot.side,
      position: a.slot.position,
      designatedOn,
    })),
  );
  // One audit entry per body's batch of seats.
  for (const { body } of plan) {
    await recordAudit(tx, SYSTEM, {
      action: 'alliance.seats_seed',
      entityType: 'alliance_body',
      entityId: String(body.id),
      unitPath: null,
      changes: diff(null, {
        seats: (seats.get(body.code) ?? []).map((s) => ({
          userId: s.userId,
          email: s.email,
          side: s.side,
          position: s.position,
          designatedOn,
        })),
      }),
    });
  }

  // Objectives and metas (approved by the eje coordinator), with 3–4 quarters of progress.
  const objectiveInput = ALLIANCE_EJES.flatMap((e) =>
    e.mesas.flatMap((m, j) =>
      m.objectives.map((o, p) => ({ code: `${e.code}.${j + 1}`, objective: o, position: p + 1 })),
    ),
  );
  const objectiveRows = await tx
    .insert(allianceObjectives)
    .values(
      objectiveInput.map((o) => ({
        bodyId: (bodies.get(o.code) as Body).id,
        text: o.objective.text,
        position: o.position,
      })),
    )
    .returning({
      id: allianceObjectives.id,
      bodyId: allianceObjectives.bodyId,
      position: allianceObjectives.position,
    });
  const objectiveId = (code: string, position: number) =>
    (
      objectiveRows.find((r) => r.bodyId === bodies.get(code)?.id && r.position === position) as {
        id: number;
      }
    ).id;
  const year = Number(today.slice(0, 4));
  const approvedAt = `${addDays(today, -400)}T18:00:00Z`;
  const coordinatorOf = (code: string) =>
    (seats.get(code) ?? []).find((s) => s.position === 'coordinator') as SeatedPerson;
  const metaInput = objectiveInput.flatMap((o) =>
    o.objective.metas.map((m) => ({ code: o.code, objectiveId: objectiveId(o.code, o.position), m })),
  );
  const metaRows = await tx
    .insert(allianceMetas)
    .values(
      metaInput.map(({ code, objectiveId, m }) => ({
        bodyId: (bodies.get(code) as Body).id,
        objectiveId,
        title: m.title,
        indicator: m.indicator,
        unit: m.unit,
        baseline: m.baseline,
        target: m.target,
        dueOn: `${year + m.dueInYears}-12-31`,
        responsible: m.responsible,
        normativeAnchor: m.normativeAnchor,
        status: 'approved' as const,
        approvedAt,
        approvedBy: coordinatorOf(code.split('.')[0] as string).userId,
      })),
    )
    .returning({ id: allianceMetas.id, objectiveId: allianceMetas.objectiveId, title: allianceMetas.title });
  // Metas by their objective and title (unique within a mesa), not by the order rows came back in.
  const metaIds = metaInput.map(
    (x) =>
      (metaRows.find((r) => r.objectiveId === x.objectiveId && r.title === x.m.title) as { id: number }).id,
  );
  const quarters = pastQuarters(today, 4);
  const progress = metaInput.flatMap(({ code, m }, j) => {
    const periods = j % 3 === 0 ? quarters.slice(1) : quarters;
    const latest = 0.3 + ((j * 17) % 45) / 100;
    return periods.map((q, p) => ({
      metaId: metaIds[j] as number,
      period: q.period,
      value: roundValue(m, m.baseline + (m.target - m.baseline) * latest * ((p + 1) / periods.length)),
      narrative: `Avance acumulado al cierre de ${q.period}, con base en los informes de las entidades federativas.`,
      evidence: `Informe trimestral ${q.period} de la mesa ${code}`,
      reportedBy: coordinatorOf(code).userId,
      reportedAt: `${q.reportedOn}T17:00:00Z`,
    }));
  });
  await tx.insert(allianceProgress).values(progress);
  // One audit entry per mesa for its objectives, metas and reports.
  for (const mesa of mesas) {
    const mine = metaInput
      .map((x, j) => ({ ...x, id: metaIds[j] as number }))
      .filter((x) => x.code === mesa.code);
    await recordAudit(tx, SYSTEM, {
      action: 'alliance.metas_seed',
      entityType: 'alliance_body',
      entityId: String(mesa.id),
      unitPath: mesa.path,
      changes: diff(null, {
        objectives: objectiveInput.filter((o) => o.code === mesa.code).map((o) => o.objective.text),
        metas: mine.map((x) => ({ id: x.id, title: x.m.title, status: 'approved' })),
        progressReports: progress.filter((p) => mine.some((x) => x.id === p.metaId)).length,
      }),
    });
  }
  return { today, bodies, seats };
}

/**
 * The story, through the real services with the seated people as actors, so timelines, the audit
 * trail and the dev outbox are what use would have produced. Runs after the structure committed;
 * each service opens its own transaction. Mail goes to the dev outbox even when SMTP is set:
 * demo addresses do not exist.
 */
export async function seedAllianceStory(appCtx: AppContext, demo: AllianceDemo): Promise<void> {
  const ctx: AppContext = {
    ...appCtx,
    mailer: new Mailer({ ...appCtx.cfg, SMTP_URL: undefined }, appCtx.log),
  };
  const meta: RequestMeta = { requestId: null, ip: null };
  const { today } = demo;
  const body = (code: string): Body => {
    const b = demo.bodies.get(code);
    if (!b) throw new Error(`no body ${code}`);
    return b;
  };
  const seated = (code: string, position: Position, side?: Side): SeatedPerson => {
    const p = (demo.seats.get(code) ?? []).find((s) => s.position === position && (!side || s.side === side));
    if (!p) throw new Error(`nobody is ${position} of ${code}`);
    return p;
  };
  const actor = (p: SeatedPerson): Actor => ({
    userId: p.userId,
    email: p.email,
    name: p.name,
    locale: 'es',
    assignments: [],
    sessionId: '',
    csrfToken: '',
  });
  const byEmail = (email: string): Actor => {
    for (const list of demo.seats.values()) {
      const p = list.find((s) => s.email === email);
      if (p) return actor(p);
    }
    throw new Error(`${email} is not seated`);
  };

  const secretariado = byEmail('secretariado@demo.calidad.mx');
  const comisionSnte = byEmail('comision.snte@demo.calidad.mx');
  const eje1 = byEmail('eje1@demo.calidad.mx');
  const mesa1 = byEmail('mesa1@demo.calidad.mx');
  const mesa1Snte = byEmail('mesa1.snte@demo.calidad.mx');
  const mesa2 = byEmail('mesa2@demo.calidad.mx');
  const eje2 = actor(seated('II', 'coordinator'));
  const mesaI2 = actor(seated('I.2', 'coordinator'));
  const mesaI3 = actor(seated('I.3', 'coordinator'));
  const mesaII2 = actor(seated('II.2', 'coordinator'));

  const draft = async (
    who: Actor,
    code: string,
    kind: 'plan' | 'proposal' | 'mechanism' | 'strategy' | 'line_of_action',
    title: string,
    text: string,
  ) => (await createDocument(ctx, who, meta, body(code).id, { kind, title, body: text })).id;
  const act = (who: Actor, id: string, action: 'submit' | 'return' | 'validate', comment?: string) =>
    documentAction(ctx, who, meta, id, action, comment ? { comment } : {});
  const validated = async (
    author: Actor,
    validator: Actor,
    code: string,
    kind: Parameters<typeof draft>[2],
    title: string,
    text: string,
  ) => {
    const id = await draft(author, code, kind, title, text);
    await act(author, id, 'submit');
    await act(validator, id, 'validate');
    return id;
  };

  // Mesa I.1: a document at each stage of the chain.
  await draft(
    mesa1Snte,
    'I.1',
    'proposal',
    'Propuesta de criterios para priorizar planteles a rehabilitar',
    'Se propone ordenar los planteles por índice de marginación, antigüedad de la construcción y dictamen ' +
      'de seguridad estructural, dando prioridad a las escuelas multigrado y de educación indígena.',
  );
  const submitted = await draft(
    mesa1,
    'I.1',
    'mechanism',
    'Mecanismo de verificación de obras con los consejos escolares',
    'Cada obra de rehabilitación se recibe con un acta firmada por el consejo escolar de participación social, ' +
      'con fotografías antes y después y la constancia de seguridad estructural del INIFED.',
  );
  await act(mesa1, submitted, 'submit');
  const resubmitted = await draft(
    mesa1,
    'I.1',
    'plan',
    'Plan de trabajo de la mesa I.1',
    'Calendario de sesiones, responsables por línea de acción y entregables trimestrales de la mesa.',
  );
  await act(mesa1, resubmitted, 'submit');
  await act(
    eje1,
    resubmitted,
    'return',
    'Falta desagregar las metas por entidad federativa y precisar el responsable de cada entregable.',
  );
  await addVersion(ctx, mesa1, meta, resubmitted, {
    title: 'Plan de trabajo de la mesa I.1 (metas por entidad)',
    body:
      'Calendario de sesiones, responsables por línea de acción y entregables trimestrales, con las metas de ' +
      'rehabilitación desagregadas por entidad federativa y un responsable nombrado para cada entregable.',
    note: 'Atiende las observaciones de la coordinación del eje I.',
  });
  await act(mesa1, resubmitted, 'submit');
  const stages = await validated(
    mesa1,
    eje1,
    'I.1',
    'strategy',
    'Estrategia de rehabilitación por etapas',
    'Primera etapa: sanitarios, agua y electricidad; segunda: techos y muros; tercera: mobiliario y ' +
      'accesibilidad. Cada etapa con presupuesto del Fondo de Aportaciones Múltiples y seguimiento estatal.',
  );
  const furniture = await validated(
    mesa1,
    eje1,
    'I.1',
    'line_of_action',
    'Línea de acción: mobiliario básico para las escuelas rehabilitadas',
    'Paquete de mobiliario por aula (pupitres, pizarrón, escritorio y estante) entregado al concluir la obra.',
  );
  const connectivity = await validated(
    mesaI2,
    eje1,
    'I.2',
    'plan',
    'Plan de conectividad de aulas',
    'Conexión por etapas de las aulas de primaria y secundaria, empezando por las escuelas con mayor matrícula.',
  );
  const pec = await validated(
    mesaI3,
    eje1,
    'I.3',
    'proposal',
    'Propuesta de ampliación del Programa Escuelas de Calidad',
    'Incorporar escuelas de alta marginación con una aportación federal mayor por cada peso de la comunidad.',
  );
  const exam = await validated(
    mesa2,
    eje2,
    'II.1',
    'mechanism',
    'Mecanismo del concurso nacional de oposición para plazas nuevas',
    'Convocatoria pública nacional, examen estandarizado aplicado por una instancia independiente y ' +
      'publicación de resultados por folio; asignación de plazas en orden de prelación.',
  );
  const principals = await validated(
    mesaII2,
    eje2,
    'II.2',
    'proposal',
    'Propuesta de perfiles y concurso para directores y supervisores',
    'Perfiles nacionales de dirección y supervisión, examen de conocimientos y evaluación de trayectoria.',
  );

  // Commission sessions: one three weeks ago (decided), one in two weeks (pending).
  const commission = body('CR');
  const agenda = [
    'Lista de asistencia y declaración de quórum',
    'Síntesis ejecutivas de las coordinaciones de eje',
    'Seguimiento de resoluciones',
    'Asuntos generales',
  ];
  const place = 'Sala de juntas de la Comisión Rectora, República de Argentina 28, Centro, Ciudad de México';
  const pastDay = addDays(today, -21);
  const pastSession = await convene(ctx, secretariado, meta, commission.id, {
    kind: 'ordinary',
    title: 'Sesión ordinaria de la Comisión Rectora',
    startsAt: mx(pastDay, '10:00'),
    endsAt: mx(pastDay, '13:00'),
    place,
    link: '',
    agenda,
  });
  const nextDay = addDays(today, 14);
  const nextSession = await convene(ctx, secretariado, meta, commission.id, {
    kind: 'ordinary',
    title: 'Sesión ordinaria de la Comisión Rectora',
    startsAt: mx(nextDay, '10:00'),
    endsAt: mx(nextDay, '13:00'),
    place,
    link: '',
    agenda,
  });

  const synthesis = async (who: Actor, code: string, title: string, documentIds: string[], text: string) => {
    const { id } = await createSynthesis(ctx, who, meta, body(code).id, {
      title,
      summary: text,
      recommendations:
        'Aprobar los documentos para su implementación y solicitar a las mesas un informe de avance trimestral.',
      documentIds,
    });
    await sendSynthesis(ctx, who, meta, id, {});
    return id;
  };
  const decidedI = await synthesis(
    eje1,
    'I',
    'Síntesis ejecutiva del eje I: rehabilitación y conectividad',
    [stages, connectivity],
    'Las mesas I.1 e I.2 presentan la estrategia de rehabilitación por etapas y el plan de conectividad de aulas.',
  );
  const decidedII = await synthesis(
    eje2,
    'II',
    'Síntesis ejecutiva del eje II: concurso nacional de plazas',
    [exam],
    'La mesa II.1 presenta el mecanismo del concurso nacional de oposición para las plazas de nueva creación.',
  );
  await scheduleSynthesis(ctx, secretariado, meta, decidedI, { meetingId: pastSession.id });
  await scheduleSynthesis(ctx, secretariado, meta, decidedII, { meetingId: pastSession.id });
  const commissionSeats = demo.seats.get('CR') ?? [];
  await recordAttendance(ctx, secretariado, meta, pastSession.id, {
    present: commissionSeats.map((s) => s.userId),
  });
  const r1 = await decide(ctx, comisionSnte, meta, decidedI, {
    outcome: 'approved_with_observations',
    sepPosition: 'agree',
    sntePosition: 'agree',
    reasons:
      'La Comisión aprueba por consenso la estrategia y el plan, con observaciones a las mesas I.1 e I.2.',
    observations: [
      {
        bodyId: body('I.1').id,
        text: 'Incluir en la estrategia un calendario de obras por entidad federativa.',
      },
      {
        bodyId: body('I.2').id,
        text: 'Precisar el costo por aula conectada y la fuente de financiamiento.',
      },
    ],
    publish: true,
    resolutionTitle: 'Estrategia de rehabilitación de planteles y plan de conectividad de aulas',
    resolutionText:
      'La Comisión Rectora aprueba la estrategia de rehabilitación por etapas de la mesa I.1 y el plan de ' +
      'conectividad de aulas de la mesa I.2, para su implementación, con las observaciones que se indican.',
  });
  const r2 = await decide(ctx, comisionSnte, meta, decidedII, {
    outcome: 'approved_with_observations',
    sepPosition: 'agree',
    sntePosition: 'agree',
    reasons:
      'La Comisión aprueba por consenso el mecanismo del concurso, con una observación a la mesa II.1.',
    observations: [
      {
        bodyId: body('II.1').id,
        text: 'Publicar los criterios de desempate y el calendario de la convocatoria con tres meses de anticipación.',
      },
    ],
    publish: true,
    resolutionTitle: 'Concurso nacional de oposición para las plazas docentes de nueva creación',
    resolutionText:
      'La Comisión Rectora aprueba que todas las plazas docentes de nueva creación se asignen mediante el ' +
      'concurso nacional de oposición propuesto por la mesa II.1, con la observación que se indica.',
  });
  await approveMinutes(ctx, secretariado, meta, pastSession.id, {
    minutes:
      'Con quórum de ambas representaciones, la Comisión Rectora aprobó por consenso las síntesis de los ejes ' +
      'I y II con observaciones. El Secretariado Técnico enviará las resoluciones a las coordinaciones de eje.',
    tasks: [],
  });

  // The resolutions go back down: distributed by the secretariat, informed by the eje coordinations.
  for (const [res, ejeActor] of [
    [r1.resolutionId, eje1],
    [r2.resolutionId, eje2],
  ] as const) {
    if (!res) throw new Error('an approval issued no resolution');
    await resolutionAction(ctx, secretariado, meta, res, 'distribute', {});
    await resolutionAction(ctx, ejeActor, meta, res, 'inform', {});
  }
  const observationTask = async (resolutionId: string, code: string) => {
    const [row] = await ctx.db
      .select({ id: allianceTasks.id })
      .from(allianceTasks)
      .innerJoin(allianceObservations, eq(allianceObservations.id, allianceTasks.observationId))
      .where(
        and(eq(allianceObservations.resolutionId, resolutionId), eq(allianceTasks.bodyId, body(code).id)),
      );
    if (!row) throw new Error(`no observation task for ${code}`);
    return row.id;
  };
  // I.2 answered its observation; I.1's is still open (mesa1@); II.1 is working on its own.
  await taskAction(ctx, mesaI2, meta, await observationTask(r1.resolutionId as string, 'I.2'), 'close', {
    comment:
      'Se entregó a la coordinación del eje I el costeo por aula conectada (equipo, conectividad y ' +
      'mantenimiento por tres años) con la fuente de financiamiento federal y estatal.',
  });
  await taskAction(ctx, mesa2, meta, await observationTask(r2.resolutionId as string, 'II.1'), 'start', {
    comment: 'Borrador de criterios de desempate en revisión con la representación del SNTE.',
  });

  // Another eje I synthesis on the next commission agenda, and an eje II one awaiting a session.
  const pending = await synthesis(
    eje1,
    'I',
    'Síntesis ejecutiva del eje I: mobiliario y Escuelas de Calidad',
    [furniture, pec],
    'Las mesas I.1 e I.3 presentan la línea de acción de mobiliario básico y la ampliación del Programa Escuelas de Calidad.',
  );
  await scheduleSynthesis(ctx, secretariado, meta, pending, { meetingId: nextSession.id });
  await synthesis(
    eje2,
    'II',
    'Síntesis ejecutiva del eje II: promoción a cargos directivos',
    [principals],
    'La mesa II.2 presenta los perfiles y el concurso para la promoción a dirección y supervisión.',
  );

  // Mesa I.1 sessions: one closed with minutes and two agreed tasks, one coming up.
  const mesaI1 = body('I.1');
  const mesaSeats = demo.seats.get('I.1') ?? [];
  const closedDay = addDays(today, -35);
  const closed = await convene(ctx, mesa1, meta, mesaI1.id, {
    kind: 'ordinary',
    title: 'Sesión ordinaria de la mesa I.1',
    startsAt: mx(closedDay, '11:00'),
    endsAt: mx(closedDay, '13:00'),
    place: 'Sala 3, INIFED, Vito Alessio Robles 380, Ciudad de México',
    link: '',
    agenda: ['Avance de la estrategia de rehabilitación', 'Criterios de priorización de planteles'],
  });
  const absent = mesaSeats.find((s) => s.side === 'sep' && s.position === 'member');
  await recordAttendance(ctx, mesa1, meta, closed.id, {
    present: mesaSeats.filter((s) => s !== absent).map((s) => s.userId),
  });
  await approveMinutes(ctx, mesa1, meta, closed.id, {
    minutes:
      'La mesa revisó el avance de la estrategia de rehabilitación y acordó preparar los criterios de ' +
      'priorización de planteles y el informe trimestral para la coordinación del eje I.',
    tasks: [
      {
        title: 'Integrar la lista de planteles prioritarios por entidad federativa',
        responsibleId: mesa1Snte.userId,
        dueOn: addDays(today, -7),
      },
      {
        title: 'Preparar el informe trimestral de avance para la coordinación del eje I',
        responsibleId: seated('I.1', 'minute_taker', 'sep').userId,
        dueOn: addDays(today, 12),
      },
    ],
  });
  const upcomingDay = addDays(today, 7);
  await convene(ctx, mesa1, meta, mesaI1.id, {
    kind: 'ordinary',
    title: 'Sesión ordinaria de la mesa I.1',
    startsAt: mx(upcomingDay, '11:00'),
    endsAt: mx(upcomingDay, '13:00'),
    place: 'Sala 3, INIFED, Vito Alessio Robles 380, Ciudad de México',
    link: 'https://reuniones.demo.calidad.mx/mesa-i-1',
    agenda: [
      'Observación de la resolución de la Comisión Rectora: calendario de obras por entidad',
      'Seguimiento de las tareas acordadas',
    ],
  });

  // A deadline the eje I coordination set for mesa I.2, overdue and not yet met.
  await createDeliverable(ctx, eje1, meta, body('I.2').id, {
    title: 'Diagnóstico de conectividad de las escuelas por entidad federativa',
    dueOn: addDays(today, -5),
  });

  // A meta still in draft: it cannot be approved until it names its normative anchor.
  await createMeta(ctx, mesa1, meta, mesaI1.id, {
    title: 'Escuelas rehabilitadas con sanitarios y agua potable funcionales',
    indicator: 'Porcentaje de escuelas rehabilitadas con sanitarios y agua potable en funcionamiento',
    unit: '%',
    baseline: 62,
    target: 100,
    dueOn: `${Number(today.slice(0, 4)) + 1}-12-31`,
    responsible: 'SEP · INIFED, con las autoridades educativas estatales',
    normativeAnchor: null,
  });
}
