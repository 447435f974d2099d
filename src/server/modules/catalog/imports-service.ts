import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { ImportDetail, ImportSummary } from '../../../contract/catalog.ts';
import type { AppContext } from '../../context.ts';
import { type AuditContext, diff, recordAudit } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Db, Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { openFile, saveFile } from '../../platform/files/store.ts';
import { jobs } from '../../platform/jobs/schema.ts';
import type { Actor, RequestMeta } from '../../platform/permissions/actor.ts';
import { authorize, grantsFor, scopeCondition } from '../../platform/permissions/policy.ts';
import { dbTimeIso } from '../../platform/time.ts';
import { orgUnits } from '../org/schema.ts';
import { type GoneSchool, goneSchools, municipalityRenames, statePathsOf } from './apply.ts';
import { csvLine } from './csv.ts';
import { detectFormat } from './file.ts';
import {
  applyImport,
  CatalogFileError,
  checkImport,
  createImport,
  type ImportCounts,
  stagedRowsIntact,
} from './import.ts';
import { catalogImportRejections, catalogImports } from './schema.ts';

export const CHECK_JOB = 'catalog.import.check';
export const APPLY_JOB = 'catalog.import.apply';

interface CheckPayload {
  importId: string;
  locale: 'es' | 'en';
}
interface ApplyPayload {
  importId: string;
  audit: AuditContext;
}

/** Where the actor may import: the whole nation, or only the states they coordinate. */
export async function importScope(db: Executor, actor: Actor) {
  const grants = grantsFor(actor, 'catalog.import');
  const broadest = grants[0];
  if (!broadest) throw new AppError(403, 'forbidden');
  if (broadest.unitKind === 'nation')
    return { allowedStates: null, scopePath: broadest.unitPath, role: broadest.role };
  const states = grants.filter((g) => g.unitKind === 'state');
  const rows = states.length
    ? await db
        .select({ code: orgUnits.code })
        .from(orgUnits)
        .where(
          inArray(
            orgUnits.id,
            states.map((s) => s.unitId),
          ),
        )
    : [];
  return { allowedStates: rows.map((r) => r.code), scopePath: broadest.unitPath, role: broadest.role };
}

/**
 * Stores an uploaded catalog and queues its check (the dry run) as a background job, so a long
 * file keeps being read when the user closes the page.
 */
export async function startImport(
  ctx: AppContext,
  actor: Actor,
  meta: RequestMeta,
  upload: { fileName: string; body: AsyncIterable<Buffer> },
): Promise<ImportDetail> {
  const scope = await importScope(ctx.db, actor);
  let head: Buffer | null = null;
  async function* peek() {
    for await (const chunk of upload.body) {
      if (!head) head = chunk.subarray(0, 8);
      yield chunk;
    }
  }
  const file = await saveFile(ctx.db, peek(), {
    name: upload.fileName,
    contentType: 'application/octet-stream',
    createdBy: actor.userId,
    maxBytes: ctx.cfg.IMPORT_MAX_MB * 1024 * 1024,
  });
  const format = detectFormat(upload.fileName, head ?? Buffer.alloc(0));
  const id = await ctx.db.transaction(async (tx) => {
    const importId = await createImport(tx, {
      fileName: upload.fileName,
      fileId: file.id,
      format,
      allowedStates: scope.allowedStates,
      scopePath: scope.scopePath,
      createdBy: actor.userId,
    });
    const payload: CheckPayload = { importId, locale: actor.locale };
    const jobId = await ctx.jobs.enqueue(tx, CHECK_JOB, payload, actor.userId);
    await tx.update(catalogImports).set({ jobId }).where(eq(catalogImports.id, importId));
    await recordAudit(
      tx,
      { actor, role: scope.role, meta },
      {
        action: 'catalog.import_upload',
        entityType: 'catalog_import',
        entityId: importId,
        unitPath: scope.scopePath,
        changes: diff(null, { fileName: upload.fileName, size: file.size, sha256: file.sha256, format }),
      },
    );
    return importId;
  });
  ctx.jobs.kick();
  return getImport(ctx, actor, id);
}

/** Confirms a checked import: applying runs as a job too. */
export async function confirmImport(ctx: AppContext, actor: Actor, meta: RequestMeta, id: string) {
  await ctx.db.transaction(async (tx) => {
    const [imp] = await tx.select().from(catalogImports).where(eq(catalogImports.id, id)).for('update');
    if (!imp) throw new AppError(404, 'not_found');
    const grant = authorize(actor, 'catalog.import', imp.scopePath);
    if (imp.status !== 'dry_run' && imp.status !== 'failed')
      throw new AppError(409, 'import_not_ready', { status: imp.status });
    const audit: AuditContext = { actor: { userId: actor.userId }, role: grant.role, meta };
    const payload: ApplyPayload = { importId: id, audit };
    const jobId = await ctx.jobs.enqueue(tx, APPLY_JOB, payload, actor.userId);
    await tx
      .update(catalogImports)
      .set({ status: 'applying', jobId, updatedAt: sql`now()` as never })
      .where(eq(catalogImports.id, id));
    await recordAudit(tx, audit, {
      action: 'catalog.import_confirm',
      entityType: 'catalog_import',
      entityId: id,
      unitPath: imp.scopePath,
      changes: diff({ status: imp.status }, { status: 'applying' }),
    });
  });
  ctx.jobs.kick();
  return getImport(ctx, actor, id);
}

