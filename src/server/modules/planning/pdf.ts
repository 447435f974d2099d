import {
  type Action,
  FUNDING_SOURCES,
  type Goal,
  type Objective,
  type PlanDetail,
} from '../../../contract/planning.ts';
import type { Dimension } from '../../../contract/rules.ts';
import { DIMENSIONS } from '../../../contract/rules.ts';
import type { Db } from '../../platform/db/client.ts';
import { pesos } from '../../platform/money.ts';
import {
  type PdfDocumentModel,
  type PdfRenderOptions,
  type PdfSection,
  renderPdf,
} from '../../platform/pdf/render.ts';
import type { Actor } from '../../platform/permissions/actor.ts';
import { fechaDia, todayMx } from '../../platform/time.ts';
import { getPlan } from './service.ts';

/**
 * A school's planning documents as PDF, ready to sign: the diagnosis (self-evaluation against the
 * management standards), the PETE and the PAT. Each is built from the same PlanDetail the API returns
 * (so the read permission is getPlan's: `org.read` over the school, 404 out of reach) into the
 * generic model of platform/pdf/render.ts. Always in Spanish (the official documents' language, and
 * the spending messages are computed in Spanish whatever the reader's language), dates as in
 * America/Mexico_City, money in pesos from the plan's integer centavos.
 */

export interface PdfFile {
  buffer: Buffer;
  /** A descriptive download name: 'pat-14DPR0001A-2027-2028.pdf'. */
  filename: string;
}

const PROGRAMME = 'Programa Escuelas de Calidad';

/** The legal legend every programme material carries (printed at the foot of every page). */
export const LEGAL_LEGEND =
  'Este programa es público, ajeno a cualquier partido político. Queda prohibido el uso para fines ' +
  'distintos a los establecidos en el programa.';

export const SIGNERS = {
  director: 'Dirección escolar',
  ceps: 'Presidencia del Consejo Escolar de Participación Social',
  cte: 'Consejo Técnico Escolar',
} as const;

// ---------------------------------------------------------------------------------------------
// Spanish labels

export const DIMENSION_LABEL: Record<Dimension, string> = {
  pedagogica: 'Pedagógica curricular',
  organizativa: 'Organizativa',
  administrativa: 'Administrativa',
  participacion: 'Participación social',
};

/** The self-evaluation scale, 1 to 4, in words. */
export const LEVEL_LABEL: Record<number, string> = {
  1: 'No se cumple',
  2: 'En proceso inicial',
  3: 'Se cumple parcialmente',
  4: 'Se cumple',
};

export const PLAN_STATE_LABEL: Record<string, string> = {
  draft: 'Borrador (en elaboración)',
  submitted: 'Enviado a la supervisión escolar para su revisión',
  returned: 'Devuelto con observaciones',
  endorsed: 'Con visto bueno de la supervisión; en dictamen',
  approved: 'Aprobado (dictamen favorable)',
  approved_with_observations: 'Aprobado con observaciones',
};

const ACTION_LABEL: Record<string, string> = {
  create: 'Apertura del plan',
  submit: 'Envío a revisión',
  return: 'Devolución de la supervisión con observaciones',
  endorse: 'Visto bueno de la supervisión escolar',
  approve: 'Dictamen favorable',
  approve_with_observations: 'Dictamen favorable con observaciones',
  committee_return: 'Devolución del comité con observaciones',
};

export const FUNDING_LABEL: Record<Action['fundingSource'], string> = {
  pec: 'Programa Escuelas de Calidad',
  estatal: 'Aportación estatal',
  municipal: 'Aportación municipal',
  padres: 'Padres de familia',
  donativos: 'Donativos',
  propios: 'Recursos propios de la escuela',
};

const label = (map: Record<string, string>, key: string) => map[key] ?? key;

// ---------------------------------------------------------------------------------------------
// Formats

