import type { ClosingTotals } from '../../../contract/finance.ts';
import { pesos } from '../../platform/money.ts';
import type { PublicCycle } from './data.ts';
import type { Reader } from './lang.ts';

/**
 * The frame every public page shares (head, header with its trail and language switch, the cycle
 * chooser, footer) and the small pieces the pages repeat. Plain HTML, no script, one inline style
 * sheet: the pages load on a slow rural connection and print well. Every value is escaped.
 */

export const esc = (s: unknown) =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const PROGRAMME = 'Programa Escuelas de Calidad';
export const BASE = '/transparencia/pec/recursos';
export const SCHOOLS = '/transparencia/pec/escuelas';
export const DATA = '/transparencia/pec/datos';

/**
 * A link inside the site (HTML, ready for an attribute): the cycle, so a page can be shared, then
 * `more` of the page's own query (each part starting `&amp;`), then the reader's explicit language.
 */
export function href(r: Reader, path: string, cycle: PublicCycle | null, more = '', lang = r.keep) {
  const query = `${cycle ? `&amp;ciclo=${cycle.id}` : ''}${more}${lang}`;
  return query ? `${path}?${query.slice('&amp;'.length)}` : path;
}

/** The same page in the other language: an explicit choice, so the links inside it keep it. */
function switchLink(r: Reader, path: string, cycle: PublicCycle | null, more = '') {
  const { lang, name } = r.other;
  return `<nav class="lang" aria-label="${r.t.language}"><a href="${href(r, path, cycle, more, `&amp;lang=${lang}`)}" hreflang="${lang}" lang="${lang}">${name}</a></nav>`;
}

export const money = (c: number) => esc(pesos(c));
export const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#fff}
a{color:#0b5cad}a:focus-visible,button:focus-visible,select:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
header{background:#13315c;color:#fff;padding:.75rem 1rem}header a{color:#fff}header p{margin:0;font-size:.9rem}
header .lang{float:right;margin-left:1rem;font-size:.9rem}
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
@media print{header{background:none;color:#000}header a{color:#000}form.cycle,.skip,.lang{display:none}}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:.5rem}
`;

export interface Frame {
  /** HTML, as every string below. */
  title: string;
  crumbs: [label: string, href: string | null][];
  cycle: PublicCycle;
  cycles: PublicCycle[];
  /** The page's path: where the cycle chooser submits, and what the language switch links to. */
  path: string;
  /** The rest of the page's own query the language switch keeps (`&amp;pagina=2`). */
  more?: string;
  body: string;
}

export function layout(r: Reader, f: Frame) {
  const { t } = r;
  const trail = f.crumbs
    .map(([label, to]) => (to ? `<a href="${to}">${label}</a>` : `<span aria-current="page">${label}</span>`))
    .join(' › ');
  const options = f.cycles
    .map(
      (c) => `<option value="${c.id}"${c.id === f.cycle.id ? ' selected' : ''}>${esc(c.schoolYear)}</option>`,
    )
    .join('');
  // The chooser is a plain GET form: the explicit language rides along as a hidden field.
  const keepLang = r.keep ? `<input type="hidden" name="lang" value="${r.lang}">` : '';
  return `<!doctype html>
<html lang="${t.htmlLang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${f.title} · ${t.transparency} · ${PROGRAMME}</title>
<meta name="description" content="${t.description}">
<style>${STYLE}</style></head>
<body><a class="skip" href="#contenido">${t.skip}</a>
<header>${switchLink(r, f.path, f.cycle, f.more)}<p>${t.transparency} · ${PROGRAMME}</p><nav class="crumbs" aria-label="${t.trail}">${trail}</nav></header>
<main id="contenido"><h1>${f.title}</h1>
<form class="cycle" method="get" action="${f.path}"><label for="ciclo">${t.cycle} </label><select id="ciclo" name="ciclo">${options}</select>${keepLang} <button type="submit">${t.show}</button></form>
${f.body}</main>
<footer>${t.footer(`<a href="${href(r, DATA, f.cycle)}">${t.footerData}</a>`)}</footer>
</body></html>`;
}

/** The page for a key that is not (or not yet) public, in the reader's language. */
export function notFoundPage(r: Reader, what: keyof Reader['t']['missing'], path: string) {
  const { t } = r;
  return `<!doctype html><html lang="${t.htmlLang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${t.notFoundTitle} · ${t.transparency}</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">${switchLink(r, path, null)}<main><h1>${t.notFound(t.missing[what])}</h1><p>${t.notFoundHelp} <a href="${href(r, BASE, null)}">${t.notFoundLink}</a>.</p></main></body></html>`;
}

export function cards(items: [string, string][]) {
  return `<div class="cards">${items.map(([v, l]) => `<div class="card"><b>${v}</b><span>${l}</span></div>`).join('')}</div>`;
}

export function bar(part: number, whole: number) {
  const p = Math.max(0, Math.min(100, pct(part, whole)));
  return `<div class="bar" role="img" aria-label="${p} %"><i style="width:${p}%"></i></div>`;
}

export function categoryTable(r: Reader, totals: ClosingTotals, caption: string) {
  const { col } = r.t;
  if (!totals.spentByCategory.length) return `<p class="muted">${r.t.noSpending}</p>`;
  const rows = totals.spentByCategory
    .map(
      (c) =>
        `<tr><th scope="row">${esc(c.name)}</th><td class="n">${money(c.amount)}</td><td class="n">${pct(c.amount, totals.spent)} %</td><td>${bar(c.amount, totals.spent)}</td></tr>`,
    )
    .join('');
  return `<div class="wrap"><table><caption>${caption}</caption><thead><tr><th scope="col">${col.category}</th><th scope="col" class="n">${col.amount}</th><th scope="col" class="n">${col.share}</th><th scope="col"><span class="muted">${col.proportion}</span></th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function moneyCards(r: Reader, t: ClosingTotals) {
  const { card } = r.t;
  return cards([
    [money(t.allocated), card.allocated],
    [money(t.stateContributed), card.stateContributed],
    [money(t.raised.cash), card.raised],
    [money(t.transferred.initial + t.transferred.match), card.transferred],
    [money(t.spent), card.spent],
    [money(t.returned + t.returnedToFederation), card.returned],
  ]);
}
