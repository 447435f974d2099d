import { PRIORITY_CRITERIA, type PriorityCriterion } from '../../../contract/rules.ts';
import { capForYears, type EffectiveRules } from '../rules/effective.ts';
import type { Commitment, EligibilityCheck } from './schema.ts';

/**
 * Escuelas de Calidad eligibility and priority, as pure functions of the effective rules, the
 * school's catalog facts, its cycles already in the programme and its registration (commitment
 * letter and documents). Every criterion carries its explanation in Spanish and English so the
 * school reads why; the property tests in eligibility.test.ts pin the arithmetic.
 */

export interface SchoolFacts {
  level: string;
  service: string;
  funding: string | null;
  multigrade: boolean;
  setting: string | null;
  marginalization: string | null;
  enrolment: number | null;
  active: boolean;
}

/** What a rules document says about who may take part and who comes first. */
export type EnrollmentRules = Pick<EffectiveRules, 'eligibility' | 'priority'> & {
  money: Pick<EffectiveRules['money'], 'grantTiers'>;
};

export interface RegistrationInput {
  priorCycles: number;
  commitment: Commitment;
  documents: Record<string, { fileId: string; name: string }>;
}

export interface Evaluation {
  eligible: boolean;
  /** Beyond the rules' cycles: not eligible automatically, only under the extra conditions. */
  requiresExtraConditions: boolean;
  checks: EligibilityCheck[];
  score: number;
  /** The priority criteria the school meets → the points each gave (its weight). */
  breakdown: Partial<Record<PriorityCriterion, number>>;
  grantCap: number;
}

const LEVEL: Record<string, { es: string; en: string }> = {
  inicial: { es: 'inicial', en: 'early childhood' },
  especial: { es: 'especial', en: 'special education' },
  preescolar: { es: 'preescolar', en: 'preschool' },
  primaria: { es: 'primaria', en: 'primary' },
  secundaria: { es: 'secundaria', en: 'secondary' },
};
const SERVICE: Record<string, { es: string; en: string }> = {
  general: { es: 'general', en: 'general' },
  indigena: { es: 'indígena', en: 'indigenous' },
  comunitario: { es: 'comunitario', en: 'community' },
  tecnica: { es: 'técnica', en: 'technical' },
  telesecundaria: { es: 'telesecundaria', en: 'telesecundaria' },
};
const FUNDING: Record<string, { es: string; en: string }> = {
  federal: { es: 'federal', en: 'federal' },
  estatal: { es: 'estatal', en: 'state' },
  particular: { es: 'particular', en: 'private' },
  autonomo: { es: 'autónomo', en: 'autonomous' },
};
const MARGINALIZATION: Record<string, { es: string; en: string }> = {
  muy_alto: { es: 'muy alto', en: 'very high' },
  alto: { es: 'alto', en: 'high' },
  medio: { es: 'medio', en: 'medium' },
  bajo: { es: 'bajo', en: 'low' },
  muy_bajo: { es: 'muy bajo', en: 'very low' },
};

const label = (table: Record<string, { es: string; en: string }>, v: string | null, lang: 'es' | 'en') =>
  v === null ? (lang === 'es' ? 'sin dato' : 'not recorded') : (table[v]?.[lang] ?? v);
const list = (table: Record<string, { es: string; en: string }>, vs: readonly string[], lang: 'es' | 'en') =>
  vs.map((v) => label(table, v, lang)).join(', ');

/** What each priority criterion means, for the breakdown shown to the school. */
export const PRIORITY_LABELS: Record<PriorityCriterion, { es: string; en: string }> = {
  marginalization_very_high: { es: 'Marginación muy alta', en: 'Very high marginalization' },
  marginalization_high: { es: 'Marginación alta', en: 'High marginalization' },
  indigenous: { es: 'Servicio indígena', en: 'Indigenous service' },
  multigrade: { es: 'Escuela multigrado', en: 'Multigrade school' },
  telesecundaria: { es: 'Telesecundaria', en: 'Telesecundaria' },
  rural: { es: 'Ámbito rural', en: 'Rural setting' },
  first_participation: { es: 'Primera participación en el programa', en: 'First participation' },
  continuing: { es: 'Escuela que continúa en el programa', en: 'Continuing in the programme' },
};

