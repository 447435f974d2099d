import { expect, test } from '@playwright/test';
import { expectAccessible, login } from './support.ts';

test('a wrong password shows a clear message', async ({ page }) => {
  await page.goto('/login');
  await expectAccessible(page);
  await page.getByLabel('Correo electrónico').fill('director@demo.calidad.mx');
  await page.getByLabel('Contraseña').fill('no-es-esta');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('alert')).toContainText('El correo o la contraseña no son correctos.');
  await expectAccessible(page);
});

test('the language switch changes the interface and is remembered', async ({ page }) => {
  await login(page, 'supervisor@demo.calidad.mx');
  await page.locator('label', { hasText: 'English' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello,/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Organisation' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello,/ })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.locator('label', { hasText: 'Español' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hola,/ })).toBeVisible();
});

test('a forgotten password is reset through the outbox', async ({ page }) => {
  await page.goto('/forgot-password');
  await expectAccessible(page);
  await page.getByLabel('Correo electrónico').fill('padre@demo.calidad.mx');
  await page.getByRole('button', { name: 'Enviar enlace' }).click();
  await expect(page.getByRole('status')).toContainText('Si existe una cuenta');

  await login(page, 'admin@demo.calidad.mx');
  await page.getByRole('link', { name: 'Buzón de correo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Buzón de correo' })).toBeVisible();
  await expectAccessible(page);
  await page
    .getByRole('button', { name: /restablezca su contraseña/ })
    .first()
    .click();
  const link = await page.getByRole('article').getByRole('link').first().getAttribute('href');
  expect(link).toContain('/reset-password?token=');
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();

  await page.goto(link ?? '/');
  await expectAccessible(page);
  await page.getByLabel('Nueva contraseña').fill('padre-nueva-2026');
  await page.getByLabel('Repita la contraseña').fill('padre-nueva-2026');
  await page.getByRole('button', { name: 'Guardar contraseña' }).click();
  await expect(page.getByRole('status')).toContainText('Ya puede iniciar sesión');
  await login(page, 'padre@demo.calidad.mx', 'padre-nueva-2026');
});

test('the reset page without a token explains itself', async ({ page }) => {
  await page.goto('/reset-password');
  await expect(page.getByRole('alert')).toContainText('El enlace está incompleto');
  await expectAccessible(page);
});
