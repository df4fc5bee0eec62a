// What a field card shows of its evidence: the bureau's verification and its flags, the position
// fix and the photos with how their sending goes, the buttons to add what is missing, and the
// villagers' QR code full-screen, to show on the projection screen before the film.
import { confirmationWindow, durationText, flagMessage, type Flag } from '../../../domain/evidence.js';
import type { ReviewDecision, VerificationState } from '../../../domain/status.js';
import { currentLang, formatMonth, t } from '../i18n/index.js';
import type { Screening } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { isLocked } from '../shared/period-lock.js';
import { programmeTitles } from '../shared/programme.js';
import { qrSvg } from '../shared/qr.js';
import type { EvidenceItem, EvidenceOutbox } from './evidence.js';
import { LOCKED_REASON } from './outbox.js';
import { DEFAULT_FIX_WINDOW, fixHelps, MAX_PHOTOS, PHOTO_TYPES, type FixWindow, type PhotoProblem } from './evidence-rules.js';

/** The screening answers' `verification` (DOMAIN.md), null unless completed. */
export interface Verification {
  state: VerificationState;
  decision: ReviewDecision | null;
  reason: string | null;
  flags: Flag[];
}
/** `locked`: its county-month is signed off (DOMAIN.md "Periods and settlement"): the card offers nothing. */
export type WithVerification = Screening & { verification?: Verification | null; locked?: boolean };

/** Why an item failed for good, in the page's language: a signed-off month said as such, else the server's words. */
export const failedReason = (reason: string | undefined) =>
  reason?.startsWith(LOCKED_REASON) ? t('field.lockedRefused', { month: formatMonth(reason.slice(LOCKED_REASON.length)) }) : (reason ?? '');

export const ACCEPT = PHOTO_TYPES.join(',');

export interface EvidenceActions {
  locate(kind: 'report' | 'arrival'): void;
  photos(files: File[]): void;
  qr(): void;
}

const thumbs = new Map<string, string>();
/** One object URL a photo, for the page's life. */
function thumb(i: EvidenceItem) {
  let url = thumbs.get(i.key);
  if (!url && i.photo) thumbs.set(i.key, (url = URL.createObjectURL(i.photo.blob)));
  return url;
}

function fixLine(i: EvidenceItem) {
  const what = t(i.fix?.kind === 'arrival' ? 'field.evidence.arrival' : 'field.evidence.fix');
  const text =
    i.state === 'none'
      ? t(`field.evidence.noFix.${i.noFix ?? 'unavailable'}`)
      : i.state === 'sent'
        ? t('field.evidence.fixSent', { what, accuracy: i.fix!.accuracy })
        : i.state === 'sending'
          ? t('field.evidence.fixSending', { what })
          : i.state === 'failed'
            ? t('field.evidence.fixFailed', { what, reason: failedReason(i.reason) })
            : `${t('field.evidence.fixWaiting', { what })}${i.reason === 'signIn' ? ` · ${t('report.signIn')}` : ''}`;
  return h('p', { class: `ev-state ev-fix ${i.state === 'none' ? 'failed' : i.state}`, 'data-kind': 'fix', 'data-state': i.state }, text);
}

const photoState: Record<EvidenceItem['state'], string> = { waiting: 'report.waiting', sending: 'report.sending', sent: 'report.sent', failed: 'report.failed', none: 'report.waiting' };

function photoTile(i: EvidenceItem) {
  const label = t(photoState[i.state] as 'report.sent', { reason: failedReason(i.reason) });
  const url = thumb(i);
  return h('li', { class: `ev-photo ${i.state}`, 'data-state': i.state, title: label }, url ? h('img', { src: url, alt: i.photo?.name ?? '' }) : null, h('span', {}, label));
}

function verificationLine(v: Verification) {
  const lang = currentLang() === 'en' ? 'en' : 'zh';
  const decided = v.decision === 'accepted' ? t('field.evidence.decision.accepted') : v.decision === 'rejected' ? t('field.evidence.decision.rejected', { reason: v.reason ?? '' }) : null;
  return h(
    'div',
    { class: `verification v-${v.decision ?? v.state}`, 'data-verification': v.state },
    h('span', { class: 'v-badge' }, decided ?? t(`state.verification.${v.state}`)),
    v.flags.length ? h('ul', { class: 'ev-flags' }, ...v.flags.map((f) => h('li', { class: `ev-flag sev-${f.severity}`, 'data-code': f.code }, flagMessage(f, lang)))) : null,
  );
}

/** Why a fix is no longer offered: how long ago the screening started, and the window a fix must be in. */
export const fixTooLate = (hours: number, w: FixWindow) =>
  t('field.evidence.fixTooLate', { elapsed: durationText(hours, currentLang() === 'en' ? 'en' : 'zh'), before: w.beforeHours, after: w.afterHours });

/** The QR code is worth showing until villagers can no longer confirm (DOMAIN.md's window). */
const qrDue = (s: Screening, now = Date.now()) => s.status !== 'cancelled' && now <= confirmationWindow(Date.parse(s.startsAt)).closes;

