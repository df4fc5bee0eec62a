// The coverage map page: make the map, then update() on every change of area, month, level or
// township, and once a minute. It is a drill-down map (issue 13): an area holding more than
// VILLAGE_LIMIT units is shown as one symbol per child area (provinces, prefectures, counties),
// counted by /api/coverage?groupBy=…; clicking one, or zooming in until one is left in view, goes
// down into it; the breadcrumb goes back up. An area small enough (and always a county) shows its
// villages: each update then fetches the month's coverage and one status character per unit; the
// units themselves (names, positions) are fetched again only when their version changes, kept in
// memory per area and level, and the browser revalidates them by ETag. A month switch therefore
// sends only counts or statuses, never positions. The registry's shape of each area
// (/api/coverage/areas: path, units, children) is kept in memory too, revalidated once a minute.
import L from 'leaflet';
import { compareNames } from '../../domain/collate.js';
import { currentMonth, monthHasBegun } from '../../domain/months.js';
import type { Level } from '../../domain/units.js';
import { currentLang, formatMonth, formatNumber, setLang, t, translate } from './i18n/index.js';
import { mapApi, type AreaCoverage, type AreaLevel, type AreaRegistry, type Coverage, type Statuses, type Units } from './map/api.js';
import { AreaLayer } from './map/area-symbols.js';
import { asAreaCoverage, asCoverage, campaignApi, campaignTitle, renderCampaignLegend, renderCampaignOptions, type Campaign } from './map/campaign.js';
import { crumbsOf, renderCrumbs } from './map/crumbs.js';
import { renderAreaLegend, renderLegend } from './map/legend.js';
import { VillageLayer } from './map/layer.js';
import { renderAreas, renderGaps, renderTownships, setupSearch, worstFirst } from './map/panel.js';
import { popupContent, popupMessage } from './map/popup.js';
import { readState, toSearch, writeState, type ViewState } from './map/state.js';
import { countedAreaCoverage, countedCoverage, countedStatuses } from './map/verified.js';
import { addBaseMap } from './shared/base-map.js';
import { byId, elements, h } from './shared/dom.js';
import { Problem } from './shared/http.js';
import { firstSteps } from './shared/first-steps.js';
import { gapDownloads } from './shared/gap-downloads.js';
import { startPage } from './shared/header.js';
import { monthPicker } from './shared/month-picker.js';
import { latestOnly, type Stale } from './shared/update.js';

const REFRESH_MS = 60_000;
/**
 * Above this many units in the area looked at, the map shows its child areas, not its villages
 * (a county always shows its villages). A browser may set another in localStorage
 * (film2131.villageLimit): the tests see the drill-down on a small deployment that way.
 */
const VILLAGE_LIMIT = 5000;

function villageLimit(): number {
  try {
    const v = localStorage.getItem('film2131.villageLimit');
    if (v !== null && /^\d+$/.test(v)) return Number(v);
  } catch {
    // Storage can be disabled: the default then.
  }
  return VILLAGE_LIMIT;
}

const page = await startPage('map', () => {
  state = { ...state, lang: currentLang() };
  writeState(state, true);
  render();
  void refreshPopup();
});
const { config } = page;
let state: ViewState = readState(location.search, currentLang());
writeState(state, true);

const el = {
  ...elements({
    crumbs: 'crumbs',
    level: 'select#level',
    campaign: 'select#campaign',
    township: 'select#township',
    verifiedOnly: 'input#verified-only',
    legend: 'legend',
    bars: 'township-bars',
    gapsTitle: 'gaps-title',
    gaps: 'gap-list',
    search: 'input#search',
    searchResults: 'search-results',
    tileNote: 'tile-note',
    loadNote: 'load-note',
    printTitle: 'print-title',
    mapEl: 'map',
  }),
  barsTitle: byId('township-bars').previousElementSibling!,
  gapDownloads: gapDownloads('gap-downloads'),
  searchBox: byId<HTMLInputElement>('search').closest<HTMLElement>('.search')!,
};
// The gap download sits under the gaps' heading (the list below can be long), hidden until a month that has begun is shown.
el.gapsTitle.after(el.gapDownloads.el);
el.gapDownloads.set(null);

const map = L.map(el.mapEl, { preferCanvas: true, zoomSnap: 0.5 });
map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');

