import type { NationView, StateView } from './data.ts';

/**
 * The programme's open data: one table per dataset, each column defined once (name, type, meaning in
 * Spanish and English) so the CSV, the JSON and the data dictionary cannot disagree. Money is in
 * pesos with two decimals (computed from integer centavos, so exact); dates YYYY-MM-DD.
 */

export type ColumnType = 'texto' | 'entero' | 'pesos' | 'booleano' | 'porcentaje';

export interface Column<Row> {
  name: string;
  type: ColumnType;
  es: string;
  en: string;
  value: (row: Row) => string | number | boolean | null;
}

export interface Dataset<Row> {
  name: string;
  es: string;
  en: string;
  columns: Column<Row>[];
}

const pesos = (centavos: number) => Math.round(centavos) / 100;

interface StateRecord {
  cycle: string;
  row: NationView['states'][number];
}
interface SchoolRecord {
  cycle: string;
  state: StateView['state'];
  row: StateView['schools'][number];
}
interface CategoryRecord {
  cycle: string;
  state: { code: string; name: string };
  category: string;
  name: string;
  amount: number;
}

export const STATES: Dataset<StateRecord> = {
  name: 'estados',
  es: 'Recursos del programa por entidad federativa y ciclo escolar.',
  en: 'Programme funds by state and school year.',
  columns: [
    {
      name: 'ciclo_escolar',
      type: 'texto',
      es: 'Ciclo escolar (AAAA-AAAA).',
      en: 'School year.',
      value: (r) => r.cycle,
    },
    {
      name: 'clave_entidad',
      type: 'texto',
      es: 'Clave INEGI de la entidad (dos dígitos).',
      en: 'INEGI state code.',
      value: (r) => r.row.code,
    },
    {
      name: 'entidad',
      type: 'texto',
      es: 'Nombre de la entidad.',
      en: 'State name.',
      value: (r) => r.row.name,
    },
    {
      name: 'escuelas_participantes',
      type: 'entero',
      es: 'Escuelas seleccionadas en la publicación oficial.',
      en: 'Schools in the published selection.',
      value: (r) => r.row.schools,
    },
    {
      name: 'asignacion_federal',
      type: 'pesos',
      es: 'Recursos federales asignados al fideicomiso estatal.',
      en: 'Federal funds allocated to the state trust fund.',
      value: (r) => pesos(r.row.totals.allocated),
    },
    {
      name: 'aportacion_estatal',
      type: 'pesos',
      es: 'Aportación del gobierno estatal al fideicomiso.',
      en: "The state government's contribution to the trust fund.",
      value: (r) => pesos(r.row.totals.stateContributed),
    },
    {
      name: 'intereses',
      type: 'pesos',
      es: 'Intereses generados por el fideicomiso.',
      en: 'Interest earned by the trust fund.',
      value: (r) => pesos(r.row.totals.interest),
    },
    {
      name: 'aportaciones_escuelas_efectivo',
      type: 'pesos',
      es: 'Aportaciones en efectivo reunidas por las escuelas y validadas por el estado.',
      en: 'Cash raised by the schools and validated by the state.',
      value: (r) => pesos(r.row.totals.raised.cash),
    },
    {
      name: 'aportaciones_escuelas_especie',
      type: 'pesos',
      es: 'Aportaciones en especie y en trabajo (valor registrado; no es dinero).',
      en: 'In-kind and labour contributions (recorded value; not money).',
      value: (r) => pesos(r.row.totals.raised.inKind + r.row.totals.raised.labour),
    },
    {
      name: 'transferido_inicial',
      type: 'pesos',
      es: 'Aportación inicial transferida a las escuelas.',
      en: 'Initial grants transferred to schools.',
      value: (r) => pesos(r.row.totals.transferred.initial),
    },
    {
      name: 'transferido_contrapartida',
      type: 'pesos',
      es: 'Contrapartida transferida a las escuelas por lo que reunieron.',
      en: 'Matching grants transferred to schools.',
      value: (r) => pesos(r.row.totals.transferred.match),
    },
    {
      name: 'gasto_comprobado',
      type: 'pesos',
      es: 'Gasto de las escuelas comprobado (sin los gastos rechazados).',
      en: 'Proven school spending (rejected expenses excluded).',
      value: (r) => pesos(r.row.totals.spent),
    },
    {
      name: 'reintegros_escuelas',
      type: 'pesos',
      es: 'Recursos no ejercidos devueltos por las escuelas al fideicomiso.',
      en: 'Unspent funds returned by schools to the trust fund.',
      value: (r) => pesos(r.row.totals.returned),
    },
    {
      name: 'reintegro_federacion',
      type: 'pesos',
      es: 'Recursos devueltos por el fideicomiso a la Federación.',
      en: 'Funds returned by the trust fund to the Federation.',
      value: (r) => pesos(r.row.totals.returnedToFederation),
    },
    {
      name: 'saldo_fideicomiso',
      type: 'pesos',
      es: 'Saldo del fideicomiso estatal a la fecha.',
      en: "The state trust fund's balance to date.",
      value: (r) => pesos(r.row.totals.trustBalance),
    },
  ],
};

