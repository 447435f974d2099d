import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/guard.ts';
import { csvStream, type ExportColumn, xlsxStream } from '../catalog/export.ts';
import { META_COLUMNS, metaRows, PROGRESS_COLUMNS, progressRows, TASK_COLUMNS, taskRows } from './exports.ts';
import { meetingPdf, type PdfFile, resolutionPdf, synthesisPdf } from './pdf.ts';

const tags = ['alliance'];
const UuidId = z.object({ id: z.uuid() });
const ExportQuery = z.object({
  /** Only this body and the bodies under it (still limited to what the person may read). */
  bodyId: z.coerce.number().int().positive().optional(),
});
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The Alianza's files: the official documents as PDF (minutes, executive synthesis, resolution) and
 * spreadsheets of metas, progress and tasks. Like routes.ts, every route needs a signed-in person and
 * the service decides from their seats what they may read (404 for a document out of reach; an export
 * carries only the rows of readable bodies).
 */
export async function allianceFileRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;

  const sendPdf = (reply: FastifyReply, file: PdfFile) =>
    reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'private, no-store')
      .send(file.buffer);

  app.get(
    '/meetings/:id/acta.pdf',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'The minutes of a session as PDF: attendance, quorum, agenda, tasks, decisions, signatures',
        params: UuidId,
      },
    },
    async (request, reply) => sendPdf(reply, await meetingPdf(db, actorOf(request), request.params.id)),
  );

  app.get(
    '/syntheses/:id/sintesis.pdf',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'An executive synthesis as PDF: summary, recommendations, bundled documents, state',
        params: UuidId,
      },
    },
    async (request, reply) => sendPdf(reply, await synthesisPdf(db, actorOf(request), request.params.id)),
  );

  app.get(
    '/resolutions/:id/resolucion.pdf',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'A resolution as PDF: text, decision, observations, lineage and what it supersedes',
        params: UuidId,
      },
    },
    async (request, reply) => sendPdf(reply, await resolutionPdf(db, actorOf(request), request.params.id)),
  );

  const exports = [
    { path: 'metas', file: 'metas', sheet: 'Metas', what: 'Metas', columns: META_COLUMNS, rows: metaRows },
    {
      path: 'progress',
      file: 'avances',
      sheet: 'Avances',
      what: 'Progress reports on metas',
      columns: PROGRESS_COLUMNS,
      rows: progressRows,
    },
    {
      path: 'tasks',
      file: 'tareas',
      sheet: 'Tareas',
      what: 'Follow-up tasks',
      columns: TASK_COLUMNS,
      rows: taskRows,
    },
  ] as const;

  for (const e of exports) {
    const path = e.path;
    const columns = e.columns as readonly ExportColumn<unknown>[];
    app.get(
      `/exports/${path}.csv`,
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: `${e.what} I may read, as CSV (formulas neutralised)`,
          querystring: ExportQuery,
        },
      },
      async (request, reply) => {
        const rows = await e.rows(db, actorOf(request), request.query.bodyId);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="alianza-${e.file}.csv"`)
          .header('cache-control', 'private, no-store')
          .send(csvStream(columns, rows));
      },
    );
    app.get(
      `/exports/${path}.xlsx`,
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: `${e.what} I may read, as XLSX (texts stay texts, never formulas)`,
          querystring: ExportQuery,
        },
      },
      async (request, reply) => {
        const rows = await e.rows(db, actorOf(request), request.query.bodyId);
        return reply
          .type(XLSX_TYPE)
          .header('content-disposition', `attachment; filename="alianza-${e.file}.xlsx"`)
          .header('cache-control', 'private, no-store')
          .send(xlsxStream(columns, rows, { sheet: e.sheet }));
      },
    );
  }
}
