import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotent } from '../../src/server/modules/finance/idempotency.ts';
import { reverse, verifyLedger } from '../../src/server/modules/finance/ledger.ts';
import { legs, type Operation, postOperation } from '../../src/server/modules/finance/operations.ts';
import { ledgerAccounts, ledgerEntries } from '../../src/server/modules/finance/schema.ts';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import { pecCycles } from '../../src/server/modules/rules/schema.ts';
import { users } from '../../src/server/platform/auth/schema.ts';
import { openDatabase } from '../../src/server/platform/db/client.ts';
import { AppError } from '../../src/server/platform/errors/app-error.ts';
import { dbFailure } from '../support/db-failure.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** The ledger's invariants on a real database: entries balance, balances follow, nothing half posted, money moves once. */
let t: TestApp;
let cycleId: number;
type Ref = { id: number; path: string };
let nation: Ref;
let state: Ref;
let schools: Ref[];
let userId: string;

beforeAll(async () => {
  t = await startTestApp();
  const [c] = await t.ctx.db.select().from(pecCycles).limit(1);
  cycleId = c?.id as number;
  const units = await t.ctx.db.select().from(orgUnits);
  nation = units.find((u) => u.kind === 'nation') as Ref;
  state = units.find((u) => u.kind === 'state' && u.code === '14') as Ref;
  schools = units.filter((u) => u.kind === 'school' && u.path.startsWith(state.path)).slice(0, 3);
  const [u] = await t.ctx.db.select().from(users).where(eq(users.email, 'estatal.jal@demo.calidad.mx'));
  userId = u?.id as string;
});
afterAll(() => t?.close());

const SOURCES = ['padres', 'municipio', 'donativos'];
const CATEGORIES = ['materiales', 'capacitacion', 'infraestructura'];

/** Any operation of the programme with any amount; some will find the money missing, and must be refused whole. */
const opArb = (schoolCount: number): fc.Arbitrary<(c: number) => Operation> => {
  const amount = fc.integer({ min: 1, max: 5_000_000 });
  const school = fc.integer({ min: 0, max: schoolCount - 1 });
  return fc.oneof(
    amount.map(
      (a) => (c: number) =>
        ({ type: 'federal_allocation', cycleId: c, nation, state, amount: a }) as Operation,
    ),
    amount.map(
      (a) => (c: number) => ({ type: 'state_contribution', cycleId: c, state, amount: a }) as Operation,
    ),
    fc.tuple(amount, school, fc.constantFrom('initial', 'match')).map(
      ([a, s, g]) =>
        (c: number) =>
          ({ type: 'transfer', cycleId: c, state, school: schools[s], amount: a, grant: g }) as Operation,
    ),
    fc.tuple(amount, school, fc.constantFrom(...SOURCES)).map(
      ([a, s, src]) =>
        (c: number) =>
          ({
            type: 'school_contribution',
            cycleId: c,
            school: schools[s],
            source: src,
            amount: a,
          }) as Operation,
    ),
    fc.tuple(amount, school, fc.constantFrom(...CATEGORIES)).map(
      ([a, s, cat]) =>
        (c: number) =>
          ({ type: 'expense', cycleId: c, school: schools[s], category: cat, amount: a }) as Operation,
    ),
    fc.tuple(amount, school).map(
      ([a, s]) =>
        (c: number) =>
          ({ type: 'school_return', cycleId: c, state, school: schools[s], amount: a }) as Operation,
    ),
    amount.map(
      (a) => (c: number) => ({ type: 'federal_return', cycleId: c, nation, state, amount: a }) as Operation,
    ),
    amount.map((a) => (c: number) => ({ type: 'interest', cycleId: c, state, amount: a }) as Operation),
  );
};

const keyOf = (kind: string, unitId: number, detail = '') => `${kind}:${unitId}:${detail}`;

