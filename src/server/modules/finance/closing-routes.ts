import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AccountabilityReport,
  AcknowledgementBody,
  CloseBody,
  ClosingQuery,
  ClosingReport,
  FederalReturnBody,
  InterestBody,
  PayReturnBody,
  ReturnInfo,
} from '../../../contract/finance.ts';
import { actorOf, requestMeta } from '../../platform/http/guard.ts';
import { acknowledge, getAccountability } from './accountability.ts';
import { accountabilityPdf } from './accountability-pdf.ts';
import { closeYear, closingReport, payReturn, recordStateMovement } from './closing.ts';
import { idempotencyKeyOf, sendOutcome } from './idempotency.ts';

const tags = ['pec money'];
const CycleParams = z.object({ id: z.coerce.number().int().positive() });
const StateParams = CycleParams.extend({ stateId: z.coerce.number().int().positive() });
const SchoolParams = CycleParams.extend({ schoolId: z.coerce.number().int().positive() });

const keyOf = idempotencyKeyOf;
const send = sendOutcome;

/**
 * Year close, returns and the closing reports (`pec.decide` on the state to close and to record
 * its movements; the school or the state records a school's return), and the school's
 * accountability report (`org.read` to read and print it; `pec.council` to record the council's
 * answer). Money-moving POSTs require the `Idempotency-Key` header.
 */
export async function closingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ctx = app.ctx;

  for (const target of ['states', 'schools'] as const)
    app.post(
      `/cycles/:id/${target}/:unitId/close`,
      {
        config: { permission: 'pec.decide' },
        schema: {
          tags,
          summary:
            target === 'states'
              ? "Close a state's year: every school's unspent balance becomes its return due (Idempotency-Key)"
              : "Close one school's year: its unspent balance becomes its return due (Idempotency-Key)",
          params: CycleParams.extend({ unitId: z.coerce.number().int().positive() }),
          body: CloseBody,
          response: {
            200: z.object({
              closed: z.number().int(),
              returnsDue: z.number().int(),
              returns: z.number().int(),
            }),
          },
        },
      },
      async (request, reply) =>
        send(
          reply,
          await closeYear(
            ctx,
            actorOf(request),
            requestMeta(request),
            request.params.id,
            { kind: target === 'states' ? 'state' : 'school', id: request.params.unitId },
            request.body.note,
            keyOf(request),
          ),
        ),
    );

  app.post(
    '/returns/:returnId/pay',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: "Record a school's return (reintegro) to the state trust fund, with its deposit reference",
        params: z.object({ returnId: z.coerce.number().int().positive() }),
        body: PayReturnBody,
        response: { 200: ReturnInfo },
      },
    },
    async (request, reply) =>
      send(
        reply,
        await payReturn(
          ctx,
          actorOf(request),
          requestMeta(request),
          request.params.returnId,
          request.body.reference,
          keyOf(request),
        ),
      ),
  );

  for (const [path, movement, body] of [
    ['federal-return', 'federal_return', FederalReturnBody],
    ['interest', 'interest', InterestBody],
  ] as const)
    app.post(
      `/cycles/:id/states/:stateId/${path}`,
      {
        config: { permission: 'pec.decide' },
        schema: {
          tags,
          summary:
            movement === 'interest'
              ? "Record interest the state's trust fund earned (Idempotency-Key)"
              : "Record what a closed state's trust fund returns to the Federation (Idempotency-Key)",
          params: StateParams,
          body,
          response: { 201: z.object({ entryId: z.number().int(), trustBalance: z.number().int() }) },
        },
      },
      async (request, reply) =>
        send(
          reply,
          await recordStateMovement(
            ctx,
            actorOf(request),
            requestMeta(request),
            request.params.id,
            request.params.stateId,
            movement,
            request.body,
            keyOf(request),
          ),
        ),
    );

  app.get(
    '/cycles/:id/closing',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary:
          'The closing report of a state, sector or zone (a row per school) or the nation (a row per state): allocated, contributed, raised, transferred, spent by category, returned',
        params: CycleParams,
        querystring: ClosingQuery,
        response: { 200: ClosingReport },
      },
    },
    (request) => closingReport(ctx.db, actorOf(request), request.params.id, request.query),
  );

  app.get(
    '/cycles/:id/schools/:schoolId/accountability',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: "The school's accountability report for its community, with the council's answer",
        params: SchoolParams,
        response: { 200: AccountabilityReport },
      },
    },
    (request) => getAccountability(ctx.db, actorOf(request), request.params.id, request.params.schoolId),
  );

  app.get(
    '/cycles/:id/schools/:schoolId/accountability.pdf',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: "The accountability report as a printable PDF, in the reader's saved language",
        params: SchoolParams,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const report = await getAccountability(ctx.db, actor, request.params.id, request.params.schoolId);
      // In the language the person printing it saved (Spanish unless they chose English).
      const file = await accountabilityPdf(report, actor.locale);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'private, no-store')
        .send(file.buffer);
    },
  );

  app.put(
    '/cycles/:id/schools/:schoolId/accountability/acknowledgement',
    {
      config: { permission: 'pec.council' },
      schema: {
        tags,
        summary: "Record the school council's answer to the report: acknowledged, or observations",
        params: SchoolParams,
        body: AcknowledgementBody,
        response: { 200: AccountabilityReport },
      },
    },
    (request) =>
      acknowledge(
        ctx,
        actorOf(request),
        requestMeta(request),
        request.params.id,
        request.params.schoolId,
        request.body,
      ),
  );
}
