import type { GroupLevel } from '../areas/schemas.js';
import { csvOf, CSV_TYPE, type Cell, type Table } from '../http/csv.js';
import { bilingual, glossary } from '../http/glossary.js';
import type { Rendered } from './cache.js';
import type { Counts, GroupCounts, UnitRow, WithCoverage, YearRow } from './counts.js';

// The coverage answers as CSV downloads (?format=csv): one table each, headers in Chinese and
// English, statuses and kinds in the pages' words (../http/glossary.ts), and the file's name.

const zh = glossary['zh-CN'];

const csv = (filename: string, table: Table): Rendered => ({ type: CSV_TYPE, filename, body: csvOf([table]) });

const countsHeader = (['units', 'covered', 'planned', 'overdue', 'gap', 'coverage'] as const).map((k) => bilingual((g) => g.counts[k]));
const countCells = (c: WithCoverage<Counts>): Cell[] => [c.units, c.covered, c.planned, c.overdue, c.gap, c.coverage];

/** What names a month's download: the area's code (if one was asked), the month, the level. */
export const monthFileName = (areaCode: string | undefined, month: string, level: string) => `${areaCode ? `${areaCode}-` : ''}${month}-${level}`;

/** /api/coverage: a row per township and the total. */
export const summaryCsv = (name: string, month: string, townships: WithCoverage<Counts & { name: string }>[], totals: WithCoverage<Counts>): Rendered =>
  csv(`coverage-${name}.csv`, {
    title: month,
    header: ['乡镇 township', ...countsHeader],
    rows: [...townships.map((t) => [t.name, ...countCells(t)]), ['合计 total', ...countCells(totals)]],
    percent: [6],
  });

/** /api/coverage?groupBy: a row per area (or township) with its code, and the total under the asked area's code. */
export const groupsCsv = (name: string, month: string, groupBy: GroupLevel, areaCode: string | undefined, groups: WithCoverage<GroupCounts>[], totals: WithCoverage<Counts>): Rendered =>
  csv(`coverage-${name}-${groupBy}.csv`, {
    title: month,
    header: [bilingual((g) => g.group[groupBy]), '代码 code', ...countsHeader],
    rows: [...groups.map((g) => [g.name, g.code, ...countCells(g)]), ['合计 total', areaCode ?? '', ...countCells(totals)]],
    code: [1],
    percent: [7],
  });

/** /api/coverage/villages: a row per unit with its status. */
export const villagesCsv = (month: string, level: string, units: UnitRow[]): Rendered =>
  csv(`villages-${month}-${level}.csv`, {
    title: month,
    header: ['编码 code', '村 village', '乡镇 township', '类型 kind', '状态 status', bilingual((g) => g.verification.verified), '放映场次 screenings', '纬度 lat', '经度 lng'],
    rows: units.map((v) => [v.code, v.name, v.townshipName, zh.level[v.kind], zh.status[v.status], v.verified ? '是' : '', v.screenings, v.lat, v.lng]),
    code: [0],
  });

/** /api/coverage/year: a row per unit, its status in each month and the months covered. */
export const yearCsv = (year: number, level: string, months: string[], units: YearRow[]): Rendered =>
  csv(`coverage-${year}-${level}.csv`, {
    title: String(year),
    header: ['乡镇 township', '村 village', ...months, '覆盖月数 months covered'],
    rows: units.map((v) => [v.townshipName, v.name, ...v.statuses.map((s) => (s ? zh.status[s] : '')), v.statuses.filter((s) => s === 'covered').length]),
  });
