// The catalogue page (/films): search the films, filter by category, theme and "licensed on" a
// day; the bureau and the admin also import a catalogue file after a dry run (the registry's import
// card), change a film, retire it or bring it back. A partner reads the same list, with no controls:
// the page offers a role only what the API lets it do. update() fetches the list for the filters
// and page and redraws it.
import { DateTime } from 'luxon';
import { filmCategories, type FilmCategory } from '../../domain/programme.js';
import { compareNames } from '../../domain/collate.js';
import { formatNumber, t, translate } from './i18n/index.js';
import { catalogueImport, filmsApi, type CatalogueFilm, type FilmQuery } from './films/api.js';
import { filmEditor } from './films/editor.js';
import { renderFilms } from './films/list.js';
import { setupImport } from './registry/importer.js';
import { renderPager, wireListControls } from './registry/list.js';
import { byId, elements, h } from './shared/dom.js';
import { startPage } from './shared/header.js';
import { Problem } from './shared/http.js';
import { statusLine } from './shared/status-line.js';
import { latestOnly } from './shared/update.js';

const PAGE_SIZE = 100;

const page = await startPage('films', () => render());
const writer = page.user.role === 'admin' || page.user.role === 'bureau';
const today = () => DateTime.now().setZone(page.config.timezone).toISODate()!;

const el = elements({
  q: 'input#q',
  category: 'select#f-category',
  theme: 'select#f-theme',
  on: 'input#f-on',
  count: 'list-count',
  listStatus: 'list-status',
  pageInfo: 'page-info',
  prev: 'button#page-prev',
  next: 'button#page-next',
  importCard: 'import-card',
});
const tbody = byId('films').querySelector('tbody')!;
const listStatus = statusLine(el.listStatus);

let query: FilmQuery = { q: '', category: null, theme: null, availableOn: null, limit: PAGE_SIZE, offset: 0 };
let shown: { films: CatalogueFilm[]; total: number } | null = null;

el.category.append(...filmCategories.map((c) => h('option', { value: c, 'data-i18n': `catalogue.category.${c}` })));

// Only for a reader who may write: a partner's page has neither the import card nor the editor.
el.importCard.hidden = !writer;
const importer = writer
  ? setupImport(
      elements({
        form: 'form#import-form',
        file: 'input#import-file',
        dryRun: 'button#dry-run',
        confirm: 'button#confirm-import',
        status: 'import-status',
        result: 'import-result',
        headers: 'table#import-headers-table',
      }),
      () => {
        void loadThemes();
        void update();
      },
      catalogueImport,
    )
  : null;
if (!writer) byId('import-card').remove();

const editor = writer
  ? filmEditor(
      elements({
        form: 'form#film-editor',
        heading: 'editor-title',
        title: 'input#e-title',
        category: 'select#e-category',
        minutes: 'input#e-minutes',
        year: 'input#e-year',
        code: 'input#e-code',
        from: 'input#e-from',
        to: 'input#e-to',
        themes: 'input#e-themes',
        status: 'editor-status',
        cancel: 'button#editor-cancel',
      }),
      (f) => {
        replace(f);
        listStatus.say('catalogue.saved', { title: f.title }, 'ok');
        void loadThemes();
      },
      () => render(),
    )
  : null;
if (!writer) {
  byId('film-editor').remove();
  byId('films').querySelector('th.actions-col')?.remove();
}

function replace(f: CatalogueFilm) {
  if (!shown) return;
  shown.films = shown.films.map((x) => (x.id === f.id ? f : x));
  render();
}

async function setRetired(f: CatalogueFilm, retiredAt: string | null) {
  try {
    const saved = await filmsApi.patch(f.id, { retiredAt });
    replace(saved);
    listStatus.say(retiredAt ? 'catalogue.retiredDone' : 'catalogue.restoredDone', { title: saved.title }, 'ok');
    // Under "licensed on", a retired film leaves the list.
    if (query.availableOn) void update();
  } catch (err) {
    listStatus.say('catalogue.changeFailed', { title: f.title, detail: err instanceof Problem ? err.message : String(err) }, 'error');
  }
}

const update: () => Promise<void> = latestOnly(
  async (stale) => {
    const result = await filmsApi.list(query);
    if (stale()) return;
    if (!result.items.length && result.total && query.offset) {
      query = { ...query, offset: Math.floor((result.total - 1) / query.limit) * query.limit };
      return void update();
    }
    shown = { films: result.items, total: result.total };
    render();
  },
  () => (el.count.textContent = t('page.loadFailed')),
);

function render() {
  translate();
  importer?.render();
  editor?.render();
  listStatus.redraw();
  if (!shown) return;
  el.count.textContent = t('catalogue.list.total', { total: formatNumber(shown.total) });
  renderFilms(tbody, shown.films, today(), editor?.id ?? null, editor
    ? { edit: (f) => editor.open(f), retire: (f) => void setRetired(f, new Date().toISOString()), restore: (f) => void setRetired(f, null) }
    : null);
  renderPager(el.pageInfo, el.prev, el.next, query, shown.total);
}

/** The themes the catalogue uses, for the theme filter. */
async function loadThemes() {
  const { items } = await filmsApi.all();
  const themes = [...new Set(items.flatMap((f) => f.themes))].sort(compareNames);
  const chosen = el.theme.value;
  el.theme.replaceChildren(h('option', { value: '', 'data-i18n': 'catalogue.list.themeAll' }), ...themes.map((x) => h('option', { value: x }, x)));
  el.theme.value = themes.includes(chosen) ? chosen : '';
  translate(el.theme);
}

function change(patch: Partial<FilmQuery>) {
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
el.category.addEventListener('change', () => change({ category: (el.category.value || null) as FilmCategory | null }));
el.theme.addEventListener('change', () => change({ theme: el.theme.value || null }));
el.on.addEventListener('change', () => change({ availableOn: el.on.value || null }));

render();
await loadThemes();
await update();
