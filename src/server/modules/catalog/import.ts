import type { Readable } from 'node:stream';
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/service.ts';
import type { Executor } from '../../platform/db/client.ts';
import { municipalities, orgUnits } from '../org/schema.ts';
import { searchKey } from '../org/search.ts';
import { insertUnit } from '../org/service.ts';
import { CatalogFileError, parseCatalogCsv } from './parse.ts';
import type { SchoolRecord } from './rows.ts';
import { catalogImportRejections, catalogImports, schools } from './schema.ts';

export interface ImportCounts {
  rows: number;
  add: number;
  update: number;
  unchanged: number;
  rejected: number;
  disappeared: number;
}

export interface ImportReport {
  importId: string;
  status: 'dry_run' | 'applied' | 'rejected';
  encoding: string;
  counts: ImportCounts;
  missingColumns: string[];
  ignoredColumns: string[];
  rejections: { line: number; cct: string; reasons: string[] }[];
}

export interface ImportOptions {
  fileName: string;
  open: () => Readable;
  apply: boolean;
  /** A state coordinator's import: rows of other states are rejected, and only these states' schools can disappear. */
  allowedStates?: ReadonlySet<string>;
  audit: AuditContext;
  locale: 'es' | 'en';
}

const BATCH = 500;
const KEPT_REJECTIONS = 10_000;

/** The `schools` columns a catalog row sets. */
function schoolColumns(r: SchoolRecord) {
  return {
    shift: r.shift,
    locality: r.locality,
    address: r.address,
    postalCode: r.postalCode,
    level: r.level,
    service: r.service,
    multigrade: r.multigrade,
    funding: r.funding,
    setting: r.setting,
    marginalization: r.marginalization,
    enrolment: r.enrolment,
    teachers: r.teachers,
    latitude: r.latitude,
    longitude: r.longitude,
  };
}

/** Everything a catalog row decides about a school, as compared with what the database holds. */
function facts(r: SchoolRecord) {
  return {
    name: r.name,
    ...schoolColumns(r),
    place: `${r.state}/${r.sector}/${r.zone}/${r.municipality}`,
    active: true,
  };
}
type Facts = ReturnType<typeof facts>;

/** What the database holds for these CCTs, in the same shape as `facts`. */
async function existingFacts(db: Executor, ccts: string[]) {
  const rows = await db.execute<Record<string, unknown>>(sql`
    select u.id, u.code as cct, u.name, u.active, s.shift, s.locality, s.address, s.postal_code, s.level, s.service,
      s.multigrade, s.funding, s.setting, s.marginalization, s.enrolment, s.teachers, s.latitude, s.longitude,
      st.code || '/' || se.code || '/' || z.code || '/' || coalesce(m.code, '') as place, s.unit_id is not null as has_facts
    from org_units u
    join org_units z on z.id = u.parent_id
    join org_units se on se.id = z.parent_id
    join org_units st on st.id = se.parent_id
    left join schools s on s.unit_id = u.id
    left join municipalities m on m.id = u.municipality_id
    where u.kind = 'school' and u.code in (${sql.join(
      ccts.map((c) => sql`${c}`),
      sql`, `,
    )})`);
  const list = (Array.isArray(rows) ? rows : (rows as { rows: Record<string, unknown>[] }).rows) as Record<
    string,
    unknown
  >[];
  return new Map(
    list.map((r) => [
      r.cct as string,
      {
        id: r.id as number,
        hasFacts: Boolean(r.has_facts),
        facts: {
          name: r.name,
          shift: r.shift ?? null,
          locality: r.locality ?? null,
          address: r.address ?? null,
          postalCode: r.postal_code ?? null,
          level: r.level ?? null,
          service: r.service ?? null,
          multigrade: r.multigrade ?? false,
          funding: r.funding ?? null,
          setting: r.setting ?? null,
          marginalization: r.marginalization ?? null,
          enrolment: r.enrolment ?? null,
          teachers: r.teachers ?? null,
          latitude: r.latitude === null || r.latitude === undefined ? null : Number(r.latitude),
          longitude: r.longitude === null || r.longitude === undefined ? null : Number(r.longitude),
          place: r.place,
          active: r.active,
        } as Facts,
      },
    ]),
  );
}

function changed(before: Facts, after: Facts) {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const k of Object.keys(after) as (keyof Facts)[]) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      out[k] = { before: before[k], after: after[k] };
  }
  return out;
}

