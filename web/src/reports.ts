// The reports page: the month report, the year view, the subsidy statement and the programme
// report (by month or by year: ?span=year), each with its CSV and XLSX downloads and an A4 print
// layout. A partner reads the programme report alone (its own teams' screenings). The view and its
// period live in the URL (?view=&span=&month=&year=&area=), so a copied link opens the same
// report; update() fetches and redraws it. The area (a province, prefecture or county; none: the whole deployment, or a bureau reader's
// own area) goes with every report request and download.
import { currentMonth, isMonth, monthHasBegun } from '../../domain/months.js';
import { formatMonth, t, translate } from './i18n/index.js';
import { reportsApi, reportUrl, type View } from './reports/api.js';
import { renderMonth } from './reports/month.js';
import { renderProgramme } from './reports/programme.js';
import { targetsForm } from './reports/targets.js';
import { renderSubsidy } from './reports/subsidy.js';
import { renderYear } from './reports/year.js';
import { renderVillagers } from './reports/villagers.js';
// issue 22 progress
import { progressApi, progressUrl, renderProgress } from './reports/progress.js';
import { areaPicker, knownArea } from './shared/area-picker.js';
import { byId, elements } from './shared/dom.js';
import { firstSteps } from './shared/first-steps.js';
import { gapDownloads } from './shared/gap-downloads.js';
import { startPage } from './shared/header.js';
import { monthPicker } from './shared/month-picker.js';
import { latestOnly, loadFailedText } from './shared/update.js';
import { showSearch } from './shared/location.js';

const ALL_VIEWS: View[] = ['month', 'year', 'subsidy', 'programme', 'villagers', 'progress']; // issue 22 progress: 'progress'

const page = await startPage('reports', () => {
  render();
  void update(); // month names and number formats are drawn in the reader's language
});
const zone = page.config.timezone;
// A partner reads the programme report of its own teams, and what villagers said of them; the other reports are the bureau's.
const VIEWS: View[] = page.user.role === 'partner' ? ['programme', 'villagers'] : ALL_VIEWS;

const el = {
  ...elements({
    year: 'input#year',
    csv: 'a#download-csv',
    xlsx: 'a#download-xlsx',
    title: 'report-title',
    loadError: 'load-error',
    printedAt: 'printed-at',
  }),
  monthPeriod: document.querySelector<HTMLElement>('.month-period')!,
  yearPeriod: document.querySelector<HTMLElement>('.year-period')!,
  views: Object.fromEntries(ALL_VIEWS.map((v) => [v, byId(`view-${v}`)])) as Record<View, HTMLElement>,
  tabs: Object.fromEntries(ALL_VIEWS.map((v) => [v, byId<HTMLButtonElement>(`tab-${v}`)])) as Record<View, HTMLButtonElement>,
  span: byId<HTMLSelectElement>('span'),
  spanPeriod: document.querySelector<HTMLElement>('.span-period')!,
  gapDownloads: gapDownloads('report-gap-downloads'),
};
// The month's gap villages, beside the month report's own downloads.
document.querySelector('.downloads')!.after(el.gapDownloads.el);
/** The place the shown report is of, as the server names it (its county: server/reports/title.ts); null: none. */
let place: string | null = null;

interface State {
  view: View;
  /** The programme report's period: a month or a whole year. */
  span: 'month' | 'year';
  month: string;
  year: string;
  /** An area's id, or '' for none. */
  area: string;
}

function readState(): State {
  const q = new URLSearchParams(location.search);
  const view = q.get('view') as View;
  const month = q.get('month') ?? '';
  const year = q.get('year') ?? '';
  const area = q.get('area') ?? '';
  const now = currentMonth(zone);
  return {
    view: VIEWS.includes(view) ? view : VIEWS[0]!,
    span: q.get('span') === 'year' ? 'year' : 'month',
    month: isMonth(month) ? month : now,
    year: /^\d{4}$/.test(year) ? year : (isMonth(month) ? month : now).slice(0, 4),
    area: /^[1-9]\d{0,11}$/.test(area) ? area : '',
  };
}

