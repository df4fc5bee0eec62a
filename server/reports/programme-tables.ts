import { categoryNamesZh } from '../../domain/programme.js';
import { glossary } from '../http/glossary.js';
import type { Table } from '../http/csv.js';
import { zhCN, type MessageKey } from '../../web/src/i18n/zh-CN.js';
import type { ProgrammeReport } from './programme.js';

// The programme report as spreadsheets (../http/csv.ts): headed in Chinese with the words of the
// page (the zh-CN catalogue), shares and targets as percentages, times as the county's wall clock.

const w = (key: MessageKey) => zhCN[key];
const col = (k: string) => w(`reports.programme.col.${k}` as MessageKey);

export function programmeTables(r: ProgrammeReport): Table[] {
  const level = glossary['zh-CN'].group[r.groupBy];
  const line = (name: string, c: ProgrammeReport['totals'], t: ProgrammeReport['targets']) => [
    name,
    c.screenings,
    c.qualifying,
    c.withScience,
    c.scienceShare,
    t?.scienceShare.value ?? null,
    c.withNewFilm,
    c.newFilmShare,
    t?.newFilmShare.value ?? null,
    c.repeats,
  ];
  const place = r.place ?? r.area?.name;
  const total = place ? w('reports.programme.totalOf').replace('{name}', place) : w('reports.programme.total');
  return [
    {
      title: w('reports.programme.sheet.groups').replace('{level}', level),
      header: [level, ...['screenings', 'qualifying', 'withScience', 'scienceShare', 'scienceTarget', 'withNewFilm', 'newFilmShare', 'newFilmTarget', 'repeats'].map(col)],
      rows: [...r.groups.map((g) => line(g.name, g, g.targets)), line(total, r.totals, r.targets)],
      percent: [4, 5, 7, 8],
    },
    {
      title: w('reports.programme.sheet.films'),
      header: [col('film'), col('category'), col('screenings')],
      rows: r.films.map((f) => [f.title, categoryNamesZh[f.category], f.screenings]),
    },
    {
      title: w('reports.programme.sheet.repeats'),
      header: ['screening', 'village', 'startsAt', 'film', 'other', 'otherStartsAt', 'reason'].map(col),
      rows: r.repeats.map((x) => [x.screeningId, x.villageName, x.startsAt, x.filmTitle, x.otherScreeningId, x.otherStartsAt, x.reason]),
      time: [2, 5],
    },
  ];
}
