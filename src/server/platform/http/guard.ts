import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Permission } from '../../../contract/roles.ts';
import { resolveSession, SESSION_COOKIE } from '../auth/sessions.ts';
import type { Actor, RequestMeta } from '../permissions/actor.ts';
import { hasPermissionAnywhere } from '../permissions/policy.ts';
import { sendProblem } from './problem.ts';

/**
 * What a route requires: 'public' (anyone), 'authenticated' (any signed-in user), or a
 * permission the user must hold on at least one unit. The service then checks the specific
 * resource against the user's scope (platform/permissions/policy.ts).
 */
export type RoutePermission = 'public' | 'authenticated' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** Every route with the permission it declared, for the route-permission test and audits. */
    declaredRoutes: { method: string; url: string; permission: RoutePermission | undefined }[];
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function requestMeta(request: FastifyRequest): RequestMeta {
  return { requestId: request.id, ip: request.ip };
}

/** The signed-in actor; routes that are not public never run without one. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error('actorOf() on a route without an actor');
  return request.actor;
}

export const guardPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('actor', null);
  app.decorate('declaredRoutes', []);

  // A route that forgets to declare its permission does not start: the server refuses to boot.
  app.addHook('onRoute', (route) => {
    // The API documentation pages (registered by @fastify/swagger-ui) are public by design.
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, permission: 'public' };
    for (const method of [route.method].flat()) {
      app.declaredRoutes.push({ method, url: route.url, permission: route.config?.permission });
    }
    if (!route.config?.permission) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares no permission (config.permission)`,
      );
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const permission = request.routeOptions.config?.permission;
    if (!permission) return; // unmatched URLs: the 404 handler answers
    const token = request.cookies[SESSION_COOKIE];
    let expired = false;
    if (token) {
      const found = await resolveSession(app.ctx.db, app.ctx.cfg, token);
      if (found.status === 'ok') request.actor = found.actor;
      else {
        expired = found.status === 'expired';
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    }
    if (!SAFE_METHODS.has(request.method)) {
      // Cross-site requests: refuse a foreign Origin outright, and require the session's token.
      const origin = request.headers.origin;
      if (origin && !sameOrigin(origin, request)) return sendProblem(request, reply, 403, 'csrf_failed');
      if (request.actor && request.headers['x-csrf-token'] !== request.actor.csrfToken) {
        return sendProblem(request, reply, 403, 'csrf_failed');
      }
    }
    if (permission === 'public') return;
    if (!request.actor)
      return sendProblem(request, reply, 401, expired ? 'session_expired' : 'unauthenticated');
    if (permission === 'authenticated') return;
    if (!hasPermissionAnywhere(request.actor, permission))
      return sendProblem(request, reply, 403, 'forbidden');
  });
});

function sameOrigin(origin: string, request: FastifyRequest): boolean {
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}
