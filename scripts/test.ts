// `npm test`: unit and integration tests on PGlite, the integration tests again on a real
// PostgreSQL server (a throwaway database per run), then the browser tests in Chromium.
// Prints one closing line "tests: N passed, N failed" summing all three runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { initialiseIfEmpty, openRuntime } from '../src/server/bootstrap.ts';
import { loadConfig } from '../src/server/config.ts';
import { ensureSystemPackages, findOrStartPostgres } from './test-env.ts';

const root = path.resolve(import.meta.dirname, '..');
const tmp = path.join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps: string[] = [];

function step(name: string, cmd: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n=== ${name} ===`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  console.log(
    `=== ${name}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  if (r.status !== 0) failedSteps.push(name);
  return r.status === 0;
}

function addVitest(file: string) {
  if (!existsSync(file)) return;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += j.numPassedTests ?? 0;
  totals.failed += j.numFailedTests ?? 0;
  totals.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
}

function addPlaywright(file: string) {
  if (!existsSync(file)) return;
  const s = JSON.parse(readFileSync(file, 'utf8')).stats ?? {};
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  totals.failed += s.unexpected ?? 0;
  totals.skipped += s.skipped ?? 0;
}

/** `npm test -- --only=pglite|postgres|e2e` runs one step, for short loops; plain `npm test` runs all. */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const wants = (s: 'pglite' | 'postgres' | 'e2e') => !only || only === s;

async function main() {
  const t0 = Date.now();
  ensureSystemPackages();

  const pgliteJson = path.join(tmp, 'vitest-pglite.json');
  rmSync(pgliteJson, { force: true });
  if (wants('pglite'))
    step('unit + integration tests (PGlite)', bin('vitest'), [
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${pgliteJson}`,
    ]);
  addVitest(pgliteJson);

  if (wants('postgres')) await postgresStep();
  if (wants('e2e') && step('build the web app', bin('node'), ['scripts/build-web.ts'])) {
    const pwJson = path.join(tmp, 'playwright.json');
    rmSync(pwJson, { force: true });
    step('browser tests (Chromium)', bin('playwright'), ['test', '--reporter=list,json'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
    });
    addPlaywright(pwJson);
  }

  console.log(`\nAll test steps done in ${((Date.now() - t0) / 60000).toFixed(1)} min.`);
  if (failedSteps.length) console.log(`Failed steps: ${failedSteps.join(', ')}`);
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(failedSteps.length || totals.failed ? 1 : 0);
}

async function postgresStep() {
  const server = await findOrStartPostgres();
  const template = `calidad_test_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  const pgJson = path.join(tmp, 'vitest-postgres.json');
  rmSync(pgJson, { force: true });
  try {
    await admin.query(`create database "${template}"`);
    const url = new URL(server.adminUrl);
    url.pathname = `/${template}`;
    // The template holds the migrated schema and the demo data; each test file clones it.
    const cfg = loadConfig({ DATABASE_URL: url.toString(), DEMO: 'true', LOG_LEVEL: 'silent' });
    const rt = await openRuntime(cfg, pino({ level: 'silent' }));
    await initialiseIfEmpty(rt.ctx);
    await rt.close();
    step(
      'integration tests (PostgreSQL)',
      bin('vitest'),
      ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${pgJson}`],
      {
        TEST_PG_TEMPLATE: template,
        TEST_PG_ADMIN_URL: server.adminUrl,
      },
    );
    addVitest(pgJson);
  } finally {
    const leftovers = await admin.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${template}%`],
    );
    for (const { datname } of leftovers.rows)
      await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin.end();
    server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
