import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SchoolStaff } from '../../../contract/staff.ts';
import { actorOf } from '../../platform/http/guard.ts';
import { getSchoolStaff } from './staff.ts';

/**
 * A school's staff, under /api/org/units/:id/staff because it is read from the school's page.
 * Changes go through the users routes (invite, grant, revoke), which hold the grant policy.
 */
export async function staffRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;

  app.get(
    '/units/:id/staff',
    {
      config: { permission: 'users.read' },
      schema: {
        tags: ['users'],
        summary: "A school's staff by role, and its zone supervision and sector head",
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: SchoolStaff },
      },
    },
    (request) => getSchoolStaff(db, actorOf(request), request.params.id),
  );
}
