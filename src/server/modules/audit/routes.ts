import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditList, AuditQuery } from '../../../contract/api.ts';
import { actorOf } from '../../platform/http/guard.ts';
import { listAudit } from './service.ts';

export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Browse the audit trail in my scope',
        querystring: AuditQuery,
        response: { 200: AuditList },
      },
    },
    (request) => listAudit(app.ctx.db, actorOf(request), request.query),
  );
}
