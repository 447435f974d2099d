import { type CatalogColumn, FUNDING, type LEVELS, SHIFTS } from '../../../contract/catalog.ts';
import { STATES } from '../../demo/states.ts';
import { CCT_PROBLEM_TEXT, cctProblem, normalizeCct } from './cct.ts';
import type { SeenCcts } from './cct-registry.ts';
import { normalizeHeader } from './headers.ts';

/** A validated catalog row, in the shapes the database stores. */
export interface SchoolRecord {
  cct: string;
  name: string;
  shift: string | null;
  state: string;
  municipality: string;
  /** The municipality's name, when the file gives it. */
  municipalityName: string | null;
  locality: string | null;
  address: string | null;
  postalCode: string | null;
  level: (typeof LEVELS)[number];
  service: 'general' | 'indigena' | 'comunitario' | 'tecnica' | 'telesecundaria';
  multigrade: boolean;
  funding: string | null;
  sector: string;
  zone: string;
  setting: 'urbano' | 'rural' | null;
  marginalization: 'muy_alto' | 'alto' | 'medio' | 'bajo' | 'muy_bajo' | null;
  enrolment: number | null;
  teachers: number | null;
  latitude: number | null;
  longitude: number | null;
}

export type RowResult =
  | { ok: true; line: number; record: SchoolRecord }
  | { ok: false; line: number; cct: string; reasons: string[] };

/** Normalised cell values, kept: a catalog repeats a handful of levels, services and states on every row. */
const KEYS = new Map<string, string>();
const key = (s: string | undefined) => {
  const raw = s ?? '';
  let k = KEYS.get(raw);
  if (k === undefined) {
    k = normalizeHeader(raw);
    if (KEYS.size < 10_000) KEYS.set(raw, k);
  }
  return k;
};
const STATE_BY_NAME = new Map(STATES.map((s) => [key(s.name), s.code]));
// Common short names besides the official ones.
for (const [alias, code] of [
  ['cdmx', '09'],
  ['distrito_federal', '09'],
  ['coahuila', '05'],
  ['michoacan', '16'],
  ['veracruz', '30'],
  ['estado_de_mexico', '15'],
] as const)
  STATE_BY_NAME.set(alias, code);

const ENUMS = {
  level: {
    inicial: 'inicial',
    educacion_inicial: 'inicial',
    cendi: 'inicial',
    especial: 'especial',
    educacion_especial: 'especial',
    cam: 'especial',
    preescolar: 'preescolar',
    inicial_preescolar: 'preescolar',
    primaria: 'primaria',
    secundaria: 'secundaria',
  },
  service: {
    general: 'general',
    indigena: 'indigena',
    comunitario: 'comunitario',
    comunitaria: 'comunitario',
    conafe: 'comunitario',
    tecnica: 'tecnica',
    secundaria_tecnica: 'tecnica',
    telesecundaria: 'telesecundaria',
  },
  setting: { urbano: 'urbano', urbana: 'urbano', u: 'urbano', rural: 'rural', r: 'rural' },
  marginalization: { muy_alto: 'muy_alto', alto: 'alto', medio: 'medio', bajo: 'bajo', muy_bajo: 'muy_bajo' },
} as const;

// The country's extent, generously: a point outside is a typo (often swapped or unsigned coordinates).
const LAT = [14.3, 32.8] as const;
const LON = [-118.6, -86.5] as const;

export interface RowContext {
  /** CCT → first line it appeared on, across the whole file (a CctRegistry in the import). */
  seen: SeenCcts;
  /** When set, rows of other states are refused (a state coordinator's import). */
  allowedStates?: ReadonlySet<string>;
  locale: 'es' | 'en';
}

const T = {
  missing: {
    es: (c: string) => `falta el campo obligatorio «${c}»`,
    en: (c: string) => `the required field "${c}" is empty`,
  },
  state: { es: (v: string) => `entidad desconocida «${v}»`, en: (v: string) => `unknown state "${v}"` },
  municipality: {
    es: (v: string) => `clave de municipio no válida «${v}» (tres dígitos INEGI, de 001 a 570)`,
    en: (v: string) => `invalid municipality code "${v}" (three INEGI digits, 001 to 570)`,
  },
  enumValue: {
    es: (c: string, v: string) => `valor no reconocido en «${c}»: «${v}»`,
    en: (c: string, v: string) => `unrecognised value in "${c}": "${v}"`,
  },
  number: {
    es: (c: string, v: string) => `«${c}» debe ser un número entero no negativo, no «${v}»`,
    en: (c: string, v: string) => `"${c}" must be a non-negative whole number, not "${v}"`,
  },
  coords: { es: 'las coordenadas quedan fuera de México', en: 'the coordinates fall outside Mexico' },
  coordsNumber: {
    es: (v: string) => `las coordenadas deben ser números en grados decimales, no «${v}»`,
    en: (v: string) => `coordinates must be numbers in decimal degrees, not "${v}"`,
  },
  coordsPair: {
    es: 'falta latitud o longitud (van juntas)',
    en: 'latitude and longitude go together; one is missing',
  },
  duplicate: {
    es: (l: number) => `CCT repetida en el archivo (primera vez en la línea ${l})`,
    en: (l: number) => `CCT repeated in the file (first on line ${l})`,
  },
  scope: {
    es: 'la escuela es de otra entidad: solo puede importar escuelas de su entidad',
    en: 'the school belongs to another state: you may import only your own state',
  },
  tooLong: { es: (c: string) => `«${c}» es demasiado largo`, en: (c: string) => `"${c}" is too long` },
};

function parseCount(v: string | undefined): number | null | 'bad' {
  if (!v?.trim()) return null;
  const n = Number(v.trim().replace(/,/g, ''));
  return Number.isInteger(n) && n >= 0 && n < 1_000_000 ? n : 'bad';
}

