import { CsvProblem, CsvReader } from './csv.js';
import { readHeaderNames, type Column, type RawFields, type RawRow } from './columns.js';
import { printable, printableHeaders, type ImportCode } from './codes.js';
import { fileError, rowError } from './result.js';

/** A long name or a stray quote must not make one record swallow the upload. */
const MAX_RECORD_CHARS = 64 * 1024;

/** Reads a file's header line: each header's column (undefined: ignored); throws a fileError for a header that cannot be imported. */
export type HeaderRead<C extends string> = (record: string[]) => (C | undefined)[];

/** CSV text to rows: the first record is the header (English or Chinese names, any order). */
export async function* csvRows<C extends string = Column>(text: AsyncIterable<string>, header: HeaderRead<C> = readHeader as unknown as HeaderRead<C>): AsyncGenerator<RawRow<C>> {
  // Each chunk is read to its rows at once, and they are handed on one by one: one generator between
  // the text and its reader instead of one a stage (each costs a turn of the event loop a row).
  const rows = new RecordRows(header);
  const reader = new CsvReader(MAX_RECORD_CHARS);
  const out: RawRow<C>[] = [];
  const take = (record: string[]) => {
    const row = rows.read(record);
    if (row) out.push(row);
  };
  try {
    for await (const chunk of text) {
      reader.push(chunk, take);
      yield* out;
      out.length = 0;
    }
    reader.end(take);
    yield* out;
    rows.end();
  } catch (err) {
    // The reader says where it stopped (and quotes the field of a stray quote): the file's own text, shown only as printable text, cut short.
    if (err instanceof CsvProblem) throw fileError(rows.row + 1, '', 'csv_unreadable', { reason: err.code, detail: printable(err.message, 120) });
    throw err;
  }
}

/** Records (a CSV's, a worksheet's) to rows, one at a time: the first is the header; `row` counts the data rows read. */
class RecordRows<C extends string> {
  private header: (C | undefined)[] | undefined;
  row = 0;

  constructor(private readonly readHeaderLine: HeaderRead<C>) {}

  /** The row a record makes; none for the header and for a line of empty cells (Excel leaves them). */
  read(record: string[]): RawRow<C> | undefined {
    if (!this.header) {
      this.header = this.readHeaderLine(record);
      return undefined;
    }
    if (record.every((v) => v.trim() === '')) return undefined;
    this.row++;
    const fields: RawFields<C> = {};
    this.header.forEach((column, i) => {
      if (column) fields[column] = record[i] ?? null;
    });
    return { row: this.row, fields };
  }

  /** At the end: a file without even a header line is refused. */
  end(): void {
    if (!this.header) throw fileError(0, '', 'empty_file');
  }
}

/** A worksheet's records to rows: the first is the header. */
export async function* recordRows<C extends string = Column>(records: Iterable<string[]>, readHeaderLine: HeaderRead<C> = readHeader as unknown as HeaderRead<C>): AsyncGenerator<RawRow<C>> {
  const rows = new RecordRows(readHeaderLine);
  for (const record of records) {
    const row = rows.read(record);
    if (row) yield row;
  }
  rows.end();
}

/**
 * A header line read with `read` (a column table's reader): two headers of one column, or a
 * required column missing, refuse the file (row 0).
 */
export function checkedHeader<C extends string>(
  read: (record: string[]) => { columns: (C | undefined)[]; duplicate?: { index: number; column: C } },
  required: readonly { column: C; code: ImportCode }[],
): HeaderRead<C> {
  return (record) => {
    const { columns: header, duplicate } = read(record);
    if (duplicate) throw fileError(0, printable(record[duplicate.index] ?? duplicate.column), 'duplicate_column', { column: duplicate.column });
    for (const { column, code } of required) {
      if (!header.includes(column)) throw fileError(0, column, code, { headers: printableHeaders(record) });
    }
    return header;
  };
}

const readHeader = checkedHeader(readHeaderNames, [
  { column: 'code', code: 'no_code_column' },
  { column: 'name', code: 'no_name_column' },
]);

/**
 * Cuts the elements of a GeoJSON document's top-level `features` array out of its text, chunk by
 * chunk, without parsing the whole document: a small scanner follows strings and nesting, reads the
 * keys and the `type` at the top level, and hands out each feature's text as soon as it closes.
 */
class FeatureScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private token = ''; // the string being read at depth 1 (a key or a value)
  private expectKey = false;
  private lastKey = '';
  private typeValue: string | undefined;
  private inFeatures = false;
  private sawFeatures = false;
  private piece: string[] = []; // text of the feature being cut out
  private pieceStart = -1;
  /** Features cut out so far. */
  rows = 0;

  private fail(code: 'geojson_bad_text' | 'geojson_trailing_text' | 'geojson_truncated') {
    return fileError(this.rows + 1, '', code);
  }

  /** One character inside a string; at the top level the string is kept, to know keys and the type. */
  private stringChar(c: string): void {
    if (this.depth === 1) this.token += c;
    if (this.escaped) this.escaped = false;
    else if (c === '\\') this.escaped = true;
    else if (c === '"') {
      this.inString = false;
      if (this.depth !== 1) return;
      let value: string;
      try {
        value = JSON.parse(this.token) as string;
      } catch {
        throw this.fail('geojson_bad_text');
      }
      if (this.expectKey) this.lastKey = value;
      else if (this.lastKey === 'type') this.typeValue = value;
      this.token = '';
    }
  }

  /** One character outside strings; answers a feature's text when this character closed one. */
  private structural(c: string, chunk: string, i: number): string | undefined {
    switch (c) {
      case '"':
        this.inString = true;
        if (this.depth === 1) this.token = '"';
        break;
      case ':':
        if (this.depth === 1) this.expectKey = false;
        break;
      case ',':
        if (this.depth === 1) this.expectKey = true;
        break;
      case '{':
      case '[':
        this.depth++;
        if (this.depth === 2 && c === '[' && this.lastKey === 'features' && !this.expectKey) {
          this.inFeatures = true;
          this.sawFeatures = true;
        } else if (this.inFeatures && this.depth === 3) {
          this.pieceStart = i;
          this.piece = [];
        }
        break;
      case '}':
      case ']':
        this.depth--;
        if (this.inFeatures && this.depth === 2) {
          this.piece.push(chunk.slice(this.pieceStart, i + 1));
          this.pieceStart = -1;
          this.rows++;
          return this.piece.join('');
        } else if (this.inFeatures && this.depth === 1) this.inFeatures = false;
        break;
    }
    return undefined;
  }

  /** The features that close in this chunk, in order. */
  *scan(chunk: string): Generator<string> {
    this.pieceStart = this.inFeatures && this.depth >= 3 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (this.inString) {
        this.stringChar(c);
        continue;
      }
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
      if (!this.started) {
        if (c !== '{') throw fileError(0, '', 'geojson_not_object');
        this.started = true;
        this.depth = 1;
        this.expectKey = true;
        continue;
      }
      if (this.depth === 0) throw this.fail('geojson_trailing_text');
      const feature = this.structural(c, chunk, i);
      if (feature !== undefined) yield feature;
    }
    if (this.pieceStart >= 0 && this.inFeatures && this.depth >= 3) this.piece.push(chunk.slice(this.pieceStart));
  }

  /** At the end of the text: the document must have been one whole FeatureCollection with its features. */
  finish(): void {
    if (!this.started) throw fileError(0, '', 'empty_file');
    if (this.depth !== 0 || this.inString) throw this.fail('geojson_truncated');
    if (this.typeValue !== 'FeatureCollection') throw fileError(0, 'type', 'not_feature_collection');
    if (!this.sawFeatures) throw fileError(0, 'features', 'no_features');
  }
}

/** A GeoJSON FeatureCollection to rows, one per feature (FeatureScanner). Properties use the CSV column names; a Point's coordinates give lng, lat. */
export async function* geojsonRows(text: AsyncIterable<string>): AsyncGenerator<RawRow> {
  const scanner = new FeatureScanner();
  for await (const chunk of text) for (const feature of scanner.scan(chunk)) yield featureRow(feature, scanner.rows);
  scanner.finish();
}

function featureRow(text: string, row: number): RawRow {
  let feature: unknown;
  try {
    feature = JSON.parse(text);
  } catch {
    throw fileError(row, '', 'feature_bad_json');
  }
  const f = feature as { type?: unknown; properties?: unknown; geometry?: unknown };
  const fields: RawFields = {};
  if (f.properties && typeof f.properties === 'object') {
    // The keys read together, like a CSV header: 行政村代码 beside 代码 is the parent's code.
    const entries = Object.entries(f.properties);
    const { columns } = readHeaderNames(entries.map(([key]) => key));
    entries.forEach(([, value], i) => {
      const column = columns[i];
      if (column && (value === null || typeof value === 'string' || typeof value === 'number')) fields[column] = value;
    });
  }
  const g = f.geometry as { type?: unknown; coordinates?: unknown } | null | undefined;
  if (g) {
    const c = g.coordinates;
    if (g.type !== 'Point' || !Array.isArray(c) || c.length < 2) {
      return { row, fields, errors: [rowError(row, 'geometry', 'not_a_point')] };
    }
    fields.lng = c[0] as number;
    fields.lat = c[1] as number;
  }
  return { row, fields };
}
