import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatDateOf,
  formatLongDay,
  formatNumber,
  formatPercent,
  formatPesos,
  todayMx,
} from './format.ts';

describe('what every page shows of amounts, shares and dates', () => {
  it('writes pesos from centavos as Mexican pesos whatever the language', () => {
    expect(formatPesos(1_234_567)).toBe('$12,345.67');
    expect(formatPesos(0)).toBe('$0.00');
    expect(formatPesos(null)).toBe('—');
    expect(formatPesos(undefined)).toBe('—');
  });

  it('rounds numbers to two decimals unless asked for more', () => {
    expect(formatNumber(1234.5678, 'es-MX')).toBe('1,234.57');
    expect(formatNumber(1234.5678, 'es-MX', 3)).toBe('1,234.568');
    expect(formatNumber(12, 'en')).toBe('12');
    expect(formatNumber(null, 'es-MX')).toBe('—');
  });

  it('writes shares from basis points, with fixed decimals for columns', () => {
    expect(formatPercent(1250, 'es-MX')).toBe('12.5 %');
    expect(formatPercent(1250, 'es-MX', true)).toBe('12.50 %');
    expect(formatPercent(4000, 'es-MX')).toBe('40 %');
    expect(formatPercent(null, 'es-MX')).toBe('—');
  });

  it('shows a calendar date as it is, and a moment as its Mexico City day and time', () => {
    expect(formatLongDay('2026-03-05', 'es-MX')).toBe('5 de marzo de 2026');
    expect(formatLongDay('2026-03-05T00:00:00Z', 'en')).toBe('March 5, 2026');
    expect(formatLongDay('', 'es-MX')).toBe('—');
    // 03:00 UTC is still the evening before in Mexico City (UTC−6).
    expect(formatDateOf('2026-03-05T03:00:00Z', 'es-MX')).toBe('4 de marzo de 2026');
    expect(formatClock('2026-03-05T20:05:00Z', 'es-MX')).toMatch(/^02:05\sp\.\s?m\.$/);
    expect(formatDateOf(null, 'es-MX')).toBe('—');
  });

  it("gives today's date in Mexico City as YYYY-MM-DD", () => {
    expect(todayMx()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
