// A signed-off month on the plan (DOMAIN.md "Periods and settlement"): GET /api/periods?month says
// which of the partner's county-months are locked, and who approved them when (their last
// approval step); the banner says so above the grid. The screenings themselves carry `locked`:
// the grid and the form offer no change of those (plan/grid.ts, plan/form.ts).
import { formatDateTime, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { lastStep, periodsApi, type Period } from '../periods/api.js';

export interface MonthLock {
  /** The month's county-months in the reader's scope that are locked. */
  locked: Period[];
  /** Every county-month of the month in scope is locked: nothing can be added to it either. */
  all: boolean;
}

export async function monthLock(month: string): Promise<MonthLock> {
  const { items } = await periodsApi.list({ month });
  const locked = items.filter((p) => p.state === 'locked');
  return { locked, all: items.length > 0 && locked.length === items.length };
}

/** The banner's lines: one for the month when it is locked in the one county, else one a locked county. */
export function renderLockBanner(el: HTMLElement, month: string, lock: MonthLock | null, zone: string) {
  const by = (p: Period) => {
    const s = lastStep(p, 'approve');
    return s ? t('plan.locked.by', { who: s.userName ?? t('periods.someone'), time: formatDateTime(s.at, zone) }) : '';
  };
  const lines = !lock?.locked.length
    ? []
    : lock.all && lock.locked.length === 1
      ? [t('plan.locked.banner', { month, by: by(lock.locked[0]!) })]
      : lock.locked.map((p) => t('plan.locked.county', { county: p.countyName, month, by: by(p) }));
  el.replaceChildren(...lines.map((line) => h('p', {}, line)));
  el.hidden = !lines.length;
}