/** Finds or creates the sector, zone and municipality a row names, memoised for the run. */
function territory(tx: Executor) {
  const units = new Map<string, typeof orgUnits.$inferSelect>();
  const munis = new Map<string, number>();
  const child = async (
    parent: typeof orgUnits.$inferSelect,
    kind: 'state' | 'sector' | 'zone',
    code: string,
    name: string,
  ) => {
    const key = `${parent.id}/${kind}/${code}`;
    const hit = units.get(key);
    if (hit) return hit;
    const [found] = await tx
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.parentId, parent.id), eq(orgUnits.kind, kind), eq(orgUnits.code, code)));
    const unit = found ?? (await insertUnit(tx, parent, { kind, code, name }));
    if (!unit) throw new Error(`could not create ${kind} ${code}`);
    units.set(key, unit);
    return unit;
  };
  let nation: typeof orgUnits.$inferSelect | undefined;
  return {
    async zoneFor(r: SchoolRecord) {
      if (!nation) [nation] = await tx.select().from(orgUnits).where(eq(orgUnits.kind, 'nation'));
      if (!nation) throw new Error('the nation unit is missing');
      const state = await child(nation, 'state', r.state, r.state);
      const sector = await child(state, 'sector', r.sector, `Jefatura de Sector ${r.sector}`);
      return { state, zone: await child(sector, 'zone', r.zone, `Zona Escolar ${r.zone}`) };
    },
    async municipalityFor(stateUnitId: number, code: string) {
      const key = `${stateUnitId}/${code}`;
      const hit = munis.get(key);
      if (hit) return hit;
      await tx
        .insert(municipalities)
        .values({ stateUnitId, code, name: `Municipio ${code}` })
        .onConflictDoNothing();
      const [m] = await tx
        .select({ id: municipalities.id })
        .from(municipalities)
        .where(and(eq(municipalities.stateUnitId, stateUnitId), eq(municipalities.code, code)));
      if (!m) throw new Error('municipality vanished');
      munis.set(key, m.id);
      return m.id;
    },
  };
}

/**
 * One pass over the file. A dry run only reads and compares. Applying writes everything in one
 * transaction, so a failed or interrupted import leaves the database as it was; it is refused
 * outright when any row is rejected.
 */
export async function runCatalogImport(ctx: AppContext, opts: ImportOptions): Promise<ImportReport> {
  const dry = await pass(ctx.db, opts, false);
  if (!opts.apply || dry.counts.rejected > 0 || dry.missingColumns.length > 0) {
    return record(
      ctx,
      opts,
      dry,
      dry.counts.rejected > 0 || dry.missingColumns.length > 0 ? 'rejected' : 'dry_run',
    );
  }
  const applied = await ctx.db.transaction(async (tx) => pass(tx, opts, true));
  return record(ctx, opts, applied, 'applied');
}

async function record(
  ctx: AppContext,
  opts: ImportOptions,
  r: Omit<ImportReport, 'importId' | 'status'>,
  status: ImportReport['status'],
) {
  const importId = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(catalogImports)
      .values({
        status,
        fileName: opts.fileName,
        counts: r.counts,
        createdBy: opts.audit.actor?.userId ?? null,
      })
      .returning({ id: catalogImports.id });
    if (!row) throw new Error('import record not written');
    for (let i = 0; i < r.rejections.length; i += BATCH) {
      await tx
        .insert(catalogImportRejections)
        .values(r.rejections.slice(i, i + BATCH).map((x) => ({ importId: row.id, ...x })));
    }
    return row.id;
  });
  return { importId, status, ...r };
}

