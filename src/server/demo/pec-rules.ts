import type { FederalRules, StateAdaptation } from '../../contract/rules.ts';
import { addDays } from '../platform/time.ts';

/**
 * Demo figures for the Escuelas de Calidad rules of operation, from published cases
 * (shared/research/pec.md): the 3:1 federal:state ratio; grants up to MXN 50,000 for schools with
 * up to five years in the programme and 35,000 after (Morelos); a match of up to one peso per peso
 * raised (Jalisco 2015-16 capped it at 10,000, Zacatecas' contrapartida at 25,000); infrastructure
 * capped at 30,000 (Zacatecas 2015). Values marked unverified there are demo defaults only.
 */
const MXN = (pesos: number) => pesos * 100;

/** The calendar of a school year starting in `year`, following the 2015-16 example dates. */
export function demoCalendar(year: number): FederalRules['calendar'] {
  const next = year + 1;
  return {
    call_opens: `${year}-05-04`,
    registration_closes: `${year}-06-30`,
    plan_delivery: `${year}-07-17`,
    plan_review: `${year}-07-31`,
    ruling: `${year}-08-07`,
    selection_published: `${year}-08-14`,
    initial_transfer: `${year}-11-03`,
    match_transfer: `${next}-01-31`,
    expense_proofs: `${next}-06-30`,
    reports: `${next}-07-10`,
    returns: `${next}-07-31`,
  };
}

export function demoFederalRules(year: number): FederalRules {
  return {
    schoolYear: `${year}-${year + 1}`,
    fiscalYear: year,
    eligibility: {
      levels: ['preescolar', 'primaria', 'secundaria'],
      services: ['general', 'indigena', 'comunitario', 'tecnica', 'telesecundaria'],
      funding: ['federal', 'estatal'],
      maxCycles: 5,
      beyondMaxCycles:
        'Con cinco o más ciclos, continuos o discontinuos, la escuela participa si su plan muestra mejora en los resultados de aprendizaje y la entidad cuenta con suficiencia presupuestal.',
      documents: [
        { code: 'solicitud', name: 'Solicitud de inscripción' },
        {
          code: 'carta_compromiso',
          name: 'Carta compromiso firmada por la dirección y la presidencia del CEPS, avalada por el CTE',
        },
        { code: 'acta_ceps', name: 'Acta de constitución del Consejo Escolar de Participación Social' },
      ],
    },
    priority: {
      weights: {
        marginalization_very_high: 30,
        marginalization_high: 20,
        indigenous: 15,
        multigrade: 10,
        telesecundaria: 5,
        rural: 10,
        first_participation: 10,
        continuing: 5,
      },
      marginalization: { veryHigh: ['muy_alto'], high: ['alto'] },
    },
    money: {
      federalPerStatePeso: 3,
      grantTiers: [
        { maxYears: 5, cap: MXN(50_000) },
        { maxYears: null, cap: MXN(35_000) },
      ],
      matchPerPeso: 1,
      matchCap: MXN(25_000),
      inKindCounts: false,
      // Demo scale: the two demo states' share of a national budget (about 2 billion pesos in 2013).
      federalBudget: MXN(20_000_000),
      allocationBasis: 'eligible_schools',
    },
    spending: {
      categories: [
        {
          code: 'organizacion',
          name: 'Organización y funcionamiento escolar',
          forbidden: false,
          maxAmount: null,
          maxShareBp: null,
        },
        {
          code: 'capacitacion',
          name: 'Formación de docentes, directivos y familias',
          forbidden: false,
          maxAmount: null,
          maxShareBp: null,
        },
        {
          code: 'materiales',
          name: 'Materiales educativos, libros y acervos',
          forbidden: false,
          maxAmount: null,
          maxShareBp: null,
        },
        {
          code: 'equipamiento',
          name: 'Equipo de cómputo y mobiliario',
          forbidden: false,
          maxAmount: null,
          maxShareBp: 5000,
        },
        {
          code: 'infraestructura',
          name: 'Mejora y rehabilitación de espacios',
          forbidden: false,
          maxAmount: MXN(40_000),
          maxShareBp: 7000,
        },
        {
          code: 'sueldos',
          name: 'Sueldos, sobresueldos o compensaciones',
          forbidden: true,
          maxAmount: null,
          maxShareBp: null,
        },
        {
          code: 'alimentos',
          name: 'Alimentos y bebidas',
          forbidden: true,
          maxAmount: null,
          maxShareBp: null,
        },
        { code: 'vehiculos', name: 'Vehículos', forbidden: true, maxAmount: null, maxShareBp: null },
        {
          code: 'personales',
          name: 'Artículos de uso personal',
          forbidden: true,
          maxAmount: null,
          maxShareBp: null,
        },
      ],
      // Demo values: a simple receipt (with a reason and a scan) for small purchases where no CFDI is issued.
      receipts: { allowed: true, maxAmount: MXN(2_000) },
      requireReceptorRfc: false,
    },
    planning: {
      // The 20 management standards of the 2010 SEP module (unverified placement of some: demo defaults).
      standards: [
        {
          code: 'perfeccionamiento_pedagogico',
          dimension: 'pedagogica',
          name: 'Fomento al perfeccionamiento pedagógico',
        },
        { code: 'planeacion_compartida', dimension: 'pedagogica', name: 'Planeación pedagógica compartida' },
        { code: 'centralidad_aprendizaje', dimension: 'pedagogica', name: 'Centralidad del aprendizaje' },
        { code: 'compromiso_aprender', dimension: 'pedagogica', name: 'Compromiso de aprender' },
        { code: 'liderazgo_efectivo', dimension: 'organizativa', name: 'Liderazgo efectivo' },
        { code: 'clima_confianza', dimension: 'organizativa', name: 'Clima de confianza' },
        { code: 'compromiso_ensenar', dimension: 'organizativa', name: 'Compromiso de enseñar' },
        { code: 'decisiones_compartidas', dimension: 'organizativa', name: 'Decisiones compartidas' },
        { code: 'planeacion_institucional', dimension: 'organizativa', name: 'Planeación institucional' },
        { code: 'autoevaluacion', dimension: 'organizativa', name: 'Autoevaluación' },
        { code: 'comunicacion_desempeno', dimension: 'organizativa', name: 'Comunicación del desempeño' },
        { code: 'redes_escolares', dimension: 'organizativa', name: 'Redes escolares' },
        { code: 'optimizacion_recursos', dimension: 'administrativa', name: 'Optimización de recursos' },
        { code: 'control_escolar', dimension: 'administrativa', name: 'Control escolar' },
        { code: 'infraestructura', dimension: 'administrativa', name: 'Infraestructura' },
        {
          code: 'funcionamiento_cte',
          dimension: 'participacion',
          name: 'Funcionamiento efectivo del Consejo Técnico Escolar',
        },
        {
          code: 'funcionamiento_ceps',
          dimension: 'participacion',
          name: 'Funcionamiento efectivo del Consejo Escolar de Participación Social',
        },
        {
          code: 'participacion_padres',
          dimension: 'participacion',
          name: 'Participación de los padres en la escuela',
        },
        { code: 'apoyo_hogar', dimension: 'participacion', name: 'Apoyo al aprendizaje en el hogar' },
        { code: 'rendicion_cuentas', dimension: 'participacion', name: 'Rendición de cuentas' },
      ],
    },
    calendar: demoCalendar(year),
  };
}

