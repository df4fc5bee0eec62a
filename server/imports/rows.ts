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
  const errors = new RowErrors(row, raw.errors);

  const code = text(f.code);
  if (!CODE.test(code)) errors.add('code', ...digits(code, 12));
  else if (outside(code, countyCodes)) errors.add('code', 'outside_area');
  const name = text(f.name);
  if (!name) errors.add('name', 'required');
  else if (name.length > 100) errors.add('name', 'too_long', { max: 100 });

  // Every 12-digit village code begins with its township's 9 digits: a clerk's file names the
  // township (乡镇) but rarely its code. A derived code needs no checks of its own (the code's say it all).
  const given = text(f.township_code) || townshipCode || '';
  const township = given || code.slice(0, 9);
  if (given && !TOWNSHIP_CODE.test(given)) errors.add('township_code', 'digits', { digits: 9 });
  else if (given && townshipCode && given !== townshipCode) errors.add('township_code', 'outside_township', { townshipCode });
  else if (given && outside(given, countyCodes)) errors.add('township_code', 'outside_area');
  const townshipName = text(f.township_name);
  if (townshipName.length > 100) errors.add('township_name', 'too_long', { max: 100 });

  const parent = text(f.parent_code);
  if (parent && !CODE.test(parent)) errors.add('parent_code', 'digits', { digits: 12 });
  else if (parent && parent === code) errors.add('parent_code', 'own_parent');
  else if (parent && outside(parent, countyCodes)) errors.add('parent_code', 'outside_area');

  const kindText = text(f.kind);
  const kind = kindText ? kindValues[kindText.toLowerCase()] : parent ? 'natural' : 'administrative';
  if (!kind) errors.add('kind', 'bad_kind');
  else if (kind === 'natural' && !parent) errors.add('parent_code', 'natural_needs_parent');
  else if (kind === 'administrative' && parent) errors.add('parent_code', 'administrative_has_parent');

  const lat = coordinate(f.lat, 90);
  const lng = coordinate(f.lng, 180);
  if (typeof lat === 'object' && lat) errors.add('lat', ...lat);
  if (typeof lng === 'object' && lng) errors.add('lng', ...lng);
  const latValue = typeof lat === 'number' ? lat : null;
  const lngValue = typeof lng === 'number' ? lng : null;
  if ((latValue === null) !== (lngValue === null) && !errors.list.some((e) => e.column === 'lat' || e.column === 'lng' || e.column === 'geometry')) {
    errors.add(latValue === null ? 'lat' : 'lng', 'lat_lng_pair');
  }

  if (errors.list.length) return errors.list;
  return { row, code, name, township_code: township, township_name: townshipName || null, kind: kind!, parent_code: parent || null, lat: latValue, lng: lngValue };
}

/** The errors of one row (a class: no function made a row, 620,573 rows nationally). */
class RowErrors {
  readonly list: RowError[];
  constructor(
    readonly row: number,
    first?: RowError[],
  ) {
    this.list = first ? [...first] : [];
  }

  add(column: string, code: ImportCode, params?: ImportParams): void {
    this.list.push(rowError(this.row, column, code, params));
  }
}

const CODE = /^\d{12}$/;
const TOWNSHIP_CODE = /^\d{9}$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)$/;

/** A scoped importer's counties (null: everywhere) refuse every code that does not begin with one of them. */
function outside(value: string, countyCodes: readonly string[] | null): boolean {
  return countyCodes !== null && !countyCodes.some((c) => value.startsWith(c));
}

/** A code of `n` digits: empty is required, anything else must be digits. */
const digits = (value: string, n: number): [ImportCode, ImportParams?] => (value ? ['digits', { digits: n }] : ['required']);

/** A coordinate within ±limit: its number, null when empty, or the error (code and params) it makes. */
function coordinate(value: string | number | null | undefined, limit: number): number | null | [ImportCode, ImportParams?] {
  const t = text(value);
  if (!t) return null;
  const n = typeof value === 'number' ? value : NUMBER.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(n)) return ['not_a_number'];
  if (Math.abs(n) > limit) return ['out_of_range', { limit }];
  return n;
}
