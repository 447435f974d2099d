import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateCfdi } from '../modules/finance/cfdi.ts';
import { sampleCfdi, sampleTotal } from './cfdi-sample.ts';

describe('demo CFDI samples', () => {
  it('pass every check of the real validation, with the total they announce', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 86_399 }),
        fc
          .string({ minLength: 1, maxLength: 60 })
          .filter(
            (s) =>
              s.trim().length > 0 && [...s].every((ch) => ch >= ' ' && ch !== '\ufffe' && ch !== '\uffff'),
          ),
        (subtotal, day, second, description) => {
          const d = new Date(Date.UTC(2026, 0, 1 + day, 0, 0, second)).toISOString().slice(0, 19);
          const uuid = randomUUID().toUpperCase();
          const r = validateCfdi(
            sampleCfdi({
              uuid,
              issuedAt: d,
              emisor: { rfc: 'CPA1201013B1', name: 'COMERCIALIZADORA PAPELERA DEL ALTIPLANO' },
              description,
              subtotal,
            }),
            {
              cycle: { from: '2026-01-01', to: '2026-12-31' },
              receptorRfc: null,
              now: new Date('2026-12-31T23:00:00Z'),
            },
          );
          expect(r.checks.filter((c) => !c.ok && c.severity === 'error')).toEqual([]);
          expect(r.facts?.total).toBe(sampleTotal(subtotal));
          expect(r.facts?.uuid).toBe(uuid);
        },
      ),
      { numRuns: 200 },
    );
  });
});
