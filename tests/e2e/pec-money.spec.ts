import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { call, expectAccessible, invite, person, todayMx } from './support.ts';

/**
 * The programme's money in the browser: the national coordination reads the allocation formula
 * state by state; the Morelos coordination validates and rejects school contributions and releases
 * a match in bulk; the director of 17DPR0101K records a contribution with its receipt, uploads a
 * CFDI that fails a check (each failure explained) and then a valid one, which is paid from the
 * school account and listed, and attaches its printed PDF (then downloadable); the director proves a
 * small purchase with a simple receipt (refused first for a file that is no scan and for an amount
 * above the rules' limit per receipt, each refusal explained); the zone supervisor observes the
 * CFDI expense, the director answers and the supervisor accepts it, the history naming who acted. The people and plan it needs (a zone supervisor for Cuernavaca, a director
 * for 17DPR0103I, 17DPR0101K's approved PAT) are made through the API first, with names unique to
 * the run, so the journey does not depend on other specs.
 */

test.use({ actionTimeout: 15_000 });

const RUN = Date.now().toString(36);
const FIXTURE = readFileSync(path.resolve('src/server/modules/finance/fixtures/cfdi40-valid.xml'), 'utf8');
const SUPPLIER = `PAPELERIA LA ESPERANZA ${RUN.toUpperCase()}`;
const SELLER = `TLAPALERIA DON CHUY ${RUN.toUpperCase()}`;
/** A 1×1 PNG: a receipt's photo as far as the server's content check goes. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

type Unit = { id: number; kind: string; code: string; name: string };

const daysFrom = (date: string, n: number) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** The test CFDI (4,935.80 pesos), issued yesterday, with a UUID and supplier of this run. */
function invoice(): string {
  const day = daysFrom(todayMx(), -1);
  const hex = [...RUN.padStart(12, '0')]
    .map((c) => (/[0-9a-f]/.test(c) ? c : String(c.charCodeAt(0) % 10)))
    .join('')
    .slice(-12);
  return FIXTURE.replace('Fecha="2026-03-15T10:30:00"', `Fecha="${day}T10:30:00"`)
    .replace('FechaTimbrado="2026-03-15T10:31:12"', `FechaTimbrado="${day}T10:31:12"`)
    .replace('UUID="5e2a8c1d-7b3f-4a9e-8c21-3f6d9b0e4a17"', `UUID="5e2a8c1d-7b3f-4a9e-8c21-${hex}"`)
    .replace('Nombre="COMERCIALIZADORA PAPELERA DEL ALTIPLANO"', `Nombre="${SUPPLIER}"`);
}

/** A small but real PDF (the server checks the file's content, not its name). */
const pdf = (text: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );

/** 17DPR0101K's PAT for the cycle, approved (written, sent, endorsed, ruled), unless it already is. */
async function approvedPlan(
  director: Page,
  supervisor: Page,
  estatal: Page,
  cycleId: number,
  schoolId: number,
) {
  const { id } = await call<{ id: string }>(
    director,
    'POST',
    `/api/pec/cycles/${cycleId}/schools/${schoolId}/plan`,
    {},
  );
  const plan = await call<{ state: string; revision: number; standards: { code: string }[] }>(
    director,
    'GET',
    `/api/pec/plans/${id}`,
  );
  if (plan.state === 'approved' || plan.state === 'approved_with_observations') return id;
  if (plan.state === 'draft' || plan.state === 'returned') {
    const r = plan.revision;
    const action = (aid: string, text: string, cost: number, category: string) => ({
      op: 'put',
      list: 'pat.actions',
      item: {
        id: aid,
        goalId: 'g1',
        text,
        responsible: 'Dirección',
        startOn: daysFrom(todayMx(), 30),
        endOn: daysFrom(todayMx(), 200),
        cost,
        fundingSource: 'pec',
        category,
      },
      baseRevision: r,
    });
    await call(director, 'POST', `/api/pec/plans/${id}/changes`, {
      changes: [
        ...plan.standards.map((s, i) => ({
          op: 'rate',
          standard: s.code,
          rating: { level: i % 2 ? 3 : 2, evidence: 'Registro del CTE', comment: '' },
          baseRevision: r,
        })),
        {
          op: 'set',
          path: 'pete.context',
          value: 'Escuela urbana de organización completa.',
          baseRevision: r,
        },
        { op: 'set', path: 'pete.mission', value: 'Formar lectores autónomos.', baseRevision: r },
        { op: 'set', path: 'pete.vision', value: 'Una escuela donde todos leen.', baseRevision: r },
        { op: 'set', path: 'pete.priorities', value: [plan.standards[0]?.code], baseRevision: r },
        {
          op: 'put',
          list: 'pete.objectives',
          item: { id: 'o1', dimension: 'pedagogica', text: 'Mejorar la comprensión lectora' },
          baseRevision: r,
        },
        {
          op: 'put',
          list: 'pete.goals',
          item: {
            id: 'g1',
            objectiveId: 'o1',
            standard: plan.standards[0]?.code ?? null,
            text: 'Alumnos que leen con fluidez',
            indicator: '% de alumnos',
            baseline: 40,
            target: 70,
            year: Number(todayMx().slice(0, 4)) + 1,
          },
          baseRevision: r,
        },
        action('a1', 'Biblioteca de aula en cada grupo', 1_500_000, 'materiales'),
        action('a2', 'Taller de lectura con madres y padres', 600_000, 'capacitacion'),
      ],
    });
    await call(director, 'POST', `/api/pec/plans/${id}/review/submit`, {});
  }
  const now = await call<{ state: string }>(director, 'GET', `/api/pec/plans/${id}`);
  if (now.state === 'submitted') await call(supervisor, 'POST', `/api/pec/plans/${id}/review/endorse`, {});
  await call(estatal, 'POST', `/api/pec/plans/${id}/review/approve`, {});
  return id;
}

