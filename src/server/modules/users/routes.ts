import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  GrantBody,
  InviteBody,
  SetStatusBody,
  UserList,
  UserListQuery,
  UserSummary,
} from '../../../contract/api.ts';
import { actorOf, requestMeta } from '../../platform/http/guard.ts';
import { getUser, grantRole, inviteUser, listUsers, revokeRole, setUserStatus } from './service.ts';

const tags = ['users'];
const UserParams = z.object({ id: z.uuid() });

export async function userRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ctx = app.ctx;

  app.get(
    '/',
    {
      config: { permission: 'users.read' },
      schema: {
        tags,
        summary: 'People with roles in my scope',
        querystring: UserListQuery,
        response: { 200: UserList },
      },
    },
    (request) => listUsers(ctx.db, actorOf(request), request.query),
  );

  app.get(
    '/:id',
    {
      config: { permission: 'users.read' },
      schema: { tags, summary: 'One person', params: UserParams, response: { 200: UserSummary } },
    },
    (request) => getUser(ctx.db, actorOf(request), request.params.id),
  );

  app.post(
    '/invite',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Invite a person by e-mail with a role on a unit',
        body: InviteBody,
        response: { 201: UserSummary },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await inviteUser(ctx, actorOf(request), requestMeta(request), request.body)),
  );

  app.post(
    '/:id/roles',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Grant a role on a unit',
        params: UserParams,
        body: GrantBody,
        response: { 200: UserSummary },
      },
    },
    (request) => grantRole(ctx, actorOf(request), requestMeta(request), request.params.id, request.body),
  );

  app.delete(
    '/:id/roles/:assignmentId',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Revoke a role',
        params: z.object({ id: z.uuid(), assignmentId: z.uuid() }),
        response: { 200: UserSummary },
      },
    },
    (request) =>
      revokeRole(ctx, actorOf(request), requestMeta(request), request.params.id, request.params.assignmentId),
  );

  app.patch(
    '/:id/status',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Disable or re-enable an account',
        params: UserParams,
        body: SetStatusBody,
        response: { 200: UserSummary },
      },
    },
    (request) =>
      setUserStatus(ctx, actorOf(request), requestMeta(request), request.params.id, request.body.status),
  );
}