/** The card's evidence: for a completed screening with its verification, for any with its QR button. */
export function evidenceBlock(s: WithVerification, box: EvidenceOutbox, act: EvidenceActions, refused: PhotoProblem[] = [], window: FixWindow = DEFAULT_FIX_WINDOW) {
  const items = box.of(s.id);
  const fixes = items.filter((i) => i.kind === 'fix');
  const photos = items.filter((i) => i.kind === 'photo' && i.state !== 'failed');
  const failedPhotos = items.filter((i) => i.kind === 'photo' && i.state === 'failed');
  const completed = s.status === 'completed';
  // A fix helps only in the window around the start: after it, one taken now would only be flagged (fix_time).
  const fixNow = fixHelps(s.startsAt, Date.now(), window);
  const block = h('div', { class: 'evidence' });
  if (completed && s.verification) block.append(verificationLine(s.verification));
  for (const f of fixes) block.append(fixLine(f));
  if (box.locating.has(s.id)) block.append(h('p', { class: 'ev-state ev-fix waiting', 'data-state': 'locating' }, t('field.evidence.fixTaking')));
  if (photos.length || failedPhotos.length) {
    block.append(
      h('p', { class: 'ev-photos-title' }, t('field.evidence.photos', { count: photos.length })),
      h('ul', { class: 'ev-photos' }, ...[...photos, ...failedPhotos].map(photoTile)),
    );
  }
  for (const p of new Set(refused)) block.append(h('p', { class: 'error' }, t(`field.evidence.refused.${p}`)));

  // A signed-off month: what was sent stays to read; nothing is offered that the server would refuse.
  if (isLocked(s)) return block.childElementCount ? block : null;

  const buttons = h('div', { class: 'ev-actions' });
  if (qrDue(s)) {
    const qr = h('button', { type: 'button', class: 'qr-button', 'data-action': 'qr' }, t('field.evidence.qr'));
    qr.addEventListener('click', () => act.qr());
    buttons.append(qr);
  }
  if (completed) {
    const hasFix = fixes.some((f) => f.state !== 'none' && f.state !== 'failed' && f.fix?.kind === 'report');
    // The server's word when it has one (a fix may have come from another phone); else this phone's.
    const missing = !hasFix && (s.verification ? s.verification.flags.some((f) => f.code === 'no_fix') : true);
    if (missing && !box.locating.has(s.id) && fixNow.helps) {
      const add = h('button', { type: 'button', 'data-action': 'add-fix' }, t('field.evidence.addFix'));
      add.addEventListener('click', () => act.locate('report'));
      buttons.append(add);
    }
    if (photos.length < MAX_PHOTOS) buttons.append(photoPicker(t('field.evidence.addPhotos'), act.photos));
    // Missing: what can still be added; when a fix can no longer help, why none is offered, above the buttons.
    if (missing && !s.verification?.decision) {
      if (fixNow.helps) block.prepend(h('p', { class: 'hint' }, t('field.evidence.missing')));
      else block.append(h('p', { class: 'hint', 'data-hint': 'fix-late' }, fixTooLate(fixNow.hours, window)));
    }
  } else if (s.status === 'scheduled' && fixNow.helps && !fixes.some((f) => f.fix?.kind === 'arrival') && !box.locating.has(s.id)) {
    const arrive = h('button', { type: 'button', 'data-action': 'arrive' }, t('field.evidence.arrive'));
    arrive.addEventListener('click', () => act.locate('arrival'));
    buttons.append(arrive);
  }
  if (buttons.childElementCount) block.append(buttons);
  return block.childElementCount ? block : null;
}

/** A button that opens the phone's camera or gallery; `pick` gets the chosen files. */
export function photoPicker(label: string, pick: (files: File[]) => void) {
  const input = h('input', { type: 'file', accept: ACCEPT, capture: 'environment', multiple: true, class: 'visually-hidden', 'data-action': 'photos' });
  input.addEventListener('change', () => {
    if (input.files?.length) pick([...input.files]);
  });
  return h('label', { class: 'button-like' }, label, input);
}

/** The villagers' QR code of a screening over the whole screen (and full screen where the phone allows). */
export function showQr(s: Screening, url: string | undefined) {
  const close = h('button', { type: 'button', class: 'big qr-close' }, t('field.evidence.qrClose'));
  const screen = h(
    'div',
    { class: 'qr-screen', role: 'dialog', 'aria-modal': 'true', 'aria-label': t('field.evidence.qrTitle') },
    h('h2', {}, t('field.evidence.qrTitle')),
    h('p', { class: 'qr-where' }, `${s.villageName} · ${programmeTitles(s)}`),
    url ? h('div', { class: 'qr-box' }, qrSvg(url, t('field.evidence.qrLabel', { village: s.villageName }))) : h('p', { class: 'error' }, t('field.evidence.qrMissing')),
    url ? h('p', { class: 'qr-hint' }, t('field.evidence.qrHint')) : null,
    close,
  );
  const done = () => {
    screen.remove();
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    removeEventListener('keydown', onKey);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') done();
  };
  close.addEventListener('click', done);
  addEventListener('keydown', onKey);
  document.body.append(screen);
  close.focus();
  void screen.requestFullscreen?.().catch(() => undefined);
}
