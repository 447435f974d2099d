import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNDING, LEVELS, MARGINALIZATION, SERVICES } from '../../../contract/catalog.ts';
import { PRIORITY_CRITERIA, type PriorityCriterion } from '../../../contract/rules.ts';
import { demoFederalRules, demoJaliscoAdaptation } from '../../demo/pec-rules.ts';
import { effectiveRules } from '../rules/effective.ts';
import {
  compareForSelection,
  type EnrollmentRules,
  evaluate,
  priorityCriteriaMet,
  type RegistrationInput,
  type SchoolFacts,
} from './eligibility.ts';

const base = demoFederalRules(2026);

const subset = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });

const rulesArb: fc.Arbitrary<EnrollmentRules> = fc
  .record({
    levels: subset(LEVELS),
    services: subset(SERVICES),
    funding: subset(FUNDING),
    maxCycles: fc.integer({ min: 1, max: 10 }),
    weights: fc.record(
      Object.fromEntries(PRIORITY_CRITERIA.map((c) => [c, fc.integer({ min: 0, max: 100 })])) as Record<
        PriorityCriterion,
        fc.Arbitrary<number>
      >,
    ),
    veryHigh: fc.subarray([...MARGINALIZATION]),
    high: fc.subarray([...MARGINALIZATION]),
    docs: fc.uniqueArray(
      fc.constantFrom('solicitud', 'carta_compromiso', 'acta_ceps', 'cuenta', 'diagnostico'),
      {
        minLength: 1,
      },
    ),
  })
  .map((r) => ({
    eligibility: {
      ...base.eligibility,
      levels: r.levels,
      services: r.services,
      funding: r.funding,
      maxCycles: r.maxCycles,
      documents: r.docs.map((code) => ({ code, name: `Documento ${code}` })),
    },
    priority: { weights: r.weights, marginalization: { veryHigh: r.veryHigh, high: r.high } },
    money: base.money,
  }));

const schoolArb: fc.Arbitrary<SchoolFacts> = fc.record({
  level: fc.constantFrom(...LEVELS),
  service: fc.constantFrom(...SERVICES),
  funding: fc.option(fc.constantFrom(...FUNDING), { nil: null }),
  multigrade: fc.boolean(),
  setting: fc.option(fc.constantFrom('urbano', 'rural'), { nil: null }),
  marginalization: fc.option(fc.constantFrom(...MARGINALIZATION), { nil: null }),
  enrolment: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }),
  active: fc.boolean(),
});

const commitmentArb = fc.record({
  directorName: fc.constantFrom('', 'Diego Hernández'),
  cepsPresidentName: fc.constantFrom('', 'Rosa Pérez'),
  cteEndorsedOn: fc.constantFrom('', '2026-05-20', 'ayer'),
  signedOn: fc.constantFrom('', '2026-05-21'),
});

const regArb = (rules: EnrollmentRules): fc.Arbitrary<RegistrationInput> =>
  fc.record({
    priorCycles: fc.integer({ min: 0, max: 12 }),
    commitment: commitmentArb,
    documents: fc
      .subarray(rules.eligibility.documents.map((d) => d.code))
      .map((codes) => Object.fromEntries(codes.map((c) => [c, { fileId: `f-${c}`, name: `${c}.pdf` }]))),
  });

const caseArb = rulesArb.chain((rules) =>
  fc.record({ rules: fc.constant(rules), school: schoolArb, reg: regArb(rules) }),
);

describe('priority score', () => {
  it('equals the sum of the weights of exactly the criteria met, and the breakdown names them', () => {
    fc.assert(
      fc.property(caseArb, ({ rules, school, reg }) => {
        const ev = evaluate(rules, school, reg);
        const met = priorityCriteriaMet(rules, school, reg.priorCycles);
        const expected = PRIORITY_CRITERIA.filter((c) => met[c]).reduce(
          (s, c) => s + (rules.priority.weights[c] ?? 0),
          0,
        );
        expect(ev.score).toBe(expected);
        expect(Object.keys(ev.breakdown).sort()).toEqual(PRIORITY_CRITERIA.filter((c) => met[c]).sort());
        expect(Object.values(ev.breakdown).reduce((s, x) => s + (x ?? 0), 0)).toBe(ev.score);
      }),
    );
  });

  it('never falls for any school when any weight is raised', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.constantFrom(...PRIORITY_CRITERIA),
        fc.integer({ min: 1, max: 50 }),
        ({ rules, school, reg }, criterion, raise) => {
          const before = evaluate(rules, school, reg).score;
          const raised: EnrollmentRules = {
            ...rules,
            priority: {
              ...rules.priority,
              weights: {
                ...rules.priority.weights,
                [criterion]: (rules.priority.weights[criterion] ?? 0) + raise,
              },
            },
          };
          expect(evaluate(raised, school, reg).score).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });

  it('first participation and continuing are exclusive, by cycles already in the programme', () => {
    fc.assert(
      fc.property(caseArb, ({ rules, school, reg }) => {
        const met = priorityCriteriaMet(rules, school, reg.priorCycles);
        expect(met.first_participation).toBe(reg.priorCycles === 0);
        expect(met.continuing).toBe(reg.priorCycles > 0);
      }),
    );
  });
});

