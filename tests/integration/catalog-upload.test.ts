import { count, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_COLUMNS } from '../../src/contract/catalog.ts';
import { csvLine } from '../../src/server/modules/catalog/csv.ts';
import { createImport, recoverInterruptedImports } from '../../src/server/modules/catalog/import.ts';
import { type CatalogRow, syntheticCatalog } from '../../src/server/modules/catalog/synthetic.ts';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import { auditLog } from '../../src/server/platform/audit/schema.ts';
import { rowsOf } from '../../src/server/platform/db/rows.ts';
import { jobs } from '../../src/server/platform/jobs/schema.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const toCsv = (rows: CatalogRow[]) =>
  [csvLine(CATALOG_COLUMNS), ...rows.map((r) => csvLine(CATALOG_COLUMNS.map((c) => r[c])))].join('');
// Jalisco (14) rows, so the demo's Jalisco coordinator may import them.
const jalisco = [...syntheticCatalog(3000, 5)].filter((r) => r.entidad === '14').slice(0, 60);
const colima = [...syntheticCatalog(3000, 5)].filter((r) => r.entidad === '06').slice(0, 5);

const upload = (c: Client, csv: string, fileName = 'catalogo.csv') =>
  c.request({
    method: 'POST',
    url: `/api/catalog/imports?fileName=${encodeURIComponent(fileName)}`,
    headers: { 'content-type': 'text/csv' },
    payload: csv,
  });