export const SCHOOLS: Dataset<SchoolRecord> = {
  name: 'escuelas',
  es: 'Recursos y avance de cada escuela participante por ciclo escolar.',
  en: 'Funds and progress of each participating school by school year.',
  columns: [
    {
      name: 'ciclo_escolar',
      type: 'texto',
      es: 'Ciclo escolar (AAAA-AAAA).',
      en: 'School year.',
      value: (r) => r.cycle,
    },
    {
      name: 'clave_entidad',
      type: 'texto',
      es: 'Clave INEGI de la entidad.',
      en: 'INEGI state code.',
      value: (r) => r.state.code,
    },
    {
      name: 'entidad',
      type: 'texto',
      es: 'Nombre de la entidad.',
      en: 'State name.',
      value: (r) => r.state.name,
    },
    {
      name: 'cct',
      type: 'texto',
      es: 'Clave de Centro de Trabajo de la escuela.',
      en: "The school's CCT code.",
      value: (r) => r.row.cct,
    },
    {
      name: 'escuela',
      type: 'texto',
      es: 'Nombre de la escuela.',
      en: 'School name.',
      value: (r) => r.row.name,
    },
    {
      name: 'municipio',
      type: 'texto',
      es: 'Municipio.',
      en: 'Municipality.',
      value: (r) => r.row.municipality,
    },
    {
      name: 'aportacion_inicial',
      type: 'pesos',
      es: 'Aportación inicial recibida del programa.',
      en: 'Initial grant received.',
      value: (r) => pesos(r.row.totals.transferred.initial),
    },
    {
      name: 'contrapartida',
      type: 'pesos',
      es: 'Contrapartida recibida por lo que reunió la escuela.',
      en: 'Matching grant received.',
      value: (r) => pesos(r.row.totals.transferred.match),
    },
    {
      name: 'aportaciones_efectivo',
      type: 'pesos',
      es: 'Aportaciones en efectivo de padres, municipio, donantes y otros, validadas.',
      en: 'Validated cash contributions (parents, municipality, donors, others).',
      value: (r) => pesos(r.row.totals.raised.cash),
    },
    {
      name: 'aportaciones_especie',
      type: 'pesos',
      es: 'Aportaciones en especie y trabajo (valor registrado).',
      en: 'In-kind and labour contributions (recorded value).',
      value: (r) => pesos(r.row.totals.raised.inKind + r.row.totals.raised.labour),
    },
    {
      name: 'gasto_comprobado',
      type: 'pesos',
      es: 'Gasto comprobado con CFDI o recibo autorizado.',
      en: 'Spending proven with CFDI or an allowed receipt.',
      value: (r) => pesos(r.row.totals.spent),
    },
    {
      name: 'saldo',
      type: 'pesos',
      es: 'Saldo de la cuenta de la escuela.',
      en: "The school account's balance.",
      value: (r) => pesos(r.row.totals.schoolBalances),
    },
    {
      name: 'reintegro_debido',
      type: 'pesos',
      es: 'Reintegro determinado al cierre del ejercicio.',
      en: 'Return due at year close.',
      value: (r) => pesos(r.row.totals.returnsDue),
    },
    {
      name: 'reintegro_realizado',
      type: 'pesos',
      es: 'Reintegro ya depositado.',
      en: 'Return already deposited.',
      value: (r) => pesos(r.row.totals.returned),
    },
    {
      name: 'avance_pat',
      type: 'porcentaje',
      es: 'Avance promedio de las acciones del PAT (0 a 100).',
      en: 'Mean progress of the PAT actions (0–100).',
      value: (r) => r.row.progress,
    },
    {
      name: 'ejercicio_cerrado',
      type: 'booleano',
      es: 'Si el ejercicio de la escuela ya se cerró.',
      en: "Whether the school's year is closed.",
      value: (r) => r.row.closed,
    },
  ],
};