describe('eligibility', () => {
  it('a school missing any required document is never eligible, and the check names the document', () => {
    fc.assert(
      fc.property(caseArb, ({ rules, school, reg }) => {
        const ev = evaluate(rules, school, reg);
        for (const d of rules.eligibility.documents) {
          const check = ev.checks.find((c) => c.criterion === `document:${d.code}`);
          expect(check?.met).toBe(reg.documents[d.code] !== undefined);
          if (!reg.documents[d.code]) {
            expect(ev.eligible).toBe(false);
            expect(check?.es).toContain(d.name);
            expect(check?.en).toContain(d.name);
          }
        }
      }),
    );
  });

  it('is eligible exactly when every criterion is met, each explained in both languages', () => {
    fc.assert(
      fc.property(caseArb, ({ rules, school, reg }) => {
        const ev = evaluate(rules, school, reg);
        expect(ev.eligible).toBe(ev.checks.every((c) => c.met));
        for (const c of ev.checks) {
          expect(c.es.length).toBeGreaterThan(10);
          expect(c.en.length).toBeGreaterThan(10);
        }
        const by = (k: string) => ev.checks.find((c) => c.criterion === k)?.met;
        expect(by('level')).toBe((rules.eligibility.levels as string[]).includes(school.level));
        expect(by('funding')).toBe(
          school.funding !== null && (rules.eligibility.funding as string[]).includes(school.funding),
        );
        expect(by('active')).toBe(school.active);
      }),
    );
  });

  it('beyond the maximum cycles is not eligible automatically and is flagged with the extra conditions', () => {
    fc.assert(
      fc.property(caseArb, ({ rules, school, reg }) => {
        const ev = evaluate(rules, school, reg);
        const beyond = reg.priorCycles >= rules.eligibility.maxCycles;
        expect(ev.requiresExtraConditions).toBe(beyond);
        if (beyond) {
          expect(ev.eligible).toBe(false);
          expect(ev.checks.find((c) => c.criterion === 'cycles')?.es).toContain(
            rules.eligibility.beyondMaxCycles,
          );
        }
      }),
    );
  });

  it('an incomplete commitment letter says what it lacks', () => {
    const rules = effectiveRules(base, null);
    const school: SchoolFacts = {
      level: 'primaria',
      service: 'general',
      funding: 'federal',
      multigrade: false,
      setting: 'urbano',
      marginalization: 'bajo',
      enrolment: 300,
      active: true,
    };
    const ev = evaluate(rules, school, {
      priorCycles: 0,
      commitment: { directorName: 'Diego', cepsPresidentName: '', cteEndorsedOn: '', signedOn: '' },
      documents: {},
    });
    const c = ev.checks.find((x) => x.criterion === 'commitment');
    expect(c?.met).toBe(false);
    expect(c?.es).toContain('presidencia del CEPS');
    expect(c?.es).toContain('aval del CTE');
    expect(c?.en).toContain("teachers' council");
  });

  it("reads the state's extra documents and weights from the effective rules", () => {
    const rules = effectiveRules(base, {
      ...demoJaliscoAdaptation(base),
    });
    const school: SchoolFacts = {
      level: 'primaria',
      service: 'indigena',
      funding: 'federal',
      multigrade: true,
      setting: 'rural',
      marginalization: 'muy_alto',
      enrolment: 60,
      active: true,
    };
    const ev = evaluate(rules, school, {
      priorCycles: 2,
      commitment: { directorName: 'A', cepsPresidentName: 'B', cteEndorsedOn: '2026-05-01', signedOn: '' },
      documents: Object.fromEntries(
        base.eligibility.documents.map((d) => [d.code, { fileId: 'x', name: 'x.pdf' }]),
      ),
    });
    expect(ev.checks.find((c) => c.criterion === 'document:cuenta_bancaria')?.met).toBe(false);
    expect(ev.eligible).toBe(false);
    // Jalisco weighs very high marginalization 35 and indigenous 20.
    expect(ev.breakdown).toEqual({
      marginalization_very_high: 35,
      indigenous: 20,
      multigrade: 10,
      rural: 10,
      continuing: 5,
    });
    expect(ev.score).toBe(80);
    expect(ev.grantCap).toBe(5_000_000);
    expect(
      evaluate(rules, school, {
        priorCycles: 7,
        commitment: {
          directorName: 'A',
          cepsPresidentName: 'B',
          cteEndorsedOn: '2026-05-01',
          signedOn: '',
        },
        documents: {},
      }).grantCap,
    ).toBe(3_500_000);
  });
});

describe('selection order', () => {
  it('ranks by score, then marginalization, then enrolment', () => {
    const rows = [
      { cct: 'A', score: 40, marginalization: 'bajo', enrolment: 900 },
      { cct: 'B', score: 40, marginalization: 'alto', enrolment: 100 },
      { cct: 'C', score: 55, marginalization: 'muy_bajo', enrolment: 10 },
      { cct: 'D', score: 40, marginalization: 'alto', enrolment: 300 },
    ];
    expect(rows.sort(compareForSelection).map((r) => r.cct)).toEqual(['C', 'D', 'B', 'A']);
  });
});
