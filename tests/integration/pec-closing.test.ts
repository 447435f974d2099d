import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src/contract/planning.ts';
import type { CycleSummary } from '../../src/contract/rules.ts';
import { sampleCfdi, sampleTotal } from '../../src/server/demo/cfdi-sample.ts';
import { verifyLedger } from '../../src/server/modules/finance/ledger.ts';
import { postOperation } from '../../src/server/modules/finance/operations.ts';
import { ledgerAccounts, pecTransfers } from '../../src/server/modules/finance/schema.ts';
import { orgUnits } from '../../src/server/modules/org/schema.ts';
import { pathIds } from '../../src/server/modules/org/search.ts';
import { auditLog } from '../../src/server/platform/audit/schema.ts';
import { todayMx } from '../../src/server/platform/time.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The end of the money's year: simple receipts where the rules allow them, the CFDI's PDF, the year
 * close (returns due, nothing moves after), the return, the closing reports, the school's
 * accountability report and its council's answer, and the public site with its open data.
 */
let t: TestApp;
let cycleId: number;
let planId: string;
let school: { id: number; path: string };
let state: { id: number; path: string };
let director: Client;
let supervisor: Client;
let jal: Client;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const key = () => `k-${randomUUID()}`;
const withKey = (c: Client, url: string, payload: unknown, k = key()) =>
  c.request({ method: 'POST', url, payload: payload as object, headers: { 'idempotency-key': k } });

function cfdi(subtotal: number) {
  return sampleCfdi({
    uuid: randomUUID().toUpperCase(),
    issuedAt: `${todayMx()}T00:01:00`,
    emisor: { rfc: 'CPA1201013B1', name: 'COMERCIALIZADORA PAPELERA DEL ALTIPLANO' },
    description: 'Libros para la biblioteca de aula',
    subtotal,
  });
}
const sendCfdi = (c: Client, xml: string, actionId = 'a1', category = 'materiales') =>
  c.request({
    method: 'POST',
    url: `/api/pec/plans/${planId}/expenses/cfdi?${new URLSearchParams({ actionId, category, description: 'Acervo' })}`,
    payload: xml,
    headers: { 'content-type': 'application/xml', 'idempotency-key': key() },
  });
const sendReceipt = (c: Client, query: Record<string, string>, body: Buffer = PDF) =>
  c.request({
    method: 'POST',
    url: `/api/pec/plans/${planId}/expenses/receipt?${new URLSearchParams({
      actionId: 'a2',
      category: 'capacitacion',
      description: 'Refrigerio no: copias del material del taller',
      spentOn: todayMx(),
      issuer: 'Papelería La Esperanza',
      reason: 'Papelería de la comunidad sin facturación electrónica',
      ...query,
    })}`,
    payload: body,
    headers: { 'content-type': 'application/pdf', 'idempotency-key': key() },
  });