describe('the double-entry ledger', () => {
  it('keeps every entry balanced and every balance equal to its lines, whatever sequence of operations runs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb(3), { minLength: 1, maxLength: 25 }), async (ops) => {
        // A fresh cycle per run, so the model starts from zero.
        const [c] = await t.ctx.db
          .insert(pecCycles)
          .values({ schoolYear: `p-${Date.now()}-${Math.random()}`, fiscalYear: 2090 })
          .returning();
        const cid = c?.id as number;
        const model = new Map<string, number>();
        for (const make of ops) {
          const op = make(cid);
          const [d, cr] = legs(op);
          const dk = keyOf(d.kind, d.unit.id, d.detail);
          const ck = keyOf(cr.kind, cr.unit.id, cr.detail);
          const holds = cr.kind === 'school' || cr.kind === 'state_trust';
          const enough = !holds || (model.get(ck) ?? 0) >= op.amount;
          const outcome = await t.ctx.db
            .transaction((tx) => postOperation(tx, op, userId))
            .then(
              () => 'posted',
              (e) => e,
            );
          if (enough) {
            expect(outcome).toBe('posted');
            model.set(dk, (model.get(dk) ?? 0) + op.amount);
            model.set(ck, (model.get(ck) ?? 0) - op.amount);
          } else {
            expect(outcome).toBeInstanceOf(AppError);
            expect((outcome as AppError).code).toBe('ledger_insufficient');
          }
        }
        const accounts = await t.ctx.db.select().from(ledgerAccounts).where(eq(ledgerAccounts.cycleId, cid));
        for (const a of accounts) expect(a.balance).toBe(model.get(keyOf(a.kind, a.unitId, a.detail)) ?? 0);
        // Money is only moved, never made: the sum of all balances is zero.
        expect(accounts.reduce((n, a) => n + a.balance, 0)).toBe(0);
      }),
      { numRuns: 12 },
    );
    expect(await verifyLedger(t.ctx.db)).toMatchObject({ ok: true, first: null });
  });

  it('corrects by a reversing entry that names the original and why, once', async () => {
    const school = schools[0] as Ref;
    const { entryId } = await t.ctx.db.transaction(async (tx) => {
      await postOperation(
        tx,
        { type: 'federal_allocation', cycleId, nation, state, amount: 9_000_000 },
        userId,
      );
      return postOperation(
        tx,
        { type: 'transfer', cycleId, state, school, amount: 5_000_000, grant: 'initial' },
        userId,
      );
    });
    const balance = async () =>
      (
        await t.ctx.db
          .select()
          .from(ledgerAccounts)
          .where(
            and(
              eq(ledgerAccounts.cycleId, cycleId),
              eq(ledgerAccounts.kind, 'school'),
              eq(ledgerAccounts.unitId, school.id),
            ),
          )
      )[0]?.balance;
    const before = await balance();
    const reversal = await t.ctx.db.transaction((tx) =>
      reverse(tx, entryId, 'Se transfirió a la escuela equivocada', userId),
    );
    expect(await balance()).toBe((before ?? 0) - 5_000_000);
    const again = await t.ctx.db
      .transaction((tx) => reverse(tx, entryId, 'otra vez', userId))
      .catch((e) => e);
    expect(again).toMatchObject({ code: 'ledger_already_reversed' });
    const ofReversal = await t.ctx.db.transaction((tx) => reverse(tx, reversal, 'x', userId)).catch((e) => e);
    expect(ofReversal).toMatchObject({ code: 'ledger_reverse_reversal' });
  });

  it('refuses in the database any unbalanced entry and any change to a posted one', async () => {
    const [acct] = await t.ctx.db.select().from(ledgerAccounts).limit(1);
    const [entry] = await t.ctx.db.insert(ledgerEntries).values({ cycleId, kind: 'manual' }).returning();
    const entryId = entry?.id as number;
    expect(
      await dbFailure(
        t.ctx.db.execute(
          sql`insert into ledger_lines (entry_id, account_id, amount) values (${entryId}, ${acct?.id}, 100)`,
        ),
      ),
    ).toMatch(/does not balance/);
    expect(await dbFailure(t.ctx.db.execute(sql`update ledger_lines set amount = amount + 1`))).toMatch(
      /append-only/,
    );
    expect(await dbFailure(t.ctx.db.execute(sql`delete from ledger_entries`))).toMatch(/append-only/);
    // The empty entry left by the refused lines is the one inconsistency verify names.
    const v = await verifyLedger(t.ctx.db);
    expect(v.first).toEqual({ kind: 'empty', entryId });
  });

  it('a cached balance altered behind its back is reported', async () => {
    const [acct] = await t.ctx.db
      .select()
      .from(ledgerAccounts)
      .where(eq(ledgerAccounts.kind, 'school'))
      .limit(1);
    await t.ctx.db.execute(sql`update ledger_accounts set balance = balance + 1 where id = ${acct?.id}`);
    const v = await verifyLedger(t.ctx.db);
    expect(v.ok).toBe(false);
    await t.ctx.db.execute(sql`update ledger_accounts set balance = balance - 1 where id = ${acct?.id}`);
  });
});

