/**
 * The Alianza's rules as pure functions: parity of a body, quorum of a session, what a decision
 * needs, when a meta is measurable, progress toward a target. The service applies them; the
 * property tests (rules.test.ts) check them over arbitrary membership sets.
 */

export type Side = 'sep' | 'snte';
export type BodyKind = 'commission' | 'secretariat' | 'eje' | 'mesa';

export interface SeatLike {
  side: Side;
  designatedOn: string;
  endsOn: string | null;
}

/** A seat counts from its designation date through its end date (inclusive). */
export function seatActive(seat: Pick<SeatLike, 'designatedOn' | 'endsOn'>, today: string): boolean {
  return seat.designatedOn <= today && (seat.endsOn === null || seat.endsOn >= today);
}

/** Per side: eje coordinations and mesas seat 3 or 4 each (the seed); other bodies only need equal sides. */
export const SIDE_LIMITS: Record<BodyKind, { min: number; max: number }> = {
  commission: { min: 1, max: Number.POSITIVE_INFINITY },
  secretariat: { min: 1, max: Number.POSITIVE_INFINITY },
  eje: { min: 3, max: 4 },
  mesa: { min: 3, max: 4 },
};

export type ParityProblem = 'unequal' | 'too_few' | 'too_many';

export interface Parity {
  sep: number;
  snte: number;
  ok: boolean;
  problem: ParityProblem | null;
}

export function parity(kind: BodyKind, seats: readonly SeatLike[], today: string): Parity {
  let sep = 0;
  let snte = 0;
  for (const s of seats) {
    if (!seatActive(s, today)) continue;
    if (s.side === 'sep') sep++;
    else snte++;
  }
  const { min, max } = SIDE_LIMITS[kind];
  const problem: ParityProblem | null =
    sep !== snte ? 'unequal' : sep < min ? 'too_few' : sep > max ? 'too_many' : null;
  return { sep, snte, ok: problem === null, problem };
}

export interface AttendanceLike {
  side: Side;
  present: boolean | null;
}

export interface Quorum {
  sep: number;
  snte: number;
  ok: boolean;
}

/** Quorum needs members of both sides present. */
export function quorum(attendance: readonly AttendanceLike[]): Quorum {
  let sep = 0;
  let snte = 0;
  for (const a of attendance) {
    if (a.present !== true) continue;
    if (a.side === 'sep') sep++;
    else snte++;
  }
  return { sep, snte, ok: sep > 0 && snte > 0 };
}

export type Outcome = 'approved' | 'approved_with_observations' | 'returned' | 'rejected' | 'deferred';
export type Position = 'agree' | 'disagree' | 'abstain';

export type DecisionProblem = 'parity' | 'quorum' | 'no_agreement' | 'observations_required';

/**
 * Why a decision cannot be recorded, or null. Every decision needs a session that could decide
 * (parity and quorum); an approval also needs both sides to agree (consensus), and an approval with
 * observations needs at least one observation.
 */
export function decisionProblem(input: {
  parity: Pick<Parity, 'ok'>;
  quorum: Pick<Quorum, 'ok'>;
  outcome: Outcome;
  sep: Position;
  snte: Position;
  observations: number;
}): DecisionProblem | null {
  if (!input.parity.ok) return 'parity';
  if (!input.quorum.ok) return 'quorum';
  const approving = input.outcome === 'approved' || input.outcome === 'approved_with_observations';
  if (approving && (input.sep !== 'agree' || input.snte !== 'agree')) return 'no_agreement';
  if (input.outcome === 'approved_with_observations' && input.observations === 0)
    return 'observations_required';
  return null;
}

export const META_REQUIRED = [
  'indicator',
  'unit',
  'baseline',
  'target',
  'dueOn',
  'responsible',
  'normativeAnchor',
] as const;
export type MetaField = (typeof META_REQUIRED)[number];

/** The fields a meta still lacks before it can be approved (empty text counts as missing). */
export function metaMissing(meta: Partial<Record<MetaField, string | number | null>>): MetaField[] {
  return META_REQUIRED.filter((f) => {
    const v = meta[f];
    return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
  });
}

/**
 * Share of the way from baseline to target, 0–100 (clamped): works for targets above or below the
 * baseline (reduce dropout from 8% to 4%). Null when the meta is not measurable yet.
 */
export function progressPercent(
  baseline: number | null,
  target: number | null,
  value: number | null,
): number | null {
  if (baseline === null || target === null || value === null) return null;
  if (target === baseline) return value === target ? 100 : 0;
  const pct = ((value - baseline) / (target - baseline)) * 100;
  return Math.round(Math.min(100, Math.max(0, pct)) * 10) / 10;
}

/** 'CR-2026-003': the commission's resolutions are numbered per year. */
export function resolutionNumber(year: number, seq: number): string {
  return `CR-${year}-${String(seq).padStart(3, '0')}`;
}
