// The columns an import understands and the header names a county's spreadsheet gives them live in
// domain/import-columns.ts, which the registry page reads too (to list them and to name a refused
// column as the file did). Other columns are ignored.
import { importColumns, type ImportColumn } from '../../domain/import-columns.js';
import type { RowError } from './result.js';

export { headerNames, ignoredHeaders, readHeaderNames } from '../../domain/import-columns.js';
export const columns = importColumns;
export type Column = ImportColumn;

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
export type RawFields<C extends string = Column> = Partial<Record<C, string | number | null>>;

export interface RawRow<C extends string = Column> {
  /** Data row, counted from 1 (the header is row 0). */
  row: number;
  fields: RawFields<C>;
  /** Found while reading the row (a GeoJSON geometry that is not a Point). */
  errors?: RowError[];
}