describe('idempotency keys', () => {
  const op = (amount: number): Operation => ({ type: 'state_contribution', cycleId, state, amount });
  const run = (key: string, amount: number) =>
    idempotent(t.ctx.db, userId, key, 'POST /test/contribution', { amount }, async (tx) => {
      const posted = await postOperation(tx, op(amount), userId);
      return { status: 201, body: { entryId: posted.entryId } };
    });
  const stateGov = async () =>
    (
      await t.ctx.db
        .select()
        .from(ledgerAccounts)
        .where(
          and(
            eq(ledgerAccounts.cycleId, cycleId),
            eq(ledgerAccounts.kind, 'state_gov'),
            eq(ledgerAccounts.unitId, state.id),
          ),
        )
    )[0]?.balance ?? 0;

  it('concurrent duplicates move money once; a retry gets the first answer; another payload under the key is refused', async () => {
    const before = await stateGov();
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => run('clave-prueba-0001', 123_400)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{
      body: { entryId: number };
      replayed: boolean;
    }>[];
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    for (const r of refused) expect((r.reason as AppError).code).toBe('idempotency_in_flight');
    expect(new Set(ok.map((r) => r.value.body.entryId)).size).toBe(1);
    expect(await stateGov()).toBe(before - 123_400);
    const retry = await run('clave-prueba-0001', 123_400);
    expect(retry.replayed).toBe(true);
    expect(retry.body.entryId).toBe(ok[0]?.value.body.entryId);
    expect(await stateGov()).toBe(before - 123_400);
    await expect(run('clave-prueba-0001', 999)).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    await expect(run('', 1)).rejects.toMatchObject({ code: 'idempotency_key_required' });
  });

  it('a failed operation releases its key so a corrected retry can run', async () => {
    const failing = await idempotent(
      t.ctx.db,
      userId,
      'clave-prueba-0002',
      'POST /test/x',
      { a: 1 },
      async () => {
        throw new AppError(422, 'ledger_insufficient', { account: 'x', available: '0', amount: '1' });
      },
    ).catch((e) => e);
    expect(failing.code).toBe('ledger_insufficient');
    const retried = await idempotent(
      t.ctx.db,
      userId,
      'clave-prueba-0002',
      'POST /test/x',
      { a: 1 },
      async () => ({
        status: 200,
        body: { done: true },
      }),
    );
    expect(retried).toMatchObject({ replayed: false, body: { done: true } });
  });
});

describe('a process killed mid-posting', () => {
  it('leaves no half entry', async () => {
    if (t.driver !== 'pglite') return; // the child opens an embedded data directory
    const dir = mkdtempSync(path.join(tmpdir(), 'calidad-ledger-crash-'));
    try {
      const child = spawn(
        path.resolve('node_modules/.bin/node'),
        [path.resolve('tests/support/ledger-crash-child.ts'), dir],
        {
          env: { ...process.env, DATABASE_URL: '' },
        },
      );
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      for (let i = 0; i < 240 && !/posted 300/.test(out); i++) await new Promise((r) => setTimeout(r, 250));
      expect(out).toMatch(/posted 300/);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const database = await openDatabase({ dataDir: path.join(dir, 'data') });
      try {
        const v = await verifyLedger(database.db);
        expect(v.ok, JSON.stringify(v.first)).toBe(true);
        expect(v.entries).toBeGreaterThanOrEqual(300);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('accounts remembered by the process', () => {
  it('an account created in a rolled-back transaction is looked up afresh', async () => {
    const school = schools[1] as Ref;
    const [c] = await t.ctx.db
      .insert(pecCycles)
      .values({ schoolYear: `rb-${Date.now()}`, fiscalYear: 2091 })
      .returning();
    const cid = c?.id as number;
    // The school has no money yet: the expense is refused and its new accounts roll back.
    const refused = await t.ctx.db
      .transaction((tx) =>
        postOperation(
          tx,
          { type: 'expense', cycleId: cid, school, category: 'materiales', amount: 100 },
          userId,
        ),
      )
      .catch((e) => e);
    expect(refused.code).toBe('ledger_insufficient');
    await t.ctx.db.transaction((tx) =>
      postOperation(
        tx,
        { type: 'school_contribution', cycleId: cid, school, source: 'padres', amount: 500 },
        userId,
      ),
    );
    const spent = await t.ctx.db.transaction((tx) =>
      postOperation(
        tx,
        { type: 'expense', cycleId: cid, school, category: 'materiales', amount: 100 },
        userId,
      ),
    );
    expect(spent.credit.balance).toBe(400);
  });
});