// The base map is a nicety: without it (offline, blocked tile server) the points, township
// labels and the panel still tell the story on a plain background, and a note says so.
addBaseMap(map, config.baseMap, (unavailable) => (el.tileNote.hidden = !unavailable));

const layer = new VillageLayer(map, (i) => void openVillage(i, false));
const areaLayer = new AreaLayer(map, (g) => g.id !== null && goTo(g.id));
// A county without villages yet: what to do first, over the empty map.
const steps = firstSteps(page.user.role, (c) => c.villages === 0);
el.mapEl.after(steps.el);
// What the page has fetched of the registry, by area and level: it changes rarely, and a month
// switch needs none of it again.
const cacheKey = (area: number | null, level: Level) => `${area ?? 'root'}:${level}`;
const unitsCache = new Map<string, Units>();
const registries = new Map<string, AreaRegistry>();
// Arriving without an area: go down while the only child with units holds them all (a
// single-county deployment opens at its county). Going up to the root later stays there.
let autoDescend = state.area === null;
/** Whether the reader's root is the whole deployment (全国), or their own area. */
const nation = !(page.user as { areaId?: number | null }).areaId;
let registry: AreaRegistry | null = null;
// due: the month has begun in the county zone; before, its gaps are only not yet due (DOMAIN.md's statuses stay as the API says them).
// The villages drawn (null while the map shows areas): `coverage` is the township answer in a
// county, the child areas' counts above it.
let shown: { month: string; due: boolean; level: Level; coverage: Coverage | AreaCoverage; statuses: Statuses; units: Units; at: Date } | null = null;
// The child areas drawn (null while the map shows villages).
let shownAreas: { month: string; due: boolean; level: Level; coverage: AreaCoverage; registry: AreaRegistry; at: Date } | null = null;
let open: { index: number; popup: L.Popup } | null = null;
// Campaign mode: the chosen campaign's record (null: the month's coverage), and those running in the month shown.
let campaign: Campaign | null = null;
let running: { month: string; items: Campaign[] } | null = null;
let firstDraw = true;

const month = () => state.month ?? currentMonth(config.timezone);
// "This month" is no month in the URL: the view then follows the county's calendar.
const picker = monthPicker(
  (m) => change({ month: m }),
  () => change({ month: null }),
);

/** The registry's answer for an area, from memory unless `revalidate` (then the browser asks by ETag). */
async function registryOf(area: number | null, level: Level, revalidate = false): Promise<AreaRegistry> {
  const key = cacheKey(area, level);
  const known = registries.get(key);
  if (known && !revalidate) return known;
  try {
    const fresh = await mapApi.areas(level, area);
    registries.set(key, fresh);
    return fresh;
  } catch (err) {
    // A server without areas yet: the whole deployment as one county, as the page was before.
    if (area === null && err instanceof Problem && err.status === 404) return { level, version: '', area: null, path: [], units: 0, childLevel: 'township', groups: [] };
    throw err;
  }
}

type UpdateOpts = { fit?: boolean; revalidate?: boolean };
/** What one update shows: the area's registry in a month and level. */
type View = { month: string; level: Level; due: boolean; reg: AreaRegistry; fit: boolean; began: number };

const update = latestOnly(
  async (stale, opts: UpdateOpts = {}) => {
    const began = performance.now();
    const m = month();
    const level = state.level;
    const found = await registryToShow(stale, level, opts);
    if (!found) return;
    if (!(await campaignToShow(stale, m))) return;
    // A campaign's span has begun or not as a whole: its units not yet shown a film are gaps once it has.
    const due = campaign ? monthHasBegun(campaign.from, config.timezone) : monthHasBegun(m, config.timezone);
    const view: View = { month: m, level, due, began, ...found };
    // A county always shows its villages; a bigger area only when it holds few enough.
    if (view.reg.childLevel === 'township' || view.reg.units <= villageLimit()) await showVillages(stale, view);
    else await showAreas(stale, view);
  },
  () => (el.loadNote.hidden = false),
);

/**
 * The registry of the area to show: the one asked for, or — gone, or outside the reader's scope
 * (404) — their whole scope, fitted; then down while the only child with units holds them all.
 * Null when a newer update began meanwhile.
 */
