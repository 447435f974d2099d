import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CctRegistry, packCct } from './cct-registry.ts';

const upper = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const digit = fc.constantFrom(...'0123456789');
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
/** Shaped like a CCT (any two digits: the registry does not judge the state). */
const shaped = fc.tuple(digits(2), upper, upper, upper, digits(4), upper).map((p) => p.join(''));
/** Few distinct values, so a sequence repeats some: the case the registry exists for. */
const few = fc.constantFrom('09DPR1234X', '09DPR1234Y', '14EJN0001A', '32KTV9999Z', '01AAA0000A');
const malformed = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('09DPR123X', '9DPR1234X', 'ÑÑ', ''));

describe('CctRegistry', () => {
  it('tells every key its first line, like a Map filled only with keys not yet in it', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(shaped, few, malformed), { maxLength: 400 }), (keys) => {
        // A table of two slots grows many times over a few hundred keys, checked against the Map each time.
        const reg = new CctRegistry(2);
        const model = new Map<string, number>();
        keys.forEach((k, line) => {
          expect(reg.get(k)).toBe(model.get(k));
          if (!model.has(k)) model.set(k, line + 2);
          reg.set(k, line + 2);
        });
        for (const k of keys) expect(reg.get(k)).toBe(model.get(k));
        expect(reg.size).toBe(model.size);
      }),
    );
  });

  it('keeps them all while it grows far past its first table', () => {
    const reg = new CctRegistry();
    const key = (i: number) =>
      `${String((i % 32) + 1).padStart(2, '0')}DPR${String(i % 10_000).padStart(4, '0')}${String.fromCharCode(65 + Math.floor(i / 10_000))}`;
    for (let i = 0; i < 200_000; i++) reg.set(key(i), i + 2);
    expect(reg.size).toBe(200_000);
    for (let i = 0; i < 200_000; i++) if (reg.get(key(i)) !== i + 2) throw new Error(`lost ${key(i)}`);
    expect(reg.get('09DPR1234Z')).toBeUndefined();
  });

  it('keeps line numbers past what 32 bits hold', () => {
    const reg = new CctRegistry();
    reg.set('09DPR1234X', 2 ** 33 + 5);
    expect(reg.get('09DPR1234X')).toBe(2 ** 33 + 5);
  });

  it('refuses a first table that is not a power of two', () => {
    expect(() => new CctRegistry(1000)).toThrow(RangeError);
  });

  it('packs each CCT-shaped key to its own exact number, and no other key', () => {
    fc.assert(
      fc.property(shaped, shaped, (a, b) => {
        const pa = packCct(a);
        expect(Number.isSafeInteger(pa) && pa > 0).toBe(true);
        expect(pa === packCct(b)).toBe(a === b);
      }),
    );
    for (const k of [
      '09dpr1234x',
      '09DPR1234',
      '09DPR1234XX',
      '0ADPR1234X',
      '09D1R1234X',
      '09DPR12A4X',
      '09DPR12341',
    ])
      expect(packCct(k)).toBe(-1);
  });
});
