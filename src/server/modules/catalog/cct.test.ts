import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CctProblem, cctProblem, parseCct } from './cct.ts';

const upper = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const digit = fc.constantFrom(...'0123456789');
const stateCode = fc.integer({ min: 1, max: 32 }).map((n) => String(n).padStart(2, '0'));
const validCct = fc
  .tuple(stateCode, upper, upper, upper, fc.array(digit, { minLength: 4, maxLength: 4 }), upper)
  .map(([s, c, a, b, d, f]) => `${s}${c}${a}${b}${d.join('')}${f}`);

describe('CCT', () => {
  it('accepts every well-formed key, in any case and with surrounding spaces, and agrees with its own state', () => {
    fc.assert(
      fc.property(validCct, (cct) => {
        expect(cctProblem(cct)).toBeNull();
        expect(cctProblem(` ${cct.toLowerCase()} `, cct.slice(0, 2))).toBeNull();
        expect(parseCct(cct)).toMatchObject({ state: cct.slice(0, 2), service: cct.slice(3, 5) });
      }),
    );
  });

  it('refuses a key whose state differs from the row', () => {
    fc.assert(
      fc.property(validCct, stateCode, (cct, other) => {
        fc.pre(other !== cct.slice(0, 2));
        expect(cctProblem(cct, other)).toBe('state_mismatch');
      }),
    );
  });

  const position = (pos: number, chars: fc.Arbitrary<string>, reason: CctProblem) =>
    it(`names the reason when position ${pos + 1} is wrong (${reason})`, () => {
      fc.assert(
        fc.property(validCct, chars, (cct, ch) => {
          const bad = `${cct.slice(0, pos)}${ch}${cct.slice(pos + 1)}`;
          expect(cctProblem(bad)).toBe(reason);
        }),
      );
    });
  position(2, digit, 'classifier');
  position(3, digit, 'service_letters');
  position(4, digit, 'service_letters');
  position(5, upper, 'number_digits');
  position(8, upper, 'number_digits');
  position(9, digit, 'final_letter');

  it('names the other kinds of malformed key', () => {
    expect(cctProblem('')).toBe('empty');
    expect(cctProblem('14DPR001A')).toBe('length');
    expect(cctProblem('14DPR00001A')).toBe('length');
    expect(cctProblem('14DPR-001A')).toBe('characters');
    expect(cctProblem('14DPRÑ001A')).toBe('characters');
    expect(cctProblem('00DPR0001A')).toBe('state_digits');
    expect(cctProblem('33DPR0001A')).toBe('state_digits');
    expect(cctProblem('A4DPR0001A')).toBe('state_digits');
  });
});
