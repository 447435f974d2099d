import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_COLUMNS, type CatalogColumn } from '../../src/contract/catalog.ts';
import { csvLine } from '../../src/server/modules/catalog/csv.ts';
import { runCatalogImport } from '../../src/server/modules/catalog/import.ts';
import { NOT_PATH_COPIES, PATH_COPIES } from '../../src/server/modules/org/path-copies.ts';
import { SYSTEM } from '../../src/server/platform/audit/service.ts';
import { rowsOf } from '../../src/server/platform/db/rows.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

/** The demo's schools of one state as a catalog file would list them. */
async function stateCatalog(state: string): Promise<Record<CatalogColumn, string>[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await t.ctx.db.execute(sql`
      select u.code as cct, u.name as nombre, s.shift as turno, st.code as entidad, m.code as municipio,
        s.locality as localidad, s.address as domicilio, s.postal_code as codigo_postal, s.level as nivel,
        s.service as servicio, case when s.multigrade then 'si' else 'no' end as multigrado,
        s.funding as sostenimiento, se.code as sector, z.code as zona, s.setting as ambito,
        s.marginalization as marginacion, s.enrolment as matricula, s.teachers as docentes,
        s.latitude as latitud, s.longitude as longitud
      from org_units u join schools s on s.unit_id = u.id
      join org_units z on z.id = u.parent_id join org_units se on se.id = z.parent_id
      join org_units st on st.id = se.parent_id left join municipalities m on m.id = u.municipality_id
      where u.kind = 'school' and st.code = ${state} and u.active order by u.code`),
  );
  return rows.map(
    (r) =>
      Object.fromEntries(CATALOG_COLUMNS.map((c) => [c, r[c] === null ? '' : String(r[c])])) as Record<
        CatalogColumn,
        string
      >,
  );
}

const copiesOf = async (path: string) =>
  Object.fromEntries(
    await Promise.all(
      PATH_COPIES.map(async ([table, column]) => {
        const [r] = rowsOf<{ n: string | number }>(
          await t.ctx.db.execute(sql.raw(`select count(*) as n from ${table} where ${column} = '${path}'`)),
        );
        return [`${table}.${column}`, Number(r?.n)];
      }),
    ),
  );

describe('a school a newer catalog puts in another zone', () => {
  it('lists every column that copies a unit path, or says why it is not one', async () => {
    const found = rowsOf<{ table_name: string; column_name: string }>(
      await t.ctx.db.execute(sql`select table_name, column_name from information_schema.columns
        where table_schema = current_schema() and column_name ~ '(^|_)path$'`),
    ).map((r) => `${r.table_name}.${r.column_name}`);
    const known = [...PATH_COPIES, ...NOT_PATH_COPIES].map(([table, column]) => `${table}.${column}`);
    expect(found.sort()).toEqual(known.sort());
  });

  it("moves with its plan and records: the new zone's supervisor reads them, the old one no longer", async () => {
    const school = '14DPR0004X';
    const [before] = rowsOf<{ id: number; path: string }>(
      await t.ctx.db.execute(sql`select id, path from org_units where kind = 'school' and code = ${school}`),
    );
    if (!before) throw new Error('demo school missing');
    const [plan] = rowsOf<{ id: string }>(
      await t.ctx.db.execute(sql`select id from pec_plans where school_unit_id = ${before.id} limit 1`),
    );
    if (!plan) throw new Error('demo plan missing');
    const oldCopies = await copiesOf(before.path);
    // The demo gives this school a plan, a registration and money: copies in several tables.
    expect(Object.values(oldCopies).filter((n) => Number(n) > 0).length).toBeGreaterThanOrEqual(3);
    const oldZone = await t.login('supervisor.zapopan@demo.calidad.mx');
    const newZone = await t.login('supervisor@demo.calidad.mx');
    expect((await oldZone.get(`/api/pec/plans/${plan.id}`)).statusCode).toBe(200);
    expect((await newZone.get(`/api/pec/plans/${plan.id}`)).statusCode).toBe(404);

    const file = (await stateCatalog('14')).map((r) => (r.cct === school ? { ...r, zona: '001' } : r));
    const r = await runCatalogImport(t.ctx, {
      fileName: 'jalisco.csv',
      open: () =>
        Readable.from([
          Buffer.from(
            [csvLine(CATALOG_COLUMNS), ...file.map((x) => csvLine(CATALOG_COLUMNS.map((c) => x[c])))].join(
              '',
            ),
          ),
        ]),
      apply: true,
      allowedStates: new Set(['14']),
      audit: SYSTEM,
      locale: 'es',
    });
    expect(r.counts).toMatchObject({ update: 1, rejected: 0, disappeared: 0 });
    const [after] = rowsOf<{ path: string; zone: string }>(
      await t.ctx.db.execute(sql`select u.path, z.code as zone from org_units u join org_units z on z.id = u.parent_id
        where u.id = ${before.id}`),
    );
    expect(after?.zone).toBe('001');
    expect(after?.path).not.toBe(before.path);
    // Every copy followed the school, none stayed behind.
    expect(await copiesOf(after?.path as string)).toEqual(oldCopies);
    expect(Object.values(await copiesOf(before.path)).every((n) => n === 0)).toBe(true);
    expect((await newZone.get(`/api/pec/plans/${plan.id}`)).statusCode).toBe(200);
    expect((await oldZone.get(`/api/pec/plans/${plan.id}`)).statusCode).toBe(404);
  });
});
