import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { MailAttachment } from '../../platform/mail/schema.ts';

/** What people are told by e-mail, in Spanish first and English below (recipients' language is not known per body). */
const NOTICES = {
  document_submitted: ['Documento para validar', 'Document to validate'],
  document_returned: ['Documento devuelto con observaciones', 'Document returned with observations'],
  document_validated: ['Documento validado', 'Document validated'],
  synthesis_sent: [
    'Síntesis ejecutiva recibida para la Comisión Rectora',
    'Executive synthesis received for the commission',
  ],
  synthesis_scheduled: ['Asunto en el orden del día de la Comisión Rectora', 'Item on the commission agenda'],
  synthesis_decided: ['Decisión de la Comisión Rectora', 'Commission decision'],
  resolution_distributed: [
    'Resolución de la Comisión Rectora para su eje',
    'Commission resolution for your eje',
  ],
  resolution_informed: [
    'Resolución de la Comisión Rectora para su mesa',
    'Commission resolution for your mesa',
  ],
  task_assigned: ['Nueva tarea de seguimiento', 'New follow-up task'],
  task_due: ['Tarea próxima a vencer', 'Task due soon'],
  deliverable_set: ['Nueva fecha de entrega para la mesa', 'New deliverable deadline for the mesa'],
  deliverable_due: ['Entrega de la mesa próxima a vencer', 'Mesa deliverable due soon'],
  meeting_convened: ['Convocatoria a sesión', 'Meeting invitation'],
  meeting_cancelled: ['Sesión cancelada', 'Meeting cancelled'],
  acuerdo_progress: [
    'Avance reportado en un acuerdo que usted sigue',
    'Progress reported on an acuerdo you follow',
  ],
  acuerdo_status: ['Cambio en un acuerdo que usted sigue', 'Change in an acuerdo you follow'],
} as const;
export type NoticeKind = keyof typeof NOTICES;

export interface Notice {
  kind: NoticeKind;
  /** What it is about: a document title, a resolution number… */
  subject: string;
  /** Path inside the app, e.g. '/alianza/documentos/…'. */
  link: string;
  detail?: string;
  attachments?: MailAttachment[];
}

/** Queues one message per recipient in the caller's transaction (nothing is sent if it rolls back). */
export async function notify(
  tx: Tx,
  ctx: AppContext,
  recipients: readonly string[],
  n: Notice,
): Promise<void> {
  const [es, en] = NOTICES[n.kind];
  const url = `${ctx.cfg.publicUrl}${n.link}`;
  const detail = n.detail ? `\n\n${n.detail}` : '';
  const text =
    `${es}: ${n.subject}${detail}\n\nConsúltelo en Calidad: ${url}\n\n---\n` +
    `${en}: ${n.subject}\n\nOpen it in Calidad: ${url}\n`;
  for (const to of new Set(recipients)) {
    await ctx.mailer.enqueue(tx, {
      to,
      subject: `Alianza: ${es} / ${en}`,
      text,
      ...(n.attachments ? { attachments: n.attachments } : {}),
    });
  }
}