/**
 * A calendar whose registration is open on `today` (call opened a month ago, registration closes
 * in three weeks…), so the demo can be walked through on any day it is started.
 */
export function demoCalendarAround(today: string): FederalRules['calendar'] {
  const offsets: Record<keyof FederalRules['calendar'], number> = {
    call_opens: -30,
    registration_closes: 21,
    plan_delivery: 42,
    plan_review: 56,
    ruling: 63,
    selection_published: 70,
    initial_transfer: 120,
    match_transfer: 180,
    expense_proofs: 300,
    reports: 315,
    returns: 330,
  };
  return Object.fromEntries(
    Object.entries(offsets).map(([k, n]) => [k, addDays(today, n)]),
  ) as FederalRules['calendar'];
}

/** Jalisco: the match capped at 10,000 per school and registration closing a week before the federal date. */
export function demoJaliscoAdaptation(federal: FederalRules): StateAdaptation {
  return {
    calendar: {
      registration_closes: addDays(federal.calendar.registration_closes, -7),
      plan_delivery: addDays(federal.calendar.plan_delivery, -7),
    },
    weights: { marginalization_very_high: 35, indigenous: 20 },
    extraDocuments: [{ code: 'cuenta_bancaria', name: 'Constancia de la cuenta bancaria de la escuela' }],
    stateContribution: MXN(6_501_843),
    grantCaps: null,
    matchCap: MXN(10_000),
    categoryCaps: {},
    notes:
      'Criterios estatales de operación del PEC en Jalisco: contrapartida de hasta 10 mil pesos por plantel.',
  };
}

/** Morelos: a tighter calendar (every step two weeks early) and infrastructure capped at 30,000. */
export function demoMorelosAdaptation(federal: FederalRules): StateAdaptation {
  const c = federal.calendar;
  return {
    calendar: {
      registration_closes: addDays(c.registration_closes, -14),
      plan_delivery: addDays(c.plan_delivery, -14),
      plan_review: addDays(c.plan_review, -14),
      ruling: addDays(c.ruling, -14),
      selection_published: addDays(c.selection_published, -14),
    },
    weights: {},
    extraDocuments: [],
    stateContribution: MXN(1_774_016),
    grantCaps: [
      { maxYears: 5, cap: MXN(50_000) },
      { maxYears: null, cap: MXN(35_000) },
    ],
    matchCap: null,
    categoryCaps: { infraestructura: { maxAmount: MXN(30_000), maxShareBp: null } },
    notes: 'Calendario estatal anticipado; la infraestructura se limita a 30 mil pesos por escuela.',
  };
}