/**
 * Decimal degrees, with a point or (as spreadsheets in Spanish export them, in files delimited by
 * semicolons) a decimal comma; null when the text is not such a number.
 */
function degrees(v: string): number | null {
  const t = /^-?\d+,\d+$/.test(v) ? v.replace(',', '.') : v;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return null;
  return Number(t);
}

/**
 * A value of a known list, whatever its case, accents or spacing ("TIEMPO COMPLETO", "Autónomo"), so
 * that filters and labels find it; any other value is kept as written, lower-cased.
 */
function known(list: readonly string[], v: string | null): string | null {
  if (v === null) return null;
  const k = key(v);
  return list.includes(k) ? k : v.toLowerCase();
}

/** Validates and normalises one data row; every problem is named, not just the first. */
export function validateRow(
  raw: Partial<Record<CatalogColumn, string>>,
  line: number,
  ctx: RowContext,
): RowResult {
  const L = ctx.locale;
  const reasons: string[] = [];
  const v = (c: CatalogColumn) => raw[c]?.trim() ?? '';
  for (const c of ['cct', 'nombre', 'entidad', 'municipio', 'nivel', 'sector', 'zona'] as const) {
    if (!v(c)) reasons.push(T.missing[L](c));
  }
  const stateRaw = v('entidad');
  const stateCode = /^\d{1,2}$/.test(stateRaw)
    ? stateRaw.padStart(2, '0')
    : (STATE_BY_NAME.get(key(stateRaw)) ?? null);
  const state = stateCode && Number(stateCode) >= 1 && Number(stateCode) <= 32 ? stateCode : null;
  if (stateRaw && !state) reasons.push(T.state[L](stateRaw));
  const cct = normalizeCct(v('cct'));
  if (cct) {
    const problem = cctProblem(cct, state ?? undefined);
    if (problem) reasons.push(`CCT ${cct}: ${CCT_PROBLEM_TEXT[problem][L]}`);
    const first = ctx.seen.get(cct);
    if (first !== undefined) reasons.push(T.duplicate[L](first));
    else ctx.seen.set(cct, line);
  }
  if (state && ctx.allowedStates && !ctx.allowedStates.has(state)) reasons.push(T.scope[L]);
  let municipality = v('municipio');
  if (/^\d{5}$/.test(municipality) && state && municipality.startsWith(state))
    municipality = municipality.slice(2);
  // INEGI numbers each state's municipalities from 001; Oaxaca, with the most, ends at 570.
  if (
    municipality &&
    (!/^\d{1,3}$/.test(municipality) || Number(municipality) < 1 || Number(municipality) > 570)
  )
    reasons.push(T.municipality[L](municipality));
  municipality = municipality.padStart(3, '0');
  const pickEnum = <K extends keyof typeof ENUMS>(kind: K, c: CatalogColumn, required: boolean) => {
    const value = v(c);
    if (!value) return null;
    const hit = (ENUMS[kind] as Record<string, string>)[key(value)];
    if (!hit && (required || value)) reasons.push(T.enumValue[L](c, value));
    return (hit ?? null) as never;
  };
  const level = pickEnum('level', 'nivel', true);
  const service = v('servicio') ? pickEnum('service', 'servicio', false) : 'general';
  const setting = pickEnum('setting', 'ambito', false);
  const marginalization = pickEnum('marginalization', 'marginacion', false);
  const multigrade = ['si', 's', '1', 'true', 'verdadero', 'x'].includes(key(v('multigrado')));
  const counts = { enrolment: parseCount(raw.matricula), teachers: parseCount(raw.docentes) };
  if (counts.enrolment === 'bad') reasons.push(T.number[L]('matricula', v('matricula')));
  if (counts.teachers === 'bad') reasons.push(T.number[L]('docentes', v('docentes')));
  const latRaw = v('latitud');
  const lonRaw = v('longitud');
  let latitude: number | null = null;
  let longitude: number | null = null;
  if (latRaw || lonRaw) {
    if (!latRaw || !lonRaw) reasons.push(T.coordsPair[L]);
    else {
      latitude = degrees(latRaw);
      longitude = degrees(lonRaw);
      if (latitude === null || longitude === null)
        reasons.push(T.coordsNumber[L](latitude === null ? latRaw : lonRaw));
      else if (!(latitude >= LAT[0] && latitude <= LAT[1] && longitude >= LON[0] && longitude <= LON[1]))
        reasons.push(T.coords[L]);
    }
  }
  for (const c of ['nombre', 'domicilio', 'localidad', 'nombre_municipio'] as const)
    if (v(c).length > 250) reasons.push(T.tooLong[L](c));
  if (reasons.length > 0 || !state || !level) return { ok: false, line, cct, reasons };
  const orNull = (c: CatalogColumn) => v(c) || null;
  // Mexican postal codes have five digits; four are one whose leading zero a spreadsheet dropped
  // (Mexico City's 01000–09999 typed or stored as a number).
  const postalCode = /^\d{4}$/.test(v('codigo_postal')) ? `0${v('codigo_postal')}` : orNull('codigo_postal');
  return {
    ok: true,
    line,
    record: {
      cct,
      name: v('nombre'),
      shift: known(SHIFTS, orNull('turno')),
      state,
      municipality,
      municipalityName: orNull('nombre_municipio'),
      locality: orNull('localidad'),
      address: orNull('domicilio'),
      postalCode,
      level,
      service: service ?? 'general',
      multigrade,
      funding: known(FUNDING, orNull('sostenimiento')),
      sector: v('sector'),
      zone: v('zona'),
      setting,
      marginalization,
      enrolment: counts.enrolment as number | null,
      teachers: counts.teachers as number | null,
      latitude,
      longitude,
    },
  };
}
