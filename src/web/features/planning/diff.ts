import type { Content, Plan } from './common.tsx';

export type T = (k: string, o?: Record<string, unknown>) => string;

/** What changed between two revisions, field by field and item by item (for the side-by-side view). */
export interface Row {
  key: string;
  part: string;
  kind: 'added' | 'removed' | 'changed';
  before: string;
  after: string;
}

function summary(item: Record<string, unknown> | undefined, plan: Plan, t: T): string {
  if (!item) return '—';
  if (typeof item.level === 'number')
    return [t(`planning.levels.${item.level}`), item.evidence, item.comment].filter(Boolean).join(' · ');
  const value = (k: string, v: unknown): string => {
    if (k === 'cost')
      return new Intl.NumberFormat('es-MX', { style: 'currency', currency: 'MXN' }).format(Number(v) / 100);
    if (k === 'dimension') return t(`planning.dimensions.${String(v)}`);
    if (k === 'fundingSource') return t(`planning.funding.${String(v)}`);
    if (k === 'category') return plan.categories.find((c) => c.code === v)?.name ?? String(v);
    if (k === 'standard') return plan.standards.find((c) => c.code === v)?.name ?? String(v);
    return String(v);
  };
  return Object.entries(item)
    .filter(([k, v]) => !['id', 'objectiveId', 'goalId'].includes(k) && v !== null && v !== '')
    .map(([k, v]) =>
      k === 'text' ? String(v) : `${t(`planning.versions.fields.${k}`, { defaultValue: k })}: ${value(k, v)}`,
    )
    .join(' · ');
}

export function diffContent(a: Content, b: Content, plan: Plan, t: T): Row[] {
  const rows: Row[] = [];
  for (const k of ['context', 'mission', 'vision', 'values'] as const) {
    if (a.pete[k] !== b.pete[k])
      rows.push({
        key: k,
        part: t(`planning.pete.${k}`),
        kind: 'changed',
        before: a.pete[k] || '—',
        after: b.pete[k] || '—',
      });
  }
  if (a.pete.priorities.join() !== b.pete.priorities.join()) {
    const names = (x: string[]) =>
      x.map((c) => plan.standards.find((s) => s.code === c)?.name ?? c).join(', ') || '—';
    rows.push({
      key: 'priorities',
      part: t('planning.pete.priorities'),
      kind: 'changed',
      before: names(a.pete.priorities),
      after: names(b.pete.priorities),
    });
  }
  for (const s of plan.standards) {
    const x = a.selfEvaluation.ratings[s.code];
    const y = b.selfEvaluation.ratings[s.code];
    if (JSON.stringify(x) !== JSON.stringify(y))
      rows.push({
        key: `self.${s.code}`,
        part: `${t('planning.tabs.self')}: ${s.name}`,
        kind: !x ? 'added' : !y ? 'removed' : 'changed',
        before: summary(x, plan, t),
        after: summary(y, plan, t),
      });
  }
  const lists = [
    ['objectives', a.pete.objectives, b.pete.objectives],
    ['strategies', a.pete.strategies, b.pete.strategies],
    ['goals', a.pete.goals, b.pete.goals],
    ['actions', a.pat.actions, b.pat.actions],
  ] as const;
  for (const [name, xs, ys] of lists) {
    const before = new Map<string, Record<string, unknown>>(
      xs.map((i) => [i.id, i as Record<string, unknown>]),
    );
    const after = new Map<string, Record<string, unknown>>(
      ys.map((i) => [i.id, i as Record<string, unknown>]),
    );
    for (const id of new Set([...before.keys(), ...after.keys()])) {
      const x = before.get(id);
      const y = after.get(id);
      if (JSON.stringify(x) === JSON.stringify(y)) continue;
      rows.push({
        key: `${name}.${id}`,
        part: t(`planning.versions.list.${name}`),
        kind: !x ? 'added' : !y ? 'removed' : 'changed',
        before: summary(x, plan, t),
        after: summary(y, plan, t),
      });
    }
  }
  return rows;
}
