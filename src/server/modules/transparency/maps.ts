import { pesos } from '../../platform/money.ts';
import type { NationView, StateView } from './data.ts';
import type { Reader } from './lang.ts';
import { BASE, esc, href, SCHOOLS } from './layout.ts';

/**
 * The two maps of the public site, drawn as inline SVG (no base map to download, no script). Each
 * shape links to its page and carries its figures as a title; the tables beside them carry the same
 * figures for screen readers and for printing.
 */

/**
 * A tile map of the 32 states (one square each, placed roughly where the state lies), shaded by the
 * money transferred to its schools; each tile links to the state's page.
 */
const TILES: Record<string, [number, number, string]> = {
  '02': [0, 0, 'BC'],
  '26': [1, 0, 'SON'],
  '08': [2, 0, 'CHIH'],
  '05': [3, 0, 'COAH'],
  '19': [4, 0, 'NL'],
  '28': [5, 0, 'TAMPS'],
  '03': [0, 1, 'BCS'],
  '25': [1, 1, 'SIN'],
  '10': [2, 1, 'DGO'],
  '32': [3, 1, 'ZAC'],
  '24': [4, 1, 'SLP'],
  '18': [1, 2, 'NAY'],
  '01': [2, 2, 'AGS'],
  '11': [3, 2, 'GTO'],
  '22': [4, 2, 'QRO'],
  '13': [5, 2, 'HGO'],
  '30': [6, 2, 'VER'],
  '14': [1, 3, 'JAL'],
  '16': [2, 3, 'MICH'],
  '15': [3, 3, 'MEX'],
  '09': [4, 3, 'CDMX'],
  '29': [5, 3, 'TLAX'],
  '21': [6, 3, 'PUE'],
  '31': [9, 3, 'YUC'],
  '06': [1, 4, 'COL'],
  '12': [3, 4, 'GRO'],
  '17': [4, 4, 'MOR'],
  '20': [5, 4, 'OAX'],
  '27': [7, 4, 'TAB'],
  '04': [8, 4, 'CAMP'],
  '23': [9, 4, 'QROO'],
  '07': [6, 5, 'CHIS'],
};

export function tileMap(r: Reader, v: NationView) {
  const S = 46;
  const max = Math.max(1, ...v.states.map((s) => s.totals.transferred.initial + s.totals.transferred.match));
  const tiles = v.states
    .map((s) => {
      const t = TILES[s.code];
      if (!t) return '';
      const amount = s.totals.transferred.initial + s.totals.transferred.match;
      const shade = amount > 0 ? 0.25 + 0.75 * (amount / max) : 0;
      const fill = amount > 0 ? `rgba(47,128,237,${shade.toFixed(2)})` : '#f0f2f5';
      const ink = shade > 0.6 ? '#fff' : '#1f2933';
      const label = r.t.stateTile(esc(s.name), r.n(s.schools), esc(pesos(amount)));
      return `<a href="${href(r, `${BASE}/${esc(s.code)}`, v.cycle)}" aria-label="${label}"><title>${label}</title><rect x="${t[0] * S + 1}" y="${t[1] * S + 1}" width="${S - 3}" height="${S - 3}" rx="4" fill="${fill}" stroke="#9aa5b1"/><text x="${t[0] * S + S / 2 - 1}" y="${t[1] * S + S / 2 + 3}" text-anchor="middle" fill="${ink}">${esc(t[2])}</text></a>`;
    })
    .join('');
  return `<figure><svg viewBox="0 0 ${10 * S} ${6 * S}" width="100%" style="max-width:34rem" role="group" aria-label="${r.t.tilesLabel}">${tiles}</svg>
<figcaption class="muted">${r.t.tilesCaption}</figcaption></figure>`;
}

/**
 * The state's participating schools placed by their catalog coordinates (an equirectangular
 * projection of their bounding box), each dot sized by what the school received and linking to its
 * page. Omitted when no school has coordinates.
 */
export function schoolMap(r: Reader, v: StateView, shown: StateView['schools'], paged: boolean) {
  const placed = shown.filter((s) => s.latitude !== null && s.longitude !== null);
  if (!placed.length) return '';
  const W = 480;
  const H = 320;
  const lat = placed.map((s) => s.latitude as number);
  const lon = placed.map((s) => s.longitude as number);
  const k = Math.cos(((Math.min(...lat) + Math.max(...lat)) / 2) * (Math.PI / 180));
  const minLon = Math.min(...lon);
  const maxLat = Math.max(...lat);
  const spanX = Math.max((Math.max(...lon) - minLon) * k, 1e-6);
  const spanY = Math.max(maxLat - Math.min(...lat), 1e-6);
  // Names beside the dots only while they fit; the dots' titles always carry them.
  const labelled = placed.length <= 30;
  const scale = Math.min((W - 60) / spanX, (H - 60) / spanY);
  const x0 = (W - spanX * scale) / 2;
  const y0 = (H - spanY * scale) / 2;
  const received = (s: (typeof placed)[number]) => s.totals.transferred.initial + s.totals.transferred.match;
  const max = Math.max(1, ...placed.map(received));
  const dots = placed
    .map((s) => {
      const x = x0 + ((s.longitude as number) - minLon) * k * scale;
      const y = y0 + (maxLat - (s.latitude as number)) * scale;
      const rad = 5 + 11 * Math.sqrt(received(s) / max);
      const label = r.t.schoolDot(esc(s.name), esc(s.cct), esc(pesos(received(s))));
      return `<a href="${href(r, `${SCHOOLS}/${esc(s.cct)}`, v.cycle)}" aria-label="${label}"><title>${label}</title><circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${rad.toFixed(1)}" fill="rgba(47,128,237,.55)" stroke="#13315c"/>${labelled ? `<text x="${(x > W / 2 ? x - rad - 4 : x + rad + 4).toFixed(1)}" y="${(y + 4).toFixed(1)}" text-anchor="${x > W / 2 ? 'end' : 'start'}" fill="#1f2933">${esc(s.cct)}</text>` : ''}</a>`;
    })
    .join('');
  return `<figure><svg viewBox="0 0 ${W} ${H}" width="100%" style="max-width:30rem;background:#f5f7fa;border-radius:.5rem" role="group" aria-label="${r.t.schoolsMap(esc(v.state.name))}">${dots}</svg>
<figcaption class="muted">${r.t.schoolsMapCaption(paged)}</figcaption></figure>`;
}
