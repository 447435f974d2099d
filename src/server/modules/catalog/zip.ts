import { type FileHandle, open } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

/** A zip archive that cannot be read; `truncated` when it looks cut short. */
export class ZipError extends Error {
  readonly truncated: boolean;
  constructor(message: string, truncated = false) {
    super(message);
    this.truncated = truncated;
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_CENTRAL_DIRECTORY = 16 * 1024 ** 2;
const MAX_ENTRIES = 50_000;

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

const u64 = (b: Buffer, at: number) => Number(b.readBigUInt64LE(at));

/**
 * Reads a zip archive on disk by its central directory (the authoritative list of entries, at its
 * end), then streams any entry on demand. Only what an .xlsx needs: stored and deflated entries,
 * zip64 sizes; no encryption, no multi-disk archives. The file stays open until `close()`, so it
 * may be unlinked as soon as this returns.
 */
export async function openZip(path: string) {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = await readAt(fh, size - tailLength, tailLength);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
        at = i;
        break;
      }
    if (at < 0) throw new ZipError('the end of the zip archive is missing', true);
    let count = tail.readUInt16LE(at + 10);
    let cdSize = tail.readUInt32LE(at + 12);
    let cdOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const locatorAt = at - 20;
      if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== EOCD64_LOCATOR)
        throw new ZipError('damaged zip64 directory');
      const record = await readAt(fh, u64(tail, locatorAt + 8), 56);
      if (record.length < 56 || record.readUInt32LE(0) !== EOCD64)
        throw new ZipError('damaged zip64 directory');
      count = u64(record, 32);
      cdSize = u64(record, 40);
      cdOffset = u64(record, 48);
    }
    if (count > MAX_ENTRIES || cdSize > MAX_CENTRAL_DIRECTORY)
      throw new ZipError(`the archive lists too many entries (${count})`);
    if (cdOffset + cdSize > size)
      throw new ZipError('the zip directory points past the end of the file', true);
    const cd = await readAt(fh, cdOffset, cdSize);
    const entries = new Map<string, ZipEntry>();
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipError('damaged zip directory');
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const entry: ZipEntry = {
        name: cd.subarray(p + 46, p + 46 + nameLength).toString('utf8'),
        method: cd.readUInt16LE(p + 10),
        encrypted: (cd.readUInt16LE(p + 8) & 1) === 1,
        compressedSize: cd.readUInt32LE(p + 20),
        uncompressedSize: cd.readUInt32LE(p + 24),
        localHeaderOffset: cd.readUInt32LE(p + 42),
      };
      // Zip64: the values that did not fit are in the extra field, in this order.
      const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
      for (let e = 0; e + 4 <= extra.length; e += 4 + extra.readUInt16LE(e + 2)) {
        if (extra.readUInt16LE(e) !== 0x0001) continue;
        let f = e + 4;
        const next = () => {
          const v = f + 8 <= extra.length ? u64(extra, f) : Number.NaN;
          f += 8;
          return v;
        };
        if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
        if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
        if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      }
      if (!entries.has(entry.name)) entries.set(entry.name, entry);
      p += 46 + nameLength + extraLength + commentLength;
    }
    return {
      entries,
      close: () => fh.close(),
      /** The entry's uncompressed bytes; fails past `maxBytes` (an archive bomb is small only until inflated). */
      async read(entry: ZipEntry, maxBytes: number, tooBig: () => Error): Promise<Readable> {
        if (entry.encrypted) throw new ZipError(`${entry.name} is encrypted`);
        if (entry.method !== 0 && entry.method !== 8)
          throw new ZipError(`${entry.name} uses an unsupported compression method (${entry.method})`);
        if (entry.uncompressedSize > maxBytes) throw tooBig();
        const local = await readAt(fh, entry.localHeaderOffset, 30);
        if (local.length < 30 || local.readUInt32LE(0) !== LOCAL)
          throw new ZipError(`damaged zip entry ${entry.name}`, local.length < 30);
        const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
        if (start + entry.compressedSize > size) throw new ZipError(`${entry.name} is cut short`, true);
        const raw =
          entry.compressedSize === 0
            ? Readable.from([])
            : fh.createReadStream({ start, end: start + entry.compressedSize - 1, autoClose: false });
        let total = 0;
        const limit = new Transform({
          transform(chunk: Buffer, _enc, done) {
            total += chunk.length;
            done(total > maxBytes ? tooBig() : null, chunk);
          },
        });
        const forward = (err: Error) => limit.destroy(err);
        if (entry.method === 0) {
          raw.once('error', forward);
          return raw.pipe(limit);
        }
        const inflate = createInflateRaw();
        raw.once('error', forward);
        inflate.once('error', (err) =>
          forward(new ZipError(`damaged zip entry ${entry.name}: ${err.message}`)),
        );
        return raw.pipe(inflate).pipe(limit);
      },
    };
  } catch (err) {
    await fh.close().catch(() => {});
    throw err;
  }
}
