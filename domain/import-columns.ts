// The columns the registry import understands, and the headers a county's own spreadsheet gives
// them: the clerk's 序号, 乡镇, 村委会, 村代码, 经度, 纬度 as readily as `code,name,lat,lng`. The server
// reads headers with this table (server/imports/sources.ts) and the registry page lists it and
// names refused columns with it, so the two cannot drift.
//
// A header is matched after dropping a BOM, spaces (full-width too), brackets of either width and
// _ - . / 、 * :, and lower-casing: `Township Code`, `township_code`, `乡（镇）` and `乡 镇` are
// each one name. A header with a bracketed unit or note that matches nothing (`经度（°）`,
// `纬度(北纬)`) is matched again without the bracket. Other columns (序号, 备注, 人口…) are ignored.

export const importColumns = ['code', 'name', 'township_code', 'township_name', 'committee', 'kind', 'parent_code', 'lat', 'lng'] as const;
export type ImportColumn = (typeof importColumns)[number];

export interface HeaderNames {
  /** Headers that mean this column. */
  names: readonly string[];
  /**
   * Headers that mean this column only when the file has none of `names` for it: 行政村 names the
   * village in a clerk's list of administrative villages, but is the parent's name beside a 自然村
   * column; 行政村代码 is the village's code unless the file has a code column of its own.
   */
  fallback?: readonly string[];
}

export const headerNames: Record<ImportColumn, HeaderNames> = {
  code: {
    names: ['code', 'villagecode', '代码', '编码', '村代码', '村编码', '村级代码', '村级编码', '村庄代码', '村庄编码', '村委会代码', '社区代码', '村居代码',
      '村(社区)代码', '村(居)代码', '区划代码', '统计用区划代码', '行政区划代码', '村级区划代码', '区划编码', '行政区划编码', '12位代码', '十二位代码'],
    fallback: ['行政村代码', '行政村编码'],
  },
  name: {
    names: ['name', 'villagename', '名称', '村名', '村名称', '村庄名称', '村庄', '自然村', '自然村名称', '自然村名'],
    fallback: ['村委会', '村委会名称', '村民委员会', '行政村', '行政村名称', '社区', '社区名称', '居委会', '社区居委会', '村(社区)', '村社区', '村(社区)名称',
      '村(居)委会', '村居委会', '村(居)委会名称', '村居', '村居名称', '单位名称'],
  },
  township_code: { names: ['townshipcode', 'streetcode', '乡镇代码', '乡镇编码', '乡镇区划代码', '街道代码', '乡镇(街道)代码', '乡(镇)代码'] },
  township_name: {
    names: ['townshipname', 'township', 'street', 'streetname', '乡镇', '乡镇名称', '乡镇名', '乡(镇)', '乡镇街道', '乡镇(街道)', '乡镇(街道)名称', '街道(乡镇)',
      '所属乡镇', '所属乡镇(街道)', '所在乡镇', '镇', '乡', '镇名', '乡镇街道名称', '街道'],
  },
  committee: { names: ['committee', '委员会', '委员会类型', '村居类型'] },
  kind: { names: ['kind', 'type', 'level', '类型', '村类型', '级别', '村级别'] },
  parent_code: { names: ['parentcode', 'parent', '上级代码', '上级编码', '所属行政村代码', '所属村委会代码', '所属行政村编码'], fallback: [] },
  lat: { names: ['lat', 'latitude', 'y', '纬度', '北纬', '纬度坐标', 'y坐标'] },
  lng: { names: ['lng', 'lon', 'long', 'longitude', 'x', '经度', '东经', '经度坐标', 'x坐标'] },
};

/** Headers a clerk's file often has that the import skips on purpose (any other unknown header is skipped too). */
export const ignoredHeaders = ['序号', 'no', '备注', '人口', '户数'] as const;

/** A header as it is compared: no BOM, no spaces or brackets or separators, lower case, brackets of either width alike. */
export const normaliseHeader = (header: string): string =>
  header
    .replace(/^\uFEFF/, '')
    .normalize('NFKC') // full-width （） and letters to their ASCII forms
    .toLowerCase()
    .replace(/[\s_\-./、*:()[\]【】]/g, '');

/** The header without a bracketed note or unit: `经度（°）` → `经度`. */
const withoutNote = (header: string): string => normaliseHeader(header.normalize('NFKC').replace(/[([【][^)\]】]*[)\]】]/g, ''));

export interface HeaderReading<C extends string = ImportColumn> {
  /** The column of each header, in order (undefined: ignored). */
  columns: (C | undefined)[];
  /** Two headers of one column: the second one's index, and the column. */
  duplicate?: { index: number; column: C };
}

/**
 * A file's header line read with one import's table (the villages' here, the film catalogue's in
 * domain/film-columns.ts): each header's column, a fallback name only where nothing stronger names
 * its column, and the first column named twice.
 */
export function headerReader<C extends string>(columns: readonly C[], names: Record<C, HeaderNames>) {
  const lookup = (key: 'names' | 'fallback') => new Map<string, C>(columns.flatMap((column) => (names[column][key] ?? []).map((n) => [normaliseHeader(n), column] as const)));
  const byName = lookup('names');
  const byFallback = lookup('fallback');
  const find = (map: Map<string, C>, header: string) => map.get(normaliseHeader(header)) ?? map.get(withoutNote(header));
  return {
    /** The column a fallback name would give this header. */
    fallbackOf: (header: string) => find(byFallback, header),
    read(record: readonly string[], adjust?: (columns: (C | undefined)[], named: Set<C>) => void): HeaderReading<C> {
      const found = record.map((h) => find(byName, h));
      const named = new Set(found.filter((c): c is C => !!c));
      record.forEach((h, i) => {
        if (found[i]) return;
        const column = find(byFallback, h);
        if (column && !named.has(column)) found[i] = column;
      });
      adjust?.(found, named);
      const seen = new Set<C>();
      for (const [index, column] of found.entries()) {
        if (!column) continue;
        if (seen.has(column)) return { columns: found, duplicate: { index, column } };
        seen.add(column);
      }
      return { columns: found };
    },
  };
}

const villageHeaders = headerReader(importColumns, headerNames);

/** What a village file's header line means: each header's column, a fallback name only where nothing stronger names its column. */
export function readHeaderNames(record: readonly string[]): HeaderReading {
  return villageHeaders.read(record, (columns, named) => {
    // 行政村代码 beside a code column is the parent's code, as it always was.
    record.forEach((h, i) => {
      if (!columns[i] && named.has('code') && villageHeaders.fallbackOf(h) === 'code' && !named.has('parent_code')) columns[i] = 'parent_code';
    });
  });
}
