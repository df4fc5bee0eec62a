// The partner's month plan: days × teams with each team's screenings, beside it the villages
// still without a screening this month. update() fetches the month (screenings and unit
// statuses) and redraws; every change made here ends in update(), so the grid and the gap list
// always show what the server stored. A screening's programme is chosen in the form's picker
// (plan/programme.ts); the repeat warning reads the unit's screenings (plan/repeats.ts); the
// villagers' requests (plan/requests.ts) show under each gap village and lead the picker's offers.
import { compareNames } from '../../domain/collate.js';
import { currentMonth, isMonth, today } from '../../domain/months.js';
import { t, translate } from './i18n/index.js';
import { planApi, type CatalogueFilm, type Draft, type PlanConfig, type PlanScreening, type Unit } from './plan/api.js';
import { DraftPanel } from './plan/draft.js';
import { ScreeningForm } from './plan/form.js';
import { renderGaps } from './plan/gaps.js';
import { renderGrid, renderLegend } from './plan/grid.js';
import { RepeatWatch } from './plan/repeats.js';
import { VillagerRequests } from './plan/requests.js';
import { monthLock, renderLockBanner, type MonthLock } from './plan/locked.js';
import { api, type Team, type Village } from './shared/api.js';
import { byId } from './shared/dom.js';
import { firstSteps } from './shared/first-steps.js';
import { startPage } from './shared/header.js';
import { monthPicker } from './shared/month-picker.js';
import { latestOnly } from './shared/update.js';

const page = await startPage('plan', () => render());
const zone = page.config.timezone;
/** LONG_FILM_MINUTES (DOMAIN.md "One 场"); 60 when the server does not say. */
const longMinutes = (page.config as PlanConfig).longFilmMinutes ?? 60;

const el = {
  grid: byId<HTMLTableElement>('plan-grid'),
  legend: byId('plan-legend'),
  gapsTitle: byId('gaps-title'),
  gapsHint: byId('gaps-hint'),
  gaps: byId('gap-list'),
  notice: byId('notice'),
  loadError: byId('load-error'),
  lockBanner: byId('lock-banner'),
  unreported: byId('unreported-notice'),
};

// No villages or no team yet: what to do first, instead of an empty grid.
const steps = firstSteps(page.user.role, (c) => c.villages === 0 || c.teams === 0);
el.grid.closest('.grid-scroll')!.before(steps.el);

let month = monthFromUrl();
const picker = monthPicker(go, () => go(currentMonth(zone)));
let teams: Team[] = [];
/** The catalogue as the page loaded it: the titles of a draft's programmes by film id. */
let films = new Map<number, CatalogueFilm>();
let villages = new Map<number, Village>();
let units: Unit[] = [];
let screenings: PlanScreening[] = [];
let picked: number | null = null;
let draft: Draft | null = null;
/** Issue 22 sign-off: the month's locked county-months (null: not known, e.g. the sign-off not readable). */
let lock: MonthLock | null = null;
/** ?show=unreported (a link from the sign-off page): the month's screenings still scheduled stand out. */
const showUnreported = () => new URLSearchParams(location.search).get('show') === 'unreported';

function monthFromUrl() {
  const m = new URLSearchParams(location.search).get('month');
  return isMonth(m) ? m : currentMonth(zone);
}

const repeats = new RepeatWatch(() => villages, () => zone);
const film = (id: number) => films.get(id);
/** The villagers' requests for the month planned (its own and the month before's). */
const requests = new VillagerRequests(() => villages);
const requested = (villageId: number) => requests.of(villageId);

const form = new ScreeningForm(
  () => ({ zone, teams, film, units, villages, screenings, longMinutes, repeats, requested }),
  (message) => {
    if (message) notify(message);
    void update();
  },
);

const draftPanel = new DraftPanel(
  () => ({ month, zone, teams, villages, today: today(zone), film, longMinutes, repeats, requested, baseMap: page.config.baseMap }),
  (d) => {
    draft = d;
    render();
  },
  (message) => {
    notify(message);
    void update();
  },
);

const update = latestOnly(
  async (stale) => {
    const [u, s, , l] = await Promise.all([
      planApi.units(month),
      api.screenings({ month }),
      requests.loadedFor(month) ? null : requests.load(month),
      monthLock(month).catch(() => null),
    ]);
    if (stale()) return; // a newer month was asked for meanwhile
    if (teams.length && u.length) steps.hide();
    else {
      await steps.refresh();
      if (stale()) return;
    }
    units = u;
    screenings = s;
    lock = l;
    if (picked && !units.some((x) => x.id === picked && x.status === 'gap')) picked = null;
    el.loadError.hidden = true;
    render();
  },
  () => (el.loadError.hidden = false),
);

function render() {
  translate();
  page.links({ month, teamId: teams.length === 1 ? teams[0]!.id : null });
  picker.show(month);
  document.body.classList.toggle('picking', picked !== null);
  renderLegend(el.legend);
  el.grid.parentElement!.hidden = el.legend.hidden = !teams.length;
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
    draft && draft.month === month ? { items: draft.items, villageName: (id) => villages.get(id)?.name ?? `#${id}`, titles: (item) => draftPanel.titles(item) } : null,
    !!lock?.all,
  );
  renderLocked();
  renderGaps(el.gapsTitle, el.gapsHint, el.gaps, units, picked, (id) => {
    picked = id;
    render();
    if (id) el.grid.querySelector<HTMLButtonElement>('td.free .add')?.focus({ preventScroll: true });
  }, requested);
}

/** Issue 22 sign-off: the banner of a locked month, nothing to add to it, and the unreported ones shown on request. */
function renderLocked() {
  renderLockBanner(el.lockBanner, month, lock, zone);
  for (const id of ['new-screening', 'auto-plan']) byId<HTMLButtonElement>(id).disabled = !!lock?.all;
  const unreported = screenings.filter((s) => s.status === 'scheduled');
  const on = showUnreported();
  document.body.classList.toggle('show-unreported', on);
  document.body.classList.toggle('month-locked', !!lock?.all);
  el.unreported.hidden = !on;
  el.unreported.textContent = on ? t('plan.unreported.notice', { count: unreported.length, month }) : '';
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
  teams = list[0].sort((a, b) => compareNames(a.name, b.name));
  films = new Map((list[1] as CatalogueFilm[]).map((f) => [f.id, f]));
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
