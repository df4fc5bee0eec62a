// What villagers said (/reports 村民反映; GET /api/reports/villagers): in a month and an area, the
// films villagers requested most (点单), each team's completed screenings with the villagers'
// confirmations and mean rating, and the problem reports by kind and state — with, for the bureau,
// the way to its list of the reports themselves (/villagers).
import { reportStates } from '../../../domain/voice.js';
import { formatNumber, isMessageKey, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { kindName, stateName } from '../shared/villager-reports.js';
import type { VillagersReport } from './api.js';
import { table, tile } from './table.js';

const TOP_FILMS = 10;
const num = (field: string, v: number) => ({ text: formatNumber(v), num: true, field });
/** A mean rating to one decimal; none without a rating. */
const mean = (x: number | null) => (x === null ? t('reports.villagers.noRating') : formatNumber(Math.round(x * 10) / 10));
const col = (k: string) => t(`reports.villagers.col.${k}` as Parameters<typeof t>[0]);

function totals(r: VillagersReport) {
  const c = r.confirmations.totals;
  const s = r.reports.byState;
  return h(
    'dl',
    { class: 'stats', id: 'villagers-stats' },
    tile('requests', t('reports.villagers.col.requests'), formatNumber(r.requests.requests), t('reports.villagers.requestsSummary', { requests: formatNumber(r.requests.requests), villages: formatNumber(r.requests.villages) })),
    tile('confirmations', col('confirmations'), formatNumber(c.confirmations), `${col('confirmed')} ${formatNumber(c.confirmed)}/${formatNumber(c.screenings)}`),
    tile('averageRating', col('averageRating'), mean(c.averageRating), `${col('ratings')} ${formatNumber(c.ratings)}`),
    tile('reports', t('reports.villagers.reports'), formatNumber(r.reports.total), reportStates.map((k) => `${stateName(k)} ${formatNumber(s[k])}`).join(t('text.listSeparator'))),
  );
}

function filmsTable(r: VillagersReport) {
  if (!r.requests.films.length) return h('p', { class: 'empty', id: 'villagers-films' }, t('reports.villagers.noRequests'));
  const category = (c: string) => {
    const key = `category.${c}`;
    return isMessageKey(key) ? t(key) : c;
  };
  const list = table({
    caption: t('reports.villagers.requests'),
    class: 'villagers-films',
    head: [col('film'), col('category'), { text: col('requests'), num: true }],
    rows: r.requests.films.slice(0, TOP_FILMS).map((f) => ({ attrs: { 'data-film': f.filmId }, cells: [f.title, category(f.category), num('requests', f.requests)] })),
  });
  list.id = 'villagers-films';
  return list;
}

function reportsTable(r: VillagersReport) {
  const list = table({
    caption: t('reports.villagers.reports'),
    class: 'villagers-reports',
    head: [col('kind'), ...reportStates.map((s) => ({ text: stateName(s), num: true })), { text: col('total'), num: true }],
    rows: r.reports.byKind.map((k) => ({ attrs: { 'data-kind': k.kind }, cells: [kindName(k.kind), ...reportStates.map((s) => num(s, k[s])), num('total', k.total)] })),
    foot: [t('reports.villagers.total'), ...reportStates.map((s) => num(s, r.reports.byState[s])), num('total', r.reports.total)],
  });
  list.id = 'villagers-reports';
  return list;
}

function teamsTable(r: VillagersReport) {
  const c = r.confirmations;
  if (!c.teams.length) return h('p', { class: 'empty', id: 'villagers-teams' }, t('reports.villagers.noTeams'));
  const line = (x: VillagersReport['confirmations']['totals']) => [
    num('screenings', x.screenings),
    num('confirmed', x.confirmed),
    num('confirmations', x.confirmations),
    num('ratings', x.ratings),
    { text: mean(x.averageRating), num: true, field: 'averageRating' },
  ];
  const list = table({
    caption: t('reports.villagers.confirmations'),
    class: 'villagers-teams',
    head: [col('team'), col('partner'), ...['screenings', 'confirmed', 'confirmations', 'ratings', 'averageRating'].map((k) => ({ text: col(k), num: true }))],
    rows: c.teams.map((x) => ({ attrs: { 'data-team': x.teamId }, cells: [x.teamName, x.partnerName, ...line(x)] })),
    foot: [t('reports.villagers.total'), '', ...line(c.totals)],
  });
  list.id = 'villagers-teams';
  return list;
}

/** The report; `canHandle` (the bureau, the admin): the way to the reports themselves. */
export function renderVillagers(el: HTMLElement, r: VillagersReport, canHandle: boolean) {
  el.replaceChildren(
    h('section', { class: 'stats-group' }, totals(r)),
    h('div', { class: 'two-tables villagers-lists' }, filmsTable(r), h('div', {}, reportsTable(r), canHandle ? h('p', { class: 'villagers-link' }, h('a', { href: `/villagers?month=${r.month}${r.area ? `&area=${r.area.id}` : ''}` }, t('reports.villagers.listLink'))) : null)),
    teamsTable(r),
  );
}
