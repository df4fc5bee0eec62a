import { kindValues, type RawRow } from './columns.js';
import type { RowError } from './result.js';

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
 * refuses another. An empty kind is natural when a parent code is given, else administrative.
 */
export function checkRow(raw: RawRow, townshipCode?: string): StagedRow | RowError[] {
  const { row, fields: f } = raw;
  const errors: RowError[] = [...(raw.errors ?? [])];
  const fail = (column: string, message: string) => errors.push({ row, column, message });

  const code = text(f.code);
  if (!/^\d{12}$/.test(code)) fail('code', code ? 'must be 12 digits' : 'is required');
  const name = text(f.name);
  if (!name) fail('name', 'is required');
  else if (name.length > 100) fail('name', 'must be at most 100 characters');

  let township = text(f.township_code);
  if (!township && townshipCode) township = townshipCode;
  if (!/^\d{9}$/.test(township)) fail('township_code', township ? 'must be 9 digits' : 'is required');
  else if (townshipCode && township !== townshipCode) fail('township_code', `is outside the township of this import (${townshipCode})`);
  const townshipName = text(f.township_name);
  if (townshipName.length > 100) fail('township_name', 'must be at most 100 characters');

  const parent = text(f.parent_code);
  if (parent && !/^\d{12}$/.test(parent)) fail('parent_code', 'must be 12 digits');
  else if (parent && parent === code) fail('parent_code', 'a village cannot be its own parent');

  const kindText = text(f.kind);
  const kind = kindText ? kindValues[kindText.toLowerCase()] : parent ? 'natural' : 'administrative';
  if (!kind) fail('kind', 'must be administrative (行政村) or natural (自然村)');
  else if (kind === 'natural' && !parent) fail('parent_code', 'a natural village needs the code of its administrative village');
  else if (kind === 'administrative' && parent) fail('parent_code', 'an administrative village has no parent');

  const lat = coordinate(f.lat, 90, 'lat', fail);
  const lng = coordinate(f.lng, 180, 'lng', fail);
  if ((lat === null) !== (lng === null) && !errors.some((e) => e.column === 'lat' || e.column === 'lng' || e.column === 'geometry')) {
    fail(lat === null ? 'lat' : 'lng', 'give both lat and lng, or neither');
  }

  if (errors.length) return errors;
  return { row, code, name, township_code: township, township_name: townshipName || null, kind: kind!, parent_code: parent || null, lat, lng };
}

function coordinate(value: string | number | null | undefined, limit: number, column: string, fail: (c: string, m: string) => void): number | null {
  const t = text(value);
  if (!t) return null;
  const n = typeof value === 'number' ? value : /^[-+]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(n)) fail(column, 'must be a number (decimal degrees, WGS-84)');
  else if (Math.abs(n) > limit) fail(column, `must be between -${limit} and ${limit}`);
  else return n;
  return null;
}
