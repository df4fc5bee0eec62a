// The request form (点单, DOMAIN.md "Villagers' voice"): search the catalogue licensed today by
// title, pick up to MAX_REQUESTED_FILMS, an optional comment, send. One request a phone, unit and
// month: the server answers 201 for a new one and 200 `replaced` for a later one. The village page
// and the confirmation page (after confirming) both mount it. Titles are the server's text.
import { MAX_REQUESTED_FILMS, REQUEST_COMMENT_MAX } from '../../../domain/voice.js';
import { t } from '../i18n/village/index.js';
import { h } from '../shared/dom.js';
import { request } from '../shared/http.js';
import { failed, idle, statusLine, statusText, type SendStatus } from './send-status.js';
import { charCount, searchCatalogue, type CatalogueFilm, type SentRequest, type VillageRequest } from './state.js';

/** How many search results show at once: a phone's screen, not the whole catalogue. */
const SHOWN = 8;

export interface RequestFormOptions {
  /** The village page's token: the form posts to /api/public/villages/:token/requests. */
  token: string;
  catalogue: readonly CatalogueFilm[];
  /** This phone's request of the month, if any: its films start picked. */
  earlier: VillageRequest | null;
  /** A line above the form (the confirmation page asks "which films would your village like?"). */
  lead?: 'village.request.afterConfirm';
}

