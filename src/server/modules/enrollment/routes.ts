import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CallInfo,
  ChooseBody,
  CreateCallBody,
  DOCUMENT_MAX_BYTES,
  PublicSelectedQuery,
  PublicSelectedSchool,
  PublishSelectionBody,
  RegisterBody,
  RegistrationDetail,
  RegistrationListQuery,
  RegistrationSummary,
  SelectionView,
  UpdateCallBody,
  UpdateRegistrationBody,
  UploadDocumentQuery,
} from '../../../contract/enrollment.ts';
import { actorOf, requestMeta } from '../../platform/http/guard.ts';
import {
  choose,
  createCall,
  getCall,
  getRegistration,
  getSelection,
  listCalls,
  listRegistrations,
  openDocument,
  publicCycles,
  publicSelected,
  publishCall,
  publishSelection,
  register,
  removeDocument,
  updateCall,
  updateRegistration,
  uploadDocument,
  withdraw,
} from './service.ts';

const tags = ['pec enrollment'];
const CycleParams = z.object({ id: z.coerce.number().int().positive() });
const StateParams = CycleParams.extend({ stateId: z.coerce.number().int().positive() });
const CallParams = z.object({ callId: z.coerce.number().int().positive() });
const RegParams = z.object({ regId: z.uuid() });
const DocParams = RegParams.extend({ code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/) });

/** Raw document bodies, only on this plugin's routes; the type is decided by content, not by this header. */
const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'];

/**
 * Escuelas de Calidad enrollment: the state coordination's call and selection (`pec.decide` on its
 * state), the director's registration of the school (`pec.register` on the school), reading with
 * `org.read` in scope (checked per resource in the service), and the public list of selected schools.
 */
