import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AdaptationDetail,
  CreateCycleBody,
  CycleDetail,
  CycleSummary,
  Deadline,
  EffectiveRulesView,
  ExtensionBody,
  ExtensionInfo,
  FederalRules,
  PublishBody,
  SaveAdaptationBody,
  SaveRulesBody,
  StateAdaptation,
} from '../../../contract/rules.ts';
import { actorOf, requestMeta } from '../../platform/http/guard.ts';
import {
  createCycle,
  getAdaptation,
  getAdaptationVersion,
  getCycle,
  getDeadlines,
  getEffective,
  getRulesVersion,
  grantExtension,
  listCycles,
  listExtensions,
  publishAdaptation,
  publishRules,
  saveAdaptationDraft,
  saveRulesDraft,
} from './service.ts';

const tags = ['pec rules'];
const CycleParams = z.object({ id: z.coerce.number().int().positive() });
const StateParams = CycleParams.extend({ stateId: z.coerce.number().int().positive() });

/**
 * Escuelas de Calidad rules of operation: the national coordination drafts and publishes the
 * federal rules (`rules.manage`), each state coordination its adaptation (`rules.adapt`, checked
 * against the state in the service); everyone with a role reads them.
 */
export async function rulesRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ctx = app.ctx;
  const { db } = ctx;

  app.get(
    '/cycles',
    {
      config: { permission: 'org.read' },
      schema: { tags, summary: 'Programme cycles and their rules', response: { 200: z.array(CycleSummary) } },
    },
    (request) => listCycles(db, actorOf(request)),
  );
  app.post(
    '/cycles',
    {
      config: { permission: 'rules.manage' },
      schema: {
        tags,
        summary: "Start a cycle, copying last year's rules with dates moved on",
        body: CreateCycleBody,
        response: { 201: z.object({ id: z.number().int() }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCycle(ctx, actorOf(request), requestMeta(request), request.body)),
  );
  app.get(
    '/cycles/:id',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'A cycle: its rules (published and draft), versions and state adaptations',
        params: CycleParams,
        response: { 200: CycleDetail },
      },
    },
    (request) => getCycle(db, actorOf(request), request.params.id),
  );
  app.get(
    '/cycles/:id/rules/versions/:version',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'One version of the federal rules, whole',
        params: CycleParams.extend({ version: z.coerce.number().int().positive() }),
        response: { 200: FederalRules },
      },
    },
    (request) => getRulesVersion(db, actorOf(request), request.params.id, request.params.version),
  );
  app.get(
    '/cycles/:id/states/:stateId/adaptation/versions/:version',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: "One version of a state's adaptation, whole",
        params: StateParams.extend({ version: z.coerce.number().int().positive() }),
        response: { 200: StateAdaptation },
      },
    },
    (request) =>
      getAdaptationVersion(
        db,
        actorOf(request),
        request.params.id,
        request.params.stateId,
        request.params.version,
      ),
  );
  app.put(
    '/cycles/:id/rules/draft',
    {
      config: { permission: 'rules.manage' },
      schema: {
        tags,
        summary: 'Save the draft of the next version of the federal rules',
        params: CycleParams,
        body: SaveRulesBody,
        response: { 200: z.object({ revision: z.number().int() }) },
      },
    },
    (request) => saveRulesDraft(ctx, actorOf(request), requestMeta(request), request.params.id, request.body),
  );
  app.post(
    '/cycles/:id/rules/publish',
    {
      config: { permission: 'rules.manage' },
      schema: {
        tags,
        summary: 'Publish the draft (immutable from then on; a correction needs its reason)',
        params: CycleParams,
        body: PublishBody,
        response: { 200: z.object({ version: z.number().int() }) },
      },
    },
    (request) => publishRules(ctx, actorOf(request), requestMeta(request), request.params.id, request.body),
  );
  app.get(
    '/cycles/:id/states/:stateId/adaptation',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: "A state's adaptation: published, draft and versions",
        params: StateParams,
        response: { 200: AdaptationDetail },
      },
    },
    (request) => getAdaptation(db, actorOf(request), request.params.id, request.params.stateId),
  );
  app.put(
    '/cycles/:id/states/:stateId/adaptation/draft',
    {
      config: { permission: 'rules.adapt' },
      schema: {
        tags,
        summary: "Save the state's draft adaptation (refused outside the federal bounds)",
        params: StateParams,
        body: SaveAdaptationBody,
        response: { 200: z.object({ revision: z.number().int() }) },
      },
    },
    (request) =>
      saveAdaptationDraft(
        ctx,
        actorOf(request),
        requestMeta(request),
        request.params.id,
        request.params.stateId,
        request.body,
      ),
  );
  app.post(
    '/cycles/:id/states/:stateId/adaptation/publish',
    {
      config: { permission: 'rules.adapt' },
      schema: {
        tags,
        summary: "Publish the state's adaptation",
        params: StateParams,
        body: PublishBody,
        response: { 200: z.object({ version: z.number().int() }) },
      },
    },
    (request) =>
      publishAdaptation(
        ctx,
        actorOf(request),
        requestMeta(request),
        request.params.id,
        request.params.stateId,
        request.body,
      ),
  );
  app.get(
    '/cycles/:id/effective',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'The effective rules for a unit: federal and state side by side, with the differences',
        params: CycleParams,
        querystring: z.object({ unitId: z.coerce.number().int().positive().optional() }),
        response: { 200: EffectiveRulesView },
      },
    },
    (request) => getEffective(db, actorOf(request), request.params.id, request.query.unitId),
  );
  app.get(
    '/cycles/:id/deadlines',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: "Each deadline's effective date for a unit, any extension and whether it is still open",
        params: CycleParams,
        querystring: z.object({ unitId: z.coerce.number().int().positive() }),
        response: {
          200: z.array(
            z.object({
              deadline: Deadline,
              label: z.string(),
              date: z.string(),
              extendedUntil: z.string().nullable(),
              open: z.boolean(),
            }),
          ),
        },
      },
    },
    (request) => getDeadlines(db, actorOf(request), request.params.id, request.query.unitId),
  );
  app.get(
    '/cycles/:id/extensions',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'Deadline extensions granted in my scope',
        params: CycleParams,
        querystring: z.object({ unitId: z.coerce.number().int().positive().optional() }),
        response: { 200: z.array(ExtensionInfo) },
      },
    },
    (request) => listExtensions(db, actorOf(request), request.params.id, request.query.unitId),
  );
  app.post(
    '/cycles/:id/extensions',
    {
      config: { permission: 'rules.adapt' },
      schema: {
        tags,
        summary: 'Extend a deadline for a school, zone or sector (state coordination)',
        params: CycleParams,
        body: ExtensionBody,
        response: { 201: z.object({ id: z.number().int() }) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await grantExtension(ctx, actorOf(request), requestMeta(request), request.params.id, request.body),
        ),
  );
}
