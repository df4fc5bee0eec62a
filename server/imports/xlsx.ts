import ExcelJS from 'exceljs';
import type { Column, RawRow } from './columns.js';
import { fileError } from './result.js';
import { recordRows, type HeaderRead } from './sources.js';

// A workbook (.xlsx) as the clerk saved it: its first worksheet with a header line is read like a
// CSV (recordRows). A workbook is a ZIP whose parts can come in any order, so it is read whole
// (still within the import's byte limit), never streamed.

/** A cell as text: numbers as they are (a 12-digit code kept whole), rich text joined, a formula's result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return '';
}

/** The records of the first worksheet that holds any cell; Excel's trailing empty cells dropped. */
function sheetRecords(sheet: ExcelJS.Worksheet): string[][] {
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based: index 0 is empty
    const record = Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellText(values[i + 1]).trim());
    records.push(record);
  });
  // Rows before the header (a title line above the table) have fewer than two cells.
  while (records.length && records[0]!.filter(Boolean).length < 2) records.shift();
  return records;
}

/** The bytes of a workbook to rows. */
export async function* xlsxRows<C extends string = Column>(bytes: AsyncIterable<Buffer>, header?: HeaderRead<C>): AsyncGenerator<RawRow<C>> {
  const chunks: Buffer[] = [];
  for await (const chunk of bytes) chunks.push(chunk);
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
  } catch {
    throw fileError(0, '', 'xlsx_unreadable');
  }
  const sheet = book.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) throw fileError(0, '', 'empty_file');
  yield* recordRows(sheetRecords(sheet), header);
}
