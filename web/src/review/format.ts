// Small pure helpers of the review page: what an item is at a glance, and distances as read.
import { severityRank, type Severity } from '../../../domain/evidence.js';
import type { ReviewItem } from './api.js';

/** The badge of an item in the list: the bureau's decision, else its worst finding, else its state. */
export type Badge = 'accepted' | 'rejected' | Severity | 'unverified' | 'verified';

export function badgeOf(s: Pick<ReviewItem, 'verification'>): Badge {
  const v = s.verification;
  if (!v) return 'unverified';
  if (v.decision) return v.decision;
  if (v.state === 'flagged') {
    // Only a finding ranks here: no_fix is the reason for unverified, not a finding.
    const worst = v.flags.filter((f) => f.code !== 'no_fix').reduce<Severity>((w, f) => (severityRank[f.severity] > severityRank[w] ? f.severity : w), 'info');
    return worst === 'info' ? 'warning' : worst;
  }
  return v.state;
}

/** Metres as kilometres for a person: two decimals under 1 km, one under 100, whole beyond. */
export function kmText(metres: number): string {
  const km = metres / 1000;
  return km < 1 ? km.toFixed(2) : km < 100 ? km.toFixed(1) : String(Math.round(km));
}
