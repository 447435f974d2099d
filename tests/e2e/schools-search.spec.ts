import { expect, type Page, test } from '@playwright/test';
import type { ImportDetail, SchoolSummary } from '../../src/contract/catalog.ts';
import { call, catalogCsv, expectAccessible, login, MORELOS_ADDED, MORELOS_IN_DEMO } from './support.ts';

// Morelos as the catalog-import spec leaves it (its facts, and its two new Cuautla schools), so the
// specs after this one find the same schools, plus four schools of this spec's own in the
// Cuernavaca zone, in a locality no other school has, each with a funding and an enrolment of its own.
const LOCALITY = 'Tetlama';
const ours = [
  {
    cct: '17PPR0301A',
    nombre: 'Colegio Miguel Hidalgo',
    nivel: 'primaria',
    sostenimiento: 'particular',
    matricula: '320',
  },
  {
    cct: '17EPR0302B',
    nombre: 'Escuela Primaria Estatal Emiliano Zapata',
    nivel: 'primaria',
    sostenimiento: 'estatal',
    matricula: '95',
  },
  {
    cct: '17UES0303C',
    nombre: 'Escuela Secundaria Universitaria',
    nivel: 'secundaria',
    sostenimiento: 'autonomo',
    matricula: '610',
  },
  // Deactivated below: listed only when inactive schools are included.
  {
    cct: '17PJN0304D',
    nombre: 'Jardín de Niños Montessori Tetlama',
    nivel: 'preescolar',
    sostenimiento: 'particular',
    matricula: '45',
  },
].map((s) => ({ ...s, entidad: '17', municipio: '007', sector: '01', zona: '004', localidad: LOCALITY }));
const INACTIVE = '17PJN0304D';

const csv = catalogCsv([...MORELOS_IN_DEMO, ...MORELOS_ADDED, ...ours]);

async function csrf(page: Page): Promise<string> {
  return (await (await page.request.get('/api/me')).json()).csrfToken;
}

/** Uploads the file, waits for its dry run, applies it and waits until it is applied. */
async function importCatalog(page: Page) {
  const res = await page.request.post('/api/catalog/imports?fileName=busqueda-escuelas.csv', {
    headers: { 'content-type': 'text/csv', 'x-csrf-token': await csrf(page) },
    data: Buffer.from(csv, 'utf8'),
  });
  expect(res.ok(), await res.text()).toBe(true);
  const { id } = (await res.json()) as ImportDetail;
  const status = async () => (await call<ImportDetail>(page, 'GET', `/api/catalog/imports/${id}`)).status;
  await expect.poll(status, { timeout: 20_000 }).toMatch(/^(dry_run|rejected|failed)$/);
  const checked = await call<ImportDetail>(page, 'GET', `/api/catalog/imports/${id}`);
  expect(checked.status, JSON.stringify(checked.rejections)).toBe('dry_run');
  expect(checked.counts.disappeared).toBe(0);
  await call(page, 'POST', `/api/catalog/imports/${id}/apply`);
  await expect.poll(status, { timeout: 20_000 }).toMatch(/^(applied|failed)$/);
  expect(await status()).toBe('applied');
}

