// The bureau's list of the villagers' problem reports (/villagers; DOMAIN.md "Villagers' voice"):
// a month's reports inside an area, by state (new, looking into, closed) and kind, newest first;
// each with the screening it names and the bureau's decision on it, and the bureau's handling.
// The filters live in the URL; update() fetches and redraws.
import { currentMonth } from '../../domain/months.js';
import { reportKinds, reportStates } from '../../domain/voice.js';
import { currentLang, formatNumber, setLang, t, translate } from './i18n/index.js';
import { areaPicker } from './shared/area-picker.js';
import { byId, elements, h } from './shared/dom.js';
import { startPage } from './shared/header.js';
import { monthPicker } from './shared/month-picker.js';
import { latestOnly, loadFailedText } from './shared/update.js';
import { kindName, stateName, villagerReportsApi, type VillagerReport } from './shared/villager-reports.js';
import { reportItem } from './villagers/item.js';
import { readFilters, toSearch, type Filters } from './villagers/state.js';
import { showSearch } from './shared/location.js';

const page = await startPage('villagers', () => {
  writeFilters(true);
  render();
});
const zone = page.config.timezone;
const canHandle = page.user.role === 'admin' || page.user.role === 'bureau';

const el = elements({
  state: 'select#f-state',
  kind: 'select#f-kind',
  list: 'reports',
  count: 'list-count',
  loadError: 'load-error',
});

let filters: Filters = readFilters(location.search, currentMonth(zone));
let items: VillagerReport[] = [];
let total = 0;
/** What was last saved, said above the list after it is read again. */
let saved = '';

function writeFilters(replace = false) {
  showSearch(toSearch(filters, currentLang()), replace);
}

const picker = monthPicker((month) => change({ month }));
const ownArea = (page.user as { areaId?: number | null }).areaId ?? null;
const area = areaPicker({
  select: byId<HTMLSelectElement>('area'),
  filter: byId<HTMLInputElement>('area-filter'),
  empty: () => t(ownArea === null ? 'reports.areaAll' : 'reports.areaOwn'),
  change: () => change({ area: area.value }),
});

const update = latestOnly(
  async (stale) => {
    const next = await villagerReportsApi.list({ month: filters.month, areaId: filters.area, state: filters.state, kind: filters.kind });
    if (stale()) return;
    items = next.items;
    total = next.total;
    el.loadError.hidden = true;
    renderList();
    Object.assign(document.body.dataset, { month: filters.month, area: filters.area, filterState: filters.state ?? '', kind: filters.kind ?? '' });
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
  el.state.replaceChildren(h('option', { value: '' }, t('villagers.state.all')), ...reportStates.map((s) => h('option', { value: s }, stateName(s))));
  el.kind.replaceChildren(h('option', { value: '' }, t('villagers.kind.all')), ...reportKinds.map((k) => h('option', { value: k }, kindName(k))));
  el.state.value = filters.state ?? '';
  el.kind.value = filters.kind ?? '';
  if (area.value !== filters.area) void area.set(filters.area);
  else area.render();
  renderList();
}

function renderList() {
  el.count.textContent = [t('villagers.count', { count: formatNumber(total) }), saved].filter(Boolean).join(' ');
  el.count.dataset.total = String(total);
  const changed = (r: VillagerReport, state: VillagerReport['state']) => {
    const what = r.state === 'closed' ? 'reopened' : state === 'closed' ? 'closed' : 'looking';
    saved = t(`villagers.saved.${what}`, { village: r.villageName });
    void update();
  };
  el.list.replaceChildren(...(items.length ? items.map((r) => reportItem(r, { timeZone: zone, canHandle, changed })) : [h('li', { class: 'empty' }, t('villagers.empty'))]));
}

function change(patch: Partial<Filters>) {
  filters = { ...filters, ...patch };
  saved = '';
  writeFilters();
  render();
  void update();
}

el.state.addEventListener('change', () => change({ state: (el.state.value || null) as Filters['state'] }));
el.kind.addEventListener('change', () => change({ kind: (el.kind.value || null) as Filters['kind'] }));
byId('filters').addEventListener('submit', (e) => e.preventDefault());
addEventListener('popstate', () => {
  filters = readFilters(location.search, currentMonth(zone));
  setLang(currentLang());
  render();
  void update();
});

writeFilters(true);
render();
void area.load().then(() => area.render());
await update();