function writeState(replace = false) {
  const q = new URLSearchParams(location.search);
  q.set('view', state.view);
  if (state.view === 'programme' && state.span === 'year') q.set('span', 'year');
  else q.delete('span');
  if (byYear()) {
    q.set('year', state.year);
    q.delete('month');
  } else {
    q.set('month', state.month);
    q.delete('year');
  }
  if (state.area) q.set('area', state.area);
  else q.delete('area');
  showSearch(`?${q}`, replace);
}

let state = readState();
const picker = monthPicker((month) => change({ month, year: month.slice(0, 4) }));
const ownArea = (page.user as { areaId?: number | null }).areaId ?? null;
const area = areaPicker({
  select: byId<HTMLSelectElement>('area'),
  filter: byId<HTMLInputElement>('area-filter'),
  empty: () => t(ownArea === null ? 'reports.areaAll' : 'reports.areaOwn'),
  change: () => change({ area: area.value }),
});
writeState(true);

/** Whether the shown report is of a year: the year view, or the programme report by year. */
function byYear() {
  return state.view === 'year' || state.view === 'progress' || (state.view === 'programme' && state.span === 'year'); // issue 22 progress: by year
}
const period = () => (byYear() ? state.year : state.month);
/** issue 22 progress: the grouping the reader chose for an area ('': the report's own). */
let progressGroupBy = { area: '', groupBy: '' };
/** issue 22 progress: the grouping of the progress report on show, which its downloads follow. */
let progressShown = { area: '', groupBy: '' };

/** The CSV and XLSX links of the view on show (the progress report's with its grouping). */
function setDownloads() {
  const { view } = state;
  const p = period();
  const groupBy = view === 'progress' && progressShown.area === state.area ? progressShown.groupBy : '';
  el.csv.href = view === 'progress' ? progressUrl(p, 'csv', state.area, groupBy) : reportUrl(view, p, 'csv', state.area);
  el.xlsx.href = view === 'progress' ? progressUrl(p, 'xlsx', state.area, groupBy) : reportUrl(view, p, 'xlsx', state.area);
}
/** The targets form: for the bureau and the admin, who set them (a partner reads only). */
const targets = page.user.role === 'admin' || page.user.role === 'bureau' ? targetsForm(() => void update()) : null;

const update = latestOnly(
  async (stale) => {
    const { view } = state;
    const p = period();
    if (view === 'month') {
      const r = await reportsApi.month(p, state.area);
      if (stale()) return;
      renderMonth(el.views.month, r, monthHasBegun(r.month, zone));
      place = r.place ?? null;
    } else if (view === 'year') {
      const r = await reportsApi.year(p, state.area);
      if (stale()) return;
      el.views.year.hidden = false; // the chart measures its box
      renderYear(el.views.year, r);
      place = r.place ?? null;
    } else if (view === 'programme') {
      const r = await reportsApi.programme(p, state.area);
      if (stale()) return;
      // The areas it may set: the report's own (or its one county) and, above a county, its child areas.
      const areas = [...(r.targetArea ? [r.targetArea] : []), ...r.groups.filter((g) => g.id !== null && g.level !== 'township').map((g) => ({ id: g.id!, name: g.name }))];
      targets?.set(areas, r.year ?? Number(r.month!.slice(0, 4)));
      renderProgramme(el.views.programme, r, zone, targets?.el ?? null);
      place = r.place ?? null;
    } else if (view === 'progress') {
      // issue 22 progress
      const r = await progressApi(p, state.area, progressGroupBy.area === state.area ? progressGroupBy.groupBy : '');
      if (stale()) return;
      progressShown = { area: state.area, groupBy: r.groupBy };
      setDownloads();
      renderProgress(el.views.progress, r, (groupBy) => {
        progressGroupBy = { area: state.area, groupBy };
        void update();
      });
      place = r.place ?? null;
    } else if (view === 'villagers') {
      const r = await reportsApi.villagers(p, state.area);
      if (stale()) return;
      renderVillagers(el.views.villagers, r, page.user.role !== 'partner');
      place = r.place ?? null;
    } else {
      const r = await reportsApi.subsidy(p, state.area);
      if (stale()) return;
      renderSubsidy(el.views.subsidy, r, zone);
      place = r.place ?? null;
    }
    el.loadError.hidden = true;
    renderTitle();
    Object.assign(document.body.dataset, { view, period: p, area: state.area });
  },
  (err) => {
    el.views[state.view].replaceChildren();
    el.loadError.textContent = loadFailedText(err);
    el.loadError.hidden = false;
  },
);

