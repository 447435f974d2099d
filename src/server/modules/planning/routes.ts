import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AnswerBody,
  ChangeBody,
  Dashboard,
  PlanActionBody,
  PlanContent,
  PlanDetail,
  PlanVersionInfo,
  ProgressBody,
  ReportDetail,
  SaveReportBody,
} from '../../../contract/planning.ts';
import { actorOf, requestMeta } from '../../platform/http/guard.ts';
import { getDashboard } from './dashboard.ts';
import { getReport, reportAction, saveReport } from './report.ts';
import { planAction } from './review.ts';
import {
  answerObservation,
  changePlan,
  getPlan,
  openPlan,
  planVersion,
  planVersions,
  reportActionProgress,
} from './service.ts';
import { planFlow } from './workflow.ts';

const tags = ['pec planning'];
const PlanParams = z.object({ id: z.uuid() });
const ACTIONS = Object.keys(planFlow.transitions) as [
  keyof typeof planFlow.transitions,
  ...(keyof typeof planFlow.transitions)[],
];

/** `If-Match: "r12"` → 12: the plan revision a reviewer looked at. */
function ifMatch(request: FastifyRequest): number | undefined {
  const m = /^"?r(\d+)"?$/.exec(String(request.headers['if-match'] ?? '').trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * A school's plan (self-evaluation, PETE, PAT) and its review. Reading needs `org.read` over the
 * school; editing `pec.plan` (director and teachers); sending `pec.register` (director); reviewing
 * `pec.review` (zone supervisor); the ruling `pec.decide` (state coordination). The service checks
 * each against the school's path.
 */
export async function planningRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ctx = app.ctx;
  const { db } = ctx;

  app.post(
    '/cycles/:cycleId/schools/:schoolId/plan',
    {
      config: { permission: 'pec.plan' },
      schema: {
        tags,
        summary: "Open the school's plan for the cycle (created on first use, from the latest PETE)",
        params: z.object({
          cycleId: z.coerce.number().int().positive(),
          schoolId: z.coerce.number().int().positive(),
        }),
        response: { 200: z.object({ id: z.string(), created: z.boolean() }) },
      },
    },
    (request) =>
      openPlan(ctx, actorOf(request), requestMeta(request), request.params.cycleId, request.params.schoolId),
  );
  app.get(
    '/plans/:id',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary:
          'The plan with its diagnosis, spending check, observations and review timeline (ETag: revision)',
        params: PlanParams,
        response: { 200: PlanDetail },
      },
    },
    async (request, reply) => {
      const plan = await getPlan(db, actorOf(request), request.params.id);
      reply.header('etag', `"r${plan.revision}"`).header('cache-control', 'private, no-cache');
      return plan;
    },
  );
  app.post(
    '/plans/:id/changes',
    {
      config: { permission: 'pec.plan' },
      schema: {
        tags,
        summary: 'Apply a batch of changes; 409 lists what someone else changed meanwhile',
        params: PlanParams,
        body: ChangeBody,
        response: {
          200: z.object({ revision: z.number().int(), revs: z.record(z.string(), z.number().int()) }),
        },
      },
    },
    async (request, reply) => {
      const r = await changePlan(
        ctx,
        actorOf(request),
        requestMeta(request),
        request.params.id,
        request.body,
      );
      reply.header('etag', `"r${r.revision}"`);
      return r;
    },
  );
  app.post(
    '/plans/:id/review/:action',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary:
          'Send (director), endorse or return (supervisor), rule (state committee); If-Match: "r<revision>"',
        params: z.object({ id: z.uuid(), action: z.enum(ACTIONS) }),
        body: PlanActionBody,
        response: { 200: z.object({ state: z.string() }) },
      },
    },
    (request) =>
      planAction(
        ctx,
        actorOf(request),
        requestMeta(request),
        request.params.id,
        request.params.action,
        request.body,
        ifMatch(request),
      ),
  );
  app.post(
    '/plans/:id/observations/:observationId/answer',
    {
      config: { permission: 'pec.plan' },
      schema: {
        tags,
        summary: "The school's answer to an observation",
        params: z.object({ id: z.uuid(), observationId: z.coerce.number().int().positive() }),
        body: AnswerBody,
      },
    },
    async (request, reply) => {
      await answerObservation(
        ctx,
        actorOf(request),
        requestMeta(request),
        request.params.id,
        request.params.observationId,
        request.body,
      );
      return reply.status(204).send();
    },
  );
  app.post(
    '/plans/:id/actions/:actionId/progress',
    {
      config: { permission: 'pec.plan' },
      schema: {
        tags,
        summary: "Record a PAT action's progress (approved plans)",
        params: z.object({ id: z.uuid(), actionId: z.string().max(40) }),
        body: ProgressBody,
      },
    },
    async (request, reply) => {
      await reportActionProgress(
        ctx,
        actorOf(request),
        requestMeta(request),
        request.params.id,
        request.params.actionId,
        request.body,
      );
      return reply.status(204).send();
    },
  );
  app.get(
    '/cycles/:id/dashboard',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary:
          'Schools under a unit by stage, overdue first (zone: school by school; above: by child unit)',
        params: z.object({ id: z.coerce.number().int().positive() }),
        querystring: z.object({ unitId: z.coerce.number().int().positive().optional() }),
        response: { 200: Dashboard },
      },
    },
    (request) => getDashboard(db, actorOf(request), request.params.id, request.query.unitId),
  );
  app.get(
    '/plans/:id/report',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'The year-end technical-pedagogical report (ITP)',
        params: PlanParams,
        response: { 200: ReportDetail },
      },
    },
    (request) => getReport(db, actorOf(request), request.params.id),
  );
  app.put(
    '/plans/:id/report',
    {
      config: { permission: 'pec.plan' },
      schema: {
        tags,
        summary: 'Save the ITP (approved plans; stale revisions refused)',
        params: PlanParams,
        body: SaveReportBody,
        response: { 200: z.object({ revision: z.number().int() }) },
      },
    },
    (request) => saveReport(ctx, actorOf(request), requestMeta(request), request.params.id, request.body),
  );
  app.post(
    '/plans/:id/report/:action',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'Send the ITP (director, by the reports date); accept or return it (supervisor)',
        params: z.object({ id: z.uuid(), action: z.enum(['submit', 'accept', 'return']) }),
        body: z.strictObject({ comment: z.string().trim().max(10_000).optional() }),
        response: { 200: z.object({ state: z.string() }) },
      },
    },
    (request) =>
      reportAction(
        ctx,
        actorOf(request),
        requestMeta(request),
        request.params.id,
        request.params.action,
        request.body.comment,
      ),
  );
  app.get(
    '/plans/:id/versions',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'Every revision of the plan',
        params: PlanParams,
        response: { 200: z.array(PlanVersionInfo) },
      },
    },
    (request) => planVersions(db, actorOf(request), request.params.id),
  );
  app.get(
    '/plans/:id/versions/:revision',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'One revision, whole, to compare',
        params: z.object({ id: z.uuid(), revision: z.coerce.number().int().positive() }),
        response: { 200: PlanContent },
      },
    },
    (request) => planVersion(db, actorOf(request), request.params.id, request.params.revision),
  );
}
