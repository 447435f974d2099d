// One app process of the PAT spike benchmark's multi-process run (node:cluster shares the port):
// the whole app on the benchmark's PostgreSQL database, plus the bare baseline route.
import cluster from 'node:cluster';
import pino from 'pino';
import { buildApp } from '../src/server/app.ts';
import { openRuntime } from '../src/server/bootstrap.ts';
import { loadConfig } from '../src/server/config.ts';

const cfg = loadConfig({ ...process.env, DEMO: 'false', LOG_LEVEL: 'silent' });
const rt = await openRuntime(cfg, pino({ level: 'silent' }));
const app = await buildApp(rt.ctx);
const bytes = JSON.stringify({ state: 'submitted' });
app.post('/bench/bare', { config: { permission: 'public' } }, (_req, reply) =>
  reply.type('application/json').send(bytes),
);
await app.listen({ port: cfg.PORT, host: '127.0.0.1' });
cluster.worker?.send('listening');
process.on('SIGTERM', () => {
  void app.close().then(() => rt.close().then(() => process.exit(0)));
});
