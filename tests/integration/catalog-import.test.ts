import { Readable } from 'node:stream';
import { count, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_COLUMNS } from '../../src/contract/catalog.ts';
import { municipalityRenames } from '../../src/server/modules/catalog/apply.ts';
import { csvLine } from '../../src/server/modules/catalog/csv.ts';
import { applyImport, runCatalogImport } from '../../src/server/modules/catalog/import.ts';
import { schools } from '../../src/server/modules/catalog/schema.ts';
import { type CatalogRow, syntheticCatalog } from '../../src/server/modules/catalog/synthetic.ts';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import { NODE_FLAGS } from '../../src/server/node-flags.ts';
import { auditLog } from '../../src/server/platform/audit/schema.ts';
import { SYSTEM } from '../../src/server/platform/audit/service.ts';
import { verifyAuditTrail } from '../../src/server/platform/audit/verify.ts';
import { vacuumEmbedded } from '../../src/server/platform/db/maintenance.ts';
import { rowsOf } from '../../src/server/platform/db/rows.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const toCsv = (rows: CatalogRow[]) =>
  [csvLine(CATALOG_COLUMNS), ...rows.map((r) => csvLine(CATALOG_COLUMNS.map((c) => r[c])))].join('');
const run = (csv: string, apply: boolean, allowedStates?: Set<string>) =>
  runCatalogImport(t.ctx, {
    fileName: 'catalogo.csv',
    open: () => Readable.from([Buffer.from(csv)]),
    apply,
    audit: SYSTEM,
    locale: 'es',
    ...(allowedStates ? { allowedStates } : {}),
  });
const snapshot = async () => {
  const [u] = await t.ctx.db.select({ n: count() }).from(orgUnits);
  const [s] = await t.ctx.db.select({ n: count() }).from(schools);
  const [a] = await t.ctx.db.select({ n: count() }).from(auditLog);
  return [u?.n, s?.n, a?.n];
};

// Two states only, so the test stays small: Colima (06) and Aguascalientes (01).
const rows = [...syntheticCatalog(4000, 11)]
  .filter((r) => r.entidad === '06' || r.entidad === '01')
  .slice(0, 120);

