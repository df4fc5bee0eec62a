import { countiesIn, type AreaTree, type RequestScope } from '../areas/scope.js';
import { zhCN } from '../../web/src/i18n/zh-CN.js';

// The place a report is of, for its titles, spreadsheets and print: until the deployment names its
// county itself, the areas say it. One function, so it can be rewired to that setting.

/**
 * The county, when the request counts exactly one (a bureau user's county, an asked county, the
 * only county of the deployment); else the name of the area it is about; else null (the pages
 * then say 全县, "whole county").
 */
export function reportPlace(scope: Pick<RequestScope, 'area' | 'counties'>, tree: AreaTree): string | null {
  const counties = scope.counties() ?? countiesIn(tree, null, null);
  if (counties.length === 1) return tree.get(counties[0]!)?.name ?? null;
  return scope.area?.name ?? null;
}

/** A report's title in a spreadsheet, as the page heads it (the catalogue's title and the place before it). */
export function sheetTitle(place: string | null, title: string): string {
  return place ? zhCN['reports.inArea'].replace('{area}', place).replace('{title}', title) : title;
}

/** 'YYYY-MM' as the Chinese page writes it: 2026年11月. */
export const monthWords = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;

/** The catalogue's title of a kind of report, for its period. */
export const reportTitle = (kind: 'month' | 'year' | 'subsidy', period: string | number) =>
  kind === 'year' ? zhCN['title.year'].replace('{year}', String(period)) : zhCN[kind === 'month' ? 'title.month' : 'title.subsidy'].replace('{month}', monthWords(String(period)));
