import { HttpError } from '../http/problem.js';

/** One refused row: `row` counts data rows from 1 (0 is the header, or the file as a whole). */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

export interface MissingVillage {
  id: number;
  code: string;
  name: string;
  townshipName: string;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** Retired by this run; in a dry run, what retireMissing=true would retire. */
  retired: number;
  townshipsCreated: number;
  /** Villages with a code, in the file's townships, not in the file and not yet retired. */
  missing: MissingVillage[];
  missingTotal: number;
}

export interface ImportResult extends ImportCounts {
  dryRun: boolean;
  encoding: string | null;
  errors: RowError[];
  /** All refused rows; `errors` lists the first 1,000. */
  errorCount: number;
}

export const noCounts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0, retired: 0, townshipsCreated: 0, missing: [], missingTotal: 0 });

/** 400 that carries the import's own `errors` ({row, column, message}) and its counts. */
export class ImportRefused extends HttpError {
  constructor(readonly result: ImportResult) {
    super(400, ImportRefused.describe(result));
  }

  private static describe(r: ImportResult): string {
    const first = r.errors[0];
    const where = first ? ` First: row ${first.row}${first.column ? `, ${first.column}` : ''}: ${first.message}.` : '';
    return `Nothing was imported: ${r.errorCount} ${r.errorCount === 1 ? 'problem' : 'problems'} in the file.${where}`;
  }

  /** The import fields next to the contract's; each error also carries the contract's `path` (`rows.3.lat`). */
  override toProblem() {
    const errors = this.result.errors.map((e) => ({ ...e, path: `rows.${e.row}${e.column ? `.${e.column}` : ''}` }));
    return { ...super.toProblem(), ...this.result, errors };
  }
}

/** A problem with the file as a whole (format, header, encoding): nothing can be read past it. */
export const fileError = (row: number, column: string, message: string) =>
  new ImportRefused({ ...noCounts(), dryRun: false, encoding: null, errors: [{ row, column, message }], errorCount: 1 });
