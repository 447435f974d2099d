import { and, asc, desc, inArray, ne } from 'drizzle-orm';
import type { z } from 'zod';
import type { MetaInfo, TaskSummary } from '../../../contract/alliance.ts';
import type { Db, Executor } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/permissions/actor.ts';
import { dbTimeIso } from '../../platform/time.ts';
import type { ExportColumn } from '../catalog/export.ts';
import { type Body, peopleNames, requireBody } from './common.ts';
import { listMetas } from './metas.ts';
import { allianceActor, canRead, requireRead } from './policy.ts';
import { progressPercent } from './rules.ts';
import { allianceBodies, allianceMetas, allianceProgress } from './schema.ts';
import { listTasks } from './tasks.ts';

/**
 * Downloads of the Alianza's metas, progress reports and follow-up tasks (CSV and XLSX through the
 * catalog's streaming writers: formulas neutralised in CSV, literal text cells in XLSX). Rows are
 * those of the bodies the person may read (policy.ts `canRead`: a mesa member their mesa and the
 * structure above it; commission, secretariat and auditors everything), optionally narrowed to one
 * body's subtree. Headers in Spanish, the language of the people who use the files.
 */

/** Where a row sits in the tree: its eje and its own body (a mesa, or the eje itself). */
interface Place {
  ejeCode: string;
  bodyCode: string;
  bodyName: string;
}

export interface MetaRow extends MetaInfo, Place {}

export interface ProgressRow extends Place {
  metaId: number;
  metaTitle: string;
  indicator: string | null;
  unit: string | null;
  baseline: number | null;
  target: number | null;
  period: string;
  value: number;
  percent: number | null;
  narrative: string;
  evidence: string;
  reportedBy: string;
  reportedAt: string;
}

export interface TaskRow extends z.infer<typeof TaskSummary>, Place {}

const STATUS: Record<MetaInfo['status'], string> = {
  draft: 'borrador',
  approved: 'aprobada',
  retired: 'retirada',
};
const TASK_STATE: Record<string, string> = { open: 'abierta', in_progress: 'en curso', done: 'concluida' };
const SOURCE: Record<string, string> = {
  minutes: 'acta de sesión',
  observation: 'observación de resolución',
};
const FIELD: Record<string, string> = {
  indicator: 'indicador',
  unit: 'unidad',
  baseline: 'línea base',
  target: 'meta',
  dueOn: 'fecha compromiso',
  responsible: 'responsable',
  normativeAnchor: 'fundamento normativo',
};

const MX_MINUTE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'America/Mexico_City',
  dateStyle: 'short',
  timeStyle: 'short',
});
/** '2026-11-24 11:00', Mexico City time: sortable and read the same in any spreadsheet. */
const localTime = (iso: string) => MX_MINUTE.format(new Date(iso));

const PLACE_COLUMNS = <T extends Place>(): ExportColumn<T>[] => [
  { header: 'Eje', width: 8, value: (r) => r.ejeCode },
  { header: 'Órgano', width: 10, value: (r) => r.bodyCode },
  { header: 'Nombre del órgano', width: 40, value: (r) => r.bodyName },
];

export const META_COLUMNS: readonly ExportColumn<MetaRow>[] = [
  ...PLACE_COLUMNS<MetaRow>(),
  { header: 'Id de la meta', width: 10, value: (r) => r.id },
  { header: 'Meta', width: 48, value: (r) => r.title },
  { header: 'Indicador', width: 36, value: (r) => r.indicator },
  { header: 'Unidad', width: 14, value: (r) => r.unit },
  { header: 'Línea base', width: 12, value: (r) => r.baseline },
  { header: 'Valor meta', width: 12, value: (r) => r.target },
  { header: 'Fecha compromiso', width: 14, value: (r) => r.dueOn },
  { header: 'Responsable', width: 28, value: (r) => r.responsible },
  { header: 'Fundamento normativo', width: 36, value: (r) => r.normativeAnchor },
  { header: 'Estado', width: 12, value: (r) => STATUS[r.status] },
  { header: 'Datos faltantes', width: 28, value: (r) => r.missing.map((f) => FIELD[f] ?? f).join(', ') },
  { header: 'Último periodo', width: 12, value: (r) => r.latest?.period ?? null },
  { header: 'Último valor', width: 12, value: (r) => r.latest?.value ?? null },
  { header: 'Avance (%)', width: 10, value: (r) => r.latest?.percent ?? null },
];

export const PROGRESS_COLUMNS: readonly ExportColumn<ProgressRow>[] = [
  ...PLACE_COLUMNS<ProgressRow>(),
  { header: 'Id de la meta', width: 10, value: (r) => r.metaId },
  { header: 'Meta', width: 48, value: (r) => r.metaTitle },
  { header: 'Indicador', width: 36, value: (r) => r.indicator },
  { header: 'Unidad', width: 14, value: (r) => r.unit },
  { header: 'Periodo', width: 10, value: (r) => r.period },
  { header: 'Valor', width: 12, value: (r) => r.value },
  { header: 'Línea base', width: 12, value: (r) => r.baseline },
  { header: 'Valor meta', width: 12, value: (r) => r.target },
  { header: 'Avance (%)', width: 10, value: (r) => r.percent },
  { header: 'Descripción del avance', width: 48, value: (r) => r.narrative },
  { header: 'Evidencia', width: 36, value: (r) => r.evidence },
  { header: 'Reportado por', width: 28, value: (r) => r.reportedBy },
  { header: 'Fecha del reporte', width: 18, value: (r) => r.reportedAt },
];

