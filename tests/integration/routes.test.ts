import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../src/contract/roles.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const PUBLIC_ALLOWED = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /api/openapi.json',
  'POST /api/auth/login',
  'POST /api/auth/password-reset/request',
  'POST /api/auth/password-reset/confirm',
  'GET /assets/*',
  'GET /api/alliance/public',
  'GET /api/pec/public/cycles',
  'GET /api/pec/public/cycles/:id/selected',
  // The public transparency site and its open data (no personal data: tests/integration/pec-closing.test.ts).
  'GET /transparencia/pec/recursos',
  'GET /transparencia/pec/recursos/:state',
  'GET /transparencia/pec/escuelas/:cct',
  'GET /transparencia/pec/datos',
  'GET /api/pec/public/datos/diccionario',
  'GET /api/pec/public/datos/:cycleId/:file',
]);

describe('route permissions', () => {
  it('every registered route declares a known permission', () => {
    const routes = t.app.declaredRoutes.filter((r) => r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(20);
    const allowed = new Set<string>(['public', 'authenticated', ...PERMISSIONS]);
    const missing = routes.filter((r) => !r.permission || !allowed.has(r.permission));
    expect(missing).toEqual([]);
  });

  it('only the expected routes are public', () => {
    const pub = t.app.declaredRoutes
      .filter((r) => r.method !== 'HEAD' && r.permission === 'public' && !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.url}`);
    expect(new Set(pub)).toEqual(PUBLIC_ALLOWED);
  });

  it('refuses to build an app with a route that declares nothing', async () => {
    const Fastify = (await import('fastify')).default;
    const { guardPlugin } = await import('../../src/server/platform/http/guard.ts');
    const app = Fastify();
    app.decorate('ctx', t.ctx);
    await app.register(guardPlugin);
    expect(() => app.get('/api/oops', async () => 'x')).toThrow(/declares no permission/);
  });

  it('answers every non-public API route with 401 when signed out', async () => {
    const anon = t.anonymous();
    const guarded = t.app.declaredRoutes.filter(
      (r) =>
        r.url.startsWith('/api/') && r.method !== 'HEAD' && !['public', undefined].includes(r.permission),
    );
    for (const r of guarded) {
      const url = r.url
        .replace(':assignmentId', '00000000-0000-4000-8000-000000000000')
        .replace(':id', r.url.startsWith('/api/org') ? '1' : '00000000-0000-4000-8000-000000000000');
      const res = await anon.request({
        method: r.method as 'GET',
        url,
        ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: {} }),
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('serves OpenAPI 3.1 with the API paths', async () => {
    const doc = (await t.anonymous().get('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/me', '/api/org/units/{id}', '/api/users/invite', '/api/audit/']),
    );
  });

  it('sets security headers and reports health', async () => {
    const res = await t.anonymous().get('/healthz');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect((await t.anonymous().get('/readyz')).json()).toMatchObject({
      status: 'ready',
      database: t.driver,
    });
  });
});
