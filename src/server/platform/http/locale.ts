import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../../contract/roles.ts';

/** The signed-in user's saved choice wins; otherwise the first es/en in Accept-Language. */
export function requestLocale(request: FastifyRequest): Locale {
  if (request.actor) return request.actor.locale;
  const header = request.headers['accept-language'];
  if (typeof header === 'string') {
    for (const part of header.split(',')) {
      const tag = part.trim().slice(0, 2).toLowerCase();
      if (tag === 'en' || tag === 'es') return tag;
    }
  }
  return 'es';
}
