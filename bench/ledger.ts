// Benchmark: post 1,000,000 journal entries through the ledger (accounts, locks, balanced lines,
// cached balances, the database's balance check) and compute every school balance of a state.
// Baseline in the same run: the same entries' rows written to bare tables with the same batching
// and round trips, without any of the ledger's rules. Printed: throughput, ratio, query times.
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { initialiseIfEmpty, openRuntime } from '../src/server/bootstrap.ts';
import { loadConfig } from '../src/server/config.ts';
import { verifyLedger } from '../src/server/modules/finance/ledger.ts';
import { type Operation, postOperation } from '../src/server/modules/finance/operations.ts';
import { orgUnits } from '../src/server/modules/org/schema.ts';
import { pecCycles } from '../src/server/modules/rules/schema.ts';
import { rowsOf } from '../src/server/platform/db/rows.ts';

const ENTRIES = Number(process.env.BENCH_LEDGER_ENTRIES ?? 1_000_000);
const SCHOOLS = 2000;

type Ref = { id: number; path: string };

/** A deterministic mix: money into the trust, transfers to schools, contributions, expenses, returns. */
function operation(i: number, cycleId: number, nation: Ref, state: Ref, schools: Ref[]): Operation {
  const school = schools[(i * 7919) % schools.length] as Ref;
  switch (i % 20) {
    case 0:
      return { type: 'federal_allocation', cycleId, nation, state, amount: 10_000_000 };
    case 1:
      return { type: 'state_contribution', cycleId, state, amount: 3_000_000 };
    case 2:
    case 3:
      return {
        type: 'transfer',
        cycleId,
        state,
        school,
        amount: 500_000,
        grant: i % 2 ? 'match' : 'initial',
      };
    case 19:
      return { type: 'interest', cycleId, state, amount: 1_234 };
    default:
      return i % 3 === 0
        ? {
            type: 'expense',
            cycleId,
            school,
            category: ['materiales', 'capacitacion', 'infraestructura'][i % 3] as string,
            amount: 1_000,
          }
        : {
            type: 'school_contribution',
            cycleId,
            school,
            source: ['padres', 'municipio', 'donativos'][i % 3] as string,
            amount: 2_000,
          };
  }
}

/**
 * `workers` concurrent writers each posting `perTx` entries per transaction. On PostgreSQL one entry
 * per transaction, as a request posts it (several entries in one transaction would take account
 * locks in an order no longer global, and deadlock); on PGlite's single session, one writer batching.
 */
