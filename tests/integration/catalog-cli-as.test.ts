import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { catalogImportCommand } from '../../src/cli/catalog-import.ts';
import { CATALOG_COLUMNS } from '../../src/contract/catalog.ts';
import { csvLine } from '../../src/server/modules/catalog/csv.ts';
import { catalogImports } from '../../src/server/modules/catalog/schema.ts';
import { syntheticCatalog } from '../../src/server/modules/catalog/synthetic.ts';
import { auditLog } from '../../src/server/platform/audit/schema.ts';
import { users } from '../../src/server/platform/auth/schema.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let dir: string;
let file: string;
beforeAll(async () => {
  t = await startTestApp();
  dir = mkdtempSync(path.join(tmpdir(), 'calidad-cli-as-'));
  file = path.join(dir, 'jalisco.csv');
  // New Jalisco schools only (the demo's are marked gone in this test's own database).
  const rows = [...syntheticCatalog(3000, 5)].filter((r) => r.entidad === '14').slice(0, 12);
  writeFileSync(
    file,
    [csvLine(CATALOG_COLUMNS), ...rows.map((r) => csvLine(CATALOG_COLUMNS.map((c) => r[c])))].join(''),
  );
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

/** Runs the command in this process, its output captured. */
async function cli(v: Parameters<typeof catalogImportCommand>[2]) {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const err = vi.spyOn(console, 'error').mockImplementation((...a) => void out.push(a.join(' ')));
  try {
    return { status: await catalogImportCommand(t.ctx, file, v), out: out.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

describe('calidad catalog import --as', () => {
  it('imports as a state coordinator: their scope, their name on the import and in the trail', async () => {
    const r = await cli({ yes: true, as: 'Estatal.Jal@demo.calidad.mx' });
    expect(r.status, r.out).toBe(0);
    const [imp] = await t.ctx.db
      .select()
      .from(catalogImports)
      .orderBy(desc(catalogImports.createdAt))
      .limit(1);
    const [coordinator] = await t.ctx.db
      .select()
      .from(users)
      .where(eq(users.email, 'estatal.jal@demo.calidad.mx'));
    expect(imp).toMatchObject({ status: 'applied', allowedStates: ['14'], createdBy: coordinator?.id });
    expect(imp?.scopePath).not.toBe('/');
    const [entry] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, imp?.id as string));
    expect(entry).toMatchObject({ action: 'catalog.import_apply', actorId: coordinator?.id });
    expect(entry?.requestId).toMatch(/^cli:/);
    // The coordinator sees it among their imports, as if uploaded through the page.
    const c = await t.login('estatal.jal@demo.calidad.mx');
    expect((await c.get(`/api/catalog/imports/${imp?.id}`)).statusCode).toBe(200);
  });

  it("without --as, files the system's import under the nation, where national coordinators see it", async () => {
    expect((await cli({ 'dry-run': true })).status).toBe(0);
    const [imp] = await t.ctx.db
      .select()
      .from(catalogImports)
      .orderBy(desc(catalogImports.createdAt))
      .limit(1);
    expect(imp).toMatchObject({ status: 'dry_run', createdBy: null });
    const admin = await t.login('admin@demo.calidad.mx');
    expect((await admin.get(`/api/catalog/imports/${imp?.id}`)).statusCode).toBe(200);
  });

  it('refuses someone who may not import, another state, and an unknown e-mail, before reading the file', async () => {
    const imports = async () => (await t.ctx.db.select({ n: count() }).from(catalogImports))[0]?.n;
    const before = await imports();
    expect(await cli({ 'dry-run': true, as: 'director@demo.calidad.mx' })).toMatchObject({
      status: 2,
      out: expect.stringMatching(/no tiene permiso para importar el catálogo/),
    });
    expect(await cli({ 'dry-run': true, as: 'estatal.jal@demo.calidad.mx', state: '17' })).toMatchObject({
      status: 2,
      out: expect.stringMatching(/no puede importar escuelas de la entidad 17/),
    });
    expect(await cli({ 'dry-run': true, as: 'nadie@example.mx' })).toMatchObject({
      status: 2,
      out: expect.stringMatching(/No hay una cuenta activa/),
    });
    // Refused before anything is recorded.
    expect(await imports()).toBe(before);
  });
});
