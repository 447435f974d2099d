import { and, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { MeetingDetail, ResolutionDetail, SynthesisDetail } from '../../../contract/alliance.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Db, Executor } from '../../platform/db/client.ts';
import { type PdfDocumentModel, type PdfRenderOptions, renderPdf } from '../../platform/pdf/render.ts';
import type { Actor } from '../../platform/permissions/actor.ts';
import { fechaDia, todayMx } from '../../platform/time.ts';
import { getMeeting } from './meetings.ts';
import { getResolution } from './resolutions.ts';
import type { Side } from './rules.ts';
import { allianceSeats } from './schema.ts';
import { getSynthesis } from './syntheses.ts';

/**
 * The Alianza's official documents as PDF: the minutes (acta) of a session, an eje's executive
 * synthesis and a commission resolution. Each is built from the same detail the API returns (so the
 * read permission is the detail function's: 404 when the person cannot read the body) into the
 * generic model of platform/pdf/render.ts. Always in Spanish (es-MX, the official documents'
 * language), dates and times as in America/Mexico_City.
 */

type Meeting = z.infer<typeof MeetingDetail>;
type Synthesis = z.infer<typeof SynthesisDetail>;
type Resolution = z.infer<typeof ResolutionDetail>;

export interface PdfFile {
  buffer: Buffer;
  /** A descriptive download name: 'acta-I.1-2026-11-24.pdf'. */
  filename: string;
}

const ALLIANCE = 'Alianza por la Calidad de la Educación';

// ---------------------------------------------------------------------------------------------
// Spanish labels

const SIDE: Record<Side, string> = { sep: 'SEP', snte: 'SNTE' };
/** 'integrantes de la SEP', 'integrantes del SNTE' (la Secretaría, el Sindicato). */
const OF_SIDE: Record<Side, string> = { sep: 'de la SEP', snte: 'del SNTE' };

const BODY_KIND: Record<string, string> = {
  commission: 'Comisión Rectora',
  secretariat: 'Secretariado Técnico SEP-SNTE',
  eje: 'Coordinación de eje',
  mesa: 'Mesa de trabajo',
};

const MEETING_KIND: Record<Meeting['kind'], string> = {
  ordinary: 'ordinaria',
  extraordinary: 'extraordinaria',
  plenary: 'plenaria',
};

const MEETING_STATE: Record<string, string> = {
  convened: 'Convocada',
  held: 'Celebrada (acta en elaboración)',
  minutes_approved: 'Acta aprobada',
  cancelled: 'Cancelada',
};

const SYNTHESIS_STATE: Record<string, string> = {
  draft: 'Borrador',
  sent: 'Enviada al Secretariado Técnico',
  on_agenda: 'En el orden del día de la Comisión Rectora',
  approved: 'Aprobada',
  returned: 'Devuelta para revisión',
  rejected: 'Rechazada',
};

const RESOLUTION_STATE: Record<string, string> = {
  issued: 'Emitida',
  distributed: 'Enviada a la coordinación del eje',
  informed: 'Informada a las mesas',
};

const TASK_STATE: Record<string, string> = { open: 'Abierta', in_progress: 'En curso', done: 'Concluida' };

const DOCUMENT_KIND: Record<string, string> = {
  plan: 'Plan',
  proposal: 'Propuesta',
  mechanism: 'Mecanismo',
  strategy: 'Estrategia',
  line_of_action: 'Línea de acción',
};

const OUTCOME: Record<string, string> = {
  approved: 'Aprobada',
  approved_with_observations: 'Aprobada con observaciones',
  returned: 'Devuelta',
  rejected: 'Rechazada',
  deferred: 'Diferida',
};

const POSITION: Record<string, string> = {
  agree: 'De acuerdo',
  disagree: 'En desacuerdo',
  abstain: 'Abstención',
};

const METHOD: Record<string, string> = { consensus: 'Consenso' };

const ACTION: Record<string, string> = {
  create: 'Creación',
  send: 'Envío',
  schedule: 'Inclusión en el orden del día',
  approve: 'Aprobación',
  return: 'Devolución',
  reject: 'Rechazo',
  defer: 'Diferimiento',
  distribute: 'Envío al eje',
  inform: 'Informe a las mesas',
};

const label = (map: Record<string, string>, key: string) => map[key] ?? key;

// ---------------------------------------------------------------------------------------------
// Dates, in Mexico City time

const MX = 'America/Mexico_City';
const FMT_DATE = new Intl.DateTimeFormat('es-MX', { timeZone: MX, dateStyle: 'long' });
const FMT_DATE_TIME = new Intl.DateTimeFormat('es-MX', {
  timeZone: MX,
  dateStyle: 'long',
  timeStyle: 'short',
});
const FMT_TIME = new Intl.DateTimeFormat('es-MX', { timeZone: MX, timeStyle: 'short' });
const FMT_ISO_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: MX });

