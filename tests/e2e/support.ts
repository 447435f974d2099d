import { AxeBuilder } from '@axe-core/playwright';
import { type APIRequestContext, type Browser, expect, type Page } from '@playwright/test';
import { CATALOG_COLUMNS, type CatalogColumn } from '../../src/contract/catalog.ts';
import { DEMO_STATES } from '../../src/server/demo/data.ts';

export const PASSWORD = 'calidad-demo-2026';

export async function login(page: Page, email: string, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hola,/ })).toBeVisible();
}

/**
 * Fails on any WCAG 2 A/AA violation axe finds on the page once it has settled: a dialog fading in
 * is half transparent, and axe would measure the contrast of a colour nobody ever sees. Settled
 * means no animation or transition running and every open dialog fully opaque, checked until true:
 * a dialog that has just mounted may not have started its transition yet when first looked at.
 */
export async function expectAccessible(page: Page) {
  await page.waitForFunction(
    () => {
      // Endless ones (a spinner) never settle; they do not change what axe measures either.
      const moving = document
        .getAnimations()
        .some(
          (a) =>
            (a.playState === 'running' || a.pending) &&
            a.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY,
        );
      const fading = [...document.querySelectorAll('[role="dialog"]')].some((d) => {
        for (let e: Element | null = d; e; e = e.parentElement) {
          if (Number(getComputedStyle(e).opacity) < 1) return true;
        }
        return false;
      });
      return !moving && !fading;
    },
    undefined,
    { polling: 100, timeout: 10_000 },
  );
  await page.waitForTimeout(50);
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const summary = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

/** Today's date in Mexico City (the programme's calendar), as YYYY-MM-DD. */
export const todayMx = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City' }).format(new Date());

/** A signed-in person in a browser context of their own. */
export async function person(browser: Browser, email: string, password = PASSWORD): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, email, password);
  return page;
}

/** A JSON request as the page's signed-in person, failing the test with the server's answer. */
export async function call<T>(page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
  const me = await (await page.request.get('/api/me')).json();
  const res = await page.request.fetch(url, {
    method,
    headers: { 'x-csrf-token': me.csrfToken },
    ...(data === undefined ? {} : { data }),
  });
  expect(res.ok(), `${method} ${url}: ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

/** Invites someone with a role on a unit, and sets their password from the invitation in the outbox. */
export async function invite(
  inviter: Page,
  admin: Page,
  request: APIRequestContext,
  who: { email: string; name: string; role: string; unitId: number },
) {
  await call(inviter, 'POST', '/api/users/invite', who);
  const outbox = await call<{ items: { to: string; text: string }[] }>(admin, 'GET', '/api/outbox?limit=50');
  const mail = outbox.items.find((m) => m.to === who.email);
  const token = /token=([^&\s]+)/.exec(mail?.text ?? '')?.[1];
  expect(token, `invitation to ${who.email}`).toBeTruthy();
  const set = await request.post('/api/auth/password-reset/confirm', {
    data: { token: decodeURIComponent(token as string), password: PASSWORD },
  });
  expect(set.ok(), await set.text()).toBe(true);
}

/** Morelos's schools as the demo has them, as catalog rows. */
export const MORELOS_IN_DEMO: Partial<Record<CatalogColumn, string>>[] = (
  DEMO_STATES.find((s) => s.code === '17')?.sectors ?? []
).flatMap((se) =>
  se.zones.flatMap((z) =>
    z.schools.map((s) => ({
      cct: s.cct,
      nombre: s.name,
      entidad: '17',
      municipio: s.municipality,
      sector: se.code,
      zona: z.code,
      nivel:
        s.cct.slice(3, 5) === 'JN' ? 'preescolar' : s.cct.slice(3, 5) === 'ES' ? 'secundaria' : 'primaria',
    })),
  ),
);

/** The two Cuautla schools the catalog-import spec adds to Morelos; the specs after it keep them. */
export const MORELOS_ADDED: Partial<Record<CatalogColumn, string>>[] = [
  { cct: '17DPR0201Z', nombre: 'Escuela Primaria Ricardo Flores Magón', municipio: '006', nivel: 'primaria' },
  { cct: '17DJN0202Y', nombre: 'Jardín de Niños Gabriela Mistral', municipio: '006', nivel: 'preescolar' },
].map((s) => ({ ...s, entidad: '17', sector: '01', zona: '009' }));

/** A catalog CSV of these rows, every column the row leaves out filled with a plausible fact. */
export function catalogCsv(rows: Partial<Record<CatalogColumn, string>>[]): string {
  const facts: Partial<Record<CatalogColumn, string>> = {
    turno: 'matutino',
    servicio: 'general',
    multigrado: 'no',
    sostenimiento: 'federal',
    ambito: 'urbano',
    marginacion: 'medio',
    matricula: '180',
    docentes: '7',
    localidad: 'Cuautla',
    domicilio: 'Calle Reforma 12',
    codigo_postal: '62740',
    latitud: '18.81',
    longitud: '-98.95',
  };
  const line = (r: Partial<Record<CatalogColumn, string>>) =>
    CATALOG_COLUMNS.map((c) => ({ ...facts, ...r })[c] ?? '').join(',');
  return [CATALOG_COLUMNS.join(','), ...rows.map(line)].join('\n');
}
