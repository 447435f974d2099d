import { expect, test } from '@playwright/test';
import { expectAccessible, login, person } from './support.ts';

/**
 * The Alianza's structure in the browser: a member of the Comisión Rectora adds a mesa de trabajo
 * under eje IV (refused first without a name), renames it and retires it after reading what that
 * means; the Secretariado Técnico, which reads everything but does not keep the structure, is
 * offered none of it. The mesa's code and names are new each run (the browser tests share one
 * database), and no demo body is renamed or retired.
 */

const COMISION_SEP = 'comision.sep@demo.calidad.mx';
const SECRETARIADO = 'secretariado@demo.calidad.mx';
const OVERVIEW = 'Alianza por la Calidad de la Educación';

test('the commission adds, renames and retires a mesa; the secretariat is not offered it', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  page.setDefaultTimeout(15_000);
  const run = Date.now().toString(36);
  const code = `IV.${run}`;
  const name = `Mesa de seguimiento a libros de texto ${run}`;
  const renamed = `Mesa de evaluación de libros de texto ${run}`;

  // The overview offers the commission an eje and, per eje, a mesa.
  await login(page, COMISION_SEP);
  await page.getByRole('link', { name: 'Alianza', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: OVERVIEW })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Agregar eje' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Agregar mesa al eje IV' }).click();
  const add = page.getByRole('dialog', { name: 'Nueva mesa de trabajo del eje IV' });
  await expect(add).toBeVisible();
  await expect(add.getByLabel(/^Clave/)).toHaveValue(/^IV\.\d+$/);

  // Without a name it is not sent, and says so.
  await add.getByRole('button', { name: 'Agregar mesa' }).click();
  await expect(add.getByText('Escriba el nombre; no puede quedar en blanco.')).toBeVisible();
  await expectAccessible(page);
  await add.getByLabel(/^Clave/).fill(code);
  await add.getByLabel(/^Nombre/).fill(name);
  await add
    .getByLabel('Acuerdo')
    .fill('Dar seguimiento a la calidad y la entrega oportuna de los libros de texto gratuitos.');
  await add.getByLabel('Descripción').fill('Mesa creada por la prueba de estructura.');
  await add.getByRole('button', { name: 'Agregar mesa' }).click();
  await expect(add).toBeHidden();
  const link = page.getByRole('link', { name: `${code} · ${name}` });
  await expect(link).toBeVisible();
  await expectAccessible(page);

  // On its page: rename it (an empty name is refused first).
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: `${code} · ${name}` })).toBeVisible();
  await expect(page.getByText('Mesa creada por la prueba de estructura.')).toBeVisible();
  const mesaUrl = page.url();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Editar', exact: true }).click();
  const edit = page.getByRole('dialog', { name: `Editar la mesa ${code}` });
  await expect(edit.getByLabel(/^Nombre/)).toHaveValue(name);
  await edit.getByLabel(/^Nombre/).fill('   ');
  await edit.getByRole('button', { name: 'Guardar' }).click();
  await expect(edit.getByText('Escriba el nombre; no puede quedar en blanco.')).toBeVisible();
  await expectAccessible(page);
  await edit.getByLabel(/^Nombre/).fill(renamed);
  await edit.getByRole('button', { name: 'Guardar' }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: `${code} · ${renamed}` })).toBeVisible();

  // Retire it: the dialog says what that means; then the page shows it retired.
  await page.getByRole('button', { name: 'Retirar', exact: true }).click();
  const retire = page.getByRole('dialog', { name: `Retirar la mesa ${code}` });
  await expect(retire.getByText(/dejan de tener efecto/)).toBeVisible();
  await expect(retire.getByText('Deja de aparecer en el sitio público de transparencia.')).toBeVisible();
  await expect(retire.getByText(/No se borra nada/)).toBeVisible();
  await expectAccessible(page);
  await retire.getByRole('button', { name: 'Retirar', exact: true }).click();
  await expect(retire).toBeHidden();
  await expect(
    page.getByRole('status').filter({ hasText: 'Esta mesa de trabajo está retirada' }),
  ).toBeVisible();
  await expect(page.getByRole('main').getByText('Retirada', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Retirar', exact: true })).toHaveCount(0);
  await expectAccessible(page);
  const open = await (await page.request.get('/api/alliance/public')).json();
  expect(JSON.stringify(open)).not.toContain(run);

  // The secretariat reads the structure and the mesa, and is offered no structure action.
  const st = await person(browser, SECRETARIADO);
  await st.getByRole('link', { name: 'Alianza', exact: true }).click();
  await expect(st.getByRole('heading', { level: 1, name: OVERVIEW })).toBeVisible();
  await expect(st.getByRole('link', { name: `${code} · ${renamed}` })).toBeVisible();
  await expect(st.getByRole('button', { name: 'Agregar eje' })).toHaveCount(0);
  await expect(st.getByRole('button', { name: /^Agregar mesa/ })).toHaveCount(0);
  await expectAccessible(st);
  await st.goto(mesaUrl);
  await expect(st.getByRole('heading', { level: 1, name: `${code} · ${renamed}` })).toBeVisible();
  await expect(
    st.getByRole('status').filter({ hasText: 'Esta mesa de trabajo está retirada' }),
  ).toBeVisible();
  await expect(st.getByRole('button', { name: 'Editar', exact: true })).toHaveCount(0);
  await expect(st.getByRole('button', { name: 'Retirar', exact: true })).toHaveCount(0);
  await st.getByRole('link', { name: /^IV · / }).click();
  await expect(st.getByRole('heading', { level: 1, name: /^IV · / })).toBeVisible();
  await expect(st.getByRole('link', { name: `${code} · ${renamed}` })).toBeVisible();
  await expect(st.getByRole('button', { name: /^Agregar mesa/ })).toHaveCount(0);
  await expect(st.getByRole('button', { name: 'Editar', exact: true })).toHaveCount(0);
  await expectAccessible(st);
  await st.context().close();

  // The commission can undo the retirement; it then retires the mesa again, so no later spec meets it.
  await page.goto(mesaUrl);
  await page.getByRole('button', { name: 'Reactivar' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Se reactivó' })).toBeVisible();
  await expect(page.getByText('Esta mesa de trabajo está retirada')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Retirar', exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Retirar', exact: true }).click();
  await page
    .getByRole('dialog', { name: `Retirar la mesa ${code}` })
    .getByRole('button', { name: 'Retirar', exact: true })
    .click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Esta mesa de trabajo está retirada' }),
  ).toBeVisible();
});
