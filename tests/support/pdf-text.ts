import { inflateSync } from 'node:zlib';

/**
 * The text drawn in a PDF written by PDFKit, compressed or not: its deflated streams inflated, then
 * each font's glyph ids (`[<0001000200030004> 0] TJ`, a subset with Identity-H ids) mapped back to
 * Unicode through its /ToUnicode CMap. For tests that check what a reader finds in a PDF.
 */
export function pdfText(pdf: Buffer): string {
  const objects = new Map<string, string>();
  for (const m of pdf.toString('latin1').matchAll(/(\d+) 0 obj\n([\s\S]*?)\nendobj/g)) {
    const body = m[2] as string;
    const s = body.match(/^([\s\S]*?)stream\n([\s\S]*)\nendstream$/);
    objects.set(
      m[1] as string,
      s && /\/FlateDecode/.test(s[1] as string)
        ? `${s[1]}stream\n${inflateSync(Buffer.from(s[2] as string, 'latin1')).toString('latin1')}\nendstream`
        : body,
    );
  }
  const src = [...objects.values()].join('\n');
  const cmapOf = (ref: string) => {
    const map = new Map<string, string>();
    for (const r of (objects.get(ref) ?? '').matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/gi)) {
      let code = Number.parseInt(r[1] as string, 16);
      for (const u of (r[2] as string).matchAll(/<([0-9a-f]+)>/gi)) {
        const units = (u[1] as string).match(/.{4}/g)?.map((h) => Number.parseInt(h, 16)) ?? [];
        map.set(code.toString(16).padStart(4, '0'), String.fromCharCode(...units));
        code++;
      }
    }
    return map;
  };
  const fonts = new Map<string, Map<string, string>>();
  for (const f of src.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    const toUnicode = objects.get(f[2] as string)?.match(/\/ToUnicode (\d+) 0 R/)?.[1];
    if (toUnicode) fonts.set(f[1] as string, cmapOf(toUnicode));
  }
  let text = '';
  let cmap = new Map<string, string>();
  for (const op of src.matchAll(/\/(F\d+) [\d.]+ Tf|\[((?:<[0-9a-f]*>|[\s\d.-])*)\] TJ/gi)) {
    if (op[1]) cmap = fonts.get(op[1]) ?? new Map();
    else
      for (const s of (op[2] as string).matchAll(/<([0-9a-f]*)>/gi))
        for (const g of (s[1] as string).match(/.{4}/g) ?? []) text += cmap.get(g.toLowerCase()) ?? '\uFFFD';
  }
  return text;
}
