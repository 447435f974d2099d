import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DOCUMENT_MAX_BYTES } from '../../../contract/enrollment.ts';
import { ExpenseList } from '../../../contract/finance.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { actorOf, requestMeta } from '../../platform/http/guard.ts';
import {
  attachPdf,
  CFDI_MAX_BYTES,
  listExpenses,
  openExpenseFile,
  registerCfdiExpense,
  registerReceiptExpense,
  reviewExpense,
} from './expenses.ts';
import { idempotencyKeyOf, idempotent, sendOutcome } from './idempotency.ts';

const tags = ['pec money'];
const XML_TYPES = ['application/xml', 'text/xml'];
const SCAN_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'];
const ExpenseQuery = z.object({
  actionId: z.string().min(1).max(40),
  category: z.string().min(1).max(40),
  description: z.string().trim().min(1).max(2000),
});

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
  app.addContentTypeParser(
    SCAN_TYPES,
    { parseAs: 'buffer', bodyLimit: DOCUMENT_MAX_BYTES },
    (_req, body, done) => done(null, body),
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
        querystring: ExpenseQuery,
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(415, 'unsupported_media_type');
      const actor = actorOf(request);
      const xml = request.body;
      const outcome = await idempotent(
        ctx.db,
        actor.userId,
        idempotencyKeyOf(request),
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
      return sendOutcome(reply, outcome);
    },
  );

  app.post(
    '/plans/:planId/expenses/receipt',
    {
      config: { permission: 'pec.register' },
      bodyLimit: DOCUMENT_MAX_BYTES,
      schema: {
        tags,
        summary:
          'Register an expense proven by a simple receipt where the rules allow it (raw scan body: PDF, JPEG or PNG; Idempotency-Key required)',
        params: z.object({ planId: z.uuid() }),
        querystring: ExpenseQuery.extend({
          amount: z.coerce.number().int().positive().max(1e13),
          spentOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
          issuer: z.string().trim().min(1).max(300),
          reason: z.string().trim().min(10).max(2000),
          fileName: z.string().max(200).optional(),
        }),
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(415, 'unsupported_media_type');
      const actor = actorOf(request);
      const scan = request.body;
      const { fileName, ...input } = request.query;
      const outcome = await idempotent(
        ctx.db,
        actor.userId,
        idempotencyKeyOf(request),
        `POST /plans/${request.params.planId}/expenses/receipt`,
        { ...input, sha: createHash('sha256').update(scan).digest('hex') },
        async (tx) => ({
          status: 201,
          body: await registerReceiptExpense(tx, actor, requestMeta(request), request.params.planId, input, {
            bytes: scan,
            fileName,
          }),
        }),
      );
      return sendOutcome(reply, outcome);
    },
  );

  app.put(
    '/expenses/:id/pdf',
    {
      config: { permission: 'pec.register' },
      bodyLimit: DOCUMENT_MAX_BYTES,
      schema: {
        tags,
        summary: "Attach the CFDI's printed PDF to its expense (raw body), once, while it is under review",
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ fileName: z.string().max(200).optional() }),
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(415, 'unsupported_media_type');
      return attachPdf(ctx, actorOf(request), requestMeta(request), request.params.id, {
        bytes: request.body,
        fileName: request.query.fileName,
      });
    },
  );

  app.get(
    '/expenses/:id/files/:fileId',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: "Download an expense's proof (the CFDI XML, its PDF or the receipt's scan)",
        params: z.object({ id: z.uuid(), fileId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const f = await openExpenseFile(ctx.db, actorOf(request), request.params.id, request.params.fileId);
      return reply
        .header('content-type', f.contentType)
        .header('content-length', f.size)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(f.stream);
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
        response: { 200: ExpenseList },
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
