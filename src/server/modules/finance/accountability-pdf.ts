import type { AccountabilityReport } from '../../../contract/finance.ts';
import type { Locale } from '../../../contract/roles.ts';
import { pesos } from '../../platform/money.ts';
import { type PdfDocumentModel, renderPdf } from '../../platform/pdf/render.ts';
import { todayMx } from '../../platform/time.ts';
import { LEGAL_LEGEND } from '../planning/pdf.ts';
import { longDay, plainSummary, sourceLabel } from './accountability.ts';

/**
 * The accountability report as a printable page, in the reader's language (Spanish, the community's,
 * unless the person printing it chose English): the plain sentences first, then the figures behind
 * them, then the council's answer or the lines to sign it. The programme's terms (reintegro, PAT,
 * Consejo Escolar de Participación Social) stay in Spanish in both.
 */

const ES = {
  title: 'Rendición de cuentas a la comunidad escolar',
  subtitle: (school: string, year: string) =>
    `${school} · Programa Escuelas de Calidad · ciclo escolar ${year}`,
  state: 'Estado',
  locality: 'Localidad',
  director: 'Director(a)',
  printedOn: 'Fecha de impresión',
  year: 'Ejercicio',
  closedOn: (date: string) => `cerrado el ${date}`,
  open: 'en curso',
  inShort: 'En pocas palabras',
  received: 'Lo que recibimos',
  receivedHeaders: ['De quién', 'Tipo', 'Monto'],
  cashTotal: 'Total en efectivo',
  spent: 'En qué lo gastamos (por acción del plan de trabajo)',
  spentHeaders: ['Acción', 'Categoría', 'Planeado', 'Gastado', 'Avance'],
  goals: 'Lo que logramos (metas del plan estratégico)',
  goalHeaders: ['Meta', 'Indicador', 'Línea base → meta', 'Avance'],
  left: 'Lo que queda',
  returned: (amount: string, ref: string) =>
    `Reintegro de ${amount} depositado al fideicomiso estatal (referencia ${ref}).`,
  returnDue: (amount: string, date: string) => `Reintegro pendiente de ${amount}, a más tardar el ${date}.`,
  balance: (amount: string) => `Saldo de la cuenta de la escuela: ${amount}.`,
  answer: 'Respuesta del Consejo Escolar de Participación Social',
  session: (date: string, n: number, acknowledged: boolean) =>
    `En la sesión del ${date}, con ${n} asistentes, el consejo ${
      acknowledged ? 'dio por recibido este informe' : 'hizo observaciones a este informe'
    }.`,
  observations: (text: string) => `Observaciones: ${text}`,
  signatures: 'Firmas',
  signatureLines: [
    'Presentado al Consejo Escolar de Participación Social en la sesión del ____ de __________ de ______.',
    'Dirección escolar: ______________________________',
    'Presidencia del Consejo Escolar de Participación Social: ______________________________',
  ],
  status: { pending: 'Pendiente', in_progress: 'En proceso', done: 'Concluida', cancelled: 'Cancelada' },
  kind: { cash: 'Efectivo', in_kind: 'En especie', labour: 'Trabajo' },
  footer: `${LEGAL_LEGEND} · Página {page} de {pages}`,
  file: 'rendicion-de-cuentas',
};

