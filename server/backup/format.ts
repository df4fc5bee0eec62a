import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../db/index.js';

// A backup is a folder (README "Operations"):
//
//   film2131-backup.json     this file's Meta, written last: a folder without it is not a backup
//   data/<table>.jsonl.gz    every row of a table as one JSON object a line (to_jsonb of the row),
//                            read in one snapshot; both engines load it (./tables.ts)
//   photos/manifest.jsonl    every stored photo object: key, size, SHA-256 (./photos.ts)
//   photos/<key>             the objects themselves, under their keys
//   database.pgdump          on a server: pg_dump's custom format, of the same snapshot (./native.ts)
//   embedded-datadir.tar.gz  on the embedded engine: PGlite's own dump of its data directory
//
// The rows, not the native dump, are what `npm run restore` loads: they restore on either engine.

/** The layout above. A restore refuses a backup of a newer format than it knows. */
export const FORMAT = 1;
export const META_FILE = 'film2131-backup.json';

export interface TableEntry {
  name: string;
  /** The columns written (generated columns are computed again on load). */
  columns: string[];
  rows: number;
  /** The file under the backup folder, its size and SHA-256. */
  file: string;
  bytes: number;
  sha256: string;
}

export interface Meta {
  app: 'film2131';
  format: number;
  /** When the snapshot was taken (ISO 8601, UTC). */
  takenAt: string;
  engine: Engine;
  /** The database's version() */
  serverVersion: string;
  /** The last migration applied: a restore migrates to exactly this one before loading the rows. */
  migration: string;
  tables: TableEntry[];
  /** Each sequence's value at the snapshot (or later, never earlier): ids are never given twice. */
  sequences: { name: string; value: number | null }[];
  photos: {
    store: string;
    objects: number;
    bytes: number;
    manifest: string;
    manifestSha256: string;
    /** Objects whose bytes did not match the SHA-256 in their key when read: kept, and named here. */
    damaged: string[];
    /** Objects a photo row of the snapshot names that the store did not hold. */
    missing: string[];
  };
  /** The engine's own dump beside the rows, or why there is none. */
  native: { kind: 'pg_dump custom' | 'pglite datadir'; file: string; bytes: number; sha256: string } | { skipped: string };
  seconds: { database: number; photos: number; native: number };
}

/** A refusal: the message says what is wrong and that nothing was changed. */
export class BackupError extends Error {}

export async function sha256File(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The backup's Meta, checked: its format, and every file it lists present with its SHA-256. */
export async function readMeta(dir: string): Promise<Meta> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, META_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BackupError(`${dir} holds no ${META_FILE}: not a film2131 backup, or one that did not finish.`);
    throw err;
  }
  let meta: Meta;
  try {
    meta = JSON.parse(text) as Meta;
  } catch {
    throw new BackupError(`${path.join(dir, META_FILE)} is not JSON: the backup is damaged.`);
  }
  if (meta.app !== 'film2131' || typeof meta.format !== 'number') throw new BackupError(`${path.join(dir, META_FILE)} is not a film2131 backup's.`);
  if (meta.format > FORMAT) throw new BackupError(`The backup is of format ${meta.format}, newer than this film2131 reads (${FORMAT}): restore it with the film2131 that took it, or a newer one.`);
  for (const t of meta.tables) await checkFile(dir, t.file, t.sha256, `the rows of ${t.name}`);
  await checkFile(dir, meta.photos.manifest, meta.photos.manifestSha256, 'the photo manifest');
  return meta;
}

async function checkFile(dir: string, file: string, sha256: string, what: string) {
  const full = path.join(dir, file);
  const found = await sha256File(full).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new BackupError(`The backup lacks ${file} (${what}).`);
    throw err;
  });
  if (found.sha256 !== sha256) throw new BackupError(`${file} (${what}) is damaged: its SHA-256 is ${found.sha256}, the backup says ${sha256}.`);
}
