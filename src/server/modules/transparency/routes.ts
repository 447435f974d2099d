import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors/app-error.ts';
import { cycleOrLatest, nationView, schoolView, stateView } from './data.ts';
import { dataPage, nationPage, schoolPage, statePage } from './html.ts';
import { LANGS, type Lang, type Reader, readerOf } from './lang.ts';
import { esc, notFoundPage } from './layout.ts';
import {
  CATEGORIES,
  categoryRecords,
  type Dataset,
  dictionary,
  SCHOOLS,
  STATES,
  schoolRecords,
  stateRecords,
  toCsv,
  toJson,
} from './open-data.ts';

const tags = ['public transparency'];
/** A bad or missing cycle in a shared link shows the latest one rather than an error page. */
const CycleQuery = z.object({ ciclo: z.coerce.number().int().positive().optional().catch(undefined) });
/** A page's query: its cycle and, when the reader chose one, its language (an unknown one is negotiated). */
const PageQuery = CycleQuery.extend({ lang: z.enum(LANGS).optional().catch(undefined) });
const TTL_MS = 60_000;
const MAX_ENTRIES = 500;

/**
 * The public transparency site of Escuelas de Calidad (no login): per nation, state and school, and
 * the open data with its dictionary. Pages are server-rendered HTML of a few kilobytes in Spanish or
 * English (lang.ts); every answer is cacheable (`public, max-age=300`, an ETag, 304 on revalidation)
 * and kept for a minute in the process, so a crowd opening the same page costs one computation.
 */
export async function transparencyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;
  const cache = new Map<string, { at: number; body: string; etag: string }>();

  /**
   * `lang` is given for a page: the same URL then answers in two languages, so the process cache,
   * the ETag (prefixed by the language, so a 304 is never given across languages) and shared caches
   * (through `Vary`) all tell them apart.
   */
  async function cached(
    request: FastifyRequest,
    reply: FastifyReply,
    type: string,
    build: () => Promise<string>,
    { headers = {}, lang }: { headers?: Record<string, string>; lang?: Lang } = {},
  ) {
    const key = `${type} ${lang ?? ''} ${request.url}`;
    let hit = cache.get(key);
    if (!hit || Date.now() - hit.at > TTL_MS) {
      const body = await build();
      const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
      const etag = `"${lang ? `${lang}-` : ''}${hash}"`;
      if (cache.size >= MAX_ENTRIES) cache.clear();
      hit = { at: Date.now(), body, etag };
      cache.set(key, hit);
    }
    reply.header('cache-control', 'public, max-age=300').header('etag', hit.etag);
    if (lang)
      reply.header('vary', 'Accept-Language').header('content-language', lang === 'es' ? 'es-MX' : 'en');
    for (const [k, v] of Object.entries(headers)) reply.header(k, v);
    if (request.headers['if-none-match'] === hit.etag) return reply.status(304).send();
    return reply.type(type).send(hit.body);
  }

  const html = 'text/html; charset=utf-8';
  /** A public page in its reader's language, or the not-found page (in that language too) for a key that is not public. */
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    missing: keyof Reader['t']['missing'],
    build: (r: Reader) => Promise<string>,
  ) => {
    const r = readerOf(request);
    try {
      return await cached(request, reply, html, () => build(r), { lang: r.lang });
    } catch (err) {
      if (!(err instanceof AppError && err.status === 404)) throw err;
      return reply
        .status(404)
        .header('vary', 'Accept-Language')
        .type(html)
        .send(notFoundPage(r, missing, esc(request.url.split('?')[0])));
    }
  };

  app.get(
    '/transparencia/pec/recursos',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'Public page: the nation', querystring: PageQuery },
    },
    (request, reply) =>
      page(request, reply, 'cycle', async (r) => nationPage(r, await nationView(db, request.query.ciclo))),
  );

  app.get(
    '/transparencia/pec/recursos/:state',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Public page: a state and its participating schools',
        params: z.object({ state: z.string().regex(/^\d{2}$/) }),
        querystring: PageQuery.extend({
          pagina: z.coerce.number().int().positive().max(10_000).optional().catch(undefined),
        }),
      },
    },
    (request, reply) =>
      page(request, reply, 'state', async (r) =>
        statePage(r, await stateView(db, request.query.ciclo, request.params.state), request.query.pagina),
      ),
  );

  app.get(
    '/transparencia/pec/escuelas/:cct',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: "Public page: a participating school's funds, spending, PAT goals and progress",
        params: z.object({ cct: z.string().regex(/^[0-9A-Za-z]{10}$/) }),
        querystring: PageQuery,
      },
    },
    (request, reply) =>
      page(request, reply, 'school', async (r) =>
        schoolPage(r, await schoolView(db, request.query.ciclo, request.params.cct)),
      ),
  );

  app.get(
    '/transparencia/pec/datos',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'Public page: open data and its dictionary', querystring: PageQuery },
    },
    (request, reply) =>
      page(request, reply, 'cycle', async (r) => {
        const { cycle, all } = await cycleOrLatest(db, request.query.ciclo);
        return dataPage(r, cycle, all);
      }),
  );

  app.get(
    '/api/pec/public/datos/diccionario',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'The open data dictionary: every dataset and column' },
    },
    (request, reply) =>
      cached(request, reply, 'application/json; charset=utf-8', async () => JSON.stringify(dictionary())),
  );

  app.get(
    '/api/pec/public/datos/:cycleId/:file',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Open data of a cycle: estados, escuelas or gasto-categorias, as .csv or .json',
        params: z.object({
          cycleId: z.coerce.number().int().positive(),
          file: z.enum([
            'estados.csv',
            'estados.json',
            'escuelas.csv',
            'escuelas.json',
            'gasto-categorias.csv',
            'gasto-categorias.json',
          ]),
        }),
        querystring: z.object({
          estado: z
            .string()
            .regex(/^\d{2}$/)
            .optional(),
        }),
      },
    },
    (request, reply) => {
      const { cycleId, file } = request.params;
      const [name, ext] = file.split('.') as [string, 'csv' | 'json'];
      const type = ext === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
      const download = `pec-${name}-${cycleId}${request.query.estado ? `-${request.query.estado}` : ''}.${ext}`;
      return cached(
        request,
        reply,
        type,
        async () => {
          const nation = await nationView(db, cycleId);
          if (nation.cycle.id !== cycleId) throw new AppError(404, 'not_found');
          const states = request.query.estado
            ? nation.states.filter((s) => s.code === request.query.estado)
            : nation.states;
          const render = <Row>(set: Dataset<Row>, rows: Row[]) =>
            ext === 'csv' ? toCsv(set, rows) : toJson(set, rows, nation.cycle.schoolYear);
          if (name === 'estados') return render(STATES, stateRecords({ ...nation, states }));
          if (name === 'gasto-categorias') return render(CATEGORIES, categoryRecords({ ...nation, states }));
          const views = await Promise.all(
            states.filter((s) => s.schools > 0).map((s) => stateView(db, cycleId, s.code)),
          );
          return render(SCHOOLS, schoolRecords(views));
        },
        {
          headers: {
            'content-disposition': `attachment; filename="${download}"`,
            'access-control-allow-origin': '*',
          },
        },
      );
    },
  );
}
