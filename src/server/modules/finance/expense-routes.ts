import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors/app-error.ts';
import { actorOf, requestMeta } from '../../platform/http/guard.ts';
import { CFDI_MAX_BYTES, listExpenses, registerCfdiExpense, reviewExpense } from './expenses.ts';
import { idempotent } from './idempotency.ts';

const tags = ['pec money'];
const XML_TYPES = ['application/xml', 'text/xml'];

/**
 * Expenses of a school's approved PAT, proven with CFDI e-invoices. Registering one moves money,
 * so it needs an Idempotency-Key; the invoice is the raw request body (XML, 2 MB at most: a larger
 * upload is refused before it is read).
 */
export async function expenseRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ctx = app.ctx;
  app.addContentTypeParser(XML_TYPES, { parseAs: 'buffer', bodyLimit: CFDI_MAX_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  app.post(
    '/plans/:planId/expenses/cfdi',
    {
      config: { permission: 'pec.register' },
      bodyLimit: CFDI_MAX_BYTES,
      schema: {
        tags,
        summary: 'Register an expense proven by a CFDI 4.0 (raw XML body; Idempotency-Key required)',
        params: z.object({ planId: z.uuid() }),
        querystring: z.object({
          actionId: z.string().min(1).max(40),
          category: z.string().min(1).max(40),
          description: z.string().trim().min(1).max(2000),
        }),
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(415, 'unsupported_media_type');
      const actor = actorOf(request);
      const xml = request.body;
      const key = request.headers['idempotency-key'];
      const outcome = await idempotent(
        ctx.db,
        actor.userId,
        typeof key === 'string' ? key : undefined,
        `POST /plans/${request.params.planId}/expenses/cfdi`,
        {
          ...request.query,
          sha: createHash('sha256').update(xml).digest('hex'),
        },
        async (tx) => ({
          status: 201,
          body: await registerCfdiExpense(
            tx,
            actor,
            requestMeta(request),
            request.params.planId,
            request.query,
            xml,
          ),
        }),
      );
      if (outcome.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(outcome.status).send(outcome.body);
    },
  );

  app.get(
    '/plans/:planId/expenses',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: "A plan's expenses with their review and the spending per category",
        params: z.object({ planId: z.uuid() }),
      },
    },
    (request) => listExpenses(ctx.db, actorOf(request), request.params.planId),
  );

  app.post(
    '/expenses/:id/review/:action',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary:
          'Accept or observe (supervisor), answer (school), reject (state: the money goes back to the school)',
        params: z.object({ id: z.uuid(), action: z.enum(['accept', 'observe', 'answer', 'reject']) }),
        body: z.strictObject({ comment: z.string().trim().max(5000).optional() }),
        response: { 200: z.object({ state: z.string() }) },
      },
    },
    (request) =>
      reviewExpense(
        ctx,
        actorOf(request),
        requestMeta(request),
        request.params.id,
        request.params.action,
        request.body.comment,
      ),
  );
}
