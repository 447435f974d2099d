import type { DOCUMENT_TYPES } from '../../../contract/enrollment.ts';

/** Uploaded documents are told apart by their first bytes, never by their name or declared type. */
const SIGNATURES: { type: (typeof DOCUMENT_TYPES)[number]; magic: number[] }[] = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
];

/** The file's type by its first bytes (PDF, PNG or JPEG), never by its name or declared type. */
export function sniffType(head: Uint8Array): string | null {
  for (const s of SIGNATURES) if (s.magic.every((b, i) => head[i] === b)) return s.type;
  return null;
}

/** Reads the first bytes of an upload to tell its type, then hands on the whole stream. */
export async function sniffed(body: AsyncIterable<Buffer | Uint8Array | string>) {
  const it = body[Symbol.asyncIterator]();
  const first: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < 8) {
    const n = await it.next();
    if (n.done) {
      done = true;
      break;
    }
    const b = Buffer.from(n.value as Uint8Array);
    first.push(b);
    size += b.length;
  }
  const head = Buffer.concat(first);
  async function* all() {
    if (head.length) yield head;
    if (done) return;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield Buffer.from(n.value as Uint8Array);
    }
  }
  return { type: sniffType(head), empty: head.length === 0, stream: all() };
}
