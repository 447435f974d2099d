import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ActionBody,
  ApproveMinutesBody,
  AttendanceBody,
  BodyDetail,
  ConveneBody,
  CreateBodyBody,
  CreateDeliverableBody,
  CreateDocumentBody,
  CreateObjectiveBody,
  CreateSeatBody,
  CreateSynthesisBody,
  DecisionBody,
  DocumentDetail,
  Inbox,
  MeetingDetail,
  MetaInput,
  MinutesBody,
  NewVersionBody,
  Overview,
  ProgressEntry,
  ProgressInput,
  PublicAlliance,
  ResolutionDetail,
  ReviseSynthesisBody,
  ScheduleBody,
  SynthesisDetail,
  TaskDetail,
  UpdateBodyBody,
  UpdateObjectiveBody,
  UpdateSeatBody,
} from '../../../contract/alliance.ts';
import { actorOf, requestMeta } from '../../platform/http/guard.ts';
import {
  addObjective,
  addSeat,
  createBody,
  getBodyDetail,
  getOverview,
  setFollow,
  updateBody,
  updateObjective,
  updateSeat,
} from './bodies.ts';
import { addVersion, createDeliverable, createDocument, documentAction, getDocument } from './documents.ts';
import { getInbox } from './inbox.ts';
import {
  approveMinutes,
  cancelMeeting,
  convene,
  getMeeting,
  meetingIcsFor,
  recordAttendance,
  saveMinutes,
} from './meetings.ts';
import { approveMeta, createMeta, progressHistory, reportProgress, retireMeta, updateMeta } from './metas.ts';
import { publicAlliance } from './public.ts';
import { getResolution, refuseResolutionEdit, resolutionAction } from './resolutions.ts';
import {
  createSynthesis,
  decide,
  getSynthesis,
  reviseSynthesis,
  scheduleSynthesis,
  sendSynthesis,
} from './syntheses.ts';
import { getTask, taskAction } from './tasks.ts';

const tags = ['alliance'];
const IntId = z.object({ id: z.coerce.number().int().positive() });
const UuidId = z.object({ id: z.uuid() });
const Created = z.object({ id: z.union([z.string(), z.number()]) });

/**
 * The Alianza API. Acting follows seats on its bodies, which the services check against the
 * resource (policy.ts): every route here needs a signed-in person, and the service decides whether
 * that person's seats cover the body (404 when they cannot even read it, 403 when they can read but
 * not act). The public summary needs no login and carries no drafts and no people.
 */
