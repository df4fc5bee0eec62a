// The month's gap villages as a download (GET /api/coverage/gaps: name, code, township, last
// screening), offered by the map's panel and the month report: the two links and their addresses.
import { t } from '../i18n/index.js';
import { h } from './dom.js';

export interface GapQuery {
  month: string;
  level?: string;
  areaId?: number | string | null;
  townshipId?: number | string | null;
}

/** The download's address: the month, and the level, area and township when given. */
export function gapsUrl(format: 'csv' | 'xlsx', q: GapQuery): string {
  const p = new URLSearchParams({ month: q.month });
  if (q.level && q.level !== 'administrative') p.set('level', q.level);
  if (q.areaId) p.set('areaId', String(q.areaId));
  if (q.townshipId) p.set('townshipId', String(q.townshipId));
  p.set('format', format);
  return `/api/coverage/gaps?${p}`;
}

/** "Download the gaps: CSV · Excel", as a paragraph whose links `set` points at a month. */
export function gapDownloads(id: string) {
  const csv = h('a', { id: `${id}-csv`, class: 'gaps-csv', download: true });
  const xlsx = h('a', { id: `${id}-xlsx`, class: 'gaps-xlsx', download: true });
  const label = h('span', {});
  const el = h('p', { class: 'gap-downloads', id }, label, ' ', csv, ' · ', xlsx);
  return {
    el,
    set(q: GapQuery | null) {
      el.hidden = q === null;
      label.textContent = t('gapsFile.download');
      csv.textContent = t('gapsFile.csv');
      xlsx.textContent = t('gapsFile.xlsx');
      el.title = t('gapsFile.downloadHint');
      if (!q) return;
      csv.href = gapsUrl('csv', q);
      xlsx.href = gapsUrl('xlsx', q);
    },
  };
}
