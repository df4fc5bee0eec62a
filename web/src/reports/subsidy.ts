// The subsidy statement, "show first, subsidy after" (先放后补): completed screenings per team that
// are backed (verified by their evidence, or accepted by the bureau), counted at most once per unit
// and month, times the subsidy per screening; then, apart, the screenings beyond that, those still
// pending verification and those the bureau rejected, each with its programme, each list with its
// count and amount. Beside the teams, the same paid screenings by county and partner, with the
// contract that pays them (or none).
import { formatDateTime, formatNumber, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { programmeTitles } from '../shared/programme.js';
import type { SubsidyReport } from './api.js';
import { table } from './table.js';

export function renderSubsidy(el: HTMLElement, r: SubsidyReport, timeZone: string) {
  const n = formatNumber;
  const yuan = (v: number) => t('subsidy.yuan', { amount: new Intl.NumberFormat(document.documentElement.lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v) });
  const counted = r.teams.reduce((s, tm) => s + tm.counted, 0);
  const when = (iso: string) => h('time', { datetime: iso }, formatDateTime(iso, timeZone));
  const reviewLink = () => h('a', { href: `/review?month=${r.month}`, class: 'review-link' }, t('reports.subsidy.reviewLink'));
  el.replaceChildren(
    h('p', { class: 'rate' }, t('subsidy.rate', { amount: yuan(r.perScreeningYuan) }), ' ', t('reports.subsidy.rule')),
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
    ...byContract(r, yuan),
    h('h3', { id: 'subsidy-pending', 'data-count': r.pending.length }, t('reports.subsidy.pending', { count: n(r.pending.length), amount: yuan(r.pendingYuan) })),
    r.pending.length
      ? h(
          'div',
          {},
          h('p', { class: 'hint' }, t('reports.subsidy.pendingHint'), ' ', reviewLink()),
          table({
            class: 'pending',
            head: [t('col.village'), t('col.team'), t('subsidy.startsAt'), t('programmeView.title'), t('reports.subsidy.state')],
            rows: r.pending.map((x) => ({
              attrs: { 'data-screening': x.screeningId, 'data-state': x.state },
              cells: [x.villageName, x.teamName, when(x.startsAt), programmeTitles(x), t(`state.verification.${x.state}`)],
            })),
          }),
        )
      : h('p', { class: 'empty' }, t('reports.subsidy.noPending')),
    h('h3', { id: 'subsidy-rejected', 'data-count': r.rejected.length }, t('reports.subsidy.rejected', { count: n(r.rejected.length), amount: yuan(r.rejectedYuan) })),
    r.rejected.length
      ? table({
          class: 'rejected',
          head: [t('col.village'), t('col.team'), t('subsidy.startsAt'), t('programmeView.title'), t('reports.subsidy.rejectReason')],
          rows: r.rejected.map((x) => ({ attrs: { 'data-screening': x.screeningId }, cells: [x.villageName, x.teamName, when(x.startsAt), programmeTitles(x), x.reason] })),
        })
      : h('p', { class: 'empty' }, t('reports.subsidy.noRejected')),
    r.extra.length
      ? table({
          caption: t('subsidy.extra', { count: n(r.extra.length) }),
          class: 'extra',
          head: [t('col.village'), t('col.team'), t('subsidy.startsAt'), t('programmeView.title'), t('subsidy.reason')],
          rows: r.extra.map((x) => ({
            attrs: { 'data-screening': x.screeningId },
            cells: [x.villageName, x.teamName, when(x.startsAt), programmeTitles(x), x.reason],
          })),
        })
      : h('p', { class: 'empty' }, t('subsidy.noExtra')),
  );
}

/** The paid screenings per county and partner, with the contract that pays them; a server without contracts yet: nothing. */
function byContract(r: SubsidyReport, yuan: (v: number) => string): HTMLElement[] {
  if (!r.contracts) return [];
  const n = formatNumber;
  const counted = r.contracts.reduce((s, c) => s + c.counted, 0);
  const amount = r.contracts.reduce((s, c) => s + c.amountYuan, 0);
  const county = (c: { countyName: string | null; countyCode: string | null }) =>
    c.countyName ? (c.countyCode ? t('area.withCode', { name: c.countyName, code: c.countyCode }) : c.countyName) : t('reports.subsidy.noCounty');
  const list = table({
    caption: t('reports.subsidy.byContract'),
    class: 'by-contract',
    head: [t('reports.subsidy.county'), t('col.partner'), t('reports.subsidy.contract'), { text: t('subsidy.counted'), num: true }, { text: t('subsidy.amount'), num: true }],
    rows: r.contracts.map((c) => ({
      attrs: { 'data-county': c.countyId ?? '', 'data-partner': c.partnerId, 'data-contract': c.contractId ?? '' },
      cells: [
        county(c),
        c.partnerName,
        c.contractId === null
          ? { text: t('reports.subsidy.noContract'), field: 'contract', class: 'no-contract' }
          : { text: t('reports.subsidy.contractId', { id: c.contractId }), field: 'contract' },
        { text: n(c.counted), num: true, field: 'counted' },
        { text: yuan(c.amountYuan), num: true, field: 'amount' },
      ],
    })),
    foot: [t('subsidy.total'), '', '', { text: n(counted), num: true, field: 'counted' }, { text: yuan(amount), num: true, field: 'total' }],
  });
  list.id = 'subsidy-by-contract';
  return [list];
}
