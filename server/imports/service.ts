import type { Logger } from 'pino';
import { placeTownships } from '../areas/queries.js';
import type { Db } from '../db/index.js';
import type { RawRow } from './columns.js';
import type { Encoding } from './decode.js';
import { applyStaged, checkStaged, createStaging, plannedCounts, retireMissing, stagedErrors, stageErrors, stageRows } from './queries.js';
import { ImportRefused, type ImportResult, type RowError } from './result.js';
import { checkRow, type StagedRow } from './rows.js';
import { uploadRows, type Format } from './upload.js';

export type { Format };

export interface ImportOptions {
  format: Format;
  dryRun: boolean;
  retireMissing: boolean;
  /** Scope: fills an empty township code, refuses others, and bounds retireMissing. */
  townshipCode?: string;
  /** The importer's counties (server/areas/scope.ts; null: everywhere): it sees and changes nothing outside them. */
  counties: readonly number[] | null;
  userId: number;
  now: Date;
  maxBytes?: number;
}

/** Rows are written to the staging table this many at a time (one statement, each column an array). */
const BATCH = 5000;

class DryRunDone {
  constructor(readonly result: ImportResult) {}
}

/**
 * Imports a registry file read from `body` (the request stream). One transaction: the rows are
 * staged as they arrive, checked as a whole, then written together, or not at all. A dry run does
 * everything but the writing, and rolls back even its staging.
 */
export async function runImport(db: Db, body: AsyncIterable<Buffer | string>, o: ImportOptions, log?: Logger): Promise<ImportResult> {
  let encoding: Encoding | null = null;
  const rows = await uploadRows(body, { format: o.format, maxBytes: o.maxBytes, onEncoding: (e) => (encoding = e) });

  try {
    return await db.transaction(async (trx) => {
      const countyCodes = o.counties === null ? null : await trx('areas').whereIn('id', o.counties).pluck('code');
      const staged = await stage(trx, rows, o.townshipCode, countyCodes);
      // One import at a time: the checks below must see the registry the writes will change.
      await trx.raw('select pg_advisory_xact_lock(2131)');
      await checkStaged(trx, o.counties);
      const { errors, count } = await stagedErrors(trx);
      const reach = { townshipCode: o.townshipCode, counties: o.counties };
      const planned = await plannedCounts(trx, reach);
      const base = { dryRun: o.dryRun, encoding, errors, errorCount: count };
      if (count) throw new ImportRefused({ ...planned, ...base, retired: 0 });
      if (o.dryRun) throw new DryRunDone({ ...planned, ...base, retired: planned.missingTotal });

      const applied = await applyStaged(trx, o.userId);
      if (applied.created !== planned.created || applied.updated !== planned.updated) {
        log?.warn({ planned, applied }, 'import: the upsert changed other rows than the plan counted');
      }
      const retired = o.retireMissing ? await retireMissing(trx, reach, o.now, o.userId) : 0;
      // New townships join the county of their code's first 6 digits, when the areas are there.
      await placeTownships(trx);
      return { ...planned, ...applied, unchanged: staged - applied.created - applied.updated, retired, ...base };
    });
  } catch (err) {
    if (err instanceof DryRunDone) return err.result;
    if (err instanceof ImportRefused) {
      err.result.dryRun = o.dryRun;
      err.result.encoding ??= encoding;
    }
    throw err;
  }
}

/** Checks each row as it comes and stages the good ones (and the errors) in batches; answers the count staged. */
async function stage(trx: Db, rows: AsyncIterable<RawRow>, townshipCode: string | undefined, countyCodes: string[] | null): Promise<number> {
  await createStaging(trx);
  let good: StagedRow[] = [];
  let bad: RowError[] = [];
  let staged = 0;
  for await (const raw of rows) {
    const checked = checkRow(raw, townshipCode, countyCodes);
    if (Array.isArray(checked)) bad.push(...checked);
    else good.push(checked);
    if (good.length >= BATCH) {
      await stageRows(trx, good);
      staged += good.length;
      good = [];
    }
    if (bad.length >= BATCH) {
      await stageErrors(trx, bad);
      bad = [];
    }
  }
  await stageRows(trx, good);
  await stageErrors(trx, bad);
  return staged + good.length;
}
