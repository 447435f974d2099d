import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions, users } from '../../src/server/platform/auth/schema.ts';
import { mailOutbox } from '../../src/server/platform/mail/schema.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOGIN_MAX_FAILURES_ACCOUNT: '3' });
});
afterAll(() => t?.close());

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, headers });

async function linkFor(email: string): Promise<string> {
  const [m] = await t.ctx.db
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.to, email))
    .orderBy(sql`${mailOutbox.createdAt} desc`)
    .limit(1);
  const token = m?.text.match(/token=([\w-]+)/)?.[1];
  if (!token) throw new Error(`no link mailed to ${email}`);
  return decodeURIComponent(token);
}

describe('sign-in', () => {
  it('refuses anonymous /api/me with a localised problem', async () => {
    const es = await t.anonymous().get('/api/me');
    expect(es.statusCode).toBe(401);
    expect(es.headers['content-type']).toContain('application/problem+json');
    expect(es.json()).toMatchObject({
      status: 401,
      code: 'unauthenticated',
      detail: 'Inicie sesión para continuar.',
    });
    const en = await t.anonymous().get('/api/me', { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json().detail).toBe('Sign in to continue.');
  });

  it('signs in, shows roles and scope, and signs out for good', async () => {
    const c = await t.login('supervisor@demo.calidad.mx');
    const me = (await c.get('/api/me')).json();
    expect(me.assignments).toHaveLength(1);
    expect(me.assignments[0]).toMatchObject({ role: 'zone_supervisor', unit: { kind: 'zone', code: '001' } });
    expect(me.permissions).toEqual(expect.arrayContaining(['org.read', 'users.manage']));
    expect(me.permissions).not.toContain('audit.read');
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/me')).statusCode).toBe(401);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await login('docente@demo.calidad.mx', 'calidad-demo-2026');
    const cookie = res.cookies.find((x) => x.name === 'calidad_sid');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  it('says the same for an unknown account and a wrong password', async () => {
    const a = await login('nadie@demo.calidad.mx', 'whatever-123');
    const b = await login('padre@demo.calidad.mx', 'wrong-password');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().detail).toBe(b.json().detail);
    expect(a.json().code).toBe('invalid_credentials');
  });

  it('locks an account after repeated failures, even for the right password', async () => {
    for (let i = 0; i < 3; i++)
      expect((await login('evaluador@demo.calidad.mx', `nope-${i}`)).statusCode).toBe(401);
    const locked = await login('evaluador@demo.calidad.mx', 'calidad-demo-2026', { 'accept-language': 'en' });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('account_locked');
    expect(locked.json().detail).toMatch(/Try again in \d+ minutes/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('CSRF and origin', () => {
  it('refuses a state change without the session token or from a foreign origin', async () => {
    const c = await t.login('director@demo.calidad.mx');
    const noToken = await c.request({
      method: 'PATCH',
      url: '/api/me',
      payload: { locale: 'en' },
      headers: { 'x-csrf-token': '' },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('csrf_failed');
    const foreign = await c.request({
      method: 'PATCH',
      url: '/api/me',
      payload: { locale: 'en' },
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.statusCode).toBe(403);
    const me = (await c.get('/api/me')).json();
    expect(me.locale).toBe('es');
    const ok = await c.patch('/api/me', { locale: 'en' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().locale).toBe('en');
    // The saved choice now decides the language of errors.
    const err = await c.get('/api/org/units/999999');
    expect(err.json().detail).toBe('What you were looking for was not found.');
  });
});

describe('passwords and sessions', () => {
  it('changes the password, ending the other sessions', async () => {
    const a = await t.login('nacional@demo.calidad.mx');
    const b = await t.login('nacional@demo.calidad.mx');
    const wrong = await a.post('/api/auth/password', {
      currentPassword: 'bad',
      newPassword: 'otra-clave-segura-1',
    });
    expect(wrong.statusCode).toBe(422);
    const ok = await a.post('/api/auth/password', {
      currentPassword: 'calidad-demo-2026',
      newPassword: 'otra-clave-segura-1',
    });
    expect(ok.statusCode).toBe(200);
    expect((await a.get('/api/me')).statusCode).toBe(200);
    expect((await b.get('/api/me')).statusCode).toBe(401);
    expect((await login('nacional@demo.calidad.mx', 'calidad-demo-2026')).statusCode).toBe(401);
    expect((await login('nacional@demo.calidad.mx', 'otra-clave-segura-1')).statusCode).toBe(200);
  });

  it('resets a forgotten password through the mailed link, once', async () => {
    const anon = t.anonymous();
    const unknown = await anon.post('/api/auth/password-reset/request', { email: 'nadie@ejemplo.mx' });
    expect(unknown.statusCode).toBe(202);
    const res = await anon.post('/api/auth/password-reset/request', { email: 'sector@demo.calidad.mx' });
    expect(res.statusCode).toBe(202);
    const token = await linkFor('sector@demo.calidad.mx');
    const done = await anon.post('/api/auth/password-reset/confirm', { token, password: 'nueva-clave-2026' });
    expect(done.statusCode).toBe(200);
    expect((await login('sector@demo.calidad.mx', 'nueva-clave-2026')).statusCode).toBe(200);
    const again = await anon.post('/api/auth/password-reset/confirm', { token, password: 'otra-mas-2026x' });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('token_invalid');
  });

  it('lists and revokes sessions', async () => {
    const a = await t.login('auditor@demo.calidad.mx');
    const b = await t.login('auditor@demo.calidad.mx');
    const list = (await a.get('/api/auth/sessions')).json() as { id: string; current: boolean }[];
    expect(list.length).toBeGreaterThanOrEqual(2);
    const other = list.find((s) => !s.current);
    expect(other).toBeDefined();
    expect((await a.delete(`/api/auth/sessions/${other?.id}`)).statusCode).toBe(200);
    expect((await b.get('/api/me')).statusCode).toBe(401);
    expect((await a.get('/api/me')).statusCode).toBe(200);
  });

  it('ends an idle session', async () => {
    const c = await t.login('estatal.mor@demo.calidad.mx');
    const [u] = await t.ctx.db.select().from(users).where(eq(users.email, 'estatal.mor@demo.calidad.mx'));
    const old = new Date(Date.now() - 31 * 60_000).toISOString();
    await t.ctx.db
      .update(sessions)
      .set({ lastSeenAt: old })
      .where(eq(sessions.userId, u?.id ?? ''));
    const res = await c.get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('session_expired');
  });
});

describe('invitations', () => {
  it('lets a director invite a teacher who then sets a password and sees the school', async () => {
    const director = await t.login('director@demo.calidad.mx');
    const school = (await director.get('/api/me')).json().assignments[0].unit;
    const res = await director.post('/api/users/invite', {
      email: 'Nueva.Docente@Ejemplo.mx',
      name: 'Nueva Docente',
      role: 'teacher',
      unitId: school.id,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: 'nueva.docente@ejemplo.mx', status: 'invited' });
    expect((await login('nueva.docente@ejemplo.mx', 'x')).statusCode).toBe(401);
    const token = await linkFor('nueva.docente@ejemplo.mx');
    const set = await t
      .anonymous()
      .post('/api/auth/password-reset/confirm', { token, password: 'mi-clave-docente' });
    expect(set.statusCode).toBe(200);
    const teacher = await t.login('nueva.docente@ejemplo.mx', 'mi-clave-docente');
    const roots = (await teacher.get('/api/org/units')).json();
    expect(roots.items.map((u: { id: number }) => u.id)).toEqual([school.id]);
  });
});
