// The review page (/review): the queue of completed screenings whose evidence needs a look, worst
// first, one page of it at a time (GET /api/review), the selected one's evidence beside it, and the
// bureau's decision in one key. The filters and the page live in the URL. A partner sees its own
// teams' screenings read-only, with the way to the field page to add what is missing.
import { flagCodes } from '../../domain/evidence.js';
import { currentMonth } from '../../domain/months.js';
import { compareNames } from '../../domain/collate.js';
import type { ReviewDecision } from '../../domain/status.js';
import { currentLang, formatMonth, formatNumber, setLang, t, translate, type MessageKey } from './i18n/index.js';
import { reviewApi, type Queue, type ReviewItem } from './review/api.js';
import { decider, partnerNote } from './review/decide.js';
import { renderDetail } from './review/detail.js';
import { DECIDING, keyAction } from './review/keys.js';
import { listRow } from './review/list.js';
import { apiParams, cleanIds, lastPage, lockedSkipped, PAGE_SIZE, readFilters, STATE_FILTERS, toSearch, type Filters } from './review/state.js';
import { api as shared } from './shared/api.js';
import { byId, elements, h } from './shared/dom.js';
import { startPage } from './shared/header.js';
import { monthPicker } from './shared/month-picker.js';
import { lockedPeriodOf } from './shared/period-lock.js';
import { latestOnly, loadFailedText } from './shared/update.js';
import { showSearch } from './shared/location.js';
import { useBaseMap } from './review/fixmap.js';

const page = await startPage('review', () => {
  writeFilters(true);
  render();
});
const zone = page.config.timezone;
useBaseMap(page.config.baseMap);
const canDecide = page.user.role !== 'partner';
document.body.dataset.role = page.user.role;

const el = elements({
  state: 'select#f-state',
  township: 'select#f-township',
  team: 'select#f-team',
  flag: 'select#f-flag',
  keys: 'keys',
  list: 'queue',
  count: 'queue-count',
  prev: 'button#page-prev',
  next: 'button#page-next',
  detail: 'detail',
  loadError: 'load-error',
  bulk: 'bulk',
  bulkAccept: 'button#bulk-accept',
  bulkConfirm: 'bulk-confirm',
  bulkQuestion: 'bulk-question',
  recheck: 'button#recheck',
  recheckGroup: 'recheck-group',
  recheckStatus: 'recheck-status',
  onlyOne: 'only-one',
  showQueue: 'button#show-queue',
});

// Without a month in the URL, the county's current month; month=all for every month.
const urlFilters = (search: string) => readFilters(search, currentMonth(zone));
let filters: Filters = urlFilters(location.search);
let queue: Queue = { items: [], total: 0 };
let selected: number | null = null;
let firstPaint = true;

function writeFilters(replace = false) {
  showSearch(toSearch(filters, currentLang()), replace);
}

// "This month" and the arrows pick a month; "all months" leaves it (month=all).
const picker = monthPicker(
  (month) => change({ month }),
  () => change({ month: currentMonth(zone) }),
);
const allMonths = h('button', { type: 'button', id: 'month-all', class: 'link-button' });
const bulkLocked = h('small', { id: 'bulk-locked', class: 'bulk-locked', hidden: true });
el.bulkAccept.after(bulkLocked);
byId('month-group').querySelector('.month-row')!.append(allMonths);
allMonths.addEventListener('click', () => change({ month: null }));

async function decide(s: ReviewItem, decision: ReviewDecision | null, reason: string | null) {
  const after = await reviewApi.decide(s.id, decision, reason);
  // The answer is the screening without its evidence: keep the evidence, take the verification.
  replaceItem({ ...s, verification: after.verification });
}
// A decision refused because the month was signed off meanwhile: the queue read again says which are locked now.
const deciding = canDecide ? decider(decide, () => move(1), () => void update()) : null;
const controls = deciding ?? partnerNote();

function replaceItem(s: ReviewItem) {
  queue = { ...queue, items: queue.items.map((x) => (x.id === s.id ? s : x)) };
  renderList();
  if (selected === s.id) renderDetail(el.detail, s, { timeZone: zone, canDecide, decide: controls });
}

