import type { GroupLevel } from '../areas/schemas.js';
import ExcelJS from 'exceljs';
import type { Request, Response } from 'express';
import type { UnitStatus, VerificationState } from '../../domain/status.js';
import type { Level } from '../../domain/units.js';
import { badRequest } from './problem.js';

// Answers as spreadsheets: tables with Chinese headers, as CSV (UTF-8 with a BOM, for Excel) or
// XLSX (one sheet a table). What a person reads in them is written as the pages show it:
// statuses and kinds in Chinese, ratios as percentages, codes as text (Excel would turn a
// 12-digit code into 5.30423E+11).

export type Cell = string | number | null;

export interface Table {
  title: string;
  header: string[];
  rows: Cell[][];
  /** Columns (0-based) holding a 0..1 ratio: a percentage. */
  percent?: number[];
  /** Columns holding codes of digits: text, never numbers. */
  code?: number[];
}

export const statusLabel: Record<UnitStatus, string> = { covered: '已放映', planned: '已排期', overdue: '逾期未报', gap: '盲点' };
export const levelLabel: Record<Level, string> = { administrative: '行政村', natural: '自然村' };
export const groupLabel: Record<GroupLevel, string> = { province: '省', prefecture: '地市', county: '县', township: '乡镇' };
export const verificationLabel: Record<VerificationState, string> = { verified: '已核实', flagged: '存疑', unverified: '未核实' };

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
export function csvOf(tables: Table[]): string {
  const lines = tables.length === 1 ? csvRows(tables[0]!) : tables.flatMap((t, i) => [...(i ? [''] : []), csvCell(`【${t.title}】`), ...csvRows(t)]);
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export async function xlsxOf(tables: Table[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'film2131';
  for (const t of tables) {
    const sheet = book.addWorksheet(t.title, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    sheet.addRow(t.header).font = { bold: true };
    for (const row of t.rows) sheet.addRow(row.map((c, i) => (t.code?.includes(i) && c !== null ? String(c) : c)));
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    t.header.forEach((h, i) => {
      const column = sheet.getColumn(i + 1);
      const widest = Math.max(h.length * 2, ...t.rows.map((r) => String(r[i] ?? '').length * 1.6));
      column.width = Math.min(40, Math.max(8, Math.ceil(widest) + 2));
      if (t.percent?.includes(i)) column.numFmt = '0%';
      if (t.code?.includes(i)) column.numFmt = '@';
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A download's file name, for ASCII-only clients and (RFC 6266) in full UTF-8. */
export const contentDisposition = (filename: string) =>
  `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Answers JSON, or the tables as CSV or XLSX, as a download named `name`. */
export async function sendTables(res: Response, format: 'json' | 'csv' | 'xlsx', name: string, body: object, tables: () => Table[]) {
  if (format === 'json') return void res.json(body);
  res.setHeader('Content-Disposition', contentDisposition(`${name}.${format}`));
  if (format === 'csv') return void res.type(CSV_TYPE).send(csvOf(tables()));
  res.type(XLSX_TYPE).send(await xlsxOf(tables()));
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
