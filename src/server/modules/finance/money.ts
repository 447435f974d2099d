import { pesos } from '../../platform/money.ts';

/**
 * The programme's money in, as pure calculations (property-tested in money.test.ts): the federal
 * budget shared among the states by a formula, each state's required contribution, and a school's
 * match ("por cada peso"). Every amount is integer centavos; ratios from the rules (3 federal pesos
 * per state peso, 1 peso of match per peso raised) may be fractional and are applied exactly.
 */

/** A ratio from the rules as an exact fraction (up to six decimals). */
function fraction(ratio: number): { num: bigint; den: bigint } {
  const den = 1_000_000n;
  return { num: BigInt(Math.round(ratio * 1_000_000)), den };
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

export interface StateBasis {
  id: number;
  /** What the formula weighs for the state (eligible schools, enrolment or selected schools). */
  basisValue: number;
}

export interface StateShare {
  id: number;
  basisValue: number;
  /** The state's share of the total basis in basis points (the shares add up to 10,000). */
  shareBp: number;
  amount: number;
  /** What the state must put in its trust fund for it: ceil(amount ÷ federal pesos per state peso). */
  requiredStateContribution: number;
}

/**
 * Largest-remainder apportionment of `total` units by weight: each gets the floor of its exact share,
 * and the units left over go one each to the largest remainders (ties: the earlier in the list).
 * The parts add up to exactly `total`.
 */
export function apportion(total: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum <= 0n) return weights.map(() => 0n);
  const parts = weights.map((w) => (total * w) / sum);
  const rems = weights.map((w, i) => ({ i, rem: (total * w) % sum }));
  let left = total - parts.reduce((a, b) => a + b, 0n);
  rems.sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const r of rems) {
    if (left <= 0n) break;
    parts[r.i] = (parts[r.i] as bigint) + 1n;
    left -= 1n;
  }
  return parts;
}

/** Required state contribution for a federal amount: ceil(amount ÷ federalPerStatePeso). */
export function requiredContribution(amount: number, federalPerStatePeso: number): number {
  const { num, den } = fraction(federalPerStatePeso);
  if (num <= 0n) return 0;
  return Number(ceilDiv(BigInt(amount) * den, num));
}

/**
 * Shares the federal budget among the states with any basis, in proportion to it (states with none
 * get nothing and are left out). Sorted by state id so the rounding is reproducible.
 */
export function allocate(
  budget: number,
  states: readonly StateBasis[],
  federalPerStatePeso: number,
): StateShare[] {
  const withBasis = states.filter((s) => s.basisValue > 0).sort((a, b) => a.id - b.id);
  const weights = withBasis.map((s) => BigInt(Math.round(s.basisValue)));
  const amounts = apportion(BigInt(budget), weights);
  const bps = apportion(10_000n, weights);
  return withBasis.map((s, i) => {
    const amount = Number(amounts[i]);
    return {
      id: s.id,
      basisValue: s.basisValue,
      shareBp: Number(bps[i]),
      amount,
      requiredStateContribution: requiredContribution(amount, federalPerStatePeso),
    };
  });
}

export type ContributionKind = 'cash' | 'in_kind' | 'labour';

export interface MatchContribution {
  kind: ContributionKind;
  amount: number;
  status: 'registered' | 'approved' | 'rejected';
}

export interface MatchRules {
  matchPerPeso: number;
  matchCap: number;
  inKindCounts: boolean;
}

export interface MatchCalculation {
  /** Approved cash, and approved in-kind and labour (counted only when the rules say so). */
  cash: number;
  inKind: number;
  counted: number;
  /** Approved in-kind and labour the rules leave out. */
  notCounted: number;
  /** Registered and not yet validated: they count once approved. */
  pending: number;
  perPeso: number;
  cap: number;
  /** The match before the cap, and after it. */
  uncapped: number;
  amount: number;
  capped: boolean;
  es: string;
  en: string;
}

const USD_STYLE = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
/** English text shows pesos with the same $ sign and digits. */
const pesosEn = (centavos: number) => USD_STYLE.format(centavos / 100);

/** The match a school earns for what it raised: Σ counted × matchPerPeso, at most matchCap, explained. */
export function matchFor(contributions: readonly MatchContribution[], rules: MatchRules): MatchCalculation {
  let cash = 0;
  let inKind = 0;
  let pending = 0;
  for (const c of contributions) {
    if (c.status === 'registered') pending += c.amount;
    if (c.status !== 'approved') continue;
    if (c.kind === 'cash') cash += c.amount;
    else inKind += c.amount;
  }
  const counted = cash + (rules.inKindCounts ? inKind : 0);
  const notCounted = rules.inKindCounts ? 0 : inKind;
  const { num, den } = fraction(rules.matchPerPeso);
  const uncapped = Number((BigInt(counted) * num) / den);
  const amount = Math.max(0, Math.min(uncapped, rules.matchCap));
  const perPeso = Number((100n * num) / den);
  const what = {
    es: rules.inKindCounts && inKind > 0 ? 'en efectivo, en especie y en mano de obra' : 'en efectivo',
    en: rules.inKindCounts && inKind > 0 ? 'in cash, in kind and in labour' : 'in cash',
  };
  const es =
    `Reunió ${pesos(counted)} ${what.es}; por cada peso, hasta ${pesos(perPeso)}: ${pesos(amount)} ` +
    `(tope ${pesos(rules.matchCap)})` +
    (notCounted > 0 ? `. No cuentan ${pesos(notCounted)} en especie o mano de obra` : '') +
    (pending > 0 ? `. Faltan por validar ${pesos(pending)}` : '') +
    '.';
  const en =
    `Raised ${pesosEn(counted)} ${what.en}; up to ${pesosEn(perPeso)} per peso: ${pesosEn(amount)} ` +
    `(cap ${pesosEn(rules.matchCap)})` +
    (notCounted > 0 ? `. ${pesosEn(notCounted)} in kind or labour does not count` : '') +
    (pending > 0 ? `. ${pesosEn(pending)} awaits validation` : '') +
    '.';
  return {
    cash,
    inKind,
    counted,
    notCounted,
    pending,
    perPeso,
    cap: rules.matchCap,
    uncapped,
    amount,
    capped: uncapped > rules.matchCap,
    es,
    en,
  };
}

export interface GrantCalculation {
  grantCap: number;
  priorCycles: number;
  amount: number;
  es: string;
  en: string;
}

/** The initial grant: the school's grant cap for its years in the programme, as recorded at registration. */
export function initialGrant(grantCap: number, priorCycles: number): GrantCalculation {
  return {
    grantCap,
    priorCycles,
    amount: grantCap,
    es: `Aportación inicial: ${pesos(grantCap)}, el monto para una escuela con ${priorCycles} ciclos previos en el programa.`,
    en: `Initial grant: ${pesosEn(grantCap)}, the amount for a school with ${priorCycles} earlier cycles in the programme.`,
  };
}
