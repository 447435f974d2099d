/**
 * Formatting as a Mexican reader expects it, in the reader's language. Pure functions, so a page's
 * hook (`useFmt`) and anything outside React format the same way.
 */

/** The Intl locale for the app's language: Spanish as written in Mexico unless the reader chose English. */
export function localeOf(lang: string): string {
  return lang === 'en' ? 'en-US' : 'es-MX';
}

/** Times are stored in UTC and shown in Mexico City time. */
export function formatDateTime(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(localeOf(lang), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'America/Mexico_City',
  }).format(new Date(iso));
}

/** Pesos from centavos ("$12,345.67"), always as Mexican pesos are written, whatever the language. */
export function formatPesos(centavos: number | null | undefined): string {
  return centavos === null || centavos === undefined
    ? '—'
    : new Intl.NumberFormat('es-MX', { style: 'currency', currency: 'MXN' }).format(centavos / 100);
}

export function formatNumber(n: number | null | undefined, lang: string, maxFractionDigits = 2): string {
  return n === null || n === undefined
    ? '—'
    : new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: maxFractionDigits }).format(n);
}

/**
 * A percentage from basis points ("12.5 %"); `fixed` always shows two decimals ("12.50 %"), so a
 * column of shares lines up.
 */
export function formatPercent(bp: number | null | undefined, lang: string, fixed = false): string {
  if (bp === null || bp === undefined) return '—';
  const digits = { minimumFractionDigits: fixed ? 2 : 0, maximumFractionDigits: 2 };
  return `${new Intl.NumberFormat(localeOf(lang), digits).format(bp / 100)} %`;
}

/** A calendar date (YYYY-MM-DD, already Mexico City) as a long date, never shifted by time zone. */
export function formatLongDay(date: string | null | undefined, lang: string): string {
  return date
    ? new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(`${date.slice(0, 10)}T12:00:00Z`),
      )
    : '—';
}

/** The Mexico City calendar day of a moment, as a long date. */
export function formatDateOf(iso: string | null | undefined, lang: string): string {
  return iso
    ? new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'long', timeZone: 'America/Mexico_City' }).format(
        new Date(iso),
      )
    : '—';
}

/** The Mexico City time of a moment ("02:05 p.m."), for "saved at" lines. */
export function formatClock(iso: string | null | undefined, lang: string): string {
  return iso
    ? new Intl.DateTimeFormat(localeOf(lang), {
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'America/Mexico_City',
      }).format(new Date(iso))
    : '—';
}

/** Today in Mexico City as YYYY-MM-DD. */
export function todayMx(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City' }).format(new Date());
}
