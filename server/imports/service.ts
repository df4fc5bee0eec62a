import type { Logger } from 'pino';
import { placeTownships } from '../areas/queries.js';
import type { Db } from '../db/index.js';
import type { RawRow } from './columns.js';
import { limitBytes } from '../lib/streams.js';
import { decodeText, IMPORT_MAX_BYTES, tooLarge, type Encoding } from './decode.js';
import { applyStaged, checkStaged, createStaging, plannedCounts, retireMissing, stagedErrors, stageErrors, stageRows } from './queries.js';
import { HEAD_BYTES, notText } from './formats.js';
import { FileProblem, ImportRefused, type ImportResult, type RowError } from './result.js';
import { checkRow, type StagedRow } from './rows.js';
import { csvRows, geojsonRows } from './sources.js';
import { xlsxRows } from './xlsx.js';

/** What the route was told; an XLSX is known by its bytes whatever it was sent as. */
export type Format = 'csv' | 'geojson' | 'sniff';

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
  const bytes = limitBytes(uploaded(body), o.maxBytes ?? IMPORT_MAX_BYTES, tooLarge);
  const [head, rest] = await peek(bytes);
  const other = notText(head);
  const workbook = other?.code === 'excel_workbook' && other.params.format === 'XLSX';
  if (other && !workbook) throw new FileProblem(415, other.code, other.params);
  const format = workbook ? 'xlsx' : o.format === 'sniff' ? sniff(head) : o.format;
  const rows = format === 'xlsx' ? xlsxRows(rest) : textRows(format, decodeText(rest, (e) => (encoding = e)));

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

/** The request stream, with a client that hangs up mid-upload reported as such (not as our 500). */
async function* uploaded(body: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer | string> {
  try {
    yield* body;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (err as Error).message === 'aborted') {
      throw new FileProblem(400, 'upload_cut_off');
    }
    throw err;
  }
}

/** The first HEAD_BYTES of the body (fewer when it is shorter), and the whole body again. */
async function peek(bytes: AsyncGenerator<Buffer>): Promise<[Buffer, AsyncGenerator<Buffer>]> {
  const chunks: Buffer[] = [];
  let size = 0;
  while (size < HEAD_BYTES) {
    const next = await bytes.next();
    if (next.done) break;
    chunks.push(next.value);
    size += next.value.length;
  }
  async function* replay() {
    yield* chunks;
    yield* bytes;
  }
  return [Buffer.concat(chunks).subarray(0, HEAD_BYTES), replay()];
}

/** A body sent without a useful content type: `{` first (after a BOM and blanks) is GeoJSON, anything else CSV. */
const sniff = (head: Buffer): 'csv' | 'geojson' => (head.toString('latin1').replace(/^(\xEF\xBB\xBF)?\s*/, '').startsWith('{') ? 'geojson' : 'csv');

const textRows = (format: 'csv' | 'geojson', text: AsyncIterable<string>) => (format === 'geojson' ? geojsonRows(text) : csvRows(text));
