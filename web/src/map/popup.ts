// A village's popup: what it is, its status this month, the month's screenings (each with its
// programme's titles, in order), and the last completed screening before it (from /api/coverage/villages/:id).
import { formatDateTime, formatNumber, t, type MessageKey } from '../i18n/index.js';
import type { VillageDetail } from './api.js';
import { h } from '../shared/dom.js';
import { programmeTitles } from '../shared/programme.js';
import { swatch, type Shown } from './style.js';

type Backing = NonNullable<VillageDetail['screenings'][number]['verification']>;
/** What backs a completed screening, in the review page's words: the decision, else the state. */
const backing = (v: Backing) => h('span', { class: `backing backing-${v.decision ?? v.state}` }, t(v.decision ? `state.decision.${v.decision}` : `state.verification.${v.state}`));

/**
 * `due` false: the month has not begun, and a unit without a screening is not yet due (no gap).
 * `drawn`: the unit as the map draws it (covered but not yet verified; a gap when counting only
 * verified), so the popup says what the point shows.
 */
export function popupContent(d: VillageDetail, timeZone: string, due = true, drawn?: Shown | null): HTMLElement {
  const kind = d.kind === 'natural' ? t('kind.natural') : t('kind.administrative');
  const shown = drawn ?? (d.status === 'gap' && !due ? 'notDue' : d.status);
  const label = (s: Shown) => (s === 'coveredUnverified' ? t('map.verified.status') : t(`status.${s}`));
  const status = shown ? h('span', { class: `status status-${shown}` }, swatch(shown, 18), label(shown)) : t('status.none');
  const screenings = d.screenings.length
    ? h(
        'ul',
        { class: 'screenings' },
        ...d.screenings.map((s) =>
          h(
            'li',
            { 'data-status': s.status },
            h('time', { datetime: s.startsAt }, formatDateTime(s.startsAt, timeZone)),
            ' · ',
            h('span', { class: 'programme' }, programmeTitles(s)),
            ' · ',
            s.teamName,
            ' · ',
            s.status === 'completed' && s.audience !== null
              ? t('popup.audience', { count: formatNumber(s.audience) })
              : t(`screening.${s.status}` as MessageKey),
            s.verification ? ' · ' : null,
            s.verification ? backing(s.verification) : null,
          ),
        ),
      )
    : h('p', { class: 'empty' }, t('popup.noScreenings'));
  const last = d.lastCompleted;
  return h(
    'div',
    { class: 'village-popup', 'data-village': d.id },
    h('h3', {}, d.name),
    h(
      'dl',
      {},
      h('dt', {}, t('popup.township')),
      h('dd', {}, d.townshipName),
      h('dt', {}, t('popup.kind')),
      h('dd', {}, kind),
      d.code ? h('dt', {}, t('popup.code')) : null,
      d.code ? h('dd', {}, d.code) : null,
      h('dt', {}, t('popup.status')),
      h('dd', { class: 'status-cell' }, status),
    ),
    h('h4', {}, t('popup.screenings')),
    screenings,
    h('h4', {}, t('popup.last')),
    last
      ? h(
          'p',
          { class: 'last' },
          h('time', { datetime: last.startsAt }, formatDateTime(last.startsAt, timeZone)),
          ' · ',
          h('span', { class: 'programme' }, programmeTitles(last)),
          ` · ${last.teamName}`,
          last.audience !== null ? ` · ${t('popup.audience', { count: formatNumber(last.audience) })}` : '',
        )
      : h('p', { class: 'empty' }, t('popup.never')),
  );
}

export const popupMessage = (key: MessageKey) => h('p', { class: 'popup-message' }, t(key));