const update: () => Promise<void> = latestOnly(
  async (stale): Promise<void> => {
    // The filters' options were asked for at the same time; the page is ready with both.
    const [next] = await Promise.all([reviewApi.queue(apiParams(filters)), options]);
    if (stale()) return;
    // Past the end (decisions took items off the queue): the last page there is.
    if (filters.page > lastPage(next.total)) {
      filters = { ...filters, page: lastPage(next.total) };
      writeFilters(true);
      return update();
    }
    queue = next;
    if (!queue.items.some((s) => s.id === selected)) selected = queue.items[0]?.id ?? null;
    el.loadError.hidden = true;
    render();
    if (firstPaint) {
      firstPaint = false;
      // For the bench: navigation → the list and the first item's evidence on screen.
      await new Promise(requestAnimationFrame);
      performance.mark('review-usable');
    }
  },
  (err) => {
    el.loadError.textContent = loadFailedText(err);
    el.loadError.hidden = false;
  },
);

function render() {
  translate();
  page.links({ month: filters.month });
  picker.show(filters.month ?? '');
  allMonths.textContent = t('review.allMonths');
  allMonths.setAttribute('aria-pressed', String(!filters.month));
  el.state.value = filters.state;
  el.township.value = String(filters.township ?? '');
  el.team.value = String(filters.team ?? '');
  el.flag.value = filters.flag ?? '';
  for (const o of el.state.options) o.textContent = t(`review.state.${o.value}` as MessageKey);
  for (const o of el.flag.options) o.textContent = t(o.value ? (`review.flag.${o.value}` as MessageKey) : 'review.flag.all');
  el.keys.hidden = !canDecide;
  // One screening, opened from a finding that names it: the way back to the queue.
  el.onlyOne.hidden = !filters.screening;
  // The checks run again on a month when the bureau asks (a threshold changed, evidence came late).
  el.recheckGroup.hidden = !canDecide || !filters.month;
  if (filters.month) el.recheck.textContent = t('review.recheck', { month: formatMonth(filters.month) });
  renderList();
  renderSelected();
}

function renderList() {
  const { items, total } = queue;
  const from = filters.page * PAGE_SIZE;
  el.count.textContent = total ? t('review.count', { from: formatNumber(from + 1), to: formatNumber(from + items.length), total: formatNumber(total) }) : t('review.countNone');
  el.count.dataset.total = String(total);
  el.list.replaceChildren(...(items.length ? items.map((s) => listRow(s, zone, s.id === selected, select)) : [h('li', { class: 'empty' }, t('review.empty'))]));
  el.prev.disabled = filters.page === 0;
  el.next.disabled = filters.page >= lastPage(total);
  const clean = cleanIds(items);
  el.bulk.hidden = !canDecide;
  el.bulkAccept.disabled = !clean.length;
  el.bulkAccept.textContent = clean.length ? t('review.bulk', { count: formatNumber(clean.length) }) : t('review.bulkNone');
  el.bulkAccept.dataset.count = String(clean.length);
  // Those of a signed-off month are left out (the server would refuse the whole accept): said how many.
  const skipped = lockedSkipped(items);
  bulkLocked.hidden = !canDecide || !skipped;
  bulkLocked.textContent = skipped ? t('review.bulkLockedSkipped', { count: formatNumber(skipped) }) : '';
  bulkLocked.dataset.count = String(skipped);
}

function renderSelected() {
  const s = queue.items.find((x) => x.id === selected);
  if (!s) {
    el.detail.replaceChildren(h('p', { class: 'empty' }, t(queue.items.length ? 'review.select' : 'review.empty')));
    delete el.detail.dataset.id;
    return;
  }
  renderDetail(el.detail, s, { timeZone: zone, canDecide, decide: controls });
}

function select(id: number) {
  selected = id;
  for (const b of el.list.querySelectorAll<HTMLElement>('button.item')) {
    if (b.dataset.id === String(id)) {
      b.setAttribute('aria-current', 'true');
      b.scrollIntoView({ block: 'nearest' });
    } else b.removeAttribute('aria-current');
  }
  renderSelected();
}

/** The next (or previous) item; past the page's end, the next page. */
function move(by: 1 | -1) {
  const i = queue.items.findIndex((s) => s.id === selected);
  const next = queue.items[i + by];
  if (next) select(next.id);
  else if (by === 1 && filters.page < lastPage(queue.total)) change({ page: filters.page + 1 }, false);
  else if (by === -1 && filters.page > 0) change({ page: filters.page - 1 }, false);
}

function change(patch: Partial<Filters>, resetPage = true) {
  filters = { ...filters, ...(resetPage ? { page: 0 } : {}), ...patch };
  writeFilters();
  render();
  void update();
}

