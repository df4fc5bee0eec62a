// The registry page (bureau and admin): import a CSV, XLSX or GeoJSON file after a dry run, then
// search the villages, move one by dragging its marker, retire and restore. update() fetches
// the list for the current filters and page and redraws it.
import { compareNames } from '../../domain/collate.js';
import { formatNumber, t, translate } from './i18n/index.js';
import { registryApi, type Kind, type ListQuery, type RetiredFilter, type Village } from './registry/api.js';
import { setupImport } from './registry/importer.js';
import { renderPager, renderRows, wireListControls } from './registry/list.js';
import { PositionEditor } from './registry/position.js';
import { byId, elements, h } from './shared/dom.js';
import { startPage } from './shared/header.js';
import { latestOnly } from './shared/update.js';
import { Problem } from './shared/http.js';
import { statusLine } from './shared/status-line.js';

const PAGE_SIZE = 50;

const page = await startPage('registry', () => render());

const el = elements({
  q: 'input#q',
  township: 'select#f-township',
  kind: 'select#f-kind',
  retired: 'select#f-retired',
  count: 'list-count',
  pageInfo: 'page-info',
  prev: 'button#page-prev',
  next: 'button#page-next',
  positionName: 'position-name',
  positionHelp: 'position-help',
  positionStatus: 'position-status',
  listStatus: 'list-status',
});

const tbody = byId('villages').querySelector('tbody')!;

let query: ListQuery = { q: '', townshipId: null, kind: null, retired: 'false', limit: PAGE_SIZE, offset: 0 };
let shown: { villages: Village[]; total: number } | null = null;

const importer = setupImport(
  elements({
    form: 'form#import-form',
    file: 'input#import-file',
    retireMissing: 'input#retire-missing',
    dryRun: 'button#dry-run',
    confirm: 'button#confirm-import',
    status: 'import-status',
    result: 'import-result',
    headers: 'table#import-headers-table',
  }),
  () => {
    // New townships may have come with the file; the list shows what was imported.
    void loadTownships();
    void update();
  },
);

const editor = new PositionEditor(
  elements({
    map: 'position-map',
    actions: 'position-actions',
    lat: 'input#position-lat',
    lng: 'input#position-lng',
    save: 'button#position-save',
    cancel: 'button#position-cancel',
  }),
  page.config.baseMap,
  (v) => locate(v),
  async (v, lat, lng) => {
    try {
      const saved = await registryApi.patch(v.id, { lat, lng, positionApproximate: false });
      replace(saved);
      editor.pick(saved);
      positionStatus.say('position.saved', { name: saved.name }, 'ok');
    } catch (err) {
      positionStatus.say('position.failed', { detail: err instanceof Problem ? err.message : String(err) }, 'error');
    }
  },
);

// Status lines that follow a change of language.
const positionStatus = statusLine(el.positionStatus);
const listStatus = statusLine(el.listStatus);

function locate(v: Village) {
  editor.pick(v);
  positionStatus.say(null);
  render();
}

function replace(v: Village) {
  if (!shown) return;
  shown.villages = shown.villages.map((x) => (x.id === v.id ? v : x));
  render();
  editor.showVillages(shown.villages);
}

async function setRetired(v: Village, retiredAt: string | null) {
  try {
    const saved = await registryApi.patch(v.id, { retiredAt });
    replace(saved);
    listStatus.say(retiredAt ? 'list.retiredDone' : 'list.restoredDone', { name: saved.name }, 'ok');
  } catch (err) {
    listStatus.say('list.changeFailed', { name: v.name, detail: err instanceof Problem ? err.message : String(err) }, 'error');
  }
}

const update: () => Promise<void> = latestOnly(
  async (stale) => {
    const page = await registryApi.villages(query);
    if (stale()) return;
    // Deleted or filtered beyond the end (after a retire, an import): back to the last page.
    if (!page.items.length && page.total && query.offset) {
      query = { ...query, offset: Math.floor((page.total - 1) / query.limit) * query.limit };
      return void update();
    }
    shown = { villages: page.items, total: page.total };
    if (editor.village && !page.items.some((v) => v.id === editor.village!.id)) editor.clear();
    editor.showVillages(page.items);
    render();
  },
  () => (el.count.textContent = t('page.loadFailed')),
);

function render() {
  translate();
  importer.render();
  positionStatus.redraw();
  listStatus.redraw();
  el.positionName.textContent = editor.village ? t('position.editing', { name: editor.village.name }) : '';
  el.positionHelp.hidden = !!editor.village;
  if (!shown) return;
  el.count.textContent = t('list.total', { total: formatNumber(shown.total) });
  renderRows(tbody, shown.villages, editor.village?.id ?? null, {
    locate,
    retire: (v) => void setRetired(v, new Date().toISOString()),
    restore: (v) => void setRetired(v, null),
  });
  renderPager(el.pageInfo, el.prev, el.next, query, shown.total);
}

async function loadTownships() {
  const { items } = await registryApi.townships();
  const chosen = el.township.value;
  el.township.replaceChildren(
    h('option', { value: '', 'data-i18n': 'township.all' }),
    ...[...items].sort((a, b) => compareNames(a.name, b.name)).map((tw) => h('option', { value: tw.id }, tw.name)),
  );
  el.township.value = items.some((tw) => String(tw.id) === chosen) ? chosen : '';
  translate(el.township);
}

function change(patch: Partial<ListQuery>) {
  query = { ...query, offset: 0, ...patch };
  void update();
}

wireListControls(
  { q: el.q, filters: byId('filters'), prev: el.prev, next: el.next },
  () => query,
  (q) => change({ q }),
  (offset) => {
    query = { ...query, offset };
    void update();
  },
);
el.township.addEventListener('change', () => change({ townshipId: Number(el.township.value) || null }));
// The chosen township's printed 公示, one page a unit (/poster).
el.township.addEventListener('change', () => {
  const link = byId<HTMLAnchorElement>('township-posters');
  link.hidden = !el.township.value;
  link.href = `/poster?townshipId=${el.township.value}`;
});
el.kind.addEventListener('change', () => change({ kind: (el.kind.value || null) as Kind | null }));
el.retired.addEventListener('change', () => change({ retired: el.retired.value as RetiredFilter }));

render();
// A partner never gets here: the registry is the bureau's, and startPage() says so (header.ts).
await loadTownships();
await update();
editor.invalidate();
