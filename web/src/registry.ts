// The registry page (bureau and admin): import a CSV or GeoJSON file after a dry run, then
// search the villages, move one by dragging its marker, retire and restore. update() fetches
// the list for the current filters and page and redraws it.
import { compareNames } from '../../domain/collate.js';
import { formatNumber, t, translate } from './i18n/index.js';
import { registryApi, type Kind, type ListQuery, type RetiredFilter, type Village } from './registry/api.js';
import { setupImport } from './registry/importer.js';
import { renderPager, renderRows } from './registry/list.js';
import { PositionEditor } from './registry/position.js';
import { byId, h } from './shared/dom.js';
import { startPage } from './shared/header.js';
import { latestOnly } from './shared/update.js';
import { Problem } from './shared/http.js';

const PAGE_SIZE = 50;

const page = await startPage('registry', () => render());

const el = {
  q: byId<HTMLInputElement>('q'),
  township: byId<HTMLSelectElement>('f-township'),
  kind: byId<HTMLSelectElement>('f-kind'),
  retired: byId<HTMLSelectElement>('f-retired'),
  tbody: byId('villages').querySelector('tbody')!,
  count: byId('list-count'),
  pageInfo: byId('page-info'),
  prev: byId<HTMLButtonElement>('page-prev'),
  next: byId<HTMLButtonElement>('page-next'),
  positionName: byId('position-name'),
  positionHelp: byId('position-help'),
  positionStatus: byId('position-status'),
  listStatus: byId('list-status'),
};

let query: ListQuery = { q: '', townshipId: null, kind: null, retired: 'false', limit: PAGE_SIZE, offset: 0 };
let shown: { villages: Village[]; total: number } | null = null;

const importer = setupImport(
  {
    form: byId<HTMLFormElement>('import-form'),
    file: byId<HTMLInputElement>('import-file'),
    retireMissing: byId<HTMLInputElement>('retire-missing'),
    dryRun: byId<HTMLButtonElement>('dry-run'),
    confirm: byId<HTMLButtonElement>('confirm-import'),
    status: byId('import-status'),
    result: byId('import-result'),
  },
  () => {
    // New townships may have come with the file; the list shows what was imported.
    void loadTownships();
    void update();
  },
);

const editor = new PositionEditor(
  {
    map: byId('position-map'),
    actions: byId('position-actions'),
    lat: byId<HTMLInputElement>('position-lat'),
    lng: byId<HTMLInputElement>('position-lng'),
    save: byId<HTMLButtonElement>('position-save'),
    cancel: byId<HTMLButtonElement>('position-cancel'),
  },
  page.config.tileUrl,
  (v) => locate(v),
  async (v, lat, lng) => {
    try {
      const saved = await registryApi.patch(v.id, { lat, lng, positionApproximate: false });
      replace(saved);
      editor.pick(saved);
      say(el.positionStatus, 'position.saved', { name: saved.name }, 'ok');
    } catch (err) {
      say(el.positionStatus, 'position.failed', { detail: err instanceof Problem ? err.message : String(err) }, 'error');
    }
  },
);

type Said = { target: HTMLElement; key: Parameters<typeof t>[0]; params: Record<string, string> };
const said = new Map<HTMLElement, Said>();
/** A status line that follows a change of language. */
function say(target: HTMLElement, key: Said['key'] | null, params: Record<string, string> = {}, tone = '') {
  if (key) said.set(target, { target, key, params });
  else said.delete(target);
  target.textContent = key ? t(key, params) : '';
  target.dataset.tone = tone;
}

function locate(v: Village) {
  editor.pick(v);
  say(el.positionStatus, null);
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
    say(el.listStatus, retiredAt ? 'list.retiredDone' : 'list.restoredDone', { name: saved.name }, 'ok');
  } catch (err) {
    say(el.listStatus, 'list.changeFailed', { name: v.name, detail: err instanceof Problem ? err.message : String(err) }, 'error');
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
  for (const s of said.values()) s.target.textContent = t(s.key, s.params);
  el.positionName.textContent = editor.village ? t('position.editing', { name: editor.village.name }) : '';
  el.positionHelp.hidden = !!editor.village;
  if (!shown) return;
  el.count.textContent = t('list.total', { total: formatNumber(shown.total) });
  renderRows(el.tbody, shown.villages, editor.village?.id ?? null, {
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

let typing: ReturnType<typeof setTimeout> | undefined;
el.q.addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(() => change({ q: el.q.value }), 250);
});
byId('filters').addEventListener('submit', (e) => {
  e.preventDefault();
  clearTimeout(typing);
  change({ q: el.q.value });
});
el.township.addEventListener('change', () => change({ townshipId: Number(el.township.value) || null }));
el.kind.addEventListener('change', () => change({ kind: (el.kind.value || null) as Kind | null }));
el.retired.addEventListener('change', () => change({ retired: el.retired.value as RetiredFilter }));
el.prev.addEventListener('click', () => {
  query = { ...query, offset: Math.max(0, query.offset - query.limit) };
  void update();
});
el.next.addEventListener('click', () => {
  query = { ...query, offset: query.offset + query.limit };
  void update();
});

render();
// A partner never gets here: the registry is the bureau's, and startPage() says so (header.ts).
await loadTownships();
await update();
editor.invalidate();