export async function enrollmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ctx = app.ctx;
  const { db } = ctx;
  app.addContentTypeParser(FILE_TYPES, { bodyLimit: DOCUMENT_MAX_BYTES + 1024 }, (_request, payload, done) =>
    done(null, payload),
  );

  // Calls.
  app.get(
    '/cycles/:id/calls',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'Calls of the cycle: published ones of my states, drafts of the states I decide for',
        params: CycleParams,
        querystring: z.object({ stateId: z.coerce.number().int().positive().optional() }),
        response: { 200: z.array(CallInfo) },
      },
    },
    (request) => listCalls(db, actorOf(request), request.params.id, request.query.stateId),
  );
  app.post(
    '/cycles/:id/states/:stateId/calls',
    {
      config: { permission: 'pec.decide' },
      schema: {
        tags,
        summary: "Draft the state's call (ordinary or extraordinary) with its budget",
        params: StateParams,
        body: CreateCallBody,
        response: { 201: CallInfo },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createCall(
            ctx,
            actorOf(request),
            requestMeta(request),
            request.params.id,
            request.params.stateId,
            request.body,
          ),
        ),
  );
  app.get(
    '/calls/:callId',
    {
      config: { permission: 'org.read' },
      schema: { tags, summary: 'One call', params: CallParams, response: { 200: CallInfo } },
    },
    (request) => getCall(db, actorOf(request), request.params.callId),
  );
  app.patch(
    '/calls/:callId',
    {
      config: { permission: 'pec.decide' },
      schema: {
        tags,
        summary: 'Change a draft call',
        params: CallParams,
        body: UpdateCallBody,
        response: { 200: CallInfo },
      },
    },
    (request) => updateCall(ctx, actorOf(request), requestMeta(request), request.params.callId, request.body),
  );
  app.post(
    '/calls/:callId/publish',
    {
      config: { permission: 'pec.decide' },
      schema: {
        tags,
        summary: "Publish the call to the state's schools (fixed from then on)",
        params: CallParams,
        response: { 200: CallInfo },
      },
    },
    (request) => publishCall(ctx, actorOf(request), requestMeta(request), request.params.callId),
  );

  // Registration.
  app.get(
    '/cycles/:id/registrations',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'Registrations in my scope (optionally under a unit)',
        params: CycleParams,
        querystring: RegistrationListQuery,
        response: { 200: z.array(RegistrationSummary) },
      },
    },
    (request) => listRegistrations(db, actorOf(request), request.params.id, request.query),
  );
  app.post(
    '/cycles/:id/registrations',
    {
      config: { permission: 'pec.register' },
      schema: {
        tags,
        summary: 'Register the school (or register it again after withdrawing) with its commitment letter',
        params: CycleParams,
        body: RegisterBody,
        response: { 201: RegistrationDetail },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await register(ctx, actorOf(request), requestMeta(request), request.params.id, request.body)),
  );
  app.get(
    '/registrations/:regId',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'A registration: each eligibility criterion explained, the priority breakdown, documents',
        params: RegParams,
        response: { 200: RegistrationDetail },
      },
    },
    (request) => getRegistration(db, actorOf(request), request.params.regId),
  );
  app.patch(
    '/registrations/:regId',
    {
      config: { permission: 'pec.register' },
      schema: {
        tags,
        summary: 'Change the commitment letter (eligibility recomputed)',
        params: RegParams,
        body: UpdateRegistrationBody,
        response: { 200: RegistrationDetail },
      },
    },
    (request) =>
      updateRegistration(ctx, actorOf(request), requestMeta(request), request.params.regId, request.body),
  );
  app.post(
    '/registrations/:regId/withdraw',
    {
      config: { permission: 'pec.register' },
      schema: {
        tags,
        summary: 'Withdraw the registration',
        params: RegParams,
        response: { 200: RegistrationDetail },
      },
    },
    (request) => withdraw(ctx, actorOf(request), requestMeta(request), request.params.regId),
  );
  app.put(
    '/registrations/:regId/documents/:code',
    {
      config: { permission: 'pec.register' },
      schema: {
        tags,
        summary: 'Upload a required document (raw body: PDF, JPEG or PNG, at most 10 MB)',
        params: DocParams,
        querystring: UploadDocumentQuery,
        response: { 200: RegistrationDetail },
      },
    },
    async (request) => {
      const body = request.body as Readable | undefined;
      const stream = body instanceof Readable ? body : Readable.from([]);
      return uploadDocument(
        ctx,
        actorOf(request),
        requestMeta(request),
        request.params.regId,
        request.params.code,
        {
          fileName: request.query.fileName,
          body: stream,
        },
      );
    },
  );
  app.delete(
    '/registrations/:regId/documents/:code',
    {
      config: { permission: 'pec.register' },
      schema: {
        tags,
        summary: 'Remove a document',
        params: DocParams,
        response: { 200: RegistrationDetail },
      },
    },
    (request) =>
      removeDocument(ctx, actorOf(request), requestMeta(request), request.params.regId, request.params.code),
  );
  app.get(
    '/registrations/:regId/documents/:code',
    {
      config: { permission: 'org.read' },
      schema: { tags, summary: 'Download a document', params: DocParams },
    },
    async (request, reply) => {
      const f = await openDocument(db, actorOf(request), request.params.regId, request.params.code);
      return reply
        .header('content-type', f.contentType)
        .header('content-length', String(f.size))
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .send(f.stream);
    },
  );

  // Selection.
  app.get(
    '/cycles/:id/states/:stateId/selection',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary:
          "The state's ranked eligible registrations with grant caps and the running total against the budget",
        params: StateParams,
        response: { 200: SelectionView },
      },
    },
    (request) => getSelection(db, actorOf(request), request.params.id, request.params.stateId),
  );
  app.post(
    '/cycles/:id/states/:stateId/selection/choose',
    {
      config: { permission: 'pec.decide' },
      schema: {
        tags,
        summary: 'Select or deselect schools (refused over the budget)',
        params: StateParams,
        body: ChooseBody,
        response: { 200: SelectionView },
      },
    },
    (request) =>
      choose(
        ctx,
        actorOf(request),
        requestMeta(request),
        request.params.id,
        request.params.stateId,
        request.body,
      ),
  );
  app.post(
    '/cycles/:id/states/:stateId/selection/publish',
    {
      config: { permission: 'pec.decide' },
      schema: {
        tags,
        summary: 'Publish the selection (final): results, participations, e-mail to each director',
        params: StateParams,
        body: PublishSelectionBody,
        response: { 200: SelectionView },
      },
    },
    (request) =>
      publishSelection(
        ctx,
        actorOf(request),
        requestMeta(request),
        request.params.id,
        request.params.stateId,
        request.body,
      ),
  );

  // Public.
  app.get(
    '/public/cycles',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Cycles whose rules are published (school year), newest first',
        response: { 200: z.array(z.object({ id: z.number().int(), schoolYear: z.string() })) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return publicCycles(db);
    },
  );
  app.get(
    '/public/cycles/:id/selected',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Selected schools of a cycle (published selections only; no personal data)',
        params: CycleParams,
        querystring: PublicSelectedQuery,
        response: { 200: z.array(PublicSelectedSchool) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return publicSelected(db, request.params.id, request.query.state);
    },
  );
}
