import { sourceLabel } from '../finance/accountability.ts';
import { zeroTotals } from '../finance/closing.ts';
import type { NationView, PublicCycle, SchoolView, StateView } from './data.ts';
import type { Reader } from './lang.ts';
import {
  BASE,
  bar,
  cards,
  categoryTable,
  DATA,
  esc,
  href,
  layout,
  money,
  moneyCards,
  SCHOOLS,
} from './layout.ts';
import { schoolMap, tileMap } from './maps.ts';
import { DATASETS } from './open-data.ts';

/**
 * The public site's pages, in the reader's language (`r`), rendered on the server as small plain
 * HTML inside the shared frame of layout.ts. Links carry the cycle so a page can be shared, and the
 * language once the reader chose it.
 */

export function nationPage(r: Reader, v: NationView): string {
  const { t } = r;
  const { col } = t;
  const rows = v.states
    .filter((s) => s.schools > 0 || s.totals.allocated > 0)
    .map(
      (s) =>
        `<tr><th scope="row"><a href="${href(r, `${BASE}/${esc(s.code)}`, v.cycle)}">${esc(s.name)}</a></th><td class="n">${r.n(s.schools)}</td><td class="n">${money(s.totals.allocated)}</td><td class="n">${money(s.totals.stateContributed)}</td><td class="n">${money(s.totals.raised.cash)}</td><td class="n">${money(s.totals.transferred.initial + s.totals.transferred.match)}</td><td class="n">${money(s.totals.spent)}</td><td class="n">${money(s.totals.returned + s.totals.returnedToFederation)}</td></tr>`,
    )
    .join('');
  const file = (name: string, label: string) =>
    `<a href="/api/pec/public/datos/${v.cycle.id}/${name}">${label}</a>`;
  const body = `<p>${t.nationIntro(esc(v.cycle.schoolYear), r.n(v.schools))}</p>
${moneyCards(r, v.totals)}
<h2>${t.byState}</h2>${tileMap(r, v)}
${rows ? `<div class="wrap"><table><caption>${t.statesCaption}</caption><thead><tr><th scope="col">${col.state}</th><th scope="col" class="n">${col.schools}</th><th scope="col" class="n">${col.federal}</th><th scope="col" class="n">${col.stateFunds}</th><th scope="col" class="n">${col.raisedBySchools}</th><th scope="col" class="n">${col.transferred}</th><th scope="col" class="n">${col.spent}</th><th scope="col" class="n">${col.returned}</th></tr></thead><tbody>${rows}</tbody></table></div>` : `<p class="muted">${t.noAllocation}</p>`}
<h2>${t.whereSpent}</h2>${categoryTable(r, v.totals, t.nationCategories)}
<h2>${t.openData}</h2><p>${t.downloadThese} ${file('estados.csv', `${t.file.states} (CSV)`)}, ${file('estados.json', `${t.file.states} (JSON)`)}, ${file('escuelas.csv', `${t.file.schools} (CSV)`)}, ${file('gasto-categorias.csv', `${t.file.categories} (CSV)`)}. <a href="${href(r, DATA, v.cycle)}">${t.dictionary}</a>.</p>`;
  return layout(r, {
    title: t.nationTitle,
    crumbs: [[t.nation, null]],
    cycle: v.cycle,
    cycles: v.cycles,
    path: BASE,
    body,
  });
}

/** Schools per page of a state's public page: a state may have thousands, and the page must stay small. */
export const STATE_PAGE_SIZE = 100;

function pager(r: Reader, v: StateView, page: number, pages: number) {
  if (pages <= 1) return '';
  const { t } = r;
  const link = (n: number, label: string) =>
    `<a href="${href(r, `${BASE}/${esc(v.state.code)}`, v.cycle, `&amp;pagina=${n}`)}">${label}</a>`;
  return `<nav aria-label="${t.pages}"><p>${page > 1 ? `${link(page - 1, t.previous)} · ` : ''}${t.pageOf(r.n(page), r.n(pages))}${page < pages ? ` · ${link(page + 1, t.next)}` : ''}</p></nav>`;
}

