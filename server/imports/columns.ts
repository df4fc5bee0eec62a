import type { RowError } from './result.js';

// The columns an import understands, and the header names a county's spreadsheet may give them.
// Headers are matched after trimming, lower-casing and dropping spaces, '_', '-' and '.', so
// `Township Code`, `township_code` and `townshipCode` are one name. Other columns are ignored.

export const columns = ['code', 'name', 'township_code', 'township_name', 'committee', 'kind', 'parent_code', 'lat', 'lng'] as const;
export type Column = (typeof columns)[number];

export const aliases: Record<Column, string[]> = {
  code: ['code', 'villagecode', '编码', '代码', '村编码', '村代码', '村庄编码', '区划代码', '统计用区划代码', '行政区划代码'],
  name: ['name', 'villagename', '名称', '村名', '村名称', '村庄名称', '村委会名称', '自然村名称'],
  township_code: ['townshipcode', 'streetcode', '乡镇代码', '乡镇编码', '乡镇区划代码', '街道代码'],
  township_name: ['townshipname', 'township', 'streetname', '乡镇名称', '乡镇', '乡镇街道', '乡镇(街道)', '乡镇（街道）', '街道'],
  committee: ['committee', '委员会', '委员会类型', '村居类型'],
  kind: ['kind', 'type', 'level', '类型', '村类型', '级别', '村级别'],
  parent_code: ['parentcode', 'parent', '上级代码', '上级编码', '所属行政村代码', '行政村代码', '所属村委会代码'],
  lat: ['lat', 'latitude', 'y', '纬度'],
  lng: ['lng', 'lon', 'long', 'longitude', 'x', '经度'],
};

const normalise = (header: string) => header.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s_\-.]/g, '');

const byAlias = new Map<string, Column>(
  Object.entries(aliases).flatMap(([column, names]) => names.map((n) => [normalise(n), column as Column] as const)),
);

export const columnOf = (header: string): Column | undefined => byAlias.get(normalise(header));

/** Accepted values of `kind`: administrative (行政村, also a community 社区) or natural (自然村). */
export const kindValues: Record<string, 'administrative' | 'natural'> = {
  administrative: 'administrative',
  admin: 'administrative',
  行政村: 'administrative',
  村委会: 'administrative',
  居委会: 'administrative',
  社区: 'administrative',
  natural: 'natural',
  自然村: 'natural',
  村民小组: 'natural',
};

/** One row of the file, by column, as text (GeoJSON numbers arrive as numbers). */
export type RawFields = Partial<Record<Column, string | number | null>>;

export interface RawRow {
  /** Data row, counted from 1 (the header is row 0). */
  row: number;
  fields: RawFields;
  /** Found while reading the row (a GeoJSON geometry that is not a Point). */
  errors?: RowError[];
}
