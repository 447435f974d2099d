import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/guard.ts';
import { csvStream, xlsxStream } from '../catalog/export.ts';
import { patColumns, patExport } from './exports.ts';
import { type PdfFile, type PlanPdfKind, planPdf } from './pdf.ts';

const tags = ['pec planning'];
const PlanParams = z.object({ id: z.uuid() });
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A school plan's files: the diagnosis, PETE and PAT as PDFs ready to sign, and the PAT's actions
 * as CSV and XLSX. Like routes.ts, reading needs `org.read`, and the service checks it over the
 * school (404 out of reach).
 */
export async function planningFileRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;

  const sendPdf = (reply: FastifyReply, file: PdfFile) =>
    reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'private, no-store')
      .send(file.buffer);

  const pdfs: { kind: PlanPdfKind; summary: string }[] = [
    {
      kind: 'diagnostico',
      summary:
        'The self-evaluation as PDF: every standard by dimension, averages, strengths, priorities, signatures',
    },
    {
      kind: 'pete',
      summary: 'The PETE as PDF: context, mission, vision, values, priorities, objectives, strategies, goals',
    },
    {
      kind: 'pat',
      summary: 'The PAT as PDF: actions, totals by category and source, the spending check and grant cap',
    },
  ];
  for (const { kind, summary } of pdfs) {
    app.get(
      `/plans/:id/${kind}.pdf`,
      { config: { permission: 'org.read' }, schema: { tags, summary, params: PlanParams } },
      async (request, reply) => sendPdf(reply, await planPdf(db, actorOf(request), request.params.id, kind)),
    );
  }

  app.get(
    '/plans/:id/pat.csv',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: "The PAT's actions with their latest progress, as CSV (formulas neutralised)",
        params: PlanParams,
      },
    },
    async (request, reply) => {
      const { rows, filename } = await patExport(db, actorOf(request), request.params.id, 'csv');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'private, no-store')
        .send(csvStream(patColumns('csv'), rows));
    },
  );
  app.get(
    '/plans/:id/pat.xlsx',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: "The PAT's actions with their latest progress, as XLSX (texts stay texts, never formulas)",
        params: PlanParams,
      },
    },
    async (request, reply) => {
      const { rows, filename } = await patExport(db, actorOf(request), request.params.id, 'xlsx');
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'private, no-store')
        .send(xlsxStream(patColumns('xlsx'), rows, { sheet: 'PAT' }));
    },
  );
}
