import { byWorst, flagMessage, type Flag } from '../../domain/evidence.js';
import type { ReviewDecision, VerificationState } from '../../domain/status.js';
import type { Db } from '../db/index.js';
import { formatTime } from '../months.js';

// A screening's verification as every screening answer carries it (server/screenings/queries.ts
// selects these columns beside its own): the state, the bureau's decision and the flags, read in
// the same query as the screening (the flags by a correlated subquery: one index probe a row).

/** The columns to select from `screenings as s`. */
export const verificationColumns = (db: Db) => [
  's.verification',
  's.review_decision',
  's.review_reason',
  's.reviewed_at',
  's.reported_at',
  db.raw(
    `(select coalesce(json_agg(json_build_object('code', f.code, 'severity', f.severity, 'params', f.params)), '[]'::json)
        from screening_flags f where f.screening_id = s.id) as flags`,
  ),
];

export interface VerificationRow {
  status: string;
  verification: VerificationState | null;
  review_decision: ReviewDecision | null;
  review_reason: string | null;
  reviewed_at: Date | null;
  reported_at: Date | null;
  flags: Flag[] | string | null;
}

/** A flag as the API answers it: its facts, and what it says in English and in Chinese. */
export const flagAnswer = (f: Flag) => ({ code: f.code, severity: f.severity, params: f.params, message: flagMessage(f, 'en'), messageZh: flagMessage(f, 'zh') });

/** DOMAIN.md's `verification`: null unless completed; a completed screening without a state (written with triggers off) is unverified. */
export function toVerification(r: VerificationRow, zone: string) {
  if (r.status !== 'completed') return null;
  const flags = (typeof r.flags === 'string' ? (JSON.parse(r.flags) as Flag[]) : (r.flags ?? [])).sort(byWorst);
  return {
    state: r.verification ?? ('unverified' as const),
    decision: r.review_decision,
    reason: r.review_reason,
    reviewedAt: formatTime(r.reviewed_at, zone),
    flags: flags.map(flagAnswer),
  };
}
export type Verification = NonNullable<ReturnType<typeof toVerification>>;
