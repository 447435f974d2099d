import type { Locale } from '../../../contract/roles.ts';
import {
  type BoundProblem,
  DEADLINES,
  type Deadline,
  type FederalRules,
  type StateAdaptation,
} from '../../../contract/rules.ts';
import { pesos } from '../../platform/money.ts';

/**
 * The federalist rule, as pure functions: a state adapts the federal rules of operation only
 * inside their bounds, and every feature reads the effective rules (federal + the state's
 * adaptation). The property tests in effective.test.ts check that any adaptation inside the
 * bounds is accepted and any single step outside is refused naming the rule.
 */

export type EffectiveRules = FederalRules & { stateContribution: number };

/** The state's call may not open before the federal date; every other state date may not fall after it. */
const NOT_BEFORE: ReadonlySet<Deadline> = new Set(['call_opens']);

const DEADLINE_LABELS: Record<Deadline, { es: string; en: string }> = {
  call_opens: { es: 'apertura de la convocatoria', en: 'call opens' },
  registration_closes: { es: 'cierre del registro de escuelas', en: 'school registration closes' },
  plan_delivery: { es: 'entrega del PETE y el PAT', en: 'PETE and PAT delivery' },
  plan_review: { es: 'revisión de la supervisión', en: "supervisor's review" },
  ruling: { es: 'dictamen del comité técnico estatal', en: "state committee's ruling" },
  selection_published: { es: 'publicación de escuelas seleccionadas', en: 'selected schools published' },
  initial_transfer: { es: 'ministración de la aportación inicial', en: 'initial grant transfer' },
  match_transfer: { es: 'ministración de la contrapartida', en: 'match transfer' },
  expense_proofs: { es: 'comprobación del gasto', en: 'expense proofs' },
  reports: {
    es: 'informes técnico-pedagógico y financiero',
    en: 'technical-pedagogical and financial reports',
  },
  returns: { es: 'reintegro de recursos no ejercidos', en: 'return of unspent funds' },
};

export function deadlineLabel(d: Deadline, locale: Locale): string {
  return DEADLINE_LABELS[d][locale];
}

const yearsLabel = (maxYears: number | null, locale: Locale) =>
  maxYears === null
    ? locale === 'es'
      ? 'escuelas con más años en el programa'
      : 'schools with more years in the programme'
    : locale === 'es'
      ? `escuelas con hasta ${maxYears} años en el programa`
      : `schools with up to ${maxYears} years in the programme`;

/** The grant cap that applies to a school with `years` cycles already in the programme. */
export function capForYears(tiers: FederalRules['money']['grantTiers'], years: number): number {
  const sorted = [...tiers].sort((a, b) => (a.maxYears ?? Infinity) - (b.maxYears ?? Infinity));
  const tier = sorted.find((t) => t.maxYears === null || years <= t.maxYears) ?? sorted.at(-1);
  return tier?.cap ?? 0;
}

