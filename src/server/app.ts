import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './context.ts';
import { allianceFileRoutes } from './modules/alliance/file-routes.ts';
import { allianceRoutes } from './modules/alliance/routes.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { importRoutes } from './modules/catalog/import-routes.ts';
import { catalogRoutes } from './modules/catalog/routes.ts';
import { enrollmentRoutes } from './modules/enrollment/routes.ts';
import { closingRoutes } from './modules/finance/closing-routes.ts';
import { expenseRoutes } from './modules/finance/expense-routes.ts';
import { financeRoutes } from './modules/finance/routes.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { orgRoutes } from './modules/org/routes.ts';
import { outboxRoutes } from './modules/outbox/routes.ts';
import { planningFileRoutes } from './modules/planning/file-routes.ts';
import { planningRoutes } from './modules/planning/routes.ts';
import { rulesRoutes } from './modules/rules/routes.ts';
import { transparencyRoutes } from './modules/transparency/routes.ts';
import { userRoutes } from './modules/users/routes.ts';
import { staffRoutes } from './modules/users/staff-routes.ts';
import { guardPlugin } from './platform/http/guard.ts';
import { registerOpenApi } from './platform/http/openapi.ts';
import { registerProblemHandlers } from './platform/http/problem.ts';
import { registerSecurity } from './platform/http/security.ts';
import { registerWeb } from './platform/http/web.ts';

export const BODY_LIMIT = 256 * 1024;

/** Builds the HTTP app without listening, so tests drive it with inject() or a real socket. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    trustProxy: ctx.cfg.TRUST_PROXY,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.decorate('ctx', ctx);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Only JSON bodies: a cross-site HTML form (text/plain, urlencoded) cannot reach a handler.
  app.removeContentTypeParser(['text/plain']);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerProblemHandlers(app);
  await registerSecurity(app);
  await app.register(guardPlugin);
  await registerOpenApi(app);

  await app.register(healthRoutes);
  await app.register(authRoutes, { prefix: '/api' });
  await app.register(orgRoutes, { prefix: '/api/org' });
  await app.register(userRoutes, { prefix: '/api/users' });
  await app.register(staffRoutes, { prefix: '/api/org' });
  await app.register(catalogRoutes, { prefix: '/api/catalog' });
  await app.register(importRoutes, { prefix: '/api/catalog' });
  await app.register(allianceRoutes, { prefix: '/api/alliance' });
  await app.register(allianceFileRoutes, { prefix: '/api/alliance' });
  await app.register(rulesRoutes, { prefix: '/api/pec' });
  await app.register(enrollmentRoutes, { prefix: '/api/pec' });
  await app.register(planningRoutes, { prefix: '/api/pec' });
  await app.register(expenseRoutes, { prefix: '/api/pec' });
  await app.register(closingRoutes, { prefix: '/api/pec' });
  await app.register(planningFileRoutes, { prefix: '/api/pec' });
  await app.register(financeRoutes, { prefix: '/api/pec' });
  await app.register(transparencyRoutes);
  await app.register(auditRoutes, { prefix: '/api/audit' });
  await app.register(outboxRoutes, { prefix: '/api/outbox' });
  await registerWeb(app, ctx.cfg.WEB_DIR);
  return app;
}