/** The job handlers: registered once per process. */
export function registerImportJobs(ctx: AppContext) {
  ctx.jobs.register(CHECK_JOB, async (job) => {
    const { importId, locale } = job.payload as CheckPayload;
    const [imp] = await ctx.db.select().from(catalogImports).where(eq(catalogImports.id, importId));
    if (!imp?.fileId) throw new Error(`import ${importId} has no file`);
    const fileId = imp.fileId;
    const size = await fileSize(ctx.db, fileId);
    try {
      const r = await checkImport(ctx, importId, {
        open: () => openFile(ctx.db, fileId),
        size,
        locale,
        progress: job.progress,
      });
      return { status: r.status, counts: r.counts };
    } catch (err) {
      // An unreadable file is an answer, not a failure of the job: the import says why.
      if (err instanceof CatalogFileError) return { status: 'rejected', error: err.message };
      // Any other failure leaves a partial check: it must never be applied, nor followed forever.
      await ctx.db
        .update(catalogImports)
        .set({
          status: 'rejected',
          error: String((err as Error).message ?? err),
          updatedAt: sql`now()` as never,
        })
        .where(eq(catalogImports.id, importId));
      throw err;
    }
  });
  ctx.jobs.register(APPLY_JOB, async (job) => {
    const { importId, audit } = job.payload as ApplyPayload;
    const r = await applyImport(ctx, importId, audit, job.progress);
    return { status: r.status, counts: r.counts };
  });
}

async function fileSize(db: Db, fileId: string) {
  const res = await db.execute<{ size: string | number }>(
    sql`select size from stored_files where id = ${fileId}`,
  );
  const list = Array.isArray(res) ? res : (res as { rows: { size: string | number }[] }).rows;
  return Number(list[0]?.size ?? 0);
}

function summaryQuery(db: Executor) {
  return db
    .select({
      imp: catalogImports,
      userName: users.name,
      job: { status: jobs.status, progress: jobs.progress, error: jobs.error },
    })
    .from(catalogImports)
    .leftJoin(users, eq(users.id, catalogImports.createdBy))
    .leftJoin(jobs, eq(jobs.id, catalogImports.jobId));
}
type SummaryRow = Awaited<ReturnType<typeof summaryQuery>>[number];

function toSummary(ctx: AppContext, r: SummaryRow): ImportSummary {
  const i = r.imp;
  const live = i.jobId ? ctx.jobs.liveProgress(i.jobId) : undefined;
  const stored = r.job?.progress as { phase?: string; done?: number; total?: number | null } | null;
  const p = live ?? stored ?? null;
  const jobActive = r.job && (r.job.status === 'queued' || r.job.status === 'running');
  return {
    id: i.id,
    status: i.status,
    fileName: i.fileName,
    format: i.format,
    encoding: i.encoding,
    counts: i.counts as ImportSummary['counts'],
    missingColumns: i.missingColumns,
    ignoredColumns: i.ignoredColumns,
    allowedStates: i.allowedStates ?? null,
    errorCode: i.errorCode as ImportSummary['errorCode'],
    error: i.error,
    createdBy: i.createdBy && r.userName ? { id: i.createdBy, name: r.userName } : null,
    createdAt: dbTimeIso(i.createdAt),
    appliedAt: i.appliedAt ? dbTimeIso(i.appliedAt) : null,
    job:
      r.job && (jobActive || r.job.status === 'failed')
        ? {
            status: r.job.status,
            phase: p?.phase ?? null,
            done: p?.done ?? null,
            total: p?.total ?? null,
            error: r.job.error,
          }
        : null,
  };
}

