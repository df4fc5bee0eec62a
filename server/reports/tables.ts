import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { contentDisposition, csvRatio, toCsv } from '../http/csv.js';

// A report as tables with Chinese headers: one sheet each in XLSX; in CSV one after another, the
// first table's header first and each later one under a blank line and its title.

type Cell = string | number | null;

export interface Table {
  title: string;
  header: string[];
  rows: Cell[][];
  /** Columns (0-based) holding a 0..1 ratio, shown as a percentage in XLSX. */
  percent?: number[];
}

export const statusLabel: Record<string, string> = { covered: '已放映', planned: '已排期', overdue: '逾期未报', gap: '盲点' };

/** A table's rows with its ratio columns to 4 decimals. */
const rounded = (t: Table): Cell[][] =>
  t.percent ? t.rows.map((r) => r.map((c, i) => (typeof c === 'number' && t.percent!.includes(i) ? csvRatio(c) : c))) : t.rows;

export function csvOf(tables: Table[]): string {
  const [first, ...rest] = tables;
  if (!first) return toCsv([], []);
  const rows: Cell[][] = [...rounded(first)];
  for (const t of rest) rows.push([], [t.title], t.header, ...rounded(t));
  return toCsv(first.header, rows);
}

export async function xlsxOf(tables: Table[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'film2131';
  for (const t of tables) {
    const sheet = book.addWorksheet(t.title, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    sheet.addRow(t.header).font = { bold: true };
    for (const row of t.rows) sheet.addRow(row);
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    t.header.forEach((h, i) => {
      const column = sheet.getColumn(i + 1);
      const widest = Math.max(h.length * 2, ...t.rows.map((r) => String(r[i] ?? '').length * 1.6));
      column.width = Math.min(40, Math.max(8, Math.ceil(widest) + 2));
      if (t.percent?.includes(i)) column.numFmt = '0.0%';
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

function attach(res: Response, filename: string) {
  res.setHeader('Content-Disposition', contentDisposition(filename));
}

/** Answers the report as JSON, or its tables as CSV (UTF-8 with a BOM) or XLSX. */
export async function sendReport(res: Response, format: 'json' | 'csv' | 'xlsx', name: string, body: object, tables: () => Table[]) {
  if (format === 'json') return void res.json(body);
  if (format === 'csv') {
    attach(res, `${name}.csv`);
    return void res.type('text/csv; charset=utf-8').send(csvOf(tables()));
  }
  attach(res, `${name}.xlsx`);
  res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await xlsxOf(tables()));
}
