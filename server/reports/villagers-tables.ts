import { categoryNamesZh } from '../../domain/programme.js';
import { reportKindNamesZh, reportStateNamesZh, reportStates } from '../../domain/voice.js';
import type { Table } from '../http/csv.js';
import { zhCN, type MessageKey } from '../../web/src/i18n/zh-CN.js';
import type { VillagersReport } from './villagers.js';

// What villagers said (./villagers.ts) as spreadsheets (../http/csv.ts): headed in Chinese with the
// words of the page (the zh-CN catalogue), kinds and states as domain/voice.ts names them, a mean
// rating to two decimals.

const w = (key: MessageKey) => zhCN[key];
const col = (k: string) => w(`reports.villagers.col.${k}` as MessageKey);
const mean = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

export function villagersTables(r: VillagersReport): Table[] {
  const c = r.confirmations;
  return [
    {
      title: w('reports.villagers.sheet.films'),
      header: [col('film'), col('category'), col('requests')],
      rows: r.requests.films.map((f) => [f.title, categoryNamesZh[f.category], f.requests]),
    },
    {
      title: w('reports.villagers.sheet.teams'),
      header: ['team', 'partner', 'screenings', 'confirmed', 'confirmations', 'ratings', 'averageRating'].map(col),
      rows: [
        ...c.teams.map((t) => [t.teamName, t.partnerName, t.screenings, t.confirmed, t.confirmations, t.ratings, mean(t.averageRating)]),
        [w('reports.villagers.total'), '', c.totals.screenings, c.totals.confirmed, c.totals.confirmations, c.totals.ratings, mean(c.totals.averageRating)],
      ],
    },
    {
      title: w('reports.villagers.sheet.reports'),
      header: [col('kind'), ...reportStates.map((s) => reportStateNamesZh[s]), col('total')],
      rows: [
        ...r.reports.byKind.map((k) => [reportKindNamesZh[k.kind], ...reportStates.map((s) => k[s]), k.total]),
        [w('reports.villagers.total'), ...reportStates.map((s) => r.reports.byState[s]), r.reports.total],
      ],
    },
  ];
}
