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

const MX_HOUR = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Mexico_City',
  hour: 'numeric',
  hourCycle: 'h23',
});

/** The hour (0–23) where the programmes run, America/Mexico_City, whatever zone the server keeps. */
export function hourMx(now: Date = new Date()): number {
  return Number(MX_HOUR.format(now));
}

/** The date `days` after (or before) a YYYY-MM-DD date, as YYYY-MM-DD (noon UTC, so no zone shifts the day). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const FMT_LONG_DAY = new Intl.DateTimeFormat('es-MX', { timeZone: 'UTC', dateStyle: 'long' });

/** A calendar date ('2027-09-01', no time zone) in Spanish, as an official or a parent reads it: '1 de septiembre de 2027'. */
export function fechaDia(day: string): string {
  // ICU may put no-break spaces in dates; plain spaces wrap and render everywhere.
  return FMT_LONG_DAY.format(new Date(`${day}T12:00:00Z`)).replace(/[\u202f\u00a0]/g, ' ');
}