describe('catalog import', () => {
  it('a dry run reports and writes nothing', async () => {
    const before = await snapshot();
    const r = await run(toCsv(rows), false);
    expect(r.status).toBe('dry_run');
    expect(r.counts).toMatchObject({
      rows: rows.length,
      add: rows.length,
      update: 0,
      unchanged: 0,
      rejected: 0,
    });
    // The demo's Jalisco and Morelos schools are not in this file.
    expect(r.counts.disappeared).toBe(13);
    const after = await snapshot();
    expect(after).toEqual(before);
  });

  it('applies: schools under their zones and sectors, audited, trail intact', async () => {
    const r = await run(toCsv(rows), true, new Set(['01', '06']));
    expect(r.status).toBe('applied');
    expect(r.counts.add).toBe(rows.length);
    expect(r.counts.disappeared).toBe(0);
    const first = rows[0] as CatalogRow;
    const [unit] = await t.ctx.db.select().from(orgUnits).where(eq(orgUnits.code, first.cct));
    expect(unit).toMatchObject({ kind: 'school', name: first.nombre, active: true });
    const [zone] = await t.ctx.db
      .select()
      .from(orgUnits)
      .where(eq(orgUnits.id, unit?.parentId ?? 0));
    expect(zone).toMatchObject({ kind: 'zone', code: first.zona });
    const page = (await (await t.login('admin@demo.calidad.mx')).get(`/api/org/units/${unit?.id}`)).json();
    expect(page.school).toMatchObject({
      level: first.nivel,
      service: first.servicio,
      enrolment: Number(first.matricula),
      latitude: Number(first.latitud),
    });
    const c = await t.login('admin@demo.calidad.mx');
    const found = (await c.get(`/api/org/units?q=${first.cct}`)).json();
    expect(found.items[0]).toMatchObject({
      code: first.cct,
      path: expect.arrayContaining([expect.objectContaining({ code: first.entidad })]),
    });
    expect((await verifyAuditTrail(t.ctx.db)).ok).toBe(true);
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await snapshot();
    const r = await run(toCsv(rows), true, new Set(['01', '06']));
    expect(r.counts).toMatchObject({ add: 0, update: 0, unchanged: rows.length, disappeared: 0 });
    const after = await snapshot();
    // Units and schools untouched; the only new audit entry records the import being applied.
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(after[2]).toBe((before[2] ?? 0) + 1);
    const last = await t.ctx.db.select().from(auditLog).orderBy(desc(auditLog.at)).limit(1);
    expect(last[0]?.action).toBe('catalog.import_apply');
  });

  it('a newer file updates what changed and marks vanished schools inactive', async () => {
    const [a, b, ...rest] = rows as [CatalogRow, CatalogRow, ...CatalogRow[]];
    const r = await run(
      toCsv([{ ...a, nombre: `${a.nombre} (renombrada)`, matricula: '999' }, ...rest]),
      true,
      new Set(['01', '06']),
    );
    expect(r.counts).toMatchObject({ add: 0, update: 1, unchanged: rest.length, disappeared: 1 });
    const [gone] = await t.ctx.db.select().from(orgUnits).where(eq(orgUnits.code, b.cct));
    expect(gone?.active).toBe(false);
    const [renamed] = await t.ctx.db.select().from(orgUnits).where(eq(orgUnits.code, a.cct));
    expect(renamed?.name).toContain('(renombrada)');
    // The school page's history names the fields that changed, and the vanished school's deactivation.
    const admin = await t.login('admin@demo.calidad.mx');
    const hist = (await admin.get(`/api/catalog/schools/${renamed?.id}/history`)).json();
    expect(hist.items[0]).toMatchObject({
      change: 'updated',
      changes: {
        name: { before: a.nombre, after: `${a.nombre} (renombrada)` },
        enrolment: { before: Number(a.matricula), after: 999 },
      },
      fileName: 'catalogo.csv',
    });
    expect(Object.keys(hist.items[0].changes)).toEqual(expect.arrayContaining(['name', 'enrolment']));
    expect(hist.items.at(-1)).toMatchObject({ change: 'added' });
    const goneHist = (await admin.get(`/api/catalog/schools/${gone?.id}/history`)).json();
    expect(goneHist.items[0]).toMatchObject({ change: 'deactivated' });
    // The audit trail shows who changed which school: the batch entry lists the diff by CCT.
    const batches = await t.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'catalog.import_batch'))
      .orderBy(desc(auditLog.at))
      .limit(1);
    const changes = batches[0]?.changes as Record<string, { after: unknown }>;
    expect(changes.updated?.after).toHaveProperty(a.cct);
    expect(changes.deactivated?.after).toEqual([b.cct]);
  });

  it('on PGlite, which has no autovacuum, an applied import vacuums the tables it wrote', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const [a, ...rest] = rows as [CatalogRow, ...CatalogRow[]];
    const r = await run(toCsv([{ ...a, matricula: '321' }, ...rest]), true, new Set(['01', '06']));
    expect(r.counts.update).toBeGreaterThan(0);
    const stats = rowsOf<{ relname: string; vacuumed: boolean }>(
      await t.ctx.db.execute(sql`select relname, coalesce(last_vacuum > ${before}::timestamptz, false) as vacuumed
        from pg_stat_user_tables where relname in ('org_units', 'schools', 'search_words', 'school_catalog_changes')
        order by relname`),
    );
    // PostgreSQL's own autovacuum does it there, when it sees fit (so its times are not asserted).
    if (t.driver === 'pglite')
      expect(stats.filter((x) => x.vacuumed).map((x) => x.relname)).toEqual([
        'org_units',
        'school_catalog_changes',
        'schools',
        'search_words',
      ]);
    else expect(await vacuumEmbedded(t.ctx.db, t.driver)).toBe(false);
  });

  it('a file with any rejected row is refused whole, with every reason, and writes nothing but the report', async () => {
    const before = await snapshot();
    const bad = { ...(rows[3] as CatalogRow), cct: '15DPR9999A' };
    const r = await run(toCsv([...rows.slice(0, 10), bad]), true);
    expect(r.status).toBe('rejected');
    expect(r.rejections).toEqual([
      { line: 12, cct: '15DPR9999A', reasons: [expect.stringMatching(/no coincide con la entidad/)] },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('names municipalities as the file names them, and records the renaming', async () => {
    const code = (rows.find((r) => r.entidad === '06') as CatalogRow).municipio;
    const named = rows.map((r) =>
      r.entidad === '06' && r.municipio === code ? { ...r, nombre_municipio: 'Villa de Álvarez' } : r,
    );
    // A placeholder getting its first name is no renaming to warn of.
    const checked = await run(toCsv(named), false, new Set(['01', '06']));
    expect(await municipalityRenames(t.ctx.db, checked.importId, 10)).toEqual([]);
    const r = await run(toCsv(named), true, new Set(['01', '06']));
    expect(r.status).toBe('applied');
    const [m] = rowsOf<{ name: string }>(
      await t.ctx.db.execute(sql`select m.name from municipalities m join org_units st on st.id = m.state_unit_id
        where st.code = '06' and m.code = ${code}`),
    );
    expect(m?.name).toBe('Villa de Álvarez');
    const [entry] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'catalog.import_apply'))
      .orderBy(desc(auditLog.at))
      .limit(1);
    expect(entry?.changes).toMatchObject({
      municipalities: {
        before: { [`06-${code}`]: `Municipio ${code}` },
        after: { [`06-${code}`]: 'Villa de Álvarez' },
      },
    });
    const admin = await t.login('admin@demo.calidad.mx');
    const found = (
      await admin.get(`/api/catalog/schools?municipality=${encodeURIComponent('VILLA DE ALV')}`)
    ).json();
    expect(found.items.length).toBeGreaterThan(0);
    for (const x of found.items as { municipality: string }[])
      expect(x.municipality).toBe('Villa de Álvarez');
    // An upper-case export, or a code where the name goes, renames nothing.
    for (const other of ['VILLA DE ALVAREZ', code]) {
      const again = rows.map((x) =>
        x.entidad === '06' && x.municipio === code ? { ...x, nombre_municipio: other } : x,
      );
      expect((await run(toCsv(again), true, new Set(['01', '06']))).status).toBe('applied');
      const [still] = rowsOf<{ name: string }>(
        await t.ctx.db.execute(sql`select m.name from municipalities m join org_units st on st.id = m.state_unit_id
          where st.code = '06' and m.code = ${code}`),
      );
      expect(still?.name).toBe('Villa de Álvarez');
    }
    // A real renaming: the dry run says so, before anything changes.
    const renamed = rows.map((x) =>
      x.entidad === '06' && x.municipio === code ? { ...x, nombre_municipio: 'Villa de Álvarez Centro' } : x,
    );
    const dry = await run(toCsv(renamed), false, new Set(['01', '06']));
    expect(await municipalityRenames(t.ctx.db, dry.importId, 10)).toEqual([
      { key: `06-${code}`, before: 'Villa de Álvarez', after: 'Villa de Álvarez Centro' },
    ]);
  });

  it('keeps every rejected row for the report, however many', async () => {
    const bad = Array.from({ length: 10_050 }, (_, i) => ({ ...(rows[0] as CatalogRow), cct: `X${i}` }));
    const r = await run(toCsv(bad), false);
    expect(r.counts.rejected).toBe(10_050);
    expect(r.rejections).toHaveLength(10_000);
    const [kept] = rowsOf<{ n: string | number }>(
      await t.ctx.db.execute(
        sql`select count(*) as n from catalog_import_rejections where import_id = ${r.importId}`,
      ),
    );
    expect(Number(kept?.n)).toBe(10_050);
  });

  it('refuses a file with a header and no schools: applied, it would deactivate every school', async () => {
    const before = await snapshot();
    await expect(run(csvLine(CATALOG_COLUMNS), true)).rejects.toMatchObject({ code: 'no_rows' });
    expect(await snapshot()).toEqual(before);
    const [imp] = rowsOf<{ status: string; error_code: string }>(
      await t.ctx.db.execute(
        sql`select status, error_code from catalog_imports order by created_at desc limit 1`,
      ),
    );
    expect(imp).toEqual({ status: 'rejected', error_code: 'no_rows' });
  });

  it('does not apply a checked import whose staged rows were lost (an unlogged table after a crash)', async () => {
    const checked = await run(toCsv(rows), false, new Set(['01', '06']));
    expect(checked.status).toBe('dry_run');
    // What crash recovery does to an unlogged table: it comes back empty.
    await t.ctx.db.execute(sql`delete from catalog_import_rows where import_id = ${checked.importId}`);
    const inactive = async () =>
      rowsOf<{ n: string | number }>(
        await t.ctx.db.execute(sql`select count(*) as n from org_units where kind = 'school' and not active`),
      )[0]?.n;
    const before = [await snapshot(), await inactive()];
    await expect(applyImport(t.ctx, checked.importId, SYSTEM)).rejects.toMatchObject({
      code: 'import_staged_rows_lost',
    });
    expect([await snapshot(), await inactive()]).toEqual(before);
    const [imp] = rowsOf<{ status: string; error_code: string }>(
      await t.ctx.db.execute(
        sql`select status, error_code from catalog_imports where id = ${checked.importId}`,
      ),
    );
    expect(imp).toEqual({ status: 'rejected', error_code: 'staged_rows_lost' });
  });

  it("rejects other states' rows for a state-scoped import", async () => {
    const r = await run(toCsv(rows.slice(0, 20)), false, new Set(['06']));
    expect(r.counts.rejected).toBe(rows.slice(0, 20).filter((x) => x.entidad !== '06').length);
    expect(r.rejections[0]?.reasons[0]).toMatch(/solo puede importar escuelas de su entidad/);
  });
});

