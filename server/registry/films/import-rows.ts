import { DateTime } from 'luxon';
import { categoryWords, splitThemes, type FilmColumn } from '../../../domain/film-columns.js';
import type { FilmCategory } from '../../../domain/programme.js';
import type { RawRow } from '../../imports/columns.js';
import type { ImportCode, ImportParams } from '../../imports/codes.js';
import { rowError, type RowError } from '../../imports/result.js';

/**
 * One catalogue row as the film's columns, for the columns the file has: a column the file leaves
 * out leaves the film's value as it is; an empty cell of a column it has clears it.
 */
export interface FilmValues {
  title: string;
  category?: FilmCategory;
  minutes?: number | null;
  year?: number | null;
  code?: string | null;
  available_from?: string | null;
  available_to?: string | null;
  themes?: string[];
}

export interface CheckedFilmRow {
  row: number;
  values: FilmValues;
}

export const THEMES_MAX = 20;
export const THEME_LENGTH = 50;

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v).trim());

/** A whole number, with the unit a clerk may write after it (95分钟, 2024年, 95 min). */
function wholeNumber(cell: string, min: number, max: number): number | null | undefined {
  const m = /^(\d+)(?:\.0+)?\s*(?:分钟|分|min|mins|minutes|年)?$/i.exec(cell);
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

/** 2026-05-01, 2026/5/1, 2026.5.1, 2026年5月1日, a workbook's date cell, or Excel's day number. */
export function catalogueDate(cell: string): string | undefined {
  if (/^\d{5}$/.test(cell)) return DateTime.fromISO('1899-12-30', { zone: 'utc' }).plus({ days: Number(cell) }).toISODate() ?? undefined;
  const iso = /^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.000)?Z$/.exec(cell); // exceljs: a date cell at UTC midnight
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(iso ? iso[1]! : cell);
  if (!m) return undefined;
  const d = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { zone: 'utc' });
  return d.isValid && d.year >= 1900 && d.year <= 2100 ? (d.toISODate() ?? undefined) : undefined;
}

/** Checks one catalogue row alone; the rows against each other and the catalogue are the import's. */
export function checkFilmRow(raw: RawRow<FilmColumn>): CheckedFilmRow | RowError[] {
  const { row, fields: f } = raw;
  const errors: RowError[] = [];
  const fail = (column: FilmColumn, code: ImportCode, params?: ImportParams) => errors.push(rowError(row, column, code, params));
  const has = (column: FilmColumn) => column in f;
  const values: FilmValues = { title: text(f.title) };

  if (!values.title) fail('title', 'required');
  else if (values.title.length > 200) fail('title', 'too_long', { max: 200 });

  const category = text(f.category);
  if (!category) fail('category', 'required');
  else if (!categoryWords[category.toLowerCase()]) fail('category', 'bad_category');
  else values.category = categoryWords[category.toLowerCase()];

  for (const [column, min, max] of [['minutes', 1, 1000], ['year', 1900, 2100]] as const) {
    if (!has(column)) continue;
    const cell = text(f[column]);
    const n = cell ? wholeNumber(cell, min, max) : null;
    if (n === undefined) fail(column, 'not_whole_number', { min, max });
    else values[column] = n;
  }

  if (has('code')) {
    const code = text(f.code);
    if (code.length > 50) fail('code', 'too_long', { max: 50 });
    else values.code = code || null;
  }

  for (const column of ['available_from', 'available_to'] as const) {
    if (!has(column)) continue;
    const cell = text(f[column]);
    const date = cell ? catalogueDate(cell) : null;
    if (date === undefined) fail(column, 'bad_date');
    else values[column] = date;
  }
  if (values.available_from && values.available_to && values.available_to < values.available_from) fail('available_to', 'date_order', { from: values.available_from });

  if (has('themes')) {
    const themes = splitThemes(text(f.themes));
    if (themes.length > THEMES_MAX || themes.some((t) => t.length > THEME_LENGTH)) fail('themes', 'bad_themes', { max: THEMES_MAX, length: THEME_LENGTH });
    else values.themes = themes;
  }

  return errors.length ? errors : { row, values };
}
