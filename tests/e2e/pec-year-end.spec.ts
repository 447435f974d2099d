import { expect, test } from '@playwright/test';
import { call, expectAccessible, invite, person, todayMx } from './support.ts';

/**
 * The year end of the programme's money in the browser: the Morelos coordination opens its closing
 * report, closes the year of one school (17DPR0103I, after a dialog that says what becomes of its
 * balance), sees its return due (reintegro) and records the trust fund's interest; the national
 * coordination reads the nation's report and goes down to Morelos; the school's director reads the
 * accountability report's plain summary, downloads its PDF, records the return with its deposit
 * reference and the school council's answer (observations are required when it does not
 * acknowledge); the state sees the return as paid; and, signed out, anyone reads the school's
 * figures and its council presentation on the public pages, which pass axe too.
 *
 * Closing a school cannot be undone, and the browser tests share one database: the journey uses
 * 17DPR0103I, whose money no later spec touches (pec-money, which runs before it, only validates
 * its contributions and releases its match; the demo closes 17DES0104H). Its director is invited
 * through the API with an address unique to the run. On a retry after the close went through, the
 * close and the return are not repeated (they could not be) and the rest of the journey runs.
 */

test.use({ actionTimeout: 15_000 });

const RUN = Date.now().toString(36);
const CCT = '17DPR0103I';
const SCHOOL = 'Escuela Primaria Vicente Guerrero';

type Unit = { id: number; kind: string; code: string; name: string };
type Totals = { schoolBalances: number };
type Report = {
  returnsDueOn: string | null;
  rows: { unit: Unit; closedAt: string | null; pendingReviews: number; totals: Totals }[];
  returns: { school: Unit; amount: number; returnedAt: string | null }[];
};

const money = (centavos: number) =>
  new Intl.NumberFormat('es-MX', { style: 'currency', currency: 'MXN' }).format(centavos / 100);
const longDate = (date: string) =>
  new Intl.DateTimeFormat('es-MX', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );
