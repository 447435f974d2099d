import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../src/server/platform/jobs/schema.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  t.ctx.jobs.register('test.ok', async (job) => {
    job.progress({ phase: 'working', done: 1, total: 2 });
    return { echoed: job.payload, attempt: job.attempt };
  });
  t.ctx.jobs.register('test.fail', async () => {
    throw new Error('the handler broke');
  });
});
afterAll(() => t?.close());

async function settled(id: string) {
  for (let i = 0; i < 200; i++) {
    const [row] = await t.ctx.db.select().from(jobs).where(eq(jobs.id, id));
    if (row && row.status !== 'queued' && row.status !== 'running') return row;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('job did not finish');
}

describe('background jobs', () => {
  it('runs a queued job and records its result and last progress', async () => {
    const id = await t.ctx.jobs.enqueue(t.ctx.db, 'test.ok', { n: 7 }, null);
    t.ctx.jobs.kick();
    const row = await settled(id);
    expect(row).toMatchObject({ status: 'succeeded', attempts: 1, result: { echoed: { n: 7 }, attempt: 1 } });
    expect(row.progress).toEqual({ phase: 'working', done: 1, total: 2 });
    expect(row.finishedAt).not.toBeNull();
    expect(t.ctx.jobs.liveProgress(id)).toBeUndefined();
  });

  it('records a failure with its message and does not retry it', async () => {
    const id = await t.ctx.jobs.enqueue(t.ctx.db, 'test.fail', {}, null);
    t.ctx.jobs.kick();
    const row = await settled(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, error: 'the handler broke' });
  });

  it('takes up again a job whose process stopped beating, but not one that is alive', async () => {
    const [stale] = await t.ctx.db
      .insert(jobs)
      .values({
        kind: 'test.ok',
        payload: { n: 1 },
        status: 'running',
        attempts: 1,
        heartbeatAt: sql`now() - interval '10 minutes'` as never,
      })
      .returning({ id: jobs.id });
    const [alive] = await t.ctx.db
      .insert(jobs)
      .values({
        kind: 'test.ok',
        payload: { n: 2 },
        status: 'running',
        attempts: 1,
        heartbeatAt: sql`now()` as never,
      })
      .returning({ id: jobs.id });
    t.ctx.jobs.kick();
    const row = await settled(stale?.id as string);
    expect(row).toMatchObject({ status: 'succeeded', attempts: 2, result: { attempt: 2 } });
    const [still] = await t.ctx.db
      .select()
      .from(jobs)
      .where(eq(jobs.id, alive?.id as string));
    expect(still).toMatchObject({ status: 'running', attempts: 1 });
  });
});
