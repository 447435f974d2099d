import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DOCUMENT_MAX_BYTES, UploadDocumentQuery } from '../../../contract/enrollment.ts';
import {
  AllocationView,
  ContributionInfo,
  ContributionListQuery,
  RecordContributionBody,
  ReviewContributionBody,
  SchoolMoneyView,
  StateContributionBody,
  StateFundsView,
  TransferBody,
  TransferResult,
} from '../../../contract/finance.ts';
import { actorOf, requestMeta } from '../../platform/http/guard.ts';
import { idempotencyKeyOf, sendOutcome } from './idempotency.ts';
import {
  allocateCycle,
  getAllocation,
  getSchoolMoney,
  getStateFunds,
  listContributions,
  openEvidence,
  recordContribution,
  recordStateContribution,
  releaseTransfers,
  reviewContribution,
  uploadEvidence,
} from './service.ts';

const tags = ['pec money'];
const CycleParams = z.object({ id: z.coerce.number().int().positive() });
const StateParams = CycleParams.extend({ stateId: z.coerce.number().int().positive() });
const SchoolParams = CycleParams.extend({ schoolId: z.coerce.number().int().positive() });
const ContributionParams = z.object({ contributionId: z.uuid() });
const KeyHeaders = z.object({
  /** Required on every money-moving request: a retry with the same key returns the first answer. */
  'idempotency-key': z.string().optional(),
});

const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'];

const keyOf = idempotencyKeyOf;
const send = sendOutcome;

/**
 * Escuelas de Calidad money in: the federal allocation (`rules.manage`, on the nation), the state's
 * contribution, validation of school contributions and transfers (`pec.decide`, on the state), the
 * school's contributions (`pec.register`, on the school), reading with `org.read` in scope (checked
 * per resource in the service). Money-moving POSTs require the `Idempotency-Key` header.
 */
