// Where each screening sits on the field page, in the order of what needs doing (issue 19): first
// the started ones never reported (last night's on top: the morning's first job), then tonight's,
// then the coming week, then the reported ones whose evidence is still missing, then those the
// bureau rejected (with its reason), then the rest of yesterday. Each screening in one section
// only, by what the phone knows of it now (the server's copy with this phone's report over it).
// One of a signed-off (locked) month is never among those missing evidence: nothing can be added.
// Pure, so test/unit/field-page.test.ts reads it without a browser.
import { addDays, wallClock } from '../../../domain/months.js';
import type { Screening } from '../shared/api.js';
import type { WithVerification } from './evidence-view.js';

export const SECTIONS = ['unreported', 'today', 'week', 'needs', 'rejected', 'yesterday'] as const;
export type Section = (typeof SECTIONS)[number];

export type Placed<S> = Record<Section, S[]>;

export interface Placing {
  /** The county's day ('YYYY-MM-DD'). */
  today: string;
  zone: string;
  /** A report of the screening still on the phone (waiting, sending): its card stays where it was made. */
  reportWaiting(id: number): boolean;
}

const byStart = (a: Screening, b: Screening) => a.startsAt.localeCompare(b.startsAt) || a.id - b.id;
const newestFirst = (a: Screening, b: Screening) => byStart(b, a);

/** The section a screening belongs to, or null when the page has nothing to say of it. */
export function sectionOf(s: WithVerification, p: Placing): Section | null {
  const date = wallClock(s.startsAt, p.zone).date;
  if (date === p.today) return 'today';
  if (date > p.today) return date <= addDays(p.today, 7) ? 'week' : null;
  // Before today: every screening has started.
  if (s.status === 'scheduled' || p.reportWaiting(s.id)) return 'unreported';
  const v = s.status === 'completed' ? s.verification : null;
  if (v?.decision === 'rejected') return 'rejected';
  // A signed-off month takes no more evidence: not a job for the phone any more.
  if (v && !v.decision && v.state !== 'verified' && !s.locked) return 'needs';
  return date === addDays(p.today, -1) ? 'yesterday' : null;
}

/** The page's sections, each in its order. */
export function place<S extends WithVerification>(list: readonly S[], p: Placing): Placed<S> {
  const out: Placed<S> = { unreported: [], today: [], week: [], needs: [], rejected: [], yesterday: [] };
  for (const s of list) {
    const section = sectionOf(s, p);
    if (section) out[section].push(s);
  }
  out.unreported.sort(newestFirst);
  out.today.sort(byStart);
  out.week.sort(byStart);
  out.needs.sort(newestFirst);
  out.rejected.sort(newestFirst);
  out.yesterday.sort(byStart);
  return out;
}
