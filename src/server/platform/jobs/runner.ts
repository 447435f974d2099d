import { eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db, Executor } from '../db/client.ts';
import { jobs } from './schema.ts';

export interface JobProgress {
  phase: string;
  done: number;
  total: number | null;
}

export interface RunningJob {
  id: string;
  payload: unknown;
  createdBy: string | null;
  attempt: number;
  /** Reports progress; cheap to call often (kept in memory, written to the database about once a second). */
  progress(p: JobProgress): void;
}

interface ClaimedJob {
  id: string;
  kind: string;
  payload: unknown;
  created_by: string | null;
  attempts: number;
}

export type JobHandler = (job: RunningJob) => Promise<unknown>;

const POLL_MS = 2_000;
const HEARTBEAT_MS = 15_000;
/** A running job whose heartbeat is older than this lost its process and is taken up again. */
const STALE_SECONDS = 120;
const MAX_ATTEMPTS = 3;

/**
 * A small queue in the `jobs` table: any process may claim a job (`FOR UPDATE SKIP LOCKED`), so
 * several app servers share the work and a job survives the process that started it. Written by
 * hand rather than with pg-boss because long jobs here hold PGlite's single session inside one
 * transaction: progress must be readable from memory meanwhile, and writes must never be awaited
 * inside that transaction (see ARCHITECTURE.md, "Background jobs").
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly live = new Map<string, JobProgress>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private stopped = true;
  private current: Promise<void> | null = null;

  private readonly db: Db;
  private readonly log: Logger;

  constructor(db: Db, log: Logger) {
    this.db = db;
    this.log = log;
  }

  register(kind: string, handler: JobHandler) {
    this.handlers.set(kind, handler);
  }

  /** Queues a job in the caller's transaction; call `kick()` after it commits. */
  async enqueue(tx: Executor, kind: string, payload: unknown, createdBy: string | null): Promise<string> {
    const [row] = await tx.insert(jobs).values({ kind, payload, createdBy }).returning({ id: jobs.id });
    if (!row) throw new Error('job not queued');
    return row.id;
  }

  /** Progress of a job this process is running right now, fresher than the database's copy. */
  liveProgress(id: string): JobProgress | undefined {
    return this.live.get(id);
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops claiming new jobs and waits for the one in hand. */
  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  /** Looks for work now (after enqueueing) instead of at the next poll. */
  kick() {
    if (!this.stopped) this.schedule(0);
  }

  private schedule(ms: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.drain(), ms);
    this.timer.unref();
  }

  private async drain() {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      for (;;) {
        if (this.stopped) break;
        const job = await this.claim();
        if (!job) break;
        this.current = this.run(job);
        await this.current;
        this.current = null;
      }
    } catch (err) {
      this.log.error({ err }, 'job queue poll failed');
    } finally {
      this.busy = false;
      if (!this.stopped) this.schedule(POLL_MS);
    }
  }

  private async claim() {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return undefined;
    const rows = await this.db.execute(sql`
      update jobs set status = 'running', attempts = attempts + 1, started_at = now(), heartbeat_at = now()
      where id = (
        select id from jobs
        where kind in (${sql.join(
          kinds.map((k) => sql`${k}`),
          sql`, `,
        )})
          and (status = 'queued'
            or (status = 'running' and heartbeat_at < now() - make_interval(secs => ${STALE_SECONDS})))
        order by created_at
        limit 1
        for update skip locked)
      returning id, kind, payload, created_by, attempts`);
    const list = (Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows) as ClaimedJob[];
    return list[0];
  }

  private async run(row: ClaimedJob) {
    const handler = this.handlers.get(row.kind);
    if (!handler) return;
    const writer = progressWriter(this.db, row.id);
    const heartbeat = setInterval(() => writer.heartbeat(), HEARTBEAT_MS);
    heartbeat.unref();
    const job: RunningJob = {
      id: row.id,
      payload: row.payload,
      createdBy: row.created_by,
      attempt: row.attempts,
      progress: (p) => {
        this.live.set(row.id, p);
        writer.write(p);
      },
    };
    try {
      const result = await handler(job);
      clearInterval(heartbeat);
      await writer.idle();
      await this.db
        .update(jobs)
        .set({ status: 'succeeded', result: result ?? null, finishedAt: sql`now()` as never })
        .where(eq(jobs.id, row.id));
    } catch (err) {
      clearInterval(heartbeat);
      await writer.idle();
      this.log.error({ err, job: row.id, kind: row.kind }, 'job failed');
      const retry = row.attempts < MAX_ATTEMPTS && (err as { retryable?: boolean }).retryable === true;
      await this.db
        .update(jobs)
        .set(
          retry
            ? { status: 'queued' }
            : {
                status: 'failed',
                error: String((err as Error).message ?? err),
                finishedAt: sql`now()` as never,
              },
        )
        .where(eq(jobs.id, row.id));
    } finally {
      this.live.delete(row.id);
    }
  }
}

/**
 * Writes progress and heartbeats without ever awaiting them in the job's own flow: inside a
 * PGlite transaction such a write waits for the transaction to end, so it is queued, one at a
 * time, with only the latest value kept.
 */
function progressWriter(db: Db, id: string) {
  let latest: JobProgress | null = null;
  let lastWrite = 0;
  let inFlight: Promise<void> | null = null;
  const flush = () => {
    if (inFlight) return;
    const p = latest;
    latest = null;
    lastWrite = Date.now();
    inFlight = db
      .update(jobs)
      .set({ ...(p ? { progress: p } : {}), heartbeatAt: sql`now()` as never })
      .where(eq(jobs.id, id))
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        inFlight = null;
        if (latest && Date.now() - lastWrite >= 1000) flush();
      });
  };
  return {
    write(p: JobProgress) {
      latest = p;
      if (Date.now() - lastWrite >= 1000) flush();
    },
    heartbeat() {
      flush();
    },
    async idle() {
      while (inFlight) await inFlight;
    },
  };
}
