import type { AccountabilityReport } from '../../../contract/finance.ts';
import { pesos } from '../../platform/money.ts';
import { renderPdf } from '../../platform/pdf/render.ts';
import { fechaDia, todayMx } from '../../platform/time.ts';
import { LEGAL_LEGEND } from '../planning/pdf.ts';

/**
 * The accountability report as a printable page (Spanish, the community's language): the plain
 * sentences first, then the figures behind them, then the council's answer or the lines to sign it.
 */
export async function accountabilityPdf(
  r: AccountabilityReport,
): Promise<{ buffer: Buffer; filename: string }> {
  const STATUS: Record<string, string> = {
    pending: 'Pendiente',
    in_progress: 'En proceso',
    done: 'Concluida',
    cancelled: 'Cancelada',
  };
  const KIND: Record<string, string> = { cash: 'Efectivo', in_kind: 'En especie', labour: 'Trabajo' };
  const ack = r.acknowledgement;
  const buffer = await renderPdf({
    title: 'Rendición de cuentas a la comunidad escolar',
    subtitle: `${r.school.name} (${r.school.code}) · Programa Escuelas de Calidad · ciclo escolar ${r.schoolYear}`,
    meta: [
      ['Estado', r.state.name],
      ...(r.locality ? ([['Localidad', r.locality]] as [string, string][]) : []),
      ...(r.director ? ([['Director(a)', r.director]] as [string, string][]) : []),
      ['Fecha de impresión', fechaDia(todayMx())],
      ['Ejercicio', r.closedAt ? `cerrado el ${fechaDia(r.closedAt.slice(0, 10))}` : 'en curso'],
    ],
    sections: [
      { heading: 'En pocas palabras', paragraphs: r.summary },
      {
        heading: 'Lo que recibimos',
        table: {
          headers: ['De quién', 'Tipo', 'Monto'],
          rows: [
            ...r.income.map((i) => [i.label, KIND[i.kind] ?? i.kind, pesos(i.amount)]),
            ['Total en efectivo', '', pesos(r.received)],
          ],
        },
      },
      {
        heading: 'En qué lo gastamos (por acción del plan de trabajo)',
        table: {
          headers: ['Acción', 'Categoría', 'Planeado', 'Gastado', 'Avance'],
          rows: r.actions.map((a) => [
            a.text,
            a.categoryName ?? '—',
            pesos(a.planned),
            pesos(a.spent),
            `${STATUS[a.status] ?? a.status} (${a.percent} %)`,
          ]),
        },
      },
      {
        heading: 'Lo que logramos (metas del plan estratégico)',
        table: {
          headers: ['Meta', 'Indicador', 'Línea base → meta', 'Avance'],
          rows: r.goals.map((g) => [
            g.text,
            g.indicator || '—',
            `${g.baseline ?? '—'} → ${g.target ?? '—'}`,
            `${g.percent} %`,
          ]),
        },
      },
      {
        heading: 'Lo que queda',
        paragraphs: [
          r.return
            ? r.return.returnedAt
              ? `Reintegro de ${pesos(r.return.amount)} depositado al fideicomiso estatal (referencia ${r.return.reference ?? '—'}).`
              : `Reintegro pendiente de ${pesos(r.return.amount)}, a más tardar el ${fechaDia(r.return.dueOn)}.`
            : `Saldo de la cuenta de la escuela: ${pesos(r.balance)}.`,
        ],
      },
      ack
        ? {
            heading: 'Respuesta del Consejo Escolar de Participación Social',
            paragraphs: [
              `En la sesión del ${fechaDia(ack.heldOn)}, con ${ack.attendees} asistentes, el consejo ${
                ack.acknowledged ? 'dio por recibido este informe' : 'hizo observaciones a este informe'
              }.`,
              ...(ack.observations ? [`Observaciones: ${ack.observations}`] : []),
            ],
          }
        : {
            heading: 'Firmas',
            paragraphs: [
              'Presentado al Consejo Escolar de Participación Social en la sesión del ____ de __________ de ______.',
              'Dirección escolar: ______________________________',
              'Presidencia del Consejo Escolar de Participación Social: ______________________________',
            ],
          },
    ],
    footer: `${LEGAL_LEGEND} · Página {page} de {pages}`,
  });
  return { buffer, filename: `rendicion-de-cuentas-${r.school.code}-${r.schoolYear}.pdf` };
}
