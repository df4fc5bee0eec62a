// The subsidy statement: completed screenings per team counted at most once per unit and month,
// times the subsidy per screening; the screenings beyond that are listed apart, with the reason.
import { formatDateTime, formatNumber, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import type { SubsidyReport } from './api.js';
import { table } from './table.js';

export function renderSubsidy(el: HTMLElement, r: SubsidyReport, timeZone: string) {
  const n = formatNumber;
  const yuan = (v: number) => t('subsidy.yuan', { amount: new Intl.NumberFormat(document.documentElement.lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v) });
  const counted = r.teams.reduce((s, tm) => s + tm.counted, 0);
  el.replaceChildren(
    h('p', { class: 'rate' }, t('subsidy.rate', { amount: yuan(r.perScreeningYuan) })),
    table({
      caption: t('subsidy.byTeam'),
      class: 'subsidy',
      head: [t('col.team'), t('col.partner'), { text: t('subsidy.counted'), num: true }, { text: t('subsidy.amount'), num: true }],
      rows: r.teams.map((tm) => ({
        attrs: { 'data-team': tm.teamId },
        cells: [tm.teamName, tm.partnerName, { text: n(tm.counted), num: true, field: 'counted' }, { text: yuan(tm.amountYuan), num: true, field: 'amount' }],
      })),
      foot: [t('subsidy.total'), '', { text: n(counted), num: true, field: 'counted' }, { text: yuan(r.totalYuan), num: true, field: 'total' }],
    }),
    r.extra.length
      ? table({
          caption: t('subsidy.extra', { count: n(r.extra.length) }),
          class: 'extra',
          head: [t('col.village'), t('col.team'), t('subsidy.startsAt'), t('subsidy.reason')],
          rows: r.extra.map((x) => ({
            attrs: { 'data-screening': x.screeningId },
            cells: [x.villageName, x.teamName, h('time', { datetime: x.startsAt }, formatDateTime(x.startsAt, timeZone)), x.reason],
          })),
        })
      : h('p', { class: 'empty' }, t('subsidy.noExtra')),
  );
}