async function registryToShow(stale: Stale, level: Level, opts: UpdateOpts): Promise<{ reg: AreaRegistry; fit: boolean } | null> {
  let fit = Boolean(opts.fit);
  let reg: AreaRegistry;
  try {
    reg = await registryOf(state.area, level, opts.revalidate);
  } catch (err) {
    if (!(err instanceof Problem && err.status === 404 && state.area !== null) || stale()) throw err;
    state = { ...state, area: null, township: null };
    writeState(state, true);
    autoDescend = true;
    reg = await registryOf(null, level);
    fit = true;
  }
  if (stale()) return null;
  while (autoDescend) {
    const withUnits = reg.groups.filter((g) => g.units > 0);
    const only = withUnits.length === 1 && reg.childLevel !== 'township' && withUnits[0]!.units === reg.units ? withUnits[0]!.id : null;
    if (only === null) break;
    state = { ...state, area: only };
    writeState(state, true);
    reg = await registryOf(only, level);
    if (stale()) return null;
  }
  autoDescend = false;
  return { reg, fit };
}

/** The campaigns running in the month (kept per month) and the chosen one; false when a newer update began meanwhile. */
async function campaignToShow(stale: Stale, m: string): Promise<boolean> {
  if (running?.month !== m) {
    const items = await campaignApi.running(m);
    if (stale()) return false;
    running = { month: m, items };
  }
  const id = state.campaign;
  if (id === null) campaign = null;
  else if (campaign?.id !== id) {
    try {
      campaign = running.items.find((c) => c.id === id) ?? (await campaignApi.one(id));
    } catch (err) {
      // Gone, or not the reader's: the month's map, as without one.
      if (!(err instanceof Problem && err.status === 404)) throw err;
      campaign = null;
      state = { ...state, campaign: null };
      writeState(state, true);
    }
    if (stale()) return false;
  }
  renderCampaignOptions(el.campaign, running.items, campaign);
  return true;
}

/** The child areas' counts: the month's, or the chosen campaign's over its span. */
async function areaCountsOf(v: View, groupBy: AreaLevel): Promise<AreaCoverage> {
  if (!campaign) return mapApi.areaCoverage(v.month, v.level, state.area, groupBy);
  return asAreaCoverage(await campaignApi.coverage(campaign.id, v.level, state.area, groupBy, v.reg), v.month, v.level, config.timezone);
}

/** Above the villages: one symbol per child area, with the month's counts. */
async function showAreas(stale: Stale, v: View) {
  const coverage = await areaCountsOf(v, v.reg.childLevel as AreaLevel);
  if (stale()) return;
  registry = v.reg;
  if (shown) map.closePopup();
  shown = null;
  open = null;
  layer.clear();
  steps.hide();
  state.township = null;
  shownAreas = { month: v.month, due: v.due, level: v.level, coverage, registry: v.reg, at: new Date() };
  render();
  if (v.fit) fitView();
  if (!(await painted(stale))) return;
  drawn(v, { mode: 'areas', township: '', verifiedOnly: String(state.verifiedOnly), drawn: '0', symbols: String(areaLayer.count) });
}

/** The villages: the month's coverage and statuses, on the units kept unless their version changed. */
async function showVillages(stale: Stale, v: View) {
  const areaId = state.area;
  const chosen = campaign;
  const [coverage, statuses] = await Promise.all([
    v.reg.childLevel === 'township'
      ? chosen
        ? campaignApi.coverage(chosen.id, v.level, areaId, 'township', v.reg).then((c) => asCoverage(c, v.month, v.level, config.timezone))
        : mapApi.coverage(v.month, v.level, areaId)
      : areaCountsOf(v, v.reg.childLevel),
    chosen ? campaignApi.statuses(chosen.id, v.level, areaId) : mapApi.statuses(v.month, v.level, areaId),
  ]);
  const units = await unitsOf(areaId, v.level, statuses.version);
  if (stale()) return; // a newer update started meanwhile; its answer wins
  registry = v.reg;
  shownAreas = null;
  areaLayer.clear();
  if (layer.units !== units) {
    layer.setUnits(units, v.reg.childLevel === 'township');
    renderTownshipOptions(units);
  }
  if (units.units.id.length) steps.hide();
  else {
    await steps.refresh();
    if (stale()) return;
  }
  if (state.township !== null && !units.townships.some((tw) => tw.id === state.township)) state.township = null;
  shown = { month: v.month, due: v.due, level: v.level, coverage, statuses, units, at: new Date() };
  // Counting only verified, covered but not backed is a gap; else it is drawn covered, hollow. (A campaign counts what was shown.)
  const only = state.verifiedOnly && !campaign;
  const counts = layer.setStatuses(countedStatuses(statuses.statuses, statuses.verified, only), state.township, v.due, only ? undefined : statuses.verified);
  render(counts);
  if (v.fit) fitView();
  await refreshPopup();
  if (!(await painted(stale))) return;
  // For measuring: navigation → first points on screen.
  if (firstDraw) performance.mark('points-drawn');
  firstDraw = false;
  const drawnCount = counts.covered + counts.coveredUnverified + counts.planned + counts.overdue + counts.gap + counts.notDue;
  drawn(v, { mode: 'villages', township: String(state.township ?? ''), verifiedOnly: String(only), drawn: String(drawnCount), symbols: '0' });
}

