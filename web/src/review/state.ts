// What the review page shows lives in the URL (?month=&state=&township=&team=&flag=&page=&lang=),
// so a copied link opens the same slice of the queue. Each filter maps onto GET /api/review's
// parameters; the default is what needs a look: flagged or unverified, not yet decided.
import { flagCodes, type FlagCode } from '../../../domain/evidence.js';
import { isMonth } from '../../../domain/months.js';

export const STATE_FILTERS = ['pending', 'flagged', 'unverified', 'verified', 'accepted', 'rejected', 'all'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

/** Items on one page of the list: cheap to draw, quick to fetch, whatever the queue's length. */
export const PAGE_SIZE = 50;

export interface Filters {
  /** null: every month. */
  month: string | null;
  state: StateFilter;
  township: number | null;
  team: number | null;
  flag: FlagCode | null;
  /** 0-based. */
  page: number;
}

const positive = (v: string | null) => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : null;
};

export function readFilters(search: string): Filters {
  const q = new URLSearchParams(search);
  const month = q.get('month');
  const state = q.get('state') as StateFilter;
  const flag = q.get('flag') as FlagCode;
  const page = Number(q.get('page'));
  return {
    month: isMonth(month) ? month : null,
    state: STATE_FILTERS.includes(state) ? state : 'pending',
    township: positive(q.get('township')),
    team: positive(q.get('team')),
    flag: flagCodes.includes(flag) ? flag : null,
    page: Number.isInteger(page) && page > 1 ? page - 1 : 0,
  };
}

/** The query string of the filters (the page 1-based, as a person reads it); defaults left out. */
export function toSearch(f: Filters, lang: string): string {
  const q = new URLSearchParams();
  if (f.month) q.set('month', f.month);
  if (f.state !== 'pending') q.set('state', f.state);
  if (f.township) q.set('township', String(f.township));
  if (f.team) q.set('team', String(f.team));
  if (f.flag) q.set('flag', f.flag);
  if (f.page) q.set('page', String(f.page + 1));
  q.set('lang', lang);
  return `?${q}`;
}

/** GET /api/review's parameters for the filters. */
export function apiParams(f: Filters): Record<string, string | number> {
  const p: Record<string, string | number> = { limit: PAGE_SIZE, offset: f.page * PAGE_SIZE };
  const state: Partial<Record<StateFilter, Record<string, string>>> = {
    pending: { state: 'flagged,unverified', decision: 'none' },
    flagged: { state: 'flagged', decision: 'none' },
    unverified: { state: 'unverified', decision: 'none' },
    verified: { state: 'verified', decision: 'none' },
    accepted: { decision: 'accepted' },
    rejected: { decision: 'rejected' },
  };
  Object.assign(p, state[f.state] ?? {});
  if (f.month) p.month = f.month;
  if (f.township) p.townshipId = f.township;
  if (f.team) p.teamId = f.team;
  if (f.flag) p.flag = f.flag;
  return p;
}

/** The last page there is for `total` items (0 when there are none). */
export const lastPage = (total: number) => Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);

/**
 * What a bulk accept may take from the items shown: those not decided yet and without a critical
 * flag. A critical finding (a fix kilometres away, impossible travel, a photo used twice) is for a
 * person to look at, one screening at a time.
 */
export function cleanIds(items: readonly { id: number; verification: { decision: string | null; flags: readonly { severity: string }[] } | null }[]): number[] {
  return items.filter((s) => s.verification && !s.verification.decision && !s.verification.flags.some((f) => f.severity === 'critical')).map((s) => s.id);
}