const MX = 'America/Mexico_City';
const FMT_DATE = new Intl.DateTimeFormat('es-MX', { timeZone: MX, dateStyle: 'long' });
const FMT_DAY_SHORT = new Intl.DateTimeFormat('es-MX', { timeZone: 'UTC', dateStyle: 'medium' });
const FMT_NUMBER = new Intl.NumberFormat('es-MX', { maximumFractionDigits: 2 });
const FMT_AVERAGE = new Intl.NumberFormat('es-MX', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

// ICU may put narrow no-break spaces in dates; plain spaces wrap and render everywhere.
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

/** An instant as a long date in Mexico City: '24 de noviembre de 2026'. */
export const fechaMx = (iso: string) => plain(FMT_DATE.format(new Date(iso)));
/** A calendar date, short for a table cell: '1 sep 2027'. */
const fechaCorta = (day: string | null) =>
  day ? plain(FMT_DAY_SHORT.format(new Date(`${day}T12:00:00Z`))) : 'Sin fecha';
/** Integer centavos as es-MX pesos: 1234567 → '$12,345.67'. */
const numero = (n: number | null) => (n === null ? '—' : FMT_NUMBER.format(n));

/** Text as paragraphs: blank lines separate them; an empty text says so. */
function paragraphs(text: string, empty: string): string[] {
  const parts = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return parts.length ? parts : [empty];
}

/** Only safe characters in a download name. */
export function planFileName(kind: string, p: Pick<PlanDetail, 'school' | 'cycle'>, ext: string): string {
  return `${[kind, p.school.code, p.cycle.schoolYear].join('-').replace(/[^A-Za-z0-9._-]+/g, '_')}.${ext}`;
}

// ---------------------------------------------------------------------------------------------
// What every document shares: header, review trail, signatures, legend

function header(p: PlanDetail, extra: [string, string][] = []): [string, string][] {
  const ruling = [...p.workflow.timeline]
    .reverse()
    .find((e) => e.toState === 'approved' || e.toState === 'approved_with_observations');
  return [
    ['Escuela', p.school.name],
    ['CCT', p.school.code],
    ['Ciclo escolar', p.cycle.schoolYear],
    ['Estado del plan', label(PLAN_STATE_LABEL, p.state)],
    ['Revisión', `${p.revision}${ruling ? ` (dictamen del ${fechaMx(ruling.at)})` : ''}`],
    ...extra,
    ['Fecha de impresión', fechaDia(todayMx())],
  ];
}

const SIGNATURE_LINE = '\n\n\n______________________________';

/** Signature lines of the director and the CEPS president, and the CTE's endorsement. */
export function signatureSection(document: string): PdfSection {
  return {
    heading: 'Firmas',
    paragraphs: [
      `El Consejo Técnico Escolar elaboró ${document} con la Dirección escolar; lo suscriben la Dirección ` +
        'escolar y la Presidencia del Consejo Escolar de Participación Social, con el aval del Consejo Técnico Escolar.',
    ],
    table: {
      headers: [SIGNERS.director, SIGNERS.ceps, `Aval del ${SIGNERS.cte}`],
      rows: [
        [SIGNATURE_LINE, SIGNATURE_LINE, SIGNATURE_LINE],
        [
          'Nombre y firma',
          'Nombre y firma',
          'Fecha de la sesión del CTE, nombre y firma de quien la preside',
        ],
      ],
    },
  };
}

/** The review so far (only once the plan has gone beyond its opening). */
function trailSections(p: PlanDetail): PdfSection[] {
  if (p.workflow.timeline.length <= 1) return [];
  return [
    {
      heading: 'Trayectoria de revisión',
      table: {
        headers: ['Fecha', 'Acción', 'Por', 'Comentario'],
        rows: p.workflow.timeline.map((e) => [
          fechaMx(e.at),
          label(ACTION_LABEL, e.action),
          e.actor?.name ?? '—',
          e.comment ?? '',
        ]),
      },
    },
  ];
}

const footer = (what: string, p: PlanDetail) =>
  `${LEGAL_LEGEND}\n${what} · ${p.school.code} · Ciclo ${p.cycle.schoolYear} · Revisión ${p.revision} · Página {page} de {pages}`;

const levelText = (level: number | undefined) =>
  level === undefined ? 'Sin valorar' : `${level} · ${label(LEVEL_LABEL, String(level))}`;

// ---------------------------------------------------------------------------------------------
// Diagnosis (self-evaluation)

export function diagnosisModel(p: PlanDetail): PdfDocumentModel {
  const ratings = p.content.selfEvaluation.ratings;
  const avg = new Map(p.diagnosis.dimensions.map((d) => [d.dimension, d]));
  const dimensionSections: PdfSection[] = DIMENSIONS.map((dimension) => {
    const standards = p.standards.filter((s) => s.dimension === dimension);
    const d = avg.get(dimension);
    return {
      heading: `Dimensión ${DIMENSION_LABEL[dimension].toLowerCase()}`,
      paragraphs: [
        d?.average != null
          ? `Promedio de la dimensión: ${FMT_AVERAGE.format(d.average)} de 4 (${d.rated} de ${d.of} estándares valorados).`
          : `Sin valoraciones en esta dimensión (${d?.of ?? standards.length} estándares).`,
      ],
      table: {
        headers: ['Estándar de gestión', 'Nivel', 'Evidencia', 'Comentario'],
        rows: standards.map((s) => {
          const r = ratings[s.code];
          return [s.name, levelText(r?.level), r?.evidence ?? '', r?.comment ?? ''];
        }),
      },
    };
  });
  const standardLine = (s: { name: string; level: number }) => `${s.name}: ${levelText(s.level)}`;
  return {
    title: 'Autoevaluación y diagnóstico de la gestión escolar',
    subtitle: `${p.school.code} ${p.school.name} — ${PROGRAMME}`,
    meta: header(p, [
      [
        'Estándares valorados',
        `${p.diagnosis.dimensions.reduce((n, d) => n + d.rated, 0)} de ${p.standards.length}${p.diagnosis.complete ? '' : ' (autoevaluación incompleta)'}`,
      ],
    ]),
    sections: [
      {
        heading: 'Escala de valoración',
        paragraphs: [
          'Cada estándar de gestión se valora del 1 al 4: 1, no se cumple; 2, en proceso inicial; 3, se cumple parcialmente; 4, se cumple.',
        ],
      },
      ...dimensionSections,
      {
        heading: 'Promedios por dimensión',
        table: {
          headers: ['Dimensión', 'Estándares valorados', 'Promedio (1 a 4)'],
          rows: p.diagnosis.dimensions.map((d) => [
            DIMENSION_LABEL[d.dimension],
            `${d.rated} de ${d.of}`,
            d.average === null ? 'Sin valorar' : FMT_AVERAGE.format(d.average),
          ]),
        },
      },
      {
        heading: 'Fortalezas',
        ...(p.diagnosis.strengths.length
          ? { bullets: p.diagnosis.strengths.map(standardLine) }
          : { paragraphs: ['Ningún estándar valorado se cumple al menos parcialmente.'] }),
      },
      {
        heading: 'Prioridades de atención',
        ...(p.diagnosis.priorities.length
          ? { bullets: p.diagnosis.priorities.map(standardLine) }
          : { paragraphs: ['Ningún estándar valorado quedó en los niveles 1 o 2.'] }),
      },
      ...trailSections(p),
      signatureSection('esta autoevaluación'),
    ],
    footer: footer('Diagnóstico', p),
  };
}

// ---------------------------------------------------------------------------------------------
// PETE

const goalRow = (g: Goal, standardName: (code: string) => string) => [
  g.text,
  g.indicator || '—',
  numero(g.baseline),
  numero(g.target),
  g.year === null ? '—' : String(g.year),
  g.standard ? standardName(g.standard) : '—',
];

export function peteModel(p: PlanDetail): PdfDocumentModel {
  const { pete } = p.content;
  const names = new Map(p.standards.map((s) => [s.code, s.name]));
  const standardName = (code: string) => names.get(code) ?? code;
  const ratings = p.content.selfEvaluation.ratings;
  const objectiveSections = (objectives: Objective[], title: (o: Objective, n: number) => string) =>
    objectives.map((o, i): PdfSection => {
      const strategies = pete.strategies.filter((s) => s.objectiveId === o.id);
      const goals = pete.goals.filter((g) => g.objectiveId === o.id);
      return {
        heading: title(o, i + 1),
        paragraphs: [
          o.text,
          ...(strategies.length
            ? strategies.map((s, j) => `Estrategia ${j + 1}: ${s.text}`)
            : ['Sin estrategias para este objetivo.']),
          ...(goals.length ? [] : ['Sin metas para este objetivo.']),
        ],
        ...(goals.length
          ? {
              table: {
                headers: ['Meta', 'Indicador', 'Línea base', 'Valor meta', 'Año', 'Estándar que atiende'],
                rows: goals.map((g) => goalRow(g, standardName)),
              },
            }
          : {}),
      };
    });
  const byDimension = DIMENSIONS.flatMap((dimension) => {
    const objectives = pete.objectives.filter((o) => o.dimension === dimension);
    const dim = DIMENSION_LABEL[dimension].toLowerCase();
    if (!objectives.length)
      return [
        {
          heading: `Dimensión ${dim}`,
          paragraphs: ['El PETE no plantea objetivos en esta dimensión.'],
        },
      ];
    return objectiveSections(objectives, (_o, n) => `Dimensión ${dim} — Objetivo ${n}`);
  });
  const known = new Set(pete.objectives.map((o) => o.id));
  const orphanGoals = pete.goals.filter((g) => !known.has(g.objectiveId));
  return {
    title: 'Plan Estratégico de Transformación Escolar (PETE)',
    subtitle: `${p.school.code} ${p.school.name} — ${PROGRAMME}`,
    meta: header(p),
    sections: [
      {
        heading: 'Análisis del contexto',
        paragraphs: paragraphs(pete.context, 'Sin análisis del contexto.'),
      },
      { heading: 'Misión', paragraphs: paragraphs(pete.mission, 'Sin misión.') },
      { heading: 'Visión', paragraphs: paragraphs(pete.vision, 'Sin visión.') },
      { heading: 'Valores', paragraphs: paragraphs(pete.values, 'Sin valores.') },
      {
        heading: 'Prioridades del diagnóstico',
        ...(pete.priorities.length
          ? {
              bullets: pete.priorities.map(
                (code) =>
                  `${standardName(code)} (valoración: ${levelText(ratings[code]?.level).toLowerCase()})`,
              ),
            }
          : { paragraphs: ['No se han elegido prioridades.'] }),
      },
      ...byDimension,
      ...(orphanGoals.length
        ? [
            {
              heading: 'Metas sin objetivo',
              table: {
                headers: ['Meta', 'Indicador', 'Línea base', 'Valor meta', 'Año', 'Estándar que atiende'],
                rows: orphanGoals.map((g) => goalRow(g, standardName)),
              },
            },
          ]
        : []),
      ...trailSections(p),
      signatureSection('este Plan Estratégico de Transformación Escolar'),
    ],
    footer: footer('PETE', p),
  };
}

// ---------------------------------------------------------------------------------------------
// PAT

/** Where an action sits in the PETE: its goal, the goal's objective and that objective's dimension. */
export interface PlacedAction {
  action: Action;
  goal: Goal | null;
  objective: Objective | null;
  dimension: Dimension | null;
}

/**
 * The PAT's actions in the PETE's order: by dimension, objective and goal as the PETE lists them,
 * then in the order they were written; actions tied to no goal last.
 */
export function placedActions(p: Pick<PlanDetail, 'content'>): PlacedAction[] {
  const { objectives, goals } = p.content.pete;
  const goalById = new Map(goals.map((g) => [g.id, g]));
  const objectiveById = new Map(objectives.map((o) => [o.id, o]));
  const placed = p.content.pat.actions.map((action, index) => {
    const goal = action.goalId ? (goalById.get(action.goalId) ?? null) : null;
    const objective = goal ? (objectiveById.get(goal.objectiveId) ?? null) : null;
    const dimension = objective?.dimension ?? null;
    const key = [
      dimension ? DIMENSIONS.indexOf(dimension) : DIMENSIONS.length,
      objective ? objectives.indexOf(objective) : objectives.length,
      goal ? goals.indexOf(goal) : goals.length,
      index,
    ];
    return { placed: { action, goal, objective, dimension }, key };
  });
  placed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const d = (a.key[i] as number) - (b.key[i] as number);
      if (d !== 0) return d;
    }
    return 0;
  });
  return placed.map((x) => x.placed);
}