export const CATEGORIES: Dataset<CategoryRecord> = {
  name: 'gasto-categorias',
  es: 'Gasto comprobado por entidad y categoría de gasto de las reglas de operación.',
  en: 'Proven spending by state and spending category of the rules of operation.',
  columns: [
    {
      name: 'ciclo_escolar',
      type: 'texto',
      es: 'Ciclo escolar (AAAA-AAAA).',
      en: 'School year.',
      value: (r) => r.cycle,
    },
    {
      name: 'clave_entidad',
      type: 'texto',
      es: 'Clave INEGI de la entidad.',
      en: 'INEGI state code.',
      value: (r) => r.state.code,
    },
    {
      name: 'entidad',
      type: 'texto',
      es: 'Nombre de la entidad.',
      en: 'State name.',
      value: (r) => r.state.name,
    },
    {
      name: 'categoria',
      type: 'texto',
      es: 'Clave de la categoría de gasto.',
      en: 'Spending category code.',
      value: (r) => r.category,
    },
    {
      name: 'categoria_nombre',
      type: 'texto',
      es: 'Nombre de la categoría de gasto.',
      en: 'Spending category name.',
      value: (r) => r.name,
    },
    {
      name: 'monto',
      type: 'pesos',
      es: 'Gasto comprobado en la categoría.',
      en: 'Proven spending in the category.',
      value: (r) => pesos(r.amount),
    },
  ],
};

export const DATASETS = [STATES, SCHOOLS, CATEGORIES] as const;

export function stateRecords(v: NationView): StateRecord[] {
  return v.states.map((row) => ({ cycle: v.cycle.schoolYear, row }));
}

export function categoryRecords(v: NationView): CategoryRecord[] {
  return v.states.flatMap((s) =>
    s.totals.spentByCategory.map((c) => ({
      cycle: v.cycle.schoolYear,
      state: { code: s.code, name: s.name },
      category: c.category,
      name: c.name,
      amount: c.amount,
    })),
  );
}

export function schoolRecords(states: StateView[]): SchoolRecord[] {
  return states.flatMap((v) => v.schools.map((row) => ({ cycle: v.cycle.schoolYear, state: v.state, row })));
}

const csvCell = (v: string | number | boolean | null) => {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  if (typeof v === 'boolean') return v ? 'si' : 'no';
  // Quoted when needed; a leading =, +, - or @ is prefixed so a spreadsheet does not run it as a formula.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** CSV in UTF-8 with a BOM (so spreadsheet programs in Mexico read the accents), CRLF line ends. */
export function toCsv<Row>(d: Dataset<Row>, rows: Row[]): string {
  const lines = [d.columns.map((c) => c.name).join(',')];
  for (const r of rows) lines.push(d.columns.map((c) => csvCell(c.value(r))).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

export function toJson<Row>(d: Dataset<Row>, rows: Row[], cycle: string): string {
  return JSON.stringify({
    dataset: d.name,
    cycle,
    description: d.es,
    dictionary: `/api/pec/public/datos/diccionario`,
    rows: rows.map((r) => Object.fromEntries(d.columns.map((c) => [c.name, c.value(r)]))),
  });
}

/** The data dictionary: every dataset, every column with its type and meaning. */
export function dictionary() {
  return DATASETS.map((d) => ({
    dataset: d.name,
    es: d.es,
    en: d.en,
    formats: ['csv', 'json'],
    columns: (d.columns as Column<unknown>[]).map((c) => ({
      name: c.name,
      type: c.type,
      es: c.es,
      en: c.en,
    })),
  }));
}
