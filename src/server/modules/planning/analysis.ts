import type { Diagnosis, PlanContent, SpendingCheck } from '../../../contract/planning.ts';
import type { Locale } from '../../../contract/roles.ts';
import { DIMENSIONS, type FederalRules } from '../../../contract/rules.ts';
import { pesos } from '../../platform/money.ts';

/**
 * What the plan's own numbers say, as pure functions the UI shows live and the server enforces on
 * submission: the diagnosis from the self-evaluation, and the PAT's programme spending against the
 * effective spending rules and the school's grant cap.
 */

const pct = (bp: number) => `${(bp / 100).toLocaleString('es-MX', { maximumFractionDigits: 1 })} %`;

export function diagnosis(content: PlanContent, standards: FederalRules['planning']['standards']): Diagnosis {
  const ratings = content.selfEvaluation.ratings;
  const rated = standards
    .filter((s) => ratings[s.code])
    .map((s) => ({ ...s, level: ratings[s.code]?.level ?? 0 }));
  return {
    dimensions: DIMENSIONS.map((dimension) => {
      const all = standards.filter((s) => s.dimension === dimension);
      const mine = rated.filter((s) => s.dimension === dimension);
      return {
        dimension,
        rated: mine.length,
        of: all.length,
        average: mine.length
          ? Math.round((mine.reduce((n, s) => n + s.level, 0) / mine.length) * 10) / 10
          : null,
      };
    }),
    strengths: rated
      .filter((s) => s.level >= 3)
      .sort((a, b) => b.level - a.level)
      .map(({ code, name, level }) => ({ code, name, level })),
    priorities: rated
      .filter((s) => s.level <= 2)
      .sort((a, b) => a.level - b.level)
      .map(({ code, name, level }) => ({ code, name, level })),
    complete: rated.length === standards.length,
  };
}

/** The PAT's programme-funded actions by spending category, each against its caps; and the whole against the grant cap. */
export function spendingCheck(
  content: PlanContent,
  rules: Pick<FederalRules, 'spending'>,
  grantCap: number | null,
  locale: Locale,
): SpendingCheck {
  const es = locale === 'es';
  const actions = content.pat.actions;
  const pec = actions.filter((a) => a.fundingSource === 'pec');
  const total = actions.reduce((n, a) => n + a.cost, 0);
  const pecTotal = pec.reduce((n, a) => n + a.cost, 0);
  const codes = new Set(rules.spending.categories.map((c) => c.code));
  const uncategorised = pec.filter((a) => !a.category || !codes.has(a.category)).map((a) => a.id);
  const lines = rules.spending.categories
    .map((c) => {
      const sum = pec.filter((a) => a.category === c.code).reduce((n, a) => n + a.cost, 0);
      const shareBp = pecTotal > 0 ? Math.round((sum / pecTotal) * 10_000) : 0;
      const overAmount = c.maxAmount !== null && sum > c.maxAmount;
      const overShare = c.maxShareBp !== null && shareBp > c.maxShareBp;
      const forbidden = c.forbidden && sum > 0;
      let message: string;
      if (forbidden) {
        message = es
          ? `«${c.name}» no es un gasto autorizado por las reglas de operación: cambie la fuente o la categoría de esas acciones.`
          : `"${c.name}" is not an authorised expense under the rules: change the funding source or category of those actions.`;
      } else if (overAmount) {
        message = es
          ? `«${c.name}» suma ${pesos(sum)}: excede el tope de ${pesos(c.maxAmount ?? 0)} por ${pesos(sum - (c.maxAmount ?? 0))}.`
          : `"${c.name}" adds up to ${pesos(sum)}: over the cap of ${pesos(c.maxAmount ?? 0)} by ${pesos(sum - (c.maxAmount ?? 0))}.`;
      } else if (overShare) {
        message = es
          ? `«${c.name}» es el ${pct(shareBp)} del gasto del PEC; el máximo es ${pct(c.maxShareBp ?? 0)}.`
          : `"${c.name}" is ${pct(shareBp)} of the programme spending; the maximum is ${pct(c.maxShareBp ?? 0)}.`;
      } else if (c.maxAmount !== null) {
        message = es
          ? `«${c.name}»: ${pesos(sum)} de ${pesos(c.maxAmount)}; quedan ${pesos(c.maxAmount - sum)}.`
          : `"${c.name}": ${pesos(sum)} of ${pesos(c.maxAmount)}; ${pesos(c.maxAmount - sum)} left.`;
      } else {
        message = es ? `«${c.name}»: ${pesos(sum)}.` : `"${c.name}": ${pesos(sum)}.`;
      }
      return {
        category: c.code,
        name: c.name,
        total: sum,
        maxAmount: c.maxAmount,
        maxShareBp: c.maxShareBp,
        shareBp,
        forbidden: c.forbidden,
        ok: !forbidden && !overAmount && !overShare,
        message,
      };
    })
    .filter((l) => l.total > 0 || l.maxAmount !== null || l.maxShareBp !== null);
  const messages: string[] = [];
  if (grantCap !== null && pecTotal > grantCap) {
    messages.push(
      es
        ? `El PAT asigna ${pesos(pecTotal)} al PEC; el apoyo máximo para esta escuela es ${pesos(grantCap)} (sobran ${pesos(pecTotal - grantCap)}).`
        : `The PAT assigns ${pesos(pecTotal)} to the programme; this school's grant is at most ${pesos(grantCap)} (${pesos(pecTotal - grantCap)} too much).`,
    );
  } else if (grantCap !== null) {
    messages.push(
      es
        ? `El PAT asigna ${pesos(pecTotal)} de un apoyo máximo de ${pesos(grantCap)}.`
        : `The PAT assigns ${pesos(pecTotal)} of a grant of at most ${pesos(grantCap)}.`,
    );
  }
  if (uncategorised.length) {
    messages.push(
      es
        ? `${uncategorised.length} acción(es) con fondos del PEC no tienen una categoría de gasto de las reglas.`
        : `${uncategorised.length} programme-funded action(s) have no spending category from the rules.`,
    );
  }
  const ok =
    lines.every((l) => l.ok) && uncategorised.length === 0 && (grantCap === null || pecTotal <= grantCap);
  return { total, grantCap, pecTotal, ok, lines, uncategorised, messages };
}
