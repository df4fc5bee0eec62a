import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { Db } from '../db/index.js';
import { printable, printableHeaders } from '../imports/codes.js';
import { decodeText, type Encoding } from '../imports/decode.js';
import { limitBytes } from '../lib/streams.js';
import { HEAD_BYTES, notText } from '../imports/formats.js';
import { fileError, FileProblem, ImportRefused, noCounts, rowError, type RowError } from '../imports/result.js';
import { placeTownships } from './queries.js';

// The national division files (../shared/data/china-divisions: provinces.csv, cities.csv,
// areas.csv, streets.csv — or any CSV with `code` and `name` columns) into areas and townships.
// The level is the code's length: 2 a province, 4 a prefecture (a "city" in the files), 6 a
// county, 9 a township placed in the county of its first 6 digits. One transaction, all or nothing;
// a dry run says what would change and writes nothing. Files may come one after another (a parent
// first) or together in one body with one header.

/** Divisions files are small (streets.csv, the largest, is 2.6 MB): 50 MB leaves room for a county's own. */
export const AREA_IMPORT_MAX_BYTES = 50 * 1024 * 1024;

export interface AreaImportResult {
  dryRun: boolean;
  encoding: Encoding | null;
  /** Areas (provinces, prefectures, counties). */
  created: number;
  updated: number;
  unchanged: number;
  townshipsCreated: number;
  townshipsUpdated: number;
  townshipsUnchanged: number;
  /** Townships already in the registry without a county, now placed in the county of their code. */
  townshipsPlaced: number;
  errors: RowError[];
  errorCount: number;
}

interface Row {
  row: number;
  code: string;
  name: string;
}

const headerOf = (h: string) => h.replace(/^\uFEFF/, '').trim().toLowerCase();
const CODE_HEADERS = ['code', '代码', '区划代码', '编码'];
const NAME_HEADERS = ['name', '名称', '区划名称'];
const MAX_ERRORS = 1000;

async function* csvRecords(text: AsyncIterable<string>): AsyncGenerator<string[]> {
  const parser = Readable.from(text).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, max_record_size: 64 * 1024 }));
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield record;
    }
  } catch (err) {
    if (err instanceof CsvError) throw fileError(row, '', 'csv_unreadable', { reason: err.code, detail: printable(err.message, 120) });
    throw err;
  }
}

