import type { CatalogColumn } from '../../../contract/catalog.ts';
import { STATES } from '../../demo/states.ts';
import { LOCALITY_WORDS, PATRONS, SCHOOL_TYPES, STATE_PROFILE, STREETS } from './synthetic-data.ts';

export type CatalogRow = Record<CatalogColumn, string>;

export const MAX_SYNTHETIC_SCHOOLS = 1_000_000;
const SCHOOLS_PER_ZONE = 25;
const OVERFLOW: Record<string, string> = { D: 'F', E: 'G', F: 'H', G: 'I', H: 'J', I: 'K', J: 'L', K: 'M' };
const ZONES_PER_SECTOR = 8;

/** mulberry32: small, fast and deterministic for a given seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted<T extends { share: number }>(items: readonly T[], r: number): T {
  const total = items.reduce((s, i) => s + i.share, 0);
  let x = r * total;
  for (const i of items) {
    x -= i.share;
    if (x < 0) return i;
  }
  return items[items.length - 1] as T;
}

/** Schools per state proportional to each state's share, summing exactly to n. */
export function allocateByState(n: number): Map<string, number> {
  const total = STATES.reduce((s, st) => s + (STATE_PROFILE[st.code]?.share ?? 0), 0);
  const exact = STATES.map((st) => ({
    code: st.code,
    x: (n * (STATE_PROFILE[st.code]?.share ?? 0)) / total,
  }));
  const out = new Map(exact.map((e) => [e.code, Math.floor(e.x)]));
  let left = n - [...out.values()].reduce((a, b) => a + b, 0);
  for (const e of [...exact].sort((a, b) => (b.x % 1) - (a.x % 1))) {
    if (left-- <= 0) break;
    out.set(e.code, (out.get(e.code) ?? 0) + 1);
  }
  return out;
}

/**
 * A deterministic, plausible national school catalog: well-formed CCTs consistent with their
 * state and service, schools spread over the 32 states by their real weight, zones of ~25 schools
 * grouped in sectors of 8 zones, urban/rural and marginalization correlated with service type.
 */
export function* syntheticCatalog(n: number, seed = 2026): Generator<CatalogRow> {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SYNTHETIC_SCHOOLS) {
    throw new RangeError(`--schools must be a whole number from 0 to ${MAX_SYNTHETIC_SCHOOLS}`);
  }
  const rand = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  for (const [state, count] of allocateByState(n)) {
    const profile = STATE_PROFILE[state];
    if (!profile) continue;
    const consecutive = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      const type = pickWeighted(SCHOOL_TYPES, rand());
      // Four digits allow 9,999 schools per classifier and service in a state; past that the
      // next classifier letter takes over, so every CCT stays unique and well-formed.
      let classifier = rand() < 0.62 ? 'D' : 'E';
      while ((consecutive.get(`${classifier}${type.code}`) ?? 0) >= 9999)
        classifier = OVERFLOW[classifier] ?? 'Z';
      const key = `${classifier}${type.code}`;
      const number = (consecutive.get(key) ?? 0) + 1;
      consecutive.set(key, number);
      const check = String.fromCharCode(
        65 + ((number * 7 + state.charCodeAt(1) + type.code.charCodeAt(0)) % 26),
      );
      const cct = `${state}${classifier}${type.code}${String(number).padStart(4, '0')}${check}`;
      const zoneIndex = Math.floor(i / SCHOOLS_PER_ZONE);
      const sectorIndex = Math.floor(zoneIndex / ZONES_PER_SECTOR);
      const rural = type.service !== 'general' ? rand() < 0.9 : rand() < 0.35;
      const marg = rural
        ? pick(['muy_alto', 'alto', 'alto', 'medio'] as const)
        : pick(['medio', 'bajo', 'muy_bajo', 'muy_bajo'] as const);
      const [lo, hi] = type.enrolment;
      const enrolment = rural ? int(lo, Math.max(lo, Math.floor(hi / 3))) : int(lo, hi);
      const multigrade = type.level === 'primaria' && rural && enrolment < 90;
      const teachers = Math.max(1, Math.round(enrolment / (multigrade ? 30 : 25)));
      const municipality = String(int(1, profile.municipalities)).padStart(3, '0');
      const levelName = {
        preescolar: 'Jardín de Niños',
        primaria: 'Escuela Primaria',
        secundaria: 'Escuela Secundaria',
      }[type.level];
      const serviceName =
        type.service === 'telesecundaria'
          ? 'Telesecundaria'
          : type.service === 'tecnica'
            ? `${levelName} Técnica`
            : type.service === 'indigena'
              ? `${levelName} Indígena`
              : levelName;
      yield {
        cct,
        nombre: `${type.service === 'telesecundaria' ? 'Telesecundaria' : serviceName} ${pick(PATRONS)}`,
        turno:
          type.level === 'secundaria' && rand() < 0.3
            ? 'vespertino'
            : rand() < 0.08
              ? 'tiempo_completo'
              : 'matutino',
        entidad: state,
        municipio: municipality,
        // Synthetic codes name no real municipality.
        nombre_municipio: '',
        localidad: rural
          ? `${pick(LOCALITY_WORDS)} ${pick(['de Abajo', 'de Arriba', 'el Alto', 'Nuevo', 'Viejo', ''])}`.trim()
          : 'Cabecera municipal',
        domicilio: `Calle ${pick(STREETS)} núm. ${int(1, 999)}`,
        codigo_postal: `${profile.cp}${String(int(0, 999)).padStart(3, '0')}`,
        nivel: type.level,
        servicio: type.service,
        multigrado: multigrade ? 'si' : 'no',
        sostenimiento: ['D', 'F', 'H', 'J', 'L'].includes(classifier) ? 'federal' : 'estatal',
        sector: String(sectorIndex + 1).padStart(3, '0'),
        zona: String(zoneIndex + 1).padStart(3, '0'),
        ambito: rural ? 'rural' : 'urbano',
        marginacion: marg,
        matricula: String(enrolment),
        docentes: String(teachers),
        latitud: (profile.lat + (rand() - 0.5) * 1.6).toFixed(5),
        longitud: (profile.lon + (rand() - 0.5) * 1.6).toFixed(5),
      };
    }
  }
}
