import { useTranslation } from 'react-i18next';
import {
  formatClock,
  formatDateOf,
  formatDateTime,
  formatLongDay,
  formatNumber,
  formatPercent,
  formatPesos,
} from './format.ts';

/** The formatters of format.ts in the reader's language; each shows "—" for a missing value. */
export function useFmt() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return {
    pesos: formatPesos,
    num: (n: number | null | undefined, maxFractionDigits = 2) => formatNumber(n, lang, maxFractionDigits),
    /** "12.5 %" from basis points. */
    pct: (bp: number | null | undefined) => formatPercent(bp, lang),
    /** "12.50 %" from basis points, for columns. */
    pctFixed: (bp: number | null | undefined) => formatPercent(bp, lang, true),
    day: (date: string | null | undefined) => formatLongDay(date, lang),
    time: (iso: string | null | undefined) => (iso ? formatDateTime(iso, lang) : '—'),
    dateOf: (iso: string | null | undefined) => formatDateOf(iso, lang),
    clock: (iso: string | null | undefined) => formatClock(iso, lang),
  };
}