// The filters' options: the states, the flags, the townships and teams by name.
el.state.replaceChildren(...STATE_FILTERS.map((s) => h('option', { value: s })));
el.flag.replaceChildren(h('option', { value: '' }), ...flagCodes.map((c) => h('option', { value: c })));
// Asked for beside the queue, not before it: the list is what the reader waits for.
const options = Promise.all([reviewApi.townships(), shared.teams()]).then(([townships, teams]) => {
  el.township.append(...townships.sort((a, b) => compareNames(a.name, b.name)).map((tw) => h('option', { value: tw.id }, tw.name)));
  el.team.append(...teams.sort((a, b) => compareNames(a.name, b.name)).map((tm) => h('option', { value: tm.id }, tm.name)));
  el.township.value = String(filters.township ?? '');
  el.team.value = String(filters.team ?? '');
});

el.state.addEventListener('change', () => change({ state: el.state.value as Filters['state'] }));
el.township.addEventListener('change', () => change({ township: Number(el.township.value) || null }));
el.team.addEventListener('change', () => change({ team: Number(el.team.value) || null }));
el.flag.addEventListener('change', () => change({ flag: (el.flag.value || null) as Filters['flag'] }));
el.prev.addEventListener('click', () => change({ page: filters.page - 1 }, false));
el.showQueue.addEventListener('click', () => change({ screening: null, state: 'pending' }));
// A finding's link to the other screening it names opens that screening here, without a reload
// (a modified click opens it as the browser would: a new tab, a new window).
el.detail.addEventListener('click', (e) => {
  const a = (e.target as Element).closest<HTMLAnchorElement>('a.related-screening');
  if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  const next = urlFilters(new URL(a.href).search);
  selected = next.screening;
  change(next);
});
el.next.addEventListener('click', () => change({ page: filters.page + 1 }, false));

// Bulk accept: what the page shows without a critical flag, after a second click to confirm.
el.bulkAccept.addEventListener('click', () => {
  const ids = cleanIds(queue.items);
  if (!ids.length) return;
  byId('bulk-question').textContent = t('review.bulkConfirm', { count: formatNumber(ids.length) });
  el.bulkConfirm.hidden = false;
  el.bulkAccept.hidden = true;
  byId('bulk-yes').focus();
});
const closeBulk = () => {
  el.bulkConfirm.hidden = true;
  el.bulkAccept.hidden = false;
};
byId('bulk-no').addEventListener('click', closeBulk);
byId('bulk-yes').addEventListener('click', async () => {
  const ids = cleanIds(queue.items);
  closeBulk();
  const status = byId('bulk-status');
  try {
    const done = await reviewApi.acceptAll(ids);
    status.textContent = t('review.bulkDone', { count: formatNumber(done.accepted) });
    status.classList.remove('error');
  } catch (err) {
    const locked = lockedPeriodOf(err);
    const message = err instanceof Error ? err.message : String(err);
    status.textContent = locked ? t('review.lockedRefused', { month: formatMonth(locked.month), detail: message }) : t('review.failed', { message });
    status.classList.add('error');
  }
  await update();
});

el.recheck.addEventListener('click', async () => {
  if (!filters.month) return;
  el.recheck.disabled = true;
  try {
    const r = await reviewApi.recheck(filters.month);
    el.recheckStatus.textContent = t('review.rechecked', { checked: formatNumber(r.checked), changed: formatNumber(r.changed) });
    el.recheckStatus.classList.remove('error');
  } catch (err) {
    el.recheckStatus.textContent = t('review.failed', { message: err instanceof Error ? err.message : String(err) });
    el.recheckStatus.classList.add('error');
  }
  el.recheck.disabled = !filters.month;
  await update();
});

document.addEventListener('keydown', (e) => {
  if (document.querySelector('dialog[open]')) return; // the enlarged photo has the keys
  const action = keyAction(e);
  if (!action || (!canDecide && DECIDING.includes(action))) return;
  e.preventDefault();
  if (action === 'next' || action === 'prev') move(action === 'next' ? 1 : -1);
  else if (action === 'nextPage' && filters.page < lastPage(queue.total)) change({ page: filters.page + 1 }, false);
  else if (action === 'prevPage' && filters.page > 0) change({ page: filters.page - 1 }, false);
  else if ((action === 'accept' || action === 'reject' || action === 'undo') ) deciding?.[action]();
});

addEventListener('popstate', () => {
  filters = urlFilters(location.search);
  setLang(currentLang());
  render();
  void update();
});

writeFilters(true);
render();
await update();
