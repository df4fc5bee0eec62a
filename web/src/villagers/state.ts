// What the villagers page shows lives in the URL (?month=&area=&state=&kind=&lang=), so a copied
// link opens the same list. Each filter is one of GET /api/villager-reports's parameters.
import { isMonth } from '../../../domain/months.js';
import { reportKinds, reportStates, type ReportKind, type ReportState } from '../../../domain/voice.js';

export interface Filters {
  month: string;
  /** An area's id, or '' for the reader's own (a bureau user's area) or the whole deployment. */
  area: string;
  state: ReportState | null;
  kind: ReportKind | null;
}

/** The filters a URL asks for; without a month (or with one that is not), `thisMonth`. */
export function readFilters(search: string, thisMonth: string): Filters {
  const q = new URLSearchParams(search);
  const month = q.get('month');
  const area = q.get('area') ?? '';
  const state = q.get('state') as ReportState;
  const kind = q.get('kind') as ReportKind;
  return {
    month: isMonth(month) ? month : thisMonth,
    area: /^[1-9]\d{0,11}$/.test(area) ? area : '',
    state: reportStates.includes(state) ? state : null,
    kind: reportKinds.includes(kind) ? kind : null,
  };
}

export function toSearch(f: Filters, lang: string): string {
  const q = new URLSearchParams({ month: f.month });
  if (f.area) q.set('area', f.area);
  if (f.state) q.set('state', f.state);
  if (f.kind) q.set('kind', f.kind);
  q.set('lang', lang);
  return `?${q}`;
}
