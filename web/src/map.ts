// The coverage map page: make the map, then update() on every change of month, level or
// township, and once a minute. Each update fetches the month's coverage and one status
// character per unit; the units themselves (names, positions) are fetched again only when
// their version changes, and the browser revalidates them by ETag.
import L from 'leaflet';
import { compareNames } from '../../domain/collate.js';
import { currentMonth, monthHasBegun } from '../../domain/months.js';
import type { Level } from '../../domain/units.js';
import { currentLang, formatMonth, setLang, t, translate } from './i18n/index.js';
import { mapApi, type Coverage, type Statuses, type Units } from './map/api.js';
import { renderLegend } from './map/legend.js';
import { VillageLayer } from './map/layer.js';
import { renderGaps, renderTownships, setupSearch, worstFirst } from './map/panel.js';
import { popupContent, popupMessage } from './map/popup.js';
import { readState, writeState, type ViewState } from './map/state.js';
import { countedCoverage, countedStatuses } from './map/verified.js';
import { byId, h } from './shared/dom.js';
import { firstSteps } from './shared/first-steps.js';
import { startPage } from './shared/header.js';
import { monthPicker } from './shared/month-picker.js';
import { latestOnly } from './shared/update.js';

const REFRESH_MS = 60_000;

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
  level: byId<HTMLSelectElement>('level'),
  township: byId<HTMLSelectElement>('township'),
  verifiedOnly: byId<HTMLInputElement>('verified-only'),
  legend: byId('legend'),
  bars: byId('township-bars'),
  barsTitle: byId('township-bars').previousElementSibling!,
  gapsTitle: byId('gaps-title'),
  gaps: byId('gap-list'),
  search: byId<HTMLInputElement>('search'),
  searchResults: byId('search-results'),
  tileNote: byId('tile-note'),
  loadNote: byId('load-note'),
  printTitle: byId('print-title'),
  mapEl: byId('map'),
};

const map = L.map(el.mapEl, { preferCanvas: true, zoomSnap: 0.5 });
map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');

// The base map is a nicety: without it (offline, blocked tile server) the points, township
// labels and the panel still tell the story on a plain background, and a note says so.
const tiles = L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 18 }).addTo(map);
let tileErrors = 0;
tiles.on('loading', () => (tileErrors = 0));
tiles.on('tileerror', () => {
  tileErrors++;
  el.tileNote.hidden = false;
});
tiles.on('load', () => {
  if (!tileErrors) el.tileNote.hidden = true;
});

const layer = new VillageLayer(map, (i) => void openVillage(i, false));
// A county without villages yet: what to do first, over the empty map.
const steps = firstSteps(page.user.role, (c) => c.villages === 0);
el.mapEl.after(steps.el);
const unitsByLevel: Partial<Record<Level, Units>> = {};
// due: the month has begun in the county zone; before, its gaps are only not yet due (DOMAIN.md's statuses stay as the API says them).
let shown: { month: string; due: boolean; level: Level; coverage: Coverage; statuses: Statuses; units: Units; at: Date } | null = null;
let open: { index: number; popup: L.Popup } | null = null;
let firstDraw = true;

const month = () => state.month ?? currentMonth(config.timezone);
// "This month" is no month in the URL: the view then follows the county's calendar.
const picker = monthPicker(
  (m) => change({ month: m }),
  () => change({ month: null }),
);

const update = latestOnly(
  async (stale, opts: { fit?: boolean } = {}) => {
    const began = performance.now();
    const m = month();
    const level = state.level;
    const [coverage, statuses] = await Promise.all([mapApi.coverage(m, level), mapApi.statuses(m, level)]);
    let units = unitsByLevel[level];
    if (!units || units.version !== statuses.version) unitsByLevel[level] = units = await mapApi.units(level);
    if (stale()) return; // a newer update started meanwhile; its answer wins
    if (layer.units !== units) {
      layer.setUnits(units);
      renderTownshipOptions(units);
    }
    if (units.units.id.length) steps.hide();
    else {
      await steps.refresh();
      if (stale()) return;
    }
    if (state.township !== null && !units.townships.some((tw) => tw.id === state.township)) state.township = null;
    const due = monthHasBegun(m, config.timezone);
    shown = { month: m, due, level, coverage, statuses, units, at: new Date() };
    // Counting only verified, covered but not backed is a gap; else it is drawn covered, hollow.
    const only = state.verifiedOnly;
    const counts = layer.setStatuses(countedStatuses(statuses.statuses, statuses.verified, only), state.township, due, only ? undefined : statuses.verified);
    render(counts);
    if (opts.fit) fitView();
    await refreshPopup();
    // The canvas paints on the next animation frame; only then are the points on screen.
    await new Promise(requestAnimationFrame);
    if (stale()) return;
    // For measuring: navigation → first points on screen, and how long each update takes.
    if (firstDraw) performance.mark('points-drawn');
    performance.measure('map-update', { start: began });
    firstDraw = false;
    el.loadNote.hidden = true;
    Object.assign(el.mapEl.dataset, {
      month: m,
      level,
      township: String(state.township ?? ''),
      due: String(due),
      verifiedOnly: String(only),
      drawn: String(counts.covered + counts.coveredUnverified + counts.planned + counts.overdue + counts.gap + counts.notDue),
    });
  },
  () => (el.loadNote.hidden = false),
);

let counts: ReturnType<VillageLayer['setStatuses']> | null = null;

function render(next = counts) {
  counts = next;
  translate();
  syncControls();
  page.links({ month: state.month });
  if (!shown || !counts) return;
  el.printTitle.textContent = t('print.title', { month: formatMonth(shown.month) });
  const only = state.verifiedOnly;
  const coverage = countedCoverage(shown.coverage, only);
  renderLegend(el.legend, shown.month, counts, shown.at, config.timezone, shown.due, only);
  el.barsTitle.textContent = t(shown.due ? 'panel.townships' : 'panel.townshipsNotDue');
  renderTownships(el.bars, coverage, state.township, (id) => change({ township: id }, { fit: true }), shown.due);
  const order = worstFirst(coverage).map((r) => r.id);
  const statuses = countedStatuses(shown.statuses.statuses, shown.statuses.verified, only);
  renderGaps(el.gapsTitle, el.gaps, shown.units, statuses, state.township, order, (i) => void openVillage(i, true), shown.due);
  renderSearch();
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

function fitView() {
  const b = layer.bounds();
  if (b) map.fitBounds(b, { padding: [28, 28], maxZoom: 14 });
  else if (!map.getZoom()) map.setView([35, 105], 4); // nothing to show: China, so the map is not blank
}

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

async function fillPopup() {
  if (!open || !shown) return;
  const { index, popup } = open;
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
  else await fillPopup();
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
addEventListener('popstate', () => {
  const before = state;
  state = readState(location.search, currentLang());
  setLang(state.lang);
  void update({ fit: before.township !== state.township });
});

// Live enough: the month's data again every minute and when the reader comes back to the tab,
// keeping the view, the filters and an open popup.
let lastRefresh = Date.now();
const refresh = () => {
  lastRefresh = Date.now();
  void update();
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
    map.setView(beforePrint.center, beforePrint.zoom, { animate: false });
    beforePrint = null;
  }
});

render();
await update({ fit: true });