export function requestForm(opts: RequestFormOptions) {
  const byId = new Map(opts.catalogue.map((f) => [f.id, f]));
  // A film no longer licensed (the catalogue is today's) drops out of the earlier request's picks.
  let picked: number[] = (opts.earlier?.filmIds ?? []).filter((id) => byId.has(id));
  let earlier = opts.earlier;
  let status: SendStatus = idle();
  let busy = false;

  const heading = h('h2', { id: 'request-title' });
  const lead = h('p', { class: 'vf-lead' });
  const hint = h('p', { class: 'vf-hint' });
  const earlierLine = h('p', { class: 'vf-earlier', id: 'request-earlier' });
  const searchLabel = h('label', { for: 'film-search', class: 'vf-label' });
  const search = h('input', { id: 'film-search', type: 'search', autocomplete: 'off', enterkeyhint: 'search' });
  const results = h('ul', { class: 'vf-results', id: 'film-results' });
  const resultsNote = h('p', { class: 'vf-note', id: 'film-results-note' });
  const pickedHead = h('p', { class: 'vf-picked-head', id: 'picked-count' });
  const pickedList = h('ul', { class: 'vf-picked', id: 'picked' });
  const commentLabel = h('label', { for: 'request-comment', class: 'vf-label' });
  const comment = h('textarea', { id: 'request-comment', rows: 2, maxlength: REQUEST_COMMENT_MAX });
  const commentCount = h('p', { class: 'vf-count', id: 'request-comment-count', 'aria-live': 'off' });
  const send = h('button', { type: 'submit', class: 'vf-send', id: 'request-send' });
  const line = statusLine(() => form.requestSubmit());
  const form = h(
    'form',
    { class: 'vf vf-request', id: 'request-form', 'aria-labelledby': 'request-title', novalidate: true },
    heading,
    lead,
    hint,
    earlierLine,
    h('div', { class: 'vf-field' }, searchLabel, search),
    results,
    resultsNote,
    h('div', { class: 'vf-chosen' }, pickedHead, pickedList),
    h('div', { class: 'vf-field' }, commentLabel, comment, commentCount),
    send,
    line.element,
  );
  comment.setAttribute('aria-describedby', 'request-comment-count');

  const titles = (ids: readonly number[]) => ids.map((id) => byId.get(id)?.title).filter(Boolean).join(t('village.listSeparator'));
  const meta = (f: CatalogueFilm) => [t(`village.category.${f.category}`), f.year].filter(Boolean).join(' · ');

  function drawResults() {
    const { films, more } = searchCatalogue(opts.catalogue, search.value, SHOWN);
    const full = picked.length >= MAX_REQUESTED_FILMS;
    results.replaceChildren(
      ...films.map((f) => {
        const chosen = picked.includes(f.id);
        const pick = h('button', { type: 'button', class: 'vf-pick', 'aria-label': t('village.request.pickLabel', { title: f.title }), 'aria-pressed': String(chosen), disabled: chosen || full || busy }, chosen ? '✓' : t('village.request.pick'));
        pick.addEventListener('click', () => {
          if (picked.includes(f.id) || picked.length >= MAX_REQUESTED_FILMS) return;
          picked = [...picked, f.id];
          if (status.outcome === 'refused') status = idle();
          render();
        });
        return h('li', { 'data-film': f.id }, h('span', { class: 'vf-film' }, h('span', { class: 'vf-title' }, f.title), h('span', { class: 'vf-meta' }, meta(f))), pick);
      }),
    );
    const q = search.value.trim();
    resultsNote.textContent = !films.length && q ? t('village.request.noMatch', { q }) : more ? t('village.request.more', { n: more }) : '';
    resultsNote.hidden = !resultsNote.textContent;
  }

  function drawPicked() {
    const full = picked.length >= MAX_REQUESTED_FILMS;
    pickedHead.textContent = picked.length
      ? `${t('village.request.picked', { n: picked.length, max: MAX_REQUESTED_FILMS })}${full ? ` · ${t('village.request.full', { max: MAX_REQUESTED_FILMS })}` : ''}`
      : t('village.request.pickedNone');
    pickedList.replaceChildren(
      ...picked.map((id) => {
        const f = byId.get(id)!;
        const remove = h('button', { type: 'button', class: 'vf-remove', 'aria-label': t('village.request.removeLabel', { title: f.title }), disabled: busy }, t('village.request.remove'));
        remove.addEventListener('click', () => {
          picked = picked.filter((x) => x !== id);
          render();
        });
        return h('li', { 'data-film': id }, h('span', { class: 'vf-title' }, f.title), remove);
      }),
    );
  }

  function render() {
    heading.textContent = t('village.request.title');
    lead.textContent = opts.lead ? t(opts.lead) : '';
    lead.hidden = !opts.lead;
    hint.textContent = t('village.request.hint', { max: MAX_REQUESTED_FILMS });
    earlierLine.textContent = earlier && status.outcome !== 'sent' && status.outcome !== 'replaced' ? t('village.request.earlier', { films: titles(earlier.filmIds) }) : '';
    earlierLine.hidden = !earlierLine.textContent;
    searchLabel.textContent = t('village.request.search');
    search.placeholder = t('village.request.searchPlaceholder');
    commentLabel.textContent = t('village.request.comment');
    comment.placeholder = t('village.request.commentPlaceholder');
    commentCount.textContent = t('village.chars', { n: charCount(comment.value), max: REQUEST_COMMENT_MAX });
    drawResults();
    drawPicked();
    send.disabled = busy;
    send.textContent = busy ? t('village.busy') : t('village.request.send');
    form.setAttribute('aria-busy', String(busy));
    line.show(status, statusText(status, 'village.request.sent', 'village.request.replaced'));
  }

  search.addEventListener('input', drawResults);
  comment.addEventListener('input', () => {
    commentCount.textContent = t('village.chars', { n: charCount(comment.value), max: REQUEST_COMMENT_MAX });
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    if (!picked.length) {
      status = { ...idle(), outcome: 'refused', detail: t('village.request.needFilm') };
      render();
      search.focus();
      return;
    }
    busy = true;
    status = idle();
    render();
    const text = comment.value.trim();
    try {
      const sent = await request<SentRequest>('POST', `/api/public/villages/${encodeURIComponent(opts.token)}/requests`, {
        body: { filmIds: picked, ...(text ? { comment: text } : {}) },
        keepPage: true,
      });
      earlier = { filmIds: sent.filmIds, comment: sent.comment, month: sent.month };
      status = { ...idle(), outcome: sent.replaced ? 'replaced' : 'sent' };
    } catch (err) {
      status = failed(err);
    }
    busy = false;
    render();
  });

  render();
  return { element: form, render };
}
