import { describe, expect, it } from 'vitest';
import { parsePesos } from './amounts.ts';

describe('pesos typed into a form, as centavos', () => {
  it('reads whole pesos, thousands separators, centavos and the peso sign', () => {
    expect(parsePesos('2500')).toBe(250_000);
    expect(parsePesos('2,500')).toBe(250_000);
    expect(parsePesos('2,500.5')).toBe(250_050);
    expect(parsePesos('$1,234,567.89')).toBe(123_456_789);
    expect(parsePesos(' $ 0.01 ')).toBe(1);
    expect(parsePesos('MXN 10')).toBe(1_000);
  });

  it('refuses what is not an amount rather than guessing', () => {
    for (const bad of ['', 'abc', '2.505', '25,00', '1,2345', '-5', '2500,50', '1e5', '$'])
      expect(parsePesos(bad), bad).toBeNull();
  });

  it('never loses a centavo to floating point', () => {
    for (let c = 0; c < 2_000; c += 7) {
      const text = `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, '0')}`;
      expect(parsePesos(text)).toBe(c);
    }
  });
});
