import type { Lang } from '../http/language.js';
import { HttpError } from '../http/problem.js';
import { importMessage, importMessageIn, type ImportCode, type ImportParams } from './codes.js';

/** One refused row: `row` counts data rows from 1 (0 is the header, or the file as a whole). */
export interface RowError {
  row: number;
  column: string;
  /** Stable, for the pages and scripts (codes.ts); `message` is its English text. */
  code: ImportCode;
  params: ImportParams;
  message: string;
}

export const rowError = (row: number, column: string, code: ImportCode, params: ImportParams = {}): RowError => ({
  row,
  column,
  code,
  params,
  message: importMessage(code, params),
});

export interface MissingVillage {
  id: number;
  code: string;
  name: string;
  townshipName: string;
}

export interface NewTownship {
  code: string;
  name: string | null;
  villages: number;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** Retired by this run; in a dry run, what retireMissing=true would retire. */
  retired: number;
  townshipsCreated: number;
  /** The townships created (in a dry run: to be created), the first 1,000, with how many of the file's villages each gets. */
  newTownships: NewTownship[];
  /** Villages with a code, in the file's townships, not in the file and not yet retired. */
  missing: MissingVillage[];
  missingTotal: number;
}

/** What every import answers beside its own counts. */
export interface RunResult {
  dryRun: boolean;
  encoding: string | null;
  errors: RowError[];
  /** All refused rows; `errors` lists the first 1,000. */
  errorCount: number;
}

export interface ImportResult extends ImportCounts, RunResult {}

export const noCounts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0, retired: 0, townshipsCreated: 0, newTownships: [], missing: [], missingTotal: 0 });

/** 400 that carries the import's own `errors` ({row, column, message}) and its counts. */
export class ImportRefused<R extends RunResult = ImportResult> extends HttpError {
  constructor(readonly result: R) {
    super(400, ImportRefused.describe(result));
  }

  private static describe(r: RunResult): string {
    const first = r.errors[0];
    const where = first ? ` First: row ${first.row}${first.column ? `, ${first.column}` : ''}: ${first.message}.` : '';
    return `Nothing was imported: ${r.errorCount} ${r.errorCount === 1 ? 'problem' : 'problems'} in the file.${where}`;
  }

  /** The import fields next to the contract's; each error also carries the contract's `path` (`rows.3.lat`). */
  override toProblem(lang?: Lang) {
    const errors = this.result.errors.map((e) => ({ ...e, message: importMessageIn(lang, e.code, e.params), path: `rows.${e.row}${e.column ? `.${e.column}` : ''}` }));
    return { ...super.toProblem(lang), ...this.result, errors };
  }
}

/** A problem with the file as a whole (format, header, encoding): nothing can be read past it. */
export const fileError = (row: number, column: string, code: ImportCode, params: ImportParams = {}) =>
  new ImportRefused({ ...noCounts(), dryRun: false, encoding: null, errors: [rowError(row, column, code, params)], errorCount: 1 });

/**
 * What was sent cannot be imported at all (its type, its size, its bytes): the status and one
 * `errors` entry naming the file (`path: 'file'`) with the code, its parameters and the message.
 */
export class FileProblem extends HttpError {
  constructor(
    status: number,
    readonly code: ImportCode,
    readonly params: ImportParams = {},
    headers: Record<string, string> = {},
  ) {
    super(status, importMessage(code, params), [], headers);
  }

  override toProblem(lang?: Lang) {
    const message = importMessageIn(lang, this.code, this.params);
    return { ...super.toProblem(lang), ...(lang === 'zh-CN' && { detail: message }), errors: [{ path: 'file', code: this.code, params: this.params, message }] };
  }
}