const EN: typeof ES = {
  title: 'Accountability report to the school community (rendición de cuentas)',
  subtitle: (school, year) => `${school} · Programa Escuelas de Calidad · school year ${year}`,
  state: 'State',
  locality: 'Locality',
  director: 'Principal',
  printedOn: 'Printed on',
  year: 'Year',
  closedOn: (date) => `closed on ${date}`,
  open: 'open',
  inShort: 'In a few words',
  received: 'What we received',
  receivedHeaders: ['From whom', 'Kind', 'Amount'],
  cashTotal: 'Total in cash',
  spent: 'What we spent it on (by action of the work plan, PAT)',
  spentHeaders: ['Action', 'Category', 'Planned', 'Spent', 'Progress'],
  goals: 'What we achieved (goals of the strategic plan)',
  goalHeaders: ['Goal', 'Indicator', 'Baseline → target', 'Progress'],
  left: 'What is left',
  returned: (amount, ref) => `Reintegro of ${amount} deposited in the state trust fund (reference ${ref}).`,
  returnDue: (amount, date) => `Reintegro of ${amount} pending, due by ${date}.`,
  balance: (amount) => `Balance of the school's account: ${amount}.`,
  answer: 'Answer of the Consejo Escolar de Participación Social',
  session: (date, n, acknowledged) =>
    `At the session of ${date}, with ${n} attendees, the council ${
      acknowledged ? 'acknowledged this report' : 'made observations on this report'
    }.`,
  observations: (text) => `Observations: ${text}`,
  signatures: 'Signatures',
  signatureLines: [
    'Presented to the Consejo Escolar de Participación Social at the session of __________ ____, ______.',
    'School principal: ______________________________',
    'Chair of the Consejo Escolar de Participación Social: ______________________________',
  ],
  status: { pending: 'Pending', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' },
  kind: { cash: 'Cash', in_kind: 'In kind', labour: 'Labour' },
  // The legend the web app shows in English for the same legal text.
  footer:
    'This programme is public and unrelated to any political party. Its use for purposes other than those of the programme is prohibited. · Page {page} of {pages}',
  file: 'accountability-report',
};

/** The report as the generic document model (what a reader finds in the PDF). */
export function accountabilityModel(r: AccountabilityReport, locale: Locale = 'es'): PdfDocumentModel {
  const t = locale === 'en' ? EN : ES;
  const day = (d: string) => longDay(d, locale);
  const status = (s: string) => t.status[s as keyof typeof t.status] ?? s;
  const ack = r.acknowledgement;
  return {
    title: t.title,
    subtitle: t.subtitle(`${r.school.name} (${r.school.code})`, r.schoolYear),
    meta: [
      [t.state, r.state.name],
      ...(r.locality ? ([[t.locality, r.locality]] as [string, string][]) : []),
      ...(r.director ? ([[t.director, r.director]] as [string, string][]) : []),
      [t.printedOn, day(todayMx())],
      [t.year, r.closedAt ? t.closedOn(day(r.closedAt.slice(0, 10))) : t.open],
    ],
    sections: [
      // Said again from the figures, so the sentences are in the same language as the rest.
      { heading: t.inShort, paragraphs: plainSummary(r, locale) },
      {
        heading: t.received,
        table: {
          headers: t.receivedHeaders,
          rows: [
            ...r.income.map((i) => [sourceLabel(i, locale), t.kind[i.kind] ?? i.kind, pesos(i.amount)]),
            [t.cashTotal, '', pesos(r.received)],
          ],
        },
      },
      {
        heading: t.spent,
        table: {
          headers: t.spentHeaders,
          rows: r.actions.map((a) => [
            a.text,
            a.categoryName ?? '—',
            pesos(a.planned),
            pesos(a.spent),
            `${status(a.status)} (${a.percent} %)`,
          ]),
        },
      },
      {
        heading: t.goals,
        table: {
          headers: t.goalHeaders,
          rows: r.goals.map((g) => [
            g.text,
            g.indicator || '—',
            `${g.baseline ?? '—'} → ${g.target ?? '—'}`,
            `${g.percent} %`,
          ]),
        },
      },
      {
        heading: t.left,
        paragraphs: [
          r.return
            ? r.return.returnedAt
              ? t.returned(pesos(r.return.amount), r.return.reference ?? '—')
              : t.returnDue(pesos(r.return.amount), day(r.return.dueOn))
            : t.balance(pesos(r.balance)),
        ],
      },
      ack
        ? {
            heading: t.answer,
            paragraphs: [
              t.session(day(ack.heldOn), ack.attendees, ack.acknowledged),
              ...(ack.observations ? [t.observations(ack.observations)] : []),
            ],
          }
        : { heading: t.signatures, paragraphs: t.signatureLines },
    ],
    footer: t.footer,
  };
}

export async function accountabilityPdf(
  r: AccountabilityReport,
  locale: Locale = 'es',
): Promise<{ buffer: Buffer; filename: string }> {
  const buffer = await renderPdf(accountabilityModel(r, locale), {
    language: locale === 'en' ? 'en' : 'es-MX',
  });
  const file = (locale === 'en' ? EN : ES).file;
  return { buffer, filename: `${file}-${r.school.code}-${r.schoolYear}.pdf` };
}
