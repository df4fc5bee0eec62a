import { byWorst, flagMessage, relatedParam, type Flag, type RelatedScreening } from '../../domain/evidence.js';
import type { ReviewDecision, VerificationState } from '../../domain/status.js';
import { whereScreeningInScope } from '../areas/scope.js';
import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { formatTime } from '../months.js';

// A screening's verification as every screening answer carries it (server/screenings/queries.ts
// selects these columns beside its own): the state, the bureau's decision and the flags, read in
// the same query as the screening (the flags by a correlated subquery: one index probe a row).
// A flag about another screening (domain/evidence.ts relatedParam) carries that screening's
// village, start and team when the reader may see it (the same scope as the screening's own:
// server/areas/scope.ts whereScreeningInScope), else null: no name crosses a scope.

/** The other screening a flag `f` names, as `user` may see it: one json object, or no row. */
function relatedOf(db: Db, user: User) {
  const id = Object.entries(relatedParam)
    .map(([code, param]) => `when '${code}' then (f.params->>'${param}')::int`)
    .join(' ');
  const q = db('screenings as o')
    .join('villages as ov', 'ov.id', 'o.village_id')
    .join('teams as ot', 'ot.id', 'o.team_id')
    .whereRaw(`o.id = case f.code ${id} end`)
    .select(
      db.raw(`json_build_object('screeningId', o.id, 'villageName', ov.name, 'teamName', ot.name, 'startsAt', (extract(epoch from o.starts_at) * 1000)::float8)`),
    );
  return whereScreeningInScope(db, q, user, { partner: 'ot.partner_id', village: 'o.village_id', team: 'o.team_id' });
}

/** The columns to select from `screenings as s`, read by `user`. */
export const verificationColumns = (db: Db, user: User) => [
  's.verification',
  's.review_decision',
  's.review_reason',
  's.reviewed_at',
  's.reported_at',
  db.raw(
    `(select coalesce(json_agg(json_build_object('code', f.code, 'severity', f.severity, 'params', f.params, 'related', ?)), '[]'::json)
        from screening_flags f where f.screening_id = s.id) as flags`,
    [relatedOf(db, user)],
  ),
];

/** A flag as read: the related screening's start in ms, where there is one. */
type FlagRow = Omit<Flag, 'related'> & { related?: (Omit<RelatedScreening, 'startsAt'> & { startsAt: number }) | null };

export interface VerificationRow {
  status: string;
  verification: VerificationState | null;
  review_decision: ReviewDecision | null;
  review_reason: string | null;
  reviewed_at: Date | null;
  reported_at: Date | null;
  flags: FlagRow[] | string | null;
}

/**
 * A flag as the API answers it: its facts, the other screening it names (only on the flags that
 * name one; null when the reader may not see it), and what it says in English and in Chinese.
 */
export const flagAnswer = (f: Flag) => ({
  code: f.code,
  severity: f.severity,
  params: f.params,
  ...(relatedParam[f.code] && f.related !== undefined ? { related: f.related } : {}),
  message: flagMessage(f, 'en'),
  messageZh: flagMessage(f, 'zh'),
});

const readRelated = (r: FlagRow['related'], zone: string): RelatedScreening | null =>
  r ? { screeningId: r.screeningId, villageName: r.villageName, startsAt: formatTime(new Date(Number(r.startsAt)), zone)!, teamName: r.teamName } : null;

/** A flag read for a reader: `related` only on the flags that name another screening. */
const readFlag = (f: FlagRow, zone: string): Flag => {
  const { related, ...flag } = f;
  return relatedParam[f.code] ? { ...flag, related: readRelated(related, zone) } : flag;
};

/** DOMAIN.md's `verification`: null unless completed; a completed screening without a state (written with triggers off) is unverified. */
export function toVerification(r: VerificationRow, zone: string) {
  if (r.status !== 'completed') return null;
  const rows = typeof r.flags === 'string' ? (JSON.parse(r.flags) as FlagRow[]) : (r.flags ?? []);
  const flags = rows.map((f) => readFlag(f, zone)).sort(byWorst);
  return {
    state: r.verification ?? ('unverified' as const),
    decision: r.review_decision,
    reason: r.review_reason,
    reviewedAt: formatTime(r.reviewed_at, zone),
    flags: flags.map(flagAnswer),
  };
}
export type Verification = NonNullable<ReturnType<typeof toVerification>>;

/**
 * A screening answer as the audit log keeps it: without the names of the other screenings its
 * flags point to. Those depend on who reads (an admin's answer names a screening a bureau user of
 * another area may not see), and the log is read by others than the writer.
 */
export function forAudit<T>(screening: T): T {
  const v = (screening as { verification?: Verification | null } | null | undefined)?.verification;
  if (!v) return screening;
  const flags = v.flags.map(({ code, severity, params }) => flagAnswer({ code, severity, params }));
  return { ...screening, verification: { ...v, flags } };
}