export function statePage(r: Reader, v: StateView, requested = 1): string {
  const { t } = r;
  const { col } = t;
  const pages = Math.max(1, Math.ceil(v.schools.length / STATE_PAGE_SIZE));
  const page = Math.min(Math.max(1, requested), pages);
  const shown = v.schools.slice((page - 1) * STATE_PAGE_SIZE, page * STATE_PAGE_SIZE);
  const name = esc(v.state.name);
  const rows = shown
    .map(
      (s) =>
        `<tr><th scope="row"><a href="${href(r, `${SCHOOLS}/${esc(s.cct)}`, v.cycle)}">${esc(s.name)}</a><br><span class="muted">${esc(s.cct)}${s.municipality ? ` · ${esc(s.municipality)}` : ''}</span></th><td class="n">${money(s.totals.transferred.initial + s.totals.transferred.match)}</td><td class="n">${money(s.totals.raised.cash)}</td><td class="n">${money(s.totals.spent)}</td><td class="n">${s.progress} %</td><td>${s.closed ? t.closed : t.open}</td></tr>`,
    )
    .join('');
  const from = (page - 1) * STATE_PAGE_SIZE;
  const range = pages > 1 ? t.range(r.n(from + 1), r.n(from + shown.length), r.n(v.schools.length)) : '';
  const body = `<p>${t.stateIntro(r.n(v.schools.length), name, esc(v.cycle.schoolYear))}</p>
${moneyCards(r, v.totals)}
<h2>${col.schools}</h2>${schoolMap(r, v, shown, pages > 1)}${rows ? `<div class="wrap"><table><caption>${t.schoolsCaption}${range}</caption><thead><tr><th scope="col">${col.school}</th><th scope="col" class="n">${col.received}</th><th scope="col" class="n">${col.raised}</th><th scope="col" class="n">${col.spent}</th><th scope="col" class="n">${col.patProgress}</th><th scope="col">${col.year}</th></tr></thead><tbody>${rows}</tbody></table></div>${pager(r, v, page, pages)}` : `<p class="muted">${t.notPublished}</p>`}
<h2>${t.whereSpent}</h2>${categoryTable(r, v.totals, t.stateCategories(name))}
<p><a href="/api/pec/public/datos/${v.cycle.id}/escuelas.csv?estado=${esc(v.state.code)}">${t.downloadState(name)}</a></p>`;
  return layout(r, {
    title: t.stateTitle(name),
    crumbs: [
      [t.nation, href(r, BASE, v.cycle)],
      [name, null],
    ],
    cycle: v.cycle,
    cycles: v.cycles,
    path: `${BASE}/${esc(v.state.code)}`,
    more: page > 1 ? `&amp;pagina=${page}` : '',
    body,
  });
}

