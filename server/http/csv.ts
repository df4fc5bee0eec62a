import type { Request, Response } from 'express';
import { badRequest } from './problem.js';

type Cell = string | number | boolean | null | undefined;

function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  // Quote what would break the row, and neutralise spreadsheet formulas (=, +, -, @) in text.
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV, UTF-8 with a byte-order mark so Excel reads Chinese names correctly. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A download's file name, for ASCII-only clients and (RFC 6266) in full UTF-8. */
export const contentDisposition = (filename: string) =>
  `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

export const CSV_TYPE = 'text/csv; charset=utf-8';

/** A 0..1 ratio as the CSV files write it: 4 decimals (the JSON answers keep it exact). */
export const csvRatio = (x: number) => Math.round(x * 10_000) / 10_000;

export function sendCsv(res: Response, filename: string, header: string[], rows: Cell[][]): void {
  res.setHeader('Content-Disposition', contentDisposition(filename));
  res.type(CSV_TYPE).send(toCsv(header, rows));
}

/** `?format=csv|json`, or else the Accept header, decides; JSON unless CSV is asked for. */
export function wantsCsv(req: Request): boolean {
  const format = req.query.format;
  if (format !== undefined) {
    if (format === 'csv') return true;
    if (format === 'json') return false;
    throw badRequest('format must be json or csv.', [{ path: 'format', message: 'must be json or csv' }]);
  }
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}
