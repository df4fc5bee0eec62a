// The decision on the screening shown: accept, reject with a reason typed in place, or take the
// decision back — the same as the keys a, r and u. A partner gets, in its place, where to add the
// evidence that is missing.
import { t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { Problem } from '../shared/http.js';
import type { ReviewDecision } from '../../../domain/status.js';
import type { ReviewItem } from './api.js';
import type { DecideControls } from './detail.js';

export interface Decider extends DecideControls {
  accept(): void;
  reject(): void;
  undo(): void;
}

/** `decide` saves and answers the screening as it now is; `done` moves on after a decision. */
export function decider(decide: (s: ReviewItem, decision: ReviewDecision | null, reason: string | null) => Promise<void>, done: () => void): Decider {
  const accept = h('button', { type: 'button', id: 'accept', class: 'accept' }, '');
  const reject = h('button', { type: 'button', id: 'reject', class: 'reject' }, '');
  const undo = h('button', { type: 'button', id: 'undo', class: 'undo' }, '');
  const reason = h('input', { type: 'text', id: 'reason', maxlength: 500, autocomplete: 'off' });
  const reasonLabel = h('label', { for: 'reason' });
  const submit = h('button', { type: 'submit', class: 'reject' });
  const cancel = h('button', { type: 'button' });
  const form = h('form', { class: 'reason-form', hidden: true }, reasonLabel, h('div', { class: 'row' }, reason, submit, cancel));
  const status = h('p', { class: 'decide-status', role: 'status', 'aria-live': 'polite' });
  const el = h('div', { class: 'decide', id: 'decide' }, h('div', { class: 'buttons' }, accept, reject, undo), form, status);
  let shown: ReviewItem | null = null;
  let busy = false;

  const say = (text: string, error = false) => {
    status.textContent = text;
    status.classList.toggle('error', error);
  };
  const label = (b: HTMLElement, key: Parameters<typeof t>[0], k: string) => b.replaceChildren(t(key), ' ', h('kbd', {}, k));

  async function save(decision: ReviewDecision | null, why: string | null) {
    if (!shown || busy) return;
    const s = shown;
    busy = true;
    el.dataset.busy = 'true';
    try {
      await decide(s, decision, why);
      say(t(decision === null ? 'review.saved.undone' : `review.saved.${decision}`, { id: s.id }));
      form.hidden = true;
      if (decision !== null) done();
    } catch (err) {
      const detail = err instanceof Problem ? (err.body.errors?.[0]?.message ?? err.message) : String(err);
      say(t('review.failed', { message: detail }), true);
    } finally {
      busy = false;
      delete el.dataset.busy;
    }
  }

  const api = {
    el,
    show(s: ReviewItem) {
      const changed = shown?.id !== s.id;
      shown = s;
      label(accept, 'review.accept', 'a');
      label(reject, 'review.reject', 'r');
      label(undo, 'review.undo', 'u');
      reasonLabel.textContent = t('review.reason.label');
      reason.placeholder = t('review.reason.placeholder');
      submit.textContent = t('review.reason.submit');
      cancel.textContent = t('review.reason.cancel');
      const decision = s.verification?.decision ?? null;
      accept.disabled = decision === 'accepted';
      reject.disabled = decision === 'rejected';
      undo.disabled = decision === null;
      if (changed) {
        form.hidden = true;
        reason.value = '';
        say('');
      }
    },
    accept: () => void save('accepted', null),
    reject() {
      if (!shown || shown.verification?.decision === 'rejected') return;
      form.hidden = false;
      reason.focus();
    },
    undo() {
      if (shown?.verification?.decision) void save(null, null);
    },
  };

  accept.addEventListener('click', api.accept);
  reject.addEventListener('click', api.reject);
  undo.addEventListener('click', api.undo);
  cancel.addEventListener('click', () => (form.hidden = true));
  reason.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      form.hidden = true;
      reject.focus();
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const why = reason.value.trim();
    if (!why) {
      say(t('review.reason.required'), true);
      reason.focus();
      return;
    }
    void save('rejected', why);
  });
  return api;
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
