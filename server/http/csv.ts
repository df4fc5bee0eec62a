import ExcelJS from 'exceljs';
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { perHeader } from './per-header.js';
import { badRequest } from './problem.js';

// Answers as spreadsheets: tables with Chinese headers, as CSV (UTF-8 with a BOM, for Excel) or
// XLSX (one sheet a table). What a person reads in them is written as the pages show it:
// statuses and kinds in the pages' words (./glossary.ts), ratios as percentages, codes as text
// (Excel would turn a 12-digit code into 5.30423E+11), times as the county's wall clock: in XLSX a
// date cell with a date format, in CSV ISO 8601 with the offset (what a script parses without
// guessing a zone, and what the JSON answers say).

export type Cell = string | number | null;

export interface Table {
  title: string;
  header: string[];
  rows: Cell[][];
  /** Columns (0-based) holding a 0..1 ratio: a percentage. */
  percent?: number[];
  /** Columns holding codes of digits: text, never numbers. */
  code?: number[];
  /** Columns holding instants as ISO 8601 with an offset: local date-time cells in XLSX. */
  time?: number[];
  /** Columns holding yuan: shown with two decimals in XLSX (350 reads 350.00, as finance writes it). */
  money?: number[];
}

/** What a workbook says around its tables: its title (the first row of every sheet; the CSV's first line) and the county zone its times are shown in. */
export interface Sheets {
  title?: string;
  zone: string;
}

/** Excel's date-time format of a time cell: the county's wall clock, to the minute. */
export const TIME_FORMAT = 'yyyy-mm-dd hh:mm';

/** Excel's format of a yuan cell: two decimals. */
export const MONEY_FORMAT = '0.00';

/** A 0..1 ratio as the pages show it: a whole percentage. */
export const percentText = (x: number) => `${Math.round(x * 100)}%`;

function csvCell(value: Cell, kind?: 'percent' | 'code'): string {
  if (value === null || value === undefined) return '';
  if (kind === 'percent' && typeof value === 'number') return percentText(value);
  // ="…" is how a CSV tells Excel that digits are text.
  const s = kind === 'code' && /^\d+$/.test(String(value)) ? `="${value}"` : String(value);
  // Neutralise spreadsheet formulas (=, +, -, @) in text that came from users.
  const safe = kind !== 'code' && typeof value === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvRows = (t: Table): string[] =>
  [t.header.map((h) => csvCell(h)), ...t.rows.map((r) => r.map((c, i) => csvCell(c, t.percent?.includes(i) ? 'percent' : t.code?.includes(i) ? 'code' : undefined)))].map((r) => r.join(','));

/**
 * RFC 4180 CSV with a byte-order mark, so Excel reads Chinese correctly. One table is written
 * plainly; several as sections, each under its title and apart from the next by a blank line.
 */
export function csvOf(tables: Table[], title?: string): string {
  const lines = tables.length === 1 ? csvRows(tables[0]!) : tables.flatMap((t, i) => [...(i ? [''] : []), csvCell(`【${t.title}】`), ...csvRows(t)]);
  return '\uFEFF' + [...(title ? [csvCell(title), ''] : []), ...lines].join('\r\n') + '\r\n';
}

/**
 * An instant as the Date whose UTC fields are the county's wall clock: Excel has no zones, and
 * ExcelJS writes a Date's UTC fields, so the cell reads the local date and time.
 */
export function localCell(iso: string, zone: string): Date {
  const t = DateTime.fromISO(iso, { setZone: true }).setZone(zone);
  return new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second));
}

export async function xlsxOf(tables: Table[], sheets: Sheets): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'film2131';
  for (const t of tables) {
    const sheet = book.addWorksheet(t.title, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    if (sheets.title) {
      // The title row: the county and the period, over the table, as on the printed report.
      const title = sheet.addRow([sheets.title]);
      title.font = { bold: true, size: 14 };
      sheet.mergeCells(1, 1, 1, Math.max(1, t.header.length));
    }
    sheet.addRow(t.header).font = { bold: true };
    const cell = (c: Cell, i: number) => (c === null ? c : t.code?.includes(i) ? String(c) : t.time?.includes(i) && typeof c === 'string' ? localCell(c, sheets.zone) : c);
    for (const row of t.rows) sheet.addRow(row.map(cell));
    sheet.views = [{ state: 'frozen', ySplit: sheets.title ? 2 : 1 }];
    t.header.forEach((h, i) => {
      const column = sheet.getColumn(i + 1);
      const widest = Math.max(h.length * 2, ...t.rows.map((r) => String(r[i] ?? '').length * 1.6));
      column.width = Math.min(40, Math.max(8, Math.ceil(widest) + 2));
      if (t.percent?.includes(i)) column.numFmt = '0%';
      if (t.code?.includes(i)) column.numFmt = '@';
      if (t.money?.includes(i)) column.numFmt = MONEY_FORMAT;
      if (t.time?.includes(i)) {
        column.numFmt = TIME_FORMAT;
        column.width = Math.max(column.width ?? 0, 18);
      }
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A download's file name, for ASCII-only clients and (RFC 6266) in full UTF-8. */
export const contentDisposition = (filename: string) =>
  `attachment; filename="${asciiName(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

/** The name without what an ASCII-only header cannot carry (a county's Chinese name): "通海县-report-2026-11.xlsx" → "report-2026-11.xlsx". */
const asciiName = (filename: string) => filename.replace(/[^\x20-\x7e]|["\\]/g, '').replace(/^[-\s]+/, '') || 'download';

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Answers JSON, or the tables as CSV or XLSX, as a download named `name`. */
export async function sendTables(res: Response, format: 'json' | 'csv' | 'xlsx', name: string, body: object, tables: () => Table[], sheets: Sheets) {
  if (format === 'json') return void res.json(body);
  res.setHeader('Content-Disposition', contentDisposition(`${name}.${format}`));
  if (format === 'csv') return void res.type(CSV_TYPE).send(csvOf(tables(), sheets.title));
  res.type(XLSX_TYPE).send(await xlsxOf(tables(), sheets));
}

/** The Accept header prefers CSV to JSON (each value negotiated once: ./per-header.ts). */
const prefersCsv = perHeader('accept', (req) => req.accepts(['application/json', 'text/csv']) === 'text/csv');

/** `?format=csv|json` (of `query`, the request's when not given), or else the Accept header, decides; JSON unless CSV is asked for. */
export function wantsCsv(req: Request, query: Request['query'] = req.query): boolean {
  const format = query.format;
  if (format !== undefined) {
    if (format === 'csv') return true;
    if (format === 'json') return false;
    throw badRequest('format must be json or csv.', [{ path: 'format', message: 'must be json or csv' }]);
  }
  return prefersCsv(req);
}
