import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/server/platform/audit/schema.ts';
import { users } from '../../src/server/platform/auth/schema.ts';
import { type Client, startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin@demo.calidad.mx');
});
afterAll(() => t?.close());

async function counts() {
  const [a] = await t.ctx.db.select({ n: count() }).from(auditLog);
  const [u] = await t.ctx.db.select({ n: count() }).from(users);
  return [a?.n, u?.n];
}

const raw = (payload: string, contentType = 'application/json') =>
  admin.request({
    method: 'POST',
    url: '/api/users/invite',
    payload,
    headers: { 'content-type': contentType },
  });

describe('bad input is refused with a clear problem and writes nothing', () => {
  const cases: [string, () => ReturnType<typeof raw>, number, string][] = [
    ['malformed JSON', () => raw('{"email": "a@b.mx",'), 400, 'malformed_json'],
    [
      'wrong types',
      () => raw(JSON.stringify({ email: 12, name: true, role: 'teacher', unitId: 'x' })),
      400,
      'validation_failed',
    ],
    [
      'unknown fields',
      () => raw(JSON.stringify({ email: 'a@b.mx', name: 'Ana Bé', role: 'teacher', unitId: 1, admin: true })),
      400,
      'validation_failed',
    ],
    [
      'unknown role',
      () => raw(JSON.stringify({ email: 'a@b.mx', name: 'Ana Bé', role: 'rey', unitId: 1 })),
      400,
      'validation_failed',
    ],
    [
      'oversize body',
      () => raw(JSON.stringify({ email: 'a@b.mx', name: 'x'.repeat(300_000), role: 'teacher', unitId: 1 })),
      413,
      'body_too_large',
    ],
    ['text/plain body', () => raw('hola', 'text/plain'), 415, 'unsupported_media_type'],
    [
      'form body',
      () => raw('email=a%40b.mx', 'application/x-www-form-urlencoded'),
      415,
      'unsupported_media_type',
    ],
  ];
  it.each(cases)('%s', async (_name, send, status, code) => {
    const before = await counts();
    const res = await send();
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status, code });
    expect(res.json().detail.length).toBeGreaterThan(10);
    expect(await counts()).toEqual(before);
  });

  it('names the fields that are wrong', async () => {
    const res = await raw(JSON.stringify({ email: 'no-es-correo', name: 'A', role: 'teacher', unitId: 1 }));
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.name']));
  });

  it('answers unknown API routes with a 404 problem', async () => {
    const res = await admin.get('/api/no-existe');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('route_not_found');
  });

  it('a refused change in the middle of a transaction leaves nothing behind', async () => {
    const before = await counts();
    // A teacher role on a zone is refused after the user row would have been written.
    const res = await admin.post('/api/users/invite', {
      email: 'zona@ejemplo.mx',
      name: 'Persona Zona',
      role: 'teacher',
      unitId: 1,
    });
    expect(res.statusCode).toBe(422);
    expect(await counts()).toEqual(before);
  });
});