test('the schools search filters by funding, locality, zone and inactive schools, sorts both ways, and clears', async ({
  page,
}) => {
  await login(page, 'estatal.mor@demo.calidad.mx');
  await importCatalog(page);
  const found = await call<{ items: SchoolSummary[] }>(page, 'GET', `/api/catalog/schools?q=${INACTIVE}`);
  const inactiveId = found.items[0]?.id;
  expect(inactiveId, INACTIVE).toBeDefined();
  const off = await page.request.patch(`/api/org/units/${inactiveId}`, {
    headers: { 'x-csrf-token': await csrf(page) },
    data: { active: false },
  });
  expect(off.ok(), await off.text()).toBe(true);

  await page.goto('/schools');
  await expect(page.getByRole('heading', { level: 1, name: 'Escuelas' })).toBeVisible();
  const results = page.getByRole('region', { name: 'Escuelas' });
  const ccts = results.locator('tbody tr td:nth-child(1)');
  const zones = results.locator('tbody tr td:nth-child(5)');
  const enrolments = results.locator('tbody tr td:nth-child(7)');
  const csvLink = page.getByRole('link', { name: 'Descargar CSV' });

  // Locality: this spec's active schools only, by name.
  await page.getByLabel('Localidad', { exact: true }).fill(LOCALITY);
  await expect(ccts).toHaveText(['17PPR0301A', '17EPR0302B', '17UES0303C']);
  await expectAccessible(page);

  // Funding.
  await page.getByRole('combobox', { name: 'Sostenimiento' }).click();
  await expect(page.getByRole('option')).toHaveText(['Federal', 'Estatal', 'Particular', 'Autónomo']);
  await page.getByRole('option', { name: 'Particular' }).click();
  await expect(ccts).toHaveText(['17PPR0301A']);

  // Inactive schools, labelled as such; the export carries every filter.
  const inactive = page.getByRole('checkbox', { name: 'Incluir escuelas inactivas' });
  await inactive.check();
  await expect(ccts).toHaveText(['17PPR0301A', INACTIVE]);
  await expect(results.getByRole('row', { name: /Montessori/ })).toContainText('Inactiva');
  const href = new URL((await csvLink.getAttribute('href')) ?? '', 'http://x');
  expect(Object.fromEntries(href.searchParams)).toMatchObject({
    locality: LOCALITY,
    funding: 'particular',
    includeInactive: 'true',
  });
  const exported = await (await page.request.get(href.pathname + href.search)).text();
  expect(exported).toContain(INACTIVE);
  expect(exported).toContain('17PPR0301A');
  expect(exported).not.toContain('17EPR0302B');
  await expectAccessible(page);

  await page.getByRole('combobox', { name: 'Sostenimiento' }).click();
  await page.getByRole('option', { name: 'Autónomo' }).click();
  await expect(ccts).toHaveText(['17UES0303C']);
  // Choosing the chosen option again clears it (what a keyboard user does).
  await page.getByRole('combobox', { name: 'Sostenimiento' }).click();
  await page.getByRole('option', { name: 'Autónomo' }).click();
  await expect(page.getByRole('combobox', { name: 'Sostenimiento' })).toHaveValue('');
  await expect(ccts).toHaveCount(4);

  // Sort direction: enrolment starts largest first, and turns around.
  const order = page.getByRole('radiogroup', { name: 'Orden' });
  await expect(order.getByRole('radio', { name: 'Ascendente' })).toBeChecked();
  await page.getByRole('combobox', { name: 'Ordenar por' }).click();
  await page.getByRole('option', { name: 'Matrícula' }).click();
  await expect(order.getByRole('radio', { name: 'Descendente' })).toBeChecked();
  await expect(enrolments).toHaveText(['610', '320', '95', '45']);
  await expect(ccts).toHaveText(['17UES0303C', '17PPR0301A', '17EPR0302B', INACTIVE]);
  await order.getByText('Ascendente').click();
  await expect(enrolments).toHaveText(['45', '95', '320', '610']);
  expect(new URL((await csvLink.getAttribute('href')) ?? '', 'http://x').searchParams.get('dir')).toBe('asc');
  await expectAccessible(page);

  // School zone, searched as typed, with its sector and state.
  await page.getByLabel('Localidad', { exact: true }).fill('');
  const zone = page.getByRole('combobox', { name: 'Zona escolar' });
  await zone.fill('cuautla');
  const option = page.getByRole('option', { name: /^009 · Zona Escolar 009 Cuautla/ });
  await expect(option).toContainText('Jefatura de Sector 01 Cuernavaca · Morelos');
  await expectAccessible(page);
  await option.click();
  await expect(zone).toHaveValue('009 · Zona Escolar 009 Cuautla');
  await expect(ccts).toHaveCount(4);
  await expect(zones).toHaveText(['009', '009', '009', '009']);
  await zone.fill('004');
  await page.getByRole('option', { name: /^004 · Zona Escolar 004 Cuernavaca/ }).click();
  // Its two demo schools and this spec's four, the inactive one included.
  await expect(ccts).toHaveCount(6);
  await expect(zones).toHaveText(Array(6).fill('004'));
  await expect(ccts.first()).toHaveText(INACTIVE);

  // Clearing the filters: every Morelos school that is active, in the order still chosen.
  await page.getByRole('button', { name: 'Limpiar filtros' }).click();
  await expect(zone).toHaveValue('');
  await expect(inactive).not.toBeChecked();
  await expect(page.getByText('9 en total')).toBeVisible();
  await expect(ccts).toHaveCount(9);
  await expect(results.getByRole('cell', { name: INACTIVE })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Limpiar filtros' })).toBeDisabled();
  await expectAccessible(page);
});
