import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGzip } from 'node:zlib';
import type { Database } from '../db/index.js';
import { sha256File, type Meta } from './format.js';

// The engine's own dump beside the rows (./tables.ts), for the operator's own tools: on a server
// pg_dump's custom format (pg_restore reads it), taken in the backup's snapshot (--snapshot); on
// the embedded engine PGlite's dump of its data directory (PGlite.create({ loadDataDir }) opens it).
// Without a pg_dump as new as the server it is skipped, and the backup says why: the rows restore
// everything on their own.

export const PG_DUMP_FILE = 'database.pgdump';
export const DATADIR_FILE = 'embedded-datadir.tar.gz';

const run = promisify(execFile);

/** pg_dump's major version, or why it cannot dump this server. */
export async function pgDumpFor(pgDump: string, serverMajor: number): Promise<{ ok: true } | { ok: false; reason: string }> {
  let out: string;
  try {
    out = (await run(pgDump, ['--version'])).stdout;
  } catch {
    return { ok: false, reason: `no ${pgDump} here (Debian: apt-get install postgresql-client-${serverMajor}; or give --pg-dump PATH)` };
  }
  const major = Number(/(\d+)(?:\.\d+)?/.exec(out)?.[1]);
  if (!(major >= serverMajor)) return { ok: false, reason: `${out.trim()} cannot dump a PostgreSQL ${serverMajor} server: a pg_dump of version ${serverMajor} or newer is needed (postgresql-client-${serverMajor}, or pg_dump inside the database's container: README "Operations")` };
  return { ok: true };
}

/** Runs pg_dump on the snapshot `snapshot` (exported by the backup's transaction, which stays open until this resolves). */
export async function pgDump(pgDump: string, url: string, snapshot: string, dir: string): Promise<Meta['native']> {
  // The password goes in the environment, not on a command line that ps shows.
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  const file = path.join(dir, PG_DUMP_FILE);
  const child = spawn(pgDump, ['--format=custom', `--snapshot=${snapshot}`, `--file=${file}`, `--dbname=${u.toString()}`], {
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code: number = await new Promise((resolve, reject) => child.on('error', reject).on('close', resolve));
  if (code !== 0) throw new Error(`pg_dump failed (exit ${code}): ${stderr.trim()}`);
  return { kind: 'pg_dump custom', file: PG_DUMP_FILE, ...(await sha256File(file)) };
}

/** PGlite's own dump of its data directory, gzipped. */
export async function pgliteDump(database: Database, dir: string): Promise<Meta['native']> {
  if (!database.dump) return { skipped: 'this embedded database cannot dump its data directory' };
  const blob = await database.dump();
  const file = path.join(dir, DATADIR_FILE);
  await pipeline(Readable.fromWeb(blob.stream() as never), createGzip(), createWriteStream(file));
  return { kind: 'pglite datadir', file: DATADIR_FILE, ...(await sha256File(file)) };
}
