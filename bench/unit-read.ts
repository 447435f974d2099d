// Benchmark: an authenticated read of a unit's detail (session lookup, scope check, queries)
// against a bare route in the same process returning the same bytes. 64 connections.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../src/server/app.ts';
import { initialiseIfEmpty, openRuntime } from '../src/server/bootstrap.ts';
import { loadConfig } from '../src/server/config.ts';
import { DEMO_PASSWORD } from '../src/server/demo/data.ts';

const CONNECTIONS = 64;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const AUTOCANNON = path.resolve(import.meta.dirname, '../node_modules/.bin/autocannon');

/** The load generator runs in its own process so it does not steal the server's event loop. */
async function load(
  url: string,
  headers: Record<string, string>,
  connections = CONNECTIONS,
  seconds = SECONDS,
) {
  const args = ['-j', '-c', String(connections), '-d', String(seconds)];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  const { stdout } = await promisify(execFile)(AUTOCANNON, [...args, url], { maxBuffer: 10 * 1024 * 1024 });
  const r = JSON.parse(stdout);
  return {
    rps: r.requests.average as number,
    p99: r.latency.p99 as number,
    errors: (r.errors + r.non2xx) as number,
  };
}

export async function benchUnitRead(env: Record<string, string>, label: string) {
  const cfg = loadConfig({ ...env, DEMO: 'true', LOG_LEVEL: 'silent', PORT: '0' });
  const rt = await openRuntime(cfg, pino({ level: 'silent' }));
  await initialiseIfEmpty(rt.ctx);
  const app: FastifyInstance = await buildApp(rt.ctx);
  let bytes = '';
  app.get('/bench/bare', { config: { permission: 'public' } }, (_req, reply) =>
    reply.type('application/json').send(bytes),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'estatal.jal@demo.calidad.mx', password: DEMO_PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const search = await fetch(`${base}/api/org/units?q=benito`, { headers: { cookie } });
    const unitId = (await search.json()).items[0].id;
    const detailUrl = `${base}/api/org/units/${unitId}`;
    bytes = await (await fetch(detailUrl, { headers: { cookie } })).text();
    // Warm up both, then measure the baseline and the real route in the same run.
    await load(detailUrl, { cookie }, 8, 2);
    const bare = await load(`${base}/bench/bare`, {});
    const real = await load(detailUrl, { cookie });
    const ratio = real.rps / bare.rps;
    console.log(
      `[${label}] unit detail (authenticated): ${real.rps.toFixed(0)} req/s, p99 ${real.p99} ms, errors ${real.errors}\n` +
        `[${label}] bare route, same bytes:      ${bare.rps.toFixed(0)} req/s, p99 ${bare.p99} ms\n` +
        `[${label}] ratio ${ratio.toFixed(2)} (target ≥ 0.5 on PostgreSQL), p99 ${real.p99} ms (target ≤ 25 ms on PostgreSQL)`,
    );
    return { ratio, p99: real.p99 };
  } finally {
    await app.close();
    await rt.close();
  }
}
