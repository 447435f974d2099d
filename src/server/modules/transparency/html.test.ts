import { describe, expect, it } from 'vitest';
import { zeroTotals } from '../finance/closing.ts';
import type { StateView } from './data.ts';
import { STATE_PAGE_SIZE, statePage } from './html.ts';
import { readerFor } from './lang.ts';

const es = readerFor('es', false);

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
    const first = statePage(es, v);
    expect(first.match(/<tr><th scope="row">/g)).toHaveLength(STATE_PAGE_SIZE);
    expect(first.match(/<circle /g)).toHaveLength(STATE_PAGE_SIZE);
    expect(first).toContain('Página 1 de 50');
    expect(first).toContain('pagina=2');
    expect(first).not.toContain('Anteriores');
    expect(first).toContain('(1 a 100 de 5,000)');
    // Escaped, and without the names beside so many dots.
    expect(first).toContain('Escuela &lt;0&gt;');
    expect(first).not.toContain('<text ');
    expect(first.length).toBeLessThan(150_000);
    const last = statePage(es, v, 99);
    expect(last).toContain('Página 50 de 50');
    expect(last).toContain('15DPR4999Z');
    expect(last).not.toContain('Siguientes');
  });

  it('lists a small state whole, its dots named', () => {
    const page = statePage(es, bigState(3));
    expect(page.match(/<tr><th scope="row">/g)).toHaveLength(3);
    expect(page).not.toContain('Página 1');
    expect(page.match(/<text /g)).toHaveLength(3);
  });

  it('speaks English when asked, and its links keep the choice', () => {
    const page = statePage(readerFor('en', true), bigState(150), 2);
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('Page 2 of 2');
    expect(page).toContain('(101 to 150 of 150)');
    expect(page).toContain('?ciclo=7&amp;pagina=1&amp;lang=en');
    // The switch leads to the same page of schools in Spanish.
    expect(page).toContain(
      'href="/transparencia/pec/recursos/15?ciclo=7&amp;pagina=2&amp;lang=es" hreflang="es" lang="es">Español</a>',
    );
    expect(page).not.toContain('Escuelas participantes');
  });
});
