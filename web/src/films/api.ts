// The catalogue's JSON as the films page uses it, and its import as the registry's import card
// takes it (web/src/registry/importer.ts ImportKind).
import { filmColumns, filmHeaderNames, readFilmHeaders, type FilmColumn } from '../../../domain/film-columns.js';
import { licensedOn, type FilmCategory } from '../../../domain/programme.js';
import { currentLang, t } from '../i18n/index.js';
import { get, query, request } from '../shared/http.js';
import { h } from '../shared/dom.js';
import { postImport, XLSX_TYPE, type Page } from '../registry/api.js';
import type { ImportKind } from '../registry/importer.js';
import { readRows, type FileRows } from '../registry/preview.js';

export interface CatalogueFilm {
  id: number;
  title: string;
  category: FilmCategory;
  minutes: number | null;
  year: number | null;
  code: string | null;
  availableFrom: string | null;
  availableTo: string | null;
  themes: string[];
  retiredAt: string | null;
}

export interface FilmQuery {
  q: string;
  category: FilmCategory | null;
  theme: string | null;
  availableOn: string | null;
  limit: number;
  offset: number;
}

/** Where a film stands on `today` (YYYY-MM-DD): retired, or by its licence window. */
export type FilmState = 'licensed' | 'expired' | 'notYet' | 'retired';
export function filmState(f: CatalogueFilm, today: string): FilmState {
  if (f.retiredAt) return 'retired';
  if (licensedOn(f, today)) return 'licensed';
  return f.availableFrom && today < f.availableFrom ? 'notYet' : 'expired';
}

export type FilmChange = Partial<Omit<CatalogueFilm, 'id'>>;

export const filmsApi = {
  list: (q: FilmQuery) =>
    get<Page<CatalogueFilm>>(`/api/films?${query({ q: q.q.trim() || null, category: q.category, theme: q.theme, availableOn: q.availableOn, limit: q.limit, offset: q.offset })}`),
  /** Every film once, for the theme filter's list. */
  all: () => get<Page<CatalogueFilm>>('/api/films?limit=1000'),
  patch: (id: number, body: FilmChange) => request<CatalogueFilm>('PATCH', `/api/films/${id}`, { body }),
};

const CJK = /[\u3400-\u9fff]/;
const headerIndex = (header: readonly string[], column: string) => {
  const at = readFilmHeaders(header).columns.indexOf(column as FilmColumn);
  return at >= 0 ? at : header.findIndex((name) => name.trim() === column);
};

/** The catalogue import for the import card: CSV or a workbook, no GeoJSON, nothing to retire. */
export const catalogueImport: ImportKind = {
  send: (file, o) => postImport(`/api/films/import?${query({ dryRun: o.dryRun ? 'true' : null })}`, file, /\.xlsx$/i.test(file.name) || file.type === XLSX_TYPE ? XLSX_TYPE : 'text/csv'),
  preview: (file) => readRows(file, /\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv'),
  counts: ['created', 'updated', 'unchanged'],
  headerIndex,
  columnName(column: string | null, rows: FileRows | null) {
    if (!column) return '—';
    if (!filmColumns.includes(column as FilmColumn)) return column;
    if (currentLang() === 'zh-CN' && rows) {
      const header = rows.header[headerIndex(rows.header, column)];
      if (header && CJK.test(header)) return header;
    }
    return t(`catalogue.column.${column as FilmColumn}`);
  },
  renderHeaders(table: HTMLElement) {
    table.replaceChildren(
      h('caption', {}, t('import.headers.caption')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('import.headers.column')), h('th', { scope: 'col' }, t('import.headers.names')))),
      h(
        'tbody',
        {},
        ...filmColumns.map((c) => h('tr', { 'data-column': c }, h('th', { scope: 'row' }, t(`catalogue.column.${c}`)), h('td', {}, ...filmHeaderNames[c].names.map((n) => h('code', {}, n))))),
      ),
    );
  },
  forbidden: 'catalogue.import.forbidden',
};
