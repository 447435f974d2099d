import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ChangePasswordBody,
  LoginBody,
  Me,
  Ok,
  ResetConfirmBody,
  ResetRequestBody,
  SessionInfo,
  UpdateMeBody,
} from '../../../contract/api.ts';
import { SESSION_COOKIE } from '../../platform/auth/sessions.ts';
import { actorOf, requestMeta } from '../../platform/http/guard.ts';
import {
  buildMe,
  changePassword,
  confirmPasswordReset,
  endSession,
  listSessions,
  login,
  logout,
  requestPasswordReset,
  updateMe,
} from './service.ts';

const tags = ['auth'];

function clientInfo(request: FastifyRequest) {
  return { ...requestMeta(request), userAgent: request.headers['user-agent'] ?? null };
}

export async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ctx = app.ctx;
  const secureCookie = ctx.cfg.publicUrl.startsWith('https://');

  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookie,
      maxAge: ctx.cfg.SESSION_MAX_HOURS * 3600,
    });

  app.get(
    '/me',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'The signed-in user and their roles', response: { 200: Me } },
    },
    (request) => buildMe(ctx.db, actorOf(request)),
  );

  app.patch(
    '/me',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'Update my name or language', body: UpdateMeBody, response: { 200: Me } },
    },
    (request) => updateMe(ctx, actorOf(request), requestMeta(request), request.body),
  );

  app.post(
    '/auth/login',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'Sign in with e-mail and password', body: LoginBody, response: { 200: Me } },
    },
    async (request, reply) => {
      const { token, actor } = await login(ctx, request.body, clientInfo(request));
      setCookie(reply, token);
      return buildMe(ctx.db, actor);
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'End this session', response: { 200: Ok } },
    },
    async (request, reply) => {
      await logout(ctx, actorOf(request), requestMeta(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/password',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Change my password (ends my other sessions)',
        body: ChangePasswordBody,
        response: { 200: Ok },
      },
    },
    async (request) => {
      await changePassword(
        ctx,
        actorOf(request),
        requestMeta(request),
        request.body.currentPassword,
        request.body.newPassword,
      );
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/password-reset/request',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'E-mail a password reset link',
        body: ResetRequestBody,
        response: { 202: Ok },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(ctx, request.body.email, requestMeta(request));
      return reply.status(202).send({ ok: true as const });
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Set a new password with a reset or invitation link',
        body: ResetConfirmBody,
        response: { 200: Ok },
      },
    },
    async (request) => {
      await confirmPasswordReset(ctx, request.body.token, request.body.password, requestMeta(request));
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/sessions',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'My open sessions', response: { 200: z.array(SessionInfo) } },
    },
    (request) => listSessions(ctx, actorOf(request)),
  );

  app.delete(
    '/auth/sessions/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Revoke one of my sessions',
        params: z.object({ id: z.uuid() }),
        response: { 200: Ok },
      },
    },
    async (request) => {
      await endSession(ctx, actorOf(request), requestMeta(request), request.params.id);
      return { ok: true as const };
    },
  );
}
