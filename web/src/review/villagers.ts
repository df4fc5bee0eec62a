// A disputed screening's villager reports (DOMAIN.md "Villagers' voice"), beside its other
// evidence: a screening flagged villager_dispute is asked for the problem reports that name it.
// They come from GET /api/villager-reports; the detail draws at once and this section fills in.
import { shiftMonth } from '../../../domain/months.js';
import { formatNumber, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { reportSaid, villagerReportsApi, type VillagerReport } from '../shared/villager-reports.js';
import { loadFailedText } from '../shared/update.js';
import type { ReviewItem } from './api.js';

/** Whether the screening is disputed by villagers: only then are its reports asked for. */
export const disputed = (s: ReviewItem) => Boolean(s.verification?.flags.some((f) => f.code === 'villager_dispute'));

/**
 * The reports naming the screening: a report is filed within 30 days of the screening, so in the
 * month of its start or the next (both asked; the same report twice is kept once), newest first.
 */
async function reportsOn(s: ReviewItem): Promise<VillagerReport[]> {
  const month = s.startsAt.slice(0, 7);
  const pages = await Promise.all([month, shiftMonth(month, 1)].map((m) => villagerReportsApi.list({ month: m, screeningId: s.id })));
  const byId = new Map(pages.flatMap((p) => p.items).map((r) => [r.id, r]));
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
}

/** The section, empty until the reports come; null when the screening is not disputed. */
export function villagerReportsSection(s: ReviewItem, timeZone: string, canHandle: boolean): HTMLElement | null {
  if (!disputed(s)) return null;
  const heading = h('h3', {}, t('review.villagerReports', { count: '…' }));
  const body = h('div', { class: 'villager-reports-body' }, h('p', { class: 'empty' }, t('popup.loading')));
  const section = h('section', { class: 'villager-reports', 'data-screening': s.id, 'data-state': 'loading' }, heading, body);
  reportsOn(s).then(
    (reports) => {
      heading.textContent = t('review.villagerReports', { count: formatNumber(reports.length) });
      if (!reports.length) body.replaceChildren(h('p', { class: 'empty' }, t('review.noVillagerReports')));
      else {
        body.replaceChildren(h('ul', { class: 'villager-report-list' }, ...reports.map((r) => h('li', { 'data-id': r.id, 'data-kind': r.kind }, reportSaid(r, timeZone)))));
        // The bureau handles them on its list, in the month the latest was made.
        if (canHandle) body.append(h('p', { class: 'villager-reports-link' }, h('a', { href: `/villagers?month=${reports[0]!.createdAt.slice(0, 7)}` }, t('review.villagerReportsLink'))));
      }
      section.dataset.state = 'ready';
      section.dataset.count = String(reports.length);
    },
    (err: unknown) => {
      body.replaceChildren(h('p', { class: 'error' }, loadFailedText(err)));
      section.dataset.state = 'error';
    },
  );
  return section;
}
