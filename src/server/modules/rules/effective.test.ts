import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEADLINES,
  type Deadline,
  type FederalRules,
  FederalRules as FederalRulesSchema,
  type StateAdaptation,
  StateAdaptation as StateAdaptationSchema,
} from '../../../contract/rules.ts';
import { demoFederalRules, demoJaliscoAdaptation, demoMorelosAdaptation } from '../../demo/pec-rules.ts';
import {
  adaptationProblems,
  capForYears,
  differences,
  effectiveRules,
  federalProblems,
} from './effective.ts';

const day = (base: string, n: number) => {
  const d = new Date(`${base}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** Federal rules with a calendar in order, tiers and categories with or without caps. */
const federalArb: fc.Arbitrary<FederalRules> = fc
  .record({
    gaps: fc.array(fc.integer({ min: 0, max: 60 }), {
      minLength: DEADLINES.length,
      maxLength: DEADLINES.length,
    }),
    tierYears: fc.uniqueArray(fc.integer({ min: 0, max: 10 }), { maxLength: 3 }),
    tierCaps: fc.array(fc.integer({ min: 0, max: 20_000_000 }), { minLength: 4, maxLength: 4 }),
    matchCap: fc.integer({ min: 0, max: 10_000_000 }),
    cats: fc.array(
      fc.record({
        forbidden: fc.boolean(),
        maxAmount: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
        maxShareBp: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  })
  .map(({ gaps, tierYears, tierCaps, matchCap, cats }) => {
    const base = demoFederalRules(2027);
    let offset = 0;
    const calendar = Object.fromEntries(
      DEADLINES.map((d, i) => {
        offset += gaps[i] ?? 0;
        return [d, day('2027-03-01', offset)];
      }),
    ) as FederalRules['calendar'];
    const tiers = [
      ...tierYears
        .sort((a, b) => a - b)
        .map((y, i) => ({ maxYears: y as number | null, cap: tierCaps[i] ?? 0 })),
      {
        maxYears: null,
        cap: tierCaps[3] ?? 0,
      },
    ];
    return {
      ...base,
      calendar,
      money: { ...base.money, grantTiers: tiers, matchCap },
      spending: {
        ...base.spending,
        categories: cats.map((c, i) => ({ code: `cat_${i}`, name: `Categoría ${i}`, ...c })),
      },
    };
  });

/** An adaptation inside the bounds of `f`, built by moving each chosen value toward its bound. */
function insideArb(f: FederalRules): fc.Arbitrary<StateAdaptation> {
  return fc
    .record({
      pick: fc.array(fc.boolean(), { minLength: DEADLINES.length, maxLength: DEADLINES.length }),
      shifts: fc.array(fc.integer({ min: 0, max: 30 }), {
        minLength: DEADLINES.length,
        maxLength: DEADLINES.length,
      }),
      tierFactor: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
      matchFactor: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
      catFactor: fc.double({ min: 0, max: 1, noNaN: true }),
      contribution: fc.integer({ min: 0, max: 1e12 }),
    })
    .map(({ pick, shifts, tierFactor, matchFactor, catFactor, contribution }) => {
      const merged: Record<Deadline, string> = { ...f.calendar };
      const calendar: Partial<Record<Deadline, string>> = {};
      // Every deadline after the call: no later than federal, never before the previous one.
      for (let i = 1; i < DEADLINES.length; i++) {
        const d = DEADLINES[i] as Deadline;
        if (!pick[i]) continue;
        const prev = merged[DEADLINES[i - 1] as Deadline];
        const wanted = day(f.calendar[d], -(shifts[i] ?? 0));
        merged[d] = [wanted, prev].sort().at(-1) as string;
        calendar[d] = merged[d];
      }
      if (pick[0]) {
        const wanted = day(f.calendar.call_opens, shifts[0] ?? 0);
        calendar.call_opens = [wanted, merged.registration_closes].sort()[0] as string;
      }
      const categoryCaps: StateAdaptation['categoryCaps'] = {};
      for (const c of f.spending.categories.filter((x) => !x.forbidden).slice(0, 2)) {
        categoryCaps[c.code] = {
          maxAmount: c.maxAmount === null ? 123_400 : Math.floor(c.maxAmount * catFactor),
          maxShareBp: c.maxShareBp === null ? null : Math.floor(c.maxShareBp * catFactor),
        };
      }
      return StateAdaptationSchema.parse({
        calendar,
        weights: { rural: 40 },
        stateContribution: contribution,
        grantCaps:
          tierFactor === null
            ? null
            : f.money.grantTiers.map((t) => ({ maxYears: t.maxYears, cap: Math.floor(t.cap * tierFactor) })),
        matchCap: matchFactor === null ? null : Math.floor(f.money.matchCap * matchFactor),
        categoryCaps,
      });
    });
}

const withFederal = federalArb.chain((f) => insideArb(f).map((a) => ({ f, a })));

describe('state adaptations within the federal bounds', () => {
  it('the demo documents are valid and the demo adaptations are inside the bounds', () => {
    const f = FederalRulesSchema.parse(demoFederalRules(2026));
    expect(federalProblems(f)).toEqual([]);
    expect(adaptationProblems(f, StateAdaptationSchema.parse(demoJaliscoAdaptation(f)))).toEqual([]);
    expect(adaptationProblems(f, StateAdaptationSchema.parse(demoMorelosAdaptation(f)))).toEqual([]);
  });

  it('accepts any adaptation inside the bounds', () => {
    fc.assert(
      fc.property(withFederal, ({ f, a }) => {
        expect(adaptationProblems(f, a)).toEqual([]);
      }),
    );
  });

  it('refuses a deadline moved after the federal one, naming the rule and the bound', () => {
    fc.assert(
      fc.property(
        withFederal,
        fc.constantFrom(...DEADLINES.filter((d) => d !== 'call_opens')),
        fc.integer({ min: 1, max: 90 }),
        ({ f, a }, d, late) => {
          const value = day(f.calendar[d], late);
          const problems = adaptationProblems(f, { ...a, calendar: { ...a.calendar, [d]: value } });
          expect(problems).toContainEqual(
            expect.objectContaining({
              rule: `calendar.${d}`,
              kind: 'after_federal',
              bound: f.calendar[d],
              value,
            }),
          );
        },
      ),
    );
  });

  it('refuses a call opened before the federal date', () => {
    fc.assert(
      fc.property(withFederal, fc.integer({ min: 1, max: 90 }), ({ f, a }, early) => {
        const value = day(f.calendar.call_opens, -early);
        const problems = adaptationProblems(f, { ...a, calendar: { ...a.calendar, call_opens: value } });
        expect(problems.map((p) => p.rule)).toContain('calendar.call_opens');
      }),
    );
  });

  it('refuses any cap above the federal one', () => {
    fc.assert(
      fc.property(withFederal, fc.integer({ min: 1, max: 1_000_000 }), ({ f, a }, over) => {
        expect(adaptationProblems(f, { ...a, matchCap: f.money.matchCap + over })).toContainEqual(
          expect.objectContaining({ rule: 'money.matchCap', kind: 'above_federal', bound: f.money.matchCap }),
        );
        const tiers = f.money.grantTiers.map((t) => ({ ...t }));
        const last = tiers.at(-1) as { cap: number };
        last.cap = capForYears(f.money.grantTiers, 51) + over;
        expect(adaptationProblems(f, { ...a, grantCaps: tiers }).map((p) => p.kind)).toContain(
          'above_federal',
        );
        const capped = f.spending.categories.find((c) => !c.forbidden && c.maxAmount !== null);
        if (capped && capped.maxAmount !== null) {
          const problems = adaptationProblems(f, {
            ...a,
            categoryCaps: { [capped.code]: { maxAmount: capped.maxAmount + over, maxShareBp: null } },
          });
          expect(problems).toContainEqual(
            expect.objectContaining({ rule: `spending.${capped.code}.maxAmount`, kind: 'above_federal' }),
          );
        }
      }),
    );
  });

  it('refuses caps on unknown or forbidden categories', () => {
    fc.assert(
      fc.property(withFederal, ({ f, a }) => {
        const unknown = adaptationProblems(f, {
          ...a,
          categoryCaps: { no_existe: { maxAmount: 1, maxShareBp: null } },
        });
        expect(unknown).toContainEqual(
          expect.objectContaining({ rule: 'spending.no_existe', kind: 'unknown_category' }),
        );
        const forbidden = f.spending.categories.find((c) => c.forbidden);
        if (forbidden) {
          const p = adaptationProblems(f, {
            ...a,
            categoryCaps: { [forbidden.code]: { maxAmount: 1, maxShareBp: null } },
          });
          expect(p.map((x) => x.kind)).toContain('forbidden_category');
        }
      }),
    );
  });

  it('explains a refusal in Spanish and English', () => {
    const f = demoFederalRules(2026);
    const a = StateAdaptationSchema.parse({ calendar: { registration_closes: '2026-07-15' } });
    const [es] = adaptationProblems(f, a, 'es');
    const [en] = adaptationProblems(f, a, 'en');
    expect(es?.message).toBe(
      'La fecha de cierre del registro de escuelas (2026-07-15) no puede ser posterior a la federal (2026-06-30).',
    );
    expect(en?.message).toBe(
      'The date for school registration closes (2026-07-15) may not be after the federal one (2026-06-30).',
    );
  });
});

describe('effective rules', () => {
  it('take the state value where the state set one and the federal one elsewhere', () => {
    fc.assert(
      fc.property(withFederal, ({ f, a }) => {
        const e = effectiveRules(f, a);
        for (const d of DEADLINES) expect(e.calendar[d]).toBe(a.calendar[d] ?? f.calendar[d]);
        expect(e.money.matchCap).toBe(a.matchCap ?? f.money.matchCap);
        expect(e.priority.weights.rural).toBe(40);
        expect(e.stateContribution).toBe(a.stateContribution);
        // The effective document is itself a valid federal-shaped document.
        const { stateContribution: _, ...document } = e;
        expect(FederalRulesSchema.safeParse(document).success).toBe(true);
      }),
    );
  });

  it('list exactly the rules that differ from the federal ones', () => {
    const f = demoFederalRules(2026);
    const e = effectiveRules(f, StateAdaptationSchema.parse(demoJaliscoAdaptation(f)));
    const rules = differences(f, e).map((d) => d.rule);
    expect(rules).toEqual(
      expect.arrayContaining([
        'calendar.registration_closes',
        'calendar.plan_delivery',
        'priority.weights.marginalization_very_high',
        'priority.weights.indigenous',
        'money.matchCap',
        'eligibility.documents.cuenta_bancaria.code',
        'stateContribution',
      ]),
    );
    expect(rules).not.toContain('calendar.ruling');
    expect(differences(f, effectiveRules(f, null)).map((d) => d.rule)).toEqual(['stateContribution']);
  });

  it('federal consistency: a calendar out of order and a missing open-ended tier are named', () => {
    const f = demoFederalRules(2026);
    const broken = {
      ...f,
      calendar: { ...f.calendar, ruling: '2026-01-01' },
      money: { ...f.money, grantTiers: [{ maxYears: 5, cap: 1 }] },
    };
    expect(federalProblems(broken).map((p) => p.rule)).toEqual(['calendar.ruling', 'money.grantTiers']);
  });
});
