// The sign-off page (/periods; DOMAIN.md "Periods and settlement"): one card a county-month for the
// month picked (by default the last one that has ended), inside an area for a bureau above a
// county; each card says where the month stands and offers only the steps the server lists in its
// `actions` (plan/row.ts). A step's answer replaces its card; the month and area live in the URL.
import { currentMonth, isMonth, shiftMonth } from '../../domain/months.js';
import { currentLang, formatNumber, setLang, t, translate } from './i18n/index.js';
import { areaPicker, areasApi } from './shared/area-picker.js';
import { byId, elements, h } from './shared/dom.js';
import { startPage } from './shared/header.js';
import { monthPicker } from './shared/month-picker.js';
import { latestOnly, loadFailedText } from './shared/update.js';
import { actionName, periodsApi, type Period } from './periods/api.js';
import { periodRow } from './periods/row.js';
import { showSearch } from './shared/location.js';

const page = await startPage('periods', () => {
  writeUrl(true);
  render();
});
const zone = page.config.timezone;
const lastEnded = () => shiftMonth(currentMonth(zone), -1);
const canPlan = page.user.role === 'admin' || page.user.role === 'partner';

const el = elements({
  list: 'periods',
  count: 'list-count',
  done: 'step-done',
  loadError: 'load-error',
  areaField: 'area-field',
});

interface Filters {
  month: string;
  area: string;
}

function readFilters(): Filters {
  const q = new URLSearchParams(location.search);
  const month = q.get('month');
  const area = q.get('area') ?? '';
  return { month: isMonth(month) ? month : lastEnded(), area: /^[1-9]\d{0,11}$/.test(area) ? area : '' };
}

let filters = readFilters();
let items: Period[] = [];
let total = 0;

function writeUrl(replace = false) {
  const q = new URLSearchParams({ month: filters.month });
  if (filters.area) q.set('area', filters.area);
  q.set('lang', currentLang());
  showSearch(`?${q}`, replace);
}

const picker = monthPicker((month) => change({ month }));
const ownArea = (page.user as { areaId?: number | null }).areaId ?? null;
const area = areaPicker({
  select: byId<HTMLSelectElement>('area'),
  filter: byId<HTMLInputElement>('area-filter'),
  empty: () => t(ownArea === null ? 'reports.areaAll' : 'reports.areaOwn'),
  change: () => change({ area: area.value }),
});

/** The area filter: for the admin and a bureau above a county; a county's bureau and a partner have one area's months. */
async function showsArea(): Promise<boolean> {
  if (page.user.role === 'admin') return true;
  if (page.user.role !== 'bureau') return false;
  if (ownArea === null) return true;
  const own = await areasApi.one(ownArea).catch(() => null);
  return own !== null && own.level !== 'county';
}

const update = latestOnly(
  async (stale) => {
    const next = await periodsApi.list({ month: filters.month, areaId: filters.area });
    if (stale()) return;
    items = next.items;
    total = next.total;
    el.loadError.hidden = true;
    renderList();
    Object.assign(document.body.dataset, { month: filters.month, area: filters.area });
  },
  (err) => {
    items = [];
    el.list.replaceChildren();
    el.loadError.textContent = loadFailedText(err);
    el.loadError.hidden = false;
  },
);

function render() {
  translate();
  page.links({ month: filters.month });
  picker.show(filters.month);
  if (area.value !== filters.area) void area.set(filters.area);
  else area.render();
  renderList();
}

function renderList() {
  el.count.textContent = t('periods.count', { count: formatNumber(total) });
  el.count.dataset.total = String(total);
  el.list.replaceChildren(
    ...(items.length
      ? items.map((p) =>
          periodRow(p, {
            timeZone: zone,
            canPlan,
            changed: (next, action) => {
              items = items.map((x) => (x.countyId === next.countyId && x.month === next.month ? next : x));
              el.done.textContent = t('periods.done', { county: next.countyName, month: next.month, action: actionName(action) });
              renderList();
              el.list.querySelector<HTMLElement>(`li[data-county="${next.countyId}"] h3`)?.setAttribute('tabindex', '-1');
              el.list.querySelector<HTMLElement>(`li[data-county="${next.countyId}"] h3`)?.focus();
            },
          }),
        )
      : [h('li', { class: 'empty' }, t('periods.empty'))]),
  );
}

function change(patch: Partial<Filters>) {
  filters = { ...filters, ...patch };
  el.done.textContent = '';
  writeUrl();
  render();
  void update();
}

byId('filters').addEventListener('submit', (e) => e.preventDefault());
addEventListener('popstate', () => {
  filters = readFilters();
  setLang(currentLang());
  render();
  void update();
});

writeUrl(true);
el.areaField.hidden = !(await showsArea());
render();
if (!el.areaField.hidden) void area.load().then(() => area.render());
await update();
