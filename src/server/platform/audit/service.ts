import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import type { Actor, RequestMeta } from '../permissions/actor.ts';
import { chainFor, entryHash } from './hash.ts';
import { auditChains, auditLog } from './schema.ts';

export type Changes = Record<string, { before: unknown; after: unknown }>;

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  /** Where in the org tree the change happened, for scoped browsing. */
  unitPath: string | null;
  changes: Changes;
}

export interface AuditContext {
  actor: Pick<Actor, 'userId'> | null;
  role: string | null;
  meta: RequestMeta;
}

/** Fields that differ between two versions of a record (both may be partial). */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Changes {
  const out: Changes = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    if (k === 'updatedAt' || k === 'passwordHash') continue;
    const b = before?.[k] ?? null;
    const a = after?.[k] ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) out[k] = { before: b, after: a };
  }
  return out;
}

/**
 * Appends an entry in the caller's transaction, so the change and its record commit together.
 * Only the entity's chain head is locked, and only until the caller commits: call this last.
 */
export async function recordAudit(tx: Tx, ctx: AuditContext, input: AuditInput): Promise<void> {
  const chain = chainFor(input.entityType, input.entityId);
  const [head] = await tx
    .select({ seq: auditChains.seq, headHash: auditChains.headHash })
    .from(auditChains)
    .where(eq(auditChains.chain, chain))
    .for('update');
  if (!head) throw new Error(`audit chain ${chain} missing: run the migrations`);
  const fields = {
    chain,
    seq: head.seq + 1,
    at: new Date().toISOString(),
    actorId: ctx.actor?.userId ?? null,
    actorRole: ctx.role,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    unitPath: input.unitPath,
    changes: input.changes,
    requestId: ctx.meta.requestId,
    ip: ctx.meta.ip,
    prevHash: head.headHash,
  };
  const hash = entryHash(fields);
  await tx.insert(auditLog).values({ ...fields, hash });
  await tx.update(auditChains).set({ seq: fields.seq, headHash: hash }).where(eq(auditChains.chain, chain));
}

export const SYSTEM: AuditContext = { actor: null, role: 'system', meta: { requestId: null, ip: null } };