const balanceOf = async (kind: string, unitId: number) =>
  (
    await t.ctx.db
      .select()
      .from(ledgerAccounts)
      .where(
        and(
          eq(ledgerAccounts.cycleId, cycleId),
          eq(ledgerAccounts.kind, kind),
          eq(ledgerAccounts.unitId, unitId),
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
  state = units.find((u) => u.kind === 'state' && u.code === '14') as { id: number; path: string };
  const nation = units.find((u) => u.kind === 'nation') as { id: number; path: string };
  await t.ctx.db.transaction(async (tx) => {
    await postOperation(
      tx,
      { type: 'federal_allocation', cycleId, nation, state, amount: 100_000_000 },
      null,
    );
    const posted = await postOperation(
      tx,
      { type: 'transfer', cycleId, state, school, amount: 5_000_000, grant: 'initial' },
      null,
    );
    // As the state's release would record it (Jalisco's selection is not published in the demo).
    await tx.insert(pecTransfers).values({
      cycleId,
      schoolUnitId: school.id,
      kind: 'initial',
      amount: 5_000_000,
      calculation: { kind: 'initial' },
      entryId: posted.entryId,
    });
  });
});
afterAll(() => t?.close());

describe('simple receipts and the CFDI PDF', () => {
  it('accepts a receipt with a reason and a scan within the rules’ limit, and refuses one above it', async () => {
    const before = await balanceOf('school', school.id);
    const ok = await sendReceipt(director, { amount: '150000' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await balanceOf('school', school.id)).toBe(before - 150_000);
    const over = await sendReceipt(director, { amount: '250000' });
    expect(over.statusCode).toBe(422);
    expect(over.json().code).toBe('expense_receipt_cap');
    expect(over.json().detail).toMatch(/\$2,000\.00/);
    const notScan = await sendReceipt(director, { amount: '1000' }, Buffer.from('hola, no soy un escaneo'));
    expect(notScan.statusCode).toBe(415);
    const late = await sendReceipt(director, { amount: '1000', spentOn: '1999-01-01' });
    expect(late.json().code).toBe('expense_date_outside');
    const noReason = await sendReceipt(director, { amount: '1000', reason: 'corto' });
    expect(noReason.statusCode).toBe(400);
    expect(await balanceOf('school', school.id)).toBe(before - 150_000);
  });

  it('attaches the CFDI’s PDF once, and serves the proof files in scope only', async () => {
    const res = await sendCfdi(director, cfdi(200_000));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().amount).toBe(sampleTotal(200_000));
    const id = res.json().id as string;
    const put = (body: Buffer) =>
      director.request({
        method: 'PUT',
        url: `/api/pec/expenses/${id}/pdf?fileName=factura.pdf`,
        payload: body,
        headers: { 'content-type': 'application/pdf' },
      });
    expect((await put(Buffer.from('not a pdf'))).statusCode).toBe(415);
    const attached = await put(PDF);
    expect(attached.statusCode, attached.body).toBe(200);
    expect(attached.json().files.map((f: { kind: string }) => f.kind)).toEqual(['cfdi', 'pdf']);
    expect((await put(PDF)).json().code).toBe('expense_pdf_exists');
    const list = (await supervisor.get(`/api/pec/plans/${planId}/expenses`)).json();
    const mine = list.expenses.find((e: { id: string }) => e.id === id);
    expect(mine.proof).toBe('cfdi');
    const pdf = mine.files.find((f: { kind: string }) => f.kind === 'pdf');
    const download = await supervisor.get(`/api/pec/expenses/${id}/files/${pdf.fileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const mor = await t.login('estatal.mor@demo.calidad.mx');
    expect((await mor.get(`/api/pec/expenses/${id}/files/${pdf.fileId}`)).statusCode).toBe(404);
    const receipt = list.expenses.find((e: { proof: string }) => e.proof === 'receipt');
    expect(receipt.receiptReason).toMatch(/sin facturación/);
    expect(receipt.issuer).toBe('Papelería La Esperanza');
  });
});

describe('year close and the return', () => {
  let returnId: number;

  it('waits for every expense to be reviewed, then turns the balance into a return due', async () => {
    const url = `/api/pec/cycles/${cycleId}/schools/${school.id}/close`;
    expect((await withKey(director, url, {})).statusCode).toBe(403);
    const pending = await withKey(jal, url, {});
    expect(pending.statusCode).toBe(409);
    expect(pending.json().code).toBe('close_pending_reviews');
    const list = (await supervisor.get(`/api/pec/plans/${planId}/expenses`)).json();
    for (const e of list.expenses.filter((x: { state: string }) => x.state === 'submitted'))
      expect((await supervisor.post(`/api/pec/expenses/${e.id}/review/accept`, {})).statusCode).toBe(200);
    const left = await balanceOf('school', school.id);
    expect(left).toBeGreaterThan(0);
    const k = key();
    const closed = await withKey(jal, url, { note: 'Cierre del ejercicio' }, k);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toEqual({ closed: 1, returnsDue: left, returns: 1 });
    const again = await withKey(jal, url, { note: 'Cierre del ejercicio' }, k);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await withKey(jal, url, {})).json().code).toBe('close_already');
    const report = (await jal.get(`/api/pec/cycles/${cycleId}/closing?unitId=${state.id}`)).json();
    const due = report.returns.find((r: { school: { id: number } }) => r.school.id === school.id);
    expect(due).toMatchObject({ amount: left, returnedAt: null });
    returnId = due.id;
    const audit = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'pec.year_close'), eq(auditLog.entityId, `${cycleId}:${school.id}`)));
    expect(audit).toHaveLength(1);
  });

  it('moves no more money in or out of a closed school', async () => {
    expect((await sendCfdi(director, cfdi(10_000))).json().code).toBe('finance_year_closed');
    expect((await sendReceipt(director, { amount: '1000' })).json().code).toBe('finance_year_closed');
    const contribution = await director.post(`/api/pec/cycles/${cycleId}/contributions`, {
      schoolUnitId: school.id,
      source: 'padres',
      kind: 'cash',
      amount: 100_000,
      receivedOn: todayMx(),
    });
    expect(contribution.json().code).toBe('finance_year_closed');
  });

  it('records the return once, into the state trust fund', async () => {
    const trust = await balanceOf('state_trust', state.id);
    const due = await balanceOf('school', school.id);
    const k = key();
    const paid = await withKey(
      director,
      `/api/pec/returns/${returnId}/pay`,
      { reference: 'SPEI 0099812' },
      k,
    );
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ amount: due, reference: 'SPEI 0099812' });
    expect(paid.json().returnedAt).not.toBeNull();
    const retry = await withKey(
      director,
      `/api/pec/returns/${returnId}/pay`,
      { reference: 'SPEI 0099812' },
      k,
    );
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(
      (await withKey(director, `/api/pec/returns/${returnId}/pay`, { reference: 'otra' })).json().code,
    ).toBe('return_not_due');
    expect(await balanceOf('school', school.id)).toBe(0);
    expect(await balanceOf('state_trust', state.id)).toBe(trust + due);
    const mor = await t.login('estatal.mor@demo.calidad.mx');
    expect((await withKey(mor, `/api/pec/returns/${returnId}/pay`, { reference: 'x' })).statusCode).toBe(404);
  });

  it('shows the state’s and the nation’s closing reports from the ledger', async () => {
    const report = (await jal.get(`/api/pec/cycles/${cycleId}/closing?unitId=${state.id}`)).json();
    const row = report.rows.find((r: { unit: { id: number } }) => r.unit.id === school.id);
    expect(row.totals.transferred.initial).toBe(5_000_000);
    expect(row.totals.spent).toBe(150_000 + sampleTotal(200_000));
    expect(row.totals.returned).toBe(row.totals.returnsDue);
    expect(row.totals.spent + row.totals.returned).toBe(5_000_000);
    expect(row.closedAt).not.toBeNull();
    expect(report.totals.allocated).toBeGreaterThanOrEqual(100_000_000);
    expect(report.can).toEqual({ close: true, recordFederalReturn: false });
    const nacional = await t.login('nacional@demo.calidad.mx');
    const nationId = (await t.ctx.db.select().from(orgUnits).where(eq(orgUnits.kind, 'nation')))[0]?.id;
    const nation = (await nacional.get(`/api/pec/cycles/${cycleId}/closing?unitId=${nationId}`)).json();
    const jalRow = nation.rows.find((r: { unit: { code: string } }) => r.unit.code === '14');
    expect(jalRow.totals.spent).toBe(report.totals.spent);
    expect(nation.totals.spent).toBe(
      nation.rows.reduce((n: number, r: { totals: { spent: number } }) => n + r.totals.spent, 0),
    );
    expect((await director.get(`/api/pec/cycles/${cycleId}/closing?unitId=${state.id}`)).statusCode).toBe(
      404,
    );
  });

  it('pages a state’s schools and finds one by CCT or name, counting and summing over all of them', async () => {
    // Morelos: the demo's schools with money, one of them (17DES0104H) closed with its return.
    const mor = await t.login('estatal.mor@demo.calidad.mx');
    const units = await t.ctx.db.select().from(orgUnits);
    const morelos = units.find((u) => u.kind === 'state' && u.code === '17') as { id: number };
    const closedSchool = units.find((u) => u.code === '17DES0104H') as {
      id: number;
      code: string;
      name: string;
    };
    const base = `/api/pec/cycles/${cycleId}/closing?unitId=${morelos.id}`;
    const whole = (await mor.get(base)).json();
    expect(whole.rowCount.all).toBeGreaterThanOrEqual(3);
    expect(whole.rowCount.matching).toBe(whole.rowCount.all);
    expect(whole.rowCount.closed).toBe(
      whole.rows.filter((r: { closedAt: string | null }) => r.closedAt).length,
    );
    expect(whole.rowCount.closed).toBeGreaterThanOrEqual(1);
    type Row = { closedAt: string | null; pendingReviews: number; totals: { schoolBalances: number } };
    expect(whole.rowCount.pendingReviews).toBe(
      whole.rows.reduce((n: number, r: Row) => n + r.pendingReviews, 0),
    );
    expect(whole.rowCount.openBalances).toBe(
      whole.rows
        .filter((r: Row) => !r.closedAt)
        .reduce((n: number, r: Row) => n + r.totals.schoolBalances, 0),
    );
    expect(whole.returnsSummary.count).toBe(whole.returns.length);
    // A page of one row at a time walks the same rows in the same order; counts and sums stay whole.
    const second = (await mor.get(`${base}&limit=1&offset=1`)).json();
    expect(second.rows).toHaveLength(1);
    expect(second.rows[0].unit.id).toBe(whole.rows[1].unit.id);
    expect(second.rowCount).toEqual(whole.rowCount);
    expect(second.totals).toEqual(whole.totals);
    expect(second.returnsSummary).toEqual(whole.returnsSummary);
    expect(second.returns.length).toBeLessThanOrEqual(1);
    // The closed school, by part of its CCT in lower case, or by its name without accents.
    for (const q of [
      closedSchool.code.slice(2).toLowerCase(),
      closedSchool.name.normalize('NFD').replace(/\p{M}/gu, ''),
    ]) {
      const found = (await mor.get(`${base}&q=${encodeURIComponent(q)}`)).json();
      expect(found.rows.map((r: { unit: { id: number } }) => r.unit.id)).toEqual([closedSchool.id]);
      expect(found.rowCount.matching).toBe(1);
      expect(found.returns.map((r: { school: { id: number } }) => r.school.id)).toEqual([closedSchool.id]);
      expect(found.returnsSummary).toEqual(whole.returnsSummary);
    }
    const none = (await mor.get(`${base}&q=${encodeURIComponent('ninguna escuela se llama así')}`)).json();
    expect(none.rows).toEqual([]);
    expect(none.returns).toEqual([]);
    expect(none.rowCount).toEqual({ ...whole.rowCount, matching: 0 });
    expect((await mor.get(`${base}&limit=501`)).statusCode).toBe(400);
  });

  it('shows a zone’s closing report to its supervisor, read only, and not to another zone’s', async () => {
    const zoneId = pathIds(school.path)[3] as number;
    const res = await supervisor.get(`/api/pec/cycles/${cycleId}/closing?unitId=${zoneId}`);
    expect(res.statusCode).toBe(200);
    const zone = res.json();
    expect(zone.unit).toMatchObject({ id: zoneId, kind: 'zone' });
    const row = zone.rows.find((r: { unit: { id: number } }) => r.unit.id === school.id);
    expect(row.closedAt).not.toBeNull();
    // Its figures are the state report's for the same school, and its returns are listed.
    const stateReport = (await jal.get(`/api/pec/cycles/${cycleId}/closing?unitId=${state.id}`)).json();
    const same = stateReport.rows.find((r: { unit: { id: number } }) => r.unit.id === school.id);
    expect(row.totals).toEqual(same.totals);
    expect(zone.rows.every((r: { unit: { kind: string } }) => r.unit.kind === 'school')).toBe(true);
    expect(zone.returns.map((r: { school: { id: number } }) => r.school.id)).toContain(school.id);
    expect(zone.returnsDueOn).toBe(stateReport.returnsDueOn);
    expect(zone.movements).toEqual([]);
    expect(zone.can).toEqual({ close: false, recordFederalReturn: false });
    // Only the state closes: the zone's supervisor may not close a school.
    expect(
      (await withKey(supervisor, `/api/pec/cycles/${cycleId}/schools/${school.id}/close`, {})).statusCode,
    ).toBeGreaterThanOrEqual(403);
    // Another zone's supervisor does not see it.
    const other = await t.login('supervisor.cuautla@demo.calidad.mx');
    expect((await other.get(`/api/pec/cycles/${cycleId}/closing?unitId=${zoneId}`)).statusCode).toBe(404);
    // A school is not an area with a report of its own.
    expect((await jal.get(`/api/pec/cycles/${cycleId}/closing?unitId=${school.id}`)).statusCode).toBe(404);
  });

  it('closes the rest of the state, then records what goes back to the Federation', async () => {
    const url = `/api/pec/cycles/${cycleId}/states/${state.id}/federal-return`;
    expect((await withKey(jal, url, { amount: 1_000, reference: 'TESOFE' })).json().code).toBe(
      'close_state_open',
    );
    const closed = await withKey(jal, `/api/pec/cycles/${cycleId}/states/${state.id}/close`, {});
    expect(closed.statusCode, closed.body).toBe(200);
    const trust = await balanceOf('state_trust', state.id);
    const back = await withKey(jal, url, { amount: trust, reference: 'Línea de captura TESOFE 0042' });
    expect(back.statusCode, back.body).toBe(201);
    expect(back.json().trustBalance).toBe(0);
    const report = (await jal.get(`/api/pec/cycles/${cycleId}/closing?unitId=${state.id}`)).json();
    expect(report.totals.returnedToFederation).toBe(trust);
    expect(report.movements).toContainEqual(
      expect.objectContaining({
        kind: 'federal_return',
        amount: trust,
        reference: 'Línea de captura TESOFE 0042',
      }),
    );
    expect(report.closed).not.toBeNull();
    expect((await verifyLedger(t.ctx.db)).ok).toBe(true);
  });
});

describe('the accountability report', () => {
  it('tells the community what came in, what went out on which action, and what is left', async () => {
    const res = await director.get(`/api/pec/cycles/${cycleId}/schools/${school.id}/accountability`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.income).toContainEqual(expect.objectContaining({ source: 'initial', amount: 5_000_000 }));
    expect(r.received).toBe(5_000_000);
    expect(r.actions.find((a: { actionId: string }) => a.actionId === 'a2').spent).toBe(150_000);
    expect(r.summary.join(' ')).toMatch(/recibió \$50,000\.00/);
    expect(r.summary.join(' ')).toMatch(/se devolvieron al fideicomiso estatal/);
    expect(r.can.acknowledge).toBe(true);
    const pdf = await director.get(`/api/pec/cycles/${cycleId}/schools/${school.id}/accountability.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('records the council’s answer, with observations when it does not acknowledge', async () => {
    const url = `/api/pec/cycles/${cycleId}/schools/${school.id}/accountability/acknowledgement`;
    const put = (c: Client, body: unknown) => c.request({ method: 'PUT', url, payload: body as object });
    const none = await put(director, { acknowledged: false, heldOn: todayMx(), attendees: 12 });
    expect(none.statusCode).toBe(422);
    expect(none.json().errors[0].path).toBe('observations');
    const ok = await put(director, { acknowledged: true, heldOn: todayMx(), attendees: 14 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().acknowledgement).toMatchObject({ acknowledged: true, attendees: 14 });
    const parentElsewhere = await t.login('padre@demo.calidad.mx');
    expect(
      (await put(parentElsewhere, { acknowledged: true, heldOn: todayMx(), attendees: 3 })).statusCode,
    ).toBe(404);
    expect((await put(supervisor, { acknowledged: true, heldOn: todayMx(), attendees: 3 })).statusCode).toBe(
      403,
    );
  });
});

describe('the public transparency site', () => {
  const anon = () => t.anonymous();

  it('shows the nation, a state and a participating school without a login, and no personal data', async () => {
    const nation = await anon().get('/transparencia/pec/recursos');
    expect(nation.statusCode).toBe(200);
    expect(nation.headers['content-type']).toMatch(/text\/html/);
    expect(nation.headers['cache-control']).toBe('public, max-age=300');
    expect(nation.body).toContain('Morelos');
    expect(nation.body.length).toBeLessThan(60_000);
    const state = await anon().get('/transparencia/pec/recursos/17');
    expect(state.statusCode).toBe(200);
    expect(state.body).toContain('17DPR0101K');
    // Its map: a dot per participating school, linking to the school's page.
    expect(state.body).toContain('Mapa de las escuelas participantes de Morelos');
    expect(state.body.match(/<circle /g)?.length).toBe(3);
    expect(nation.body).toContain('aria-label="Morelos: 3 escuelas');
    const page = await anon().get('/transparencia/pec/escuelas/17DPR0101K');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Madres y padres de familia');
    for (const body of [nation.body, state.body, page.body]) {
      expect(body).not.toMatch(/@demo\.calidad\.mx/);
      expect(body).not.toContain('<script');
    }
    // A school whose selection is not published has no public page.
    expect((await anon().get('/transparencia/pec/escuelas/14DES0005W')).statusCode).toBe(404);
    expect((await anon().get('/transparencia/pec/recursos/99')).statusCode).toBe(404);
  });

  it('answers a revalidation with 304', async () => {
    const first = await anon().get('/transparencia/pec/recursos/17');
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await anon().get('/transparencia/pec/recursos/17', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
  });

  it('publishes open data in CSV and JSON that match the data dictionary', async () => {
    const dict = (await anon().get('/api/pec/public/datos/diccionario')).json();
    const schools = dict.find((d: { dataset: string }) => d.dataset === 'escuelas');
    const csv = await anon().get(`/api/pec/public/datos/${cycleId}/escuelas.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const [header, ...lines] = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(header?.split(',')).toEqual(schools.columns.map((c: { name: string }) => c.name));
    expect(lines.some((l) => l.includes('17DPR0101K'))).toBe(true);
    const json = (await anon().get(`/api/pec/public/datos/${cycleId}/estados.json`)).json();
    const states = dict.find((d: { dataset: string }) => d.dataset === 'estados');
    expect(Object.keys(json.rows[0])).toEqual(states.columns.map((c: { name: string }) => c.name));
    const mor = json.rows.find((r: { clave_entidad: string }) => r.clave_entidad === '17');
    expect(mor.escuelas_participantes).toBe(3);
    expect(mor.transferido_inicial).toBeGreaterThan(0);
    const only = await anon().get(`/api/pec/public/datos/${cycleId}/escuelas.csv?estado=17`);
    expect(
      only.body
        .split('\r\n')
        .slice(1)
        .filter(Boolean)
        .every((l) => l.includes(',17,')),
    ).toBe(true);
    expect((await anon().get('/transparencia/pec/datos')).body).toContain('avance_pat');
  });
});
