import { describe, expect, it } from 'vitest';
import { zeroTotals } from '../finance/closing.ts';
import type { StateView } from './data.ts';
import { STATE_PAGE_SIZE, statePage } from './html.ts';

/** A state with many participating schools, as a large state's public page would receive it. */
function bigState(n: number): StateView {
  const cycle = { id: 7, schoolYear: '2026-2027' };
  return {
    cycle,
    cycles: [cycle],
    state: { code: '15', name: 'México' },
    totals: zeroTotals(),
    schools: Array.from({ length: n }, (_, i) => ({
      cct: `15DPR${String(i).padStart(4, '0')}Z`,
      name: `Escuela <${i}>`,
      municipality: 'Toluca',
      totals: { ...zeroTotals(), transferred: { initial: 5_000_000, match: i * 100 } },
      progress: i % 101,
      closed: false,
      latitude: 19 + i / 1000,
      longitude: -99 - i / 1000,
    })),
  };
}

describe("a state's public page", () => {
  it('shows its schools a page at a time, with the way to the others, and stays small', () => {
    const v = bigState(5_000);
    const first = statePage(v);
    expect(first.match(/<tr><th scope="row">/g)).toHaveLength(STATE_PAGE_SIZE);
    expect(first.match(/<circle /g)).toHaveLength(STATE_PAGE_SIZE);
    expect(first).toContain('Página 1 de 50');
    expect(first).toContain('pagina=2');
    expect(first).not.toContain('Anteriores');
    expect(first).toContain('(1 a 100 de 5000)');
    // Escaped, and without the names beside so many dots.
    expect(first).toContain('Escuela &lt;0&gt;');
    expect(first).not.toContain('<text ');
    expect(first.length).toBeLessThan(150_000);
    const last = statePage(v, 99);
    expect(last).toContain('Página 50 de 50');
    expect(last).toContain('15DPR4999Z');
    expect(last).not.toContain('Siguientes');
  });

  it('lists a small state whole, its dots named', () => {
    const page = statePage(bigState(3));
    expect(page.match(/<tr><th scope="row">/g)).toHaveLength(3);
    expect(page).not.toContain('Página 1');
    expect(page.match(/<text /g)).toHaveLength(3);
  });
});
