import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Change, PlanContent } from '../../../contract/planning.ts';
import { applyChanges, emptyPlan } from './changes.ts';

const STANDARDS = new Set(['liderazgo_efectivo', 'clima_confianza', 'control_escolar']);

function basePlan(actionIds: string[]): PlanContent {
  const p = emptyPlan();
  p.pete.objectives = [{ id: 'o1', dimension: 'pedagogica', text: 'Mejorar la comprensión lectora' }];
  p.pete.goals = [
    {
      id: 'g1',
      objectiveId: 'o1',
      standard: null,
      text: 'Meta',
      indicator: '',
      baseline: null,
      target: null,
      year: null,
    },
  ];
  p.pat.actions = actionIds.map((id) => ({
    id,
    goalId: 'g1',
    text: `Acción ${id}`,
    responsible: '',
    startOn: null,
    endOn: null,
    cost: 0,
    fundingSource: 'pec',
    category: null,
  }));
  return p;
}

const put = (id: string, text: string, baseRevision: number): Change => ({
  op: 'put',
  list: 'pat.actions',
  item: { id, goalId: 'g1', text },
  baseRevision,
});

/** Two writers who both loaded revision 1 and each edited some actions (existing or new). */
const twoWriters = fc
  .record({
    existing: fc.uniqueArray(fc.stringMatching(/^a[0-9]{1,3}$/), { minLength: 1, maxLength: 8 }),
    aPick: fc.array(fc.nat(20), { minLength: 1, maxLength: 5 }),
    bPick: fc.array(fc.nat(20), { minLength: 1, maxLength: 5 }),
  })
  .map(({ existing, aPick, bPick }) => {
    const pool = [...existing, 'n1', 'n2', 'n3'];
    const ids = (pick: number[]) => [...new Set(pick.map((i) => pool[i % pool.length] as string))];
    return { existing, a: ids(aPick), b: ids(bPick) };
  });

describe('concurrent edits of a plan', () => {
  it('two writers on different items both land; on a shared item the second is told and nothing of it is half applied', () => {
    fc.assert(
      fc.property(twoWriters, ({ existing, a, b }) => {
        const start = basePlan(existing);
        const first = applyChanges(
          start,
          {},
          2,
          a.map((id) => put(id, `A ${id}`, 1)),
          STANDARDS,
        );
        expect(first.ok).toBe(true);
        if (!first.ok) return;
        const second = applyChanges(
          first.applied.content,
          first.applied.revs,
          3,
          b.map((id) => put(id, `B ${id}`, 1)),
          STANDARDS,
        );
        const shared = b.filter((id) => a.includes(id));
        const final = second.ok ? second.applied.content : first.applied.content;
        const text = (id: string) => final.pat.actions.find((x) => x.id === id)?.text;
        if (shared.length === 0) {
          expect(second.ok).toBe(true);
          for (const id of a) expect(text(id)).toBe(`A ${id}`);
          for (const id of b) expect(text(id)).toBe(`B ${id}`);
        } else {
          expect(second.ok).toBe(false);
          if (second.ok) return;
          expect(second.conflicts.map((c) => c.path).sort()).toEqual(
            shared.map((id) => `pat.actions.${id}`).sort(),
          );
          for (const c of second.conflicts)
            expect(c.theirs).toMatchObject({ text: `A ${c.path.split('.').at(-1)}` });
          // The writer's own edits are still A's everywhere: no lost update, no half batch.
          for (const id of a) expect(text(id)).toBe(`A ${id}`);
        }
        // Untouched actions are as they were.
        for (const id of existing.filter((x) => !a.includes(x) && !b.includes(x)))
          expect(text(id)).toBe(`Acción ${id}`);
      }),
    );
  });

  it('a writer who saw the latest revision may change what others changed before', () => {
    const start = basePlan(['a1']);
    const first = applyChanges(start, {}, 2, [put('a1', 'uno', 1)], STANDARDS);
    if (!first.ok) throw new Error('first');
    const again = applyChanges(
      first.applied.content,
      first.applied.revs,
      3,
      [put('a1', 'dos', 2)],
      STANDARDS,
    );
    expect(again.ok).toBe(true);
  });

  it('fields and ratings follow the same rule', () => {
    const start = emptyPlan();
    const a = applyChanges(
      start,
      {},
      2,
      [
        { op: 'set', path: 'pete.mission', value: 'Misión A', baseRevision: 1 },
        {
          op: 'rate',
          standard: 'liderazgo_efectivo',
          rating: { level: 2, evidence: '', comment: '' },
          baseRevision: 1,
        },
      ],
      STANDARDS,
    );
    if (!a.ok) throw new Error('a');
    const b = applyChanges(
      a.applied.content,
      a.applied.revs,
      3,
      [
        { op: 'set', path: 'pete.vision', value: 'Visión B', baseRevision: 1 },
        {
          op: 'rate',
          standard: 'clima_confianza',
          rating: { level: 4, evidence: 'Encuesta', comment: '' },
          baseRevision: 1,
        },
      ],
      STANDARDS,
    );
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    expect(b.applied.content.pete).toMatchObject({ mission: 'Misión A', vision: 'Visión B' });
    expect(Object.keys(b.applied.content.selfEvaluation.ratings).sort()).toEqual([
      'clima_confianza',
      'liderazgo_efectivo',
    ]);
    const c = applyChanges(
      b.applied.content,
      b.applied.revs,
      4,
      [{ op: 'set', path: 'pete.mission', value: 'Misión C', baseRevision: 1 }],
      STANDARDS,
    );
    expect(c).toMatchObject({ ok: false, conflicts: [{ path: 'pete.mission', theirs: 'Misión A' }] });
  });

  it('keeps references whole: no goal without its objective, no objective removed under its goals', () => {
    const start = basePlan(['a1']);
    expect(
      applyChanges(
        start,
        {},
        2,
        [{ op: 'remove', list: 'pete.objectives', id: 'o1', baseRevision: 1 }],
        STANDARDS,
      ),
    ).toMatchObject({
      ok: false,
      invalid: expect.arrayContaining([
        expect.objectContaining({ path: 'pete.objectives.o1', reason: 'has_dependents' }),
      ]),
    });
    expect(
      applyChanges(
        start,
        {},
        2,
        [
          put('a2', 'x', 1),
          { op: 'put', list: 'pat.actions', item: { id: 'a3', goalId: 'nope', text: 'y' }, baseRevision: 1 },
        ],
        STANDARDS,
      ),
    ).toMatchObject({
      ok: false,
      invalid: [expect.objectContaining({ path: 'pat.actions.a3', reason: 'missing_parent' })],
    });
    // One batch may add an objective and the goal that hangs from it.
    const both = applyChanges(
      start,
      {},
      2,
      [
        {
          op: 'put',
          list: 'pete.goals',
          item: { id: 'g2', objectiveId: 'o2', text: 'Meta 2' },
          baseRevision: 1,
        },
        {
          op: 'put',
          list: 'pete.objectives',
          item: { id: 'o2', dimension: 'organizativa', text: 'Objetivo 2' },
          baseRevision: 1,
        },
      ],
      STANDARDS,
    );
    expect(both.ok).toBe(true);
    expect(
      applyChanges(
        start,
        {},
        2,
        [{ op: 'rate', standard: 'no_existe', rating: null, baseRevision: 1 }],
        STANDARDS,
      ),
    ).toMatchObject({ ok: false, invalid: [expect.objectContaining({ reason: 'unknown_standard' })] });
  });
});
