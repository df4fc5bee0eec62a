import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { columnOf, type Column, type RawFields, type RawRow } from './columns.js';
import { printable, printableHeaders } from './codes.js';
import { fileError, rowError } from './result.js';

/** A long name or a stray quote must not make one record swallow the upload. */
const MAX_RECORD_CHARS = 64 * 1024;

/** CSV text to rows: the first record is the header (English or Chinese names, any order). */
export async function* csvRows(text: AsyncIterable<string>): AsyncGenerator<RawRow> {
  const parser = Readable.from(text).pipe(
    parse({ bom: true, skip_empty_lines: true, relax_column_count: true, max_record_size: MAX_RECORD_CHARS }),
  );
  let header: (Column | undefined)[] | undefined;
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = readHeader(record);
        continue;
      }
      row++;
      if (record.every((v) => v.trim() === '')) {
        row--; // a line of empty cells (Excel leaves them) is no data row
        continue;
      }
      const fields: RawFields = {};
      header.forEach((column, i) => {
        if (column) fields[column] = record[i] ?? null;
      });
      yield { row, fields };
    }
  } catch (err) {
    // csv-parse quotes the record it stopped at: the file's own bytes, shown only as printable text, cut short.
    if (err instanceof CsvError) throw fileError(row + 1, '', 'csv_unreadable', { reason: err.code, detail: printable(err.message, 120) });
    throw err;
  }
  if (!header) throw fileError(0, '', 'empty_file');
}

function readHeader(record: string[]): (Column | undefined)[] {
  const header = record.map(columnOf);
  const seen = new Set<Column>();
  for (const [i, column] of header.entries()) {
    if (!column) continue;
    if (seen.has(column)) throw fileError(0, printable(record[i] ?? column), 'duplicate_column', { column });
    seen.add(column);
  }
  for (const required of ['code', 'name'] as const) {
    if (!seen.has(required)) throw fileError(0, required, `no_${required}_column`, { headers: printableHeaders(record) });
  }
  return header;
}

/**
 * A GeoJSON FeatureCollection to rows, one per feature, without parsing the whole document at once:
 * a small scanner walks the text, cuts out each element of the top-level `features` array and
 * JSON.parses only that. Properties use the CSV column names; a Point's coordinates give lng, lat.
 */
export async function* geojsonRows(text: AsyncIterable<string>): AsyncGenerator<RawRow> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let started = false;
  let token = ''; // the string being read at depth 1 (a key or a value)
  let expectKey = false;
  let lastKey = '';
  let typeValue: string | undefined;
  let inFeatures = false;
  let sawFeatures = false;
  let piece: string[] = []; // text of the feature being cut out
  let pieceStart: number;
  let row = 0;

  const fail = (code: 'geojson_bad_text' | 'geojson_trailing_text' | 'geojson_truncated') => fileError(row + 1, '', code);

  for await (const chunk of text) {
    pieceStart = inFeatures && depth >= 3 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (inString) {
        if (depth === 1) token += c;
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') {
          inString = false;
          if (depth === 1) {
            let value: string;
            try {
              value = JSON.parse(token) as string;
            } catch {
              throw fail('geojson_bad_text');
            }
            if (expectKey) lastKey = value;
            else if (lastKey === 'type') typeValue = value;
            token = '';
          }
        }
        continue;
      }
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
      if (!started) {
        if (c !== '{') throw fileError(0, '', 'geojson_not_object');
        started = true;
        depth = 1;
        expectKey = true;
        continue;
      }
      if (depth === 0) throw fail('geojson_trailing_text');
      switch (c) {
        case '"':
          inString = true;
          if (depth === 1) token = '"';
          break;
        case ':':
          if (depth === 1) expectKey = false;
          break;
        case ',':
          if (depth === 1) expectKey = true;
          break;
        case '{':
        case '[':
          depth++;
          if (depth === 2 && c === '[' && lastKey === 'features' && !expectKey) {
            inFeatures = true;
            sawFeatures = true;
          } else if (inFeatures && depth === 3) {
            pieceStart = i;
            piece = [];
          }
          break;
        case '}':
        case ']':
          depth--;
          if (inFeatures && depth === 2) {
            piece.push(chunk.slice(pieceStart, i + 1));
            pieceStart = -1;
            row++;
            yield featureRow(piece.join(''), row);
          } else if (inFeatures && depth === 1) inFeatures = false;
          break;
      }
    }
    if (pieceStart >= 0 && inFeatures && depth >= 3) piece.push(chunk.slice(pieceStart));
  }
  if (!started) throw fileError(0, '', 'empty_file');
  if (depth !== 0 || inString) throw fail('geojson_truncated');
  if (typeValue !== 'FeatureCollection') throw fileError(0, 'type', 'not_feature_collection');
  if (!sawFeatures) throw fileError(0, 'features', 'no_features');
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
    for (const [key, value] of Object.entries(f.properties)) {
      const column = columnOf(key);
      if (column && (value === null || typeof value === 'string' || typeof value === 'number')) fields[column] = value;
    }
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
