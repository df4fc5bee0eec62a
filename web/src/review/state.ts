// What the review page shows lives in the URL (?month=&state=&township=&team=&flag=&screening=&page=&lang=),
// so a copied link opens the same slice of the queue. Each filter maps onto GET /api/review's
// parameters; the default is what needs a look this month (in the county zone): flagged or
// unverified, not yet decided. month=all asks for every month; screening= for the one screening a
// finding names (a link from another screening's finding).
import { flagCodes, type FlagCode } from '../../../domain/evidence.js';
import { isMonth } from '../../../domain/months.js';
import { isLocked } from '../shared/period-lock.js';

export const STATE_FILTERS = ['pending', 'flagged', 'unverified', 'verified', 'accepted', 'rejected', 'all'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

/** Items on one page of the list: cheap to draw, quick to fetch, whatever the queue's length. */
export const PAGE_SIZE = 50;

export interface Filters {
  /** null: every month (month=all in the URL). */
  month: string | null;
  state: StateFilter;
  township: number | null;
  team: number | null;
  flag: FlagCode | null;
  /** Only this screening: the one a finding links to. */
  screening: number | null;
  /** 0-based. */
  page: number;
}

/** The URL's word for every month. */
export const ALL_MONTHS = 'all';

const positive = (v: string | null) => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : null;
};

/** The filters a URL asks for; without a month (or with one that is not), `thisMonth`: the county's current month. */
export function readFilters(search: string, thisMonth: string): Filters {
  const q = new URLSearchParams(search);
  const month = q.get('month');
  const state = q.get('state') as StateFilter;
  const flag = q.get('flag') as FlagCode;
  const page = Number(q.get('page'));
  return {
    month: month === ALL_MONTHS ? null : isMonth(month) ? month : thisMonth,
    state: STATE_FILTERS.includes(state) ? state : 'pending',
    township: positive(q.get('township')),
    team: positive(q.get('team')),
    flag: flagCodes.includes(flag) ? flag : null,
    screening: positive(q.get('screening')),
    page: Number.isInteger(page) && page > 1 ? page - 1 : 0,
  };
}

/** The query string of the filters (the page 1-based, as a person reads it); defaults left out but the month, which is always said (month=all: every month). */
export function toSearch(f: Filters, lang: string): string {
  const q = new URLSearchParams();
  q.set('month', f.month ?? ALL_MONTHS);
  if (f.state !== 'pending') q.set('state', f.state);
  if (f.township) q.set('township', String(f.township));
  if (f.team) q.set('team', String(f.team));
  if (f.flag) q.set('flag', f.flag);
  if (f.screening) q.set('screening', String(f.screening));
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
  if (f.screening) p.screeningId = f.screening;
  return p;
}

/** The last page there is for `total` items (0 when there are none). */
export const lastPage = (total: number) => Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);

type BulkItem = { id: number; locked?: boolean; verification: { decision: string | null; flags: readonly { severity: string }[] } | null };
const undecidedWithoutCritical = (s: BulkItem) => Boolean(s.verification && !s.verification.decision && !s.verification.flags.some((f) => f.severity === 'critical'));

/**
 * What a bulk accept may take from the items shown: those not decided yet and without a critical
 * flag. A critical finding (a fix kilometres away, impossible travel, a photo used twice) is for a
 * person to look at, one screening at a time. Never one of a locked month: the server refuses the
 * whole accept (409 period-locked) when one listed id is locked.
 */
export function cleanIds(items: readonly BulkItem[]): number[] {
  return items.filter((s) => !isLocked(s) && undecidedWithoutCritical(s)).map((s) => s.id);
}

/** The items a bulk accept would have taken but leaves out because their month is signed off. */
export const lockedSkipped = (items: readonly BulkItem[]): number => items.filter((s) => isLocked(s) && undecidedWithoutCritical(s)).length;

/** The review page's link to one screening: its month (the local month of its start), whatever its state. */
export const screeningLink = (s: { screeningId: number; startsAt: string }, lang: string): string =>
  `/review${toSearch({ month: s.startsAt.slice(0, 7), state: 'all', township: null, team: null, flag: null, screening: s.screeningId, page: 0 }, lang)}`;