function render() {
  translate();
  page.links({ month: state.month });
  const { view } = state;
  for (const v of ALL_VIEWS) {
    el.tabs[v].hidden = !VIEWS.includes(v);
    el.views[v].hidden = v !== view;
    el.tabs[v].setAttribute('aria-selected', String(v === view));
    el.tabs[v].tabIndex = v === view ? 0 : -1;
  }
  el.monthPeriod.hidden = byYear();
  el.yearPeriod.hidden = !byYear();
  el.spanPeriod.hidden = view !== 'programme';
  el.span.value = state.span;
  picker.show(state.month);
  el.year.value = state.year;
  setDownloads();
  renderTitle();
  el.gapDownloads.set(view === 'month' && monthHasBegun(state.month, zone) ? { month: state.month, areaId: state.area } : null);
  if (area.value !== state.area) void area.set(state.area).then(() => render());
  else area.render();
  el.printedAt.textContent = t('print.printedAt', {
    time: new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date()),
  });
}

/** The heading (and the print's): the report and its period, after the county or area it is of. */
function renderTitle() {
  const { view } = state;
  const title =
    view === 'programme'
      ? t('reports.programme.title', { period: state.span === 'year' ? t('reports.programme.year', { year: state.year }) : formatMonth(state.month) })
      : view === 'year'
        ? t('title.year', { year: state.year })
        : view === 'villagers'
          ? t('reports.villagers.title', { month: formatMonth(state.month) })
          : view === 'progress' // issue 22 progress
            ? t('reports.progress.title', { year: state.year })
          : t(view === 'month' ? 'title.month' : 'title.subsidy', { month: formatMonth(state.month) });
  const name = place ?? knownArea(state.area ? Number(state.area) : null)?.name;
  el.title.textContent = name ? t('reports.inArea', { area: name, title }) : title;
}

function change(patch: Partial<State>) {
  state = { ...state, ...patch };
  writeState();
  render();
  void update();
}

for (const v of VIEWS) el.tabs[v].addEventListener('click', () => change({ view: v }));
// Arrow keys move between the tabs, as in any tab list.
document.querySelector('[role=tablist]')!.addEventListener('keydown', (e) => {
  const key = (e as KeyboardEvent).key;
  if (key !== 'ArrowLeft' && key !== 'ArrowRight') return;
  const i = VIEWS.indexOf(state.view) + (key === 'ArrowRight' ? 1 : -1);
  const next = VIEWS[(i + VIEWS.length) % VIEWS.length]!;
  change({ view: next });
  el.tabs[next].focus();
});
el.year.addEventListener('change', () => {
  if (/^\d{4}$/.test(el.year.value)) change({ year: el.year.value });
});
byId('year-prev').addEventListener('click', () => change({ year: String(Number(state.year) - 1) }));
byId('year-next').addEventListener('click', () => change({ year: String(Number(state.year) + 1) }));
el.span.addEventListener('change', () => change({ span: el.span.value === 'year' ? 'year' : 'month' }));
byId('print').addEventListener('click', () => print());
addEventListener('popstate', () => {
  state = readState();
  render();
  void update();
});

render();
// The month, year and subsidy reports cover every partner's teams: the bureau's (and the admin's)
// to read; a partner sees the programme report of its own teams only.
// A county without villages yet: what to do first, above the empty report.
const steps = firstSteps(page.user.role, (c) => c.villages === 0);
el.title.before(steps.el);
void steps.refresh();
void area.load().then(() => render());
await update();
