// The month report: the county's coverage and per township (units, covered, planned, overdue,
// gaps), the screenings held, their audience and the share of science films, and per team. A month
// that has not begun (`due` false) has no gaps and no coverage yet: its unplanned units are not yet
// due, and a note says the month has not begun. A report of an area names it; above a county, a
// table of its child areas comes first.
import { formatMonth, formatNumber, formatPercent, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import type { MonthReport } from './api.js';
import { coverageCell, table, tile } from './table.js';

export function renderMonth(el: HTMLElement, r: MonthReport, due = true) {
  const n = formatNumber;
  const c = r.county;
  const num = (field: string, v: number) => ({ text: n(v), num: true, field });
  const gapLabel = t(due ? 'status.gap' : 'status.notDue');
  const total = r.area ? t('month.areaTotal', { name: r.area.name }) : t('month.countyTotal');
  const countHead = [t('col.units'), t('status.covered'), t('status.planned'), t('status.overdue'), gapLabel, t('col.coverage')].map((text) => ({ text, num: true }));
  const coverage = (x: { coverage: number }) => (due ? coverageCell(formatPercent(x.coverage), x.coverage) : { text: t('status.notDue'), num: true, field: 'coverage', class: 'not-due' });
  el.replaceChildren(
    ...(due ? [] : [h('p', { class: 'not-due-note', id: 'not-due-note', role: 'note' }, t('month.notDueNote', { month: formatMonth(r.month) }))]),
    h(
      'div',
      { class: 'summary' },
      h(
        'section',
        { class: 'stats-group', 'aria-labelledby': 'county-h' },
        h('h3', { id: 'county-h' }, r.area ? t('month.areaHeading', { name: r.area.name }) : t('month.county')),
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
      ),
      h(
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
      ),
    ),
    ...(r.areas?.length
      ? [
          table({
          caption: t('month.byArea'),
          class: 'areas',
          head: [t('month.area'), ...countHead],
          rows: r.areas.map((a) => ({
            attrs: { 'data-area': a.id },
            cells: [a.name, num('units', a.units), num('covered', a.covered), num('planned', a.planned), num('overdue', a.overdue), num('gap', a.gap), coverage(a)],
          })),
          foot: [total, num('units', c.units), num('covered', c.covered), num('planned', c.planned), num('overdue', c.overdue), num('gap', c.gap), coverage(c)],
        }),
        ]
      : []),
    h(
      'div',
      { class: 'two-tables' },
      table({
        caption: t('month.byTownship'),
        class: 'townships',
        head: [t('township.label'), t('col.units'), t('status.covered'), t('status.planned'), t('status.overdue'), gapLabel, t('col.coverage')].map((text, i) => (i ? { text, num: true } : text)),
        rows: r.townships.map((tw) => ({
          attrs: { 'data-township': tw.id },
          cells: [tw.name, num('units', tw.units), num('covered', tw.covered), num('planned', tw.planned), num('overdue', tw.overdue), num('gap', tw.gap), coverage(tw)],
        })),
        foot: [total, num('units', c.units), num('covered', c.covered), num('planned', c.planned), num('overdue', c.overdue), num('gap', c.gap), coverage(c)],
      }),
      r.teams.length
        ? table({
            caption: t('month.byTeam'),
            class: 'teams',
            head: [t('col.team'), t('col.partner'), { text: t('month.held'), num: true }, { text: t('month.audience'), num: true }],
            rows: r.teams.map((tm) => ({ attrs: { 'data-team': tm.id }, cells: [tm.name, tm.partnerName, num('held', tm.held), num('audience', tm.audience)] })),
          })
        : h('p', { class: 'empty' }, t('month.noTeams')),
    ),
  );
}
