import { expect, test } from '@playwright/test';
import { expectAccessible, login } from './support.ts';

test('a director sees the school staff and invites a teacher from the school page', async ({ page }) => {
  await login(page, 'director@demo.calidad.mx');
  await page.getByRole('link', { name: 'Escuela Primaria Benito Juárez' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Escuela Primaria Benito Juárez' })).toBeVisible();

  const card = page.getByRole('region', { name: 'Personal de la escuela' });
  await expect(card.getByRole('heading', { name: 'Dirección escolar' })).toBeVisible();
  await expect(card.getByRole('cell', { name: 'director@demo.calidad.mx' })).toBeVisible();
  await expect(card.getByRole('cell', { name: 'docente@demo.calidad.mx' })).toBeVisible();
  await expect(card.getByRole('cell', { name: 'padre@demo.calidad.mx' })).toBeVisible();
  await expect(card.getByRole('listitem').filter({ hasText: 'Sofía Supervisora Méndez' })).toContainText(
    'Supervisión de zona',
  );
  await expect(card.getByRole('listitem').filter({ hasText: 'Sergio Sector López' })).toContainText(
    'Jefatura de sector',
  );
  // A director manages teachers and the CEPS, but does not record a director.
  await expect(card.getByRole('button', { name: 'Invitar integrante del CEPS' })).toBeVisible();
  await expect(card.getByRole('button', { name: 'Registrar director(a)' })).toHaveCount(0);
  await expectAccessible(page);

  await card.getByRole('button', { name: 'Invitar docente' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Correo electrónico').fill('profe.plantel@ejemplo.mx');
  await dialog.getByLabel('Nombre completo').fill('Patricia Profe Plantel');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Invitar docente' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  const teachers = card.getByRole('region', { name: 'Docentes' });
  const row = teachers.getByRole('row').filter({ hasText: 'Patricia Profe Plantel' });
  await expect(row).toContainText('profe.plantel@ejemplo.mx');
  await expect(row).toContainText('Invitación pendiente');
  await expect(
    row.getByRole('button', { name: 'Quitar a Patricia Profe Plantel de la escuela' }),
  ).toBeVisible();
  await expectAccessible(page);
});
