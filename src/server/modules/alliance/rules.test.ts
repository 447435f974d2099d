import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionsFrom, type WorkflowDefinition } from '../../platform/workflow/engine.ts';
import {
  type AttendanceLike,
  type BodyKind,
  decisionProblem,
  META_REQUIRED,
  metaMissing,
  type Outcome,
  type Position,
  parity,
  progressPercent,
  quorum,
  resolutionNumber,
  type SeatLike,
  SIDE_LIMITS,
  seatActive,
} from './rules.ts';
import { documentFlow, meetingFlow, resolutionFlow, synthesisFlow, taskFlow } from './workflows.ts';

// Dates as YYYY-MM-DD over a few years, so designations, end dates and 'today' often collide.
const dateArb = fc
  .record({
    y: fc.integer({ min: 2024, max: 2027 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

const sideArb = fc.constantFrom('sep' as const, 'snte' as const);
const kindArb = fc.constantFrom<BodyKind>('commission', 'secretariat', 'eje', 'mesa');
const seatArb: fc.Arbitrary<SeatLike> = fc.record({
  side: sideArb,
  designatedOn: dateArb,
  endsOn: fc.option(dateArb, { nil: null }),
});
const seatsArb = fc.array(seatArb, { maxLength: 14 });

/** Seats that are certainly active on `today`, for building exact counts. */
const activeSeats = (side: 'sep' | 'snte', n: number, today: string): SeatLike[] =>
  Array.from({ length: n }, () => ({ side, designatedOn: today, endsOn: null }));

const outcomeArb = fc.constantFrom<Outcome>(
  'approved',
  'approved_with_observations',
  'returned',
  'rejected',
  'deferred',
);
const positionArb = fc.constantFrom<Position>('agree', 'disagree', 'abstain');

describe('seat activity', () => {
  it('counts a seat from its designation through its end date, inclusive', () => {
    fc.assert(
      fc.property(seatArb, dateArb, (seat, today) => {
        const expected = seat.designatedOn <= today && (seat.endsOn === null || today <= seat.endsOn);
        expect(seatActive(seat, today)).toBe(expected);
      }),
    );
    expect(seatActive({ designatedOn: '2026-01-01', endsOn: '2026-01-01' }, '2026-01-01')).toBe(true);
    expect(seatActive({ designatedOn: '2026-01-02', endsOn: null }, '2026-01-01')).toBe(false);
    expect(seatActive({ designatedOn: '2025-01-01', endsOn: '2025-12-31' }, '2026-01-01')).toBe(false);
  });
});

describe('parity', () => {
  it('is ok exactly when both sides seat as many active members, within the kind’s limits', () => {
    fc.assert(
      fc.property(kindArb, seatsArb, dateArb, (kind, seats, today) => {
        const active = seats.filter((s) => seatActive(s, today));
        const sep = active.filter((s) => s.side === 'sep').length;
        const snte = active.filter((s) => s.side === 'snte').length;
        const { min, max } = SIDE_LIMITS[kind];
        const p = parity(kind, seats, today);
        expect(p.sep).toBe(sep);
        expect(p.snte).toBe(snte);
        expect(p.ok).toBe(sep === snte && sep >= min && sep <= max);
        expect(p.ok).toBe(p.problem === null);
        // The problem named is the right one: unequal sides first, then the size.
        const expected = sep !== snte ? 'unequal' : sep < min ? 'too_few' : sep > max ? 'too_many' : null;
        expect(p.problem).toBe(expected);
      }),
    );
  });

  it('never counts inactive seats: adding ended or future seats changes nothing', () => {
    fc.assert(
      fc.property(kindArb, seatsArb, dateArb, seatsArb, (kind, seats, today, extra) => {
        const inactive = extra.filter((s) => !seatActive(s, today));
        expect(parity(kind, [...seats, ...inactive], today)).toEqual(parity(kind, seats, today));
      }),
    );
  });

  it('asks eje coordinations and mesas for 3 or 4 per side, other bodies only for equal sides', () => {
    fc.assert(
      fc.property(
        kindArb,
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 7 }),
        dateArb,
        (kind, sep, snte, today) => {
          const p = parity(
            kind,
            [...activeSeats('sep', sep, today), ...activeSeats('snte', snte, today)],
            today,
          );
          if (sep !== snte) expect(p.problem).toBe('unequal');
          else if (kind === 'eje' || kind === 'mesa')
            expect(p.problem).toBe(sep < 3 ? 'too_few' : sep > 4 ? 'too_many' : null);
          else expect(p.problem).toBe(sep === 0 ? 'too_few' : null);
        },
      ),
    );
  });

  it('names the cases people meet', () => {
    const today = '2026-06-01';
    const three = [...activeSeats('sep', 3, today), ...activeSeats('snte', 3, today)];
    expect(parity('mesa', three, today).ok).toBe(true);
    expect(parity('mesa', three.slice(1), today).problem).toBe('unequal');
    // A SEP member whose seat ended yesterday breaks a 3+3 mesa.
    const ended = [
      { side: 'sep' as const, designatedOn: '2025-01-01', endsOn: '2026-05-31' },
      ...three.slice(1),
    ];
    expect(parity('mesa', ended, today)).toMatchObject({ sep: 2, snte: 3, problem: 'unequal' });
    expect(
      parity('eje', [...activeSeats('sep', 5, today), ...activeSeats('snte', 5, today)], today).problem,
    ).toBe('too_many');
    expect(parity('commission', [], today).problem).toBe('too_few');
    expect(
      parity('commission', activeSeats('sep', 1, today).concat(activeSeats('snte', 1, today)), today).ok,
    ).toBe(true);
  });
});

describe('quorum', () => {
  const attendanceArb: fc.Arbitrary<AttendanceLike[]> = fc.array(
    fc.record({ side: sideArb, present: fc.constantFrom(true, false, null) }),
    { maxLength: 12 },
  );

  it('is ok exactly when at least one member of each side is present', () => {
    fc.assert(
      fc.property(attendanceArb, (attendance) => {
        const sep = attendance.filter((a) => a.side === 'sep' && a.present === true).length;
        const snte = attendance.filter((a) => a.side === 'snte' && a.present === true).length;
        expect(quorum(attendance)).toEqual({ sep, snte, ok: sep > 0 && snte > 0 });
      }),
    );
  });

  it('never counts an absent or unrecorded member', () => {
    fc.assert(
      fc.property(
        attendanceArb,
        fc.array(fc.record({ side: sideArb, present: fc.constantFrom(false, null) }), { maxLength: 8 }),
        (attendance, missing) => {
          expect(quorum([...attendance, ...missing])).toEqual(quorum(attendance));
        },
      ),
    );
    expect(
      quorum([
        { side: 'sep', present: true },
        { side: 'snte', present: null },
      ]).ok,
    ).toBe(false);
    expect(quorum([]).ok).toBe(false);
  });
});

describe('decisions', () => {
  const decisionArb = fc.record({
    parity: fc.record({ ok: fc.boolean() }),
    quorum: fc.record({ ok: fc.boolean() }),
    outcome: outcomeArb,
    sep: positionArb,
    snte: positionArb,
    observations: fc.nat({ max: 5 }),
  });

  it('always refuses an approval without both sides agreeing', () => {
    fc.assert(
      fc.property(decisionArb, (d) => {
        const approving = d.outcome === 'approved' || d.outcome === 'approved_with_observations';
        if (approving && (d.sep !== 'agree' || d.snte !== 'agree')) expect(decisionProblem(d)).not.toBeNull();
      }),
    );
  });

  it('refuses any decision taken without parity or quorum', () => {
    fc.assert(
      fc.property(decisionArb, (d) => {
        if (!d.parity.ok) expect(decisionProblem(d)).toBe('parity');
        else if (!d.quorum.ok) expect(decisionProblem(d)).toBe('quorum');
      }),
    );
  });

  it('names the right problem, and none otherwise', () => {
    fc.assert(
      fc.property(decisionArb, (d) => {
        const approving = d.outcome === 'approved' || d.outcome === 'approved_with_observations';
        const expected = !d.parity.ok
          ? 'parity'
          : !d.quorum.ok
            ? 'quorum'
            : approving && (d.sep !== 'agree' || d.snte !== 'agree')
              ? 'no_agreement'
              : d.outcome === 'approved_with_observations' && d.observations === 0
                ? 'observations_required'
                : null;
        expect(decisionProblem(d)).toBe(expected);
      }),
    );
  });

  it('asks an approval with observations for at least one observation', () => {
    const base = {
      parity: { ok: true },
      quorum: { ok: true },
      outcome: 'approved_with_observations' as const,
      sep: 'agree' as const,
      snte: 'agree' as const,
    };
    expect(decisionProblem({ ...base, observations: 0 })).toBe('observations_required');
    expect(decisionProblem({ ...base, observations: 1 })).toBeNull();
    // Returning, rejecting or deferring needs no consensus to approve, only a session able to decide.
    for (const outcome of ['returned', 'rejected', 'deferred'] as const)
      expect(
        decisionProblem({ ...base, outcome, sep: 'disagree', snte: 'abstain', observations: 0 }),
      ).toBeNull();
  });
});

describe('metas', () => {
  const fieldValueArb = fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.constantFrom('', '   ', '\t'),
    fc.string({ minLength: 1, maxLength: 8 }),
    fc.double({ noNaN: true }),
  );
  const metaArb = fc.dictionary(fc.constantFrom(...META_REQUIRED), fieldValueArb, { noNullPrototype: true });

  it('lists exactly the required fields that are absent, null or blank, in order', () => {
    fc.assert(
      fc.property(metaArb, (meta) => {
        const missing = metaMissing(meta);
        const expected = META_REQUIRED.filter((f) => {
          const v = meta[f];
          return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
        });
        expect(missing).toEqual(expected);
      }),
    );
    expect(metaMissing({})).toEqual([...META_REQUIRED]);
    // Zero is a value: a baseline of 0 is measurable.
    expect(
      metaMissing({
        indicator: 'Escuelas rehabilitadas',
        unit: 'escuelas',
        baseline: 0,
        target: 27000,
        dueOn: '2012-12-31',
        responsible: 'SEP',
        normativeAnchor: 'ACE, eje 1',
      }),
    ).toEqual([]);
  });

  const num = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

  it('keeps progress between 0 and 100 and null when not measurable', () => {
    fc.assert(
      fc.property(
        fc.option(num, { nil: null }),
        fc.option(num, { nil: null }),
        fc.option(num, { nil: null }),
        (baseline, target, value) => {
          const p = progressPercent(baseline, target, value);
          if (baseline === null || target === null || value === null) expect(p).toBeNull();
          else {
            expect(p).not.toBeNull();
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(100);
          }
        },
      ),
    );
  });

  it('measures the share of the way from baseline to target, rising or falling', () => {
    fc.assert(
      fc.property(num, num, fc.double({ min: 0, max: 1, noNaN: true }), (baseline, target, share) => {
        fc.pre(Math.abs(target - baseline) > 1e-3);
        const value = baseline + share * (target - baseline);
        const p = progressPercent(baseline, target, value) as number;
        expect(Math.abs(p - share * 100)).toBeLessThanOrEqual(0.051 + 1e-6);
        // Reaching the target is 100, staying at the baseline 0, going the wrong way stays at 0.
        expect(progressPercent(baseline, target, target)).toBe(100);
        expect(progressPercent(baseline, target, baseline)).toBe(0);
        expect(progressPercent(baseline, target, baseline - (target - baseline))).toBe(0);
        expect(progressPercent(baseline, target, target + (target - baseline))).toBe(100);
      }),
    );
    // Reduce dropout from 8 % to 4 %: at 6 % half the way is done.
    expect(progressPercent(8, 4, 6)).toBe(50);
    expect(progressPercent(8, 4, 9)).toBe(0);
    expect(progressPercent(8, 4, 3)).toBe(100);
    expect(progressPercent(0, 27000, 9000)).toBe(33.3);
    // A target equal to its baseline is met or not.
    expect(progressPercent(5, 5, 5)).toBe(100);
    expect(progressPercent(5, 5, 4)).toBe(0);
  });

  it('rises monotonically as the value moves toward the target', () => {
    fc.assert(
      fc.property(num, num, num, num, (baseline, target, a, b) => {
        fc.pre(target !== baseline);
        // How far along the direction from baseline to target each value lies.
        const toward = (v: number) => (v - baseline) * Math.sign(target - baseline);
        const [lo, hi] = toward(a) <= toward(b) ? [a, b] : [b, a];
        expect(progressPercent(baseline, target, lo) as number).toBeLessThanOrEqual(
          progressPercent(baseline, target, hi) as number,
        );
      }),
    );
  });
});

describe('resolution numbers', () => {
  it('reads CR-year-sequence, padded to three digits, in order within a year', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2008, max: 2100 }),
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 999 }),
        (year, a, b) => {
          const n = resolutionNumber(year, a);
          expect(n).toMatch(/^CR-\d{4}-\d{3}$/);
          expect(n).toBe(`CR-${year}-${String(a).padStart(3, '0')}`);
          expect(Number(n.slice(8))).toBe(a);
          // Zero padding keeps text order equal to numeric order.
          expect(Math.sign(n.localeCompare(resolutionNumber(year, b)))).toBe(Math.sign(a - b));
        },
      ),
    );
    expect(resolutionNumber(2026, 3)).toBe('CR-2026-003');
    expect(resolutionNumber(2026, 1234)).toBe('CR-2026-1234');
  });
});

