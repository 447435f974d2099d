/**
 * Centavos from what a person types as pesos: "2500", "2,500.50", "$2,500", "$ 2 500". Null when it
 * is not an amount with at most two decimals (a misplaced comma, letters, three decimals).
 */
export function parsePesos(text: string): number | null {
  const clean = text
    .trim()
    .replace(/^\$|^MXN/i, '')
    .replace(/\s/g, '');
  if (!/^(\d{1,3}(,\d{3})+|\d{1,13})(\.\d{1,2})?$/.test(clean)) return null;
  const [whole = '0', frac = ''] = clean.replace(/,/g, '').split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}
