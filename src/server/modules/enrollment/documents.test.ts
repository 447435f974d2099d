import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sniffed, sniffType } from './documents.ts';

const PDF = Buffer.from('%PDF-1.7\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);

async function collect(it: AsyncIterable<Buffer>) {
  const out: Buffer[] = [];
  for await (const b of it) out.push(b);
  return Buffer.concat(out);
}

describe('document type by content', () => {
  it('recognises PDF, PNG and JPEG and nothing else', () => {
    expect(sniffType(PDF)).toBe('application/pdf');
    expect(sniffType(PNG)).toBe('image/png');
    expect(sniffType(JPEG)).toBe('image/jpeg');
    expect(sniffType(Buffer.from('<html><script>'))).toBeNull();
    expect(sniffType(Buffer.from('PK\u0003\u0004'))).toBeNull();
    expect(sniffType(Buffer.alloc(0))).toBeNull();
  });

  it('hands on every byte whatever the chunking, and tells the type from the first bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(PDF, PNG, JPEG),
        fc.uint8Array({ maxLength: 200 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 40 }),
        async (head, rest, sizes) => {
          const all = Buffer.concat([head, Buffer.from(rest)]);
          const chunks: Buffer[] = [];
          for (let i = 0, k = 0; i < all.length; k++) {
            const n = sizes[k % sizes.length] ?? 1;
            chunks.push(all.subarray(i, i + n));
            i += n;
          }
          const s = await sniffed(Readable.from(chunks));
          expect(s.type).toBe(sniffType(head));
          expect(s.empty).toBe(false);
          expect((await collect(s.stream)).equals(all)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('says an empty body is empty', async () => {
    const s = await sniffed(Readable.from([]));
    expect(s).toMatchObject({ empty: true, type: null });
  });
});