export async function getImport(
  ctx: AppContext,
  actor: Actor,
  id: string,
  page: { limit: number; offset: number } = { limit: 50, offset: 0 },
): Promise<ImportDetail> {
  const [row] = await summaryQuery(ctx.db).where(eq(catalogImports.id, id));
  if (!row) throw new AppError(404, 'not_found');
  authorize(actor, 'catalog.import', row.imp.scopePath);
  const rejections = await ctx.db
    .select({
      line: catalogImportRejections.line,
      cct: catalogImportRejections.cct,
      reasons: catalogImportRejections.reasons,
    })
    .from(catalogImportRejections)
    .where(eq(catalogImportRejections.importId, id))
    .orderBy(asc(catalogImportRejections.line))
    .limit(page.limit)
    .offset(page.offset);
  const [n] = await ctx.db
    .select({ n: count() })
    .from(catalogImportRejections)
    .where(eq(catalogImportRejections.importId, id));
  return {
    ...toSummary(ctx, row),
    rejections: rejections.map((r) => ({ ...r, reasons: r.reasons as string[] })),
    rejectionsTotal: n?.n ?? 0,
    gone: (await (await goneReader(ctx.db, actor, row.imp))?.('', GONE_SHOWN)) ?? [],
    renames: await renamesOf(ctx.db, row.imp),
  };
}

const GONE_SHOWN = 50;
const RENAMES_SHOWN = 200;

/** The municipalities a checked import would rename; after applying, its audit entry says which it did. */
async function renamesOf(db: Executor, imp: typeof catalogImports.$inferSelect) {
  if (imp.status !== 'dry_run' && imp.status !== 'failed') return [];
  return municipalityRenames(db, imp.id, RENAMES_SHOWN);
}

/**
 * Pages of the schools an import makes (or made) inactive, by CCT, that the viewer may read; null
 * while its check runs, once it is refused, when it makes none, or when its staged rows are no
 * longer all there (after a database crash every school would look gone). Settled once, so a
 * report of 250,000 schools reads its pages without checking again.
 */
async function goneReader(
  db: Executor,
  actor: Actor,
  imp: typeof catalogImports.$inferSelect,
): Promise<((afterCct: string, limit: number) => Promise<GoneSchool[]>) | null> {
  const counts = imp.counts as ImportCounts | null;
  if (!counts?.disappeared) return null;
  const readable = scopeCondition(actor, 'org.read', sql`u.path`);
  if (imp.status === 'applied')
    return (after, limit) => goneSchools(db, imp.id, 'applied', after, limit, readable);
  if (imp.status !== 'dry_run' && imp.status !== 'failed') return null;
  if (!(await stagedRowsIntact(db, imp.id, counts))) return null;
  const statePaths = await statePathsOf(db, imp.allowedStates ?? null);
  return (after, limit) => goneSchools(db, imp.id, { statePaths }, after, limit, readable);
}

export async function listImports(ctx: AppContext, actor: Actor, q: { limit: number; offset: number }) {
  const where = scopeCondition(actor, 'catalog.import', catalogImports.scopePath);
  const rows = await summaryQuery(ctx.db)
    .where(where)
    .orderBy(desc(catalogImports.createdAt))
    .limit(q.limit)
    .offset(q.offset);
  const [n] = await ctx.db.select({ n: count() }).from(catalogImports).where(where);
  return { items: rows.map((r) => toSummary(ctx, r)), total: n?.n ?? 0 };
}

/** The downloadable report: the counts, every rejected row with its reasons, then every school it makes inactive. */
export async function* importReportCsv(ctx: AppContext, actor: Actor, id: string) {
  const imp = await getImport(ctx, actor, id, { limit: 1, offset: 0 });
  const c = imp.counts;
  yield '\uFEFF';
  yield csvLine([
    'archivo',
    'estado',
    'filas',
    'nuevas',
    'con_cambios',
    'sin_cambios',
    'rechazadas',
    'ya_no_aparecen',
  ]);
  yield csvLine([
    imp.fileName,
    imp.status,
    ...[c.rows, c.add, c.update, c.unchanged, c.rejected, c.disappeared].map((x) => String(x ?? '')),
  ]);
  if (imp.error) yield csvLine(['error', imp.error]);
  yield '\r\n';
  yield csvLine(['linea', 'cct', 'motivos']);
  let after = -1;
  for (;;) {
    const page = await ctx.db
      .select()
      .from(catalogImportRejections)
      .where(and(eq(catalogImportRejections.importId, id), sql`${catalogImportRejections.line} > ${after}`))
      .orderBy(asc(catalogImportRejections.line))
      .limit(1000);
    if (page.length === 0) break;
    for (const r of page) yield csvLine([String(r.line), r.cct, (r.reasons as string[]).join('; ')]);
    after = page[page.length - 1]?.line ?? after;
  }
  const [row] = await ctx.db.select().from(catalogImports).where(eq(catalogImports.id, id));
  const gone = row ? await goneReader(ctx.db, actor, row) : null;
  if (!row || !gone) return;
  yield '\r\n';
  yield csvLine([
    row.status === 'applied' ? 'marcadas_inactivas_cct' : 'se_marcaran_inactivas_cct',
    'nombre',
  ]);
  for (let last = ''; ; ) {
    const page = await gone(last, 1000);
    if (page.length === 0) return;
    for (const g of page) yield csvLine([g.cct, g.name]);
    last = page[page.length - 1]?.cct ?? last;
  }
}
