// What the reader is looking at lives in the URL (?area=&month=&level=&township=&verified=&campaign=&lang=), so a copied
// link opens the same view. No month in the URL means "the current month", which then follows
// the county's calendar when the page stays open past midnight at the month's end.
import { isMonth } from '../../../domain/months.js';
import type { Level } from '../../../domain/units.js';
import { isLang, type Lang } from '../i18n/index.js';
import { showSearch } from '../shared/location.js';

export interface ViewState {
  /** The area looked at (DOMAIN.md "Areas and scopes"); null: everything the reader sees. */
  area: number | null;
  month: string | null;
  level: Level;
  township: number | null;
  /** Count only verified: covered but not backed reads as a gap. */
  verifiedOnly: boolean;
  /** Campaign mode: the campaign whose coverage is drawn (web/src/map/campaign.ts); null: the month's. */
  campaign: number | null;
  lang: Lang;
}

export function readState(search: string, fallbackLang: Lang): ViewState {
  const q = new URLSearchParams(search);
  const month = q.get('month');
  const township = Number(q.get('township'));
  const area = Number(q.get('area'));
  const campaign = Number(q.get('campaign'));
  const lang = q.get('lang');
  return {
    area: Number.isInteger(area) && area > 0 ? area : null,
    month: isMonth(month) ? month : null,
    level: q.get('level') === 'natural' ? 'natural' : 'administrative',
    township: Number.isInteger(township) && township > 0 ? township : null,
    verifiedOnly: q.get('verified') === '1',
    campaign: Number.isInteger(campaign) && campaign > 0 ? campaign : null,
    lang: isLang(lang) ? lang : fallbackLang,
  };
}

export function toSearch(s: ViewState): string {
  const q = new URLSearchParams();
  if (s.area) q.set('area', String(s.area));
  if (s.month) q.set('month', s.month);
  if (s.level !== 'administrative') q.set('level', s.level);
  if (s.township) q.set('township', String(s.township));
  if (s.verifiedOnly) q.set('verified', '1');
  if (s.campaign) q.set('campaign', String(s.campaign));
  q.set('lang', s.lang);
  return `?${q}`;
}

/** Records a change: a new history entry (Back returns to the previous view) unless `replace`. */
export function writeState(s: ViewState, replace = false) {
  showSearch(toSearch(s), replace);
}
