import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../../src/server/app.ts';
import { initialiseIfEmpty, openRuntime, type Runtime } from '../../src/server/bootstrap.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { AppContext } from '../../src/server/context.ts';
import { DEMO_PASSWORD } from '../../src/server/demo/data.ts';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  driver: 'pglite' | 'postgres';
  /** A client signed in as a demo (or any) user. */
  login(email: string, password?: string): Promise<Client>;
  anonymous(): Client;
  close(): Promise<void>;
}

export interface Client {
  csrf: string | null;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

/**
 * A fresh app on a fresh database with the demo data: PGlite in memory by default, or — when
 * the test run set TEST_PG_TEMPLATE — a new PostgreSQL database cloned from the seeded template.
 */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const template = process.env.TEST_PG_TEMPLATE;
  let dropDb: (() => Promise<void>) | undefined;
  const env: Record<string, string> = {
    LOG_LEVEL: 'silent',
    DEMO: 'true',
    WEB_DIR: './dist/web',
    ...overrides,
  };
  if (template) {
    const adminUrl = process.env.TEST_PG_ADMIN_URL as string;
    const name = `${template}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database "${name}" template "${template}"`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    env.PG_POOL_SIZE = '5';
    dropDb = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    };
  } else {
    env.DATA_DIR = 'memory://';
  }
  const cfg = loadConfig(env);
  const runtime: Runtime = await openRuntime(cfg, pino({ level: 'silent' }));
  await initialiseIfEmpty(runtime.ctx);
  const app = await buildApp(runtime.ctx);
  await app.ready();
  runtime.ctx.jobs.start();

  const makeClient = (cookie: string | null, csrf: string | null): Client => {
    const request = (opts: InjectOptions) =>
      app.inject({
        ...opts,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(csrf && opts.method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
          ...opts.headers,
        },
      });
    return {
      csrf,
      request,
      get: (url, headers) => request({ method: 'GET', url, ...(headers ? { headers } : {}) }),
      post: (url, body) =>
        request({ method: 'POST', url, ...(body === undefined ? {} : { payload: body as object }) }),
      patch: (url, body) => request({ method: 'PATCH', url, payload: body as object }),
      delete: (url) => request({ method: 'DELETE', url }),
    };
  };

  return {
    app,
    ctx: runtime.ctx,
    driver: runtime.ctx.driver,
    anonymous: () => makeClient(null, null),
    async login(email, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
      if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'calidad_sid');
      if (!cookie) throw new Error('no session cookie');
      return makeClient(`calidad_sid=${cookie.value}`, res.json().csrfToken);
    },
    async close() {
      await app.close();
      await runtime.close();
      await dropDb?.();
    },
  };
}

/** A response's JSON body, failing the test with the status and body when the request did not succeed. */
export async function ok<T = { id: string | number }>(
  res: Promise<{ statusCode: number; body: string; json(): unknown }>,
): Promise<T> {
  const r = await res;
  if (r.statusCode >= 300) throw new Error(`${r.statusCode} ${r.body}`);
  return (r.body ? r.json() : undefined) as T;
}