export function schoolPage(r: Reader, v: SchoolView): string {
  const { t } = r;
  const { col } = t;
  const f = v.facts;
  const income = f.income
    .map(
      (i) =>
        `<tr><th scope="row">${esc(sourceLabel(i, r.lang))}</th><td>${t.kind[i.kind] ?? esc(i.kind)}</td><td class="n">${money(i.amount)}</td></tr>`,
    )
    .join('');
  const actions = f.actions
    .map(
      (a) =>
        `<tr><th scope="row">${esc(a.text)}</th><td>${esc(a.categoryName ?? '—')}</td><td class="n">${money(a.planned)}</td><td class="n">${money(a.spent)}</td><td>${t.status[a.status] ?? esc(a.status)} · ${a.percent} %${bar(a.percent, 100)}</td></tr>`,
    )
    .join('');
  const goals = f.goals
    .map(
      (g) =>
        `<li><b>${esc(g.text)}</b>${g.indicator ? `<br><span class="muted">${t.indicator(esc(g.indicator))}${g.baseline !== null || g.target !== null ? t.fromTo(esc(g.baseline ?? '—'), esc(g.target ?? '—')) : ''}</span>` : ''}<br>${col.progress}: ${g.percent} %${bar(g.percent, 100)}</li>`,
    )
    .join('');
  const returned = f.return
    ? `<p>${f.return.returnedAt ? t.returned(money(f.return.amount)) : t.returnDue(money(f.return.amount), esc(r.day(f.return.dueOn)))}</p>`
    : '';
  const place = `${v.municipality ? `, ${esc(v.municipality)}` : ''}, ${esc(f.state.name)}`;
  const body = `<p>${t.schoolIntro(esc(f.school.name), esc(f.school.code), place, esc(v.cycle.schoolYear), f.director ? esc(f.director) : null)}</p>
${cards([
  [money(f.received), t.card.received],
  [money(f.spent), t.card.spent],
  [money(f.balance), t.card.balance],
  [r.n(f.actions.length), t.card.actions],
])}
<h2>${t.income}</h2>${income ? `<div class="wrap"><table><caption>${t.incomeCaption}</caption><thead><tr><th scope="col">${col.source}</th><th scope="col">${col.type}</th><th scope="col" class="n">${col.amount}</th></tr></thead><tbody>${income}</tbody></table></div>` : `<p class="muted">${t.noIncome}</p>`}
<h2>${t.whereSchoolSpends}</h2>${categoryTable(r, { ...zeroTotals(), spent: f.spent, spentByCategory: f.spentByCategory }, t.schoolCategories)}
<h2>${t.pat}</h2>${actions ? `<div class="wrap"><table><caption>${t.patCaption}</caption><thead><tr><th scope="col">${col.action}</th><th scope="col">${col.category}</th><th scope="col" class="n">${col.planned}</th><th scope="col" class="n">${col.spent}</th><th scope="col">${col.progress}</th></tr></thead><tbody>${actions}</tbody></table></div>` : `<p class="muted">${t.noPat}</p>`}
${goals ? `<h2>${t.goals}</h2><ul>${goals}</ul>` : ''}
<h2>${t.accountability}</h2>${returned}${
    v.presented
      ? `<p>${t.presented(esc(r.day(v.presented.heldOn)), v.presented.acknowledged)}</p>`
      : `<p class="muted">${f.closedAt ? t.notPresented : t.stillOpen}</p>`
  }`;
  return layout(r, {
    title: esc(f.school.name),
    crumbs: [
      [t.nation, href(r, BASE, v.cycle)],
      [esc(f.state.name), href(r, `${BASE}/${esc(f.state.code)}`, v.cycle)],
      [esc(f.school.code), null],
    ],
    cycle: v.cycle,
    cycles: v.cycles,
    path: `${SCHOOLS}/${esc(f.school.code)}`,
    body,
  });
}

export function dataPage(r: Reader, cycle: PublicCycle, cycles: PublicCycle[]): string {
  const { t } = r;
  const { col } = t;
  const sets = DATASETS.map((d) => {
    const name = esc(d.name);
    const columns = d.columns
      .map(
        (c) =>
          `<tr><th scope="row"><code>${esc(c.name)}</code></th><td>${t.types[c.type] ?? esc(c.type)}</td><td>${esc(c[r.lang])}</td></tr>`,
      )
      .join('');
    return `<h2 id="${name}">${name}</h2><p>${esc(d[r.lang])} ${t.download} <a href="/api/pec/public/datos/${cycle.id}/${name}.csv">CSV</a> · <a href="/api/pec/public/datos/${cycle.id}/${name}.json">JSON</a></p>
<div class="wrap"><table><caption>${t.columnsOf(name)}</caption><thead><tr><th scope="col">${col.column}</th><th scope="col">${col.type}</th><th scope="col">${col.meaning}</th></tr></thead><tbody>${columns}</tbody></table></div>`;
  }).join('');
  const body = `<p>${t.dataIntro('<a href="/api/pec/public/datos/diccionario">JSON</a>')}</p>${sets}`;
  return layout(r, {
    title: t.dataTitle,
    crumbs: [
      [t.nation, href(r, BASE, cycle)],
      [t.openData, null],
    ],
    cycle,
    cycles,
    path: DATA,
    body,
  });
}
