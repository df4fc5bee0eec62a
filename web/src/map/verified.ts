// "Count only verified" (DOMAIN.md "Evidence and verification"): a unit counts as covered only
// when a verified or accepted screening covers it; covered but not backed then reads as a gap.
// The statuses feed carries, beside each unit's letter, 1 or 0 for backed; coverage carries
// `verified` per township and in total. Both turned here into what the map, the bars and the gap
// list draw, so the three count the same.
import { coverageRatio, NOT_A_UNIT, statusLetter } from '../../../domain/status.js';
import type { AreaCoverage, Coverage } from './api.js';

const COVERED = statusLetter.covered;
const GAP = statusLetter.gap;

/** The letters as drawn: with `only`, a covered unit that is not backed becomes a gap. */
export function countedStatuses(statuses: string, verified: string | undefined, only: boolean): string {
  if (!only || !verified) return statuses;
  let out = '';
  for (let i = 0; i < statuses.length; i++) {
    const c = statuses[i]!;
    out += c === COVERED && verified[i] !== '1' ? GAP : c;
  }
  return out;
}

/** Whether the unit at `i` is covered but not backed (the hollow cue); never for a unit that is none. */
export const coveredNotVerified = (statuses: string, verified: string | undefined, i: number) =>
  statuses[i] === COVERED && verified !== undefined && verified[i] !== '1' && verified[i] !== NOT_A_UNIT;

/** One row's counts with `only`: covered is what is backed, the rest of covered are gaps. */
export const countedRow = <T extends Coverage['totals']>(r: T, only: boolean): T =>
  only ? { ...r, covered: r.verified, gap: r.gap + r.covered - r.verified, coverage: coverageRatio(r.verified, r.units) } : r;

/** The month's counts with `only`: covered is what is backed, the rest of covered are gaps. */
export function countedCoverage(c: Coverage, only: boolean): Coverage {
  if (!only) return c;
  return { ...c, totals: countedRow(c.totals, only), townships: c.townships.map((r) => countedRow(r, only)) };
}

/** The same for an area's children (/api/coverage?groupBy=…). */
export function countedAreaCoverage(c: AreaCoverage, only: boolean): AreaCoverage {
  if (!only) return c;
  return { ...c, totals: countedRow(c.totals, only), groups: c.groups.map((r) => countedRow(r, only)) };
}
