import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../db/index.js';
import { stageRows } from './queries.js';
import type { StagedRow } from './rows.js';

// The staged rows into import_rows. On a PostgreSQL server: one COPY … FROM STDIN (text format)
// on the transaction's connection, the rows written to it as they are read and checked, so that
// the server stores a batch while this process parses the next (the national file's 620,573 rows
// took 125 statements of unnested arrays, 5–8 s of the server's time while this process waited,
// each array sent as a literal for the server to parse). The embedded engine runs in this process — nothing to
// overlap, and no COPY FROM STDIN through knex — and keeps the array statements of BATCH rows.

/** Rows per array statement on the embedded engine. */
export const BATCH = 5000;
/** Rows per chunk written to a COPY (one string). */
const CHUNK = 1000;

const columns = ['row_no', 'code', 'name', 'township_code', 'township_name', 'kind', 'parent_code', 'lat', 'lng'] as const;
const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const SPECIAL = /[\\\t\n\r]/;

/** A text value in COPY's text format: the four special characters escaped (most values have none). */
const escaped = (v: string) => (SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => escapes[c]!) : v);
/** A value that may be missing: \N. */
const field = (v: string | number | null) => (v === null ? '\\N' : typeof v === 'number' ? String(v) : escaped(v));

/** One row in COPY's text format, its columns in `columns`' order (one string built, not an array a row). */
export const copyLine = (r: StagedRow) =>
  `${r.row}\t${escaped(r.code)}\t${escaped(r.name)}\t${escaped(r.township_code)}\t${field(r.township_name)}\t${r.kind}\t${field(r.parent_code)}\t${field(r.lat)}\t${field(r.lng)}\n`;

/** COPY text of the rows, CHUNK lines a string; `staged.n` counts them here (a generator of its own would cost a turn of the event loop a row). */
async function* lines(rows: AsyncIterable<StagedRow>, staged: { n: number }): AsyncGenerator<string> {
  let chunk = '';
  let n = 0;
  for await (const r of rows) {
    chunk += copyLine(r);
    staged.n++;
    if (++n === CHUNK) {
      yield chunk;
      chunk = '';
      n = 0;
    }
  }
  if (chunk) yield chunk;
}

/** Stages every row of `rows` (already checked); answers how many. */
export async function stageAll(trx: Db, rows: AsyncIterable<StagedRow>): Promise<number> {
  const staged = { n: 0 };
  if (trx.client.config.client === 'pg') {
    // A transaction's client hands out its own connection (and takes nothing back on release).
    const connection = (await trx.client.acquireConnection()) as pg.PoolClient;
    try {
      // Should reading the rows fail (a cut-off upload, a file too large), the stream is destroyed
      // with that error: the COPY is abandoned (CopyFail) and the transaction rolls back as before.
      await pipeline(Readable.from(lines(rows, staged)), connection.query(copyFrom(`copy import_rows (${columns.join(', ')}) from stdin`)));
    } finally {
      await trx.client.releaseConnection(connection);
    }
    return staged.n;
  }
  let batch: StagedRow[] = [];
  for await (const r of rows) {
    staged.n++;
    batch.push(r);
    if (batch.length === BATCH) {
      await stageRows(trx, batch);
      batch = [];
    }
  }
  await stageRows(trx, batch);
  return staged.n;
}
