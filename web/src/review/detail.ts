// One screening's evidence, as the bureau reads it before deciding: the facts (the programme in
// order, with categories and minutes), the findings in the page's language, the fix against the
// village, the photos (a click enlarges), the villagers' confirmations; then the decision (or, for
// a partner, where to add what is missing).
import L from 'leaflet';
import { byWorst, flagMessageParts, relatedLabel, type RelatedScreening } from '../../../domain/evidence.js';
import { currentLang, formatDateTime, formatNumber, t, type MessageKey } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { programmeList } from '../shared/programme.js';
import type { ReviewItem } from './api.js';
import { badgeOf, kmText } from './format.js';
import { fixMapElement, showFixes } from './fixmap.js';
import { badge, lockedMark } from './list.js';
import { screeningLink } from './state.js';
import { villagerReportsSection } from './villagers.js';

export interface DetailOptions {
  timeZone: string;
  /** The bureau and the admin decide; a partner reads. */
  canDecide: boolean;
  decide: DecideControls;
}

/** The decision controls, made once by the page and placed in each detail. */
export interface DecideControls {
  el: HTMLElement;
  show(s: ReviewItem): void;
}

const dl = (rows: [MessageKey, string | Node | null][]) =>
  h('dl', { class: 'facts' }, ...rows.filter(([, v]) => v !== null).map(([k, v]) => h('div', {}, h('dt', {}, t(k)), h('dd', {}, v!))));

export function renderDetail(el: HTMLElement, s: ReviewItem, o: DetailOptions) {
  const when = (iso: string | null) => (iso ? h('time', { datetime: iso }, formatDateTime(iso, o.timeZone)) : '—');
  const flags = [...(s.verification?.flags ?? [])].sort(byWorst);
  const lang = currentLang() === 'en' ? 'en' : 'zh';
  const v = s.verification;
  el.replaceChildren(
    h(
      'header',
      { class: 'detail-head' },
      h('h2', {}, s.villageName, h('small', {}, ` #${s.id}`)),
      badge(badgeOf(s)),
      lockedMark(s),
      v?.decision && v.reason ? h('p', { class: 'decided-reason' }, t('review.decidedReason', { reason: v.reason })) : null,
    ),
    dl([
      ['review.facts.film', programmeList(s)],
      ['review.facts.team', s.teamName],
      ['review.facts.startsAt', when(s.startsAt)],
      ['review.facts.audience', s.audience === null ? '—' : t('review.audience', { count: formatNumber(s.audience) })],
      ['review.facts.reportedAt', when(s.reportedAt)],
    ]),
    o.decide.el,
    h(
      'section',
      { class: 'flags' },
      h('h3', {}, t('review.flags')),
      flags.length
        ? h(
            'ul',
            {},
            ...flags.map((f) =>
              h(
                'li',
                { class: `flag sev-${f.severity}`, 'data-code': f.code },
                h('span', { class: `sev sev-${f.severity}` }, t(`review.severity.${f.severity}`)),
                h('strong', {}, t(`review.flag.${f.code}` as MessageKey)),
                h('span', { class: 'message' }, ...message(f, lang)),
                f.code === 'duplicate_photo' ? samePicture(Number(f.params.photoId), Number(f.params.otherPhotoId), f.related) : null,
              ),
            ),
          )
        : h('p', { class: 'empty' }, t('review.noFlags')),
    ),
    h(
      'div',
      { class: 'evidence' },
      h('section', { class: 'fix' }, h('h3', {}, t('review.fix')), fixMapElement(), fixLines(s, o.timeZone)),
      h(
        'div',
        { class: 'side' },
        h('section', { class: 'photos' }, h('h3', {}, t('review.photos', { count: s.photos.length })), photos(s, o.timeZone)),
        h('section', { class: 'confirmations' }, h('h3', {}, t('review.confirmations', { count: s.confirmations.count })), confirmations(s, o.timeZone)),
        villagerReportsSection(s, o.timeZone, o.canDecide),
      ),
    ),
  );
  el.dataset.id = String(s.id);
  o.decide.show(s);
  showFixes(s);
}

/**
 * A finding in words; the other screening it names (village, start, team) a link that opens that
 * screening here. The server names it only to a reader who may see it (else related is null).
 */
function message(f: Parameters<typeof flagMessageParts>[0], lang: 'en' | 'zh'): (string | Node)[] {
  return flagMessageParts(f, lang).map((part) =>
    typeof part === 'string'
      ? part
      : h('a', { class: 'related-screening', href: screeningLink(part.related, currentLang()), 'data-screening': part.related.screeningId }, part.text),
  );
}

