import { createHash } from 'node:crypto';
import { dbTimeIso } from '../time.ts';

export const AUDIT_CHAINS = 16;
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so jsonb's own key order never changes a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface HashedFields {
  chain: number;
  seq: number;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string;
  unitPath: string | null;
  changes: unknown;
  requestId: string | null;
  ip: string | null;
  prevHash: string;
}

export function entryHash(f: HashedFields): string {
  // Name every field: a row from the database carries more (id, hash) that must not count.
  const body = canonicalJson({
    chain: f.chain,
    seq: f.seq,
    at: dbTimeIso(f.at),
    actorId: f.actorId,
    actorRole: f.actorRole,
    action: f.action,
    entityType: f.entityType,
    entityId: f.entityId,
    unitPath: f.unitPath,
    changes: f.changes,
    requestId: f.requestId,
    ip: f.ip,
    prevHash: f.prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

/** Spreads entities over the chains; one entity's history always stays on one chain. */
export function chainFor(entityType: string, entityId: string): number {
  let h = 2166136261;
  for (const ch of `${entityType}:${entityId}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % AUDIT_CHAINS;
}
