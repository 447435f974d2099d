import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUDIT_CHAINS, canonicalJson, chainFor, entryHash, GENESIS_HASH } from './hash.ts';

const shuffleKeys = (v: unknown): unknown => {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(shuffleKeys);
  return Object.fromEntries(
    Object.entries(v)
      .reverse()
      .map(([k, x]) => [k, shuffleKeys(x)]),
  );
};

describe('audit hashing', () => {
  it('canonical JSON does not depend on key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(shuffleKeys(v))).toBe(canonicalJson(v));
      }),
    );
  });

  it('spreads entities over the chains, always the same chain for one entity', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (type, id) => {
        const c = chainFor(type, id);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThan(AUDIT_CHAINS);
        expect(chainFor(type, id)).toBe(c);
      }),
    );
  });

  it('changes when any hashed field changes, and not with the timestamp format', () => {
    const base = {
      chain: 3,
      seq: 7,
      at: '2026-11-24T10:00:00.123Z',
      actorId: null,
      actorRole: 'auditor',
      action: 'x.y',
      entityType: 'user',
      entityId: '1',
      unitPath: '/1/',
      changes: { a: { before: 1, after: 2 } },
      requestId: 'r',
      ip: '127.0.0.1',
      prevHash: GENESIS_HASH,
    };
    const h = entryHash(base);
    expect(entryHash({ ...base, at: '2026-11-24 10:00:00.123+00' })).toBe(h);
    for (const [k, v] of Object.entries({
      seq: 8,
      action: 'x.z',
      entityId: '2',
      unitPath: null,
      changes: {},
      prevHash: 'f'.repeat(64),
    })) {
      expect(entryHash({ ...base, [k]: v })).not.toBe(h);
    }
  });
});
