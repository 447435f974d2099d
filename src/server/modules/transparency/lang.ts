import type { FastifyRequest } from 'fastify';
import { longDay } from '../finance/accountability.ts';
import { EN, ES, type Strings } from './strings.ts';

/**
 * The public site's language. It depends only on the URL (`?lang=en|es`) and Accept-Language, never on
 * a session: the pages are cached publicly, and a shared cache can only tell readers apart by what
 * `Vary` names (the app's own `requestLocale` prefers the signed-in user's choice and ignores
 * q-weights, so it is not used here).
 */

export type Lang = 'es' | 'en';
export const LANGS = ['es', 'en'] as const;

/** Each language is offered under its own name, whatever the page's language. */
const NAME: Record<Lang, string> = { es: 'Español', en: 'English' };

export interface Reader {
  lang: Lang;
  t: Strings;
  /**
   * Appended to every link inside the pages: `&amp;lang=…` once the reader chose a language in the URL
   * (so the choice survives a click), empty while it comes from the browser's header.
   */
  keep: string;
  /** The other language, for the switch link. */
  other: { lang: Lang; name: string };
  /** A count as the reader writes it (5,000). */
  n: (x: number) => string;
  /** A calendar date (YYYY-MM-DD) as the reader reads it. */
  day: (d: string) => string;
}

const NUMBER: Record<Lang, Intl.NumberFormat> = {
  es: new Intl.NumberFormat('es-MX'),
  en: new Intl.NumberFormat('en-US'),
};

export function readerFor(lang: Lang, explicit: boolean): Reader {
  const other: Lang = lang === 'es' ? 'en' : 'es';
  return {
    lang,
    t: lang === 'en' ? EN : ES,
    keep: explicit ? `&amp;lang=${lang}` : '',
    other: { lang: other, name: NAME[other] },
    n: (x) => NUMBER[lang].format(x),
    day: (d) => longDay(d, lang),
  };
}

/**
 * English only when the header ranks it above Spanish (by q-weight, then by order); Spanish for
 * anything else, a missing header included.
 */
export function fromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return 'es';
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { lang: tag.split('-')[0], weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((x) => x.weight > 0 && (x.lang === 'es' || x.lang === 'en'))
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  return ranked[0]?.lang === 'en' ? 'en' : 'es';
}

/** The reader of a public page: `?lang=` when valid (the routes' schema has parsed it), else the header. */
export function readerOf(request: FastifyRequest): Reader {
  const asked = (request.query as { lang?: unknown } | undefined)?.lang;
  if (asked === 'es' || asked === 'en') return readerFor(asked, true);
  const header = request.headers['accept-language'];
  return readerFor(fromAcceptLanguage(typeof header === 'string' ? header : undefined), false);
}
