import { describe, expect, it } from 'vitest';
import { codeTaken, fromRoman, suggestCode, toRoman } from './structure-code.ts';

describe('the code offered for a new eje or mesa', () => {
  it('numbers ejes in Roman numerals after the highest one', () => {
    expect(suggestCode('eje', 'CR', ['ST', 'I', 'II', 'III', 'IV', 'V'])).toBe('VI');
    expect(suggestCode('eje', 'CR', ['ST', 'I', 'IX'])).toBe('X');
    expect(suggestCode('eje', 'CR', ['ST'])).toBe('I');
  });

  it('numbers mesas after their eje, skipping codes of another pattern', () => {
    expect(suggestCode('mesa', 'IV', ['IV.1', 'IV.2'])).toBe('IV.3');
    expect(suggestCode('mesa', 'IV', ['IV.1', 'IV.10', 'IV.x2', 'V.7'])).toBe('IV.11');
    expect(suggestCode('mesa', 'I', [])).toBe('I.1');
  });

  it('reads only well-formed Roman numerals', () => {
    expect(toRoman(14)).toBe('XIV');
    expect(fromRoman('xiv')).toBe(14);
    expect(fromRoman('IIII')).toBeNull();
    expect(fromRoman('ST')).toBeNull();
  });

  it('tells a taken code as the server compares it, after trimming', () => {
    expect(codeTaken(' IV.2 ', ['IV.1', 'IV.2'])).toBe(true);
    expect(codeTaken('iv.2', ['IV.2'])).toBe(false);
  });
});