export async function allianceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ctx = app.ctx;
  const { db } = ctx;
  const done = (reply: FastifyReply) => reply.status(204).send();

  app.get(
    '/public',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Ejes, acuerdos, metas and published resolutions, for everyone',
        response: { 200: PublicAlliance },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return publicAlliance(db);
    },
  );

  app.get(
    '/overview',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'The bodies with parity and roll-ups, and my seats',
        response: { 200: Overview },
      },
    },
    (request) => getOverview(db, actorOf(request)),
  );

  app.get(
    '/inbox',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'Items awaiting my action', response: { 200: Inbox } },
    },
    (request) => getInbox(db, actorOf(request)),
  );

  // Bodies, seats, objectives, follows.
  app.get(
    '/bodies/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'One body with its seats, metas, documents, meetings and tasks',
        params: IntId,
        response: { 200: BodyDetail },
      },
    },
    (request) => getBodyDetail(db, actorOf(request), request.params.id),
  );
  app.post(
    '/bodies',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Add an eje or a mesa (commission or administrator)',
        body: CreateBodyBody,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createBody(ctx, actorOf(request), requestMeta(request), request.body)),
  );
  app.patch(
    '/bodies/:id',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'Rename, re-describe or retire a body', params: IntId, body: UpdateBodyBody },
    },
    async (request, reply) => {
      await updateBody(ctx, actorOf(request), requestMeta(request), request.params.id, request.body);
      return done(reply);
    },
  );
  app.post(
    '/bodies/:id/seats',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Seat a person on a body for a side',
        params: IntId,
        body: CreateSeatBody,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addSeat(ctx, actorOf(request), requestMeta(request), request.params.id, request.body)),
  );
  app.patch(
    '/seats/:id',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'End or extend a seat', params: UuidId, body: UpdateSeatBody },
    },
    async (request, reply) => {
      await updateSeat(ctx, actorOf(request), requestMeta(request), request.params.id, request.body);
      return done(reply);
    },
  );
  app.post(
    '/bodies/:id/objectives',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Add an objective to a mesa',
        params: IntId,
        body: CreateObjectiveBody,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addObjective(ctx, actorOf(request), requestMeta(request), request.params.id, request.body),
        ),
  );
  app.patch(
    '/objectives/:id',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'Reword or retire an objective', params: IntId, body: UpdateObjectiveBody },
    },
    async (request, reply) => {
      await updateObjective(ctx, actorOf(request), requestMeta(request), request.params.id, request.body);
      return done(reply);
    },
  );
  app.put(
    '/bodies/:id/follow',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: "Follow an acuerdo's progress and status", params: IntId },
    },
    async (request, reply) => {
      await setFollow(db, actorOf(request), request.params.id, true);
      return done(reply);
    },
  );
  app.delete(
    '/bodies/:id/follow',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'Stop following an acuerdo', params: IntId },
    },
    async (request, reply) => {
      await setFollow(db, actorOf(request), request.params.id, false);
      return done(reply);
    },
  );

  // Metas and progress.
  app.post(
    '/bodies/:id/metas',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Propose a meta for a mesa',
        params: IntId,
        body: MetaInput,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createMeta(ctx, actorOf(request), requestMeta(request), request.params.id, request.body)),
  );
  app.put(
    '/metas/:id',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'Edit a draft meta', params: IntId, body: MetaInput },
    },
    async (request, reply) => {
      await updateMeta(ctx, actorOf(request), requestMeta(request), request.params.id, request.body);
      return done(reply);
    },
  );
  app.post(
    '/metas/:id/approve',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'Approve a measurable meta (eje coordination)', params: IntId },
    },
    async (request, reply) => {
      await approveMeta(ctx, actorOf(request), requestMeta(request), request.params.id);
      return done(reply);
    },
  );
  app.post(
    '/metas/:id/retire',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'Retire a meta (eje coordination)', params: IntId },
    },
    async (request, reply) => {
      await retireMeta(ctx, actorOf(request), requestMeta(request), request.params.id);
      return done(reply);
    },
  );
  app.get(
    '/metas/:id/progress',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: "A meta's progress reports",
        params: IntId,
        response: { 200: z.array(ProgressEntry) },
      },
    },
    (request) => progressHistory(db, actorOf(request), request.params.id),
  );
  app.post(
    '/metas/:id/progress',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'Report progress on a meta for a period', params: IntId, body: ProgressInput },
    },
    async (request, reply) => {
      await reportProgress(ctx, actorOf(request), requestMeta(request), request.params.id, request.body);
      return done(reply);
    },
  );

  // Deliverables and documents.
  app.post(
    '/bodies/:id/deliverables',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: "Set a deadline for a mesa's deliverable (eje coordination)",
        params: IntId,
        body: CreateDeliverableBody,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createDeliverable(
            ctx,
            actorOf(request),
            requestMeta(request),
            request.params.id,
            request.body,
          ),
        ),
  );
  app.post(
    '/bodies/:id/documents',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Draft a document in a mesa',
        params: IntId,
        body: CreateDocumentBody,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createDocument(ctx, actorOf(request), requestMeta(request), request.params.id, request.body),
        ),
  );
  app.get(
    '/documents/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'A document with its versions and timeline',
        params: UuidId,
        response: { 200: DocumentDetail },
      },
    },
    (request) => getDocument(db, actorOf(request), request.params.id),
  );
  app.post(
    '/documents/:id/versions',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Save a new version of a draft or returned document',
        params: UuidId,
        body: NewVersionBody,
      },
    },
    async (request, reply) => {
      await addVersion(ctx, actorOf(request), requestMeta(request), request.params.id, request.body);
      return done(reply);
    },
  );
  app.post(
    '/documents/:id/:action',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Submit (mesa coordinator), return with observations or validate (eje coordination)',
        params: z.object({ id: z.uuid(), action: z.enum(['submit', 'return', 'validate']) }),
        body: ActionBody,
      },
    },
    async (request, reply) => {
      const { id, action } = request.params;
      await documentAction(ctx, actorOf(request), requestMeta(request), id, action, request.body);
      return done(reply);
    },
  );

  // Executive syntheses and decisions.
  app.post(
    '/bodies/:id/syntheses',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Write an executive synthesis bundling validated documents (eje coordination)',
        params: IntId,
        body: CreateSynthesisBody,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createSynthesis(ctx, actorOf(request), requestMeta(request), request.params.id, request.body),
        ),
  );
  app.get(
    '/syntheses/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'A synthesis with its documents, decisions and timeline',
        params: UuidId,
        response: { 200: SynthesisDetail },
      },
    },
    (request) => getSynthesis(db, actorOf(request), request.params.id),
  );
  app.put(
    '/syntheses/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Revise a returned (or unsent) synthesis: its text and, optionally, its documents',
        params: UuidId,
        body: ReviseSynthesisBody,
      },
    },
    async (request, reply) => {
      await reviseSynthesis(ctx, actorOf(request), requestMeta(request), request.params.id, request.body);
      return done(reply);
    },
  );
  app.post(
    '/syntheses/:id/send',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Send to the Comisión Rectora through the Secretariado Técnico',
        params: UuidId,
        body: ActionBody,
      },
    },
    async (request, reply) => {
      await sendSynthesis(ctx, actorOf(request), requestMeta(request), request.params.id, request.body);
      return done(reply);
    },
  );
  app.post(
    '/syntheses/:id/schedule',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: "Place on a commission session's agenda (secretariat)",
        params: UuidId,
        body: ScheduleBody,
      },
    },
    async (request, reply) => {
      await scheduleSynthesis(ctx, actorOf(request), requestMeta(request), request.params.id, request.body);
      return done(reply);
    },
  );
  app.post(
    '/syntheses/:id/decision',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Record the commission decision (by consensus, each side’s position)',
        params: UuidId,
        body: DecisionBody,
        response: { 201: z.object({ decisionId: z.string(), resolutionId: z.string().nullable() }) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await decide(ctx, actorOf(request), requestMeta(request), request.params.id, request.body)),
  );

  // Resolutions.
  app.get(
    '/resolutions/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'A resolution with its lineage and follow-up',
        params: UuidId,
        response: { 200: ResolutionDetail },
      },
    },
    (request) => getResolution(db, actorOf(request), request.params.id),
  );
  app.post(
    '/resolutions/:id/:action',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Distribute to the eje (secretariat) or inform the mesas (eje coordination)',
        params: z.object({ id: z.uuid(), action: z.enum(['distribute', 'inform']) }),
        body: ActionBody,
      },
    },
    async (request, reply) => {
      const { id, action } = request.params;
      await resolutionAction(ctx, actorOf(request), requestMeta(request), id, action, request.body);
      return done(reply);
    },
  );
  for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
    app.route({
      method,
      url: '/resolutions/:id',
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'Refused: a resolution is superseded, never edited', params: UuidId },
      handler: (request) => refuseResolutionEdit(db, actorOf(request), request.params.id),
    });
  }

  // Meetings.
  app.post(
    '/bodies/:id/meetings',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Convene a session (invitations with .ics by e-mail)',
        params: IntId,
        body: ConveneBody,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await convene(ctx, actorOf(request), requestMeta(request), request.params.id, request.body)),
  );
  app.get(
    '/meetings/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'A session: agenda, attendance, quorum, minutes, tasks, decisions',
        params: UuidId,
        response: { 200: MeetingDetail },
      },
    },
    (request) => getMeeting(db, actorOf(request), request.params.id),
  );
  app.get(
    '/meetings/:id/invitation.ics',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'The calendar invitation', params: UuidId },
    },
    async (request, reply) =>
      reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="sesion.ics"')
        .send(await meetingIcsFor(db, ctx, actorOf(request), request.params.id)),
  );
  app.post(
    '/meetings/:id/attendance',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Take attendance and hold the session (parity and quorum checked)',
        params: UuidId,
        body: AttendanceBody,
      },
    },
    async (request, reply) => {
      await recordAttendance(ctx, actorOf(request), requestMeta(request), request.params.id, request.body);
      return done(reply);
    },
  );
  app.put(
    '/meetings/:id/minutes',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'Save the draft minutes', params: UuidId, body: MinutesBody },
    },
    async (request, reply) => {
      await saveMinutes(ctx, actorOf(request), requestMeta(request), request.params.id, request.body);
      return done(reply);
    },
  );
  app.post(
    '/meetings/:id/approve-minutes',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Approve the minutes and create the agreed tasks',
        params: UuidId,
        body: ApproveMinutesBody,
      },
    },
    async (request, reply) => {
      await approveMinutes(ctx, actorOf(request), requestMeta(request), request.params.id, request.body);
      return done(reply);
    },
  );
  app.post(
    '/meetings/:id/cancel',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Cancel a convened session (a reason is required)',
        params: UuidId,
        body: ActionBody,
      },
    },
    async (request, reply) => {
      await cancelMeeting(ctx, actorOf(request), requestMeta(request), request.params.id, request.body);
      return done(reply);
    },
  );

  // Tasks.
  app.get(
    '/tasks/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'A follow-up task with its timeline',
        params: UuidId,
        response: { 200: TaskDetail },
      },
    },
    (request) => getTask(db, actorOf(request), request.params.id),
  );
  app.post(
    '/tasks/:id/:action',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Start, close (with evidence) or reopen (with a reason) a task',
        params: z.object({ id: z.uuid(), action: z.enum(['start', 'close', 'reopen']) }),
        body: ActionBody,
      },
    },
    async (request, reply) => {
      const { id, action } = request.params;
      await taskAction(ctx, actorOf(request), requestMeta(request), id, action, request.body);
      return done(reply);
    },
  );
}