// ICU puts narrow no-break spaces in times ("11:00 a.m."); plain spaces wrap and render everywhere.
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

/** An instant ('2026-11-24T17:00:00.000Z') as a long date in Mexico City. */
export function fechaMx(iso: string): string {
  return plain(FMT_DATE.format(new Date(iso)));
}

/** An instant as date and time in Mexico City: '24 de noviembre de 2026 a las 11:00 a.m.'. */
export function fechaHoraMx(iso: string): string {
  return plain(FMT_DATE_TIME.format(new Date(iso)));
}

/** A session's span: '24 de noviembre de 2026 a las 11:00 a.m. – 1:30 p.m.' (the end's date when it differs). */
function span(startsAt: string, endsAt: string): string {
  const sameDay = FMT_ISO_DAY.format(new Date(startsAt)) === FMT_ISO_DAY.format(new Date(endsAt));
  const end = sameDay ? plain(FMT_TIME.format(new Date(endsAt))) : fechaHoraMx(endsAt);
  return `${fechaHoraMx(startsAt)} – ${end} (hora del centro de México)`;
}

const isoDayMx = (iso: string) => FMT_ISO_DAY.format(new Date(iso));

/** Text as paragraphs: blank lines separate them; an empty text says so. */
function paragraphs(text: string, empty: string): string[] {
  const parts = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return parts.length ? parts : [empty];
}

const bodyLine = (b: { code: string; name: string }) => `${b.code} · ${b.name}`;

/** Only safe characters in a download name. */
function fileName(...parts: string[]): string {
  return `${parts.join('-').replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf`;
}

// ---------------------------------------------------------------------------------------------
// Minutes (acta)

export interface Officer {
  position: 'coordinator' | 'technical_secretary';
  name: string;
  side: Side;
}

/** The body's coordinator and technical secretary seated on the session's date (who sign the minutes). */
async function officersOn(db: Executor, bodyId: number, day: string): Promise<Officer[]> {
  const rows = await db
    .select({ position: allianceSeats.position, side: allianceSeats.side, name: users.name })
    .from(allianceSeats)
    .innerJoin(users, eq(users.id, allianceSeats.userId))
    .where(
      and(
        eq(allianceSeats.bodyId, bodyId),
        inArray(allianceSeats.position, ['coordinator', 'technical_secretary']),
        lte(allianceSeats.designatedOn, day),
        or(isNull(allianceSeats.endsOn), gte(allianceSeats.endsOn, day)),
      ),
    );
  return rows
    .map((r) => ({ position: r.position as Officer['position'], side: r.side, name: r.name }))
    .sort((a, b) => a.position.localeCompare(b.position) || a.name.localeCompare(b.name, 'es'));
}

const SIGNATURE_LINE = '\n\n\n______________________________';

function attendanceLabel(present: boolean | null): string {
  return present === true ? 'Presente' : present === false ? 'Ausente' : 'Sin registro';
}

