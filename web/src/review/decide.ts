// The decision on the screening shown: accept, reject with a reason typed in place, or take the
// decision back — the same as the keys a, r and u. A partner gets, in its place, where to add the
// evidence that is missing.
import { formatMonth, t, type MessageKey } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { Problem } from '../shared/http.js';
import { isLocked, lockedPeriodOf } from '../shared/period-lock.js';
import type { ReviewDecision } from '../../../domain/status.js';
import type { ReviewItem } from './api.js';
import type { DecideControls } from './detail.js';

export interface Decider extends DecideControls {
  accept(): void;
  reject(): void;
  undo(): void;
}

/** `decide` saves and answers the screening as it now is; `done` moves on after a decision. */
export function decider(decide: (s: ReviewItem, decision: ReviewDecision | null, reason: string | null) => Promise<void>, done: () => void, lockedNow: (s: ReviewItem) => void = () => undefined): Decider {
  const p = decideParts();
  let shown: ReviewItem | null = null;
  let busy = false;

  const say = (text: string, error = false) => {
    p.status.textContent = text;
    p.status.classList.toggle('error', error);
  };

  async function save(decision: ReviewDecision | null, why: string | null) {
    if (!shown || busy || isLocked(shown)) return;
    const s = shown;
    busy = true;
    p.el.dataset.busy = 'true';
    try {
      await decide(s, decision, why);
      say(t(decision === null ? 'review.saved.undone' : `review.saved.${decision}`, { id: s.id }));
      p.form.hidden = true;
      if (decision !== null) done();
    } catch (err) {
      // A month signed off since the page was drawn: said plainly, with the server's own detail.
      const locked = lockedPeriodOf(err);
      const detail = err instanceof Problem ? (locked ? err.message : (err.body.errors?.[0]?.message ?? err.message)) : String(err);
      say(locked ? t('review.lockedRefused', { month: formatMonth(locked.month), detail }) : t('review.failed', { message: detail }), true);
      if (locked) lockedNow(s);
    } finally {
      busy = false;
      delete p.el.dataset.busy;
    }
  }

  const api = {
    el: p.el,
    show(s: ReviewItem) {
      const changed = shown?.id !== s.id;
      shown = s;
      labelParts(p);
      // A signed-off month: no button that the server would refuse, and why there is none.
      const locked = isLocked(s);
      p.buttons.hidden = locked;
      p.locked.hidden = !locked;
      p.locked.textContent = locked ? t('review.lockedNote') : '';
      if (locked) p.form.hidden = true;
      const decision = s.verification?.decision ?? null;
      p.accept.disabled = decision === 'accepted';
      p.reject.disabled = decision === 'rejected';
      p.undo.disabled = decision === null;
      if (changed) {
        p.form.hidden = true;
        p.reason.value = '';
        say('');
      }
    },
    accept: () => void save('accepted', null),
    reject() {
      if (!shown || isLocked(shown) || shown.verification?.decision === 'rejected') return;
      p.form.hidden = false;
      p.reason.focus();
    },
    undo() {
      if (shown?.verification?.decision) void save(null, null);
    },
  };

  p.accept.addEventListener('click', api.accept);
  p.reject.addEventListener('click', api.reject);
  p.undo.addEventListener('click', api.undo);
  wireReason(p, say, (why) => void save('rejected', why));
  return api;
}

type Parts = ReturnType<typeof decideParts>;

/** The buttons, the reason form and the status line, without words: labelParts() gives them the reader's language. */
function decideParts() {
  const accept = h('button', { type: 'button', id: 'accept', class: 'accept' }, '');
  const reject = h('button', { type: 'button', id: 'reject', class: 'reject' }, '');
  const undo = h('button', { type: 'button', id: 'undo', class: 'undo' }, '');
  const reason = h('input', { type: 'text', id: 'reason', maxlength: 500, autocomplete: 'off' });
  const reasonLabel = h('label', { for: 'reason' });
  const submit = h('button', { type: 'submit', class: 'reject' });
  const cancel = h('button', { type: 'button' });
  const form = h('form', { class: 'reason-form', hidden: true }, reasonLabel, h('div', { class: 'row' }, reason, submit, cancel));
  const status = h('p', { class: 'decide-status', role: 'status', 'aria-live': 'polite' });
  const buttons = h('div', { class: 'buttons' }, accept, reject, undo);
  const locked = h('p', { class: 'locked-note', id: 'locked-note', hidden: true });
  const el = h('div', { class: 'decide', id: 'decide' }, buttons, locked, form, status);
  return { accept, reject, undo, buttons, locked, reason, reasonLabel, submit, cancel, form, status, el };
}

/** Each decision's button with its key, and the reason form's words. */
function labelParts(p: Parts) {
  const label = (b: HTMLElement, key: MessageKey, k: string) => b.replaceChildren(t(key), ' ', h('kbd', {}, k));
  label(p.accept, 'review.accept', 'a');
  label(p.reject, 'review.reject', 'r');
  label(p.undo, 'review.undo', 'u');
  p.reasonLabel.textContent = t('review.reason.label');
  p.reason.placeholder = t('review.reason.placeholder');
  p.submit.textContent = t('review.reason.submit');
  p.cancel.textContent = t('review.reason.cancel');
}

/** The reason of a rejection, typed in place: required; Escape or the cancel button leaves it. */
function wireReason(p: Parts, say: (text: string, error?: boolean) => void, send: (why: string) => void) {
  p.cancel.addEventListener('click', () => (p.form.hidden = true));
  p.reason.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      p.form.hidden = true;
      p.reject.focus();
    }
  });
  p.form.addEventListener('submit', (e) => {
    e.preventDefault();
    const why = p.reason.value.trim();
    if (!why) {
      say(t('review.reason.required'), true);
      p.reason.focus();
      return;
    }
    send(why);
  });
}

/** In a partner's detail: the decisions are the bureau's; the missing evidence is added on the field page. */
export function partnerNote(): DecideControls {
  const link = h('a', { class: 'button', id: 'add-evidence' });
  const note = h('p', {});
  const el = h('div', { class: 'decide partner-note', id: 'partner-note' }, note, link);
  return {
    el,
    show(s) {
      note.textContent = t('review.partnerNote');
      link.textContent = t('review.partnerLink');
      link.setAttribute('href', `/report?teamId=${s.teamId}`);
    },
  };
}