function fixLines(s: ReviewItem, timeZone: string) {
  if (!s.fixes.length) return h('p', { class: 'empty no-fix' }, t('review.noFix'));
  const village = L.latLng(s.village.lat, s.village.lng);
  return h(
    'ul',
    { class: 'fix-lines' },
    ...s.fixes.map((f) =>
      h(
        'li',
        { 'data-kind': f.kind },
        t('review.fixLine', {
          kind: t(`review.fixKind.${f.kind}` as MessageKey),
          km: kmText(village.distanceTo([f.lat, f.lng])),
          accuracy: formatNumber(Math.round(f.accuracy)),
          time: formatDateTime(f.takenAt, timeZone),
        }),
      ),
    ),
    s.village.approximate ? h('li', { class: 'approximate' }, t('review.mapApproximate')) : null,
  );
}

const lightbox = (() => {
  let dialog: HTMLDialogElement | null = null;
  return (url: string, alt: string) => {
    if (!dialog) {
      const d = h('dialog', { id: 'photo-view', class: 'photo-view' });
      document.body.append(d);
      // A click beside the photo closes it, as Escape does.
      d.addEventListener('click', (e) => {
        if (e.target === d) d.close();
      });
      dialog = d;
    }
    const close = h('button', { type: 'button', class: 'close' }, t('review.photoClose'));
    close.addEventListener('click', () => dialog!.close());
    dialog.replaceChildren(h('img', { src: url, alt }), close);
    dialog.showModal();
    close.focus();
  };
})();

/** The two photos a duplicate_photo flag names, side by side: the reader sees they are one picture. */
function samePicture(photoId: number, otherId: number, other: RelatedScreening | null | undefined) {
  const one = (id: number, caption: string) => {
    const alt = t('review.photoAlt', { id });
    const img = h('img', { src: `/api/photos/${id}`, alt, loading: 'lazy' });
    // Another partner's photo is not this reader's to see: then only its number stays.
    img.addEventListener('error', () => img.remove());
    const button = h('button', { type: 'button', class: 'thumb', 'data-photo': id }, img);
    button.addEventListener('click', () => lightbox(`/api/photos/${id}`, alt));
    return h('figure', {}, button, h('figcaption', {}, caption));
  };
  const lang = currentLang() === 'en' ? 'en' : 'zh';
  const otherCaption = other ? t('review.otherPhoto', { screening: relatedLabel(other, lang) }) : t('review.otherPhotoHidden');
  return h('div', { class: 'compare' }, one(photoId, t('review.ownPhoto')), one(otherId, otherCaption));
}

function photos(s: ReviewItem, timeZone: string) {
  if (!s.photos.length) return h('p', { class: 'empty' }, t('review.noPhotos'));
  return h(
    'ul',
    { class: 'thumbs' },
    ...s.photos.map((p) => {
      const alt = t('review.photoAlt', { id: p.id });
      const button = h(
        'button',
        { type: 'button', class: 'thumb', 'data-photo': p.id, title: p.takenAt ? t('review.photoTaken', { time: formatDateTime(p.takenAt, timeZone) }) : alt },
        h('img', { src: p.url, alt, loading: 'lazy', width: 120, height: Math.round((120 * p.height) / Math.max(1, p.width)) }),
      );
      button.addEventListener('click', () => lightbox(p.url, alt));
      return h('li', {}, button);
    }),
  );
}

function confirmations(s: ReviewItem, timeZone: string) {
  const c = s.confirmations;
  if (!c.count) return h('p', { class: 'empty' }, t('review.noConfirmations'));
  const most = Math.max(1, ...c.ratings);
  return h(
    'div',
    {},
    c.averageRating !== null ? h('p', { class: 'average' }, t('review.rating', { average: c.averageRating })) : null,
    h(
      'ul',
      { class: 'ratings' },
      ...[5, 4, 3, 2, 1].map((stars) =>
        h(
          'li',
          { 'data-stars': stars },
          h('span', { class: 'label' }, t('review.stars', { stars, count: formatNumber(c.ratings[stars - 1] ?? 0) })),
          h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: `width:${(((c.ratings[stars - 1] ?? 0) / most) * 100).toFixed(0)}%` })),
        ),
      ),
    ),
    c.comments.length
      ? h(
          'ul',
          { class: 'comments' },
          ...c.comments.map((m) =>
            h('li', {}, h('q', {}, m.comment), h('small', {}, ` ${m.rating ? '★'.repeat(m.rating) + ' · ' : ''}${formatDateTime(m.createdAt, timeZone)}`)),
          ),
        )
      : h('p', { class: 'empty' }, t('review.noComments')),
  );
}