test('the year end: a school closed, its return paid, its accountability report acknowledged and public', async ({
  browser,
  request,
}) => {
  test.setTimeout(240_000);

  // Who and what the journey needs, through the API.
  const admin = await person(browser, 'admin@demo.calidad.mx');
  const estatal = await person(browser, 'estatal.mor@demo.calidad.mx');
  const cycles = await call<{ id: number; schoolYear: string; publishedVersion: number | null }[]>(
    estatal,
    'GET',
    '/api/pec/cycles',
  );
  const cycleId = (
    cycles
      .filter((c) => c.publishedVersion !== null)
      .sort((a, b) => b.schoolYear.localeCompare(a.schoolYear))[0] as { id: number }
  ).id;
  const me = await call<{ assignments: { role: string; unit: Unit }[] }>(estatal, 'GET', '/api/me');
  const morelos = (me.assignments.find((a) => a.role === 'state_coordinator') as { unit: Unit }).unit;
  expect(morelos.code).toBe('17');
  const found = await call<{ items: Unit[] }>(estatal, 'GET', `/api/org/units?q=${CCT}&kind=school`);
  const school = found.items.find((u) => u.code === CCT) as Unit;
  expect(school).toBeTruthy();
  const directorEmail = `direccion.guerrero.cierre.${RUN}@ejemplo.mx`;
  await invite(estatal, admin, request, {
    email: directorEmail,
    name: 'Martha Directora Salgado',
    role: 'school_director',
    unitId: school.id,
  });
  const before = await call<Report>(
    estatal,
    'GET',
    `/api/pec/cycles/${cycleId}/closing?unitId=${morelos.id}`,
  );
  const row = before.rows.find((r) => r.unit.code === CCT);
  expect(row, `${CCT} in the Morelos closing report`).toBeTruthy();
  expect(row?.pendingReviews, `${CCT} has no expense awaiting review`).toBe(0);
  const retried = !!row?.closedAt;
  const due = retried
    ? (before.returns.find((r) => r.school.code === CCT)?.amount ?? 0)
    : (row?.totals.schoolBalances ?? 0);
  expect(due, `${CCT} has money left to return`).toBeGreaterThan(0);
  const dueOn = longDate(before.returnsDueOn as string);

  // The Morelos coordination opens its closing report from the programme's home and closes one school.
  await estatal.goto(`/pec?ciclo=${cycleId}`);
  await estatal.getByRole('link', { name: 'Cierre del ejercicio de Morelos' }).click();
  await expect(
    estatal.getByRole('heading', { level: 1, name: 'Cierre del ejercicio: Morelos' }),
  ).toBeVisible();
  await expect(estatal.getByRole('region', { name: 'Estado del ejercicio' })).toContainText(
    `Los reintegros de las escuelas vencen el ${dueOn}`,
  );
  const schools = estatal.getByRole('table', { name: /escuelas de Morelos/ });
  const schoolRow = schools.getByRole('row', { name: new RegExp(CCT) });
  await expect(schoolRow).toContainText(SCHOOL);
  await expectAccessible(estatal);
  if (!retried) {
    await expect(schoolRow).toContainText('Abierto');
    await expect(schoolRow).toContainText(money(due));
    await schoolRow.getByRole('button', { name: `Cerrar el ejercicio de ${CCT}` }).click();
    const dialog = estatal.getByRole('dialog', { name: `¿Cerrar el ejercicio de ${SCHOOL} (${CCT})?` });
    await expect(dialog).toContainText(
      `La escuela tiene ${money(due)} sin gastar. Al cerrar, ese saldo se convierte en su reintegro: la escuela debe depositarlo al fideicomiso estatal a más tardar el ${dueOn}.`,
    );
    await expect(dialog).toContainText('El cierre no se puede deshacer.');
    await dialog.getByLabel('Nota para la bitácora (opcional)').fill(`Oficio CGE/0417/${RUN}`);
    await expectAccessible(estatal);
    await dialog.getByRole('button', { name: 'Cerrar el ejercicio de la escuela' }).click();
    await expect(dialog).toBeHidden();
    await expect(estatal.getByRole('status').filter({ hasText: 'Se cerró el ejercicio' })).toContainText(
      `Se cerró el ejercicio de ${CCT}. Debe reintegrar ${money(due)} al fideicomiso estatal a más tardar el ${dueOn}.`,
    );
  }
  await expect(schoolRow).toContainText('Cerrado');
  await expect(schoolRow.getByRole('button', { name: `Cerrar el ejercicio de ${CCT}` })).toHaveCount(0);
  const returns = estatal.getByRole('table', { name: /reintegros?$/ });
  const returnRow = returns.getByRole('row', { name: new RegExp(CCT) });
  await expect(returnRow).toContainText(money(due));
  await expect(returnRow).toContainText(dueOn);
  if (!retried) await expect(returnRow).toContainText('Por reintegrar');
  await expectAccessible(estatal);

  // The trust fund's interest, recorded with its reference (it moves money: the balance grows).
  const interest = estatal.getByRole('form', { name: 'Rendimientos financieros' });
  await interest.getByRole('button', { name: 'Registrar los rendimientos' }).click();
  await expect(interest.getByText('Escriba un monto en pesos mayor que cero')).toBeVisible();
  await interest.getByLabel('Monto de los rendimientos').fill('125.50');
  await interest.getByLabel('Referencia').fill(`Estado de cuenta del fideicomiso ${RUN}`);
  await interest.getByRole('button', { name: 'Registrar los rendimientos' }).click();
  await expect(interest.getByRole('status')).toContainText('Se registraron $125.50 de rendimientos.');
  await expect(estatal.getByRole('form', { name: 'Reintegro a la Federación (TESOFE)' })).toHaveCount(0);
  await expect(estatal.getByText('Se registra después de cerrar el ejercicio del estado.')).toBeVisible();

  // The national coordination reads the nation's report and goes down to Morelos.
  const nacional = await person(browser, 'nacional@demo.calidad.mx');
  await nacional.goto(`/pec?ciclo=${cycleId}`);
  await nacional.getByRole('link', { name: 'Cierre del ejercicio: nacional' }).click();
  await expect(
    nacional.getByRole('heading', { level: 1, name: 'Cierre del ejercicio: nacional' }),
  ).toBeVisible();
  const states = nacional.getByRole('table', { name: /entidad(es)? federativas?$/ });
  await expect(states.getByRole('row', { name: /Morelos/ })).toContainText('Abierto');
  await expectAccessible(nacional);
  await states.getByRole('link', { name: 'Cierre del ejercicio de Morelos' }).click();
  await expect(
    nacional.getByRole('heading', { level: 1, name: 'Cierre del ejercicio: Morelos' }),
  ).toBeVisible();
  await expect(
    nacional.getByRole('table', { name: /escuelas de Morelos/ }).getByRole('row', { name: new RegExp(CCT) }),
  ).toContainText('Cerrado');

  // The director reads the accountability report, records the return and the council's answer.
  const director = await person(browser, directorEmail);
  await director.goto(`/pec?ciclo=${cycleId}`);
  await director.getByRole('link', { name: `Rendición de cuentas de ${CCT}` }).click();
  await expect(
    director.getByRole('heading', { level: 1, name: `Rendición de cuentas: ${SCHOOL}` }),
  ).toBeVisible();
  const summary = director.getByRole('region', { name: 'Lo que hizo la escuela con sus recursos' });
  await expect(summary).toContainText('la escuela recibió');
  await expect(summary).toContainText('Todavía no se ha comprobado ningún gasto.');
  const pdf = director.getByRole('link', { name: 'Descargar PDF' });
  const pdfRes = await director.request.get((await pdf.getAttribute('href')) as string);
  expect(pdfRes.ok()).toBe(true);
  expect(pdfRes.headers()['content-type']).toContain('application/pdf');
  if (!retried) {
    await expect(summary).toContainText(
      `Quedaron ${money(due)} sin gastar, que la escuela debe devolver al fideicomiso estatal a más tardar el`,
    );
    const pay = director.getByRole('form', { name: `Registrar el reintegro de ${CCT}` });
    await expect(pay).toContainText(`Registre el depósito de ${money(due)} al fideicomiso estatal`);
    await pay.getByRole('button', { name: `Registrar el reintegro de ${money(due)}` }).click();
    await expect(pay.getByText('Escriba la referencia del depósito.')).toBeVisible();
    await expectAccessible(director);
    await pay.getByLabel('Referencia del depósito').fill(`SPEI 0099${RUN} al FEEC Morelos`);
    await pay.getByRole('button', { name: `Registrar el reintegro de ${money(due)}` }).click();
    await expect(director.getByRole('status').filter({ hasText: 'Se registró el reintegro' })).toContainText(
      `Se registró el reintegro de ${money(due)} de ${CCT} al fideicomiso estatal.`,
    );
    await expect(pay).toHaveCount(0);
  }
  await expect(summary).toContainText(
    `Los ${money(due)} que no se gastaron se devolvieron al fideicomiso estatal (reintegro).`,
  );
  await expect(director.getByText(`Referencia del depósito: SPEI 0099`)).toBeVisible();

  const council = director.getByRole('form', { name: /^Registrar la respuesta/ });
  await council.getByRole('radio', { name: 'No, hizo observaciones' }).check();
  await council.getByLabel('Asistentes').fill('19');
  await council.getByRole('button', { name: 'Registrar la respuesta' }).click();
  await expect(council.getByText('Escriba las observaciones del consejo.')).toBeVisible();
  await expectAccessible(director);
  await council.getByRole('radio', { name: 'Sí, lo dio por recibido' }).check();
  await council.getByLabel('Fecha de la sesión').fill(todayMx());
  await council.getByRole('button', { name: 'Registrar la respuesta' }).click();
  await expect(director.getByRole('status').filter({ hasText: 'consejo' })).toContainText(
    'Se registró que el consejo dio por recibido el informe.',
  );
  const answer = director.getByTestId('council-answer');
  await expect(answer).toContainText('Dado por recibido');
  await expect(answer).toContainText(`Sesión del ${longDate(todayMx())}, con 19 asistentes.`);
  await expect(answer).toContainText('Registró Martha Directora Salgado');
  await expectAccessible(director);

  // The state sees the return paid.
  await estatal.reload();
  await expect(returnRow).toContainText('Reintegrado');
  await expect(returnRow).toContainText('SPEI 0099');
  await expect(schools.getByRole('row', { name: new RegExp(CCT) })).toContainText('Reintegrado');

  // Signed out: the public pages (server-rendered, no script) show the school's figures and its council.
  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto('/transparencia/pec');
  await anonymous.getByRole('link', { name: 'Recursos públicos del programa' }).click();
  await expect(anonymous).toHaveURL(/\/transparencia\/pec\/recursos$/);
  await expect(anonymous.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(anonymous);
  await anonymous.goto(`/transparencia/pec/recursos/17?ciclo=${cycleId}`);
  await expect(anonymous.getByRole('heading', { level: 1 })).toContainText('Morelos');
  const publicRow = anonymous.getByRole('row', { name: new RegExp(CCT) });
  await expect(publicRow).toContainText('Cerrado');
  await expectAccessible(anonymous);
  await publicRow.getByRole('link', { name: SCHOOL }).click();
  await expect(anonymous).toHaveURL(new RegExp(`/transparencia/pec/escuelas/${CCT}`));
  await expect(anonymous.getByRole('heading', { level: 1, name: SCHOOL })).toBeVisible();
  await expect(anonymous.locator('main')).toContainText('recibido en efectivo');
  await expect(anonymous.locator('main')).toContainText(
    `Reintegró ${money(due)} no ejercidos al fideicomiso estatal.`,
  );
  await expect(anonymous.locator('main')).toContainText(
    new RegExp(
      `La escuela presentó su informe de rendición de cuentas al Consejo Escolar de Participación Social el (${todayMx()}|${longDate(todayMx())}); el consejo lo dio por recibido\\.`,
    ),
  );
  await expectAccessible(anonymous);
  await anonymous.goto('/transparencia/pec/datos');
  await expect(
    anonymous.getByRole('heading', { level: 1, name: 'Datos abiertos y diccionario de datos' }),
  ).toBeVisible();
  await expectAccessible(anonymous);
});

test('a zone supervisor reads the zone’s closing report, school by school, without closing anything', async ({
  browser,
}) => {
  const supervisor = await person(browser, 'supervisor.cuautla@demo.calidad.mx');
  await supervisor.goto('/pec');
  await supervisor.getByRole('link', { name: /^Cierre del ejercicio de Zona/ }).click();
  await expect(supervisor).toHaveURL(/\/pec\/cierre\/\d+\/\d+/);
  await expect(supervisor.getByRole('heading', { level: 1 })).toContainText('Cierre del ejercicio: Zona');
  const status = supervisor.getByRole('region', { name: 'Estado del ejercicio' });
  await expect(status).toContainText(/\d+ de \d+ escuelas tienen su ejercicio cerrado\./);
  // The demo's closed school, with its return; no button closes anything here.
  const row = supervisor.getByRole('row', { name: /17DES0104H/ }).first();
  await expect(row).toContainText('Cerrado');
  await expect(supervisor.getByRole('heading', { name: 'Reintegros de las escuelas' })).toBeVisible();
  await expect(supervisor.getByRole('button', { name: /^Cerrar el ejercicio/ })).toHaveCount(0);
  await expectAccessible(supervisor);
});
