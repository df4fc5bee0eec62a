import type { DateTime } from 'luxon';
import type { User } from '../auth/user.js';
import { badRequest, HttpError, type FieldError } from '../http/problem.js';
import type { ScreeningStatus } from './schemas.js';

/** The screening as it would be stored; what every rule looks at. */
export interface ScreeningState {
  villageId: number;
  teamId: number;
  /** The programme's film ids, in order (empty: not chosen yet). */
  programme: number[];
  /** Why a film repeats in the unit within 365 days (null: it must not). */
  repeatReason: string | null;
  startsAt: Date;
  status: ScreeningStatus;
  audience: number | null;
  cancelReason: string | null;
  notes: string | null;
}

/** What a projectionist reports of its screening (DOMAIN.md roles); the rest is the planner's. */
const reportFields: readonly string[] = ['status', 'audience', 'cancelReason', 'notes', 'version'];

/** A projectionist's change naming any other field: 403, each such field named. */
export function refuseBeyondReport(user: User, patch: object): void {
  if (user.role !== 'projectionist') return;
  const beyond = Object.entries(patch).flatMap(([field, value]) => (value === undefined || reportFields.includes(field) ? [] : [field]));
  if (!beyond.length) return;
  throw new HttpError(
    403,
    `A projectionist reports a screening's status, audience, cancel reason and notes; ${beyond.join(', ')} ${beyond.length > 1 ? 'are' : 'is'} for the partner to change.`,
    beyond.map((path) => ({ path, message: 'a projectionist may not change this field' })),
  );
}

/**
 * Merges a change into the stored screening. Leaving a status drops what belonged to it (the
 * audience of a completed screening, the reason of a cancelled one) unless the client resends it.
 */
export function applyPatch(current: ScreeningState, patch: Partial<ScreeningState> & { audience?: number | null }): ScreeningState {
  const next = { ...current, ...definedOnly(patch) };
  if (patch.status && patch.status !== current.status) {
    if (current.status === 'completed' && patch.audience === undefined) next.audience = null;
    if (current.status === 'cancelled' && patch.cancelReason === undefined) next.cancelReason = null;
  }
  return next;
}

/**
 * DOMAIN.md's rules for one screening, all at once so the client sees every bad field:
 * completed needs a start in the past and an audience; cancelled needs a reason; the audience
 * belongs to completed screenings only.
 */
export function screeningErrors(s: ScreeningState, now: DateTime, sent: { audience?: unknown } = {}): FieldError[] {
  const errors: FieldError[] = [];
  if (s.status === 'completed') {
    if (s.startsAt.getTime() > now.toMillis()) errors.push({ path: 'startsAt', message: 'a completed screening must have started already' });
    if (s.audience === null || s.audience === undefined) errors.push({ path: 'audience', message: 'required for a completed screening' });
  } else if (sent.audience !== undefined && sent.audience !== null) {
    errors.push({ path: 'audience', message: 'only a completed screening has an audience' });
  }
  if (s.status === 'cancelled' && !s.cancelReason) errors.push({ path: 'cancelReason', message: 'required for a cancelled screening' });
  return errors;
}

/** Throws one 400 naming every bad field found by the rules and the reference checks together. */
export function throwIfInvalid(errors: FieldError[]): void {
  if (errors.length) throw badRequest(`Invalid screening: ${errors.map((e) => e.path).join(', ')}.`, errors);
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
