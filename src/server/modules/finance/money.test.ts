import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoFederalRules, demoJaliscoAdaptation } from '../../demo/pec-rules.ts';
import { effectiveRules } from '../rules/effective.ts';
import {
  allocate,
  apportion,
  type MatchContribution,
  type MatchRules,
  matchFor,
  requiredContribution,
} from './money.ts';

const statesArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 32 })
  .chain((ids) =>
    fc.tuple(
      fc.constant(ids),
      fc.array(fc.integer({ min: 0, max: 3_000_000 }), { minLength: ids.length, maxLength: ids.length }),
    ),
  )
  .map(([ids, values]) => ids.map((id, i) => ({ id, basisValue: values[i] as number })));
const budgetArb = fc.integer({ min: 0, max: 1e15 });

describe('allocate', () => {
  it('shares exactly the budget among the states with any basis, in proportion, within a centavo', () => {
    fc.assert(
      fc.property(budgetArb, statesArb, fc.constantFrom(1, 2, 3, 2.5, 4), (budget, states, ratio) => {
        const shares = allocate(budget, states, ratio);
        const withBasis = states.filter((s) => s.basisValue > 0);
        expect(shares.map((s) => s.id).sort()).toEqual(withBasis.map((s) => s.id).sort());
        if (!withBasis.length) return;
        expect(shares.reduce((n, s) => n + s.amount, 0)).toBe(budget);
        expect(shares.reduce((n, s) => n + s.shareBp, 0)).toBe(10_000);
        const total = withBasis.reduce((n, s) => n + s.basisValue, 0);
        for (const s of shares) {
          // |amount − budget·basis/total| < 1, checked exactly with integers.
          const exact = BigInt(budget) * BigInt(s.basisValue);
          const scaled = BigInt(s.amount) * BigInt(total);
          const gap = exact > scaled ? exact - scaled : scaled - exact;
          expect(gap < BigInt(total)).toBe(true);
          // The required contribution is the smallest that the ratio turns into at least the amount.
          expect(s.requiredStateContribution).toBe(Math.max(0, Math.ceil(s.amount / ratio - 1e-9)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives a larger basis at least as much', () => {
    fc.assert(
      fc.property(budgetArb, statesArb, (budget, states) => {
        const shares = allocate(budget, states, 3);
        for (const a of shares)
          for (const b of shares)
            if (a.basisValue > b.basisValue) expect(a.amount).toBeGreaterThanOrEqual(b.amount);
      }),
    );
  });

  it('works the example: 20 million pesos over 5 and 3 eligible schools, 3:1', () => {
    const shares = allocate(
      2_000_000_000,
      [
        { id: 14, basisValue: 5 },
        { id: 17, basisValue: 3 },
        { id: 9, basisValue: 0 },
      ],
      3,
    );
    expect(shares).toEqual([
      { id: 14, basisValue: 5, shareBp: 6250, amount: 1_250_000_000, requiredStateContribution: 416_666_667 },
      { id: 17, basisValue: 3, shareBp: 3750, amount: 750_000_000, requiredStateContribution: 250_000_000 },
    ]);
    // A third each: the odd centavo goes to the first.
    expect(apportion(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(requiredContribution(10, 3)).toBe(4);
  });
});

const contributionArb: fc.Arbitrary<MatchContribution> = fc.record({
  kind: fc.constantFrom('cash', 'in_kind', 'labour'),
  amount: fc.integer({ min: 1, max: 10_000_000 }),
  status: fc.constantFrom('registered', 'approved', 'rejected'),
});
const rulesArb: fc.Arbitrary<MatchRules> = fc.record({
  matchPerPeso: fc.constantFrom(0.5, 1, 2, 1.25),
  matchCap: fc.integer({ min: 0, max: 5_000_000 }),
  inKindCounts: fc.boolean(),
});

describe('matchFor', () => {
  it('never goes above the cap, and is zero with nothing approved', () => {
    fc.assert(
      fc.property(fc.array(contributionArb), rulesArb, (cs, rules) => {
        const m = matchFor(cs, rules);
        expect(m.amount).toBeLessThanOrEqual(rules.matchCap);
        expect(m.amount).toBeGreaterThanOrEqual(0);
        expect(Number.isSafeInteger(m.amount)).toBe(true);
        if (!cs.some((c) => c.status === 'approved')) expect(m.amount).toBe(0);
        expect(m.amount).toBe(Math.min(rules.matchCap, Math.floor(m.counted * rules.matchPerPeso + 1e-9)));
      }),
    );
  });

  it('grows with what is raised: one more approved contribution never lowers it', () => {
    fc.assert(
      fc.property(fc.array(contributionArb), contributionArb, rulesArb, (cs, extra, rules) => {
        const before = matchFor(cs, rules).amount;
        expect(matchFor([...cs, { ...extra, status: 'approved' }], rules).amount).toBeGreaterThanOrEqual(
          before,
        );
      }),
    );
  });

  it('ignores in-kind and labour when the rules say so, and counts them when they do not', () => {
    fc.assert(
      fc.property(fc.array(contributionArb), rulesArb, (cs, rules) => {
        const cashOnly = cs.filter((c) => c.kind === 'cash');
        const off = { ...rules, inKindCounts: false };
        expect(matchFor(cs, off).amount).toBe(matchFor(cashOnly, off).amount);
        const on = { ...rules, inKindCounts: true };
        const asCash = cs.map((c) => ({ ...c, kind: 'cash' as const }));
        expect(matchFor(cs, on).amount).toBe(matchFor(asCash, on).amount);
      }),
    );
  });

  it("explains the rules' example: one peso per peso, Jalisco's cap of 10,000", () => {
    const federal = demoFederalRules(2026);
    const jal = effectiveRules(federal, demoJaliscoAdaptation(federal)).money;
    const approved = (kind: MatchContribution['kind'], amount: number): MatchContribution => ({
      kind,
      amount,
      status: 'approved',
    });
    const m = matchFor([approved('cash', 800_000), approved('in_kind', 300_000)], jal);
    expect(m.amount).toBe(800_000);
    expect(m.es).toBe(
      'Reunió $8,000.00 en efectivo; por cada peso, hasta $1.00: $8,000.00 (tope $10,000.00). No cuentan $3,000.00 en especie o mano de obra.',
    );
    expect(m.en).toBe(
      'Raised $8,000.00 in cash; up to $1.00 per peso: $8,000.00 (cap $10,000.00). $3,000.00 in kind or labour does not count.',
    );
    const over = matchFor([approved('cash', 1_500_000)], jal);
    expect(over).toMatchObject({ amount: 1_000_000, capped: true, uncapped: 1_500_000 });
    expect(over.es).toBe(
      'Reunió $15,000.00 en efectivo; por cada peso, hasta $1.00: $10,000.00 (tope $10,000.00).',
    );
    // The federal cap (25,000) where the state does not change it.
    expect(matchFor([approved('cash', 1_500_000)], federal.money).amount).toBe(1_500_000);
  });
});
