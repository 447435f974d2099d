import { describe, expect, it } from 'vitest';
import type { Content, Plan } from './common.tsx';
import { diffContent } from './diff.ts';
import { applyEdits, editPath } from './edits.ts';

const empty = (): Content => ({
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
});

const action = (id: string, text: string) => ({
  id,
  goalId: null,
  text,
  responsible: '',
  startOn: null,
  endOn: null,
  cost: 150_000,
  fundingSource: 'pec' as const,
  category: 'materiales',
});

describe('the working copy', () => {
  it('names each edit by the path the server tracks revisions for', () => {
    expect(editPath({ op: 'set', path: 'pete.mission', value: 'x' })).toBe('pete.mission');
    expect(editPath({ op: 'rate', standard: 'clima_confianza', rating: null })).toBe('self.clima_confianza');
    expect(editPath({ op: 'put', list: 'pat.actions', item: { id: 'a1' } })).toBe('pat.actions.a1');
    expect(editPath({ op: 'remove', list: 'pete.goals', id: 'g1' })).toBe('pete.goals.g1');
  });

  it("lays the user's unsaved edits over the server's content without touching it", () => {
    const server = { ...empty(), pat: { actions: [action('a1', 'Biblioteca'), action('a2', 'Taller')] } };
    const shown = applyEdits(server, [
      { op: 'set', path: 'pete.mission', value: 'Formar lectores' },
      { op: 'rate', standard: 'clima_confianza', rating: { level: 3, evidence: 'Actas', comment: '' } },
      { op: 'put', list: 'pat.actions', item: action('a1', 'Biblioteca escolar') },
      { op: 'put', list: 'pat.actions', item: action('a3', 'Nueva') },
      { op: 'remove', list: 'pat.actions', id: 'a2' },
    ]);
    expect(shown.pete.mission).toBe('Formar lectores');
    expect(shown.selfEvaluation.ratings.clima_confianza?.level).toBe(3);
    expect(shown.pat.actions.map((a) => [a.id, a.text])).toEqual([
      ['a1', 'Biblioteca escolar'],
      ['a3', 'Nueva'],
    ]);
    expect(server.pat.actions.map((a) => a.text)).toEqual(['Biblioteca', 'Taller']);
    expect(server.pete.mission).toBe('');
    expect(applyEdits(server, [])).toBe(server);
  });
});

describe('comparing two revisions', () => {
  const t = (k: string, o?: Record<string, unknown>) => (o ? `${k}${JSON.stringify(o)}` : k);
  const plan = {
    standards: [{ code: 'clima_confianza', dimension: 'organizativa', name: 'Clima de confianza' }],
    categories: [{ code: 'materiales', name: 'Materiales educativos', forbidden: false }],
  } as unknown as Plan;

  it('lists changed fields, ratings and items as added, removed or changed', () => {
    const a = { ...empty(), pat: { actions: [action('a1', 'Biblioteca'), action('a2', 'Taller')] } };
    const b = structuredClone(a);
    b.pete.mission = 'Formar lectores';
    b.selfEvaluation.ratings.clima_confianza = { level: 2, evidence: '', comment: '' };
    b.pat.actions = [action('a1', 'Biblioteca escolar'), action('a3', 'Nueva')];
    const rows = diffContent(a, b, plan, t);
    expect(rows.map((r) => [r.key, r.kind])).toEqual([
      ['mission', 'changed'],
      ['self.clima_confianza', 'added'],
      ['actions.a1', 'changed'],
      ['actions.a2', 'removed'],
      ['actions.a3', 'added'],
    ]);
    expect(rows.find((r) => r.key === 'actions.a1')?.after).toMatch(
      /^Biblioteca escolar · .*Materiales educativos/,
    );
    expect(rows.find((r) => r.key === 'actions.a1')?.after).toContain('$1,500.00');
    expect(diffContent(a, structuredClone(a), plan, t)).toEqual([]);
  });
});
