import type { ClosingTotals } from '../../../contract/finance.ts';
import { pesos } from '../../platform/money.ts';
import { fechaDia } from '../../platform/time.ts';
import { zeroTotals } from '../finance/closing.ts';
import type { NationView, PublicCycle, SchoolView, StateView } from './data.ts';
import { DATASETS } from './open-data.ts';

/**
 * The public site's pages, rendered on the server as small plain HTML (no script, one inline style
 * sheet, a few kilobytes): they load on a slow rural connection and print well. Every value is
 * escaped; links carry the cycle so a page can be shared.
 */

export const esc = (s: unknown) =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const BASE = '/transparencia/pec/recursos';
const q = (cycle: PublicCycle) => `?ciclo=${cycle.id}`;
const money = (c: number) => esc(pesos(c));
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#fff}
a{color:#0b5cad}a:focus-visible,button:focus-visible,select:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
header{background:#13315c;color:#fff;padding:.75rem 1rem}header a{color:#fff}header p{margin:0;font-size:.9rem}
main{max-width:68rem;margin:0 auto;padding:1rem}h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
.crumbs{font-size:.9rem;margin:.25rem 0 0}.crumbs a{color:#dbe7f5}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem;margin:1rem 0}
.card{border:1px solid #cbd2d9;border-radius:.5rem;padding:.75rem}.card b{display:block;font-size:1.3rem}.card span{color:#52606d;font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border-bottom:1px solid #e4e7eb;padding:.4rem .5rem;text-align:left;vertical-align:top}td.n,th.n{text-align:right;white-space:nowrap}
thead th{background:#f5f7fa}.wrap{overflow-x:auto}.muted{color:#52606d}.bar{background:#e4e7eb;border-radius:.25rem;height:.6rem;min-width:4rem}
.bar i{display:block;height:100%;background:#2f80ed;border-radius:.25rem}form.cycle{margin:.5rem 0}select,button{font:inherit;padding:.25rem .5rem}
svg text{font:600 11px system-ui,sans-serif;pointer-events:none}svg a:focus rect{stroke:#f5a623;stroke-width:3}
footer{border-top:1px solid #e4e7eb;margin-top:2rem;padding:1rem;font-size:.85rem;color:#52606d;max-width:68rem;margin-left:auto;margin-right:auto}
@media print{header{background:none;color:#000}header a{color:#000}form.cycle,.skip{display:none}}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:.5rem}
`;

function layout(
  title: string,
  crumbs: [string, string | null][],
  cycle: PublicCycle,
  cycles: PublicCycle[],
  body: string,
  path: string,
) {
  const trail = crumbs
    .map(([label, href]) =>
      href ? `<a href="${esc(href)}">${esc(label)}</a>` : `<span aria-current="page">${esc(label)}</span>`,
    )
    .join(' › ');
  const options = cycles
    .map(
      (c) => `<option value="${c.id}"${c.id === cycle.id ? ' selected' : ''}>${esc(c.schoolYear)}</option>`,
    )
    .join('');
  return `<!doctype html>
<html lang="es-MX"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · Transparencia · Programa Escuelas de Calidad</title>
<meta name="description" content="Recursos públicos del Programa Escuelas de Calidad: de dónde vienen, a qué escuelas llegan y en qué se gastan.">
<style>${STYLE}</style></head>
<body><a class="skip" href="#contenido">Saltar al contenido</a>
<header><p>Transparencia · Programa Escuelas de Calidad</p><nav class="crumbs" aria-label="Ruta">${trail}</nav></header>
<main id="contenido"><h1>${esc(title)}</h1>
<form class="cycle" method="get" action="${esc(path)}"><label for="ciclo">Ciclo escolar </label><select id="ciclo" name="ciclo">${options}</select> <button type="submit">Ver</button></form>
${body}</main>
<footer>Cifras en pesos mexicanos, calculadas del registro contable del programa (cada peso es un asiento de partida doble). Sin datos personales: solo los nombres y cargos de servidores públicos. Datos abiertos: <a href="/transparencia/pec/datos">descargas y diccionario de datos</a>. Este programa es público, ajeno a cualquier partido político.</footer>
</body></html>`;
}

function cards(items: [string, string][]) {
  return `<div class="cards">${items.map(([v, l]) => `<div class="card"><b>${v}</b><span>${esc(l)}</span></div>`).join('')}</div>`;
}

function bar(part: number, whole: number) {
  const p = Math.max(0, Math.min(100, pct(part, whole)));
  return `<div class="bar" role="img" aria-label="${p} %"><i style="width:${p}%"></i></div>`;
}

function categoryTable(totals: ClosingTotals, caption: string) {
  if (!totals.spentByCategory.length) return `<p class="muted">Aún no hay gasto comprobado.</p>`;
  const rows = totals.spentByCategory
    .map(
      (c) =>
        `<tr><th scope="row">${esc(c.name)}</th><td class="n">${money(c.amount)}</td><td class="n">${pct(c.amount, totals.spent)} %</td><td>${bar(c.amount, totals.spent)}</td></tr>`,
    )
    .join('');
  return `<div class="wrap"><table><caption>${esc(caption)}</caption><thead><tr><th scope="col">Categoría</th><th scope="col" class="n">Monto</th><th scope="col" class="n">Parte</th><th scope="col"><span class="muted">Proporción</span></th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function moneyCards(t: ClosingTotals) {
  return cards([
    [money(t.allocated), 'asignación federal'],
    [money(t.stateContributed), 'aportación estatal'],
    [money(t.raised.cash), 'reunido por las escuelas (efectivo)'],
    [money(t.transferred.initial + t.transferred.match), 'transferido a escuelas'],
    [money(t.spent), 'gasto comprobado'],
    [money(t.returned + t.returnedToFederation), 'reintegrado'],
  ]);
}

/**
 * A tile map of the 32 states (one square each, placed roughly where the state lies), shaded by the
 * money transferred to its schools; each tile links to the state's page. The table below it carries
 * the same figures for screen readers and for printing.
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

function tileMap(v: NationView) {
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
      const label = `${s.name}: ${s.schools} escuelas, ${pesos(amount)} transferidos`;
      return `<a href="${BASE}/${esc(s.code)}${q(v.cycle)}" aria-label="${esc(label)}"><title>${esc(label)}</title><rect x="${t[0] * S + 1}" y="${t[1] * S + 1}" width="${S - 3}" height="${S - 3}" rx="4" fill="${fill}" stroke="#9aa5b1"/><text x="${t[0] * S + S / 2 - 1}" y="${t[1] * S + S / 2 + 3}" text-anchor="middle" fill="${ink}">${esc(t[2])}</text></a>`;
    })
    .join('');
  return `<figure><svg viewBox="0 0 ${10 * S} ${6 * S}" width="100%" style="max-width:34rem" role="group" aria-label="Mapa de los estados: tono más intenso, más recursos transferidos a escuelas">${tiles}</svg>
<figcaption class="muted">Cada cuadro es un estado; el tono más intenso indica más recursos transferidos a sus escuelas. Elija un estado para ver sus escuelas.</figcaption></figure>`;
}

export function nationPage(v: NationView): string {
  const rows = v.states
    .filter((s) => s.schools > 0 || s.totals.allocated > 0)
    .map(
      (s) =>
        `<tr><th scope="row"><a href="${BASE}/${esc(s.code)}${q(v.cycle)}">${esc(s.name)}</a></th><td class="n">${s.schools}</td><td class="n">${money(s.totals.allocated)}</td><td class="n">${money(s.totals.stateContributed)}</td><td class="n">${money(s.totals.raised.cash)}</td><td class="n">${money(s.totals.transferred.initial + s.totals.transferred.match)}</td><td class="n">${money(s.totals.spent)}</td><td class="n">${money(s.totals.returned + s.totals.returnedToFederation)}</td></tr>`,
    )
    .join('');
  const body = `<p>De dónde vienen los recursos del programa en el ciclo escolar ${esc(v.cycle.schoolYear)}, a qué estados y escuelas llegan y en qué se gastan. ${v.schools} escuelas participan.</p>
${moneyCards(v.totals)}
<h2>Por estado</h2>${tileMap(v)}
${rows ? `<div class="wrap"><table><caption>Recursos por estado</caption><thead><tr><th scope="col">Estado</th><th scope="col" class="n">Escuelas</th><th scope="col" class="n">Federal</th><th scope="col" class="n">Estatal</th><th scope="col" class="n">Reunido por escuelas</th><th scope="col" class="n">Transferido</th><th scope="col" class="n">Gastado</th><th scope="col" class="n">Reintegrado</th></tr></thead><tbody>${rows}</tbody></table></div>` : '<p class="muted">Aún no hay recursos asignados en este ciclo.</p>'}
<h2>En qué se gasta</h2>${categoryTable(v.totals, 'Gasto comprobado por categoría, todo el país')}
<h2>Datos abiertos</h2><p>Descargue estas cifras: <a href="/api/pec/public/datos/${v.cycle.id}/estados.csv">estados (CSV)</a>, <a href="/api/pec/public/datos/${v.cycle.id}/estados.json">estados (JSON)</a>, <a href="/api/pec/public/datos/${v.cycle.id}/escuelas.csv">escuelas (CSV)</a>, <a href="/api/pec/public/datos/${v.cycle.id}/gasto-categorias.csv">gasto por categoría (CSV)</a>. <a href="/transparencia/pec/datos">Diccionario de datos</a>.</p>`;
  return layout('Recursos del programa en todo el país', [['Nacional', null]], v.cycle, v.cycles, body, BASE);
}

/**
 * The state's participating schools placed by their catalog coordinates (an equirectangular
 * projection of their bounding box, no base map to download), each dot sized by what the school
 * received and linking to its page. Omitted when no school has coordinates.
 */
function schoolMap(v: StateView, shown: StateView['schools'], paged: boolean) {
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
      const r = 5 + 11 * Math.sqrt(received(s) / max);
      const label = `${s.name} (${s.cct}): ${pesos(received(s))} recibidos del programa`;
      return `<a href="/transparencia/pec/escuelas/${esc(s.cct)}${q(v.cycle)}" aria-label="${esc(label)}"><title>${esc(label)}</title><circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r.toFixed(1)}" fill="rgba(47,128,237,.55)" stroke="#13315c"/>${labelled ? `<text x="${(x > W / 2 ? x - r - 4 : x + r + 4).toFixed(1)}" y="${(y + 4).toFixed(1)}" text-anchor="${x > W / 2 ? 'end' : 'start'}" fill="#1f2933">${esc(s.cct)}</text>` : ''}</a>`;
    })
    .join('');
  return `<figure><svg viewBox="0 0 ${W} ${H}" width="100%" style="max-width:30rem;background:#f5f7fa;border-radius:.5rem" role="group" aria-label="Mapa de las escuelas participantes de ${esc(v.state.name)}">${dots}</svg>
<figcaption class="muted">Cada punto es una escuela participante${paged ? ' de esta página' : ''}, en su ubicación del catálogo; el tamaño indica lo que recibió del programa.</figcaption></figure>`;
}

/** Schools per page of a state's public page: a state may have thousands, and the page must stay small. */
export const STATE_PAGE_SIZE = 100;

function pager(v: StateView, page: number, pages: number) {
  if (pages <= 1) return '';
  const link = (n: number, label: string) =>
    `<a href="${BASE}/${esc(v.state.code)}${q(v.cycle)}&amp;pagina=${n}">${label}</a>`;
  return `<nav aria-label="Páginas de escuelas"><p>${page > 1 ? `${link(page - 1, '« Anteriores')} · ` : ''}Página ${page} de ${pages}${page < pages ? ` · ${link(page + 1, 'Siguientes »')}` : ''}</p></nav>`;
}

export function statePage(v: StateView, requested = 1): string {
  const pages = Math.max(1, Math.ceil(v.schools.length / STATE_PAGE_SIZE));
  const page = Math.min(Math.max(1, requested), pages);
  const shown = v.schools.slice((page - 1) * STATE_PAGE_SIZE, page * STATE_PAGE_SIZE);
  const rows = shown
    .map(
      (s) =>
        `<tr><th scope="row"><a href="/transparencia/pec/escuelas/${esc(s.cct)}${q(v.cycle)}">${esc(s.name)}</a><br><span class="muted">${esc(s.cct)}${s.municipality ? ` · ${esc(s.municipality)}` : ''}</span></th><td class="n">${money(s.totals.transferred.initial + s.totals.transferred.match)}</td><td class="n">${money(s.totals.raised.cash)}</td><td class="n">${money(s.totals.spent)}</td><td class="n">${s.progress} %</td><td>${s.closed ? 'Cerrado' : 'En curso'}</td></tr>`,
    )
    .join('');
  const body = `<p>${v.schools.length} escuelas de ${esc(v.state.name)} participan en el ciclo escolar ${esc(v.cycle.schoolYear)}.</p>
${moneyCards(v.totals)}
<h2>Escuelas</h2>${schoolMap(v, shown, pages > 1)}${rows ? `<div class="wrap"><table><caption>Escuelas participantes y sus recursos${pages > 1 ? ` (${(page - 1) * STATE_PAGE_SIZE + 1} a ${(page - 1) * STATE_PAGE_SIZE + shown.length} de ${v.schools.length})` : ''}</caption><thead><tr><th scope="col">Escuela</th><th scope="col" class="n">Recibido del programa</th><th scope="col" class="n">Reunido</th><th scope="col" class="n">Gastado</th><th scope="col" class="n">Avance del PAT</th><th scope="col">Ejercicio</th></tr></thead><tbody>${rows}</tbody></table></div>${pager(v, page, pages)}` : '<p class="muted">El estado aún no publica su selección de escuelas para este ciclo.</p>'}
<h2>En qué se gasta</h2>${categoryTable(v.totals, `Gasto comprobado por categoría en ${v.state.name}`)}
<p><a href="/api/pec/public/datos/${v.cycle.id}/escuelas.csv?estado=${esc(v.state.code)}">Descargar las escuelas de ${esc(v.state.name)} (CSV)</a></p>`;
  return layout(
    `Recursos del programa en ${v.state.name}`,
    [
      ['Nacional', `${BASE}${q(v.cycle)}`],
      [v.state.name, null],
    ],
    v.cycle,
    v.cycles,
    body,
    `${BASE}/${v.state.code}`,
  );
}

const STATUS: Record<string, string> = {
  pending: 'Pendiente',
  in_progress: 'En proceso',
  done: 'Concluida',
  cancelled: 'Cancelada',
};
const KIND: Record<string, string> = { cash: 'efectivo', in_kind: 'en especie', labour: 'en trabajo' };

export function schoolPage(v: SchoolView): string {
  const f = v.facts;
  const income = f.income
    .map(
      (i) =>
        `<tr><th scope="row">${esc(i.label)}</th><td>${esc(KIND[i.kind])}</td><td class="n">${money(i.amount)}</td></tr>`,
    )
    .join('');
  const actions = f.actions
    .map(
      (a) =>
        `<tr><th scope="row">${esc(a.text)}</th><td>${esc(a.categoryName ?? '—')}</td><td class="n">${money(a.planned)}</td><td class="n">${money(a.spent)}</td><td>${esc(STATUS[a.status] ?? a.status)} · ${a.percent} %${bar(a.percent, 100)}</td></tr>`,
    )
    .join('');
  const goals = f.goals
    .map(
      (g) =>
        `<li><b>${esc(g.text)}</b>${g.indicator ? `<br><span class="muted">Indicador: ${esc(g.indicator)}${g.baseline !== null || g.target !== null ? ` (de ${esc(g.baseline ?? '—')} a ${esc(g.target ?? '—')})` : ''}</span>` : ''}<br>Avance: ${g.percent} %${bar(g.percent, 100)}</li>`,
    )
    .join('');
  const returned = f.return
    ? f.return.returnedAt
      ? `<p>Reintegró ${money(f.return.amount)} no ejercidos al fideicomiso estatal.</p>`
      : `<p>Debe reintegrar ${money(f.return.amount)} no ejercidos a más tardar el ${esc(fechaDia(f.return.dueOn))}.</p>`
    : '';
  const body = `<p>${esc(f.school.name)} (CCT ${esc(f.school.code)})${v.municipality ? `, ${esc(v.municipality)}` : ''}, ${esc(f.state.name)}. Participa en el Programa Escuelas de Calidad en el ciclo escolar ${esc(v.cycle.schoolYear)}.${f.director ? ` Directora o director: ${esc(f.director)}.` : ''}</p>
${cards([
  [money(f.received), 'recibido en efectivo'],
  [money(f.spent), 'gasto comprobado'],
  [money(f.balance), 'saldo por ejercer'],
  [`${f.actions.length}`, 'acciones en su plan de trabajo'],
])}
<h2>De dónde vienen sus recursos</h2>${income ? `<div class="wrap"><table><caption>Recursos recibidos por fuente</caption><thead><tr><th scope="col">Fuente</th><th scope="col">Tipo</th><th scope="col" class="n">Monto</th></tr></thead><tbody>${income}</tbody></table></div>` : '<p class="muted">Aún no ha recibido recursos.</p>'}
<h2>En qué se gastan</h2>${categoryTable({ ...zeroTotals(), spent: f.spent, spentByCategory: f.spentByCategory }, 'Gasto comprobado por categoría')}
<h2>Su plan de trabajo (PAT) y su avance</h2>${actions ? `<div class="wrap"><table><caption>Acciones del PAT</caption><thead><tr><th scope="col">Acción</th><th scope="col">Categoría</th><th scope="col" class="n">Planeado</th><th scope="col" class="n">Gastado</th><th scope="col">Avance</th></tr></thead><tbody>${actions}</tbody></table></div>` : '<p class="muted">Su plan de trabajo aún no está aprobado.</p>'}
${goals ? `<h2>Metas</h2><ul>${goals}</ul>` : ''}
<h2>Rendición de cuentas</h2>${returned}${
    v.presented
      ? `<p>La escuela presentó su informe de rendición de cuentas al Consejo Escolar de Participación Social el ${esc(fechaDia(v.presented.heldOn))}; el consejo ${v.presented.acknowledged ? 'lo dio por recibido' : 'le hizo observaciones'}.</p>`
      : `<p class="muted">${f.closedAt ? 'La escuela aún no registra la presentación de su informe al consejo escolar.' : 'El ejercicio de la escuela sigue en curso.'}</p>`
  }`;
  return layout(
    f.school.name,
    [
      ['Nacional', `${BASE}${q(v.cycle)}`],
      [f.state.name, `${BASE}/${f.state.code}${q(v.cycle)}`],
      [f.school.code, null],
    ],
    v.cycle,
    v.cycles,
    body,
    `/transparencia/pec/escuelas/${f.school.code}`,
  );
}

export function dataPage(cycle: PublicCycle, cycles: PublicCycle[]): string {
  const sets = DATASETS.map(
    (
      d,
    ) => `<h2 id="${esc(d.name)}">${esc(d.name)}</h2><p>${esc(d.es)} Descargar: <a href="/api/pec/public/datos/${cycle.id}/${esc(d.name)}.csv">CSV</a> · <a href="/api/pec/public/datos/${cycle.id}/${esc(d.name)}.json">JSON</a></p>
<div class="wrap"><table><caption>Columnas de «${esc(d.name)}»</caption><thead><tr><th scope="col">Columna</th><th scope="col">Tipo</th><th scope="col">Significado</th></tr></thead><tbody>${d.columns
      .map(
        (c) =>
          `<tr><th scope="row"><code>${esc(c.name)}</code></th><td>${esc(c.type)}</td><td>${esc(c.es)}</td></tr>`,
      )
      .join('')}</tbody></table></div>`,
  ).join('');
  const body = `<p>Los datos del programa para reutilizar libremente, en CSV (UTF-8, separado por comas) y JSON. Los montos están en pesos con dos decimales; «pesos» se calcula de centavos enteros, sin redondeos acumulados. El diccionario también está en <a href="/api/pec/public/datos/diccionario">JSON</a>.</p>${sets}`;
  return layout(
    'Datos abiertos y diccionario de datos',
    [
      ['Nacional', `${BASE}?ciclo=${cycle.id}`],
      ['Datos abiertos', null],
    ],
    cycle,
    cycles,
    body,
    '/transparencia/pec/datos',
  );
}
