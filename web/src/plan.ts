// The partner's month plan: days × teams with each team's screenings, beside it the villages
// still without a screening this month. update() fetches the month (screenings and unit
// statuses) and redraws; every change made here ends in update(), so the grid and the gap list
// always show what the server stored.
import { initialLang, setLang } from './i18n/index.js';
import { byId } from './map/dom.js';
import { api, type Draft, type Film, type Screening, type Team, type Unit, type Village } from './plan/api.js';
import { DraftPanel } from './plan/draft.js';
import { ScreeningForm } from './plan/form.js';
import { renderGaps } from './plan/gaps.js';
import { renderGrid, renderLegend } from './plan/grid.js';
import { setupHeader } from './plan/header.js';
import { t, translate } from './plan/i18n.js';
import { currentMonth, isMonth, shiftMonth, today } from './plan/time.js';

setLang(initialLang());
const [config, { user }] = await Promise.all([api.config(), api.session()]);
const zone = config.timezone;

const el = {
  month: byId<HTMLInputElement>('month'),
  grid: byId<HTMLTableElement>('plan-grid'),
  legend: byId('plan-legend'),
  gapsTitle: byId('gaps-title'),
  gapsHint: byId('gaps-hint'),
  gaps: byId('gap-list'),
  notice: byId('notice'),
  loadError: byId('load-error'),
};

let month = monthFromUrl();
let teams: Team[] = [];
let films: Film[] = [];
let villages = new Map<number, Village>();
let units: Unit[] = [];
let screenings: Screening[] = [];
let picked: number | null = null;
let draft: Draft | null = null;
let sequence = 0;

function monthFromUrl() {
  const m = new URLSearchParams(location.search).get('month');
  return isMonth(m) ? m : currentMonth(zone);
}

const header = setupHeader('plan', user, () => render());

const form = new ScreeningForm(
  () => ({ zone, teams, films, units, villages, screenings }),
  (message) => {
    if (message) notify(message);
    void update();
  },
);

const draftPanel = new DraftPanel(
  () => ({ month, zone, teams, villages, today: today(zone) }),
  (d) => {
    draft = d;
    render();
  },
  (message) => {
    notify(message);
    void update();
  },
);

async function update() {
  const mine = ++sequence;
  document.body.dataset.state = 'loading';
  try {
    const [u, s] = await Promise.all([api.units(month), api.screenings({ month })]);
    if (mine !== sequence) return; // a newer month was asked for meanwhile
    units = u;
    screenings = s;
    if (picked && !units.some((x) => x.id === picked && x.status === 'gap')) picked = null;
    el.loadError.hidden = true;
    render();
    document.body.dataset.state = 'ready';
  } catch (err) {
    if (mine !== sequence) return;
    console.error(err);
    el.loadError.hidden = false;
    document.body.dataset.state = 'error';
  }
}

function render() {
  translate();
  document.title = `${t('plan.title')} · ${t('app.title')}`;
  header.render({ month, teamId: teams.length === 1 ? teams[0]!.id : null });
  el.month.value = month;
  document.body.classList.toggle('picking', picked !== null);
  renderLegend(el.legend);
  renderGrid(
    el.grid,
    month,
    teams,
    screenings,
    zone,
    {
      open: (id) => {
        const s = screenings.find((x) => x.id === id);
        if (s) form.openEdit(s);
      },
      add: (date, teamId) => form.openNew({ villageId: picked, date, teamId }),
      dropVillage: (villageId, date, teamId) => form.openNew({ villageId, date, teamId }),
      dropScreening: (id, date, teamId) => {
        const s = screenings.find((x) => x.id === id);
        if (s) form.openEdit(s, { date, teamId });
      },
    },
    draft && draft.month === month ? { items: draft.items, villageName: (id) => villages.get(id)?.name ?? `#${id}` } : null,
  );
  renderGaps(el.gapsTitle, el.gapsHint, el.gaps, units, picked, (id) => {
    picked = id;
    render();
    if (id) el.grid.querySelector<HTMLButtonElement>('td.free .add')?.focus({ preventScroll: true });
  });
}

let noticeTimer = 0;
function notify(text: string) {
  el.notice.textContent = text;
  el.notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = window.setTimeout(() => (el.notice.hidden = true), 5000);
}

function go(next: string) {
  if (!isMonth(next) || next === month) return;
  month = next;
  draft = null;
  picked = null;
  const url = new URL(location.href);
  url.searchParams.set('month', month);
  history.pushState(null, '', url);
  render();
  void update();
}

byId('month-prev').addEventListener('click', () => go(shiftMonth(month, -1)));
byId('month-next').addEventListener('click', () => go(shiftMonth(month, 1)));
byId('month-now').addEventListener('click', () => go(currentMonth(zone)));
el.month.addEventListener('change', () => go(el.month.value));
byId('new-screening').addEventListener('click', () => form.openNew({ villageId: picked, teamId: teams[0]?.id }));
byId('auto-plan').addEventListener('click', () => draftPanel.open());
byId('reload').addEventListener('click', () => void update());
addEventListener('popstate', () => {
  month = monthFromUrl();
  void update();
});
// Someone else may be planning too: catch up when the partner comes back to the tab.
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && !document.querySelector('dialog[open]')) void update();
});

try {
  const list = await Promise.all([api.teams(), api.films(), api.villages()]);
  teams = list[0].sort((a, b) => a.id - b.id);
  films = list[1].sort((a, b) => a.title.localeCompare(b.title, 'zh-CN'));
  villages = new Map(list[2].map((v) => [v.id, v]));
} catch (err) {
  console.error(err);
  el.loadError.hidden = false;
}
history.replaceState(null, '', (() => {
  const url = new URL(location.href);
  url.searchParams.set('month', month);
  return url;
})());
render();
await update();