describe('school search', () => {
  it('finds schools by CCT or accent-free name fragment, inside the reader scope, filtered, sorted and paged', async () => {
    const admin = await t.login('admin@demo.calidad.mx');
    const target = rows[5] as CatalogRow;
    const byCct = (await admin.get(`/api/catalog/schools?q=${target.cct.toLowerCase()}`)).json();
    expect(byCct.items.map((x: { cct: string }) => x.cct)).toEqual([target.cct]);
    expect(byCct.items[0]).toMatchObject({
      level: target.nivel,
      zone: { code: target.zona },
      state: { code: target.entidad },
    });
    const accents = (await admin.get('/api/catalog/schools?q=JUAREZ')).json();
    expect(accents.items.some((x: { name: string }) => x.name.includes('Juárez'))).toBe(true);
    const typo = (await admin.get(`/api/catalog/schools?q=${encodeURIComponent('benito juares')}`)).json();
    expect(typo.items.map((x: { cct: string }) => x.cct)).toContain('14DPR0001A');
    // Every word must appear, in any order; a typo only widens the word it is in.
    const swapped = (await admin.get(`/api/catalog/schools?q=${encodeURIComponent('juarez benito')}`)).json();
    expect(swapped.items.map((x: { cct: string }) => x.cct)).toContain('14DPR0001A');
    for (const x of swapped.items as { name: string }[]) expect(x.name).toMatch(/Benito Juárez/);
    expect(swapped).toMatchObject({ total: swapped.items.length, more: false });
    const byMunicipality = (await admin.get('/api/catalog/schools?municipality=7&q=zaragoza')).json();
    // An INEGI municipality code repeats across states (007 is Cuernavaca in Morelos and another in Colima).
    expect(byMunicipality.items.map((x: { cct: string }) => x.cct)).toContain('17DPR0101K');
    for (const x of byMunicipality.items as { name: string }[]) expect(x.name).toMatch(/Zaragoza/);
    // With the state's two digits before it, the code names one municipality only.
    const inMorelos = (await admin.get('/api/catalog/schools?municipality=17007')).json();
    expect(inMorelos.items.map((x: { cct: string }) => x.cct)).toContain('17DPR0101K');
    for (const x of inMorelos.items as { state: { code: string } }[]) expect(x.state.code).toBe('17');
    const inColima = (await admin.get('/api/catalog/schools?municipality=06007')).json();
    for (const x of inColima.items as { state: { code: string } }[]) expect(x.state.code).toBe('06');
    expect(inColima.items.map((x: { cct: string }) => x.cct)).not.toContain('17DPR0101K');
    const missingLetter = (await admin.get('/api/catalog/schools?q=zaragosa')).json();
    expect(missingLetter.items.map((x: { cct: string }) => x.cct)).toContain('17DPR0101K');
    const primarias = (
      await admin.get('/api/catalog/schools?level=primaria&sort=enrolment&dir=desc&limit=5')
    ).json();
    expect(primarias.items).toHaveLength(5);
    const enrol = primarias.items.map((x: { enrolment: number }) => x.enrolment);
    expect([...enrol].sort((a, b) => b - a)).toEqual(enrol);
    const page2 = (
      await admin.get('/api/catalog/schools?level=primaria&sort=enrolment&dir=desc&limit=5&offset=5')
    ).json();
    expect(page2.total).toBe(primarias.total);
    expect(page2.items[0].cct).not.toBe(primarias.items[0].cct);
    const mor = await t.login('estatal.mor@demo.calidad.mx');
    expect((await mor.get(`/api/catalog/schools?q=${target.cct}`)).json().total).toBe(0);
    expect(
      (await mor.get('/api/catalog/schools'))
        .json()
        .items.every((x: { state: { code: string } }) => x.state.code === '17'),
    ).toBe(true);
  });

  it('exports the search as CSV with formulas neutralised', async () => {
    const row = { ...(rows[0] as CatalogRow), nombre: '=HYPERLINK("http://x","y")' };
    await run(toCsv([row, ...rows.slice(1)]), true, new Set(['01', '06']));
    const admin = await t.login('admin@demo.calidad.mx');
    const res = await admin.get(`/api/catalog/schools.csv?q=${row.cct}`);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body).toContain(`${row.cct},"'=HYPERLINK(""http://x"",""y"")"`);
  });
});

