// The map's campaign mode (主题放映, DOMAIN.md "Campaigns"): a select beside the month lists the
// campaigns running that month; choosing one colours each unit covered for it (a campaign film
// shown in its span) or not, with its own legend, and the panel's bars and gap list count the
// same. The server answers in the shapes the month's map already draws — one letter a unit in the
// order of /api/coverage/units (c or g), and counts per township or child area — so the layers,
// the bars and the gap list are the month's own.
import { coverageRatio } from '../../../domain/status.js';
import type { Level } from '../../../domain/units.js';
import { formatMonth, formatNumber, formatPercent, formatTime, t } from '../i18n/index.js';
import type { Counts } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { get, Problem, query } from '../shared/http.js';
import type { AreaCoverage, AreaRegistry, ChildLevel, Coverage, Statuses } from './api.js';
import { swatch } from './style.js';

export interface Campaign {
  id: number;
  name: string;
  from: string;
  to: string;
  areaId: number | null;
  films: { id: number; title: string; category: string }[];
}

type Group = { id: number | null; name: string; level: ChildLevel; units: number; covered: number; gap: number; coverage: number };
interface CampaignCoverage {
  totals: { units: number; covered: number; gap: number; coverage: number };
  groups: Group[];
}

type AreaId = number | null;

export const campaignApi = {
  /** The campaigns running in the month that touch the reader's scope. */
  running: async (month: string) => (await get<{ items: Campaign[] }>(`/api/campaigns?${query({ month, limit: 100 })}`)).items,
  one: (id: number) => get<Campaign>(`/api/campaigns/${id}`),
  /** Counts per child area (or township) of the area; an area beside the campaign's counts nothing. */
  coverage: async (id: number, level: Level, areaId: AreaId, groupBy: ChildLevel, registry: AreaRegistry): Promise<CampaignCoverage> => {
    try {
      return await get<CampaignCoverage>(`/api/campaigns/${id}/coverage?${query({ level, areaId, groupBy })}`);
    } catch (err) {
      if (!(err instanceof Problem && err.status === 404 && areaId !== null)) throw err;
      return { totals: { units: 0, covered: 0, gap: 0, coverage: 0 }, groups: registry.groups.map((g) => ({ id: g.id, name: g.name, level: g.level, units: 0, covered: 0, gap: 0, coverage: 0 })) };
    }
  },
  statuses: (id: number, level: Level, areaId: AreaId) => get<Statuses>(`/api/campaigns/${id}/coverage/statuses?${query({ level, areaId })}`),
};

/** A campaign's counts as the month's: covered or not, nothing planned or overdue; `verified` as covered (the toggle has no say here). */
const asCounts = (c: CampaignCoverage['totals']): Counts => ({ units: c.units, covered: c.covered, planned: 0, overdue: 0, gap: c.gap, verified: c.covered, coverage: coverageRatio(c.covered, c.units) });

/** The township answer's shape (a county's villages). */
export const asCoverage = (c: CampaignCoverage, month: string, level: Level, timezone: string): Coverage => ({
  month,
  timezone,
  level,
  totals: asCounts(c.totals),
  townships: c.groups.filter((g) => g.id !== null).map((g) => ({ ...asCounts(g), id: g.id!, name: g.name })),
});

/** The child areas' shape (above a county). */
export const asAreaCoverage = (c: CampaignCoverage, month: string, level: Level, timezone: string): AreaCoverage => ({
  month,
  timezone,
  level,
  area: null,
  totals: asCounts(c.totals),
  groups: c.groups.map((g) => ({ ...asCounts(g), id: g.id, name: g.name, level: g.level })),
});

/** The select's options: none, then the campaigns running that month (and the chosen one, even when it is not). */
export function renderCampaignOptions(select: HTMLSelectElement, running: Campaign[], chosen: Campaign | null) {
  const list = chosen && !running.some((c) => c.id === chosen.id) ? [chosen, ...running] : running;
  select.replaceChildren(h('option', { value: '' }, t('campaign.none')), ...list.map((c) => h('option', { value: c.id }, c.name)));
  select.value = chosen ? String(chosen.id) : '';
}

export const campaignTitle = (c: Campaign) =>
  t('campaign.legendTitle', { name: c.name, span: c.from === c.to ? formatMonth(c.from) : t('campaign.span', { from: formatMonth(c.from), to: formatMonth(c.to) }) });

/** The legend of campaign mode over the villages: shown a campaign film, or not yet; the total and the coverage; the films. */
export function renderCampaignLegend(el: HTMLElement, c: Campaign, counts: { covered: number; gap: number }, updated: Date, timeZone: string) {
  const units = counts.covered + counts.gap;
  const row = (s: 'covered' | 'gap') =>
    h('li', { 'data-status': s }, swatch(s), h('span', { class: 'label' }, t(`campaign.${s}`), h('small', {}, t(`legend.${s}.hint`))), h('span', { class: 'count' }, formatNumber(counts[s])));
  el.replaceChildren(
    h('h2', {}, campaignTitle(c)),
    h('p', { class: 'campaign-films' }, t('campaign.films', { titles: c.films.map((f) => f.title).join(t('text.listSeparator')) })),
    h('ul', {}, row('gap'), row('covered')),
    h('p', { class: 'total' }, t('legend.total', { units: formatNumber(units), coverage: formatPercent(units ? counts.covered / units : 0) })),
    h('p', { class: 'updated' }, t('map.updated', { time: formatTime(updated, timeZone) })),
  );
  el.dataset.campaign = String(c.id);
  el.dataset.total = String(units);
  el.dataset.covered = String(counts.covered);
  el.dataset.gap = String(counts.gap);
  for (const k of ['planned', 'overdue', 'notDue', 'coveredUnverified']) delete el.dataset[k];
}
