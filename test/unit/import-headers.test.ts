import { describe, expect, it } from 'vitest';
import { headerNames, importColumns, normaliseHeader, readHeaderNames } from '../../domain/import-columns.js';
import { checkRow } from '../../server/imports/rows.js';
import { XLSX_TYPE } from '../../web/src/registry/api.js';
import { headerIndex, readRows } from '../../web/src/registry/preview.js';
import { CLERK_HEADER, clerkCsvGbk, clerkRows, clerkXlsx } from '../helpers/clerk.js';

// Issue 19, point 1: the headers a county clerk's sheet uses, read as the import's columns.

const read = (line: string) => readHeaderNames(line.split(','));

describe('the headers of a clerk’s spreadsheet', () => {
  it('序号, 乡镇, 村委会, 村代码, 经度, 纬度: 序号 ignored, 村委会 the name, 乡镇 the township’s name', () => {
    expect(read('序号,乡镇,村委会,村代码,经度,纬度')).toEqual({ columns: [undefined, 'township_name', 'name', 'code', 'lng', 'lat'] });
  });

  it.each([
    ['行政村,村级代码,乡镇名称,东经,北纬', ['name', 'code', 'township_name', 'lng', 'lat']],
    ['村名,统计用区划代码,乡（镇）,经度（°）,纬度(°)', ['name', 'code', 'township_name', 'lng', 'lat']],
    ['社区,区划代码,镇,经 度,纬 度', ['name', 'code', 'township_name', 'lng', 'lat']],
    ['村庄名称,代码,乡镇代码,乡镇（街道）,lng,lat', ['name', 'code', 'township_code', 'township_name', 'lng', 'lat']],
    ['\uFEFF名称, 村代码 ,所属乡镇,Longitude,Latitude', ['name', 'code', 'township_name', 'lng', 'lat']],
    ['村（社区）名称,村（社区）代码,乡镇街道', ['name', 'code', 'township_name']],
  ])('%s', (line, columns) => {
    expect(read(line)).toEqual({ columns });
  });

  it('行政村 beside a 自然村 column is the parent’s name (not read); 行政村代码 beside a code column is the parent’s code', () => {
    expect(read('乡镇,行政村,自然村,代码,行政村代码,经度,纬度')).toEqual({ columns: ['township_name', undefined, 'name', 'code', 'parent_code', 'lng', 'lat'] });
    expect(read('乡镇,行政村,行政村代码')).toEqual({ columns: ['township_name', 'name', 'code'] });
  });

  it('two headers of one column are a duplicate, named by the second', () => {
    expect(read('村名,名称,代码')).toMatchObject({ duplicate: { index: 1, column: 'name' } });
    expect(read('村委会,社区,代码')).toMatchObject({ duplicate: { index: 1, column: 'name' } });
  });

  it('no header means two columns', () => {
    const seen = new Map<string, string>();
    for (const column of importColumns) {
      for (const name of [...headerNames[column].names, ...(headerNames[column].fallback ?? [])]) {
        const key = normaliseHeader(name);
        if (seen.has(key) && seen.get(key) !== column) expect.fail(`${name} means ${seen.get(key)} and ${column}`);
        seen.set(key, column);
      }
    }
  });
});

describe('a row without a township code', () => {
  const row = (fields: Record<string, string>) => checkRow({ row: 1, fields });

  it('takes its township from the first 9 digits of its 12-digit code, with the 乡镇 name beside it', () => {
    expect(row({ code: '530423101201', name: '云龙村', township_name: '杨广镇', lat: '24.14', lng: '102.82' })).toMatchObject({
      township_code: '530423101',
      township_name: '杨广镇',
    });
  });

  it('with a bad code says only the code is wrong', () => {
    expect(row({ code: '53042310120', name: '云龙村', lat: '24.14', lng: '102.82' })).toEqual([expect.objectContaining({ column: 'code', code: 'digits' })]);
  });
});

describe('the registry page’s preview of a clerk’s file', () => {
  it('reads the GBK file and finds the column the server names in the clerk’s headers (township_name → 乡镇, name → 村委会)', async () => {
    const rows = clerkRows(['530423101']);
    const read = await readRows(new File([new Uint8Array(clerkCsvGbk(rows))], '村委会名录.csv'), 'text/csv');
    expect(read?.header).toEqual([...CLERK_HEADER]);
    expect(read?.rows[0]).toEqual(['1', '杨广镇', rows[0]!.name, rows[0]!.code, String(rows[0]!.lng), String(rows[0]!.lat)]);
    expect(['township_name', 'name', 'code', 'lat', 'lng', 'township_code'].map((c) => headerIndex(read!.header, c))).toEqual([1, 2, 3, 5, 4, -1]);
    expect(await readRows(new File([new Uint8Array(await clerkXlsx(rows))], '名录.xlsx'), XLSX_TYPE)).toBeNull(); // a workbook is not read in the page
  });
});