export async function financeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ctx = app.ctx;
  const { db } = ctx;
  app.addContentTypeParser(FILE_TYPES, { bodyLimit: DOCUMENT_MAX_BYTES + 1024 }, (_request, payload, done) =>
    done(null, payload),
  );

  app.get(
    '/cycles/:id/allocation',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary:
          "The federal allocation per state: basis, share, amount, required state contribution, what it put in and what is due (before allocating: the formula's result today)",
        params: CycleParams,
        response: { 200: AllocationView },
      },
    },
    (request) => getAllocation(db, actorOf(request), request.params.id),
  );
  app.post(
    '/cycles/:id/allocation',
    {
      config: { permission: 'rules.manage' },
      schema: {
        tags,
        summary:
          "Allocate the cycle's federal budget to the states by the rules' formula (once; Idempotency-Key)",
        params: CycleParams,
        headers: KeyHeaders,
        response: { 201: AllocationView },
      },
    },
    async (request, reply) =>
      send(
        reply,
        await allocateCycle(ctx, actorOf(request), requestMeta(request), request.params.id, keyOf(request)),
      ),
  );

  app.get(
    '/cycles/:id/states/:stateId/funds',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary:
          "A state's trust fund: allocation, contributions, balance, each selected school's grant and match",
        params: StateParams,
        response: { 200: StateFundsView },
      },
    },
    (request) => getStateFunds(db, actorOf(request), request.params.id, request.params.stateId),
  );
  app.post(
    '/cycles/:id/states/:stateId/contributions',
    {
      config: { permission: 'pec.decide' },
      schema: {
        tags,
        summary: 'Record money the state put in its trust fund (Idempotency-Key)',
        params: StateParams,
        headers: KeyHeaders,
        body: StateContributionBody,
        response: { 201: StateFundsView },
      },
    },
    async (request, reply) =>
      send(
        reply,
        await recordStateContribution(
          ctx,
          actorOf(request),
          requestMeta(request),
          request.params.id,
          request.params.stateId,
          keyOf(request),
          request.body,
        ),
      ),
  );

  app.get(
    '/cycles/:id/contributions',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'School contributions in my scope (optionally under a unit, or by status)',
        params: CycleParams,
        querystring: ContributionListQuery,
        response: { 200: z.array(ContributionInfo) },
      },
    },
    (request) => listContributions(db, actorOf(request), request.params.id, request.query),
  );
  app.post(
    '/cycles/:id/contributions',
    {
      config: { permission: 'pec.register' },
      schema: {
        tags,
        summary:
          'Record a contribution the school raised (cash, in kind or labour); it counts once validated',
        params: CycleParams,
        body: RecordContributionBody,
        response: { 201: ContributionInfo },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await recordContribution(
            ctx,
            actorOf(request),
            requestMeta(request),
            request.params.id,
            request.body,
          ),
        ),
  );
  app.put(
    '/contributions/:contributionId/evidence',
    {
      config: { permission: 'pec.register' },
      schema: {
        tags,
        summary: 'Attach the evidence (raw body: PDF, JPEG or PNG, at most 10 MB) while it awaits validation',
        params: ContributionParams,
        querystring: UploadDocumentQuery,
        response: { 200: ContributionInfo },
      },
    },
    async (request) => {
      const body = request.body as Readable | undefined;
      return uploadEvidence(ctx, actorOf(request), requestMeta(request), request.params.contributionId, {
        fileName: request.query.fileName,
        body: body instanceof Readable ? body : Readable.from([]),
      });
    },
  );
  app.get(
    '/contributions/:contributionId/evidence',
    {
      config: { permission: 'org.read' },
      schema: { tags, summary: "Download a contribution's evidence", params: ContributionParams },
    },
    async (request, reply) => {
      const f = await openEvidence(db, actorOf(request), request.params.contributionId);
      return reply
        .header('content-type', f.contentType)
        .header('content-length', String(f.size))
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .send(f.stream);
    },
  );
  app.post(
    '/contributions/:contributionId/review',
    {
      config: { permission: 'pec.decide' },
      schema: {
        tags,
        summary: 'Approve (cash enters the school account) or reject with a reason (Idempotency-Key)',
        params: ContributionParams,
        headers: KeyHeaders,
        body: ReviewContributionBody,
        response: { 200: ContributionInfo },
      },
    },
    async (request, reply) =>
      send(
        reply,
        await reviewContribution(
          ctx,
          actorOf(request),
          requestMeta(request),
          request.params.contributionId,
          keyOf(request),
          request.body,
        ),
      ),
  );

  app.get(
    '/cycles/:id/schools/:schoolId/money',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: "A school's contributions with the running match, its transfers and its account balance",
        params: SchoolParams,
        response: { 200: SchoolMoneyView },
      },
    },
    (request) => getSchoolMoney(db, actorOf(request), request.params.id, request.params.schoolId),
  );
  app.post(
    '/cycles/:id/states/:stateId/transfers',
    {
      config: { permission: 'pec.decide' },
      schema: {
        tags,
        summary:
          'Release the initial grant or the match to every selected school still waiting for it (all or nothing; Idempotency-Key)',
        params: StateParams,
        headers: KeyHeaders,
        body: TransferBody,
        response: { 201: TransferResult },
      },
    },
    async (request, reply) =>
      send(
        reply,
        await releaseTransfers(
          ctx,
          actorOf(request),
          requestMeta(request),
          request.params.id,
          { stateId: request.params.stateId },
          request.body.kind,
          keyOf(request),
        ),
      ),
  );
  app.post(
    '/cycles/:id/schools/:schoolId/transfers',
    {
      config: { permission: 'pec.decide' },
      schema: {
        tags,
        summary: 'Release the initial grant or the match to one selected school (once; Idempotency-Key)',
        params: SchoolParams,
        headers: KeyHeaders,
        body: TransferBody,
        response: { 201: TransferResult },
      },
    },
    async (request, reply) =>
      send(
        reply,
        await releaseTransfers(
          ctx,
          actorOf(request),
          requestMeta(request),
          request.params.id,
          { schoolId: request.params.schoolId },
          request.body.kind,
          keyOf(request),
        ),
      ),
  );
}
