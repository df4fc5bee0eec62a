// The chosen file read in the browser, only to show the rows the server refused next to its
// reasons. The server remains the judge: this reads small CSV and GeoJSON files only (a workbook
// is not read here) and never validates.
import { readHeaderNames, type ImportColumn } from '../../../domain/import-columns.js';

export interface FileRows {
  header: string[];
  /** Data rows, the first at index 0 (the server counts it as row 1). */
  rows: string[][];
}

/** Larger files are not previewed: the error table still lists row, column and reason. */
const MAX_PREVIEW_BYTES = 5 * 1024 * 1024;

export async function readRows(file: File, contentType: string): Promise<FileRows | null> {
  if (file.size > MAX_PREVIEW_BYTES || contentType.includes('spreadsheetml')) return null;
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = decode(bytes);
  try {
    return contentType.includes('json') ? geoJsonRows(text) : csvRows(text);
  } catch {
    return null; // unreadable here: the server says why
  }
}

/** UTF-8 when the bytes are valid UTF-8, else GB18030 (what Chinese Excel saves), as the server decides. */
function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function csvRows(text: string): FileRows {
  const all = parseCsv(text).filter((r) => r.some((c) => c.trim() !== ''));
  const [header = [], ...rows] = all;
  return { header: header.map((c) => c.trim()), rows };
}

/** RFC 4180: commas, quoted fields with "" for a quote, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

interface Feature {
  geometry?: { type?: string; coordinates?: unknown[] } | null;
  properties?: Record<string, unknown> | null;
}

function geoJsonRows(text: string): FileRows {
  const features = ((JSON.parse(text) as { features?: Feature[] }).features ?? []) as Feature[];
  const keys = new Set<string>();
  for (const f of features) for (const k of Object.keys(f.properties ?? {})) keys.add(k);
  const header = [...keys, 'lng', 'lat'];
  const rows = features.map((f) => {
    const [lng, lat] = f.geometry?.coordinates ?? [];
    const props = f.properties ?? {};
    return [...[...keys].map((k) => (props[k] === null || props[k] === undefined ? '' : String(props[k]))), String(lng ?? ''), String(lat ?? '')];
  });
  return { header, rows };
}

/** The index of the file's header for a column the server named (by its canonical name, `lat`, or as the file had it, `纬度`); -1 when none. */
export function headerIndex(header: readonly string[], column: string): number {
  const at = readHeaderNames(header).columns.indexOf(column as ImportColumn);
  return at >= 0 ? at : header.findIndex((name) => name.trim() === column);
}
