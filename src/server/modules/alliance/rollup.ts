import { sql } from 'drizzle-orm';
import type { Rollup } from '../../../contract/alliance.ts';
import type { Executor } from '../../platform/db/client.ts';
import { todayMx } from '../../platform/time.ts';
import type { Body } from './common.ts';
import { progressPercent } from './rules.ts';

/**
 * Per-body figures for the dashboards, computed for every body in four set-based queries and
 * then summed up the tree (an eje adds its mesas, the commission everything). A retired eje or
 * mesa keeps its own figures (its page and card still show them) but adds nothing to any other
 * body's totals: its metas, progress, tasks and deliverables stop counting above it.
 */
export interface BodyFigures extends Rollup {
  /** Sum of percentages, to average across a subtree. */
  progressSum: number;
  progressCount: number;
}

const empty = (): BodyFigures => ({
  metas: 0,
  metasApproved: 0,
  progress: null,
  openTasks: 0,
  overdueTasks: 0,
  overdueDeliverables: 0,
  awaiting: 0,
  progressSum: 0,
  progressCount: 0,
});

type Row = Record<string, unknown>;

async function rows(db: Executor, query: ReturnType<typeof sql>): Promise<Row[]> {
  const res = (await db.execute(query)) as unknown as { rows: Row[] };
  return res.rows;
}

/** Own figures per body id (not yet summed over children). */
async function ownFigures(db: Executor, bodies: Body[]): Promise<Map<number, BodyFigures>> {
  const today = todayMx();
  const out = new Map<number, BodyFigures>(bodies.map((b) => [b.id, empty()]));
  const at = (id: unknown) => out.get(Number(id));

  const metas = await rows(
    db,
    sql`select m.body_id, m.status, m.baseline, m.target, p.value
        from alliance_metas m
        left join lateral (
          select value from alliance_progress where meta_id = m.id order by period desc, reported_at desc limit 1
        ) p on true
        where m.status <> 'retired'`,
  );
  for (const r of metas) {
    const f = at(r.body_id);
    if (!f) continue;
    f.metas++;
    if (r.status !== 'approved') continue;
    f.metasApproved++;
    const pct = progressPercent(num(r.baseline), num(r.target), num(r.value));
    if (pct !== null) {
      f.progressSum += pct;
      f.progressCount++;
    }
  }

  const tasks = await rows(
    db,
    sql`select t.body_id, count(*) filter (where w.state <> 'done') as open,
               count(*) filter (where w.state <> 'done' and t.due_on < ${today}) as overdue
        from alliance_tasks t join workflow_items w on w.id = t.item_id group by t.body_id`,
  );
  for (const r of tasks) {
    const f = at(r.body_id);
    if (!f) continue;
    f.openTasks += Number(r.open);
    f.overdueTasks += Number(r.overdue);
  }

  const deliverables = await rows(
    db,
    sql`select body_id, count(*) as overdue from alliance_deliverables
        where document_id is null and due_on < ${today} group by body_id`,
  );
  for (const r of deliverables) {
    const f = at(r.body_id);
    if (f) f.overdueDeliverables += Number(r.overdue);
  }

  const awaiting = await rows(
    db,
    sql`select awaiting, count(*) as n from workflow_items
        where awaiting like 'alliance:%' and state not in ('done', 'validated', 'informed', 'minutes_approved', 'cancelled', 'rejected', 'approved')
        group by awaiting`,
  );
  const secretariat = bodies.find((b) => b.kind === 'secretariat');
  const commission = bodies.find((b) => b.kind === 'commission');
  for (const r of awaiting) {
    const key = String(r.awaiting);
    const m = /^alliance:(officers|members):(\d+)$/.exec(key);
    const id = m
      ? Number(m[2])
      : key === 'alliance:secretariat'
        ? secretariat?.id
        : key === 'alliance:commission'
          ? commission?.id
          : undefined;
    const f = id === undefined ? undefined : out.get(id);
    if (f) f.awaiting += Number(r.n);
  }
  return out;
}

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/**
 * Figures per body, each including its subtree's: every body below it that is not retired (a
 * retired body counts only in its own figures). The active mesas of a retired eje are not
 * retired (they keep working), so they still count in the commission's totals.
 */
export async function rollups(db: Executor, bodies: Body[]): Promise<Map<number, Rollup>> {
  const own = await ownFigures(db, bodies);
  const out = new Map<number, Rollup>();
  for (const b of bodies) {
    const sum = empty();
    for (const other of bodies) {
      if (!other.path.startsWith(b.path)) continue;
      if (other.id !== b.id && other.retiredAt !== null) continue;
      const f = own.get(other.id);
      if (!f) continue;
      sum.metas += f.metas;
      sum.metasApproved += f.metasApproved;
      sum.openTasks += f.openTasks;
      sum.overdueTasks += f.overdueTasks;
      sum.overdueDeliverables += f.overdueDeliverables;
      sum.progressSum += f.progressSum;
      sum.progressCount += f.progressCount;
    }
    // Items waiting on a body are its own, not its children's: they are that body's to act on.
    const mine = own.get(b.id);
    out.set(b.id, {
      metas: sum.metas,
      metasApproved: sum.metasApproved,
      progress: sum.progressCount ? Math.round((sum.progressSum / sum.progressCount) * 10) / 10 : null,
      openTasks: sum.openTasks,
      overdueTasks: sum.overdueTasks,
      overdueDeliverables: sum.overdueDeliverables,
      awaiting: mine?.awaiting ?? 0,
    });
  }
  return out;
}

export function statusOf(r: Rollup): 'on_track' | 'at_risk' | 'no_data' {
  if (r.overdueTasks > 0 || r.overdueDeliverables > 0) return 'at_risk';
  if (r.progress === null) return 'no_data';
  return 'on_track';
}