export function actaModel(m: Meeting, officers: readonly Officer[]): PdfDocumentModel {
  const bySide = (side: Side) => m.attendance.filter((a) => a.side === side);
  const attendanceSections = (['sep', 'snte'] as const).map((side) => {
    const people = bySide(side);
    const present = people.filter((a) => a.present === true).length;
    return {
      heading: `Asistencia: integrantes ${OF_SIDE[side]}`,
      paragraphs: [`${present} de ${people.length} integrantes convocados estuvieron presentes.`],
      table: {
        headers: ['Integrante', 'Parte', 'Asistencia'],
        rows: people.map((a) => [a.person.name, SIDE[a.side], attendanceLabel(a.present)]),
      },
    };
  });
  const synthesisTitles = new Map(
    m.agenda.filter((a) => a.synthesis).map((a) => [a.synthesis?.id ?? '', a.synthesis?.title ?? '']),
  );
  const coordinator = officers.find((o) => o.position === 'coordinator');
  const secretary = officers.find((o) => o.position === 'technical_secretary');
  const signer = (o: Officer | undefined) => (o ? `${o.name} (${SIDE[o.side]})` : 'Nombre:');
  return {
    title: `Acta de la sesión ${MEETING_KIND[m.kind]}`,
    subtitle: `${bodyLine(m.body)} — ${ALLIANCE}`,
    meta: [
      ['Órgano', `${label(BODY_KIND, m.body.kind)}: ${bodyLine(m.body)}`],
      ['Sesión', m.title],
      ['Tipo', `Sesión ${MEETING_KIND[m.kind]}`],
      ['Fecha', span(m.startsAt, m.endsAt)],
      ['Lugar', [m.place, m.link].filter((x) => x !== '').join(' · ') || 'No indicado'],
      ['Estado', label(MEETING_STATE, m.state)],
    ],
    sections: [
      ...attendanceSections,
      {
        heading: 'Quórum',
        paragraphs: [
          m.quorum.ok
            ? `Hubo quórum: estuvieron presentes ${m.quorum.sep} integrante(s) de la SEP y ${m.quorum.snte} del SNTE.`
            : `No hubo quórum: el quórum requiere integrantes de ambas partes presentes (SEP: ${m.quorum.sep}, SNTE: ${m.quorum.snte}).`,
          m.parity.ok
            ? `El órgano guarda la paridad: ${m.parity.sep} integrantes de la SEP y ${m.parity.snte} del SNTE.`
            : `El órgano no guarda la paridad hoy: ${m.parity.sep} integrantes de la SEP y ${m.parity.snte} del SNTE.`,
        ],
      },
      {
        heading: 'Orden del día',
        bullets: m.agenda.map(
          (a) =>
            `${a.position}. ${a.title}${a.synthesis ? ` (síntesis ejecutiva: ${a.synthesis.title})` : ''}`,
        ),
      },
      {
        heading: 'Desarrollo de la sesión',
        paragraphs: paragraphs(m.minutes, 'No se ha registrado la minuta de esta sesión.'),
      },
      {
        heading: 'Acuerdos y tareas de seguimiento',
        ...(m.tasks.length
          ? {
              table: {
                headers: ['Tarea', 'Responsable', 'Fecha límite', 'Estado'],
                rows: m.tasks.map((t) => [
                  t.title,
                  t.responsible?.name ?? 'Sin asignar',
                  fechaDia(t.dueOn),
                  label(TASK_STATE, t.state),
                ]),
              },
            }
          : { paragraphs: ['No se acordaron tareas en esta sesión.'] }),
      },
      {
        heading: 'Decisiones tomadas',
        ...(m.decisions.length
          ? {
              table: {
                headers: ['Asunto', 'Resultado', 'SEP', 'SNTE', 'Razones'],
                rows: m.decisions.map((d) => [
                  synthesisTitles.get(d.synthesisId) ?? 'Síntesis ejecutiva',
                  `${label(OUTCOME, d.outcome)} (${label(METHOD, d.method).toLowerCase()})`,
                  label(POSITION, d.sepPosition),
                  label(POSITION, d.sntePosition),
                  d.reasons,
                ]),
              },
            }
          : { paragraphs: ['No se tomaron decisiones sobre síntesis ejecutivas en esta sesión.'] }),
      },
      {
        heading: 'Firmas',
        table: {
          headers: ['Coordinación', 'Secretaría técnica'],
          rows: [
            [SIGNATURE_LINE, SIGNATURE_LINE],
            [signer(coordinator), signer(secretary)],
          ],
        },
      },
    ],
    footer: `Acta · ${m.body.code} · ${fechaMx(m.startsAt)} · Página {page} de {pages}`,
  };
}