export const categoryName = (p: Pick<PlanDetail, 'categories'>, code: string | null) =>
  code === null ? 'Sin categoría' : (p.categories.find((c) => c.code === code)?.name ?? code);

export interface CategoryTotal {
  category: string | null;
  name: string;
  /** All funding sources. */
  total: number;
  /** Programme (PEC) money only, which is what the rules' caps bound. */
  pec: number;
  cap: string;
  message: string;
}

/** Every category the PAT uses or the rules cap: totals of all sources and of programme money, with the check's message. */
export function categoryTotals(p: PlanDetail): CategoryTotal[] {
  const lines = new Map(p.spending.lines.map((l) => [l.category, l]));
  const used = new Set(p.content.pat.actions.map((a) => a.category));
  const codes: (string | null)[] = [
    ...p.categories.map((c) => c.code).filter((c) => used.has(c) || lines.has(c)),
    ...[...used].filter((c) => c !== null && !p.categories.some((x) => x.code === c)),
    ...(used.has(null) ? [null] : []),
  ];
  return codes.map((code) => {
    const actions = p.content.pat.actions.filter((a) => a.category === code);
    const line = code === null ? undefined : lines.get(code);
    const caps = [
      line?.maxAmount != null ? pesos(line.maxAmount) : null,
      line?.maxShareBp != null ? `${FMT_NUMBER.format(line.maxShareBp / 100)} % del gasto del PEC` : null,
    ].filter((x): x is string => x !== null);
    const forbidden = p.categories.find((c) => c.code === code)?.forbidden ?? false;
    return {
      category: code,
      name: categoryName(p, code),
      total: actions.reduce((n, a) => n + a.cost, 0),
      pec: actions.filter((a) => a.fundingSource === 'pec').reduce((n, a) => n + a.cost, 0),
      cap: forbidden ? 'Gasto no autorizado' : caps.length ? caps.join('; ') : 'Sin tope',
      message: line?.message ?? '',
    };
  });
}