/** Follows the import as the UI does until its job has finished. */
async function settled(c: Client, id: string) {
  for (let i = 0; i < 200; i++) {
    const r = (await c.get(`/api/catalog/imports/${id}`)).json();
    if (r.status !== 'checking' && r.status !== 'applying') return r;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('import did not settle');
}

describe('catalog import through the API, as background jobs', () => {
  it('upload → dry run → confirm → applied, with audit entries for each step', async () => {
    const c = await t.login('estatal.jal@demo.calidad.mx');
    const res = await upload(c, toCsv(jalisco));
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(['checking', 'dry_run']).toContain(created.status);
    const checked = await settled(c, created.id);
    expect(checked).toMatchObject({
      status: 'dry_run',
      allowedStates: ['14'],
      counts: { rows: jalisco.length, add: jalisco.length, rejected: 0 },
    });
    // The demo's Jalisco schools are not in the file: they would be marked inactive, and are named.
    expect(checked.counts.disappeared).toBeGreaterThan(0);
    const demoJalisco = rowsOf<{ cct: string }>(
      await t.ctx.db.execute(sql`select u.code as cct from org_units u where u.kind = 'school' and u.active
        and u.code like '14%' order by u.code`),
    ).map((r) => r.cct);
    expect(checked.gone.map((g: { cct: string }) => g.cct)).toEqual(demoJalisco);
    expect(checked.counts.disappeared).toBe(demoJalisco.length);
    const dryReport = (await c.get(`/api/catalog/imports/${created.id}/report.csv`)).body;
    expect(dryReport).toContain('se_marcaran_inactivas_cct,nombre');
    for (const cct of demoJalisco) expect(dryReport).toContain(cct);
    const [schoolsBefore] = await t.ctx.db
      .select({ n: count() })
      .from(orgUnits)
      .where(eq(orgUnits.kind, 'school'));

    const applied = await c.post(`/api/catalog/imports/${created.id}/apply`);
    expect(applied.statusCode).toBe(202);
    const done = await settled(c, created.id);
    expect(done).toMatchObject({ status: 'applied', counts: { add: jalisco.length } });
    expect(done.gone.map((g: { cct: string }) => g.cct)).toEqual(demoJalisco);
    expect((await c.get(`/api/catalog/imports/${created.id}/report.csv`)).body).toContain(
      'marcadas_inactivas_cct,nombre',
    );
    const [schoolsAfter] = await t.ctx.db
      .select({ n: count() })
      .from(orgUnits)
      .where(eq(orgUnits.kind, 'school'));
    expect((schoolsAfter?.n ?? 0) - (schoolsBefore?.n ?? 0)).toBe(jalisco.length);

    const actions = (
      await t.ctx.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.entityId, created.id))
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['catalog.import_upload', 'catalog.import_confirm', 'catalog.import_apply']),
    );
    const [job] = await t.ctx.db.select().from(jobs).where(eq(jobs.kind, 'catalog.import.apply'));
    expect(job?.status).toBe('succeeded');

    // Applying twice is refused: the import is no longer waiting for confirmation.
    const again = await c.post(`/api/catalog/imports/${created.id}/apply`);
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');

    // The new school's page shows its catalog history.
    const school = (await c.get(`/api/catalog/schools?q=${jalisco[0]?.cct}`)).json().items[0];
    const hist = (await c.get(`/api/catalog/schools/${school.id}/history`)).json();
    expect(hist.items[0]).toMatchObject({ change: 'added', fileName: 'catalogo.csv' });
  });

  it("a state coordinator's file with another state's rows is rejected whole, with a downloadable report", async () => {
    const c = await t.login('estatal.jal@demo.calidad.mx');
    const before = await t.ctx.db.select({ n: count() }).from(orgUnits);
    const created = (await upload(c, toCsv([...jalisco.slice(0, 3), ...colima]))).json();
    const r = await settled(c, created.id);
    expect(r.status).toBe('rejected');
    expect(r.rejectionsTotal).toBe(colima.length);
    expect(r.rejections[0].reasons[0]).toMatch(/solo puede importar escuelas de su entidad/);
    expect((await c.post(`/api/catalog/imports/${created.id}/apply`)).statusCode).toBe(409);
    expect(await t.ctx.db.select({ n: count() }).from(orgUnits)).toEqual(before);
    const report = await c.get(`/api/catalog/imports/${created.id}/report.csv`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.body).toContain(colima[0]?.cct);
    expect(report.body.split('\n').length).toBeGreaterThan(colima.length + 3);
  });

  it('an import a killed process left applying becomes failed, and can be applied again', async () => {
    const c = await t.login('estatal.jal@demo.calidad.mx');
    const created = (await upload(c, toCsv(jalisco.slice(0, 3)), 'interrumpida.csv')).json();
    expect((await settled(c, created.id)).status).toBe('dry_run');
    // What `calidad catalog import` leaves when killed while applying: no job, status applying.
    await t.ctx.db.execute(
      sql`update catalog_imports set status = 'applying', job_id = null where id = ${created.id}`,
    );
    // One that a job is applying is left alone.
    const other = (await upload(c, toCsv(jalisco.slice(3, 5)), 'en-curso.csv')).json();
    await settled(c, other.id);
    await t.ctx.db.execute(sql`update catalog_imports set status = 'applying' where id = ${other.id}`);
    const otherJob = sql`(select job_id from catalog_imports where id = ${other.id})`;
    await t.ctx.db.execute(
      sql`update jobs set status = 'running', heartbeat_at = now() where id = ${otherJob}`,
    );
    expect(await recoverInterruptedImports(t.ctx.db)).toBe(1);
    expect((await c.get(`/api/catalog/imports/${created.id}`)).json().status).toBe('failed');
    expect((await c.get(`/api/catalog/imports/${other.id}`)).json().status).toBe('applying');
    const [entry] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, created.id))
      .orderBy(desc(auditLog.at))
      .limit(1);
    expect(entry?.action).toBe('catalog.import_interrupted');
    expect((await c.post(`/api/catalog/imports/${created.id}/apply`)).statusCode).toBe(202);
    expect((await settled(c, created.id)).status).toBe('applied');
    await t.ctx.db.execute(sql`update jobs set status = 'succeeded' where id = ${otherJob}`);
    await t.ctx.db.execute(sql`update catalog_imports set status = 'failed' where id = ${other.id}`);
    // Its staged rows lost (a database crash): it names no school as gone rather than every one.
    const before = (await c.get(`/api/catalog/imports/${other.id}`)).json();
    expect(before.counts.disappeared).toBeGreaterThan(0);
    expect(before.gone.length).toBeGreaterThan(0);
    await t.ctx.db.execute(sql`delete from catalog_import_rows where import_id = ${other.id}`);
    expect((await c.get(`/api/catalog/imports/${other.id}`)).json().gone).toEqual([]);
  });

  it('a check a killed process left unfinished is refused once it has been silent, and its rows dropped', async () => {
    const c = await t.login('admin@demo.calidad.mx');
    const [nation] = await t.ctx.db.select().from(orgUnits).where(eq(orgUnits.kind, 'nation'));
    const started = { format: 'csv', createdBy: null, scopePath: nation?.path as string } as const;
    const stale = await createImport(t.ctx.db, { ...started, fileName: 'cortada.csv' });
    const running = await createImport(t.ctx.db, { ...started, fileName: 'en-revision.csv' });
    await t.ctx.db.execute(
      sql`update catalog_imports set updated_at = now() - interval '5 minutes' where id = ${stale}`,
    );
    expect(await recoverInterruptedImports(t.ctx.db)).toBe(1);
    expect((await c.get(`/api/catalog/imports/${stale}`)).json()).toMatchObject({
      status: 'rejected',
      errorCode: 'interrupted',
    });
    expect((await c.get(`/api/catalog/imports/${running}`)).json().status).toBe('checking');
    await t.ctx.db.execute(sql`update catalog_imports set status = 'rejected' where id = ${running}`);
  });

  it('an unreadable file is reported, not crashed on', async () => {
    const c = await t.login('admin@demo.calidad.mx');
    const created = (await upload(c, '', 'vacio.csv')).json();
    const r = await settled(c, created.id);
    expect(r).toMatchObject({ status: 'rejected', errorCode: 'empty' });
    expect((await c.post(`/api/catalog/imports/${created.id}/apply`)).statusCode).toBe(409);
  });

  it('imports are private to their scope; others cannot see, confirm or upload', async () => {
    const jal = await t.login('estatal.jal@demo.calidad.mx');
    const created = (await upload(jal, toCsv(jalisco.slice(0, 2)))).json();
    await settled(jal, created.id);
    const mor = await t.login('estatal.mor@demo.calidad.mx');
    expect((await mor.get(`/api/catalog/imports/${created.id}`)).statusCode).toBe(404);
    expect((await mor.post(`/api/catalog/imports/${created.id}/apply`)).statusCode).toBe(404);
    expect((await mor.get(`/api/catalog/imports/${created.id}/report.csv`)).statusCode).toBe(404);
    const list = (await mor.get('/api/catalog/imports')).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(created.id);
    // The national coordination sees every state's imports.
    const admin = await t.login('admin@demo.calidad.mx');
    expect((await admin.get(`/api/catalog/imports/${created.id}`)).statusCode).toBe(200);
    for (const who of ['supervisor@demo.calidad.mx', 'director@demo.calidad.mx', 'auditor@demo.calidad.mx']) {
      const c = await t.login(who);
      expect((await upload(c, toCsv(jalisco.slice(0, 1)))).statusCode).toBe(403);
      expect((await c.get('/api/catalog/imports')).statusCode).toBe(403);
    }
    expect((await upload(t.anonymous(), 'cct\n')).statusCode).toBe(401);
  });

  it('an upload without the CSRF token is refused before anything is stored', async () => {
    const c = await t.login('admin@demo.calidad.mx');
    const res = await c.request({
      method: 'POST',
      url: '/api/catalog/imports?fileName=x.csv',
      headers: { 'content-type': 'text/csv', 'x-csrf-token': 'wrong' },
      payload: toCsv(jalisco.slice(0, 1)),
    });
    expect(res.statusCode).toBe(403);
  });
});
