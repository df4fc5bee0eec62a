// What the village page (/v/<token>) reads from its one answer, GET /api/public/villages/:token
// (DOMAIN.md "Villagers' voice"), and what it says after a send. Pure, for test/unit.
import { REPORT_SCREENING_DAYS } from '../../../domain/voice.js';
import type { FilmCategory } from '../../../domain/programme.js';

export interface CatalogueFilm {
  id: number;
  title: string;
  category: FilmCategory;
  minutes: number | null;
  year: number | null;
}

export interface VillageScreening {
  id: number;
  /** The county's wall clock with its offset (2026-12-05T19:30:00.000+08:00). */
  startsAt: string;
  /** The team's name. */
  team: string | null;
  programme: { title: string; category: FilmCategory | null }[];
}

/** This phone's request of the month. */
export interface VillageRequest {
  filmIds: number[];
  comment: string | null;
  month: string;
}

export interface VillageView {
  unit: { id: number; name: string; township: string; county: string | null };
  /** The county's month now, YYYY-MM. */
  month: string;
  supervisionPhone: string | null;
  screenings: VillageScreening[];
  catalogue: CatalogueFilm[];
  request: VillageRequest | null;
}

/** The answer to POST …/requests: 201 a new request, 200 `replaced` this phone's earlier one of the month. */
export interface SentRequest {
  month: string;
  filmIds: number[];
  comment: string | null;
  replaced: boolean;
}

/** What a form says after trying to send: the server's word, or why it could not. */
export type SendOutcome = 'sent' | 'replaced' | 'rateLimited' | 'offline' | 'unknown' | 'refused' | 'failed';

/** A failed send: no answer at all is no network; 404 the link is gone (rotated); 429 too many from this address; 400 the server names what. */
export function outcomeOfFailure(status: number | null): SendOutcome {
  if (status === null) return 'offline';
  if (status === 404) return 'unknown';
  if (status === 429) return 'rateLimited';
  if (status === 400 || status === 413) return 'refused';
  return 'failed';
}

/** The token of a /v/<token> path, or null. */
export function tokenOf(pathname: string): string | null {
  const m = /^\/v\/([^/]+)\/?$/.exec(pathname);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** The month after a YYYY-MM month. */
export function monthAfter(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y! + 1}-01` : `${y}-${String(m! + 1).padStart(2, '0')}`;
}

/** The county's wall clock of a time the server gives with its offset. */
export const wallClockOf = (iso: string) => ({ date: iso.slice(0, 10), time: iso.slice(11, 16) });

/** The screenings of this month and of the next, each in start order (the server's). */
export function byMonth(view: Pick<VillageView, 'month' | 'screenings'>) {
  const next = monthAfter(view.month);
  return [
    { month: view.month, which: 'this' as const, screenings: view.screenings.filter((s) => s.startsAt.slice(0, 7) === view.month) },
    { month: next, which: 'next' as const, screenings: view.screenings.filter((s) => s.startsAt.slice(0, 7) === next) },
  ];
}

/** The listed screenings a report may name: started, at most REPORT_SCREENING_DAYS ago, newest first. */
export function reportable(screenings: readonly VillageScreening[], now: number): VillageScreening[] {
  const from = now - REPORT_SCREENING_DAYS * 24 * 3600_000;
  return screenings.filter((s) => {
    const at = Date.parse(s.startsAt);
    return at <= now && at >= from;
  }).reverse();
}

/** Letters to compare titles by: no spaces or punctuation, lower case (a search "喜 盈" finds 喜盈门). */
const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');

/**
 * The catalogue's films whose title holds `query` (all of them when it is empty), at most
 * `limit`, titles that begin with it first; `more` is how many matched beyond those shown.
 */
export function searchCatalogue(catalogue: readonly CatalogueFilm[], query: string, limit: number) {
  const q = fold(query);
  const hits = q ? catalogue.filter((f) => fold(f.title).includes(q)) : [...catalogue];
  if (q) hits.sort((a, b) => Number(!fold(a.title).startsWith(q)) - Number(!fold(b.title).startsWith(q)));
  return { films: hits.slice(0, limit), more: Math.max(0, hits.length - limit) };
}

/** Characters as the server counts them (PostgreSQL's char_length: code points, not UTF-16 units). */
export const charCount = (s: string) => [...s].length;
