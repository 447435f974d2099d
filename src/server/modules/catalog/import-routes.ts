import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ImportDetail,
  ImportDetailQuery,
  ImportList,
  ImportListQuery,
  SchoolHistory,
  UploadQuery,
} from '../../../contract/catalog.ts';
import { actorOf, requestMeta } from '../../platform/http/guard.ts';
import { schoolHistory } from './history.ts';
import { recoverInterruptedImports } from './import.ts';
import {
  confirmImport,
  getImport,
  importReportCsv,
  listImports,
  registerImportJobs,
  startImport,
} from './imports-service.ts';

const tags = ['catalog'];
const IdParams = z.object({ id: z.uuid() });

/** Raw file bodies, only on this plugin's routes (every other route parses JSON alone). */
const FILE_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/octet-stream',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

export async function importRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  registerImportJobs(ctx);
  await recoverInterruptedImports(ctx.db);
  // The body is streamed into storage by the handler; the size limit is enforced there.
  app.addContentTypeParser(FILE_TYPES, (_request, payload, done) => done(null, payload));

  app.post(
    '/imports',
    {
      config: { permission: 'catalog.import' },
      schema: {
        tags,
        summary: 'Upload a catalog file (CSV or XLSX, raw body); its check runs as a background job',
        querystring: UploadQuery,
        response: { 201: ImportDetail },
      },
    },
    async (request, reply) => {
      const body = request.body as Readable | undefined;
      const stream = body instanceof Readable ? body : Readable.from([]);
      const r = await startImport(ctx, actorOf(request), requestMeta(request), {
        fileName: request.query.fileName,
        body: stream,
      });
      return reply.status(201).send(r);
    },
  );

  app.get(
    '/imports',
    {
      config: { permission: 'catalog.import' },
      schema: {
        tags,
        summary: 'Catalog imports in my scope',
        querystring: ImportListQuery,
        response: { 200: ImportList },
      },
    },
    (request) => listImports(ctx, actorOf(request), request.query),
  );

  app.get(
    '/imports/:id',
    {
      config: { permission: 'catalog.import' },
      schema: {
        tags,
        summary: 'One import: status, progress, counts and a page of rejected rows',
        params: IdParams,
        querystring: ImportDetailQuery,
        response: { 200: ImportDetail },
      },
    },
    (request) => getImport(ctx, actorOf(request), request.params.id, request.query),
  );

  app.post(
    '/imports/:id/apply',
    {
      config: { permission: 'catalog.import' },
      schema: {
        tags,
        summary: 'Confirm a checked import: it is applied, all or nothing, as a background job',
        params: IdParams,
        response: { 202: ImportDetail },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await confirmImport(ctx, actorOf(request), requestMeta(request), request.params.id)),
  );

  app.get(
    '/imports/:id/report.csv',
    {
      config: { permission: 'catalog.import' },
      schema: { tags, summary: 'The import report as CSV: counts and every rejected row', params: IdParams },
    },
    async (request, reply) => {
      const lines = importReportCsv(ctx, actorOf(request), request.params.id);
      // The first line is read here so a refused request answers with a problem, not a broken download.
      const first = await lines.next();
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="importacion-${request.params.id}.csv"`)
        .send(
          Readable.from(
            (async function* () {
              if (!first.done) yield first.value;
              yield* lines;
            })(),
          ),
        );
    },
  );

  app.get(
    '/schools/:unitId/history',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: "A school's catalog history: each import that added, changed or deactivated it",
        params: z.object({ unitId: z.coerce.number().int().positive() }),
        querystring: ImportListQuery,
        response: { 200: SchoolHistory },
      },
    },
    (request) => schoolHistory(ctx.db, actorOf(request), request.params.unitId, request.query),
  );
}
