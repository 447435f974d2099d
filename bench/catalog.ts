// Benchmark: importing a synthetic national catalog (250,000 schools by default) against COPY of
// the same file into a bare table on the same database, and school search over the result
// against exact-CCT lookups. Each step runs in its own process, so the peak memory printed is
// that step's alone; they run with the app's own Node.js flags.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CATALOG_COLUMNS } from '../src/contract/catalog.ts';
import { csvLine } from '../src/server/modules/catalog/csv.ts';
import { syntheticCatalog } from '../src/server/modules/catalog/synthetic.ts';
import { NODE_FLAGS } from '../src/server/node-flags.ts';

const NODE = path.resolve(import.meta.dirname, '../node_modules/.bin/node');
const CHILD = path.resolve(import.meta.dirname, 'catalog-child.ts');

export async function writeCatalog(file: string, n: number) {
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(csvLine(CATALOG_COLUMNS));
  for (const r of syntheticCatalog(n, 2026)) await write(csvLine(CATALOG_COLUMNS.map((c) => r[c])));
  out.end();
  await once(out, 'finish');
}

async function child(env: Record<string, string>, ...args: string[]) {
  const { stdout } = await promisify(execFile)(NODE, [...NODE_FLAGS, CHILD, ...args], {
    env: { ...process.env, ...env },
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string);
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function benchCatalog(env: Record<string, string>, label: string, schools: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'calidad-catalog-'));
  try {
    const file = path.join(dir, 'catalogo.csv');
    await writeCatalog(file, schools);
    const copy = await child(env, 'copy', file);
    const imp = await child(env, 'import', file);
    const ratio = imp.ms / copy.ms;
    console.log(
      `${label}: catalog import of ${schools.toLocaleString('en')} schools ${s(imp.ms)} vs COPY into a bare table ${s(copy.ms)}` +
        ` → ratio ${ratio.toFixed(1)}× (target ≤ ${label === 'PostgreSQL' ? '1.5' : '2'}×); import peak RSS ${imp.maxRssMb} MB` +
        ` (COPY process ${copy.maxRssMb} MB)`,
    );
    console.log(
      `${label}:   phases ${Object.entries(imp.phases as Record<string, number>)
        .map(([k, v]) => `${k} ${s(v)}`)
        .join(', ')}`,
    );
    const q = await child(env, 'search');
    console.log(
      `${label}: school search over ${schools.toLocaleString('en')} schools, ${q.queries} random queries: p50 ${q.p50.toFixed(1)} ms,` +
        ` p95 ${q.p95.toFixed(1)} ms (target ≤ 50 ms on PostgreSQL), max ${q.max.toFixed(1)} ms;` +
        ` exact-CCT lookup baseline p95 ${q.baselineP95.toFixed(2)} ms → ratio ${(q.p95 / q.baselineP95).toFixed(0)}×`,
    );
    const kinds = ['CCT', 'name word', 'typo', 'two words + level', 'municipality + locality by enrolment'];
    console.log(
      `${label}:   p95 by kind: ${kinds.map((k, i) => `${k} ${(q.p95ByKind as number[])[i]} ms`).join(', ')}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