export async function benchLedger(
  env: Record<string, string>,
  label: string,
  workers: number,
  perTx: number,
) {
  const PER_TX = perTx;
  const cfg = loadConfig({ ...env, DEMO: 'false', LOG_LEVEL: 'silent' });
  const rt = await openRuntime(cfg, pino({ level: 'silent' }));
  await initialiseIfEmpty(rt.ctx);
  const { db } = rt.ctx;
  try {
    const [cycle] = await db
      .insert(pecCycles)
      .values({ schoolYear: '2031-2032', fiscalYear: 2031 })
      .returning();
    const [nation] = await db.select().from(orgUnits).where(eq(orgUnits.kind, 'nation'));
    const [state] = await db
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.kind, 'state'), eq(orgUnits.code, '14')));
    if (!cycle || !nation || !state) throw new Error('fixture');
    const schools = rowsOf(
      await db.execute(sql`insert into org_units (kind, code, name, parent_id, path, depth)
        select 'school', '14LDG' || lpad(g::text, 4, '0') || 'L', 'Escuela ' || g, ${state.id}, '', 4
        from generate_series(0, ${SCHOOLS - 1}) g returning id`),
    ).map((r) => ({ id: Number(r.id), path: `${state.path}${Number(r.id)}/` }));
    await db.execute(
      sql`update org_units set path = ${state.path} || id || '/' where code like '14LDG____L'`,
    );
    await db.execute(
      sql`create table if not exists bench_entries (id bigserial primary key, kind text, created_at timestamptz default now())`,
    );
    await db.execute(
      sql`create table if not exists bench_lines (entry_id bigint, account text, amount bigint)`,
    );

    // Baseline: the same number of entries, two line rows each, same batches and round trips.
    const t0 = Date.now();
    let next = 0;
    const baselineWorker = async () => {
      for (;;) {
        const start = next;
        next += PER_TX;
        if (start >= ENTRIES) return;
        await db.transaction(async (tx) => {
          for (let i = start; i < Math.min(start + PER_TX, ENTRIES); i++) {
            const [e] = rowsOf(
              await tx.execute(sql`insert into bench_entries (kind) values ('x') returning id`),
            );
            await tx.execute(
              sql`insert into bench_lines values (${e?.id}, ${`a${i % 97}`}, ${i}), (${e?.id}, ${`b${i % 89}`}, ${-i})`,
            );
          }
        });
      }
    };
    await Promise.all(Array.from({ length: workers }, baselineWorker));
    const baseSeconds = (Date.now() - t0) / 1000;

    const t1 = Date.now();
    next = 0;
    let refused = 0;
    let lastReport = Date.now();
    const worker = async () => {
      for (;;) {
        const start = next;
        next += PER_TX;
        if (start >= ENTRIES) return;
        await db.transaction(async (tx) => {
          for (let i = start; i < Math.min(start + PER_TX, ENTRIES); i++) {
            const op = operation(i, cycle.id, nation, state, schools);
            // An expense or transfer the balance does not cover is refused before anything is written.
            await postOperation(tx, op, null).catch((err: unknown) => {
              if ((err as { code?: string }).code !== 'ledger_insufficient') throw err;
              refused++;
            });
          }
        });
        if (Date.now() - lastReport > 15_000) {
          lastReport = Date.now();
          process.stderr.write(`[${label}] ledger: ${Math.min(next, ENTRIES)} entries…\n`);
        }
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
    const seconds = (Date.now() - t1) / 1000;
    const posted = ENTRIES - refused;

    const q0 = performance.now();
    const cached = rowsOf(
      await db.execute(sql`select unit_id, balance from ledger_accounts
        where cycle_id = ${cycle.id} and kind = 'school' and unit_path like ${`${state.path}%`}`),
    );
    const cachedMs = performance.now() - q0;
    const q1 = performance.now();
    const derived = rowsOf(
      await db.execute(sql`select a.unit_id, sum(l.amount)::bigint as balance
        from ledger_accounts a join ledger_lines l on l.account_id = a.id
        where a.cycle_id = ${cycle.id} and a.kind = 'school' and a.unit_path like ${`${state.path}%`}
        group by a.unit_id`),
    );
    const derivedMs = performance.now() - q1;
    const fromLines = new Map(derived.map((d) => [Number(d.unit_id), Number(d.balance)]));
    const same = cached.every((c) => (fromLines.get(Number(c.unit_id)) ?? 0) === Number(c.balance));
    const v0 = performance.now();
    const verify = await verifyLedger(db);
    const verifyMs = performance.now() - v0;
    console.log(
      `[${label}] ledger: ${posted} entries posted (${refused} refused for lack of funds) in ${seconds.toFixed(1)} s = ${(posted / seconds).toFixed(0)} entries/s (${workers} writer${workers > 1 ? 's' : ''})\n` +
        `[${label}]   bare inserts of the same rows: ${(ENTRIES / baseSeconds).toFixed(0)} entries/s; ratio ${(posted / seconds / (ENTRIES / baseSeconds)).toFixed(2)}\n` +
        `[${label}]   all ${cached.length} school balances of the state: ${cachedMs.toFixed(1)} ms from cached balances, ${derivedMs.toFixed(0)} ms derived from the lines (${same ? 'equal' : 'DIFFERENT'})\n` +
        `[${label}]   ledger verify over everything: ${verify.ok ? 'consistent' : 'BROKEN'} in ${(verifyMs / 1000).toFixed(1)} s`,
    );
  } finally {
    await rt.close();
  }
}
