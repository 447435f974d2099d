import {
  Action,
  type Change,
  type Conflict,
  Goal,
  LISTS,
  type ListName,
  Objective,
  type PlanContent,
  Rating,
  Strategy,
} from '../../../contract/planning.ts';

/**
 * Applying a batch of small changes to a plan that several people edit at once. Every field, list
 * item and rating has the revision that last changed it (`revs`); a change carries the revision its
 * writer last saw. A change whose target moved on since then is a conflict (the other person's
 * value comes back so the UI can offer to keep one or the other); everything else merges, so two
 * teachers editing different actions never lose each other's work. A batch is all or nothing.
 */

const ITEM_SCHEMAS = {
  'pete.objectives': Objective,
  'pete.strategies': Strategy,
  'pete.goals': Goal,
  'pat.actions': Action,
} as const;

export type Revs = Record<string, number>;

export interface Applied {
  content: PlanContent;
  revs: Revs;
  touched: string[];
}

export interface Invalid {
  path: string;
  reason: 'invalid' | 'missing_parent' | 'has_dependents' | 'unknown_standard';
  detail: string;
}

export type ApplyResult =
  | { ok: true; applied: Applied }
  | { ok: false; conflicts: Omit<Conflict, 'changedBy' | 'changedAt'>[]; invalid: Invalid[] };

export const pathOf = (c: Change): string =>
  c.op === 'set'
    ? c.path
    : c.op === 'rate'
      ? `self.${c.standard}`
      : `${c.list}.${c.op === 'put' ? String(c.item.id ?? '') : c.id}`;

function list(content: PlanContent, name: ListName): { id: string }[] {
  const [part, key] = name.split('.') as ['pete' | 'pat', string];
  return (content[part] as unknown as Record<string, { id: string }[]>)[key] ?? [];
}

function setList(content: PlanContent, name: ListName, items: { id: string }[]) {
  const [part, key] = name.split('.') as ['pete' | 'pat', string];
  (content[part] as unknown as Record<string, unknown>)[key] = items;
}

function currentValue(content: PlanContent, path: string): unknown {
  if (path.startsWith('self.')) return content.selfEvaluation.ratings[path.slice(5)] ?? null;
  const name = LISTS.find((l) => path.startsWith(`${l}.`));
  if (name) return list(content, name).find((i) => i.id === path.slice(name.length + 1)) ?? null;
  const [part, key] = path.split('.') as ['pete', string];
  return (content[part] as unknown as Record<string, unknown>)[key] ?? null;
}

/** Which items point at another (a strategy or goal at its objective, an action at its goal). */
const PARENT: Partial<Record<ListName, { field: string; list: ListName }>> = {
  'pete.strategies': { field: 'objectiveId', list: 'pete.objectives' },
  'pete.goals': { field: 'objectiveId', list: 'pete.objectives' },
  'pat.actions': { field: 'goalId', list: 'pete.goals' },
};

export function applyChanges(
  before: PlanContent,
  revs: Revs,
  nextRevision: number,
  changes: readonly Change[],
  standards: ReadonlySet<string>,
): ApplyResult {
  const content = structuredClone(before);
  const nextRevs = { ...revs };
  const conflicts: { path: string; theirs: unknown }[] = [];
  const invalid: Invalid[] = [];
  const touched: string[] = [];
  for (const c of changes) {
    const path = pathOf(c);
    if ((revs[path] ?? 0) > c.baseRevision) {
      conflicts.push({ path, theirs: currentValue(before, path) });
      continue;
    }
    if (c.op === 'set') {
      const [, key] = c.path.split('.') as ['pete', keyof PlanContent['pete']];
      if (key === 'priorities') {
        const codes = Array.isArray(c.value) ? c.value : [];
        const unknown = codes.filter((x) => !standards.has(x));
        if (!Array.isArray(c.value) || unknown.length) {
          invalid.push({ path, reason: 'unknown_standard', detail: unknown.join(', ') });
          continue;
        }
        content.pete.priorities = [...new Set(codes)];
      } else {
        if (typeof c.value !== 'string') {
          invalid.push({ path, reason: 'invalid', detail: 'text expected' });
          continue;
        }
        (content.pete as Record<string, unknown>)[key] = c.value;
      }
    } else if (c.op === 'rate') {
      if (!standards.has(c.standard)) {
        invalid.push({ path, reason: 'unknown_standard', detail: c.standard });
        continue;
      }
      if (c.rating === null) delete content.selfEvaluation.ratings[c.standard];
      else content.selfEvaluation.ratings[c.standard] = Rating.parse(c.rating);
    } else if (c.op === 'put') {
      const parsed = ITEM_SCHEMAS[c.list].safeParse(c.item);
      if (!parsed.success) {
        invalid.push({
          path,
          reason: 'invalid',
          detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        });
        continue;
      }
      const item = parsed.data as { id: string };
      const items = list(content, c.list);
      const i = items.findIndex((x) => x.id === item.id);
      setList(content, c.list, i < 0 ? [...items, item] : items.map((x, j) => (j === i ? item : x)));
    } else {
      setList(
        content,
        c.list,
        list(content, c.list).filter((x) => x.id !== c.id),
      );
    }
    nextRevs[path] = nextRevision;
    touched.push(path);
  }
  // References are checked on the result, so one batch may add an objective and its goals together.
  for (const [child, parent] of Object.entries(PARENT) as [ListName, { field: string; list: ListName }][]) {
    const ids = new Set(list(content, parent.list).map((x) => x.id));
    for (const item of list(content, child)) {
      const ref = (item as Record<string, unknown>)[parent.field];
      if (ref === null || ref === undefined || ids.has(String(ref))) continue;
      const path = `${child}.${item.id}`;
      // A dangling reference caused by removing the parent is reported on the parent.
      const removedParent = changes.some((c) => c.op === 'remove' && c.list === parent.list && c.id === ref);
      invalid.push(
        removedParent
          ? { path: `${parent.list}.${String(ref)}`, reason: 'has_dependents', detail: path }
          : { path, reason: 'missing_parent', detail: `${parent.field} ${String(ref)}` },
      );
    }
  }
  for (const g of content.pete.goals) {
    if (g.standard && !standards.has(g.standard)) {
      invalid.push({ path: `pete.goals.${g.id}`, reason: 'unknown_standard', detail: g.standard });
    }
  }
  if (conflicts.length || invalid.length) return { ok: false, conflicts, invalid };
  return { ok: true, applied: { content, revs: nextRevs, touched } };
}

export function emptyPlan(): PlanContent {
  return {
    selfEvaluation: { ratings: {} },
    pete: {
      context: '',
      mission: '',
      vision: '',
      values: '',
      priorities: [],
      objectives: [],
      strategies: [],
      goals: [],
    },
    pat: { actions: [] },
  };
}
