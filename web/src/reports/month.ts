// The month report: the county's coverage and per township (units, covered, planned, overdue,
// gaps), the screenings held, their audience and the share of science films, and per team. A month
// that has not begun (`due` false) has no gaps and no coverage yet: its unplanned units are not yet
// due, and a note says the month has not begun. A report of an area names it; above a county, a
// table of its child areas comes first.
import { formatMonth, formatNumber, formatPercent, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import type { MonthReport } from './api.js';
import { coverageCell, table, tile } from './table.js';

type Counts = Pick<MonthReport['county'], 'units' | 'covered' | 'planned' | 'overdue' | 'gap' | 'coverage'>;

export function renderMonth(el: HTMLElement, r: MonthReport, due = true) {
  const counts = countColumns(due);
  const place = r.place ?? r.area?.name;
  const total = place ? t('month.areaTotal', { name: place }) : t('month.countyTotal');
  el.replaceChildren(
    ...(due ? [] : [h('p', { class: 'not-due-note', id: 'not-due-note', role: 'note' }, t('month.notDueNote', { month: formatMonth(r.month) }))]),
    h('div', { class: 'summary' }, countyStats(r, due, counts.gapLabel), screeningStats(r)),
    ...(r.areas?.length ? [counts.table(t('month.byArea'), 'areas', t('month.area'), r.areas.map((a) => ({ attrs: { 'data-area': a.id }, name: a.name, x: a })), total, r.county)] : []),
    h(
      'div',
      { class: 'two-tables' },
      counts.table(t('month.byTownship'), 'townships', t('township.label'), r.townships.map((tw) => ({ attrs: { 'data-township': tw.id }, name: tw.name, x: tw })), total, r.county),
      teamsTable(r),
    ),
  );
}

/** The columns of the area and township tables: units, covered, planned, overdue, gaps (not yet due in a month not begun), coverage. */
function countColumns(due: boolean) {
  const gapLabel = t(due ? 'status.gap' : 'status.notDue');
  const num = (field: string, v: number) => ({ text: formatNumber(v), num: true, field });
  const coverage = (x: Counts) => (due ? coverageCell(formatPercent(x.coverage), x.coverage) : { text: t('status.notDue'), num: true, field: 'coverage', class: 'not-due' });
  const head = [t('col.units'), t('status.covered'), t('status.planned'), t('status.overdue'), gapLabel, t('col.coverage')].map((text) => ({ text, num: true }));
  const cells = (x: Counts) => [num('units', x.units), num('covered', x.covered), num('planned', x.planned), num('overdue', x.overdue), num('gap', x.gap), coverage(x)];
  return {
    gapLabel,
    /** A table of these columns, one row a place (its name first), the whole's counts at its foot. */
    table: (caption: string, cls: string, first: string, rows: { attrs: Record<string, number>; name: string; x: Counts }[], total: string, whole: Counts) =>
      table({ caption, class: cls, head: [first, ...head], rows: rows.map((row) => ({ attrs: row.attrs, cells: [row.name, ...cells(row.x)] })), foot: [total, ...cells(whole)] }),
  };
}

function countyStats(r: MonthReport, due: boolean, gapLabel: string) {
  const n = formatNumber;
  const c = r.county;
  return h(
    'section',
    { class: 'stats-group', 'aria-labelledby': 'county-h' },
    h('h3', { id: 'county-h' }, (r.place ?? r.area?.name) ? t('month.areaHeading', { name: (r.place ?? r.area?.name)! }) : t('month.county')),
    h(
      'dl',
      { class: 'stats', id: 'county-stats' },
      due
        ? tile('coverage', t('col.coverage'), formatPercent(c.coverage), t('month.coveredOf', { covered: n(c.covered), units: n(c.units) }))
        : tile('coverage', t('col.coverage'), t('status.notDue')),
      tile('units', t('col.units'), n(c.units)),
      tile('covered', t('status.covered'), n(c.covered)),
      tile('planned', t('status.planned'), n(c.planned)),
      tile('overdue', t('status.overdue'), n(c.overdue)),
      tile(due ? 'gap' : 'notDue', gapLabel, n(c.gap)),
    ),
  );
}

function screeningStats(r: MonthReport) {
  const n = formatNumber;
  return h(
    'section',
    { class: 'stats-group', 'aria-labelledby': 'screenings-h' },
    h('h3', { id: 'screenings-h' }, t('month.screenings')),
    h(
      'dl',
      { class: 'stats', id: 'screening-stats' },
      tile('held', t('month.held'), n(r.screenings.held)),
      tile('cancelled', t('month.cancelled'), n(r.screenings.cancelled)),
      tile('audience', t('month.audience'), n(r.screenings.audience)),
      tile('scienceShare', t('month.scienceShare'), formatPercent(r.screenings.scienceShare)),
    ),
  );
}

function teamsTable(r: MonthReport) {
  if (!r.teams.length) return h('p', { class: 'empty' }, t('month.noTeams'));
  const num = (field: string, v: number) => ({ text: formatNumber(v), num: true, field });
  return table({
    caption: t('month.byTeam'),
    class: 'teams',
    head: [t('col.team'), t('col.partner'), { text: t('month.held'), num: true }, { text: t('month.audience'), num: true }],
    rows: r.teams.map((tm) => ({ attrs: { 'data-team': tm.id }, cells: [tm.name, tm.partnerName, num('held', tm.held), num('audience', tm.audience)] })),
  });
}