export async function meetingPdf(
  db: Db,
  actor: Actor,
  id: string,
  options: PdfRenderOptions = {},
): Promise<PdfFile> {
  const m = await getMeeting(db, actor, id);
  const officers = await officersOn(db, m.body.id, isoDayMx(m.startsAt));
  return {
    buffer: await renderPdf(actaModel(m, officers), options),
    filename: fileName('acta', m.body.code, isoDayMx(m.startsAt)),
  };
}

// ---------------------------------------------------------------------------------------------
// Executive synthesis

function documentsTable(docs: Synthesis['documents']) {
  return {
    headers: ['Documento', 'Tipo', 'Mesa', 'Versión'],
    rows: docs.map((d) => [d.title, label(DOCUMENT_KIND, d.kind), bodyLine(d.body), String(d.versionNumber)]),
  };
}

export function synthesisModel(s: Synthesis): PdfDocumentModel {
  return {
    title: 'Síntesis ejecutiva',
    subtitle: `${s.title} — ${ALLIANCE}`,
    meta: [
      ['Eje', bodyLine(s.body)],
      ['Estado', label(SYNTHESIS_STATE, s.state)],
      ['Última actualización', fechaHoraMx(s.updatedAt)],
      [
        'Sesión de la Comisión',
        s.meeting ? `${s.meeting.title}, ${fechaHoraMx(s.meeting.startsAt)}` : 'Sin asignar',
      ],
      ['Resolución', s.resolution ? `${s.resolution.number} ${s.resolution.title}` : 'Ninguna'],
    ],
    sections: [
      { heading: 'Resumen', paragraphs: paragraphs(s.summary, 'Sin resumen.') },
      { heading: 'Recomendaciones', paragraphs: paragraphs(s.recommendations, 'Sin recomendaciones.') },
      {
        heading: 'Documentos que integra',
        paragraphs: ['Cada documento se cita en la versión validada que leyó la coordinación del eje.'],
        table: documentsTable(s.documents),
      },
      ...(s.decisions.length
        ? [
            {
              heading: 'Decisiones de la Comisión Rectora',
              table: {
                headers: ['Sesión', 'Resultado', 'SEP', 'SNTE', 'Razones'],
                rows: s.decisions.map((d) => [
                  `${d.meeting.title}, ${fechaMx(d.meeting.startsAt)}`,
                  label(OUTCOME, d.outcome),
                  label(POSITION, d.sepPosition),
                  label(POSITION, d.sntePosition),
                  d.reasons,
                ]),
              },
            },
          ]
        : []),
      {
        heading: 'Trayectoria',
        table: {
          headers: ['Fecha', 'Acción', 'Por', 'Comentario'],
          rows: s.workflow.timeline.map((e) => [
            fechaHoraMx(e.at),
            `${label(ACTION, e.action)} → ${label(SYNTHESIS_STATE, e.toState)}`,
            e.actor?.name ?? '—',
            e.comment ?? '',
          ]),
        },
      },
    ],
    footer: `Síntesis ejecutiva · ${s.body.code} · Página {page} de {pages}`,
  };
}

export async function synthesisPdf(
  db: Db,
  actor: Actor,
  id: string,
  options: PdfRenderOptions = {},
): Promise<PdfFile> {
  const s = await getSynthesis(db, actor, id);
  return {
    buffer: await renderPdf(synthesisModel(s), options),
    filename: fileName('sintesis', s.body.code, isoDayMx(s.updatedAt)),
  };
}

// ---------------------------------------------------------------------------------------------
// Resolution

export const IMMUTABLE_LEGEND =
  'Una resolución de la Comisión Rectora no se edita: cualquier cambio se emite como una nueva resolución, ' +
  'con su propio número, que sustituye a la anterior y la nombra.';

