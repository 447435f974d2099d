import type { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.ts';
import {
  type AuditContext,
  lockAuditChains,
  recordAudit,
  recordAudits,
  SYSTEM,
} from '../../platform/audit/service.ts';
import type { Db, Executor } from '../../platform/db/client.ts';
import { copyRows } from '../../platform/db/copy.ts';
import { vacuumEmbedded } from '../../platform/db/maintenance.ts';
import { rowsOf } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { JobProgress } from '../../platform/jobs/runner.ts';
import { searchKey } from '../org/search.ts';
import {
  APPLY_LOCK,
  applyStaged,
  camel,
  compareStaged,
  FACT_COLUMNS,
  historyPage,
  statePathsOf,
} from './apply.ts';
import { CctRegistry } from './cct-registry.ts';
import { CatalogFileError, parseCatalogFile } from './file.ts';
import { ignoredHeaders } from './headers.ts';
import type { SchoolRecord } from './rows.ts';
import { catalogImportRejections, catalogImportRows, catalogImports } from './schema.ts';

export interface ImportCounts {
  rows: number;
  add: number;
  update: number;
  unchanged: number;
  rejected: number;
  disappeared: number;
}

export type ImportStatus = (typeof catalogImports.$inferSelect)['status'];

export interface ImportReport {
  importId: string;
  status: ImportStatus;
  encoding: string;
  counts: ImportCounts;
  missingColumns: string[];
  ignoredColumns: string[];
  rejections: { line: number; cct: string; reasons: string[] }[];
}

export interface NewImport {
  fileName: string;
  fileId?: string | null;
  format: 'csv' | 'xlsx';
  /** A state coordinator's import: rows of other states are rejected, and only these states' schools can disappear. */
  allowedStates?: string[] | null;
  scopePath?: string;
  createdBy: string | null;
}

type Progress = (p: JobProgress) => void;

const STAGE_BATCH = 5000;
const AUDIT_BATCH = 500;
/** Audit entries written per statement. */
const AUDIT_PAGES = 20;
/** Rejected rows in the answer of `checkImport`; the database keeps them all. */
const KEPT_REJECTIONS = 10_000;
const ANALYZE_AFTER = 5_000;
/** How often a running check says so; one silent for `CHECK_SILENT` has stopped. */
const HEARTBEAT_MS = 10_000;
const CHECK_SILENT = '2 minutes';

export async function createImport(db: Executor, x: NewImport): Promise<string> {
  const [row] = await db
    .insert(catalogImports)
    .values({
      status: 'checking',
      fileName: x.fileName,
      fileId: x.fileId ?? null,
      format: x.format,
      allowedStates: x.allowedStates ?? null,
      scopePath: x.scopePath ?? '/',
      createdBy: x.createdBy,
    })
    .returning({ id: catalogImports.id });
  if (!row) throw new Error('import record not written');
  return row.id;
}

async function importRow(db: Executor, id: string) {
  const [row] = await db.select().from(catalogImports).where(eq(catalogImports.id, id));
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

/** `catalog_import_rows` columns: the row's place in the tree, then the catalog facts `schools` keeps. */
const KEYS = ['cct', 'name', 'state', 'sector', 'zone', 'municipality'] as const;
const STAGED_COLUMNS = ['import_id', 'line', ...KEYS, ...FACT_COLUMNS, 'search_text', 'municipality_name'];

/** A valid row in `STAGED_COLUMNS` order. */
const FACT_FIELDS = FACT_COLUMNS.map((c) => camel(c) as keyof SchoolRecord);
function stagedRow(importId: string, line: number, r: SchoolRecord): unknown[] {
  return [
    importId,
    line,
    ...KEYS.map((k) => r[k]),
    ...FACT_FIELDS.map((f) => r[f]),
    searchKey(r.name, r.cct),
    r.municipalityName,
  ];
}

/** Counts bytes as the parser pulls them, for a progress bar over the file's size. */
async function* counted(input: Readable, onBytes: (n: number) => void) {
  let n = 0;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    n += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    onBytes(n);
    yield chunk;
  }
}

/**
 * The dry run: parses and validates the whole file in one streaming pass, stages the valid rows
 * and keeps the rejected ones with their reasons, then compares the staged rows with the
 * database. Writes nothing but the import's own records. Re-running it starts over.
 */
export async function checkImport(
  ctx: AppContext,
  importId: string,
  opts: { open: () => Readable; size?: number; locale: 'es' | 'en'; progress?: Progress },
): Promise<ImportReport> {
  const { db } = ctx;
  const imp = await importRow(db, importId);
  await db.delete(catalogImportRows).where(eq(catalogImportRows.importId, importId));
  await db.delete(catalogImportRejections).where(eq(catalogImportRejections.importId, importId));
  const progress = opts.progress ?? (() => {});
  const total = opts.size ?? null;
  const counts: ImportCounts = { rows: 0, add: 0, update: 0, unchanged: 0, rejected: 0, disappeared: 0 };
  const rejections: ImportReport['rejections'] = [];
  let file: Awaited<ReturnType<typeof parseCatalogFile>>;
  try {
    file = await parseCatalogFile(
      imp.format,
      counted(opts.open(), (n) => progress({ phase: 'reading', done: n, total })),
      {
        seen: new CctRegistry(),
        locale: opts.locale,
        ...(imp.allowedStates ? { allowedStates: new Set(imp.allowedStates) } : {}),
      },
    );
    let batch: unknown[][] = [];
    let rejectedBatch: ImportReport['rejections'] = [];
    // One batch is written while the next is parsed: on a server the two overlap.
    let writing: Promise<void> | null = null;
    let beat = Date.now();
    const flush = async () => {
      const rows = batch;
      const rejected = rejectedBatch;
      batch = [];
      rejectedBatch = [];
      if (writing) await writing;
      writing = (async () => {
        if (Date.now() - beat > HEARTBEAT_MS) {
          // Still checking: a check that stops beating was cut short (see recoverInterruptedImports).
          beat = Date.now();
          await db
            .update(catalogImports)
            .set({ updatedAt: sql`now()` as never })
            .where(eq(catalogImports.id, importId));
        }
        if (rows.length > 0) await copyRows(db, ctx.driver, 'catalog_import_rows', STAGED_COLUMNS, rows);
        if (rejected.length > 0)
          await db
            .insert(catalogImportRejections)
            .values(rejected.map((x) => ({ importId, ...x })))
            .onConflictDoNothing();
      })();
      // Awaited at the next flush or at the end; this only keeps a failure from going unhandled meanwhile.
      writing.catch(() => {});
    };
    for await (const rows of file.batches) {
      for (const r of rows) {
        counts.rows++;
        if (r.ok) batch.push(stagedRow(importId, r.line, r.record));
        else {
          counts.rejected++;
          // Every rejected row is kept for the report; the answer in memory holds the first ones.
          const x = { line: r.line, cct: r.cct, reasons: r.reasons };
          rejectedBatch.push(x);
          if (rejections.length < KEPT_REJECTIONS) rejections.push(x);
        }
      }
      if (batch.length >= STAGE_BATCH || rejectedBatch.length >= STAGE_BATCH) await flush();
    }
    await flush();
    await writing;
    // A header and no schools is never a catalog: applied, it would deactivate every school in scope.
    if (counts.rows === 0) throw new CatalogFileError('no_rows', 'the file has a header but no school rows');
  } catch (err) {
    // An unreadable file is the import's answer: recorded with a code the UI explains in its language.
    if (err instanceof CatalogFileError)
      await db
        .update(catalogImports)
        .set({ status: 'rejected', errorCode: err.code, error: err.message, updatedAt: sql`now()` as never })
        .where(eq(catalogImports.id, importId));
    throw err;
  }
  progress({ phase: 'comparing', done: 0, total: null });
  // Fresh statistics for the rows just staged, or the comparison's joins are planned blind.
  await db.execute(sql`analyze catalog_import_rows`);
  const statePaths = await statePathsOf(db, imp.allowedStates ?? null);
  Object.assign(counts, await compareStaged(db, importId, statePaths));
  const bad = counts.rejected > 0 || file.headers.missing.length > 0;
  const status: ImportStatus = bad ? 'rejected' : 'dry_run';
  await db
    .update(catalogImports)
    .set({
      status,
      counts,
      encoding: file.encoding,
      missingColumns: file.headers.missing,
      ignoredColumns: ignoredHeaders(file.headers),
      error: null,
      errorCode: null,
      updatedAt: sql`now()` as never,
    })
    .where(eq(catalogImports.id, importId));
  // A rejected file is never applied: its staged rows are of no further use.
  if (bad) await db.delete(catalogImportRows).where(eq(catalogImportRows.importId, importId));
  return {
    importId,
    status,
    encoding: file.encoding,
    counts,
    missingColumns: file.headers.missing,
    ignoredColumns: ignoredHeaders(file.headers),
    rejections,
  };
}

/**
 * Applies a checked import in one transaction: a failed or interrupted import leaves the
 * database exactly as it was. The comparison is made again inside the transaction, so changes
 * made since the dry run are taken into account. One audit entry per batch of 500 schools
 * names each school added, changed (with its field diffs) or deactivated.
 */
export async function applyImport(
  ctx: AppContext,
  importId: string,
  audit: AuditContext,
  progress: Progress = () => {},
): Promise<ImportReport> {
  const { db } = ctx;
  const imp = await importRow(db, importId);
  if (imp.status !== 'dry_run' && imp.status !== 'applying' && imp.status !== 'failed')
    throw new AppError(409, 'import_not_ready', { status: imp.status });
  await db
    .update(catalogImports)
    .set({ status: 'applying', updatedAt: sql`now()` as never })
    .where(eq(catalogImports.id, importId));
  const statePaths = await statePathsOf(db, imp.allowedStates ?? null);
  let counts: ImportCounts;
  try {
    counts = await db.transaction(async (tx) => {
      if (!(await stagedRowsIntact(tx, importId, imp.counts as ImportCounts | null)))
        throw new AppError(409, 'import_staged_rows_lost');
      const { municipalitiesRenamed, ...applied } = await applyStaged(
        tx,
        importId,
        statePaths,
        (phase) => progress({ phase, done: 0, total: null }),
        // A server's sorts of one import in memory; PGlite's memory is the app's own, so it keeps its default.
        ctx.driver === 'postgres' ? { memory: '64MB' } : {},
      );
      progress({ phase: 'audit', done: 0, total: null });
      await lockAuditChains(tx);
      let after = 0;
      let n = 0;
      for (;;) {
        // Read a few thousand history rows at a time, written as entries of AUDIT_BATCH schools each.
        const rows = await historyPage(tx, importId, after, AUDIT_BATCH * AUDIT_PAGES);
        if (rows.length === 0) break;
        after = Number(rows[rows.length - 1]?.id);
        const entries: Parameters<typeof recordAudits>[1] = [];
        for (let i = 0; i < rows.length; i += AUDIT_BATCH) {
          const page = rows.slice(i, i + AUDIT_BATCH);
          const changes = {
            added: page.filter((h) => h.change === 'added').map((h) => h.cct),
            updated: Object.fromEntries(
              page.filter((h) => h.change === 'updated').map((h) => [h.cct, h.changes]),
            ),
            deactivated: page.filter((h) => h.change === 'deactivated').map((h) => h.cct),
          };
          entries.push({
            ctx: audit,
            input: {
              action: 'catalog.import_batch',
              entityType: 'catalog_import',
              entityId: `${importId}:${++n}`,
              unitPath: imp.scopePath,
              changes: Object.fromEntries(
                Object.entries(changes).map(([k, v]) => [k, { before: null, after: v }]),
              ),
            },
          });
        }
        await recordAudits(tx, entries);
      }
      const c: ImportCounts = {
        ...(imp.counts as ImportCounts),
        ...applied,
      };
      await tx.delete(catalogImportRows).where(eq(catalogImportRows.importId, importId));
      await tx
        .update(catalogImports)
        .set({ status: 'applied', counts: c, appliedAt: sql`now()` as never, updatedAt: sql`now()` as never })
        .where(eq(catalogImports.id, importId));
      await recordAudit(tx, audit, {
        action: 'catalog.import_apply',
        entityType: 'catalog_import',
        entityId: importId,
        unitPath: imp.scopePath,
        changes: {
          status: { before: 'dry_run', after: 'applied' },
          counts: { before: null, after: c },
          // Municipalities the file names otherwise ("state-code": name): the trail says which import renamed them.
          ...(municipalitiesRenamed.length > 0
            ? {
                municipalities: {
                  before: Object.fromEntries(municipalitiesRenamed.map((m) => [m.key, m.before])),
                  after: Object.fromEntries(municipalitiesRenamed.map((m) => [m.key, m.after])),
                },
              }
            : {}),
        },
      });
      return c;
    });
  } catch (err) {
    const lost = err instanceof AppError && err.code === 'import_staged_rows_lost';
    await db
      .update(catalogImports)
      .set({
        // Lost rows cannot be applied again: the file has to be checked again.
        status: lost ? 'rejected' : 'failed',
        errorCode: lost ? 'staged_rows_lost' : null,
        error: String((err as Error).message ?? err),
        updatedAt: sql`now()` as never,
      })
      .where(eq(catalogImports.id, importId));
    throw err;
  }
  // A large import changes the tables' shape: plan the next searches on fresh statistics. A small
  // one is left to autovacuum (ANALYZE samples 30,000 rows whatever changed). PGlite has none: there
  // the import also reclaims the rows its updates replaced.
  const touched = ['org_units', 'schools', 'search_words', 'school_catalog_changes'];
  const vacuumed = await vacuumEmbedded(db, ctx.driver, touched);
  if (!vacuumed && counts.add + counts.update + counts.disappeared >= ANALYZE_AFTER)
    for (const table of touched) await db.execute(sql.raw(`analyze ${table}`));
  return {
    importId,
    status: 'applied',
    encoding: imp.encoding ?? '',
    counts,
    missingColumns: imp.missingColumns,
    ignoredColumns: imp.ignoredColumns,
    rejections: [],
  };
}

/**
 * Whether every row the dry run staged is still staged. The staging table is unlogged (fast to
 * fill, not worth a write-ahead log), so a database crash or failover empties it; applying what
 * is left would mark every school the missing rows named as gone from the catalog.
 */
export async function stagedRowsIntact(db: Executor, importId: string, checked: ImportCounts | null) {
  const [staged] = rowsOf<{ n: string | number }>(
    await db.execute(sql`select count(*) as n from catalog_import_rows where import_id = ${importId}`),
  );
  return checked !== null && Number(staged?.n ?? 0) === checked.rows - checked.rejected;
}

/**
 * Imports left "applying" by a process that died (a killed command; a server's own applies are jobs,
 * taken up again by the job runner) are marked failed, so they can be confirmed again: nothing of
 * theirs was written. Only when no import is applying now, anywhere (it would hold `APPLY_LOCK`).
 * Imports left "checking" (no job, and silent for two minutes: a running check beats every ten
 * seconds) are refused: their staged rows are partial, and the file has to be checked again.
 */
export async function recoverInterruptedImports(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const [free] = rowsOf<{ ok: boolean }>(
      await tx.execute(sql.raw(`select pg_try_advisory_xact_lock(${APPLY_LOCK}) as ok`)),
    );
    if (!free?.ok) return 0;
    // Nothing runs them: a job that is queued or running will (or does), and is left alone.
    const noJob = sql`not exists (select 1 from jobs j where j.id = i.job_id and j.status in ('queued', 'running'))`;
    const stuck = rowsOf<{ id: string; scope_path: string }>(
      await tx.execute(sql`
        update catalog_imports i set status = 'failed', error = 'interrupted', updated_at = now()
        where i.status = 'applying' and ${noJob}
        returning i.id, i.scope_path`),
    );
    const unchecked = rowsOf<{ id: string; scope_path: string }>(
      await tx.execute(sql`
        update catalog_imports i set status = 'rejected', error_code = 'interrupted', error = 'interrupted', updated_at = now()
        where i.status = 'checking' and i.updated_at < now() - ${CHECK_SILENT}::interval and ${noJob}
        returning i.id, i.scope_path`),
    );
    if (unchecked.length > 0)
      await tx.execute(
        sql`delete from catalog_import_rows where import_id in (${sql.join(
          unchecked.map((u) => sql`${u.id}::uuid`),
          sql`, `,
        )})`,
      );
    const entry = (s: { id: string; scope_path: string }, before: string, after: string) => ({
      ctx: SYSTEM,
      input: {
        action: 'catalog.import_interrupted',
        entityType: 'catalog_import',
        entityId: s.id,
        unitPath: s.scope_path,
        changes: { status: { before, after } },
      },
    });
    await recordAudits(tx, [
      ...stuck.map((s) => entry(s, 'applying', 'failed')),
      ...unchecked.map((s) => entry(s, 'checking', 'rejected')),
    ]);
    return stuck.length + unchecked.length;
  });
}

export interface RunImportOptions {
  fileName: string;
  format?: 'csv' | 'xlsx';
  open: () => Readable;
  apply: boolean;
  allowedStates?: ReadonlySet<string>;
  audit: AuditContext;
  locale: 'es' | 'en';
  progress?: Progress;
}

/** Check, then (when asked and nothing was rejected) apply: the CLI's and tests' way in. */
export async function runCatalogImport(ctx: AppContext, opts: RunImportOptions): Promise<ImportReport> {
  const importId = await createImport(ctx.db, {
    fileName: opts.fileName,
    format: opts.format ?? 'csv',
    allowedStates: opts.allowedStates ? [...opts.allowedStates] : null,
    createdBy: opts.audit.actor?.userId ?? null,
  });
  const checked = await checkImport(ctx, importId, {
    open: opts.open,
    locale: opts.locale,
    ...(opts.progress ? { progress: opts.progress } : {}),
  });
  if (!opts.apply || checked.status !== 'dry_run') return checked;
  return applyImport(ctx, importId, opts.audit, opts.progress);
}

export { CatalogFileError };