export function patModel(p: PlanDetail): PdfDocumentModel {
  const actions = placedActions(p);
  const place = (x: PlacedAction) =>
    x.goal
      ? [
          x.dimension ? DIMENSION_LABEL[x.dimension] : 'Sin dimensión',
          `Objetivo: ${x.objective?.text ?? 'sin objetivo'}`,
          `Meta: ${x.goal.text}`,
        ].join('\n')
      : 'Sin meta del PETE';
  const bySource = FUNDING_SOURCES.map((s) => ({
    source: s,
    total: p.content.pat.actions.filter((a) => a.fundingSource === s).reduce((n, a) => n + a.cost, 0),
    count: p.content.pat.actions.filter((a) => a.fundingSource === s).length,
  })).filter((s) => s.count > 0);
  const checks = [
    ...p.spending.lines.filter((l) => !l.ok).map((l) => l.message),
    ...p.spending.messages,
    ...p.spending.lines.filter((l) => l.ok).map((l) => l.message),
  ];
  return {
    title: 'Programa Anual de Trabajo (PAT)',
    subtitle: `${p.school.code} ${p.school.name} — ${PROGRAMME}`,
    meta: header(p, [
      ['Apoyo máximo del PEC', p.grantCap === null ? 'No determinado' : pesos(p.grantCap)],
      ['Costo total del PAT', pesos(p.spending.total)],
      ['Con recursos del PEC', pesos(p.spending.pecTotal)],
    ]),
    sections: [
      {
        heading: 'Acciones',
        ...(actions.length
          ? {
              table: {
                headers: [
                  'Dimensión / objetivo / meta',
                  'Acción',
                  'Responsable',
                  'Fechas',
                  'Costo',
                  'Fuente de financiamiento',
                  'Categoría de gasto',
                ],
                rows: actions.map((x) => [
                  place(x),
                  x.action.text,
                  x.action.responsible || 'Sin responsable',
                  `Del ${fechaCorta(x.action.startOn)}\nal ${fechaCorta(x.action.endOn)}`,
                  pesos(x.action.cost),
                  label(FUNDING_LABEL, x.action.fundingSource),
                  categoryName(p, x.action.category),
                ]),
              },
            }
          : { paragraphs: ['El PAT no tiene acciones.'] }),
      },
      {
        heading: 'Totales por categoría de gasto',
        paragraphs: [
          'Los topes de las reglas de operación se aplican a los recursos del Programa Escuelas de Calidad.',
        ],
        table: {
          headers: ['Categoría de gasto', 'Total (todas las fuentes)', 'Con recursos del PEC', 'Tope'],
          rows: [
            ...categoryTotals(p).map((c) => [c.name, pesos(c.total), pesos(c.pec), c.cap]),
            ['Total', pesos(p.spending.total), pesos(p.spending.pecTotal), ''],
          ],
        },
      },
      {
        heading: 'Totales por fuente de financiamiento',
        table: {
          headers: ['Fuente de financiamiento', 'Acciones', 'Total'],
          rows: bySource.map((s) => [label(FUNDING_LABEL, s.source), String(s.count), pesos(s.total)]),
        },
      },
      {
        heading: 'Revisión del gasto conforme a las reglas de operación',
        paragraphs: [
          p.spending.ok
            ? 'El gasto con recursos del PEC cumple los topes y las categorías de las reglas de operación.'
            : 'El gasto con recursos del PEC no cumple las reglas de operación: vea las observaciones siguientes.',
          p.grantCap === null
            ? 'El apoyo máximo de la escuela aún no está determinado.'
            : `Apoyo máximo del PEC para esta escuela: ${pesos(p.grantCap)}; el PAT asigna ${pesos(p.spending.pecTotal)}.`,
        ],
        ...(checks.length ? { bullets: checks } : {}),
      },
      ...trailSections(p),
      signatureSection('este Programa Anual de Trabajo'),
    ],
    footer: footer('PAT', p),
  };
}

// ---------------------------------------------------------------------------------------------
// Files

const KINDS = {
  diagnostico: { build: diagnosisModel },
  pete: { build: peteModel },
  pat: { build: patModel },
} as const;
export type PlanPdfKind = keyof typeof KINDS;

/** The plan as read for an official document: in Spanish whatever the reader's language. */
export const planInSpanish = (db: Db, actor: Actor, id: string) =>
  getPlan(db, { ...actor, locale: 'es' }, id);

export async function planPdf(
  db: Db,
  actor: Actor,
  id: string,
  kind: PlanPdfKind,
  options: PdfRenderOptions = {},
): Promise<PdfFile> {
  const p = await planInSpanish(db, actor, id);
  return {
    buffer: await renderPdf(KINDS[kind].build(p), {
      author: `${p.school.code} ${p.school.name}`,
      ...options,
    }),
    filename: planFileName(kind, p, 'pdf'),
  };
}