// The CLI opens its own PGlite directory; the PostgreSQL pass covers the same service above.
describe.skipIf(Boolean(process.env.TEST_PG_TEMPLATE))('calidad catalog import', () => {
  it('reports, applies with --yes, and exits 1 on a file with rejected rows', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { spawnSync } = await import('node:child_process');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'calidad-import-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: path.join(dir, 'data'), DEMO: 'false' };
      delete env.DATABASE_URL;
      const node = path.resolve('node_modules/.bin/node');
      const good = path.join(dir, 'bueno.csv');
      writeFileSync(good, toCsv(rows.slice(0, 30)));
      const ok = spawnSync(node, ['bin/calidad.mjs', 'catalog', 'import', good, '--yes'], {
        env,
        encoding: 'utf8',
      });
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/nuevas: 30/);
      expect(ok.stdout).toContain('Catálogo importado.');
      // A dry run of a shorter file names the schools it would mark inactive.
      const shorter = path.join(dir, 'corto.csv');
      writeFileSync(shorter, toCsv(rows.slice(0, 27)));
      const dry = spawnSync(node, ['bin/calidad.mjs', 'catalog', 'import', shorter, '--dry-run'], {
        env,
        encoding: 'utf8',
      });
      expect(dry.status, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(/ya no aparecen \(se marcarán inactivas\): 3/);
      for (const r of rows.slice(27, 30)) expect(dry.stdout).toContain(`  ${r.cct} ${r.nombre}`);
      const headerOnly = path.join(dir, 'vacio.csv');
      writeFileSync(headerOnly, csvLine(CATALOG_COLUMNS));
      const none = spawnSync(node, ['bin/calidad.mjs', 'catalog', 'import', headerOnly, '--yes'], {
        env,
        encoding: 'utf8',
      });
      expect(none.status).toBe(1);
      expect(none.stderr).toMatch(/tiene encabezados pero ninguna escuela/);
      const bad = path.join(dir, 'malo.csv');
      writeFileSync(bad, toCsv([...rows.slice(0, 5), { ...(rows[6] as CatalogRow), latitud: '91' }]));
      const no = spawnSync(node, ['bin/calidad.mjs', 'catalog', 'import', bad, '--yes'], {
        env,
        encoding: 'utf8',
      });
      expect(no.status).toBe(1);
      expect(no.stdout).toMatch(/línea 7 .*fuera de México/);
      expect(no.stderr).toMatch(/no se importó nada/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a process killed in the middle of applying leaves nothing partial', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { spawn } = await import('node:child_process');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { openDatabase } = await import('../../src/server/platform/db/client.ts');
    const dir = mkdtempSync(path.join(tmpdir(), 'calidad-crash-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: path.join(dir, 'data'), DEMO: 'false' };
      delete env.DATABASE_URL;
      const file = path.join(dir, 'grande.csv');
      writeFileSync(file, toCsv([...syntheticCatalog(8000, 4)]));
      const child = spawn(
        path.resolve('node_modules/.bin/node'),
        // With the app's flags, so the command runs in this very process (not started again with them).
        [...NODE_FLAGS, 'bin/calidad.mjs', 'catalog', 'import', file, '--yes'],
        { env },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      // Killed as soon as the progress line says the applying transaction is writing the territory.
      const writing = new Promise<void>((resolve) =>
        child.stderr.on('data', (d) => {
          err += d;
          if (err.includes('Creando sectores')) {
            child.kill('SIGKILL');
            resolve();
          }
        }),
      );
      await Promise.race([writing, new Promise((r) => setTimeout(r, 60_000))]);
      expect(out).toContain('nuevas: 8000');
      await new Promise((r) => child.once('exit', r));
      expect(out).not.toContain('Catálogo importado.');
      const database = await openDatabase({ dataDir: path.join(dir, 'data') });
      try {
        const [n] = await database.db.select({ n: count() }).from(schools);
        const [u] = await database.db
          .select({ n: count() })
          .from(orgUnits)
          .where(eq(orgUnits.kind, 'school'));
        expect([n?.n, u?.n]).toEqual([0, 0]);
        expect((await verifyAuditTrail(database.db)).ok).toBe(true);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
