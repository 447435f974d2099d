import { and, asc, eq, gt } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { AUDIT_CHAINS, entryHash, GENESIS_HASH } from './hash.ts';
import { auditChains, auditLog } from './schema.ts';

export interface VerifyResult {
  ok: boolean;
  entries: number;
  firstBroken?: { id: number | null; chain: number; seq: number; reason: string };
}

const BATCH = 5000;

/**
 * Walks every chain in sequence order: each entry must hash to its stored hash, point at the
 * previous entry's hash, and follow it without a gap; the chain's head must match its last entry.
 */
export async function verifyAuditTrail(db: Executor): Promise<VerifyResult> {
  let total = 0;
  const heads = await db.select().from(auditChains).orderBy(asc(auditChains.chain));
  if (heads.length !== AUDIT_CHAINS) {
    return {
      ok: false,
      entries: 0,
      firstBroken: { id: null, chain: -1, seq: 0, reason: 'chain heads missing' },
    };
  }
  for (const head of heads) {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let lastSeq = 0;
    for (;;) {
      const rows = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.chain, head.chain), gt(auditLog.seq, lastSeq)))
        .orderBy(asc(auditLog.seq))
        .limit(BATCH);
      for (const r of rows) {
        const broken = (reason: string): VerifyResult => ({
          ok: false,
          entries: total,
          firstBroken: { id: r.id, chain: r.chain, seq: r.seq, reason },
        });
        if (r.seq !== expectedSeq) return broken(`sequence gap: expected ${expectedSeq}, found ${r.seq}`);
        if (r.prevHash !== prevHash) return broken('previous-hash link does not match the entry before it');
        const recomputed = entryHash({ ...r, seq: Number(r.seq) });
        if (recomputed !== r.hash) return broken('content does not match its hash (entry altered)');
        prevHash = r.hash;
        expectedSeq++;
        total++;
      }
      if (rows.length < BATCH) break;
      lastSeq = rows[rows.length - 1]?.seq ?? lastSeq;
    }
    if (head.seq !== expectedSeq - 1 || head.headHash !== prevHash) {
      return {
        ok: false,
        entries: total,
        firstBroken: {
          id: null,
          chain: head.chain,
          seq: expectedSeq,
          reason: `chain head says ${head.seq} entries but ${expectedSeq - 1} were found (entries removed)`,
        },
      };
    }
  }
  return { ok: true, entries: total };
}
