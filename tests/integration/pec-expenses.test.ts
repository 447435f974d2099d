import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src/contract/planning.ts';
import type { CycleSummary } from '../../src/contract/rules.ts';
import { verifyLedger } from '../../src/server/modules/finance/ledger.ts';
import { postOperation } from '../../src/server/modules/finance/operations.ts';
import { ledgerAccounts } from '../../src/server/modules/finance/schema.ts';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import { todayMx } from '../../src/server/platform/time.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

/** Expenses of an approved PAT proven with CFDI e-invoices: validated, within the rules, paid once, reviewed. */
let t: TestApp;
let cycleId: number;
let planId: string;
let school: { id: number; path: string };
let director: Client;
let supervisor: Client;
let jal: Client;
const FIXTURE = readFileSync(path.resolve('src/server/modules/finance/fixtures/cfdi40-valid.xml'), 'utf8');
let n = 0;

/** The test invoice, dated today, with a fresh UUID (or the given one). */
function invoice(uuid?: string) {
  const day = todayMx();
  n += 1;
  const id = uuid ?? `5e2a8c1d-7b3f-4a9e-8c21-${String(n).padStart(12, '0')}`;
  return FIXTURE.replace('Fecha="2026-03-15T10:30:00"', `Fecha="${day}T00:01:00"`)
    .replace('FechaTimbrado="2026-03-15T10:31:12"', `FechaTimbrado="${day}T00:02:00"`)
    .replace('UUID="5e2a8c1d-7b3f-4a9e-8c21-3f6d9b0e4a17"', `UUID="${id}"`);
}