export const TASK_COLUMNS: readonly ExportColumn<TaskRow>[] = [
  ...PLACE_COLUMNS<TaskRow>(),
  { header: 'Tarea', width: 48, value: (r) => r.title },
  { header: 'Origen', width: 22, value: (r) => SOURCE[r.source] ?? r.source },
  { header: 'Resolución', width: 14, value: (r) => r.resolutionNumber },
  { header: 'Responsable', width: 28, value: (r) => r.responsible?.name ?? null },
  { header: 'Fecha límite', width: 12, value: (r) => r.dueOn },
  { header: 'Estado', width: 12, value: (r) => TASK_STATE[r.state] ?? r.state },
  { header: 'Vencida', width: 8, value: (r) => (r.overdue ? 'sí' : 'no') },
  { header: 'Evidencia', width: 36, value: (r) => r.evidence },
];

interface Scope {
  bodies: Body[];
  placeOf(bodyId: number): Place;
}

/**
 * The bodies whose rows the person may download: every body they may read, or only those in the
 * subtree of `bodyId` (404 when that body itself is out of reach, so scope cannot be probed).
 */
async function readableScope(db: Executor, actor: Actor, bodyId?: number): Promise<Scope> {
  const aa = await allianceActor(db, actor);
  let root: Body | undefined;
  if (bodyId !== undefined) {
    root = await requireBody(db, bodyId);
    requireRead(aa, root);
  }
  const all = await db
    .select()
    .from(allianceBodies)
    .orderBy(asc(allianceBodies.position), asc(allianceBodies.code));
  const byId = new Map(all.map((b) => [b.id, b]));
  const bodies = all.filter((b) => (!root || b.path.startsWith(root.path)) && canRead(aa, b));
  const ejeOf = (b: Body): string => {
    if (b.kind === 'eje') return b.code;
    if (b.kind === 'mesa' && b.parentId) return byId.get(b.parentId)?.code ?? '';
    return '';
  };
  return {
    bodies,
    placeOf(id) {
      const b = byId.get(id);
      return b
        ? { ejeCode: ejeOf(b), bodyCode: b.code, bodyName: b.name }
        : { ejeCode: '', bodyCode: '', bodyName: '' };
    },
  };
}

/** Orders rows by the tree: eje, then body code (numerically: I.2 before I.10). */
const byPlace = (a: Place, b: Place) =>
  a.ejeCode.localeCompare(b.ejeCode, 'es', { numeric: true }) ||
  a.bodyCode.localeCompare(b.bodyCode, 'es', { numeric: true });

export async function metaRows(db: Db, actor: Actor, bodyId?: number): Promise<MetaRow[]> {
  const scope = await readableScope(db, actor, bodyId);
  const metas = await listMetas(
    db,
    scope.bodies.map((b) => b.id),
  );
  return metas
    .map((m) => ({ ...m, ...scope.placeOf(m.bodyId) }))
    .sort((a, b) => byPlace(a, b) || a.id - b.id);
}

export async function progressRows(db: Db, actor: Actor, bodyId?: number): Promise<ProgressRow[]> {
  const scope = await readableScope(db, actor, bodyId);
  const ids = scope.bodies.map((b) => b.id);
  if (ids.length === 0) return [];
  const live = await db
    .select()
    .from(allianceMetas)
    .where(and(inArray(allianceMetas.bodyId, ids), ne(allianceMetas.status, 'retired')))
    .orderBy(asc(allianceMetas.id));
  if (live.length === 0) return [];
  const reports = await db
    .select()
    .from(allianceProgress)
    .where(
      inArray(
        allianceProgress.metaId,
        live.map((m) => m.id),
      ),
    )
    .orderBy(asc(allianceProgress.metaId), asc(allianceProgress.period), desc(allianceProgress.reportedAt));
  const names = await peopleNames(
    db,
    reports.map((r) => r.reportedBy),
  );
  const metaById = new Map(live.map((m) => [m.id, m]));
  return reports
    .map((r) => {
      const m = metaById.get(r.metaId) as (typeof live)[number];
      return {
        ...scope.placeOf(m.bodyId),
        metaId: m.id,
        metaTitle: m.title,
        indicator: m.indicator,
        unit: m.unit,
        baseline: m.baseline,
        target: m.target,
        period: r.period,
        value: r.value,
        percent: progressPercent(m.baseline, m.target, r.value),
        narrative: r.narrative,
        evidence: r.evidence,
        reportedBy: r.reportedBy ? (names.get(r.reportedBy) ?? '') : '',
        reportedAt: localTime(dbTimeIso(r.reportedAt)),
      };
    })
    .sort((a, b) => byPlace(a, b) || a.metaId - b.metaId || a.period.localeCompare(b.period));
}

export async function taskRows(db: Db, actor: Actor, bodyId?: number): Promise<TaskRow[]> {
  const scope = await readableScope(db, actor, bodyId);
  const tasks = await listTasks(
    db,
    scope.bodies.map((b) => b.id),
  );
  return tasks
    .map((t) => ({ ...t, ...scope.placeOf(t.body.id) }))
    .sort((a, b) => byPlace(a, b) || a.dueOn.localeCompare(b.dueOn) || a.title.localeCompare(b.title, 'es'));
}
