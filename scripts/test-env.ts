// Prepares the machine for the test run: Debian's chromium and postgresql when missing (as
// root), and a PostgreSQL server to test against — the local one on 127.0.0.1:5432 when it
// answers, otherwise a throwaway cluster started from the installed binaries.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const isRoot = process.getuid?.() === 0;

function sh(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
}

function pgBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions)
    if (existsSync(path.join(base, v, 'bin/initdb'))) return path.join(base, v, 'bin');
  return null;
}

let aptUpdated = false;
function aptInstall(pkg: string) {
  if (!isRoot) {
    console.warn(`[test] ${pkg} is missing and this is not root: install it with apt-get install ${pkg}`);
    return;
  }
  if (!aptUpdated) {
    sh('apt-get', ['update', '-qq']);
    aptUpdated = true;
  }
  console.log(`[test] installing Debian package ${pkg}…`);
  sh('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg]);
}

export function ensureSystemPackages() {
  if (!existsSync('/usr/bin/chromium')) aptInstall('chromium');
  if (!pgBinDir()) aptInstall('postgresql');
}

async function answers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

export interface PgServer {
  adminUrl: string;
  stop(): void;
}

/** The machine's PostgreSQL if it answers, else our own cluster on a spare port. */
export async function findOrStartPostgres(): Promise<PgServer> {
  const local = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await answers(local)) return { adminUrl: local, stop: () => {} };
  const bin = pgBinDir();
  if (!bin) throw new Error('No PostgreSQL server answers and no PostgreSQL binaries are installed.');
  const dir = mkdtempSync(path.join(tmpdir(), 'calidad-pg-'));
  const port = 54329;
  // PostgreSQL refuses to run as root: run the cluster as the postgres (or nobody) user.
  const runAs = isRoot ? (userExists('postgres') ? 'postgres' : 'nobody') : null;
  if (runAs) execFileSync('chown', ['-R', runAs, dir]);
  const run = (cmd: string, args: string[]) =>
    runAs ? sh('runuser', ['-u', runAs, '--', path.join(bin, cmd), ...args]) : sh(path.join(bin, cmd), args);
  console.log(`[test] starting a throwaway PostgreSQL cluster in ${dir} on port ${port}`);
  run('initdb', ['-D', `${dir}/data`, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--no-instructions']);
  run('pg_ctl', [
    '-D',
    `${dir}/data`,
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    '-l',
    `${dir}/log`,
    '-w',
    'start',
  ]);
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', `${dir}/data`, '-m', 'fast', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function userExists(name: string): boolean {
  return spawnSync('id', [name]).status === 0;
}
