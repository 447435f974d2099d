import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendProblem } from './problem.ts';

/**
 * Serves the built SPA: hashed assets cached for a year, every other non-API GET answered with
 * index.html so client-side routes survive a reload.
 */
export async function registerWeb(app: FastifyInstance, webDir: string) {
  const root = path.resolve(webDir);
  const hasWeb = existsSync(path.join(root, 'index.html'));
  await app.register(fastifyStatic, { root, serve: false });

  app.get('/assets/*', { config: { permission: 'public' }, schema: { hide: true } }, (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    return reply.sendFile(path.join('assets', file), { immutable: true, maxAge: '365d' });
  });

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const isPage = request.method === 'GET' && !url.startsWith('/api/') && !path.extname(url);
    if (isPage && hasWeb) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(request, reply, 404, 'route_not_found', { method: request.method, url });
  });
}
