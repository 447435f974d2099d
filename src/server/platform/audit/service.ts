import { asc, eq, inArray, sql } from 'drizzle-orm';
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
  await recordAudits(tx, [{ ctx, input }]);
}

/** Rows per insert: a statement carries at most 65,535 parameters. */
const INSERT_SLICE = 1000;

/**
 * Appends several entries in three statements (a batch of plan steps; one more insert per
 * thousand entries): the heads of their chains locked in chain order (so two batches cannot
 * deadlock), every row, the new heads. Entries of one chain follow each other in the order given.
 */
export async function recordAudits(
  tx: Tx,
  entries: { ctx: AuditContext; input: AuditInput }[],
): Promise<void> {
  if (!entries.length) return;
  const chains = [...new Set(entries.map((e) => chainFor(e.input.entityType, e.input.entityId)))].sort(
    (a, b) => a - b,
  );
  const heads = await tx
    .select({ chain: auditChains.chain, seq: auditChains.seq, headHash: auditChains.headHash })
    .from(auditChains)
    .where(
      chains.length === 1 ? eq(auditChains.chain, chains[0] as number) : inArray(auditChains.chain, chains),
    )
    .orderBy(asc(auditChains.chain))
    .for('update');
  const head = new Map(heads.map((h) => [h.chain, { seq: h.seq, hash: h.headHash }]));
  const at = new Date().toISOString();
  const rows = entries.map(({ ctx, input }) => {
    const chain = chainFor(input.entityType, input.entityId);
    const prev = head.get(chain);
    if (!prev) throw new Error(`audit chain ${chain} missing: run the migrations`);
    const fields = {
      chain,
      seq: prev.seq + 1,
      at,
      actorId: ctx.actor?.userId ?? null,
      actorRole: ctx.role,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      unitPath: input.unitPath,
      changes: input.changes,
      requestId: ctx.meta.requestId,
      ip: ctx.meta.ip,
      prevHash: prev.hash,
    };
    const hash = entryHash(fields);
    head.set(chain, { seq: fields.seq, hash });
    return { ...fields, hash };
  });
  // A state's whole selection is thousands of entries.
  for (let i = 0; i < rows.length; i += INSERT_SLICE)
    await tx.insert(auditLog).values(rows.slice(i, i + INSERT_SLICE));
  if (chains.length === 1) {
    const h = head.get(chains[0] as number) as { seq: number; hash: string };
    await tx
      .update(auditChains)
      .set({ seq: h.seq, headHash: h.hash })
      .where(eq(auditChains.chain, chains[0] as number));
    return;
  }
  const values = sql.join(
    chains.map((c) => {
      const h = head.get(c) as { seq: number; hash: string };
      return sql`(${c}::int, ${h.seq}::bigint, ${h.hash}::text)`;
    }),
    sql`, `,
  );
  await tx
    .update(auditChains)
    .set({ seq: sql`v.v_seq`, headHash: sql`v.v_hash` })
    .from(sql`(values ${values}) as v(v_chain, v_seq, v_hash)`)
    .where(sql`${auditChains.chain} = v.v_chain`);
}

/**
 * Locks every chain head, in chain order, until the caller commits: for a transaction that goes on
 * to append entries one at a time on many chains (a catalog import's batches), so that it cannot
 * take them in an order that deadlocks with a writer of several entries at once.
 */
export async function lockAuditChains(tx: Tx): Promise<void> {
  await tx
    .select({ chain: auditChains.chain })
    .from(auditChains)
    .orderBy(asc(auditChains.chain))
    .for('update');
}

export const SYSTEM: AuditContext = { actor: null, role: 'system', meta: { requestId: null, ip: null } };