/** The rows of the body, read and checked; the errors of single rows beside them. */
async function readRows(text: AsyncIterable<string>): Promise<{ rows: Row[]; errors: RowError[] }> {
  const rows: Row[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  let columns: { code: number; name: number } | undefined;
  let n = 0;
  for await (const record of csvRecords(text)) {
    if (!columns) {
      const names = record.map(headerOf);
      const code = names.findIndex((h) => CODE_HEADERS.includes(h));
      const name = names.findIndex((h) => NAME_HEADERS.includes(h));
      if (code < 0) throw fileError(0, 'code', 'no_code_column', { headers: printableHeaders(record) });
      if (name < 0) throw fileError(0, 'name', 'no_name_column', { headers: printableHeaders(record) });
      columns = { code, name };
      continue;
    }
    if (record.every((v) => v.trim() === '')) continue;
    n++;
    // A second header (files sent together) is skipped.
    if (CODE_HEADERS.includes(headerOf(record[columns.code] ?? ''))) continue;
    const code = (record[columns.code] ?? '').trim();
    const name = (record[columns.name] ?? '').trim();
    const before = errors.length;
    if (!code) errors.push(rowError(n, 'code', 'required'));
    else if (!/^(\d{2}|\d{4}|\d{6}|\d{9})$/.test(code)) errors.push(rowError(n, 'code', 'area_digits'));
    if (!name) errors.push(rowError(n, 'name', 'required'));
    else if ([...name].length > 100) errors.push(rowError(n, 'name', 'too_long', { max: 100 }));
    if (errors.length > before) continue;
    const first = seen.get(code);
    if (first !== undefined) {
      errors.push(rowError(n, 'code', 'duplicate_code', { firstRow: first }));
      continue;
    }
    seen.set(code, n);
    rows.push({ row: n, code, name });
  }
  if (!columns) throw fileError(0, '', 'empty_file');
  // Each row's parent must be in the file or the registry: checked against the file here, against the registry in the transaction.
  return { rows, errors };
}

const parentCode = (code: string) => (code.length === 9 ? code.slice(0, 6) : code.slice(0, code.length - 2));

class DryRunDone {
  constructor(readonly result: AreaImportResult) {}
}

/** Reads a divisions file from `body` and writes its areas and townships, or nothing. */
export async function importAreas(db: Db, body: AsyncIterable<Buffer | string>, o: { dryRun: boolean; maxBytes?: number }): Promise<AreaImportResult> {
  let encoding: Encoding | null = null;
  const bytes = limitBytes(body, o.maxBytes ?? AREA_IMPORT_MAX_BYTES, () => new FileProblem(413, 'too_large', { maxMb: (o.maxBytes ?? AREA_IMPORT_MAX_BYTES) / 1024 / 1024 }, { Connection: 'close' }));
  const chunks: Buffer[] = [];
  for await (const chunk of bytes) chunks.push(chunk);
  const all = Buffer.concat(chunks);
  const other = notText(all.subarray(0, HEAD_BYTES));
  if (other) throw new FileProblem(415, other.code, other.params);
  const { rows, errors } = await readRows(
    decodeText(
      (async function* () {
        yield all;
      })(),
      (e) => (encoding = e),
    ),
  );
  const base = { dryRun: o.dryRun, encoding };

  try {
    return await db.transaction(async (trx) => {
      // One registry import at a time (the village import takes the same lock).
      await trx.raw('select pg_advisory_xact_lock(2131)');
      const inFile = new Set(rows.map((r) => r.code));
      const known = new Set<string>(
        (await trx('areas').whereIn('code', [...new Set(rows.filter((r) => r.code.length > 2).map((r) => parentCode(r.code)))].filter((c) => !inFile.has(c))).pluck('code')) as string[],
      );
      for (const r of rows) {
        if (r.code.length === 2) continue;
        const parent = parentCode(r.code);
        if (!inFile.has(parent) && !known.has(parent)) errors.push(rowError(r.row, 'code', 'area_parent_unknown', { parentCode: parent }));
      }
      errors.sort((a, b) => a.row - b.row);
      const refused = { ...noCounts(), ...base, errors: errors.slice(0, MAX_ERRORS), errorCount: errors.length };
      if (errors.length) throw new ImportRefused(refused);

      const counts = { created: 0, updated: 0, unchanged: 0, townshipsCreated: 0, townshipsUpdated: 0, townshipsUnchanged: 0 };
      // Provinces, then prefectures, then counties: each statement finds the parents the one before wrote.
      for (const digits of [2, 4, 6]) {
        const level = rows.filter((r) => r.code.length === digits);
        if (!level.length) continue;
        const written = await trx.raw(
          `insert into areas (code, name)
           select code, name from unnest(?::text[], ?::text[]) as i(code, name)
           on conflict (code) do update set name = excluded.name, updated_at = now() where areas.name is distinct from excluded.name
           returning (xmax = 0) as created`,
          [level.map((r) => r.code), level.map((r) => r.name)],
        );
        const created = (written.rows as { created: boolean }[]).filter((r) => r.created).length;
        counts.created += created;
        counts.updated += written.rows.length - created;
        counts.unchanged += level.length - written.rows.length;
      }
      const townships = rows.filter((r) => r.code.length === 9);
      if (townships.length) {
        const written = await trx.raw(
          `insert into townships (code, name, county_id)
           select i.code, i.name, a.id from unnest(?::text[], ?::text[]) as i(code, name) join areas a on a.code = left(i.code, 6)
           on conflict (code) do update set name = excluded.name, county_id = excluded.county_id, updated_at = now()
            where (townships.name, townships.county_id) is distinct from (excluded.name, excluded.county_id)
           returning (xmax = 0) as created`,
          [townships.map((r) => r.code), townships.map((r) => r.name)],
        );
        const created = (written.rows as { created: boolean }[]).filter((r) => r.created).length;
        counts.townshipsCreated = created;
        counts.townshipsUpdated = written.rows.length - created;
        counts.townshipsUnchanged = townships.length - written.rows.length;
      }
      const townshipsPlaced = await placeTownships(trx);
      const result: AreaImportResult = { ...base, ...counts, townshipsPlaced, errors: [], errorCount: 0 };
      if (o.dryRun) throw new DryRunDone(result);
      return result;
    });
  } catch (err) {
    if (err instanceof DryRunDone) return err.result;
    throw err;
  }
}
