// A unit's status for a month (DOMAIN.md "Status of a unit for a month"), first match wins:
// covered (a completed screening), planned (a scheduled one still ahead), overdue (a scheduled one
// whose start has passed, never reported), gap (nothing; cancelled screenings count as nothing).
// Each screening ranks what it says of its unit; the unit's status is the highest rank among its
// screenings of the month. The ranks are this file's numbers and nobody else's: the engine's SQL
// (server/coverage/screenings.ts) is built from them, and every reader decodes them with statusOfRank.

export const unitStatuses = ['covered', 'planned', 'overdue', 'gap'] as const;
export type UnitStatus = (typeof unitStatuses)[number];

export const screeningStatuses = ['scheduled', 'completed', 'cancelled'] as const;
export type ScreeningStatus = (typeof screeningStatuses)[number];

/** The precedence: a higher rank wins. */
export const RANK = { gap: 0, overdue: 1, planned: 2, covered: 3 } as const satisfies Record<UnitStatus, number>;
export type Rank = (typeof RANK)[UnitStatus];

/** Rank → status. */
export const statusOfRank: readonly UnitStatus[] = ['gap', 'overdue', 'planned', 'covered'];

export const verificationStates = ['verified', 'flagged', 'unverified'] as const;
export type VerificationState = (typeof verificationStates)[number];
export const reviewDecisions = ['accepted', 'rejected'] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

/**
 * What one screening says of its unit at `now` (ms). A scheduled screening is planned while its
 * start lies after now, and overdue from the instant it starts. A completed screening the bureau
 * rejected counts as nothing, like a cancelled one (DOMAIN.md "Evidence and verification").
 */
export function screeningRank(status: ScreeningStatus, startsAt: number, now: number, decision?: ReviewDecision | null): Rank {
  if (status === 'completed') return decision === 'rejected' ? RANK.gap : RANK.covered;
  if (status === 'cancelled') return RANK.gap;
  return startsAt > now ? RANK.planned : RANK.overdue;
}

/**
 * A backed screening: completed, and either accepted by the bureau or, with no decision, verified
 * by its evidence. Backed screenings make a unit `verified` and are the ones the subsidy pays.
 */
export const isBacked = (s: { status: ScreeningStatus; verification?: VerificationState | null; reviewDecision?: ReviewDecision | null }) =>
  s.status === 'completed' && (s.reviewDecision === 'accepted' || (!s.reviewDecision && s.verification === 'verified'));

/** The status one screening alone gives its unit (the pages colour a screening by it). */
export const screeningUnitStatus = (s: { status: ScreeningStatus; startsAt: string | number | Date; reviewDecision?: ReviewDecision | null }, now: number = Date.now()): UnitStatus =>
  statusOfRank[screeningRank(s.status, new Date(s.startsAt).getTime(), now, s.reviewDecision)]!;

/** The map feed's one letter a unit (/api/coverage/statuses); '-' where a village is no unit. */
export const statusLetter: Record<UnitStatus, string> = { covered: 'c', planned: 'p', overdue: 'o', gap: 'g' };
export const NOT_A_UNIT = '-';
export const statusOfLetter: Record<string, UnitStatus | undefined> = Object.fromEntries(unitStatuses.map((s) => [statusLetter[s], s]));

/** DOMAIN.md: coverage = covered / units, exactly, 0..1 (0 when there are no units). */
export const coverageRatio = (covered: number, units: number) => (units === 0 ? 0 : covered / units);

/** Units counted by status, for a county or a group of it: units = covered + planned + overdue + gap; verified ≤ covered. */
export type UnitCounts = { units: number; verified: number } & Record<UnitStatus, number>;