async function unitsOf(area: number | null, level: Level, version: string) {
  const key = cacheKey(area, level);
  let units = unitsCache.get(key);
  if (!units || units.version !== version) {
    units = await mapApi.units(level, area);
    unitsCache.set(key, units);
  }
  return units;
}

/** The canvas paints on the next animation frame; only then is the update on screen. False when a newer one began. */
async function painted(stale: Stale) {
  await new Promise(requestAnimationFrame);
  return !stale();
}

/** The update is on screen: how long it took, and what is drawn in #map's data- attributes (the tests read them). */
function drawn(v: View, what: { mode: 'areas' | 'villages'; township: string; verifiedOnly: string; drawn: string; symbols: string }) {
  performance.measure('map-update', { start: v.began });
  el.loadNote.hidden = true;
  Object.assign(el.mapEl.dataset, { ...what, area: String(state.area ?? ''), childLevel: v.reg.childLevel, month: v.month, level: v.level, due: String(v.due), campaign: String(campaign?.id ?? '') });
}

let counts: ReturnType<VillageLayer['setStatuses']> | null = null;

function render(next = counts) {
  counts = next;
  translate();
  if (running) renderCampaignOptions(el.campaign, running.items, campaign); // in the language chosen
  syncControls();
  page.links({ month: state.month });
  if (registry) {
    const before = el.crumbs.hidden;
    // A deployment without areas has nothing to go up to: no breadcrumb, as before areas.
    const arealess = registry.path.length === 0 && registry.childLevel === 'township';
    renderCrumbs(el.crumbs, arealess ? [] : crumbsOf(registry, nation), hrefFor, goTo);
    if (el.crumbs.hidden !== before) map.invalidateSize({ pan: false }); // the bar above the map came or went
  }
  // Above the villages there is nothing to search or to filter by township (the header keeps its shape).
  el.searchBox.hidden = shownAreas !== null;
  el.township.disabled = shownAreas !== null;
  el.verifiedOnly.disabled = campaign !== null;
  if (shownAreas) return renderAreaView(shownAreas);
  if (!shown || !counts) return;
  el.printTitle.textContent = t('print.title', { month: formatMonth(shown.month) });
  const only = state.verifiedOnly && !campaign;
  if (campaign) renderCampaignLegend(el.legend, campaign, { covered: counts.covered + counts.coveredUnverified, gap: counts.gap }, shown.at, config.timezone);
  else renderLegend(el.legend, shown.month, counts, shown.at, config.timezone, shown.due, only);
  let order: number[];
  if ('groups' in shown.coverage) {
    // Villages of an area above a county: its child areas in the panel, the gaps by township name.
    const areas = countedAreaCoverage(shown.coverage, only);
    el.barsTitle.textContent = areasTitle(registry?.childLevel ?? 'county', shown.due);
    renderAreas(el.bars, areas.groups, goTo, shown.due);
    order = [...shown.units.townships].sort((a, b) => compareNames(a.name, b.name)).map((tw) => tw.id);
  } else {
    const coverage = countedCoverage(shown.coverage, only);
    el.barsTitle.textContent = campaign ? t('campaign.townships') : t(shown.due ? 'panel.townships' : 'panel.townshipsNotDue');
    renderTownships(el.bars, coverage, state.township, (id) => change({ township: id }, { fit: true }), shown.due);
    order = worstFirst(coverage).map((r) => r.id);
  }
  const statuses = countedStatuses(shown.statuses.statuses, shown.statuses.verified, only);
  renderGaps(el.gapsTitle, el.gaps, shown.units, statuses, state.township, order, (i) => void openVillage(i, true), shown.due);
  if (campaign) campaignGapsTitle();
  // The month's gaps are a download; a campaign's are the list.
  el.gapDownloads.set(shown.due && !campaign ? { month: shown.month, level: shown.level, areaId: state.area, townshipId: state.township } : null);
  renderSearch();
}

