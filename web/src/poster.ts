// The printed 公示 of a unit (DOMAIN.md "Villagers' voice"): /poster?villageId=&month= for one,
// /poster?townshipId=&month= for every unit of a township, one A4 portrait page each — the month's
// screenings (date, weekday, time, the films and their categories, the team and its phone), the
// county's supervision phone, and the QR code of the unit's village page (/v/<token>), where
// villagers see the schedule, request films and report problems. A document to print, opened
// from the registry: no app header, a toolbar of its own that the print stylesheet drops. The
// notice is in Chinese unless the address asks for English (?lang=en): it is for the villagers,
// whatever language the reader works in.
import type { FilmCategory } from '../../domain/programme.js';
import { currentMonth, isMonth, wallClock } from '../../domain/months.js';
import { currentLang, formatDay, formatMonth, isLang, otherLang, setLang, t, translate, type Lang } from './i18n/index.js';
import { api } from './shared/api.js';
import { elements, h } from './shared/dom.js';
import { get, query } from './shared/http.js';
import { qrSvg } from './shared/qr.js';
import { latestOnly, loadFailedText } from './shared/update.js';

interface PosterScreening {
  id: number;
  startsAt: string;
  villageId: number;
  villageName: string;
  team: { name: string; phone: string | null };
  programme: { title: string; category: FilmCategory; minutes: number | null }[];
}
interface PosterUnit {
  villageId: number;
  name: string;
  township: string;
  url: string;
  supervisionPhone: string | null;
  screenings: PosterScreening[];
}
interface Posters {
  month: string;
  county: string | null;
  units: PosterUnit[];
}

const el = elements({ back: 'a#back', month: 'input#month', print: 'button#print', lang: 'button#lang', pages: 'pages', error: 'error', notices: 'notices' });

const q = new URLSearchParams(location.search);
const villageId = Number(q.get('villageId')) || undefined;
const townshipId = Number(q.get('townshipId')) || undefined;

/** The notice's language: the address's, else Chinese; the reader's own choice for the app is kept as it was. */
function useLang(next: Lang) {
  let kept: string | null = null;
  try {
    kept = localStorage.getItem('film2131.lang');
  } catch {
    // Storage disabled: nothing to keep.
  }
  setLang(next);
  try {
    if (kept === null) localStorage.removeItem('film2131.lang');
    else localStorage.setItem('film2131.lang', kept);
  } catch {
    // As above.
  }
}
const asked = q.get('lang');
useLang(isLang(asked) ? asked : 'zh-CN');

const [config] = await Promise.all([api.config(), api.session()]);
const zone = config.timezone;
let month = isMonth(q.get('month')) ? q.get('month')! : currentMonth(zone);
let posters: Posters | null = null;

function notice(p: Posters, u: PosterUnit): HTMLElement {
  const rows = u.screenings.map((s) => {
    const at = wallClock(s.startsAt, zone);
    return h(
      'tr',
      { 'data-id': s.id },
      h('td', { class: 'num' }, formatDay(at.date, { month: 'long', day: 'numeric' })),
      h('td', { class: 'num' }, formatDay(at.date, { weekday: 'short' })),
      h('td', { class: 'num' }, at.time),
      h(
        'td',
        { class: 'films' },
        h('ul', {}, ...s.programme.map((f) => h('li', {}, t('poster.film', { title: f.title, category: t(`category.${f.category}`) })))),
        s.villageId !== u.villageId ? h('span', { class: 'at' }, t('poster.at', { village: s.villageName })) : null,
      ),
      h('td', {}, s.team.name),
      h('td', { class: 'num' }, s.team.phone ?? ''),
    );
  });
  const cols = ['date', 'weekday', 'time', 'films', 'team', 'phone'] as const;
  return h(
    'article',
    { class: 'notice', 'data-village-id': u.villageId, 'aria-label': `${u.township} ${u.name}` },
    h('h1', {}, t('poster.heading')),
    h('p', { class: 'unit' }, t('poster.unit', { township: u.township, village: u.name })),
    h('p', { class: 'month' }, t('poster.month', { month: formatMonth(p.month) })),
    h(
      'table',
      { class: 'schedule' },
      h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', { scope: 'col', class: `col-${c}` }, t(`poster.col.${c}`))))),
      h('tbody', {}, ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: cols.length, class: 'none' }, t('poster.none')))])),
    ),
    h('p', { class: 'notice-note' }, t('poster.note')),
    h(
      'div',
      { class: 'bottom' },
      h(
        'p',
        { class: 'supervision' },
        h('span', { class: 'label' }, t('poster.supervision')),
        h('span', { class: 'phone' }, u.supervisionPhone ?? t('poster.noSupervision')),
      ),
      h(
        'figure',
        { class: 'scan' },
        qrSvg(u.url, t('poster.qrLabel', { village: u.name })),
        h('figcaption', {}, h('p', { class: 'caption' }, t('poster.qrCaption')), h('p', { class: 'url' }, u.url)),
      ),
    ),
    h('p', { class: 'footer' }, t('poster.footer', { county: p.county ?? '', month: formatMonth(p.month) })),
  );
}

function render() {
  translate();
  el.month.value = month;
  el.lang.textContent = t('lang.switch');
  el.lang.title = t('lang.switchLabel');
  el.lang.lang = otherLang();
  const units = posters?.units ?? [];
  document.title = units.length === 1 ? `${t('poster.heading')} · ${units[0]!.name}` : t('poster.heading');
  el.pages.textContent = posters ? t('poster.pages', { count: units.length }) : '';
  el.notices.replaceChildren(...(posters ? units.map((u) => notice(posters!, u)) : []));
  if (posters && !units.length) el.notices.append(h('p', { class: 'hint' }, t('poster.empty')));
}

/**
 * The notices of the month chosen; only the latest choice's answer is drawn (a quick run of month
 * changes ends on the last one, an older answer arriving late is dropped), <body data-state>
 * loading until it is, and a failed load said as the other pages say it.
 */
const load = latestOnly(
  async (stale) => {
    el.error.hidden = true;
    if (!villageId && !townshipId) {
      el.error.textContent = t('poster.missing');
      el.error.hidden = false;
      return;
    }
    const next = await get<Posters>(`/api/posters?${query({ month, villageId, townshipId })}`);
    if (stale()) return;
    posters = next;
    render();
  },
  (err) => {
    posters = null;
    render();
    el.error.textContent = loadFailedText(err);
    el.error.hidden = false;
  },
);

function setAddress() {
  const url = new URL(location.href);
  url.searchParams.set('month', month);
  url.searchParams.set('lang', currentLang());
  history.replaceState(history.state, '', url);
}

el.month.addEventListener('change', () => {
  if (!isMonth(el.month.value)) return;
  month = el.month.value;
  setAddress();
  // No notice of another month than the one chosen, not even while its own are loading.
  posters = null;
  render();
  void load();
});
el.print.addEventListener('click', () => print());
el.lang.addEventListener('click', () => {
  useLang(otherLang());
  setAddress();
  render();
});
// Back where the reader came from (the registry), else to the registry.
el.back.addEventListener('click', (e) => {
  if (history.length > 1 && document.referrer.startsWith(location.origin)) {
    e.preventDefault();
    history.back();
  }
});

render();
await load();
