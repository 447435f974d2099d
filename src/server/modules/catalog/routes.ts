import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SchoolList, SchoolSearchQuery } from '../../../contract/catalog.ts';
import { actorOf } from '../../platform/http/guard.ts';
import {
  CATALOG_TEMPLATE_COLUMNS,
  CATALOG_TEMPLATE_EXAMPLE,
  csvStream,
  SCHOOL_EXPORT_COLUMNS,
  xlsxStream,
} from './export.ts';
import { schoolsInOrder, searchSchools } from './search.ts';

const tags = ['catalog'];
/** Exports read the search a thousand rows at a time (constant memory), up to a million: the whole national catalog (about 260,000 schools) and within a spreadsheet's 1,048,576 rows. */
const EXPORT = { pageSize: 1000, max: 1_000_000 };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function catalogRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;

  app.get(
    '/schools',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'Find schools in my scope',
        querystring: SchoolSearchQuery,
        response: { 200: SchoolList },
      },
    },
    (request) => searchSchools(db, actorOf(request), request.query),
  );

  app.get(
    '/schools.csv',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'The same search as CSV (formulas neutralised; at most 1,000,000 rows)',
        querystring: SchoolSearchQuery,
      },
    },
    async (request, reply) => {
      const rows = await schoolsInOrder(db, actorOf(request), request.query, EXPORT);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="escuelas.csv"')
        .send(csvStream(SCHOOL_EXPORT_COLUMNS, rows));
    },
  );

  app.get(
    '/schools.xlsx',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'The same search as XLSX (texts stay texts; at most 1,000,000 rows)',
        querystring: SchoolSearchQuery,
      },
    },
    async (request, reply) => {
      const rows = await schoolsInOrder(db, actorOf(request), request.query, EXPORT);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="escuelas.xlsx"')
        .send(xlsxStream(SCHOOL_EXPORT_COLUMNS, rows, { sheet: 'Escuelas' }));
    },
  );

  app.get(
    '/template.csv',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'A catalog file to fill in: the canonical columns and one example row (CSV)' },
    },
    (_request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="plantilla-catalogo.csv"')
        .send(csvStream(CATALOG_TEMPLATE_COLUMNS, [CATALOG_TEMPLATE_EXAMPLE])),
  );

  app.get(
    '/template.xlsx',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'A catalog file to fill in: the canonical columns and one example row (XLSX)',
      },
    },
    (_request, reply) =>
      reply
        .type(XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="plantilla-catalogo.xlsx"')
        .send(
          xlsxStream(CATALOG_TEMPLATE_COLUMNS, [CATALOG_TEMPLATE_EXAMPLE], {
            sheet: 'Escuelas',
            textColumns: true,
          }),
        ),
  );
}