/** Every way the adaptation leaves the federal bounds, each naming the rule and the bound, in the reader's language. */
export function adaptationProblems(
  federal: FederalRules,
  a: StateAdaptation,
  locale: Locale = 'es',
): BoundProblem[] {
  const es = locale === 'es';
  const out: BoundProblem[] = [];
  for (const d of DEADLINES) {
    const value = a.calendar[d];
    if (value === undefined) continue;
    const bound = federal.calendar[d];
    if (NOT_BEFORE.has(d) ? value < bound : value > bound) {
      const before = NOT_BEFORE.has(d);
      out.push({
        rule: `calendar.${d}`,
        kind: 'after_federal',
        bound,
        value,
        message: es
          ? `La fecha de ${deadlineLabel(d, 'es')} (${value}) no puede ser ${before ? 'anterior' : 'posterior'} a la federal (${bound}).`
          : `The date for ${deadlineLabel(d, 'en')} (${value}) may not be ${before ? 'before' : 'after'} the federal one (${bound}).`,
      });
    }
  }
  // The state's own calendar must still run in order once merged.
  const merged = { ...federal.calendar, ...a.calendar };
  for (let i = 1; i < DEADLINES.length; i++) {
    const prev = DEADLINES[i - 1] as Deadline;
    const cur = DEADLINES[i] as Deadline;
    if (merged[cur] < merged[prev] && (a.calendar[cur] !== undefined || a.calendar[prev] !== undefined)) {
      out.push({
        rule: `calendar.${cur}`,
        kind: 'out_of_order',
        bound: merged[prev],
        value: merged[cur],
        message: es
          ? `La fecha de ${deadlineLabel(cur, 'es')} (${merged[cur]}) queda antes de la de ${deadlineLabel(prev, 'es')} (${merged[prev]}).`
          : `The date for ${deadlineLabel(cur, 'en')} (${merged[cur]}) falls before ${deadlineLabel(prev, 'en')} (${merged[prev]}).`,
      });
    }
  }
  if (a.grantCaps) {
    // A state tier covers the years from the tier below it up to its own limit (the last one, every
    // year beyond): its cap may not exceed the federal cap for any of those years.
    const sorted = [...a.grantCaps].sort((x, y) => (x.maxYears ?? Infinity) - (y.maxYears ?? Infinity));
    sorted.forEach((tier, i) => {
      const lower = i === 0 ? 0 : (sorted[i - 1]?.maxYears ?? 50) + 1;
      const upto = i === sorted.length - 1 ? 51 : (tier.maxYears ?? 51);
      let worst = Infinity;
      for (let y = lower; y <= upto; y++) worst = Math.min(worst, capForYears(federal.money.grantTiers, y));
      if (tier.cap > worst) {
        out.push({
          rule: `money.grantTiers.${tier.maxYears ?? 'beyond'}`,
          kind: 'above_federal',
          bound: worst,
          value: tier.cap,
          message: es
            ? `El tope de apoyo para ${yearsLabel(tier.maxYears, 'es')} (${pesos(tier.cap)}) excede el federal (${pesos(worst)}).`
            : `The grant cap for ${yearsLabel(tier.maxYears, 'en')} (${pesos(tier.cap)}) exceeds the federal one (${pesos(worst)}).`,
        });
      }
    });
  }
  if (a.matchCap !== null && a.matchCap > federal.money.matchCap) {
    out.push({
      rule: 'money.matchCap',
      kind: 'above_federal',
      bound: federal.money.matchCap,
      value: a.matchCap,
      message: es
        ? `El tope de la contrapartida por escuela (${pesos(a.matchCap)}) excede el federal (${pesos(federal.money.matchCap)}).`
        : `The match cap per school (${pesos(a.matchCap)}) exceeds the federal one (${pesos(federal.money.matchCap)}).`,
    });
  }
  for (const [code, caps] of Object.entries(a.categoryCaps)) {
    const cat = federal.spending.categories.find((c) => c.code === code);
    if (!cat) {
      out.push({
        rule: `spending.${code}`,
        kind: 'unknown_category',
        bound: null,
        value: code,
        message: es
          ? `La categoría de gasto «${code}» no existe en las reglas federales.`
          : `The spending category "${code}" does not exist in the federal rules.`,
      });
      continue;
    }
    if (cat.forbidden) {
      out.push({
        rule: `spending.${code}`,
        kind: 'forbidden_category',
        bound: null,
        value: code,
        message: es
          ? `«${cat.name}» es un gasto no autorizado por las reglas federales: no admite tope estatal.`
          : `"${cat.name}" is not an authorised expense under the federal rules: it takes no state cap.`,
      });
      continue;
    }
    if (caps.maxAmount !== null && cat.maxAmount !== null && caps.maxAmount > cat.maxAmount) {
      out.push({
        rule: `spending.${code}.maxAmount`,
        kind: 'above_federal',
        bound: cat.maxAmount,
        value: caps.maxAmount,
        message: es
          ? `El tope para «${cat.name}» (${pesos(caps.maxAmount)}) excede el federal (${pesos(cat.maxAmount)}).`
          : `The cap for "${cat.name}" (${pesos(caps.maxAmount)}) exceeds the federal one (${pesos(cat.maxAmount)}).`,
      });
    }
    if (caps.maxShareBp !== null && cat.maxShareBp !== null && caps.maxShareBp > cat.maxShareBp) {
      out.push({
        rule: `spending.${code}.maxShareBp`,
        kind: 'above_federal',
        bound: cat.maxShareBp,
        value: caps.maxShareBp,
        message: es
          ? `El porcentaje máximo para «${cat.name}» (${caps.maxShareBp / 100} %) excede el federal (${cat.maxShareBp / 100} %).`
          : `The largest share for "${cat.name}" (${caps.maxShareBp / 100} %) exceeds the federal one (${cat.maxShareBp / 100} %).`,
      });
    }
  }
  return out;
}

/** Federal rules with the state's adaptation applied (call only with an adaptation inside the bounds). */
export function effectiveRules(federal: FederalRules, a: StateAdaptation | null): EffectiveRules {
  if (!a) return { ...structuredClone(federal), stateContribution: 0 };
  const documents = [...federal.eligibility.documents];
  for (const d of a.extraDocuments) if (!documents.some((x) => x.code === d.code)) documents.push(d);
  return {
    ...structuredClone(federal),
    eligibility: { ...federal.eligibility, documents },
    priority: { ...federal.priority, weights: { ...federal.priority.weights, ...a.weights } },
    money: {
      ...federal.money,
      grantTiers: a.grantCaps ?? federal.money.grantTiers,
      matchCap: a.matchCap ?? federal.money.matchCap,
    },
    spending: {
      categories: federal.spending.categories.map((c) => {
        const caps = a.categoryCaps[c.code];
        if (!caps) return { ...c };
        return {
          ...c,
          maxAmount: caps.maxAmount ?? c.maxAmount,
          maxShareBp: caps.maxShareBp ?? c.maxShareBp,
        };
      }),
      receipts: { ...federal.spending.receipts },
      requireReceptorRfc: federal.spending.requireReceptorRfc,
    },
    calendar: { ...federal.calendar, ...a.calendar },
    stateContribution: a.stateContribution,
  };
}

