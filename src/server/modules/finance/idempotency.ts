import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Tx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { idempotencyKeys } from './schema.ts';

/** A claim still in flight after this long belonged to a process that died: it may be taken over. */
const ABANDONED_SECONDS = 120;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export const requestHash = (route: string, body: unknown) =>
  createHash('sha256')
    .update(`${route}\n${canonical(body)}`)
    .digest('hex');

export interface Outcome<T> {
  status: number;
  body: T;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

/**
 * Runs a money-moving operation at most once per (person, key). The key is claimed first in its own
 * statement, so a concurrent duplicate sees the claim: same payload still running → 409; a different
 * payload under the same key → 422; same payload already done → the first answer, again. The
 * operation and the stored answer commit in one transaction; if the operation fails the claim is
 * released so a corrected retry can run.
 */
export async function idempotent<T>(
  db: Db,
  userId: string,
  key: string | undefined,
  route: string,
  body: unknown,
  run: (tx: Tx) => Promise<{ status: number; body: T }>,
): Promise<Outcome<T>> {
  if (!key || !/^[\w.:-]{8,200}$/.test(key)) throw new AppError(400, 'idempotency_key_required');
  const hash = requestHash(route, body);
  const claimed = await db
    .insert(idempotencyKeys)
    .values({ key, userId, route, requestHash: hash, state: 'in_flight' })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length === 0) {
    const [seen] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
    if (!seen) throw new AppError(409, 'idempotency_in_flight');
    if (seen.requestHash !== hash || seen.route !== route) throw new AppError(422, 'idempotency_key_reused');
    if (seen.state === 'done')
      return { status: seen.statusCode ?? 200, body: seen.response as T, replayed: true };
    const taken = await db
      .update(idempotencyKeys)
      .set({ createdAt: sql`now()` as never })
      .where(
        and(
          eq(idempotencyKeys.userId, userId),
          eq(idempotencyKeys.key, key),
          eq(idempotencyKeys.state, 'in_flight'),
          sql`${idempotencyKeys.createdAt} < now() - make_interval(secs => ${ABANDONED_SECONDS})`,
        ),
      )
      .returning({ key: idempotencyKeys.key });
    if (taken.length === 0) throw new AppError(409, 'idempotency_in_flight');
  }
  try {
    return await db.transaction(async (tx) => {
      const result = await run(tx);
      await tx
        .update(idempotencyKeys)
        .set({ state: 'done', statusCode: result.status, response: result.body as never })
        .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
      return { ...result, replayed: false };
    });
  } catch (err) {
    await db
      .delete(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.userId, userId),
          eq(idempotencyKeys.key, key),
          eq(idempotencyKeys.state, 'in_flight'),
        ),
      );
    throw err;
  }
}

/** The request's Idempotency-Key header (the first, if repeated). */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const k = request.headers['idempotency-key'];
  return Array.isArray(k) ? k[0] : k;
}

/** Sends an idempotent outcome: the first answer's status and body, marked when it is a replay. */
export function sendOutcome<T>(reply: FastifyReply, outcome: Outcome<T>) {
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(outcome.status).send(outcome.body);
}
