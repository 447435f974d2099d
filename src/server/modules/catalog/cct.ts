/**
 * CCT (Clave de Centro de Trabajo): two-digit state 01–32, a classifier letter, a two-letter
 * service type, four digits, a final letter. No public algorithm for the final letter is known,
 * so a CCT is checked by format and by agreement with its row's state; existence is the catalog's.
 */
export const CCT_PATTERN = /^(0[1-9]|[12][0-9]|3[0-2])([A-Z])([A-Z]{2})(\d{4})([A-Z])$/;

export interface CctParts {
  state: string;
  classifier: string;
  service: string;
  number: string;
  check: string;
}

export type CctProblem =
  | 'empty'
  | 'length'
  | 'characters'
  | 'state_digits'
  | 'classifier'
  | 'service_letters'
  | 'number_digits'
  | 'final_letter'
  | 'state_mismatch';

/** Spanish and English reasons, for reports and problem details. */
export const CCT_PROBLEM_TEXT: Record<CctProblem, { es: string; en: string }> = {
  empty: { es: 'falta la CCT', en: 'the CCT is missing' },
  length: { es: 'la CCT debe tener 10 caracteres', en: 'a CCT has 10 characters' },
  characters: { es: 'la CCT solo admite letras A–Z y dígitos', en: 'a CCT has only letters A–Z and digits' },
  state_digits: {
    es: 'los dos primeros caracteres deben ser la clave de entidad 01–32',
    en: 'the first two characters must be a state code 01–32',
  },
  classifier: {
    es: 'el tercer carácter debe ser una letra (clasificador)',
    en: 'the third character must be a letter (classifier)',
  },
  service_letters: {
    es: 'los caracteres 4 y 5 deben ser letras (tipo de servicio)',
    en: 'characters 4 and 5 must be letters (service type)',
  },
  number_digits: { es: 'los caracteres 6 a 9 deben ser dígitos', en: 'characters 6 to 9 must be digits' },
  final_letter: { es: 'el último carácter debe ser una letra', en: 'the last character must be a letter' },
  state_mismatch: {
    es: 'la entidad de la CCT no coincide con la entidad del registro',
    en: "the CCT's state does not match the row's state",
  },
};

/** Upper-cases and trims; internal spaces and dashes are a format error, not silently dropped. */
export function normalizeCct(raw: string): string {
  return raw.trim().toUpperCase();
}

/** The first thing wrong with a CCT, or null when its format is valid (and agrees with `state`, if given). */
export function cctProblem(raw: string, state?: string): CctProblem | null {
  const cct = normalizeCct(raw);
  if (cct.length === 0) return 'empty';
  if (cct.length !== 10) return 'length';
  if (!/^[A-Z0-9]+$/.test(cct)) return 'characters';
  const st = cct.slice(0, 2);
  if (!/^\d\d$/.test(st) || Number(st) < 1 || Number(st) > 32) return 'state_digits';
  if (!/^[A-Z]$/.test(cct[2] ?? '')) return 'classifier';
  if (!/^[A-Z]{2}$/.test(cct.slice(3, 5))) return 'service_letters';
  if (!/^\d{4}$/.test(cct.slice(5, 9))) return 'number_digits';
  if (!/^[A-Z]$/.test(cct[9] ?? '')) return 'final_letter';
  if (state !== undefined && st !== state.padStart(2, '0')) return 'state_mismatch';
  return null;
}

export function parseCct(raw: string): CctParts | null {
  const m = CCT_PATTERN.exec(normalizeCct(raw));
  if (!m) return null;
  const [, state, classifier, service, number, check] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { state, classifier, service, number, check };
}
