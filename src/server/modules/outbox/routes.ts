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
  attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType })),
});

/**
 * `attachment; filename="…"` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / 8187), so a
 * name with accents, quotes or line breaks can neither break nor inject the header.
 */
function attachmentDisposition(name: string): string {
  const filename = name.toWellFormed();
  const ascii = filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii || 'adjunto'}"; filename*=UTF-8''${encoded}`;
}

/** A stored content type, or a safe default when it is not a plain `type/subtype[; params]`. */
const safeContentType = (t: string) =>
  /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"\r\n]*"|[\w.+-]+))*$/.test(t) ? t : 'application/octet-stream';

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

  app.get(
    '/:id/attachments/:index',
    {
      config: { permission: 'outbox.read' },
      schema: {
        tags,
        summary: "One of a message's attachments, as a download",
        params: z.object({ id: z.uuid(), index: z.coerce.number().int().min(0).max(99) }),
      },
    },
    async (request, reply) => {
      requireNational(request);
      const [row] = await db
        .select({ attachments: mailOutbox.attachments })
        .from(mailOutbox)
        .where(eq(mailOutbox.id, request.params.id));
      const attachment = row?.attachments[request.params.index];
      if (!attachment) throw new AppError(404, 'not_found');
      return reply
        .type(safeContentType(attachment.contentType))
        .header('content-disposition', attachmentDisposition(attachment.filename))
        .send(attachment.content);
    },
  );
}
