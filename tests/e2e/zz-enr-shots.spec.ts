import { test } from '@playwright/test';
import { login } from './support.ts';

test('shots', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await login(page, 'director.zapopan@demo.calidad.mx');
  await page.goto('/pec');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '.tmp/enr/zap-home.png', fullPage: true });
  await page
    .getByRole('link', { name: /registro/ })
    .first()
    .click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '.tmp/enr/zap-reg.png', fullPage: true });
  await page.getByRole('button', { name: 'English' }).click();
  await page.waitForTimeout(800);
  await page.screenshot({ path: '.tmp/enr/zap-reg-en.png', fullPage: true });
  await page.getByRole('button', { name: 'Español' }).click();
});
