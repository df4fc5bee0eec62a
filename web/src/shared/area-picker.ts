// Areas above the township (DOMAIN.md "Areas and scopes"): province, prefecture, county, each with
// its national code. The pages that pick one (the setup page's contracts and bureau accounts, the
// reports) share one picker: a <select> of the areas ordered by code, and beside it a text filter
// (the server's `q`) shown only when there are too many to list. Names read by id are kept, so a
// table can name the areas it refers to without reading them all.
import { t } from '../i18n/index.js';
import { h } from './dom.js';
import { get, query } from './http.js';

export type AreaLevel = 'province' | 'prefecture' | 'county';

export interface Area {
  id: number;
  code: string;
  name: string;
  level: AreaLevel;
  parentId: number | null;
}

/** How many areas a select lists at once; above it, the filter shows. */
const LIST_LIMIT = 200;
/** Above this many areas the filter shows, even when the list holds them all. */
const FILTER_ABOVE = 40;

const known = new Map<number, Area>();
const keep = (items: Area[]) => {
  for (const a of items) known.set(a.id, a);
  return items;
};

export const areasApi = {
  list: async (params: { level?: AreaLevel; q?: string; limit?: number; offset?: number }, signal?: AbortSignal) => {
    const page = await get<{ items: Area[]; total: number }>(`/api/areas?${query({ limit: LIST_LIMIT, ...params })}`, { signal });
    keep(page.items);
    return page;
  },
  one: async (id: number) => keep([await get<Area>(`/api/areas/${id}`)])[0]!,
};

/** The areas of these ids (read once each; a long list of counties read a page at a time). Unknown or unreadable ones are left out. */
export async function areasById(ids: Iterable<number>): Promise<Map<number, Area>> {
  const missing = [...new Set(ids)].filter((id) => !known.has(id));
  if (missing.length > 20) {
    for (let offset = 0; ; offset += 1000) {
      const page = await areasApi.list({ level: 'county', limit: 1000, offset });
      if (offset + 1000 >= page.total) break;
    }
  }
  await Promise.all(missing.filter((id) => !known.has(id)).map((id) => areasApi.one(id).catch(() => null)));
  return known;
}

export const knownArea = (id: number | null | undefined) => (id == null ? undefined : known.get(id));

/** "通海县 (530423)" in the reader's language. */
export const areaLabel = (a: Area) => t('area.withCode', { name: a.name, code: a.code });

export interface AreaPicker {
  /** The chosen area's id, or '' for none. */
  readonly value: string;
  /** Chooses an area (reading it when it is not listed), or none with ''. */
  set(id: string): Promise<void>;
  /** Reads the list again (the filter's text kept) and redraws it. */
  load(): Promise<void>;
  /** Redraws the options' text in the reader's language. */
  render(): void;
}

/**
 * A select of areas (of one level, or all of them indented by level), with `filter` (an
 * <input type=search>) shown when there are many. `empty` labels the first option, the choice of
 * none; without it there is no such option.
 */
export function areaPicker(opts: { select: HTMLSelectElement; filter: HTMLInputElement; level?: AreaLevel; empty?: () => string; change?: () => void }): AreaPicker {
  const { select, filter } = opts;
  let items: Area[] = [];
  let total = 0;
  let chosen = '';
  let reading: AbortController | null = null;

  const indent = (a: Area) => (opts.level || filter.value.trim() ? '' : '\u3000'.repeat(['province', 'prefecture', 'county'].indexOf(a.level)));

  function draw() {
    const listed = [...items];
    // The chosen area stays a choice while the filter hides it.
    const picked = knownArea(chosen ? Number(chosen) : null);
    if (picked && !listed.some((a) => a.id === picked.id)) listed.unshift(picked);
    select.replaceChildren(
      ...(opts.empty ? [h('option', { value: '' }, opts.empty())] : []),
      ...listed.map((a) => h('option', { value: a.id, 'data-level': a.level }, indent(a) + areaLabel(a))),
      ...(total > items.length ? [h('option', { value: '', disabled: true, 'data-more': true }, t('area.more', { count: total - items.length }))] : []),
    );
    select.value = chosen;
    if (select.value !== chosen) {
      // Nothing chosen and no empty option: the first area.
      chosen = select.value;
    }
    filter.placeholder = t('area.filter');
    filter.setAttribute('aria-label', t('area.filter'));
  }

  async function load() {
    reading?.abort();
    const ctrl = (reading = new AbortController());
    const q = filter.value.trim();
    try {
      const page = await areasApi.list({ level: opts.level, q: q || undefined }, ctrl.signal);
      if (ctrl.signal.aborted) return;
      items = page.items;
      total = page.total;
      if (!q) filter.hidden = total <= FILTER_ABOVE;
      draw();
    } catch (err) {
      if (!ctrl.signal.aborted) throw err;
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  filter.hidden = true;
  filter.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void load(), 200);
  });
  select.addEventListener('change', () => {
    chosen = select.value;
    opts.change?.();
  });

  return {
    get value() {
      return chosen;
    },
    async set(id) {
      chosen = id;
      if (id && !knownArea(Number(id))) await areasApi.one(Number(id)).catch(() => (chosen = ''));
      draw();
    },
    load,
    render: draw,
  };
}
