// The villagers' page of a screening's QR code (/c/<token>): no sign-in, a phone in one hand. It
// shows the programme (the films shown, in order), the village and the time, and takes "I watched
// this film" with an optional 1–5 rating and comment; it says plainly when confirmations are not open yet, closed, already made on
// this phone, the month already settled (signed off: thanked, not refused), the link unknown, or too many tries. Once confirmed, it offers the village's request
// form (点单, the village page's own: web/src/village/). Chinese unless the reader switches.
import { formatDay, initialLang, otherLang, setLang, t, translate, type MessageKey } from './i18n/index.js';
import { stateOfFailure, stateOfView, tokenOf, wallClockOf, type ConfirmState, type ConfirmationView } from './confirm/state.js';
import { elements, h } from './shared/dom.js';
import { Problem, request } from './shared/http.js';
import { lockedPeriodOf } from './shared/period-lock.js';
import { programmeTitles } from './shared/programme.js';
import { requestForm } from './village/request-form.js';
import type { VillageView } from './village/state.js';

setLang(initialLang());

const el = elements({
  lang: 'button#lang',
  card: 'screening',
  film: 'film',
  village: 'village',
  time: 'time',
  message: 'message',
  form: 'form#form',
  stars: 'stars',
  comment: 'textarea#comment',
  submit: 'button#confirm',
  villageRequest: 'village-request',
});

const token = tokenOf(location.pathname);
const url = `/api/confirmations/${encodeURIComponent(token ?? '')}`;
let view: ConfirmationView | null = null;
let state: ConfirmState = 'loading';
let rating: number | null = null;
let busy = false;
/** The village's request form, once offered (after confirming). */
let villageForm: { render(): void } | null = null;

const messages: Record<ConfirmState, MessageKey> = {
  loading: 'confirm.loading',
  open: 'confirm.openHint',
  notYet: 'confirm.notYet',
  closed: 'confirm.closed',
  cancelled: 'confirm.cancelled',
  settled: 'confirm.settled',
  confirmed: 'confirm.already',
  thanks: 'confirm.thanks',
  unknown: 'confirm.unknown',
  rateLimited: 'confirm.rateLimited',
  offline: 'confirm.offline',
  failed: 'confirm.failed',
};

function when(iso: string) {
  const at = wallClockOf(iso);
  return `${formatDay(at.date)} ${at.time}`;
}

function render() {
  translate();
  document.title = `${t('confirm.title')} · ${t('app.title')}`;
  el.lang.textContent = t('lang.switch');
  el.lang.lang = otherLang();
  el.card.hidden = !view;
  if (view) {
    el.film.textContent = programmeTitles(view);
    el.village.textContent = `${view.townshipName} ${view.villageName}`;
    el.time.textContent = when(view.startsAt);
  }
  el.message.textContent = t(messages[state], view ? { opens: when(view.opensAt), closes: when(view.closesAt) } : {});
  el.message.className = `message m-${state}`;
  el.form.hidden = state !== 'open';
  el.submit.disabled = busy;
  el.submit.textContent = busy ? t('confirm.busy') : t('confirm.button');
  el.stars.replaceChildren(
    ...[1, 2, 3, 4, 5].map((n) => {
      const star = h('button', { type: 'button', class: `star${rating !== null && n <= rating ? ' on' : ''}`, 'aria-pressed': String(rating === n), 'aria-label': t('confirm.stars', { n }), 'data-rating': n }, '★');
      star.addEventListener('click', () => {
        rating = rating === n ? null : n;
        render();
      });
      return star;
    }),
  );
  villageForm?.render();
  document.body.dataset.state = state === 'loading' ? 'loading' : 'ready';
  document.body.dataset.confirm = state;
}

/** What the server says of this screening for this phone now. */
async function load() {
  try {
    view = await request<ConfirmationView>('GET', url, { keepPage: true });
    state = stateOfView(view, Date.now());
  } catch (err) {
    state = stateOfFailure(err instanceof Problem ? err.status : null) ?? 'failed';
  }
  render();
}

/**
 * After confirming (now, or earlier on this phone): the village's request form, with the licensed
 * catalogue and this phone's request of the month from the village page's answer. Quietly left
 * out when that cannot be had (an older server, no network): the confirmation is what counted.
 */
async function offerRequests() {
  const villageToken = view?.villageToken;
  if (villageForm || !villageToken || (state !== 'thanks' && state !== 'confirmed')) return;
  try {
    const village = await request<VillageView>('GET', `/api/public/villages/${encodeURIComponent(villageToken)}`, { keepPage: true });
    const form = requestForm({ token: villageToken, catalogue: village.catalogue, earlier: village.request, lead: 'village.request.afterConfirm' });
    el.villageRequest.replaceChildren(form.element);
    el.villageRequest.hidden = false;
    villageForm = form;
  } catch {
    el.villageRequest.hidden = true;
  }
}

el.form.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (busy) return;
  busy = true;
  render();
  const comment = el.comment.value.trim();
  try {
    await request('POST', url, { body: { ...(rating ? { rating } : {}), ...(comment ? { comment } : {}) }, keepPage: true });
    state = 'thanks';
  } catch (err) {
    const failed = stateOfFailure(err instanceof Problem ? err.status : null);
    if (lockedPeriodOf(err)) state = 'settled'; // the month was signed off while the page was open: thanked, not refused
    else if (failed) state = failed;
    else await load(); // 409: already confirmed, the window shut, or cancelled — the screening says which
  }
  busy = false;
  render();
  await offerRequests();
});

el.lang.addEventListener('click', () => {
  setLang(otherLang());
  render();
});

render();
if (token) await load();
else {
  state = 'unknown';
  render();
}
