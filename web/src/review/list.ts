// The queue's list: one row a screening of the page shown (PAGE_SIZE at most, so a queue of
// thousands costs no more to draw than one page), its badge, where and when, and its findings.
import { byWorst } from '../../../domain/evidence.js';
import { formatDateTime, t, type MessageKey } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { isLocked } from '../shared/period-lock.js';
import type { ReviewItem } from './api.js';
import { badgeOf, type Badge } from './format.js';

const badgeText = (b: Badge): string =>
  t((b === 'accepted' || b === 'rejected' ? `review.decided.${b}` : b === 'unverified' || b === 'verified' ? `state.verification.${b}` : `review.severity.${b}`) as MessageKey);

export function badge(b: Badge): HTMLElement {
  return h('span', { class: `badge badge-${b}` }, badgeText(b));
}

/** The mark of a screening whose month is signed off: nothing of it is decided any more. */
export function lockedMark(s: Pick<ReviewItem, 'locked'>): HTMLElement | null {
  return isLocked(s) ? h('span', { class: 'badge badge-locked', 'data-locked': 'true', title: t('review.lockedHint') }, t('review.locked')) : null;
}

/** One row; `pick` selects it. */
export function listRow(s: ReviewItem, timeZone: string, selected: boolean, pick: (id: number) => void): HTMLLIElement {
  const flags = [...(s.verification?.flags ?? [])].sort(byWorst);
  const b = badgeOf(s);
  const button = h(
    'button',
    { type: 'button', class: 'item', 'data-id': s.id, 'data-badge': b, 'data-locked': isLocked(s) ? 'true' : undefined, 'aria-current': selected ? 'true' : undefined },
    badge(b),
    lockedMark(s),
    h('span', { class: 'where' }, h('strong', {}, s.villageName), ' · ', h('time', { datetime: s.startsAt }, formatDateTime(s.startsAt, timeZone))),
    h('span', { class: 'team' }, s.teamName),
    h('span', { class: 'codes' }, flags.map((f) => t(`review.flag.${f.code}` as MessageKey)).join(t('text.listSeparator'))),
  );
  button.addEventListener('click', () => pick(s.id));
  return h('li', {}, button);
}