/** Whether the school meets each priority criterion (independent of the weights). */
export function priorityCriteriaMet(
  rules: Pick<EnrollmentRules, 'priority'>,
  school: SchoolFacts,
  priorCycles: number,
): Record<PriorityCriterion, boolean> {
  const m = school.marginalization;
  return {
    marginalization_very_high:
      m !== null && (rules.priority.marginalization.veryHigh as string[]).includes(m),
    marginalization_high: m !== null && (rules.priority.marginalization.high as string[]).includes(m),
    indigenous: school.service === 'indigena',
    multigrade: school.multigrade,
    telesecundaria: school.service === 'telesecundaria',
    rural: school.setting === 'rural',
    first_participation: priorCycles === 0,
    continuing: priorCycles > 0,
  };
}

/** The priority score: the sum of the effective weights of the criteria the school meets. */
export function priorityScore(
  rules: Pick<EnrollmentRules, 'priority'>,
  school: SchoolFacts,
  priorCycles: number,
): { score: number; breakdown: Partial<Record<PriorityCriterion, number>> } {
  const met = priorityCriteriaMet(rules, school, priorCycles);
  const breakdown: Partial<Record<PriorityCriterion, number>> = {};
  let score = 0;
  for (const c of PRIORITY_CRITERIA) {
    if (!met[c]) continue;
    const w = rules.priority.weights[c] ?? 0;
    breakdown[c] = w;
    score += w;
  }
  return { score, breakdown };
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T12:00:00Z`));

/** The commitment letter's missing parts (director, CEPS president, CTE endorsement date). */
export function commitmentMissing(c: Commitment): { es: string; en: string }[] {
  const out: { es: string; en: string }[] = [];
  if (!c.directorName?.trim()) out.push({ es: 'el nombre de la dirección', en: "the director's name" });
  if (!c.cepsPresidentName?.trim())
    out.push({ es: 'el nombre de la presidencia del CEPS', en: "the school council president's name" });
  if (!c.cteEndorsedOn || !isDate(c.cteEndorsedOn))
    out.push({ es: 'la fecha del aval del CTE', en: "the date of the teachers' council endorsement" });
  return out;
}

/** Every eligibility criterion, checked and explained; then the priority score and grant cap. */
export function evaluate(rules: EnrollmentRules, school: SchoolFacts, reg: RegistrationInput): Evaluation {
  const e = rules.eligibility;
  const checks: EligibilityCheck[] = [];
  const add = (criterion: string, met: boolean, es: string, en: string) =>
    checks.push({ criterion, met, es, en });

  const levelOk = (e.levels as string[]).includes(school.level);
  add(
    'level',
    levelOk,
    levelOk
      ? `El nivel ${label(LEVEL, school.level, 'es')} participa en el programa.`
      : `El nivel ${label(LEVEL, school.level, 'es')} no participa; las reglas admiten: ${list(LEVEL, e.levels, 'es')}.`,
    levelOk
      ? `The ${label(LEVEL, school.level, 'en')} level takes part in the programme.`
      : `The ${label(LEVEL, school.level, 'en')} level does not take part; the rules admit: ${list(LEVEL, e.levels, 'en')}.`,
  );
  const serviceOk = (e.services as string[]).includes(school.service);
  add(
    'service',
    serviceOk,
    serviceOk
      ? `El servicio ${label(SERVICE, school.service, 'es')} participa en el programa.`
      : `El servicio ${label(SERVICE, school.service, 'es')} no participa; las reglas admiten: ${list(SERVICE, e.services, 'es')}.`,
    serviceOk
      ? `The ${label(SERVICE, school.service, 'en')} service takes part in the programme.`
      : `The ${label(SERVICE, school.service, 'en')} service does not take part; the rules admit: ${list(SERVICE, e.services, 'en')}.`,
  );
  const fundingOk = school.funding !== null && (e.funding as string[]).includes(school.funding);
  add(
    'funding',
    fundingOk,
    fundingOk
      ? `Sostenimiento ${label(FUNDING, school.funding, 'es')}: escuela pública admitida.`
      : `Sostenimiento ${label(FUNDING, school.funding, 'es')}: el programa es para escuelas públicas de sostenimiento ${list(FUNDING, e.funding, 'es')}.`,
    fundingOk
      ? `Funding ${label(FUNDING, school.funding, 'en')}: an admitted public school.`
      : `Funding ${label(FUNDING, school.funding, 'en')}: the programme is for public schools with ${list(FUNDING, e.funding, 'en')} funding.`,
  );
  add(
    'active',
    school.active,
    school.active
      ? 'La escuela está activa en el catálogo.'
      : 'La escuela figura como inactiva en el catálogo.',
    school.active
      ? 'The school is active in the catalog.'
      : 'The school is listed as inactive in the catalog.',
  );
  const cyclesOk = reg.priorCycles < e.maxCycles;
  const extra = e.beyondMaxCycles ? ` ${e.beyondMaxCycles}` : '';
  add(
    'cycles',
    cyclesOk,
    cyclesOk
      ? `Lleva ${reg.priorCycles} ciclo(s) en el programa; se admiten hasta ${e.maxCycles}.`
      : `Lleva ${reg.priorCycles} ciclo(s) en el programa, el máximo es ${e.maxCycles}: no es elegible de forma automática; requiere las condiciones adicionales.${extra}`,
    cyclesOk
      ? `It has ${reg.priorCycles} cycle(s) in the programme; up to ${e.maxCycles} are admitted.`
      : `It has ${reg.priorCycles} cycle(s) in the programme, the maximum is ${e.maxCycles}: not eligible automatically; it requires the extra conditions.${extra}`,
  );
  const missing = commitmentMissing(reg.commitment);
  add(
    'commitment',
    missing.length === 0,
    missing.length === 0
      ? 'La carta compromiso está completa (dirección, presidencia del CEPS y aval del CTE).'
      : `A la carta compromiso le falta: ${missing.map((m) => m.es).join(', ')}.`,
    missing.length === 0
      ? "The commitment letter is complete (director, school council president and teachers' council endorsement)."
      : `The commitment letter lacks: ${missing.map((m) => m.en).join(', ')}.`,
  );
  for (const d of e.documents) {
    const has = reg.documents[d.code] !== undefined;
    add(
      `document:${d.code}`,
      has,
      has ? `Documento entregado: ${d.name}.` : `Falta el documento: ${d.name}.`,
      has ? `Document delivered: ${d.name}.` : `Missing document: ${d.name}.`,
    );
  }

  const { score, breakdown } = priorityScore(rules, school, reg.priorCycles);
  return {
    eligible: checks.every((c) => c.met),
    requiresExtraConditions: !cyclesOk,
    checks,
    score,
    breakdown,
    grantCap: capForYears(rules.money.grantTiers, reg.priorCycles),
  };
}

/** The order of the selection list: score, then marginalization (highest first), then enrolment (largest first). */
const MARGINALIZATION_RANK: Record<string, number> = { muy_alto: 5, alto: 4, medio: 3, bajo: 2, muy_bajo: 1 };

export function compareForSelection(
  a: { score: number; marginalization: string | null; enrolment: number | null; cct: string },
  b: { score: number; marginalization: string | null; enrolment: number | null; cct: string },
): number {
  return (
    b.score - a.score ||
    (MARGINALIZATION_RANK[b.marginalization ?? ''] ?? 0) -
      (MARGINALIZATION_RANK[a.marginalization ?? ''] ?? 0) ||
    (b.enrolment ?? 0) - (a.enrolment ?? 0) ||
    a.cct.localeCompare(b.cct)
  );
}

export { MARGINALIZATION as MARGINALIZATION_LABELS };
