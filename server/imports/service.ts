import type { Logger } from 'pino';
import { placeTownships } from '../areas/queries.js';
import type { Db } from '../db/index.js';
import type { RawRow } from './columns.js';
import type { Encoding } from './decode.js';
import { BATCH, stageAll } from './copy.js';
import { applyStaged, checkStaged, createStaging, plannedCounts, retireMissing, stagedErrors, stageErrors, writesInBulk } from './queries.js';
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
      // The statements below join and hold the whole file at once (620,573 rows nationally); with the
      // default 4 MB each spilled to temporary files. For this transaction only.
      await trx.raw(`set local work_mem = '256MB'`);
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

      const applied = await applyStaged(trx, o.userId, await writesInBulk(trx, planned.created, planned.updated));
      if (applied.created !== planned.created || applied.updated !== planned.updated) {
        log?.warn({ planned, applied }, 'import: the write changed other rows than the plan counted');
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

/**
 * Checks each row as it comes and stages the good ones (copy.ts) and the errors; answers the count
 * staged. Errors are held until BATCH of them, then the staging pauses to write them (one
 * connection: no statement runs beside a COPY) and resumes.
 */
async function stage(trx: Db, rows: AsyncIterable<RawRow>, townshipCode: string | undefined, countyCodes: string[] | null): Promise<number> {
  await createStaging(trx);
  const source = rows[Symbol.asyncIterator]();
  let staged = 0;
  let ended = false;
  while (!ended) {
    const bad: RowError[] = [];
    async function* good(): AsyncGenerator<StagedRow> {
      while (bad.length < BATCH) {
        const next = await source.next();
        if (next.done) {
          ended = true;
          return;
        }
        const checked = checkRow(next.value, townshipCode, countyCodes);
        if (Array.isArray(checked)) bad.push(...checked);
        else yield checked;
      }
    }
    staged += await stageAll(trx, good());
    await stageErrors(trx, bad);
  }
  return staged;
}
