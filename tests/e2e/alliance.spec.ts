import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, login } from './support.ts';

/**
 * The Alianza's whole chain in the browser, with the demo's people: a mesa drafts, the eje
 * coordination returns and then validates, writes a síntesis ejecutiva and sends it, the
 * Secretariado Técnico places it on a Comisión Rectora session and takes attendance, the commission
 * is refused an approval without both sides and then approves with an observation, the resolution
 * flows back down to the mesa as a task that is closed with evidence, and the public page shows it.
 */

const MESA1 = 'mesa1@demo.calidad.mx';
const EJE1 = 'eje1@demo.calidad.mx';
const SECRETARIADO = 'secretariado@demo.calidad.mx';
const COMISION_SEP = 'comision.sep@demo.calidad.mx';

async function signInAs(page: Page, email: string) {
  const logout = page.getByRole('button', { name: 'Cerrar sesión' });
  if (await logout.isVisible().catch(() => false)) {
    await logout.click();
    await expect(page.getByRole('heading', { level: 1, name: 'Iniciar sesión' })).toBeVisible();
  }
  await login(page, email);
}

async function open(page: Page, url: string, heading: string | RegExp) {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

/** Clicks a workflow button, then confirms in its dialog (optionally writing the comment first). */
async function act(page: Page, name: string, comment?: { label: string | RegExp; text: string }) {
  await page.getByRole('button', { name, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  if (comment) await dialog.getByLabel(comment.label).fill(comment.text);
  await dialog.getByRole('button', { name, exact: true }).click();
  await expect(dialog).toBeHidden();
}

const state = (page: Page, name: string) =>
  expect(page.getByRole('main').getByText(name, { exact: true }).first()).toBeVisible();

test('a document travels from a mesa to a published resolution and back as a closed task', async ({
  page,
}) => {
  test.setTimeout(240_000);
  page.setDefaultTimeout(15_000);
  const title = `Propuesta de calendario de obras ${Date.now()}`;

  // Mesa I.1 drafts and submits a new document.
  await login(page, MESA1);
  await page.getByRole('link', { name: 'Alianza', exact: true }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Alianza por la Calidad de la Educación' }),
  ).toBeVisible();
  await expect(page.getByText('Coordinación · SEP')).toBeVisible();
  await expect(page.getByText('Paridad', { exact: true }).first()).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Pendientes' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pendientes' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: /Alianza por la Calidad/ }).click();
  await page.getByRole('link', { name: 'I.1 · Infraestructura y equipamiento' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^I\.1 · / })).toBeVisible();
  await expectAccessible(page);
  const mesaUrl = page.url();
  await page.getByRole('tab', { name: /^Integrantes/ }).click();
  await expect(page.getByText('SEP 4 · SNTE 4').first()).toBeVisible();
  await page.getByRole('tab', { name: /^Metas/ }).click();
  await expectAccessible(page);
  await page.getByRole('tab', { name: /^Documentos/ }).click();
  await expect(page).toHaveURL(/tab=documents/);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Nuevo documento' }).click();
  const draft = page.getByRole('dialog');
  await draft.getByRole('button', { name: 'Guardar borrador' }).click();
  await expect(draft.getByText('Este dato es obligatorio.').first()).toBeVisible();
  await draft.getByLabel('Título').fill(title);
  await draft
    .getByLabel('Texto del documento')
    .fill('Calendario de obras de rehabilitación.\nPrimera etapa: escuelas de muy alta marginación.');
  await draft.getByRole('button', { name: 'Guardar borrador' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const docUrl = page.url();
  await state(page, 'Borrador');
  await expectAccessible(page);
  await act(page, 'Presentar a la coordinación del eje');
  await state(page, 'En revisión del eje');

  // The eje coordination returns it with observations (they are required).
  await signInAs(page, EJE1);
  await open(page, docUrl, title);
  await page.getByRole('button', { name: 'Devolver con observaciones', exact: true }).click();
  const ret = page.getByRole('dialog');
  await ret.getByRole('button', { name: 'Devolver con observaciones' }).click();
  await expect(ret.getByText(/Escriba el motivo o las observaciones/)).toBeVisible();
  await ret
    .getByLabel('Observaciones de la coordinación del eje')
    .fill('Falta la segunda etapa y sus fechas.');
  await ret.getByRole('button', { name: 'Devolver con observaciones' }).click();
  await expect(ret).toBeHidden();
  await state(page, 'Con observaciones');
  await expectAccessible(page);

  // The mesa reads the observations, saves version 2, compares it and resubmits.
  await signInAs(page, MESA1);
  await open(page, docUrl, title);
  await expect(page.getByText('Falta la segunda etapa y sus fechas.').first()).toBeVisible();
  await page.getByRole('button', { name: 'Nueva versión' }).click();
  const version = page.getByRole('dialog');
  await version
    .getByLabel('Texto del documento')
    .fill(
      'Calendario de obras de rehabilitación.\nPrimera etapa: escuelas de muy alta marginación.\nSegunda etapa: escuelas de alta marginación, de marzo a agosto.',
    );
  await version.getByLabel('Nota de la versión').fill('Atiende las observaciones del eje: segunda etapa.');
  await version.getByRole('button', { name: 'Guardar versión' }).click();
  await expect(version).toBeHidden();
  await expect(page.getByText('2 versiones')).toBeVisible();
  await page.getByRole('combobox', { name: 'Comparar con' }).click();
  await page.getByRole('option', { name: /^Versión 1/ }).click();
  await expect(page.getByText('Cambios línea por línea')).toBeVisible();
  await expectAccessible(page);
  await act(page, 'Presentar a la coordinación del eje');
  await state(page, 'En revisión del eje');

  // The eje validates it, writes a síntesis ejecutiva bundling it and sends it.
  await signInAs(page, EJE1);
  await open(page, docUrl, title);
  await act(page, 'Validar');
  await state(page, 'Validado');
  await page.goto(mesaUrl);
  await page.getByRole('link', { name: /^I · / }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^I · / })).toBeVisible();
  await page.getByRole('tab', { name: /^Documentos/ }).click();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Nueva síntesis ejecutiva' }).click();
  const syn = page.getByRole('dialog');
  const synTitle = `Síntesis ejecutiva del eje I: calendario de obras ${Date.now()}`;
  await syn.getByLabel('Título').fill(synTitle);
  await syn.getByLabel(/^Síntesis/).fill('La mesa I.1 presenta el calendario de obras en dos etapas.');
  await syn.getByLabel('Recomendaciones').fill('Aprobar el calendario y darle seguimiento trimestral.');
  await syn.getByLabel(new RegExp(`${title} \\(v2\\)`)).check();
  await syn.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: synTitle })).toBeVisible();
  const synUrl = page.url();
  await expect(page.getByText('versión 2')).toBeVisible();
  await expectAccessible(page);
  await act(page, 'Enviar a la Comisión Rectora');
  await state(page, 'En el Secretariado Técnico');

  // The Secretariado Técnico places it on the convened commission session and takes attendance.
  await signInAs(page, SECRETARIADO);
  await open(page, synUrl, synTitle);
  await page.getByRole('button', { name: 'Agendar en sesión de la Comisión Rectora' }).click();
  const sched = page.getByRole('dialog');
  await sched.getByRole('combobox', { name: 'Sesión de la Comisión Rectora' }).click();
  await page
    .getByRole('option', { name: /Sesión ordinaria de la Comisión Rectora/ })
    .first()
    .click();
  await sched.getByRole('button', { name: 'Agendar en sesión de la Comisión Rectora' }).click();
  await expect(sched).toBeHidden();
  await state(page, 'En orden del día');
  await page.getByRole('link', { name: /^Sesión ordinaria de la Comisión Rectora · / }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Sesión ordinaria de la Comisión Rectora' }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: synTitle })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Invitación para el calendario (.ics)' })).toBeVisible();
  await expectAccessible(page);
  const meetingUrl = page.url();
  const boxes = page.getByRole('main').getByRole('checkbox');
  const count = await boxes.count();
  expect(count).toBeGreaterThan(1);
  for (let i = 0; i < count; i++) await boxes.nth(i).check();
  await expect(page.getByText('Hay quórum', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Registrar asistencia y celebrar la sesión' }).click();
  await state(page, 'Celebrada');
  await expectAccessible(page);

  // The commission: approving without SNTE's agreement is refused; with observations it passes.
  await signInAs(page, COMISION_SEP);
  await open(page, synUrl, synTitle);
  const form = page.getByRole('region', { name: 'Registrar la decisión de la Comisión Rectora' });
  await expect(form).toBeVisible();
  await expectAccessible(page);
  await form.getByRole('radio', { name: 'Aprobar', exact: true }).check();
  await form
    .getByRole('radiogroup', { name: 'Posición del SNTE' })
    .getByRole('radio', { name: 'En desacuerdo' })
    .check();
  await form
    .getByLabel('Fundamentos de la decisión')
    .fill('La representación del SNTE pide revisar las fechas.');
  await form.getByRole('button', { name: 'Registrar decisión' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Registrar decisión' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'Sin el acuerdo de ambas partes (SEP y SNTE) no se puede aprobar',
  );
  await form.getByRole('radio', { name: 'Aprobar con observaciones' }).check();
  await form
    .getByRole('radiogroup', { name: 'Posición del SNTE' })
    .getByRole('radio', { name: 'De acuerdo' })
    .check();
  await form
    .getByLabel('Fundamentos de la decisión')
    .fill('La Comisión aprueba por consenso el calendario de obras.');
  await form.getByRole('button', { name: 'Añadir observación' }).click();
  await form.getByRole('combobox', { name: 'Mesa de la observación 1' }).click();
  await page.getByRole('option', { name: 'I.1 · Infraestructura y equipamiento' }).click();
  const observation = `Publicar el calendario por entidad federativa ${Date.now()}`;
  await form.getByLabel('Texto de la observación 1').fill(observation);
  await form.getByLabel('Título de la resolución').fill('Calendario de obras de rehabilitación');
  await expect(form.getByLabel('Publicar la resolución en el sitio de transparencia')).toBeChecked();
  await form.getByRole('button', { name: 'Registrar decisión' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Registrar decisión' }).click();
  await state(page, 'Aprobada');
  const resLink = page.getByRole('link', {
    name: /^CR-\d{4}-\d{3} · Calendario de obras de rehabilitación$/,
  });
  await expect(resLink).toBeVisible();
  const number = ((await resLink.textContent()) ?? '').split(' · ')[0] ?? '';
  await resLink.click();
  await expect(
    page.getByRole('heading', { level: 1, name: `${number} · Calendario de obras de rehabilitación` }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await expect(page.getByText(/versión 2/).first()).toBeVisible();
  await expect(page.getByText(observation)).toBeVisible();
  await expect(page.getByText(/nunca se modifican/)).toBeVisible();
  await expectAccessible(page);
  const resUrl = page.url();

  // Back down the chain: the secretariat distributes, the eje informs the mesas.
  await signInAs(page, SECRETARIADO);
  await open(page, resUrl, new RegExp(number));
  await act(page, 'Distribuir al eje');
  await state(page, 'Distribuida al eje');
  // …and closes the session: draft minutes saved, then approved with an agreed task.
  await open(page, meetingUrl, 'Sesión ordinaria de la Comisión Rectora');
  await page.getByLabel('Texto del acta').fill(`Se aprobó la resolución ${number} por consenso.`);
  await page.getByRole('button', { name: 'Guardar borrador del acta' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Borrador del acta guardado.' })).toBeVisible();
  await page.getByRole('button', { name: 'Aprobar acta' }).click();
  const minutes = page.getByRole('dialog');
  await minutes.getByRole('button', { name: 'Añadir tarea' }).click();
  await minutes.getByRole('button', { name: 'Aprobar acta' }).click();
  await expect(minutes.getByText('Este dato es obligatorio.').first()).toBeVisible();
  await minutes.getByLabel(/^Tarea/).fill('Enviar la resolución a las entidades federativas');
  await minutes.getByRole('combobox', { name: 'Responsable' }).click();
  await page.getByRole('option').first().click();
  await minutes.getByLabel('Fecha límite').fill('2027-01-15');
  await minutes.getByRole('button', { name: 'Aprobar acta' }).click();
  await expect(minutes).toBeHidden();
  await state(page, 'Acta aprobada');
  await expect(
    page.getByRole('link', { name: 'Enviar la resolución a las entidades federativas' }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'Acta de la sesión (PDF)' })).toBeVisible();
  await expectAccessible(page);
  await signInAs(page, EJE1);
  await open(page, resUrl, new RegExp(number));
  await act(page, 'Informar a las mesas');
  await state(page, 'Informada a las mesas');

  // The mesa finds the observation's task among its pending items and closes it with evidence.
  await signInAs(page, MESA1);
  await open(page, '/alianza/pendientes', 'Pendientes');
  await page.getByRole('link', { name: new RegExp(observation) }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(observation) })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Concluir con evidencia', exact: true }).click();
  const close = page.getByRole('dialog');
  await close.getByRole('button', { name: 'Concluir con evidencia' }).click();
  await expect(close.getByText(/Escriba el motivo o las observaciones/)).toBeVisible();
  await close
    .getByLabel('Evidencia de cumplimiento')
    .fill('Calendario publicado en el portal de la SEP, oficio 123/2026.');
  await close.getByRole('button', { name: 'Concluir con evidencia' }).click();
  await expect(close).toBeHidden();
  await state(page, 'Concluida');
  await expect(
    page.getByText('Calendario publicado en el portal de la SEP, oficio 123/2026.').first(),
  ).toBeVisible();

  // Signed out, the public page shows the published resolution.
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await page.goto('/transparencia/alianza');
  await expect(page.getByRole('heading', { level: 1, name: /avance público/ })).toBeVisible();
  await expect(page.getByText(`${number} · Calendario de obras de rehabilitación`)).toBeVisible();
  await page.getByRole('button', { name: /^Eje I · / }).click();
  await expect(page.getByText('Rehabilitar 27,000 escuelas en condiciones precarias')).toBeVisible();
  await expectAccessible(page);
});

test('a person without a seat sees the structure and an empty inbox', async ({ page }) => {
  await login(page, 'director@demo.calidad.mx');
  await page.getByRole('link', { name: 'Alianza', exact: true }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Alianza por la Calidad de la Educación' }),
  ).toBeVisible();
  await expect(page.getByText(/No tiene cargo en ningún órgano/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Pendientes' }).first().click();
  await expect(page.getByText('No tiene asuntos pendientes.', { exact: false })).toBeVisible();
  await expectAccessible(page);
});

test('the secretariat seats a member and the broken parity is explained; a mesa convenes and cancels a session', async ({
  page,
}) => {
  test.setTimeout(120_000);
  page.setDefaultTimeout(15_000);
  await login(page, SECRETARIADO);
  await page.getByRole('link', { name: 'Alianza', exact: true }).click();
  await page
    .getByRole('link', { name: /^I\.2 · / })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: /^I\.2 · / })).toBeVisible();
  await page.getByRole('tab', { name: /^Integrantes/ }).click();
  await expect(page.getByText('SEP 3 · SNTE 3').first()).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Designar integrante' }).click();
  const seat = page.getByRole('dialog');
  await seat.getByLabel(/^Correo electrónico/).fill('nueva.integrante@demo.calidad.mx');
  await seat.getByLabel('Nombre completo').fill('Rosa Nueva Integrante');
  await seat.getByRole('combobox', { name: 'Parte' }).click();
  await page.getByRole('option', { name: 'SEP' }).click();
  await seat.getByRole('button', { name: 'Guardar' }).click();
  await expect(seat).toBeHidden();
  await expect(page.getByText('SEP 4 · SNTE 3').first()).toBeVisible();
  await expect(page.getByText(/Sin paridad: no puede sesionar para decidir/).first()).toBeVisible();
  await expect(page.getByText('Rosa Nueva Integrante')).toBeVisible();
  await expectAccessible(page);
  const card = page.locator('.mantine-Card-root', { hasText: 'Rosa Nueva Integrante' });
  await card.getByRole('button', { name: 'Dar por terminado el cargo' }).click();
  const end = page.getByRole('dialog');
  await expect(end.getByText(/Rosa Nueva Integrante terminará/)).toBeVisible();
  await end.getByRole('button', { name: 'Dar por terminado el cargo' }).click();
  await expect(end).toBeHidden();
  await expect(card.getByText(/hasta el/)).toBeVisible();

  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await login(page, MESA1);
  await page.getByRole('link', { name: 'Alianza', exact: true }).click();
  await page.getByRole('link', { name: 'I.1 · Infraestructura y equipamiento' }).first().click();
  await page.getByRole('tab', { name: /^Sesiones/ }).click();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Convocar sesión' }).click();
  const convene = page.getByRole('dialog');
  await convene.getByRole('button', { name: 'Convocar y enviar invitaciones' }).click();
  await expect(convene.getByText('Este dato es obligatorio.').first()).toBeVisible();
  await convene.getByLabel(/^Título de la sesión/).fill('Sesión extraordinaria de la mesa I.1');
  await convene.getByLabel(/^Inicio/).fill('2027-02-10T10:00');
  await convene.getByLabel(/^Término/).fill('2027-02-10T12:00');
  await convene.getByLabel('Lugar').fill('Sala 3, SEP, Ciudad de México');
  await convene.getByLabel('Punto 1 del orden del día').fill('Calendario de obras');
  await convene.getByRole('button', { name: 'Añadir punto' }).click();
  await convene.getByLabel('Punto 2 del orden del día').fill('Asuntos generales');
  await convene.getByRole('button', { name: 'Convocar y enviar invitaciones' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Sesión extraordinaria de la mesa I.1' }),
  ).toBeVisible();
  await expect(page.getByText('10 feb 2027, 10:00 a.m.', { exact: false })).toBeVisible();
  await expect(page.getByText('Asuntos generales')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Cancelar la sesión', exact: true }).click();
  const cancel = page.getByRole('dialog');
  await expect(cancel.getByText(/no se puede deshacer/)).toBeVisible();
  await cancel.getByRole('button', { name: 'Cancelar la sesión' }).click();
  await expect(cancel.getByText(/Escriba el motivo/)).toBeVisible();
  await cancel.getByLabel('Motivo de la cancelación').fill('Se reprograma por el periodo vacacional.');
  await cancel.getByRole('button', { name: 'Cancelar la sesión' }).click();
  await expect(cancel).toBeHidden();
  await expect(page.getByRole('main').getByText('Cancelada', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('Se reprograma por el periodo vacacional.')).toBeVisible();
});

test('a mesa proposes a meta, the eje approves it and the mesa reports progress', async ({ page }) => {
  test.setTimeout(120_000);
  page.setDefaultTimeout(15_000);
  const meta = `Aulas con mobiliario nuevo ${Date.now()}`;
  await login(page, MESA1);
  await page.getByRole('link', { name: 'Alianza', exact: true }).click();
  await page.getByRole('link', { name: 'I.1 · Infraestructura y equipamiento' }).first().click();
  const mesaUrl = page.url();
  await page.getByRole('tab', { name: /^Metas/ }).click();
  await page.getByRole('button', { name: 'Proponer meta' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^Meta/).fill(meta);
  await dialog.getByLabel('Indicador').fill('Aulas equipadas con mobiliario nuevo');
  await dialog.getByRole('button', { name: 'Guardar' }).click();
  await expect(dialog).toBeHidden();
  const card = page.getByRole('article', { name: meta });
  await expect(card.getByText(/Para aprobarse le falta: unidad de medida, línea base/)).toBeVisible();
  await card.getByRole('button', { name: 'Editar borrador' }).click();
  await dialog.getByLabel('Unidad de medida').fill('aulas');
  await dialog.getByLabel('Línea base').fill('0');
  await dialog.getByLabel('Valor meta').fill('1200');
  await dialog.getByLabel('Fecha compromiso').fill('2027-12-31');
  await dialog.getByLabel('Responsable').fill('Dirección General de Infraestructura Educativa');
  await dialog.getByLabel('Fundamento normativo').fill('Ley General de Educación, art. 103');
  await dialog.getByRole('button', { name: 'Guardar' }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByText(/Para aprobarse le falta/)).toBeHidden();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await login(page, EJE1);
  await page.goto(mesaUrl);
  await page.getByRole('tab', { name: /^Metas/ }).click();
  await page.getByRole('article', { name: meta }).getByRole('button', { name: 'Aprobar meta' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirmar' }).click();
  await expect(
    page.getByRole('article', { name: meta }).getByText('Aprobada', { exact: true }),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await login(page, MESA1);
  await page.goto(mesaUrl);
  await page.getByRole('tab', { name: /^Metas/ }).click();
  const approved = page.getByRole('article', { name: meta });
  await approved.getByRole('button', { name: 'Reportar avance' }).click();
  await dialog.getByLabel(/^Valor alcanzado/).fill('300');
  await dialog.getByLabel('Descripción del avance').fill('Primer lote entregado en Oaxaca y Chiapas.');
  await dialog.getByRole('button', { name: 'Guardar' }).click();
  await expect(dialog).toBeHidden();
  await expect(approved.getByText(/Último valor: 300 aulas/)).toBeVisible();
  await expect(approved.getByText(/25 %/)).toBeVisible();
  await approved.getByRole('button', { name: 'Historial de avance' }).click();
  await expect(approved.getByText('Primer lote entregado en Oaxaca y Chiapas.')).toBeVisible();
  await expectAccessible(page);
});

test('acting on a stale view gets the server’s explanation', async ({ page, context }) => {
  test.setTimeout(90_000);
  page.setDefaultTimeout(15_000);
  await login(page, EJE1);
  await page.getByRole('link', { name: 'Alianza', exact: true }).click();
  await page.getByRole('link', { name: 'I.1 · Infraestructura y equipamiento' }).first().click();
  await page.getByRole('tab', { name: /^Documentos/ }).click();
  await page
    .getByRole('link', { name: 'Mecanismo de verificación de obras con los consejos escolares' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: /Mecanismo de verificación/ })).toBeVisible();
  const other = await context.newPage();
  await other.goto(page.url());
  await act(other, 'Validar');
  await state(other, 'Validado');
  await page.getByRole('button', { name: 'Devolver con observaciones', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Observaciones de la coordinación del eje').fill('Faltan los responsables.');
  await dialog.getByRole('button', { name: 'Devolver con observaciones' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Alguien más actuó sobre este asunto');
  await dialog.getByRole('button', { name: 'Cancelar' }).click();
  await state(page, 'Validado');
});
