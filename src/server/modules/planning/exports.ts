import type { PlanDetail } from '../../../contract/planning.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/permissions/actor.ts';
import type { ExportColumn } from '../catalog/export.ts';
import {
  categoryName,
  DIMENSION_LABEL,
  FUNDING_LABEL,
  type PlacedAction,
  placedActions,
  planFileName,
  planInSpanish,
} from './pdf.ts';

/**
 * The PAT's actions as a spreadsheet (CSV and XLSX through the catalog's streaming writers: formulas
 * neutralised in CSV, literal text cells in XLSX): one row per action in the PETE's order, with its
 * latest progress report. Read permission is getPlan's (`org.read` over the school, 404 out of
 * reach). Headers and labels in Spanish, the language of the people who use the files.
 */

export interface PatRow extends PlacedAction {
  category: string;
  /** The latest progress report, if any. */
  progress: { status: string; percent: number } | null;
}

export const PROGRESS_LABEL: Record<string, string> = {
  pending: 'Pendiente',
  in_progress: 'En proceso',
  done: 'Concluida',
  cancelled: 'Cancelada',
};

/** Centavos as pesos with two decimals, '12345.60': the CSV form (unambiguous in any locale). */
const pesosCsv = (centavos: number) => (centavos / 100).toFixed(2);

/**
 * The columns, CSV and XLSX alike but for the cost: two-decimal text in CSV, a number (pesos) in
 * XLSX so the sheet can add it up.
 */
export function patColumns(format: 'csv' | 'xlsx'): readonly ExportColumn<PatRow>[] {
  return [
    { header: 'Dimensión', width: 22, value: (r) => (r.dimension ? DIMENSION_LABEL[r.dimension] : '') },
    { header: 'Objetivo', width: 40, value: (r) => r.objective?.text ?? '' },
    { header: 'Meta', width: 40, value: (r) => r.goal?.text ?? '' },
    { header: 'Acción', width: 48, value: (r) => r.action.text },
    { header: 'Responsable', width: 28, value: (r) => r.action.responsible },
    { header: 'Inicio', width: 12, value: (r) => r.action.startOn },
    { header: 'Término', width: 12, value: (r) => r.action.endOn },
    {
      header: 'Costo (MXN)',
      width: 14,
      value: (r) => (format === 'csv' ? pesosCsv(r.action.cost) : r.action.cost / 100),
    },
    {
      header: 'Fuente de financiamiento',
      width: 28,
      value: (r) => FUNDING_LABEL[r.action.fundingSource] ?? r.action.fundingSource,
    },
    { header: 'Categoría de gasto', width: 36, value: (r) => r.category },
    { header: 'Avance %', width: 10, value: (r) => r.progress?.percent ?? null },
    {
      header: 'Estado',
      width: 14,
      value: (r) => (r.progress ? (PROGRESS_LABEL[r.progress.status] ?? r.progress.status) : 'Sin reporte'),
    },
  ];
}

export function patRowsOf(p: PlanDetail): PatRow[] {
  const latest = new Map(p.progress.map((x) => [x.actionId, x]));
  return placedActions(p).map((x) => {
    const progress = latest.get(x.action.id);
    return {
      ...x,
      category: x.action.category === null ? '' : categoryName(p, x.action.category),
      progress: progress ? { status: progress.status, percent: progress.percent } : null,
    };
  });
}

export async function patExport(
  db: Db,
  actor: Actor,
  id: string,
  ext: 'csv' | 'xlsx',
): Promise<{ rows: PatRow[]; filename: string }> {
  const p = await planInSpanish(db, actor, id);
  return { rows: patRowsOf(p), filename: planFileName('pat', p, ext) };
}