/** In campaign mode the gap list is of the units not yet shown a campaign film. */
function campaignGapsTitle() {
  const count = Number(el.gapsTitle.dataset.count ?? 0);
  el.gapsTitle.textContent = t('campaign.gaps', { count: formatNumber(count) });
  const empty = el.gaps.querySelector('p.empty');
  if (!count && empty && shown?.units.units.id.length) empty.textContent = t('campaign.noGaps');
}

const areasTitle = (childLevel: string, due: boolean) =>
  t(campaign ? 'campaign.areas' : due ? 'panel.areas' : 'panel.areasNotDue', { level: t(childLevel === 'province' ? 'map.level.province' : childLevel === 'prefecture' ? 'map.level.prefecture' : 'map.level.county') });

/** Above the villages: the child areas' symbols, their rows worst first, and the area's totals. */
function renderAreaView(v: NonNullable<typeof shownAreas>) {
  const only = state.verifiedOnly && !campaign;
  const coverage = countedAreaCoverage(v.coverage, only);
  el.printTitle.textContent = t('print.title', { month: formatMonth(v.month) });
  areaLayer.draw(v.registry.groups, coverage.groups, v.due);
  renderAreaLegend(el.legend, v.month, coverage.totals, v.at, config.timezone, v.due, only);
  if (campaign) {
    el.legend.querySelector('h2')!.textContent = campaignTitle(campaign);
    el.legend.dataset.campaign = String(campaign.id);
  } else delete el.legend.dataset.campaign;
  el.barsTitle.textContent = areasTitle(v.registry.childLevel, v.due);
  renderAreas(el.bars, coverage.groups, goTo, v.due);
  el.gapsTitle.textContent = t(campaign ? 'campaign.gaps' : v.due ? 'panel.gaps' : 'panel.notDueTitle', { count: formatNumber(coverage.totals.gap) });
  el.gapsTitle.dataset.count = v.due ? String(coverage.totals.gap) : '0';
  el.gaps.replaceChildren(h('p', { class: 'empty areas-note' }, t(v.due ? 'map.area.gapsBelow' : 'panel.notDue')));
  el.gapDownloads.set(v.due && !campaign ? { month: v.month, level: v.level, areaId: state.area } : null);
}

const hrefFor = (area: number | null) => `${location.pathname}${toSearch({ ...state, area, township: null })}`;

/** Into an area (a symbol, a panel row) or up to one (a crumb): a new history entry, the view fitted to it. */
function goTo(area: number | null) {
  if (area === state.area) return;
  autoDescend = false; // the reader's own way, even while the page is still finding the first view
  map.closePopup();
  change({ area, township: null }, { fit: true });
}

function syncControls() {
  picker.show(month());
  el.level.value = state.level;
  el.township.value = String(state.township ?? '');
  el.verifiedOnly.checked = state.verifiedOnly;
  for (const o of el.township.options) if (!o.value) o.textContent = t('township.all');
}

function renderTownshipOptions(units: Units) {
  el.township.replaceChildren(
    h('option', { value: '' }, t('township.all')),
    ...[...units.townships].sort((a, b) => compareNames(a.name, b.name)).map((tw) => h('option', { value: tw.id }, tw.name)),
  );
}

// The map moved by the page (fitting an area), not by the reader: no going down into a symbol.
let moving = false;
let fittedZoom = 0;
function quietly(move: () => void) {
  moving = true;
  try {
    move();
  } finally {
    moving = false;
  }
}

function fitView() {
  const b = shownAreas ? areaLayer.bounds() : layer.bounds();
  quietly(() => {
    // Not animated, so the move is over when this returns.
    // Symbols: room for the biggest circle and its name, and above the legend in the bottom left corner.
    // (On a phone the legend is under the map, not over it.)
    const overLegend = getComputedStyle(el.legend).position === 'absolute' ? 150 : 48;
    const pad = shownAreas ? { paddingTopLeft: L.point(56, 48), paddingBottomRight: L.point(56, overLegend) } : { padding: L.point(28, 28) };
    if (b) map.fitBounds(b, { ...pad, maxZoom: 14, animate: false });
    else if (!map.getZoom()) map.setView([35, 105], 4); // nothing to show: China, so the map is not blank
  });
  fittedZoom = map.getZoom();
}