export function resolutionModel(r: Resolution): PdfDocumentModel {
  const d = r.decision;
  const present = (side: Side) => d.present.filter((p) => p.side === side);
  const superseded = r.supersededBy.length > 0;
  return {
    title: `Resolución ${r.number}`,
    subtitle: `${r.title} — Comisión Rectora, ${ALLIANCE}`,
    meta: [
      ['Número', r.number],
      ['Emitida', fechaHoraMx(r.issuedAt)],
      ['Eje', bodyLine(r.body)],
      ['Estado', label(RESOLUTION_STATE, r.state)],
      ['Publicada', r.published ? 'Sí, en el informe público' : 'No'],
      ['Sustituye a', r.supersedes?.number ?? 'Ninguna'],
      ['Sustituida por', superseded ? r.supersededBy.map((x) => x.number).join(', ') : 'Ninguna (vigente)'],
    ],
    sections: [
      ...(superseded
        ? [
            {
              heading: 'Aviso',
              paragraphs: [
                `Esta resolución fue sustituida por ${r.supersededBy.map((x) => x.number).join(', ')}; se conserva sin cambios como constancia.`,
              ],
            },
          ]
        : []),
      { heading: 'Texto de la resolución', paragraphs: paragraphs(r.text, 'Sin texto.') },
      {
        heading: 'Decisión',
        paragraphs: [
          `Resultado: ${label(OUTCOME, d.outcome)}.`,
          `Método: ${label(METHOD, d.method)}.`,
          `Posición de la SEP: ${label(POSITION, d.sepPosition)}. Posición del SNTE: ${label(POSITION, d.sntePosition)}.`,
          `Sesión: ${d.meeting.title}, ${fechaHoraMx(d.meeting.startsAt)}. Decisión registrada el ${fechaHoraMx(d.decidedAt)}.`,
          `Razones: ${d.reasons}`,
        ],
      },
      {
        heading: 'Integrantes presentes',
        paragraphs: [
          `SEP: ${present('sep').length}; SNTE: ${present('snte').length}. La decisión requiere quórum de ambas partes y el acuerdo de las dos.`,
        ],
        table: {
          headers: ['Integrante', 'Parte'],
          rows: [...present('sep'), ...present('snte')].map((p) => [p.name, SIDE[p.side]]),
        },
      },
      {
        heading: 'Observaciones a las mesas',
        ...(r.observations.length
          ? {
              table: {
                headers: ['Mesa', 'Observación', 'Seguimiento'],
                rows: r.observations.map((o) => [
                  bodyLine(o.body),
                  o.text,
                  o.task
                    ? `${label(TASK_STATE, o.task.state)}, fecha límite ${fechaDia(o.task.dueOn)}`
                    : 'Pendiente de informar a la mesa',
                ]),
              },
            }
          : { paragraphs: ['La resolución no dirige observaciones a las mesas.'] }),
      },
      {
        heading: 'Trazabilidad',
        paragraphs: [
          `Síntesis ejecutiva: ${r.synthesis.title} (${bodyLine(r.synthesis.body)}; ${label(SYNTHESIS_STATE, r.synthesis.state).toLowerCase()}).`,
          'Documentos de las mesas en que se sustenta, en la versión que integró la síntesis:',
        ],
        table: documentsTable(r.documents),
      },
      {
        heading: 'Vigencia',
        paragraphs: [
          IMMUTABLE_LEGEND,
          r.supersedes
            ? `Esta resolución sustituye a ${r.supersedes.number}.`
            : 'Esta resolución no sustituye a otra.',
          superseded
            ? `Sustituida por: ${r.supersededBy.map((x) => x.number).join(', ')}.`
            : 'A la fecha de impresión no ha sido sustituida.',
        ],
      },
    ],
    footer: `Resolución ${r.number} · Impresa el ${fechaDia(todayMx())} · Página {page} de {pages}`,
  };
}

export async function resolutionPdf(
  db: Db,
  actor: Actor,
  id: string,
  options: PdfRenderOptions = {},
): Promise<PdfFile> {
  const r = await getResolution(db, actor, id);
  return {
    buffer: await renderPdf(resolutionModel(r), { author: 'Comisión Rectora', ...options }),
    filename: fileName('resolucion', r.number),
  };
}
