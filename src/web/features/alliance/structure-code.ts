/**
 * The code a new eje or mesa would most likely get, offered as the form's starting value: ejes are
 * numbered in Roman numerals under the Comisión Rectora (I … V → VI), mesas after their eje's code
 * (IV.1, IV.2 → IV.3). Codes that follow neither pattern are ignored; the person may type any other.
 */

const ROMAN: [number, string][] = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

export function toRoman(n: number): string {
  let rest = Math.floor(n);
  let out = '';
  for (const [value, letters] of ROMAN) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}

/** The number a Roman numeral stands for, or null when the text is not one (as written by toRoman). */
export function fromRoman(text: string): number | null {
  const upper = text.trim().toUpperCase();
  if (!/^[MDCLXVI]+$/.test(upper)) return null;
  let rest = upper;
  let n = 0;
  for (const [value, letters] of ROMAN) {
    while (rest.startsWith(letters)) {
      n += value;
      rest = rest.slice(letters.length);
    }
  }
  return rest === '' && toRoman(n) === upper ? n : null;
}

export function suggestCode(kind: 'eje' | 'mesa', parentCode: string, siblingCodes: string[]): string {
  if (kind === 'eje') {
    const numbers = siblingCodes.map(fromRoman).filter((n): n is number => n !== null);
    return toRoman(Math.max(0, ...numbers) + 1);
  }
  const prefix = `${parentCode}.`;
  const numbers = siblingCodes
    .filter((c) => c.startsWith(prefix) && /^\d+$/.test(c.slice(prefix.length)))
    .map((c) => Number(c.slice(prefix.length)));
  return `${prefix}${Math.max(0, ...numbers) + 1}`;
}

/** Whether a code is already taken among the siblings (the server compares them exactly). */
export function codeTaken(code: string, siblingCodes: string[]): boolean {
  const c = code.trim();
  return siblingCodes.includes(c);
}