// Zooming in on the symbols until one is left in view goes down into it.
map.on('zoomend', () => {
  if (moving || !shownAreas || map.getZoom() <= fittedZoom) return;
  const seen = areaLayer.inView();
  if (seen.length === 1 && seen[0]!.id !== null) goTo(seen[0]!.id);
});

function change(patch: Partial<ViewState>, opts: { fit?: boolean } = {}) {
  state = { ...state, ...patch };
  writeState(state);
  syncControls(); // show the choice at once; the data follows
  void update(opts);
}

async function openVillage(index: number, pan: boolean) {
  if (!shown) return;
  const latLng = layer.latLng(index);
  if (pan) map.setView(latLng, Math.max(map.getZoom(), 13));
  const popup = L.popup({ maxWidth: 340, minWidth: 220, autoPanPadding: [16, 16] })
    .setLatLng(latLng)
    .setContent(popupMessage('popup.loading'))
    .openOn(map);
  open = { index, popup };
  popup.on('remove', () => {
    if (open?.popup === popup) open = null;
  });
  await fillPopup();
}

/** `keepView`: a refresh's new facts change the popup's size, never the reader's view (no auto-pan). */
async function fillPopup(keepView = false) {
  if (!open || !shown) return;
  const { index, popup } = open;
  popup.options.autoPan = !keepView;
  try {
    const detail = await mapApi.village(shown.units.units.id[index]!, shown.month, shown.level);
    if (open?.popup === popup) popup.setContent(popupContent(detail, config.timezone, monthHasBegun(shown.month, config.timezone), layer.statusOf(index)));
  } catch {
    if (open?.popup === popup) popup.setContent(popupMessage('popup.failed'));
  }
}

/** After a refresh the open popup shows the new month's facts, or closes if its village is gone. */
async function refreshPopup() {
  if (!open) return;
  if (layer.statusOf(open.index) === null || shown?.units !== layer.units) map.closePopup();
  else await fillPopup(true);
}

const renderSearch = setupSearch(
  el.search,
  el.searchResults,
  () => (shown ? { units: shown.units, visible: (i) => layer.statusOf(i) !== null } : null),
  (i) => void openVillage(i, true),
);

// Controls. Every one is a native element, so keyboard and screen readers work as usual.
el.level.addEventListener('change', () => change({ level: el.level.value === 'natural' ? 'natural' : 'administrative' }));
el.township.addEventListener('change', () => change({ township: Number(el.township.value) || null }, { fit: true }));
el.verifiedOnly.addEventListener('change', () => change({ verifiedOnly: el.verifiedOnly.checked }));
el.campaign.addEventListener('change', () => change({ campaign: Number(el.campaign.value) || null }));
addEventListener('popstate', () => {
  const before = state;
  state = readState(location.search, currentLang());
  setLang(state.lang);
  autoDescend = false;
  if (before.area !== state.area) map.closePopup();
  void update({ fit: before.township !== state.township || before.area !== state.area });
});

// Live enough: the month's data again every minute and when the reader comes back to the tab,
// keeping the view, the filters and an open popup.
let lastRefresh = Date.now();
const refresh = () => {
  lastRefresh = Date.now();
  void update({ revalidate: true });
};
const refreshIfStale = () => {
  if (Date.now() - lastRefresh > 5_000) refresh();
};
// A hidden tab does not poll; it catches up as soon as it is looked at again.
setInterval(() => {
  if (!document.hidden) refresh();
}, REFRESH_MS);
addEventListener('focus', refreshIfStale);
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) refreshIfStale();
});

// Print: the map gets its A4 size from the print stylesheet; fit the villages into it, and put
// the reader's view back afterwards.
let beforePrint: { center: L.LatLng; zoom: number } | null = null;
matchMedia('print').addEventListener('change', (e) => {
  if (e.matches) {
    beforePrint = { center: map.getCenter(), zoom: map.getZoom() };
    map.invalidateSize({ pan: false });
    fitView();
  } else if (beforePrint) {
    map.invalidateSize({ pan: false });
    const back = beforePrint;
    quietly(() => map.setView(back.center, back.zoom, { animate: false }));
    beforePrint = null;
  }
});

render();
await update({ fit: true });
