// The line under a villagers' form that says what became of a send, in plain words: sent,
// replaced, too many tries (with the wait the server gave), no network (the form is kept, with a
// button to try again), the link gone, or the server's own refusal, always as text.
import { t, type VillageMessageKey } from '../i18n/village/index.js';
import { h } from '../shared/dom.js';
import { Problem } from '../shared/http.js';
import { outcomeOfFailure, type SendOutcome } from './state.js';

export interface SendStatus {
  outcome: SendOutcome | null;
  /** The server's words on a 400 (detail, or its first field error). */
  detail: string | null;
  /** Seconds, from a 429's Retry-After. */
  retryAfter: number | null;
}

export const idle = (): SendStatus => ({ outcome: null, detail: null, retryAfter: null });

/** The status of a failed send: the Problem the server answered, or a fetch that never reached it. */
export function failed(err: unknown): SendStatus {
  const problem = err instanceof Problem ? err : null;
  const outcome = outcomeOfFailure(problem ? problem.status : null);
  const detail = problem?.body.errors?.[0]?.message ?? problem?.body.detail ?? null;
  return { outcome, detail: outcome === 'refused' ? detail : null, retryAfter: problem?.retryAfter ?? null };
}

/** The words for a status; `sent` is the form's own (a request and a report are thanked apart). */
export function statusText(s: SendStatus, sent: VillageMessageKey, replaced: VillageMessageKey = sent): string {
  switch (s.outcome) {
    case null:
      return '';
    case 'sent':
      return t(sent);
    case 'replaced':
      return t(replaced);
    case 'rateLimited':
      return s.retryAfter ? t('village.rateLimited', { minutes: Math.max(1, Math.ceil(s.retryAfter / 60)) }) : t('village.rateLimitedLater');
    case 'offline':
      return t('village.offline');
    case 'unknown':
      return t('village.unknownLink');
    case 'refused':
      return s.detail ? t('village.refused', { detail: s.detail }) : t('village.failed');
    case 'failed':
      return t('village.failed');
  }
}

/** The status line (role=status, read out when it changes) and its "try again" button, shown after a send without network. */
export function statusLine(retry: () => void) {
  const text = h('p', { class: 'vf-status-text' });
  const again = h('button', { type: 'button', class: 'vf-retry' });
  again.addEventListener('click', retry);
  const line = h('div', { class: 'vf-status', role: 'status', 'aria-live': 'polite' }, text, again);
  return {
    element: line,
    show(s: SendStatus, words: string) {
      // Always in the page (a live region shown only once it has words would not be read out).
      line.dataset.outcome = words ? (s.outcome ?? '') : '';
      text.textContent = words;
      again.hidden = s.outcome !== 'offline' && s.outcome !== 'failed';
      again.textContent = t('village.retry');
    },
  };
}
