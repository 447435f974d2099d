/**
 * RFC (Registro Federal de Contribuyentes): 13 characters for a person (persona física: four
 * letters, YYMMDD, three homoclave characters), 12 for a company (persona moral: three letters …).
 * Format is the SAT's `tdCFDI:t_RFC` pattern plus a real calendar date. The check digit follows
 * python-stdnum `stdnum/mx/rfc.py` (research/security.md §6.3); a mismatch is only ever a warning,
 * because the generic RFCs and around 1.5 % of RFCs the SAT really issued fail it.
 */

export const RFC_PATTERN =
  /^([A-Z&Ñ]{3,4})([0-9]{2})(0[1-9]|1[012])(0[1-9]|[12][0-9]|3[01])([A-Z0-9]{2})([0-9A])$/u;

/** Público en general: a sale to an unidentified buyer. */
export const RFC_GENERIC_PUBLIC = 'XAXX010101000';
/** Residente en el extranjero: a foreign buyer without a Mexican RFC. */
export const RFC_GENERIC_FOREIGN = 'XEXX010101000';

export type RfcKind = 'person' | 'company' | 'generic_public' | 'generic_foreign';

const ALPHABET = '0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ';

/** Trims and upper-cases a key typed by a person (the school's registered RFC). */
export function normalizeRfc(raw: string): string {
  return raw.trim().toUpperCase();
}

function realDate(yy: string, mm: string, dd: string): boolean {
  // The century is not encoded: the date is real if it exists in 19YY or in 20YY (29 February).
  return ['19', '20'].some((c) => {
    const y = Number(c + yy);
    const d = new Date(Date.UTC(y, Number(mm) - 1, Number(dd)));
    return d.getUTCFullYear() === y && d.getUTCMonth() === Number(mm) - 1 && d.getUTCDate() === Number(dd);
  });
}

/** The RFC's kind when its format is valid (pattern and real date), otherwise null. Case-sensitive, as the SAT's. */
export function rfcKind(rfc: string): RfcKind | null {
  if (rfc === RFC_GENERIC_PUBLIC) return 'generic_public';
  if (rfc === RFC_GENERIC_FOREIGN) return 'generic_foreign';
  const m = RFC_PATTERN.exec(rfc);
  if (!m) return null;
  const [, letters, yy, mm, dd] = m as unknown as [string, string, string, string, string];
  if (!realDate(yy, mm, dd)) return null;
  return [...letters].length === 4 ? 'person' : 'company';
}

/** The check digit the first 11 (company) or 12 (person) characters call for. */
export function rfcCheckDigit(rfc: string): string {
  const chars = [...rfc];
  const body = chars.slice(0, -1);
  while (body.length < 12) body.unshift(' ');
  const sum = body.reduce((s, ch, i) => s + Math.max(0, ALPHABET.indexOf(ch)) * (13 - i), 0);
  const d = (11 - (sum % 11)) % 11;
  return d === 10 ? 'A' : String(d);
}

/** Whether the last character is the documented check digit (the generic RFCs fail it by design). */
export function rfcCheckDigitMatches(rfc: string): boolean {
  return [...rfc].at(-1) === rfcCheckDigit(rfc);
}
