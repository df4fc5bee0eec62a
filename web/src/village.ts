// A unit's village page (/v/<token>, DOMAIN.md "Villagers' voice"): no sign-in, a phone on a weak
// connection, so one request (GET /api/public/villages/:token) and a small script — its own
// catalogue of words (i18n/village), none of the app's big modules. It shows the unit, this
// month's and next month's screenings with their films, the county's supervision phone to tap,
// and the two forms: films the village wants (点单) and a problem (反映问题). Chinese unless the
// reader switches. Everything from the server is written as text.
import { formatDay, formatMonth, initialLang, otherLang, setLang } from './i18n/lang.js';
import { t, translate } from './i18n/village/index.js';
import { elements, h } from './shared/dom.js';
import { Problem, request } from './shared/http.js';
import { reportForm } from './village/report-form.js';
import { requestForm } from './village/request-form.js';
import { byMonth, tokenOf, wallClockOf, type VillageScreening, type VillageView } from './village/state.js';

setLang(initialLang());

const el = elements({
  lang: 'button#lang',
  name: 'unit-name',
  place: 'unit-place',
  message: 'message',
  messageText: 'message-text',
  reload: 'button#reload',
  content: 'content',
  months: 'months',
  phone: 'a#phone',
  phoneNone: 'phone-none',
  phoneHint: 'phone-hint',
  request: 'request',
  report: 'report',
});

type PageState = 'loading' | 'shown' | 'unknown' | 'offline' | 'failed';

const token = tokenOf(location.pathname);
let view: VillageView | null = null;
let state: PageState = token ? 'loading' : 'unknown';
let forms: { render(): void }[] = [];

function screeningItem(s: VillageScreening) {
  const at = wallClockOf(s.startsAt);
  const films = s.programme.length ? t('village.films', { films: s.programme.map((f) => f.title).join(t('village.listSeparator')) }) : t('village.filmsNone');
  return h(
    'li',
    { class: 'v-screening', 'data-screening': s.id },
    h('p', { class: 'v-when' }, h('span', { class: 'v-day' }, formatDay(at.date)), ' ', h('span', { class: 'v-time' }, at.time)),
    h('p', { class: 'v-films' }, films),
    s.team ? h('p', { class: 'v-team' }, t('village.team', { team: s.team })) : null,
  );
}

function drawSchedule(v: VillageView) {
  el.months.replaceChildren(
    ...byMonth(v).map((m) =>
      h(
        'section',
        { class: 'v-month', 'data-month': m.month },
        h('h3', {}, t(m.which === 'this' ? 'village.thisMonth' : 'village.nextMonth', { month: formatMonth(m.month) })),
        m.screenings.length
          ? h('ul', { class: 'v-screenings' }, ...m.screenings.map(screeningItem))
          : h('p', { class: 'v-none' }, t(m.which === 'this' ? 'village.noneThisMonth' : 'village.noneNextMonth')),
      ),
    ),
  );
}

function render() {
  translate();
  el.lang.textContent = t('village.langSwitch');
  el.lang.lang = otherLang();
  const shown = state === 'shown' ? view : null;
  el.content.hidden = !shown;
  el.place.hidden = !shown;
  if (shown) {
    el.name.textContent = shown.unit.name;
    el.place.textContent = t('village.place', { township: shown.unit.township, county: shown.unit.county ?? '' }).trim();
    document.title = `${shown.unit.name} · ${t('village.title')}`;
    drawSchedule(shown);
    const phone = shown.supervisionPhone;
    el.phone.hidden = !phone;
    el.phoneNone.hidden = Boolean(phone);
    el.phoneHint.hidden = !phone;
    if (phone) {
      el.phone.href = `tel:${phone.replace(/[^\d+]/g, '')}`;
      el.phone.textContent = phone;
      el.phone.setAttribute('aria-label', t('village.phoneCall', { phone }));
    }
    for (const f of forms) f.render();
  } else {
    el.name.textContent = t(state === 'unknown' ? 'village.unknownTitle' : 'village.title');
    document.title = el.name.textContent;
  }
  const words: Partial<Record<PageState, string>> = {
    loading: t('village.loading'),
    unknown: t('village.unknownText'),
    offline: t('village.loadOffline'),
    failed: t('village.loadFailed'),
  };
  el.messageText.textContent = words[state] ?? '';
  el.message.className = `v-message m-${state}`;
  el.reload.hidden = state !== 'offline' && state !== 'failed';
  document.body.dataset.state = state === 'loading' ? 'loading' : 'ready';
  document.body.dataset.village = state;
}

async function load() {
  state = 'loading';
  render();
  try {
    view = await request<VillageView>('GET', `/api/public/villages/${encodeURIComponent(token!)}`, { keepPage: true });
    const v = view;
    const request_ = requestForm({ token: token!, catalogue: v.catalogue, earlier: v.request });
    const report = reportForm({ token: token!, screenings: v.screenings, now: () => Date.now() });
    el.request.replaceChildren(request_.element);
    el.report.replaceChildren(report.element);
    forms = [request_, report];
    state = 'shown';
  } catch (err) {
    const status = err instanceof Problem ? err.status : null;
    state = status === null ? 'offline' : status === 404 ? 'unknown' : 'failed';
  }
  render();
}

el.lang.addEventListener('click', () => {
  setLang(otherLang());
  render();
});
el.reload.addEventListener('click', () => void load());

render();
if (token) await load();
