import { expect, test } from '@playwright/test';
import { expectAccessible, login } from './support.ts';

test('a director sees only their school', async ({ page }) => {
  await login(page, 'director@demo.calidad.mx');
  await expect(page.getByText('Dirección escolar')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Escuela Primaria Benito Juárez' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Bitácora' })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Estructura' }).click();
  await expect(page.getByRole('link', { name: 'Escuela Primaria Benito Juárez' })).toBeVisible();
  await expect(page.getByText('Escuela Primaria Josefa Ortiz de Domínguez')).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Escuela Primaria Benito Juárez' }).click();
  await expect(page.getByRole('heading', { name: 'Datos del catálogo' })).toBeVisible();
  await expect(page.getByText('Primaria', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: /ver en el mapa/ })).toBeVisible();
  await expectAccessible(page);
});

test('the Morelos coordinator browses Morelos and cannot find Jalisco', async ({ page }) => {
  await login(page, 'estatal.mor@demo.calidad.mx');
  await page.getByRole('link', { name: 'Estructura' }).click();
  await page.getByRole('button', { name: 'Mostrar lo que depende de Morelos' }).click();
  await page
    .getByRole('button', { name: /Mostrar lo que depende de Jefatura de Sector 01 Cuernavaca/ })
    .click();
  await expect(page.getByRole('link', { name: 'Zona Escolar 004 Cuernavaca' })).toBeVisible();
  await page.getByLabel('Buscar por nombre o clave (CCT)').fill('Benito');
  await expect(page.getByText('Sin resultados.')).toBeVisible();
  await page.getByLabel('Buscar por nombre o clave (CCT)').fill('Zaragoza');
  await page.getByRole('link', { name: 'Escuela Primaria Ignacio Zaragoza' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Escuela Primaria Ignacio Zaragoza' }),
  ).toBeVisible();
  await expect(page.getByText('17DPR0101K')).toBeVisible();
  await expect(page.getByText('Cuernavaca (007)')).toBeVisible();
  await expectAccessible(page);
});

test('the auditor reads the trail but manages nothing', async ({ page }) => {
  await login(page, 'auditor@demo.calidad.mx');
  await page.getByRole('link', { name: 'Bitácora' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bitácora' })).toBeVisible();
  await expect(page.getByRole('table')).toBeVisible();
  await page.getByRole('button', { name: 'Detalles' }).first().click();
  await expect(page.getByText(/Solicitud:/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Usuarios' }).click();
  await expect(page.getByRole('table')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Invitar persona' })).toHaveCount(0);
  await expectAccessible(page);
});

test('a director invites a teacher', async ({ page }) => {
  await login(page, 'director@demo.calidad.mx');
  await page.getByRole('link', { name: 'Usuarios' }).click();
  await page.getByRole('button', { name: 'Invitar persona' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Correo').fill('maestra.nueva@ejemplo.mx');
  await dialog.getByLabel('Nombre').fill('Maestra Nueva Pérez');
  await dialog.getByRole('combobox', { name: 'Función' }).click();
  await page.getByRole('option', { name: 'Docente' }).click();
  await dialog.getByRole('combobox', { name: 'Unidad' }).click();
  await page.getByRole('option', { name: /Benito Juárez/ }).click();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Invitar persona' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('cell', { name: 'maestra.nueva@ejemplo.mx' })).toBeVisible();
  await expect(page.getByText('Invitación pendiente').first()).toBeVisible();
});

test('the account page, a unit page and 404 are accessible, also at 360 px', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await login(page, 'estatal.jal@demo.calidad.mx');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Abrir o cerrar el menú' }).click();
  await page.getByRole('link', { name: 'Mi cuenta' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mi cuenta' })).toBeVisible();
  await expect(page.getByText('Esta sesión', { exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.goto('/org/15');
  await expect(page.getByRole('heading', { level: 1, name: 'Jalisco' })).toBeVisible();
  await expectAccessible(page);
  await page.goto('/no-existe');
  await expect(page.getByRole('heading', { level: 1, name: 'Página no encontrada' })).toBeVisible();
  await expectAccessible(page);
});

test('schools can be searched, filtered and exported within scope', async ({ page }) => {
  await login(page, 'estatal.jal@demo.calidad.mx');
  await page.getByRole('link', { name: 'Escuelas', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Escuelas' })).toBeVisible();
  await expect(page.getByText('9 en total')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Buscar por CCT o nombre').fill('juarez');
  await expect(page.getByRole('link', { name: 'Escuela Primaria Benito Juárez' })).toBeVisible();
  await expect(page.getByText('1 en total')).toBeVisible();
  await page.getByLabel('Buscar por CCT o nombre').fill('Zaragoza');
  await expect(page.getByText('Sin resultados.')).toBeVisible();
  await page.getByLabel('Buscar por CCT o nombre').fill('');
  const csv = await page.request.get('/api/catalog/schools.csv?q=14DPR0001A');
  expect(await csv.text()).toContain('14DPR0001A,Escuela Primaria Benito Juárez');
});
