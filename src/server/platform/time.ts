/** PostgreSQL prints timestamptz as "2026-01-02 03:04:05.678+00"; this parses that and ISO alike. */
export function dbTimeMs(ts: string): number {
  return Date.parse(ts.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}

export function dbTimeIso(ts: string): string {
  return new Date(dbTimeMs(ts)).toISOString();
}

const MX_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City' });

/** Today's date (YYYY-MM-DD) where the programmes run: America/Mexico_City. */
export function todayMx(now: Date = new Date()): string {
  return MX_DATE.format(now);
}

/** The date `days` after (or before) a YYYY-MM-DD date, as YYYY-MM-DD (noon UTC, so no zone shifts the day). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
