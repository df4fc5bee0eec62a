// A signed-off month (DOMAIN.md "Periods and settlement"): every screening the API answers says
// whether its county-month is locked, and a write that touches one anyway is refused 409 with the
// period-locked problem naming the period. The pages ask here, so none offers what would be
// refused, and each says the refusal the same way when it comes anyway (a race with an approval).
import { Problem } from './http.js';

/** The problem type the server gives a write into a locked county-month (server/http/problem.ts periodLocked). */
export const PERIOD_LOCKED_TYPE = 'https://film2131.example/problems/period-locked';

export interface LockedPeriod {
  countyId: number;
  month: string;
}

/** Whether a screening of an API answer lies in a locked month (an older server says nothing: not locked). */
export const isLocked = (s: object): boolean => (s as { locked?: unknown }).locked === true;

/** The locked county-month a refusal names, or null when the error is anything else. */
export function lockedPeriodOf(err: unknown): LockedPeriod | null {
  if (!(err instanceof Problem) || err.status !== 409 || err.body.type !== PERIOD_LOCKED_TYPE) return null;
  const p = err.body.period as Partial<LockedPeriod> | undefined;
  return { countyId: Number(p?.countyId ?? 0), month: typeof p?.month === 'string' ? p.month : '' };
}