async function pass(
  db: Executor,
  opts: ImportOptions,
  write: boolean,
): Promise<Omit<ImportReport, 'importId' | 'status'>> {
  const file = await parseCatalogCsv(opts.open(), {
    seen: new Map(),
    locale: opts.locale,
    ...(opts.allowedStates ? { allowedStates: opts.allowedStates } : {}),
  });
  const counts: ImportCounts = { rows: 0, add: 0, update: 0, unchanged: 0, rejected: 0, disappeared: 0 };
  const rejections: ImportReport['rejections'] = [];
  const seen = new Set<string>();
  const terr = write ? territory(db) : null;
  let batch: SchoolRecord[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const existing = await existingFacts(
      db,
      batch.map((r) => r.cct),
    );
    const added: string[] = [];
    const toAdd: {
      r: SchoolRecord;
      zone: { id: number; depth: number };
      municipalityId: number;
      facts: Omit<typeof schools.$inferInsert, 'unitId' | 'cct'>;
    }[] = [];
    const updated: Record<string, Record<string, { before: unknown; after: unknown }>> = {};
    for (const r of batch) {
      const now = facts(r);
      const old = existing.get(r.cct);
      const diff = old ? changed(old.facts, now) : null;
      if (!old) counts.add++;
      else if (diff && Object.keys(diff).length > 0) counts.update++;
      else {
        counts.unchanged++;
        continue;
      }
      if (!write || !terr) continue;
      const { state, zone } = await terr.zoneFor(r);
      const municipalityId = await terr.municipalityFor(state.id, r.municipality);
      const schoolFacts = { ...schoolColumns(r), updatedAt: new Date().toISOString() };
      if (!old) {
        toAdd.push({ r, zone, municipalityId, facts: schoolFacts });
        added.push(r.cct);
      } else {
        await db
          .update(orgUnits)
          .set({
            name: r.name,
            active: true,
            municipalityId,
            parentId: zone.id,
            path: `${zone.path}${old.id}/`,
            depth: zone.depth + 1,
            searchText: searchKey(r.name, r.cct),
            updatedAt: new Date().toISOString(),
          })
          .where(eq(orgUnits.id, old.id));
        if (old.hasFacts) await db.update(schools).set(schoolFacts).where(eq(schools.unitId, old.id));
        else await db.insert(schools).values({ unitId: old.id, cct: r.cct, ...schoolFacts });
        updated[r.cct] = diff ?? {};
      }
    }
    if (toAdd.length > 0) await insertSchools(db, toAdd);
    if (write && (added.length > 0 || Object.keys(updated).length > 0)) {
      await recordAudit(db as never, opts.audit, {
        action: 'catalog.import_batch',
        entityType: 'catalog_import',
        entityId: `${opts.fileName}:${counts.rows}`,
        unitPath: null,
        changes: { added: { before: null, after: added }, updated: { before: null, after: updated } },
      });
    }
    batch = [];
  };
  for await (const r of file.rows) {
    counts.rows++;
    if (!r.ok) {
      counts.rejected++;
      if (rejections.length < KEPT_REJECTIONS)
        rejections.push({ line: r.line, cct: r.cct, reasons: r.reasons });
      continue;
    }
    seen.add(r.record.cct);
    batch.push(r.record);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  counts.disappeared = await disappeared(db, seen, opts.allowedStates, write, opts.audit);
  return {
    encoding: file.encoding,
    counts,
    missingColumns: file.headers.missing,
    ignoredColumns: file.headers.unknown,
    rejections,
  };
}

/** New schools of a batch in three statements: units, their paths, their catalog facts. */
async function insertSchools(
  db: Executor,
  toAdd: {
    r: SchoolRecord;
    zone: { id: number; depth: number };
    municipalityId: number;
    facts: Omit<typeof schools.$inferInsert, 'unitId' | 'cct'>;
  }[],
) {
  const units = await db
    .insert(orgUnits)
    .values(
      toAdd.map((x) => ({
        kind: 'school' as const,
        code: x.r.cct,
        name: x.r.name,
        parentId: x.zone.id,
        municipalityId: x.municipalityId,
        path: '',
        depth: x.zone.depth + 1,
        searchText: searchKey(x.r.name, x.r.cct),
      })),
    )
    .returning({ id: orgUnits.id, code: orgUnits.code });
  const ids = units.map((u) => u.id);
  await db.execute(sql`update org_units c set path = p.path || c.id || '/' from org_units p
    where p.id = c.parent_id and c.id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`);
  const idByCct = new Map(units.map((u) => [u.code, u.id]));
  await db
    .insert(schools)
    .values(toAdd.map((x) => ({ unitId: idByCct.get(x.r.cct) as number, cct: x.r.cct, ...x.facts })));
}

/** Active schools in scope that the file no longer lists: counted, and on apply marked inactive (never deleted). */
async function disappeared(
  db: Executor,
  seen: Set<string>,
  states: ReadonlySet<string> | undefined,
  write: boolean,
  audit: AuditContext,
) {
  const scope = states
    ? await db
        .select({ path: orgUnits.path })
        .from(orgUnits)
        .where(and(eq(orgUnits.kind, 'state'), inArray(orgUnits.code, [...states])))
    : null;
  const rows = await db
    .select({ id: orgUnits.id, cct: orgUnits.code, path: orgUnits.path })
    .from(orgUnits)
    .where(
      and(
        eq(orgUnits.kind, 'school'),
        eq(orgUnits.active, true),
        scope
          ? sql`(${sql.join(
              scope.map((s) => like(orgUnits.path, `${s.path}%`)),
              sql` or `,
            )})`
          : undefined,
      ),
    );
  const gone = rows.filter((r) => !seen.has(r.cct));
  if (write && gone.length > 0) {
    for (let i = 0; i < gone.length; i += BATCH) {
      const part = gone.slice(i, i + BATCH);
      await db
        .update(orgUnits)
        .set({ active: false, updatedAt: new Date().toISOString() })
        .where(
          inArray(
            orgUnits.id,
            part.map((g) => g.id),
          ),
        );
      await recordAudit(db as never, audit, {
        action: 'catalog.schools_deactivated',
        entityType: 'catalog_import',
        entityId: `deactivate:${part[0]?.cct}`,
        unitPath: null,
        changes: { deactivated: { before: null, after: part.map((g) => g.cct) } },
      });
    }
  }
  return gone.length;
}

export { CatalogFileError };