const send = (
  c: Client,
  xml: string,
  query: Record<string, string>,
  key = `exp-${Math.random().toString(36).slice(2, 12)}`,
) =>
  c.request({
    method: 'POST',
    url: `/api/pec/plans/${planId}/expenses/cfdi?${new URLSearchParams(query)}`,
    payload: xml,
    headers: { 'content-type': 'application/xml', 'idempotency-key': key },
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
  )[0]?.balance ?? 0;

beforeAll(async () => {
  t = await startTestApp();
  director = await t.login('director.secundaria@demo.calidad.mx');
  supervisor = await t.login('supervisor.zapopan@demo.calidad.mx');
  jal = await t.login('estatal.jal@demo.calidad.mx');
  const cycles = (await jal.get('/api/pec/cycles')).json() as CycleSummary[];
  cycleId = (cycles.find((c) => c.publishedVersion === 2) as CycleSummary).id;
  const zone = (await supervisor.get(`/api/pec/cycles/${cycleId}/dashboard`)).json() as Dashboard;
  planId = zone.schools.find((s) => s.code === '14DES0005W')?.planId as string;
  const units = await t.ctx.db.select().from(orgUnits);
  school = units.find((u) => u.code === '14DES0005W') as { id: number; path: string };
  const state = units.find((u) => u.kind === 'state' && u.code === '14') as { id: number; path: string };
  const nation = units.find((u) => u.kind === 'nation') as { id: number; path: string };
  // The school's initial grant, so it has money to spend.
  await t.ctx.db.transaction(async (tx) => {
    await postOperation(
      tx,
      { type: 'federal_allocation', cycleId, nation, state, amount: 100_000_000 },
      null,
    );
    await postOperation(
      tx,
      { type: 'transfer', cycleId, state, school, amount: 5_000_000, grant: 'initial' },
      null,
    );
  });
});
afterAll(() => t?.close());

describe('expenses proven with CFDI', () => {
  const ids: Record<string, string> = {};

  it('registers a valid invoice against a PAT action and pays it from the school account, once per key', async () => {
    const before = await balance();
    const xml = invoice();
    const key = 'expense-key-0001';
    const res = await send(
      director,
      xml,
      { actionId: 'a1', category: 'materiales', description: 'Cuadernos y gises' },
      key,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ amount: 493_580 });
    ids.first = res.json().id;
    const retry = await send(
      director,
      xml,
      { actionId: 'a1', category: 'materiales', description: 'Cuadernos y gises' },
      key,
    );
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().id).toBe(ids.first);
    expect(await balance()).toBe(before - 493_580);
  });

  it('never accepts the same invoice twice, even at the same moment', async () => {
    const xml = invoice();
    const [a, b] = await Promise.all([
      send(director, xml, { actionId: 'a2', category: 'capacitacion', description: 'Taller' }),
      send(director, xml, { actionId: 'a2', category: 'capacitacion', description: 'Taller' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const refused = a.statusCode === 409 ? a : b;
    expect(refused.json().code).toBe('expense_cfdi_used');
    expect(
      (
        await send(director, invoice(`5e2a8c1d-7b3f-4a9e-8c21-${String(n - 1).padStart(12, '0')}`), {
          actionId: 'a1',
          category: 'materiales',
          description: 'x',
        })
      ).json().code,
    ).toBe('expense_cfdi_used');
  });

  it('explains every way an invoice fails, and moves no money', async () => {
    const before = await balance();
    const altered = invoice().replace('Total="4935.80"', 'Total="5935.80"');
    const bad = await send(director, altered, { actionId: 'a1', category: 'materiales', description: 'x' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('expense_cfdi_invalid');
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toContain('cfdi.amounts.total');
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`;
    const dtd = await send(director, laughs, { actionId: 'a1', category: 'materiales', description: 'x' });
    expect(dtd.statusCode).toBe(422);
    expect(JSON.stringify(dtd.json().errors)).toMatch(/DOCTYPE|DTD/i);
    const huge = await send(director, 'x'.repeat(3 * 1024 * 1024), {
      actionId: 'a1',
      category: 'materiales',
      description: 'x',
    });
    expect(huge.statusCode).toBe(413);
    expect(
      (await send(director, invoice(), { actionId: 'a1', category: 'alimentos', description: 'x' })).json()
        .code,
    ).toBe('expense_category_forbidden');
    expect(
      (await send(director, invoice(), { actionId: 'zz', category: 'materiales', description: 'x' })).json()
        .code,
    ).toBe('expense_action_unknown');
    expect(await balance()).toBe(before);
  });

  it('refuses an expense over the category cap, naming the amounts', async () => {
    // Infraestructura: 40,000 pesos at most; each invoice is 4,935.80.
    let refused: { statusCode: number; json: () => { code: string; detail: string } } | null = null;
    for (let i = 0; i < 10 && !refused; i++) {
      const r = await send(director, invoice(), {
        actionId: 'a3',
        category: 'infraestructura',
        description: `Obra ${i}`,
      });
      if (r.statusCode !== 201) refused = r;
    }
    expect(refused?.statusCode).toBe(422);
    expect(refused?.json().code).toBe('expense_category_cap');
    expect(refused?.json().detail).toMatch(/\$40,000\.00/);
  });

  it('is reviewed: accepted, or observed and answered, or rejected with the money back in the school account', async () => {
    const list = (await supervisor.get(`/api/pec/plans/${planId}/expenses`)).json();
    const open = list.expenses
      .filter((e: { state: string }) => e.state === 'submitted')
      .map((e: { id: string }) => e.id);
    expect((await supervisor.post(`/api/pec/expenses/${ids.first}/review/accept`, {})).json().state).toBe(
      'accepted',
    );
    const other = open.find((id: string) => id !== ids.first) as string;
    expect((await supervisor.post(`/api/pec/expenses/${other}/review/observe`, {})).json().code).toBe(
      'workflow_comment_required',
    );
    expect(
      (
        await supervisor.post(`/api/pec/expenses/${other}/review/observe`, {
          comment: 'Falta la lista de asistentes.',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await director.post(`/api/pec/expenses/${other}/review/answer`, { comment: 'Se anexa la lista.' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await director.post(`/api/pec/expenses/${other}/review/reject`, { comment: 'x' })).statusCode,
    ).toBe(403);
    const before = await balance();
    const rejected = await jal.post(`/api/pec/expenses/${other}/review/reject`, {
      comment: 'El taller no corresponde al PAT.',
    });
    expect(rejected.json().state).toBe('rejected');
    expect(await balance()).toBe(before + 493_580);
    const mor = await t.login('estatal.mor@demo.calidad.mx');
    expect((await mor.get(`/api/pec/plans/${planId}/expenses`)).statusCode).toBe(404);
    const after = (await supervisor.get(`/api/pec/plans/${planId}/expenses`)).json();
    expect(after.byCategory.find((c: { category: string }) => c.category === 'materiales').spent).toBe(
      493_580,
    );
    expect((await verifyLedger(t.ctx.db)).ok).toBe(true);
  });
});
