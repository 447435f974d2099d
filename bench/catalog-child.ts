// One measured step of the catalog benchmark, in its own process so its peak memory is its own:
//   copy FILE    — the baseline: COPY the CSV into a bare table of text columns on the same database
//   import FILE  — the real import: parse, validate, stage, compare, apply (one transaction), audit
//   search       — 1,000 random school searches, against exact-CCT lookups as the baseline
// Prints one JSON line.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { CATALOG_COLUMNS } from '../src/contract/catalog.ts';
import { initialiseIfEmpty, openRuntime } from '../src/server/bootstrap.ts';
import { loadConfig } from '../src/server/config.ts';
import { applyImport, checkImport, createImport } from '../src/server/modules/catalog/import.ts';
import { searchSchools } from '../src/server/modules/catalog/search.ts';
import { SYSTEM } from '../src/server/platform/audit/service.ts';
import { copyTextInto } from '../src/server/platform/db/copy.ts';
import type { Actor } from '../src/server/platform/permissions/actor.ts';

const [mode, file] = process.argv.slice(2);
const rt = await openRuntime(
  loadConfig({ ...process.env, LOG_LEVEL: 'silent', DEMO: 'false' }),
  pino({ level: 'silent' }),
);
const { ctx } = rt;
await initialiseIfEmpty(ctx);
const rss = () => Math.round(process.resourceUsage().maxRSS / 1024);
const rows = <T>(r: unknown) => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

async function copy(f: string) {
  const cols = CATALOG_COLUMNS.map((c) => `${c} text`).join(', ');
  await ctx.db.execute(sql`drop table if exists bench_catalog_copy`);
  await ctx.db.execute(sql.raw(`create table bench_catalog_copy (${cols})`));
  const t0 = performance.now();
  // The whole file in one COPY, as a DBA would load it.
  await copyTextInto(ctx.db, ctx.driver, 'bench_catalog_copy', 'csv header', readFileSync(f));
  const ms = performance.now() - t0;
  const [n] = rows<{ n: string }>(await ctx.db.execute(sql`select count(*) as n from bench_catalog_copy`));
  await ctx.db.execute(sql`drop table bench_catalog_copy`);
  return { ms, rows: Number(n?.n), maxRssMb: rss() };
}

async function runImport(f: string) {
  const phases: Record<string, number> = {};
  let phase = '';
  let since = performance.now();
  const progress = (p: { phase: string }) => {
    if (p.phase === phase) return;
    const now = performance.now();
    if (phase) phases[phase] = Math.round(now - since);
    phase = p.phase;
    since = now;
  };
  const t0 = performance.now();
  const id = await createImport(ctx.db, { fileName: path.basename(f), format: 'csv', createdBy: null });
  const checked = await checkImport(ctx, id, {
    open: () => createReadStream(f),
    size: statSync(f).size,
    locale: 'es',
    progress,
  });
  if (checked.status !== 'dry_run') throw new Error(`import not clean: ${JSON.stringify(checked.counts)}`);
  const applied = await applyImport(ctx, id, SYSTEM, progress);
  progress({ phase: 'done' });
  return { ms: performance.now() - t0, counts: applied.counts, phases, maxRssMb: rss() };
}

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

async function search() {
  const [nation] = rows<{ id: number; path: string }>(
    await ctx.db.execute(sql`select id, path from org_units where kind = 'nation'`),
  );
  const actor: Actor = {
    userId: '00000000-0000-4000-8000-000000000000',
    email: 'bench@calidad.local',
    name: 'Bench',
    locale: 'es',
    sessionId: 'bench',
    csrfToken: 'bench',
    assignments: [
      {
        id: 'bench',
        role: 'national_coordinator',
        unitId: nation?.id ?? 1,
        unitKind: 'nation',
        unitPath: nation?.path ?? '/1/',
      },
    ],
  };
  const sample = rows<{
    cct: string;
    name: string;
    locality: string | null;
    level: string;
    municipality: string;
  }>(
    await ctx.db.execute(
      sql`select s.cct, u.name, s.locality, s.level, m.code as municipality from schools s
        join org_units u on u.id = s.unit_id join municipalities m on m.id = u.municipality_id
        order by random() limit 1000`,
    ),
  );
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const typo = (w: string) => {
    const i = 1 + rand(Math.max(1, w.length - 2));
    return w.slice(0, i) + w.slice(i + 1);
  };
  const queries = sample.map((s, i) => {
    // The distinctive part of a name (its last long word: a person, a place), as people type it.
    const words = s.name.split(' ').filter((w) => w.length > 4);
    const word = words.at(-1) ?? s.name;
    switch (i % 5) {
      case 0:
        return { q: s.cct };
      case 1:
        return { q: word.toLowerCase() };
      case 2:
        return { q: typo(word) };
      case 3:
        return { q: words.slice(-2).join(' '), level: s.level as 'primaria' };
      default:
        // Locality names repeat across the country ("Cabecera municipal"): people pick the municipality too.
        return { municipality: s.municipality, locality: s.locality ?? '', sort: 'enrolment' as const };
    }
  });
  const base = { sort: 'name' as const, dir: 'asc' as const, limit: 25, offset: 0 };
  for (const q of queries.slice(0, 50)) await searchSchools(ctx.db, actor, { ...base, ...q }); // warm up
  const times: number[] = [];
  const byKind: number[][] = [[], [], [], [], []];
  for (const [i, q] of queries.entries()) {
    const t = performance.now();
    await searchSchools(ctx.db, actor, { ...base, ...q });
    times.push(performance.now() - t);
    byKind[i % 5]?.push(performance.now() - t);
  }
  const baseline: number[] = [];
  for (const s of sample) {
    const t = performance.now();
    await ctx.db.execute(sql`select * from schools where cct = ${s.cct}`);
    baseline.push(performance.now() - t);
  }
  return {
    queries: times.length,
    p50: pct(times, 50),
    p95: pct(times, 95),
    max: pct(times, 100),
    // CCT, fragment, typo, fragment + level, locality sorted by enrolment
    p95ByKind: byKind.map((k) => Math.round(pct(k, 95) * 10) / 10),
    baselineP50: pct(baseline, 50),
    baselineP95: pct(baseline, 95),
  };
}

try {
  const out =
    mode === 'copy'
      ? await copy(file as string)
      : mode === 'import'
        ? await runImport(file as string)
        : await search();
  console.log(JSON.stringify(out));
} finally {
  await rt.close();
}
