import { filmColumns as columnsOfFile, readFilmHeaders, type FilmColumn } from '../../../domain/film-columns.js';
import type { Caller } from '../../auth/user.js';
import type { Encoding } from '../../imports/decode.js';
import { ImportRefused, rowError, type RowError, type RunResult } from '../../imports/result.js';
import { checkedHeader } from '../../imports/sources.js';
import { uploadRows, type Format } from '../../imports/upload.js';
import { allFilms, type FilmRow } from './queries.js';
import { checkFilmRow, type CheckedFilmRow, type FilmValues } from './import-rows.js';
import type { FilmService } from './service.js';

// POST /api/films/import: a national catalogue as CSV (UTF-8 or GBK) or XLSX, answered like the
// village import. Each row names one film: the film with its code, else the one with its title
// and year, else a new one. All rows are checked before anything is written, then written in one
// transaction, each film with its audit row (the films service), or none at all.

export interface FilmImportResult extends RunResult {
  created: number;
  updated: number;
  unchanged: number;
}

export interface FilmImportOptions {
  format: Format;
  dryRun: boolean;
}

/** A catalogue is thousands of films, not millions: this many refused rows are listed. */
const LISTED = 1000;

const header = checkedHeader(readFilmHeaders, [
  { column: 'title', code: 'no_title_column' },
  { column: 'category', code: 'no_category_column' },
]);

/** A row's values as the columns of the films table (those the file has). */
const columnsOf = (v: FilmValues): Partial<Record<FilmColumn, unknown>> =>
  Object.fromEntries(columnsOfFile.filter((c) => c in v).map((c) => [c, c === 'title' ? v.title : v[c]]));

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
/** The columns of `values` that differ from the film's row. */
function changesOf(film: FilmRow, values: FilmValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(columnsOf(values))) if (!same(film[column as keyof FilmRow], value)) out[column] = value;
  return out;
}

const titleYear = (title: string, year: number | null | undefined) => `${title.toLowerCase()}\u0000${year ?? ''}`;

interface Plan {
  creates: { row: number; values: Record<string, unknown> }[];
  updates: { row: number; id: number; changes: Record<string, unknown> }[];
  unchanged: number;
  errors: RowError[];
}

/**
 * Matches each row to a film of the catalogue (or to none: a new one). Two rows that come to one
 * film, in the catalogue or new, are refused: the file would say two things of it.
 */
function plan(rows: CheckedFilmRow[], films: FilmRow[]): Plan {
  const byCode = new Map<string, FilmRow>();
  const byTitle = new Map<string, FilmRow>();
  for (const f of films) {
    if (f.code) byCode.set(f.code, f);
    const key = titleYear(f.title, f.year);
    if (!byTitle.has(key)) byTitle.set(key, f);
  }
  const seen = new Map<string, number>(); // the film (`id:…`, `code:…`, `title:…`) → the first row naming it
  const out: Plan = { creates: [], updates: [], unchanged: 0, errors: [] };
  for (const { row, values } of rows) {
    const film = (values.code ? byCode.get(values.code) : undefined) ?? byTitle.get(titleYear(values.title, values.year));
    const keys = film ? [`id:${film.id}`] : [values.code ? `code:${values.code}` : '', `title:${titleYear(values.title, values.year)}`].filter(Boolean);
    // A new film's code also must not be another row's (the schema's unique code would refuse it unnamed).
    if (film && values.code && film.code !== values.code) keys.push(`code:${values.code}`);
    const first = keys.map((k) => seen.get(k)).find((r) => r !== undefined);
    if (first !== undefined) {
      out.errors.push(rowError(row, values.code ? 'code' : 'title', 'duplicate_film', { firstRow: first }));
      continue;
    }
    for (const k of keys) seen.set(k, row);
    if (!film) {
      out.creates.push({ row, values: { themes: [], ...columnsOf(values) } });
      continue;
    }
    const changes = changesOf(film, values);
    if (Object.keys(changes).length) out.updates.push({ row, id: film.id, changes });
    else out.unchanged++;
  }
  return out;
}

class DryRunDone {
  constructor(readonly result: FilmImportResult) {}
}

export async function importFilms(c: Caller, films: FilmService, body: AsyncIterable<Buffer | string>, o: FilmImportOptions): Promise<FilmImportResult> {
  let encoding: Encoding | null = null;
  const base = () => ({ dryRun: o.dryRun, encoding, created: 0, updated: 0, unchanged: 0 });
  const checked: CheckedFilmRow[] = [];
  const errors: RowError[] = [];
  try {
    for await (const raw of await uploadRows(body, { format: o.format, header, onEncoding: (e) => (encoding = e) })) {
      const r = checkFilmRow(raw);
      if (Array.isArray(r)) errors.push(...r);
      else checked.push(r);
    }
  } catch (err) {
    // A file refused whole (its header, a CSV it cannot read): the same error, in this import's shape.
    if (err instanceof ImportRefused) throw new ImportRefused<FilmImportResult>({ ...base(), errors: err.result.errors, errorCount: err.result.errorCount });
    throw err;
  }

  try {
    return await c.db.transaction(async (trx) => {
      // One catalogue import at a time: the matching below must see the films the writes will change.
      await trx.raw('select pg_advisory_xact_lock(2132)');
      const p = plan(checked, await allFilms(trx));
      const all = [...errors, ...p.errors].sort((a, b) => a.row - b.row);
      const result: FilmImportResult = { ...base(), created: p.creates.length, updated: p.updates.length, unchanged: p.unchanged, errors: all.slice(0, LISTED), errorCount: all.length };
      if (all.length) throw new ImportRefused(result);
      if (o.dryRun) throw new DryRunDone(result);
      const inside = { ...c, db: trx };
      for (const x of p.creates) await films.createRow(inside, x.values);
      for (const x of p.updates) await films.updateRow(inside, x.id, x.changes);
      return result;
    });
  } catch (err) {
    if (err instanceof DryRunDone) return err.result;
    throw err;
  }
}
