import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, login, todayMx } from './support.ts';

/**
 * Escuelas de Calidad enrollment in the browser: the director of 14DPR0001A (not registered in the
 * demo) registers the school with its commitment letter, uploads every required document and sees
 * each eligibility criterion met and the priority breakdown; Jalisco's coordination chooses schools
 * in order until the budget refusal is explained, drops one and publishes with the minutes; the
 * public page, signed out, lists Jalisco's selected schools; the zone 001 supervisor sees the school
 * in the zone's dashboard with its stage.
 */

async function signInAs(page: Page, email: string) {
  const logout = page.getByRole('button', { name: 'Cerrar sesión' });
  if (await logout.isVisible().catch(() => false)) {
    await logout.click();
    await expect(page.getByRole('heading', { level: 1, name: 'Iniciar sesión' })).toBeVisible();
  }
  await login(page, email);
}

/** Lets a dialog's opening transition end (axe measures colours at partial opacity otherwise). */
const settled = (page: Page) => page.waitForTimeout(400);

/** A small valid PDF, as a scanned document would be. */
const pdf = (title: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n% ${title}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );

test('enrollment: registration with documents, selection within the budget, public list, zone dashboard', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const CCT = '14DPR0001A';

  // The director opens the programme: the school is not registered yet.
  await login(page, 'director@demo.calidad.mx');
  await page.getByRole('link', { name: 'Escuelas de Calidad', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Escuelas de Calidad' })).toBeVisible();
  const card = page.getByRole('region', { name: `Registro de la escuela ${CCT}` });
  await expect(card.getByText('La escuela no está registrada en este ciclo escolar.')).toBeVisible();
  await expect(card.getByRole('region', { name: 'Plazos del ciclo' })).toContainText('Abierto');
  await expectAccessible(page);

  // Registers it with the commitment letter.
  await card.getByRole('link', { name: 'Registrar la escuela' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: new RegExp(`^Registro de ${CCT}`) }),
  ).toBeVisible();
  await expect(page.getByText(/Convocatoria del Programa Escuelas de Calidad en Jalisco/)).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Nombre de la directora o el director').fill('Diego Director Hernández');
  await page.getByLabel('Nombre de quien preside el CEPS').fill('Alma Rosa Gutiérrez Peña');
  await page.getByLabel('Fecha del aval del CTE').fill(todayMx());
  await page.getByLabel('Fecha de firma').fill(todayMx());
  const registered = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().endsWith('/registrations') && r.status() === 201,
  );
  await page.getByRole('button', { name: 'Registrar la escuela' }).click();
  const registrationId = ((await (await registered).json()) as { id: string }).id;

  // Documents: each required one uploaded with a small PDF.
  const docs = page.getByRole('region', { name: 'Documentos requeridos' }).first();
  await expect(docs).toBeVisible();
  await expect(page.getByText('No elegible').first()).toBeVisible();
  await expectAccessible(page);
  const uploads = docs.getByRole('button', { name: /^Subir: / });
  const count = await uploads.count();
  expect(count).toBeGreaterThanOrEqual(3);
  for (let i = 0; i < count; i++) {
    const button = docs.getByRole('button', { name: /^Subir: / }).first();
    const name = ((await button.getAttribute('aria-label')) ?? '').replace(/^Subir: /, '');
    const chooser = page.waitForEvent('filechooser');
    await button.click();
    await (await chooser).setFiles({ name: `${i + 1}.pdf`, mimeType: 'application/pdf', buffer: pdf(name) });
    await expect(docs.getByRole('button', { name: `Reemplazar: ${name}` })).toBeVisible();
  }
  await expect(docs.getByText('Falta')).toHaveCount(0);

  // Eligibility: every criterion met, with the reasons; the priority score with its breakdown.
  const eligibility = page.getByRole('region', { name: 'Elegibilidad' });
  await expect(eligibility.getByText('No cumple')).toHaveCount(0);
  await expect(eligibility.getByText(/^Cumple \d+ de \d+ criterios\.$/)).toBeVisible();
  await expect(page.getByText('Elegible', { exact: true }).first()).toBeVisible();
  const priority = page.getByRole('region', { name: 'Puntaje de prioridad' }).first();
  await expect(priority.getByRole('row', { name: /^Total/ })).toBeVisible();
  await expect(priority.getByText(/Apoyo máximo de la escuela según las reglas: \$50,000\.00/)).toBeVisible();
  await expectAccessible(page);

  // Back home, the next step is the plan.
  await page.getByRole('link', { name: 'Volver a Escuelas de Calidad' }).click();
  await expect(card.getByText(/cumple los criterios de elegibilidad/)).toBeVisible();
  await expectAccessible(page);
  // Opening the plan leads to the plan editor (the planning feature's page).
  await card.getByRole('button', { name: 'Abrir el plan' }).click();
  await expect(page).toHaveURL(/\/pec\/planes\/[\w-]+$/);

  // Jalisco's coordination drafts and publishes a small extraordinary call (its budget adds to the ordinary one).
  await signInAs(page, 'estatal.jal@demo.calidad.mx');
  await page.getByRole('link', { name: 'Escuelas de Calidad', exact: true }).click();
  await page.getByRole('link', { name: 'Convocatorias', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Convocatorias' })).toBeVisible();
  await expect(page.getByRole('article', { name: /en Jalisco/ })).toContainText('Publicada');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Nueva convocatoria de Jalisco' }).click();
  await page.getByRole('button', { name: 'Guardar borrador' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  const extra = 'Convocatoria extraordinaria de Jalisco para escuelas multigrado';
  await page.getByLabel('Título').fill(extra);
  await page
    .getByLabel('Texto de la convocatoria')
    .fill(
      'Se convoca a las escuelas multigrado que no alcanzaron a registrarse en la convocatoria ordinaria.',
    );
  await page.getByLabel('Presupuesto (pesos)').fill('10000');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Guardar borrador' }).click();
  const draft = page.getByRole('article', { name: extra });
  await expect(draft).toContainText('Borrador');
  await expect(draft).toContainText('presupuesto $10,000.00');
  await draft.getByRole('button', { name: 'Publicar la convocatoria' }).click();
  const publishCall = page.getByRole('dialog', { name: 'Publicar la convocatoria' });
  await expect(publishCall).toContainText('$10,000.00');
  await settled(page);
  await expectAccessible(page);
  await publishCall.getByRole('button', { name: 'Publicar la convocatoria' }).click();
  await expect(publishCall).toBeHidden();
  await expect(draft).toContainText('Publicada');
  await expect(draft.getByRole('button')).toHaveCount(0);

  // The selection: seven eligible schools, the director's among them, exceed the budget.
  await page.getByRole('link', { name: 'Escuelas de Calidad', exact: true }).click();
  await page.getByRole('link', { name: 'Selección de Jalisco' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Selección de escuelas de Jalisco' }),
  ).toBeVisible();
  const budget = page.getByRole('region', { name: 'Presupuesto de la convocatoria' });
  await expect(budget).toContainText('Presupuesto: $310,000.00');
  await expect(page.getByRole('row', { name: new RegExp(CCT) })).toBeVisible();
  await expectAccessible(page);

  // Choose in order until the server refuses and explains the amounts.
  const boxes = page.getByRole('checkbox', { name: /^Elegir / });
  const total = await boxes.count();
  const chosen: string[] = [];
  let refused = false;
  for (let i = 0; i < total && !refused; i++) {
    const box = boxes.nth(i);
    const cct = ((await box.getAttribute('aria-label')) ?? '').replace(/^Elegir /, '');
    await box.click();
    const alert = budget.getByRole('alert');
    await expect(async () => {
      const isChecked = await box.isChecked();
      const hasAlert = await alert.isVisible();
      expect(isChecked || hasAlert).toBe(true);
    }).toPass();
    if (await alert.isVisible()) {
      refused = true;
      await expect(alert).toContainText('No se pudo cambiar la selección');
      await expect(alert).toContainText(/rebasa el presupuesto de la convocatoria \(\$310,000\.00\) por \$/);
      await expect(box).not.toBeChecked();
    } else chosen.push(cct);
  }
  expect(refused).toBe(true);
  await expectAccessible(page);

  // Drop one (not the director's school), then publish with the minutes.
  const dropped = chosen.find((c) => c !== CCT) as string;
  await page.getByRole('checkbox', { name: `Elegir ${dropped}` }).click();
  await expect(page.getByRole('checkbox', { name: `Elegir ${dropped}` })).not.toBeChecked();
  const selected = chosen.filter((c) => c !== dropped);
  await expect(budget).toContainText(`(${selected.length} escuela(s))`);
  await page.getByRole('button', { name: 'Publicar la selección' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publicar la selección' });
  await expect(dialog).toContainText(`${selected.length} escuela(s)`);
  await dialog
    .getByLabel('Acta del comité de selección')
    .fill('Acta del Comité Estatal de Selección de Jalisco: se eligen las escuelas por orden de prioridad.');
  await settled(page);
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Publicar', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Publicada', { exact: true })).toBeVisible();
  await expect(page.getByText(/Acta del Comité Estatal de Selección de Jalisco/)).toBeVisible();
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  await expectAccessible(page);
  const directorSelected = selected.includes(CCT);

  // Signed out, the public page lists Jalisco's selected schools.
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Iniciar sesión' })).toBeVisible();
  await page.goto('/transparencia/pec');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Escuelas de Calidad: escuelas seleccionadas' }),
  ).toBeVisible();
  await page.getByLabel('Entidad federativa').selectOption('14');
  const list = page.getByRole('region', { name: 'Escuelas seleccionadas' });
  await expect(list.getByRole('row')).toHaveCount(selected.length + 1);
  for (const cct of selected)
    await expect(list.getByRole('row', { name: new RegExp(cct) })).toContainText('Jalisco');
  await expect(list.getByRole('row', { name: new RegExp(dropped) })).toHaveCount(0);
  await expectAccessible(page);
  // Morelos published too.
  await page.getByLabel('Entidad federativa').selectOption('17');
  await expect(list.getByRole('row', { name: /17DPR0101K/ })).toContainText('Morelos');

  // The zone 001 supervisor sees the school one by one with its stage.
  await login(page, 'supervisor@demo.calidad.mx');
  await page.getByRole('link', { name: 'Escuelas de Calidad', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Avance de Zona Escolar 001/ })).toBeVisible();
  const schools = page.getByRole('region', { name: /^Escuelas de la zona/ });
  const row = schools.getByRole('row', { name: new RegExp(CCT) });
  await expect(row).toContainText(directorSelected ? 'Seleccionada' : 'Elegible');
  await expect(schools.getByRole('row', { name: /14DJN0003Y/ })).toContainText('Registrada');
  await expect(row.getByRole('link', { name: `Plan de ${CCT}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Escuelas por etapa' })).toBeVisible();
  await expectAccessible(page);
  await row.getByRole('link', { name: `Registro de ${CCT}` }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: new RegExp(`^Registro de ${CCT}`) }),
  ).toBeVisible();
  await expect(page.getByText('Este registro es de solo lectura para usted.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Subir: / })).toHaveCount(0);
  await expectAccessible(page);
  // The address in the selection e-mail leads to the same page.
  await page.goto(`/pec/registros/${registrationId}`);
  await expect(page).toHaveURL(/\/pec\/escuelas\/\d+\/registro/);
  await expect(
    page.getByRole('heading', { level: 1, name: new RegExp(`^Registro de ${CCT}`) }),
  ).toBeVisible();

  // The national coordination sees the nation by state and drills down to the zone.
  await signInAs(page, 'nacional@demo.calidad.mx');
  await page.getByRole('link', { name: 'Escuelas de Calidad', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Avance de México' })).toBeVisible();
  const byUnit = page.getByRole('region', { name: /^Avance por unidad/ });
  await expect(byUnit.getByRole('row', { name: /17 · Morelos/ })).toBeVisible();
  await expectAccessible(page);
  await byUnit.getByRole('button', { name: '14 · Jalisco' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Avance de Jalisco' })).toBeVisible();
  await expectAccessible(page);
  await byUnit.getByRole('button', { name: /^001 · / }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Avance de Zona Escolar 001/ })).toBeVisible();
  await expect(
    page.getByRole('region', { name: /^Escuelas de la zona/ }).getByRole('row', { name: new RegExp(CCT) }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Volver a mi ámbito' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Avance de México' })).toBeVisible();
});
