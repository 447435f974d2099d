import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { AppError } from '../errors/app-error.ts';
import { storedFileChunks, storedFiles } from './schema.ts';

const CHUNK = 1024 * 1024;

export interface StoredFile {
  id: string;
  name: string;
  size: number;
  sha256: string;
}

/**
 * Streams an upload into the database in 1 MiB chunks (constant memory). Each chunk commits on
 * its own; the file only counts once `completed_at` is set, and an abandoned one is removed.
 */
export async function saveFile(
  db: Executor,
  source: AsyncIterable<Buffer | Uint8Array | string>,
  meta: { name: string; contentType: string; createdBy: string | null; maxBytes: number },
): Promise<StoredFile> {
  const [file] = await db
    .insert(storedFiles)
    .values({ name: meta.name, contentType: meta.contentType, createdBy: meta.createdBy })
    .returning({ id: storedFiles.id });
  if (!file) throw new Error('file row not written');
  const hash = createHash('sha256');
  let size = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingSize = 0;
  const flush = async () => {
    if (pendingSize === 0) return;
    const data = Buffer.concat(pending, pendingSize);
    pending = [];
    pendingSize = 0;
    await db.insert(storedFileChunks).values({ fileId: file.id, seq: seq++, data });
  };
  try {
    for await (const part of source) {
      const b = typeof part === 'string' ? Buffer.from(part) : Buffer.from(part);
      size += b.length;
      if (size > meta.maxBytes) throw new AppError(413, 'file_too_large', { max: meta.maxBytes });
      hash.update(b);
      pending.push(b);
      pendingSize += b.length;
      if (pendingSize >= CHUNK) await flush();
    }
    await flush();
  } catch (err) {
    await deleteFile(db, file.id);
    throw err;
  }
  const sha256 = hash.digest('hex');
  await db
    .update(storedFiles)
    .set({ size, sha256, completedAt: sql`now()` as never })
    .where(eq(storedFiles.id, file.id));
  return { id: file.id, name: meta.name, size, sha256 };
}

/** The file's bytes as a stream, one chunk query at a time. */
export function openFile(db: Executor, id: string): Readable {
  async function* chunks() {
    const [file] = await db
      .select({ completedAt: storedFiles.completedAt })
      .from(storedFiles)
      .where(eq(storedFiles.id, id));
    if (!file?.completedAt) throw new AppError(404, 'not_found');
    for (let seq = 0; ; seq++) {
      const [c] = await db
        .select({ data: storedFileChunks.data })
        .from(storedFileChunks)
        .where(and(eq(storedFileChunks.fileId, id), gte(storedFileChunks.seq, seq)))
        .orderBy(asc(storedFileChunks.seq))
        .limit(1);
      if (!c) return;
      yield Buffer.from(c.data);
    }
  }
  return Readable.from(chunks());
}

export async function deleteFile(db: Executor, id: string) {
  await db.delete(storedFiles).where(eq(storedFiles.id, id));
}
