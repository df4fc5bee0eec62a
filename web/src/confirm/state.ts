// What the villagers' confirmation page says, from the server's answers (GET and POST
// /api/confirmations/:token, DOMAIN.md "Evidence and verification"). Pure, for test/unit.
import type { ShownFilm } from '../shared/programme.js';

export interface ConfirmationView {
  filmTitle: string | null;
  /** The programme, in order (a server before programmes sends `filmTitle` only). */
  films?: ShownFilm[];
  villageName: string;
  townshipName: string;
  /** The village page's token: after confirming, the page offers that village's request form. */
  villageToken?: string;
  startsAt: string;
  status: string;
  opensAt: string;
  closesAt: string;
  open: boolean;
  confirmed: boolean;
  /** The county-month is signed off (DOMAIN.md "Periods and settlement"): no confirmation is taken. */
  locked?: boolean;
}

export type ConfirmState =
  | 'loading'
  | 'open'
  | 'notYet'
  | 'closed'
  | 'cancelled'
  | 'settled'
  | 'confirmed'
  | 'thanks'
  | 'unknown'
  | 'rateLimited'
  | 'offline'
  | 'failed';

/** The page's state from the screening as the server sees it for this phone. */
export function stateOfView(v: Pick<ConfirmationView, 'status' | 'open' | 'confirmed' | 'opensAt' | 'locked'>, now: number): ConfirmState {
  if (v.confirmed) return 'confirmed';
  if (v.status === 'cancelled') return 'cancelled';
  // A signed-off month: a kind word, not a refusal (the server answers a confirmation 409 period-locked).
  if (v.locked) return 'settled';
  if (v.open) return 'open';
  return now < Date.parse(v.opensAt) ? 'notYet' : 'closed';
}

/**
 * The page's state from a failed request: no answer at all is no network; 404 an unknown link;
 * 429 too many tries from this address. A 409 has four causes (already confirmed, outside the
 * window, cancelled, the month signed off): the page asks the screening again to tell which (`null` here).
 */
export function stateOfFailure(status: number | null): ConfirmState | null {
  if (status === null) return 'offline';
  if (status === 404) return 'unknown';
  if (status === 429) return 'rateLimited';
  if (status === 409) return null;
  return 'failed';
}

/** The county's wall clock of a time the server gives with its offset (2026-11-20T19:30:00.000+08:00). */
export const wallClockOf = (iso: string) => ({ date: iso.slice(0, 10), time: iso.slice(11, 16) });

/** The token of a /c/<token> path, or null. */
export function tokenOf(pathname: string): string | null {
  const m = /^\/c\/([^/]+)\/?$/.exec(pathname);
  return m ? decodeURIComponent(m[1]!) : null;
}
