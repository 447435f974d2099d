import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SchoolList, SchoolSearchQuery } from '../../../contract/catalog.ts';
import { actorOf } from '../../platform/http/guard.ts';
import { csvLine } from './csv.ts';
import { searchSchools } from './search.ts';

const tags = ['catalog'];
const EXPORT_LIMIT = 200;
const EXPORT_MAX_ROWS = 100_000;

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
        summary: 'The same search as CSV (formulas neutralised)',
        querystring: SchoolSearchQuery,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const header = [
        'cct',
        'nombre',
        'entidad',
        'municipio',
        'localidad',
        'nivel',
        'servicio',
        'sostenimiento',
        'zona',
        'ambito',
        'marginacion',
        'matricula',
        'activa',
      ];
      const lines = [csvLine(header)];
      for (let offset = 0; offset < EXPORT_MAX_ROWS; offset += EXPORT_LIMIT) {
        const page = await searchSchools(db, actor, { ...request.query, limit: EXPORT_LIMIT, offset });
        for (const s of page.items) {
          lines.push(
            csvLine([
              s.cct,
              s.name,
              s.state?.name ?? '',
              s.municipality ?? '',
              s.locality ?? '',
              s.level ?? '',
              s.service ?? '',
              s.funding ?? '',
              s.zone?.code ?? '',
              s.setting ?? '',
              s.marginalization ?? '',
              s.enrolment === null ? '' : String(s.enrolment),
              s.active ? 'si' : 'no',
            ]),
          );
        }
        if (page.items.length < EXPORT_LIMIT) break;
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="escuelas.csv"')
        .send(`\uFEFF${lines.join('')}`);
    },
  );
}
