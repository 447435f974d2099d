import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import { auditLog } from '../../src/server/platform/audit/schema.ts';
import { recordAudits, SYSTEM } from '../../src/server/platform/audit/service.ts';
import { verifyAuditTrail } from '../../src/server/platform/audit/verify.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('audit trail', () => {
  it('records who, as which role, what, before/after, request id and IP in the same transaction', async () => {
    const c = await t.login('estatal.jal@demo.calidad.mx');
    const [school] = await t.ctx.db.select().from(orgUnits).where(eq(orgUnits.code, '14DPR0002Z'));
    const res = await c.request({
      method: 'PATCH',
      url: `/api/org/units/${school?.id}`,
      payload: { name: 'Escuela Primaria Josefa Ortiz' },
      headers: { 'x-request-id': 'req-audit-test-1' },
    });
    expect(res.statusCode).toBe(200);
    const entries = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'org_unit'), eq(auditLog.entityId, String(school?.id))));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'org.unit.update',
      actorRole: 'state_coordinator',
      requestId: 'req-audit-test-1',
      ip: '127.0.0.1',
      unitPath: school?.path,
      changes: { name: { before: school?.name, after: 'Escuela Primaria Josefa Ortiz' } },
    });
    const view = (
      await (await t.login('auditor@demo.calidad.mx')).get('/api/audit?action=org.unit&actor=jalisco')
    ).json();
    expect(view.items[0]).toMatchObject({
      action: 'org.unit.update',
      actor: { email: 'estatal.jal@demo.calidad.mx' },
    });
  });

  it('appends thousands of entries at once on every chain, in order, with the chains intact', async () => {
    const before = await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    await t.ctx.db.transaction((tx) =>
      recordAudits(
        tx,
        Array.from({ length: 2500 }, (_, i) => ({
          ctx: SYSTEM,
          input: {
            action: 'test.bulk',
            entityType: 'test_entity',
            // A few entities many times over: several entries of one entity in one append.
            entityId: String(i % 40),
            unitPath: null,
            changes: { n: { before: null, after: i } },
          },
        })),
      ),
    );
    const after = await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    expect((after[0]?.n ?? 0) - (before[0]?.n ?? 0)).toBe(2500);
    // One entity's entries keep the order they were given in, along its chain.
    const one = await t.ctx.db
      .select({ changes: auditLog.changes })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'test.bulk'), eq(auditLog.entityId, '7')))
      .orderBy(auditLog.seq);
    expect(one.map((e) => (e.changes as { n: { after: number } }).n.after)).toEqual(
      Array.from({ length: 63 }, (_, k) => 7 + 40 * k),
    );
    expect((await verifyAuditTrail(t.ctx.db)).ok).toBe(true);
  });

  it('verifies intact, then finds an altered, a removed and a truncated entry', async () => {
    expect((await verifyAuditTrail(t.ctx.db)).ok).toBe(true);
    const db = t.ctx.db;
    await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    try {
      // One entity's history stays on one chain: three renames give that chain three entries or more.
      const c = await t.login('nacional@demo.calidad.mx');
      const [unit] = await db.select().from(orgUnits).where(eq(orgUnits.code, '17DJN0102J'));
      for (const n of [1, 2, 3]) {
        expect(
          (await c.patch(`/api/org/units/${unit?.id}`, { name: `Jardín de Niños Leona Vicario ${n}` }))
            .statusCode,
        ).toBe(200);
      }
      const [sample] = await db
        .select({ chain: auditLog.chain })
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'org_unit'), eq(auditLog.entityId, String(unit?.id))));
      const chain = sample?.chain ?? -1;
      const rows = await db.select().from(auditLog).where(eq(auditLog.chain, chain)).orderBy(auditLog.seq);
      const [first, middle] = rows;
      const last = rows.at(-1);
      if (!first || !middle || !last) throw new Error('chain too short');

      await db
        .update(auditLog)
        .set({ changes: { forged: { before: 1, after: 2 } } })
        .where(eq(auditLog.id, first.id));
      let r = await verifyAuditTrail(db);
      expect(r.ok).toBe(false);
      expect(r.firstBroken).toMatchObject({ id: first.id, reason: expect.stringMatching(/altered/) });
      await db.update(auditLog).set({ changes: first.changes }).where(eq(auditLog.id, first.id));
      expect((await verifyAuditTrail(db)).ok).toBe(true);

      await db.delete(auditLog).where(eq(auditLog.id, last.id));
      r = await verifyAuditTrail(db);
      expect(r.firstBroken?.reason).toMatch(/removed/);
      await db.insert(auditLog).values({ ...last, id: undefined } as never);

      await db.delete(auditLog).where(eq(auditLog.id, middle.id));
      r = await verifyAuditTrail(db);
      expect(r.ok).toBe(false);
      expect(r.firstBroken?.reason).toMatch(/sequence gap/);
      await db.insert(auditLog).values({ ...middle, id: undefined } as never);
      expect((await verifyAuditTrail(db)).ok).toBe(true);
    } finally {
      await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    }
  });

  it('refuses updates to the trail through the application connection', async () => {
    const [row] = await t.ctx.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    await expect(t.ctx.db.delete(auditLog).where(eq(auditLog.id, row?.id ?? 0))).rejects.toThrow();
  });
});

