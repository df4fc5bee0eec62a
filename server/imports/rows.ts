import { kindValues, type RawRow } from './columns.js';
import type { ImportCode, ImportParams } from './codes.js';
import { rowError, type RowError } from './result.js';

/** A row that passed the checks one row can make alone; the rest (codes, parents) are set-based. */
export interface StagedRow {
  row: number;
  code: string;
  name: string;
  township_code: string;
  township_name: string | null;
  kind: 'administrative' | 'natural';
  parent_code: string | null;
  lat: number | null;
  lng: number | null;
}

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v).trim());

/**
 * Checks one row. `townshipCode` (the import's scope, when given) fills an empty township code and
 * refuses another; without either, the township is the village code's first 9 digits. `countyCodes`
 * (a scoped importer's counties, null: everywhere) refuses every code that does not begin with one
 * of them, by the code alone: another county's township or village reads like one that does not
 * exist. An empty kind is natural when a parent code is given, else administrative.
 */
export function checkRow(raw: RawRow, townshipCode?: string, countyCodes: readonly string[] | null = null): StagedRow | RowError[] {
  const { row, fields: f } = raw;
  const errors: RowError[] = [...(raw.errors ?? [])];
  const fail = (column: string, code: ImportCode, params?: ImportParams) => errors.push(rowError(row, column, code, params));

  const code = text(f.code);
  const outside = (value: string) => countyCodes !== null && !countyCodes.some((c) => value.startsWith(c));
  if (!/^\d{12}$/.test(code)) fail('code', ...digits(code, 12));
  else if (outside(code)) fail('code', 'outside_area');
  const name = text(f.name);
  if (!name) fail('name', 'required');
  else if (name.length > 100) fail('name', 'too_long', { max: 100 });

  // Every 12-digit village code begins with its township's 9 digits: a clerk's file names the
  // township (乡镇) but rarely its code. A derived code needs no checks of its own (the code's say it all).
  const given = text(f.township_code) || townshipCode || '';
  const township = given || code.slice(0, 9);
  if (given && !/^\d{9}$/.test(given)) fail('township_code', 'digits', { digits: 9 });
  else if (given && townshipCode && given !== townshipCode) fail('township_code', 'outside_township', { townshipCode });
  else if (given && outside(given)) fail('township_code', 'outside_area');
  const townshipName = text(f.township_name);
  if (townshipName.length > 100) fail('township_name', 'too_long', { max: 100 });

  const parent = text(f.parent_code);
  if (parent && !/^\d{12}$/.test(parent)) fail('parent_code', 'digits', { digits: 12 });
  else if (parent && parent === code) fail('parent_code', 'own_parent');
  else if (parent && outside(parent)) fail('parent_code', 'outside_area');

  const kindText = text(f.kind);
  const kind = kindText ? kindValues[kindText.toLowerCase()] : parent ? 'natural' : 'administrative';
  if (!kind) fail('kind', 'bad_kind');
  else if (kind === 'natural' && !parent) fail('parent_code', 'natural_needs_parent');
  else if (kind === 'administrative' && parent) fail('parent_code', 'administrative_has_parent');

  const lat = coordinate(f.lat, 90, 'lat', fail);
  const lng = coordinate(f.lng, 180, 'lng', fail);
  if ((lat === null) !== (lng === null) && !errors.some((e) => e.column === 'lat' || e.column === 'lng' || e.column === 'geometry')) {
    fail(lat === null ? 'lat' : 'lng', 'lat_lng_pair');
  }

  if (errors.length) return errors;
  return { row, code, name, township_code: township, township_name: townshipName || null, kind: kind!, parent_code: parent || null, lat, lng };
}

/** A code of `n` digits: empty is required, anything else must be digits. */
const digits = (value: string, n: number): [ImportCode, ImportParams?] => (value ? ['digits', { digits: n }] : ['required']);

function coordinate(
  value: string | number | null | undefined,
  limit: number,
  column: string,
  fail: (c: string, code: ImportCode, params?: ImportParams) => void,
): number | null {
  const t = text(value);
  if (!t) return null;
  const n = typeof value === 'number' ? value : /^[-+]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(n)) fail(column, 'not_a_number');
  else if (Math.abs(n) > limit) fail(column, 'out_of_range', { limit });
  else return n;
  return null;
}