test('the money: allocation, contributions validated, a match released, expenses proven and reviewed', async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000);

  // Who and what the journey needs, through the API.
  const admin = await person(browser, 'admin@demo.calidad.mx');
  const estatal = await person(browser, 'estatal.mor@demo.calidad.mx');
  const director = await person(browser, 'director.morelos@demo.calidad.mx');
  const cycles = await call<{ id: number; schoolYear: string; publishedVersion: number | null }[]>(
    director,
    'GET',
    '/api/pec/cycles',
  );
  const cycleId = (
    cycles
      .filter((c) => c.publishedVersion !== null)
      .sort((a, b) => b.schoolYear.localeCompare(a.schoolYear))[0] as { id: number }
  ).id;
  const me = await call<{ assignments: { role: string; unit: Unit }[] }>(director, 'GET', '/api/me');
  const school = (me.assignments.find((a) => a.role === 'school_director') as { unit: Unit }).unit;
  expect(school.code).toBe('17DPR0101K');
  const detail = await call<{ ancestors: Unit[] }>(director, 'GET', `/api/org/units/${school.id}`);
  const zone = detail.ancestors.find((u) => u.kind === 'zone') as Unit;
  const found = await call<{ items: Unit[] }>(estatal, 'GET', '/api/org/units?q=17DPR0103I&kind=school');
  const other = found.items.find((u) => u.code === '17DPR0103I') as Unit;
  expect(other).toBeTruthy();

  const supervisorEmail = `supervision.cuernavaca.${RUN}@ejemplo.mx`;
  const otherDirectorEmail = `direccion.guerrero.${RUN}@ejemplo.mx`;
  await invite(estatal, admin, request, {
    email: supervisorEmail,
    name: 'Alma Supervisora Villegas',
    role: 'zone_supervisor',
    unitId: zone.id,
  });
  await invite(estatal, admin, request, {
    email: otherDirectorEmail,
    name: 'Joel Director Ayala',
    role: 'school_director',
    unitId: other.id,
  });
  const supervisor = await person(browser, supervisorEmail);
  const otherDirector = await person(browser, otherDirectorEmail);
  const planId = await approvedPlan(director, supervisor, estatal, cycleId, school.id);
  expect(planId).toBeTruthy();
  // 17DPR0103I raised cash (to be validated and matched) and a donation without a receipt (to be rejected).
  for (const [amount, description] of [
    [500_000, `Cooperación de las familias para el huerto ${RUN}`],
    [100_000, `Donativo sin recibo ${RUN}`],
  ] as const)
    await call(otherDirector, 'POST', `/api/pec/cycles/${cycleId}/contributions`, {
      schoolUnitId: other.id,
      source: description.startsWith('Donativo') ? 'donativos' : 'padres',
      kind: 'cash',
      amount,
      receivedOn: daysFrom(todayMx(), -2),
      description,
    });

  // The national coordination reads the allocation: the formula, then each state's figures.
  const nacional = await person(browser, 'nacional@demo.calidad.mx');
  await nacional.goto('/pec');
  await nacional.getByRole('link', { name: 'Recursos: asignación federal' }).click();
  await expect(
    nacional.getByRole('heading', { level: 1, name: 'Asignación federal a las entidades' }),
  ).toBeVisible();
  const how = nacional.getByRole('region', { name: 'Cómo se calcula' });
  await expect(how).toContainText('El presupuesto federal del ciclo es de $20,000,000.00.');
  await expect(how).toContainText('por cada peso que pone la entidad, la Federación pone 3');
  await expect(nacional.getByRole('status').filter({ hasText: 'El presupuesto se asignó el' })).toBeVisible();
  const table = nacional.getByRole('table', { name: /entidades ·/ });
  const morelosRow = table.getByRole('row', { name: /^Morelos/ });
  await expect(morelosRow).toContainText('%');
  await expect(morelosRow).toContainText('$');
  await expect(table.getByRole('row', { name: /^Jalisco/ })).toBeVisible();
  const amountHeader = table.getByRole('columnheader', { name: /Asignación federal/ });
  await amountHeader.getByRole('button').click();
  await expect(amountHeader).toHaveAttribute('aria-sort', 'ascending');
  await expectAccessible(nacional);
  await morelosRow.getByRole('link', { name: 'Morelos' }).click();
  await expect(
    nacional.getByRole('heading', { level: 1, name: 'Fideicomiso estatal de Morelos' }),
  ).toBeVisible();
  await expect(nacional.getByRole('button', { name: /^Transferir/ })).toHaveCount(0);
  await expectAccessible(nacional);

  // The director records a contribution with its receipt.
  await director.goto('/pec');
  await director.getByRole('link', { name: 'Recursos y gastos de la escuela' }).click();
  await expect(
    director.getByRole('heading', {
      level: 1,
      name: 'Escuela Primaria Ignacio Zaragoza: recursos y gastos',
    }),
  ).toBeVisible();
  const form = director.locator('form').filter({ hasText: 'Registrar una aportación' });
  await form.getByLabel('Origen').selectOption({ label: 'Madres y padres de familia' });
  await form.getByLabel('Tipo').selectOption({ label: 'En efectivo' });
  await form.getByLabel('Monto (o valor estimado', { exact: false }).fill('2,500');
  await form.getByLabel('Descripción').fill(`Kermés escolar ${RUN}`);
  await form.locator('input[type=file]').setInputFiles({
    name: 'recibo-kermes.pdf',
    mimeType: 'application/pdf',
    buffer: pdf('recibo de la kermés'),
  });
  await expectAccessible(director);
  await form.getByRole('button', { name: 'Registrar aportación' }).click();
  await expect(form.getByRole('status')).toContainText(
    'Aportación de $2,500.00 registrada con su comprobante. Queda por validar.',
  );
  const kermes = director.getByRole('row', { name: new RegExp(`Kermés escolar ${RUN}`) });
  await expect(kermes).toContainText('Por validar');
  await expect(
    kermes.getByRole('link', { name: 'Descargar el comprobante recibo-kermes.pdf' }),
  ).toBeVisible();
  await expect(director.getByRole('region', { name: 'Contrapartida: cómo se calcula' })).toContainText(
    'Por validar: $2,500.00',
  );

  // The Morelos coordination validates, rejects with a reason, and releases the match in bulk.
  await estatal.goto('/pec');
  await estatal.getByRole('link', { name: 'Recursos de Morelos' }).click();
  await expect(
    estatal.getByRole('heading', { level: 1, name: 'Fideicomiso estatal de Morelos' }),
  ).toBeVisible();
  const queue = estatal.getByRole('region', { name: 'Aportaciones de las escuelas por validar' });
  await expect(queue.getByRole('row', { name: new RegExp(`Kermés escolar ${RUN}`) })).toBeVisible();
  await expectAccessible(estatal);
  await queue
    .getByRole('row', { name: new RegExp(`huerto ${RUN}`) })
    .getByRole('button', { name: 'Validar la aportación de $5,000.00 de 17DPR0103I' })
    .click();
  let dialog = estatal.getByRole('dialog');
  await expect(dialog).toContainText('El efectivo entra a la cuenta de la escuela');
  await dialog.getByRole('button', { name: 'Validar' }).click();
  await expect(dialog).toBeHidden();
  await queue
    .getByRole('row', { name: new RegExp(`Donativo sin recibo ${RUN}`) })
    .getByRole('button', { name: 'Rechazar la aportación de $1,000.00 de 17DPR0103I' })
    .click();
  dialog = estatal.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Rechazar' }).click();
  await expect(dialog.getByText('Escriba el motivo del rechazo.')).toBeVisible();
  await dialog
    .getByLabel('Motivo del rechazo')
    .fill('El recibo no identifica al donante. Regístrelo con el comprobante.');
  await expectAccessible(estatal);
  await dialog.getByRole('button', { name: 'Rechazar' }).click();
  await expect(dialog).toBeHidden();
  await queue
    .getByRole('row', { name: new RegExp(`Kermés escolar ${RUN}`) })
    .getByRole('button', { name: 'Validar la aportación de $2,500.00 de 17DPR0101K' })
    .click();
  await estatal.getByRole('dialog').getByRole('button', { name: 'Validar' }).click();
  await expect(estatal.getByRole('dialog')).toBeHidden();
  await expect(queue.getByRole('row', { name: new RegExp(RUN) })).toHaveCount(0);
  const schools = estatal.getByRole('table', { name: /escuelas seleccionadas/ });
  await expect(schools.getByRole('row', { name: /17DPR0103I/ })).toContainText('$5,000.00');
  await estatal.getByRole('button', { name: /^Transferir contrapartida/ }).click();
  dialog = estatal.getByRole('dialog');
  await expect(dialog.getByRole('row', { name: /17DPR0103I/ })).toContainText('$5,000.00');
  await expectAccessible(estatal);
  await dialog.getByRole('button', { name: 'Transferir', exact: true }).click();
  await expect(dialog).toBeHidden();
  const released = estatal.getByRole('status').filter({ hasText: 'Se realizó' });
  await expect(released).toContainText('Se realizó 1 transferencia por $5,000.00.');
  await expect(released.getByRole('row', { name: /17DPR0103I/ })).toContainText('Contrapartida');
  // Its initial grant went earlier (the demo); now its match too.
  await expect(schools.getByRole('row', { name: /17DPR0103I/ })).toContainText(
    /transferidos el.*\$5,000\.00 transferidos el/,
  );
  await expectAccessible(estatal);

  // The director sees the contribution validated, then proves an expense with a CFDI.
  await director.reload();
  await expect(kermes).toContainText('Validada');
  const balanceText = async () =>
    Number(((await director.getByTestId('school-balance').textContent()) ?? '').replace(/[^\d.]/g, ''));
  const before = await balanceText();
  const cfdi = director.locator('form').filter({ hasText: 'Comprobar un gasto con su factura (CFDI)' });
  await cfdi.getByLabel('Acción del PAT').selectOption({ label: '1. Biblioteca de aula en cada grupo' });
  await expect(cfdi.getByLabel('Rubro de gasto')).toHaveValue('materiales');
  await cfdi.getByLabel('Descripción del gasto').fill('Cuadernos y gises para la biblioteca de aula');
  const file = cfdi.locator('input[type=file]');
  await file.setInputFiles({
    name: 'factura-alterada.xml',
    mimeType: 'text/xml',
    buffer: Buffer.from(invoice().replace('Total="4935.80"', 'Total="5935.80"')),
  });
  await cfdi.getByRole('button', { name: 'Revisar y registrar el gasto' }).click();
  const refused = cfdi.getByRole('alert');
  await expect(refused).toContainText(/La factura no pasó \d+ revisi/);
  await expect(refused.getByRole('listitem').filter({ hasText: /^Importes:/ })).toBeVisible();
  await expect(refused).toContainText('No se registró nada ni se movió dinero.');
  await expectAccessible(director);
  await file.setInputFiles({ name: 'factura.xml', mimeType: 'text/xml', buffer: Buffer.from(invoice()) });
  await cfdi.getByRole('button', { name: 'Revisar y registrar el gasto' }).click();
  await expect(cfdi.getByRole('status')).toContainText('Se registró el gasto de $4,935.80');
  const expense = director.getByRole('row', { name: new RegExp(SUPPLIER) });
  await expect(expense).toContainText('$4,935.80');
  await expect(expense).toContainText('En revisión');
  await expect(expense).toContainText('1. Biblioteca de aula en cada grupo');
  await expect.poll(balanceText).toBeCloseTo(before - 4935.8, 2);
  await expect(
    director.getByRole('table', { name: 'Gasto por rubro frente a su tope' }).getByRole('row', {
      name: /Materiales educativos, libros y acervos/,
    }),
  ).toContainText('$4,935.80');
  await expectAccessible(director);

  // The director attaches the invoice's printed PDF (once, while it is under review); both files download.
  await expect(expense.getByRole('link', { name: 'XML del CFDI' })).toBeVisible();
  await expense
    .getByRole('button', { name: `Adjuntar el PDF de la factura de $4,935.80 de ${SUPPLIER}` })
    .click();
  dialog = director.getByRole('dialog');
  await expect(dialog).toContainText('el comprobante sigue siendo el XML');
  await dialog.getByRole('button', { name: 'Adjuntar PDF' }).click();
  await expect(dialog.getByText('Elija el PDF de la factura.')).toBeVisible();
  await dialog.locator('input[type=file]').setInputFiles({
    name: 'factura-impresa.pdf',
    mimeType: 'application/pdf',
    buffer: pdf(`factura impresa ${RUN}`),
  });
  await expectAccessible(director);
  await dialog.getByRole('button', { name: 'Adjuntar PDF' }).click();
  await expect(dialog).toBeHidden();
  await expect(director.getByRole('status').filter({ hasText: 'Se adjuntó el PDF' })).toContainText(
    `Se adjuntó el PDF a la factura de $4,935.80 de ${SUPPLIER}.`,
  );
  const pdfLink = expense.getByRole('link', { name: 'PDF de la factura' });
  await expect(pdfLink).toBeVisible();
  await expect(expense.getByRole('button', { name: /^Adjuntar el PDF/ })).toHaveCount(0);
  const printed = await director.request.get((await pdfLink.getAttribute('href')) as string);
  expect(printed.status()).toBe(200);
  expect(printed.headers()['content-type']).toContain('application/pdf');
  expect((await printed.body()).toString()).toContain(`factura impresa ${RUN}`);
  const xml = await director.request.get(
    (await expense.getByRole('link', { name: 'XML del CFDI' }).getAttribute('href')) as string,
  );
  expect(xml.status()).toBe(200);
  expect((await xml.body()).toString()).toContain(SUPPLIER);

  // A small purchase without a CFDI, proven with a simple receipt (the demo rules allow up to $2,000.00).
  const paid = await balanceText();
  const receipt = director.locator('form').filter({ hasText: 'Comprobar con recibo simple' });
  await expect(receipt).toContainText('Cada recibo simple ampara hasta $2,000.00');
  await receipt
    .getByLabel('Acción del PAT')
    .selectOption({ label: '2. Taller de lectura con madres y padres' });
  await expect(receipt.getByLabel('Rubro de gasto')).toHaveValue('capacitacion');
  await receipt.getByRole('button', { name: 'Registrar el gasto con recibo simple' }).click();
  await expect(receipt.getByText('Explique por qué no hay CFDI (al menos 10 caracteres).')).toBeVisible();
  await expect(receipt.getByText('Elija el archivo del recibo.')).toBeVisible();
  await receipt.getByLabel('Descripción del gasto').fill('Cartulinas y plumones para el taller de lectura');
  await receipt.getByLabel('Monto pagado').fill('1,250.50');
  await receipt.getByLabel('Fecha del gasto').fill(daysFrom(todayMx(), -1));
  await receipt.getByLabel('A quién se pagó').fill(SELLER);
  await receipt
    .getByLabel('Por qué no hay CFDI')
    .fill('El puesto del mercado no está inscrito en el SAT y no emite factura.');
  const scan = receipt.locator('input[type=file]');
  await scan.setInputFiles({ name: 'recibo.txt', mimeType: 'text/plain', buffer: Buffer.from('recibo') });
  await receipt.getByRole('button', { name: 'Registrar el gasto con recibo simple' }).click();
  await expect(receipt.getByRole('alert')).toContainText('El archivo debe ser PDF, JPEG o PNG');
  await scan.setInputFiles({ name: 'recibo-tlapaleria.png', mimeType: 'image/png', buffer: PNG });
  await receipt.getByLabel('Monto pagado').fill('2,500');
  await receipt.getByRole('button', { name: 'Registrar el gasto con recibo simple' }).click();
  const overLimit = receipt.getByRole('alert');
  await expect(overLimit).toContainText(
    'Un recibo simple ampara hasta $2,000.00; este es de $2,500.00. Pida un CFDI al proveedor.',
  );
  await expect(overLimit).toContainText('No se registró nada ni se movió dinero.');
  await expect(receipt.getByText('Supera el límite por recibo simple.')).toBeVisible();
  await expect(director.getByRole('row', { name: new RegExp(SELLER) })).toHaveCount(0);
  await expectAccessible(director);
  await receipt.getByLabel('Monto pagado').fill('1,250.50');
  await receipt.getByRole('button', { name: 'Registrar el gasto con recibo simple' }).click();
  await expect(receipt.getByRole('status')).toContainText(
    `Se registró el gasto de $1,250.50 pagado a ${SELLER}, comprobado con recibo simple`,
  );
  const small = director.getByRole('row', { name: new RegExp(SELLER) });
  await expect(small).toContainText('$1,250.50');
  await expect(small).toContainText('En revisión');
  await expect(small).toContainText('2. Taller de lectura con madres y padres');
  await expect(small).toContainText(
    'Comprobado con recibo simple: El puesto del mercado no está inscrito en el SAT y no emite factura.',
  );
  await expect(small.getByRole('link', { name: 'Recibo escaneado' })).toBeVisible();
  await expect(small.getByRole('button', { name: /^Adjuntar el PDF/ })).toHaveCount(0);
  await expect.poll(balanceText).toBeCloseTo(paid - 1250.5, 2);
  await small.getByRole('button', { name: /^Historial/ }).click();
  await expect(
    director.getByRole('region', { name: new RegExp(`Historial del gasto de ${SELLER}`) }),
  ).toContainText(/La escuela registró el gasto con recibo simple.*por .+ \(Dirección escolar\)/);
  await expectAccessible(director);

  // The zone supervisor observes it from the zone's dashboard; the director answers; the supervisor accepts.
  await supervisor.goto('/pec');
  await supervisor.getByRole('link', { name: 'Recursos de 17DPR0101K' }).click();
  const reviewed = supervisor.getByRole('row', { name: new RegExp(SUPPLIER) });
  await reviewed.getByRole('button', { name: /^Hacer observaciones/ }).click();
  dialog = supervisor.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Hacer observaciones' }).click();
  await expect(dialog.getByText('Escriba el comentario.')).toBeVisible();
  await dialog.getByLabel('Comentario').fill('Anexe la lista de cuadernos entregados por grupo.');
  await expectAccessible(supervisor);
  await dialog.getByRole('button', { name: 'Hacer observaciones' }).click();
  await expect(dialog).toBeHidden();
  await expect(reviewed).toContainText('Con observaciones');
  await expect(supervisor.getByRole('button', { name: /^Validar la aportación/ })).toHaveCount(0);
  await expectAccessible(supervisor);

  await director.reload();
  await expect(expense).toContainText('Con observaciones');
  await expense.getByRole('button', { name: /^Responder/ }).click();
  dialog = director.getByRole('dialog');
  await dialog.getByLabel('Comentario').fill('Se anexa la lista de entrega firmada por cada docente.');
  await dialog.getByRole('button', { name: 'Responder' }).click();
  await expect(dialog).toBeHidden();
  await expect(expense).toContainText('En revisión');
  await expense.getByRole('button', { name: /^Historial/ }).click();
  const history = director.getByRole('region', { name: new RegExp(`Historial del gasto de ${SUPPLIER}`) });
  await expect(history).toContainText('Observaciones de la revisión');
  await expect(history).toContainText('por Alma Supervisora Villegas (Supervisión escolar)');
  await expect(history).toContainText('Anexe la lista de cuadernos entregados por grupo.');
  await expect(history).toContainText('Respuesta de la escuela');
  await expect(history).toContainText('Se anexa la lista de entrega firmada por cada docente.');
  await expectAccessible(director);

  await supervisor.reload();
  await reviewed.getByRole('button', { name: /^Aceptar/ }).click();
  await supervisor.getByRole('dialog').getByRole('button', { name: 'Aceptar' }).click();
  await expect(supervisor.getByRole('dialog')).toBeHidden();
  await expect(reviewed).toContainText('Aceptado');
});