describe('Alianza workflows', () => {
  const flows: WorkflowDefinition[] = [documentFlow, synthesisFlow, resolutionFlow, meetingFlow, taskFlow];

  it('lists from each state exactly the actions whose origin includes it, all leading to known states', () => {
    for (const def of flows) {
      for (const state of def.states) {
        const actions = actionsFrom(def, state);
        expect(actions).toEqual(
          Object.keys(def.transitions).filter((a) => def.transitions[a]?.from.includes(state)),
        );
        for (const a of actions) expect(def.states).toContain(def.transitions[a]?.to);
      }
      expect(def.states).toContain(def.initial);
    }
  });

  it('documents: a mesa submits, the eje validates or returns with its observations', () => {
    expect(actionsFrom(documentFlow, 'draft')).toEqual(['submit']);
    expect(actionsFrom(documentFlow, 'submitted').sort()).toEqual(['return', 'validate']);
    expect(actionsFrom(documentFlow, 'returned')).toEqual(['submit']);
    expect(actionsFrom(documentFlow, 'validated')).toEqual([]);
    expect(documentFlow.transitions.return.comment).toBe('required');
    expect(documentFlow.transitions.validate.comment).toBeUndefined();
    expect(documentFlow.transitions.submit.comment).toBeUndefined();
  });

  it('syntheses: sent, placed on an agenda, then decided; returning and rejecting need reasons', () => {
    expect(actionsFrom(synthesisFlow, 'draft')).toEqual(['send']);
    expect(actionsFrom(synthesisFlow, 'sent')).toEqual(['schedule']);
    expect(actionsFrom(synthesisFlow, 'on_agenda').sort()).toEqual(['approve', 'defer', 'reject', 'return']);
    expect(actionsFrom(synthesisFlow, 'returned')).toEqual(['send']);
    expect(actionsFrom(synthesisFlow, 'approved')).toEqual([]);
    expect(actionsFrom(synthesisFlow, 'rejected')).toEqual([]);
    expect(synthesisFlow.transitions.defer.to).toBe('sent');
    expect(synthesisFlow.transitions.return.comment).toBe('required');
    expect(synthesisFlow.transitions.reject.comment).toBe('required');
  });

  it('resolutions go down the chain once; meetings and tasks follow their own rules', () => {
    expect(resolutionFlow.initial).toBe('issued');
    expect(actionsFrom(resolutionFlow, 'issued')).toEqual(['distribute']);
    expect(actionsFrom(resolutionFlow, 'distributed')).toEqual(['inform']);
    expect(actionsFrom(resolutionFlow, 'informed')).toEqual([]);

    expect(actionsFrom(meetingFlow, 'convened').sort()).toEqual(['cancel', 'hold']);
    expect(actionsFrom(meetingFlow, 'held')).toEqual(['approve_minutes']);
    expect(actionsFrom(meetingFlow, 'minutes_approved')).toEqual([]);
    expect(actionsFrom(meetingFlow, 'cancelled')).toEqual([]);
    expect(meetingFlow.transitions.cancel.comment).toBe('required');

    expect(actionsFrom(taskFlow, 'open').sort()).toEqual(['close', 'start']);
    expect(actionsFrom(taskFlow, 'in_progress')).toEqual(['close']);
    expect(actionsFrom(taskFlow, 'done')).toEqual(['reopen']);
    expect(taskFlow.transitions.close.comment).toBe('required');
    expect(taskFlow.transitions.reopen.comment).toBe('required');
  });

  it('every state but the initial one is reachable from the initial state', () => {
    for (const def of flows) {
      const seen = new Set<string>([def.initial]);
      const queue = [def.initial];
      while (queue.length) {
        const s = queue.shift() as string;
        for (const a of actionsFrom(def, s)) {
          const to = def.transitions[a]?.to as string;
          if (!seen.has(to)) {
            seen.add(to);
            queue.push(to);
          }
        }
      }
      expect([...seen].sort()).toEqual([...def.states].sort());
    }
  });
});