type Scalar = string | number | boolean | null;

/** A document as rule path → value: arrays of coded things keyed by code, other arrays joined. */
export function flatten(value: unknown, prefix = ''): Map<string, Scalar> {
  const out = new Map<string, Scalar>();
  const walk = (v: unknown, path: string) => {
    if (v === null || v === undefined) out.set(path, null);
    else if (Array.isArray(v)) {
      if (v.every((x) => x && typeof x === 'object' && 'code' in x)) {
        for (const x of v as { code: string }[]) walk(x, `${path}.${x.code}`);
      } else if (v.every((x) => x && typeof x === 'object')) {
        v.forEach((x, i) => {
          walk(x, `${path}.${i}`);
        });
      } else out.set(path, v.join(', '));
    } else if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, path ? `${path}.${k}` : k);
    } else out.set(path, v as Scalar);
  };
  walk(value, prefix);
  return out;
}

/** The rules whose effective value differs from the federal one (added or changed), for highlighting. */
export function differences(
  federal: FederalRules,
  effective: EffectiveRules,
): { rule: string; federal: Scalar; effective: Scalar }[] {
  const f = flatten(federal);
  const e = flatten(effective);
  const out: { rule: string; federal: Scalar; effective: Scalar }[] = [];
  for (const [rule, value] of e) {
    const before = f.has(rule) ? (f.get(rule) ?? null) : null;
    if (before !== value) out.push({ rule, federal: before, effective: value });
  }
  for (const [rule, value] of f) if (!e.has(rule)) out.push({ rule, federal: value, effective: null });
  return out;
}

/** Checks a federal document's own consistency: its calendar runs in order, its tiers and categories are unique. */
export function federalProblems(r: FederalRules, locale: Locale = 'es'): { rule: string; message: string }[] {
  const es = locale === 'es';
  const out: { rule: string; message: string }[] = [];
  for (let i = 1; i < DEADLINES.length; i++) {
    const prev = DEADLINES[i - 1] as Deadline;
    const cur = DEADLINES[i] as Deadline;
    if (r.calendar[cur] < r.calendar[prev]) {
      out.push({
        rule: `calendar.${cur}`,
        message: es
          ? `La fecha de ${deadlineLabel(cur, 'es')} (${r.calendar[cur]}) queda antes de la de ${deadlineLabel(prev, 'es')} (${r.calendar[prev]}).`
          : `The date for ${deadlineLabel(cur, 'en')} (${r.calendar[cur]}) falls before ${deadlineLabel(prev, 'en')} (${r.calendar[prev]}).`,
      });
    }
  }
  const codes = r.spending.categories.map((c) => c.code);
  for (const c of new Set(codes.filter((c, i) => codes.indexOf(c) !== i))) {
    out.push({
      rule: `spending.${c}`,
      message: es ? `La categoría «${c}» está repetida.` : `The category "${c}" is repeated.`,
    });
  }
  const years = r.money.grantTiers.map((t) => t.maxYears);
  if (new Set(years).size !== years.length) {
    out.push({
      rule: 'money.grantTiers',
      message: es ? 'Hay dos tramos de apoyo con los mismos años.' : 'Two grant tiers cover the same years.',
    });
  }
  if (!years.includes(null)) {
    out.push({
      rule: 'money.grantTiers',
      message: es
        ? 'Falta el tramo para las escuelas con más años en el programa (sin límite de años).'
        : 'The tier for schools with more years in the programme (no year limit) is missing.',
    });
  }
  return out;
}

/**
 * The adaptation with every override that left the bounds dropped. A published adaptation is
 * checked when it is published; if the national coordination later publishes a correction that
 * tightens a bound, the state's override no longer applies until the state republishes, and the
 * federal value holds meanwhile (the side-by-side page lists what was dropped).
 */
export function withinBounds(
  federal: FederalRules,
  a: StateAdaptation,
): { adaptation: StateAdaptation; dropped: BoundProblem[] } {
  const dropped = adaptationProblems(federal, a);
  if (dropped.length === 0) return { adaptation: a, dropped };
  const rules = new Set(dropped.map((p) => p.rule));
  const calendar = Object.fromEntries(
    Object.entries(a.calendar).filter(([d]) => !rules.has(`calendar.${d}`)),
  ) as StateAdaptation['calendar'];
  const categoryCaps = Object.fromEntries(
    Object.entries(a.categoryCaps).filter(
      ([code]) => ![...rules].some((r) => r === `spending.${code}` || r.startsWith(`spending.${code}.`)),
    ),
  );
  const adaptation: StateAdaptation = {
    ...a,
    calendar,
    categoryCaps,
    matchCap: rules.has('money.matchCap') ? null : a.matchCap,
    grantCaps: [...rules].some((r) => r.startsWith('money.grantTiers')) ? null : a.grantCaps,
  };
  // Dropping a date can leave the merged calendar out of order: drop until it is not.
  const again = adaptationProblems(federal, adaptation);
  return again.length === 0
    ? { adaptation, dropped }
    : { adaptation: { ...adaptation, calendar: {} }, dropped: [...dropped, ...again] };
}