// The CLI opens its own PGlite directory; on the PostgreSQL run it would need a database of its own.
describe.skipIf(Boolean(process.env.TEST_PG_TEMPLATE))('calidad CLI', () => {
  // Three CLI processes, each opening a fresh embedded database and running every migration.
  it('creates a user and verifies the trail', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'calidad-cli-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir };
      delete env.DATABASE_URL;
      const node = path.resolve('node_modules/.bin/node');
      const create = spawnSync(
        node,
        [
          'bin/calidad.mjs',
          'user',
          'create',
          '--email',
          'Raiz@Ejemplo.mx',
          '--name',
          'Raíz Admin',
          '--role',
          'platform_admin',
          '--unit',
          'MX',
          '--password',
          'clave-larga-123',
        ],
        { env, encoding: 'utf8' },
      );
      expect(create.status, create.stderr).toBe(0);
      expect(create.stdout).toContain('Created raiz@ejemplo.mx');
      const verify = spawnSync(node, ['bin/calidad.mjs', 'audit', 'verify'], { env, encoding: 'utf8' });
      expect(verify.status).toBe(0);
      expect(verify.stdout).toMatch(/intact: \d+ entries/);
      const bad = spawnSync(
        node,
        [
          'bin/calidad.mjs',
          'user',
          'create',
          '--email',
          'x@y.mx',
          '--name',
          'Equis',
          '--role',
          'teacher',
          '--unit',
          'MX',
        ],
        { env, encoding: 'utf8' },
      );
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/granted on school/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('refuses a second process on the same data directory', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'calidad-lock-'));
    try {
      const node = path.resolve('node_modules/.bin/node');
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent' };
      delete env.DATABASE_URL;
      // Hold the lock in a child that keeps the database open, then try a second one.
      const holder = spawnSync(
        'bash',
        [
          '-c',
          `${node} src/server/main.ts & pid=$!; for i in $(seq 1 100); do [ -f "${dir}/calidad.lock" ] && break; sleep 0.2; done; sleep 3; ${node} bin/calidad.mjs audit verify; echo "second-exit=$?"; kill $pid; wait $pid`,
        ],
        { env, encoding: 'utf8', timeout: 60_000 },
      );
      expect(holder.stdout + holder.stderr).toMatch(/in use by another Calidad process/);
      expect(holder.stdout).toContain('second-exit=1');
      const after = spawnSync(node, ['bin/calidad.mjs', 'audit', 'verify'], { env, encoding: 'utf8' });
      expect(after.status, after.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
