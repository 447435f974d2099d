import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateUnitBody,
  OrgUnitDetail,
  UnitList,
  UnitListQuery,
  UpdateUnitBody,
} from '../../../contract/api.ts';
import { actorOf, requestMeta } from '../../platform/http/guard.ts';
import { createUnit, getUnitDetail, listUnits, updateUnit } from './service.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['org'];

export async function orgRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;

  app.get(
    '/units',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'List units: my roots, children of a unit, or a search',
        querystring: UnitListQuery,
        response: { 200: UnitList },
      },
    },
    (request) => listUnits(db, actorOf(request), request.query),
  );

  app.get(
    '/units/:id',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: "A unit's details, ancestors, counts and people",
        params: IdParams,
        response: { 200: OrgUnitDetail },
      },
    },
    (request) => getUnitDetail(db, actorOf(request), request.params.id),
  );

  app.patch(
    '/units/:id',
    {
      config: { permission: 'org.manage' },
      schema: {
        tags,
        summary: 'Rename or (de)activate a unit',
        params: IdParams,
        body: UpdateUnitBody,
        response: { 200: OrgUnitDetail },
      },
    },
    (request) => updateUnit(db, actorOf(request), requestMeta(request), request.params.id, request.body),
  );

  app.post(
    '/units',
    {
      config: { permission: 'org.manage' },
      schema: {
        tags,
        summary: 'Create a unit under a parent',
        body: CreateUnitBody,
        response: { 201: OrgUnitDetail },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createUnit(db, actorOf(request), requestMeta(request), request.body)),
  );
}
