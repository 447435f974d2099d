import { count, desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OutboxList, OutboxMessage, PageQuery } from '../../../contract/api.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { actorOf } from '../../platform/http/guard.ts';
import { mailOutbox } from '../../platform/mail/schema.ts';
import { grantsFor } from '../../platform/permissions/policy.ts';
import { dbTimeIso } from '../../platform/time.ts';

const tags = ['outbox'];

type Row = typeof mailOutbox.$inferSelect;
const present = (m: Row) => ({
  id: m.id,
  to: m.to,
  subject: m.subject,
  text: m.text,
  createdAt: dbTimeIso(m.createdAt),
  sentAt: m.sentAt ? dbTimeIso(m.sentAt) : null,
  transport: m.transport,
  error: m.error,
});

/** The dev outbox: mail is not tied to a unit, so reading it takes outbox.read on the nation. */
export async function outboxRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;
  const requireNational = (request: Parameters<typeof actorOf>[0]) => {
    if (!grantsFor(actorOf(request), 'outbox.read').some((a) => a.unitKind === 'nation'))
      throw new AppError(403, 'forbidden');
  };

  app.get(
    '/',
    {
      config: { permission: 'outbox.read' },
      schema: {
        tags,
        summary: 'Messages sent or queued',
        querystring: PageQuery,
        response: { 200: OutboxList },
      },
    },
    async (request) => {
      requireNational(request);
      const [total] = await db.select({ n: count() }).from(mailOutbox);
      const rows = await db
        .select()
        .from(mailOutbox)
        .orderBy(desc(mailOutbox.createdAt))
        .limit(request.query.limit)
        .offset(request.query.offset);
      return { items: rows.map(present), total: total?.n ?? 0 };
    },
  );

  app.get(
    '/:id',
    {
      config: { permission: 'outbox.read' },
      schema: {
        tags,
        summary: 'One message',
        params: z.object({ id: z.uuid() }),
        response: { 200: OutboxMessage },
      },
    },
    async (request) => {
      requireNational(request);
      const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, request.params.id));
      if (!row) throw new AppError(404, 'not_found');
      return present(row);
    },
  );
}
