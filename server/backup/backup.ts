import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db/index.js';
import { photoTypes, type PhotoType } from '../evidence/image.js';
import { photoKeys } from '../evidence/files.js';
import type { PhotoStore } from '../evidence/store.js';
import { BackupError, FORMAT, META_FILE, type Meta } from './format.js';
import { pgDump, pgDumpFor, pgliteDump } from './native.js';
import { dumpPhotos } from './photos.js';
import { dumpTables } from './tables.js';

// `npm run backup -- DIR` (./cli.ts): the database in one snapshot — a read-only repeatable-read
// transaction, whose snapshot pg_dump shares on a server — then the photo store, listed after the
// snapshot began so that it holds every object the snapshot's rows name, then the engine's own
// dump, and the metadata last (./format.ts).

export interface BackupOptions {
  /** The server's URL, for pg_dump (without it a server's native dump is skipped). */
  url?: string;
  /** Write the engine's own dump too (default true). */
  native?: boolean;
  /** The pg_dump to run (default: pg_dump on the PATH). */
  pgDump?: string;
  /** The embedded database's folder (DATA_DIR): its own dump is skipped when the photo folder lies inside it. */
  dataDir?: string;
}

const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;

export async function takeBackup(database: Database, store: PhotoStore, dir: string, o: BackupOptions = {}): Promise<Meta> {
  const existing = await fs.readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  if (existing.length) throw new BackupError(`${dir} is not empty: a backup goes into a new folder of its own.`);
  await fs.mkdir(dir, { recursive: true });

  let t = performance.now();
  const { knex, engine } = database;
  let native: Meta['native'] = { skipped: 'not asked for (--no-native)' };
  const snap = await knex.transaction(async (trx) => {
    await trx.raw('set transaction isolation level repeatable read, read only');
    // The rows' text the same whatever the server's settings: times in UTC, ISO dates, PostgreSQL intervals.
    for (const setting of [`timezone = 'UTC'`, `datestyle = 'ISO, YMD'`, `intervalstyle = 'postgres'`]) await trx.raw(`set local ${setting}`);
    const info: { version: string; num: number; at: Date | string } = (await trx.raw(`select version() as version, current_setting('server_version_num')::int as num, now() as at`)).rows[0];
    const hasMigrations = (await trx.raw(`select to_regclass('public.knex_migrations') is not null as has`)).rows[0].has;
    const migration: string | undefined = hasMigrations ? (await trx('knex_migrations').orderBy('id', 'desc').first('name'))?.name : undefined;
    if (!migration) throw new BackupError('The database has no migrations applied: there is nothing to back up.');
    let dumping: Promise<Meta['native']> | undefined;
    if (engine === 'pg' && o.native !== false) {
      const bin = o.pgDump ?? 'pg_dump';
      const can = o.url ? await pgDumpFor(bin, Math.floor(Number(info.num) / 10000)) : { ok: false as const, reason: 'no server URL to give pg_dump' };
      if (can.ok) {
        const snapshot: string = (await trx.raw('select pg_export_snapshot() as s')).rows[0].s;
        dumping = pgDump(bin, o.url!, snapshot, dir).catch((err: Error) => ({ skipped: err.message }));
      } else native = { skipped: can.reason };
    }
    const { tables, sequences } = await dumpTables(trx, dir);
    const photos: { sha256: string; media_type: string }[] = await trx('screening_photos').distinct('sha256', 'media_type');
    const referenced = photos.flatMap((p) => [photoKeys.original(p.sha256, photoTypes[p.media_type as PhotoType] ?? 'bin'), photoKeys.display(p.sha256)]);
    if (dumping) native = await dumping;
    return { takenAt: new Date(info.at).toISOString(), serverVersion: info.version, migration: migration.replace(/\.(ts|js)$/, ''), tables, sequences, referenced };
  });
  const databaseSeconds = seconds(t);

  t = performance.now();
  const photos = await dumpPhotos(store, dir, snap.referenced);
  const photoSeconds = seconds(t);

  t = performance.now();
  if (engine === 'pglite' && o.native !== false) {
    // PGlite's dump holds everything under its folder, in memory: with the photos inside, every
    // photo twice, and a province's photos would not fit. photos/ has them already.
    const inside = o.dataDir && store.kind === 'local' && !path.relative(o.dataDir, store.where).startsWith('..');
    native = inside ? { skipped: `the photo folder ${store.where} lies inside DATA_DIR, so PGlite's dump would hold every photo again: set PHOTO_DIR outside it to have the dump` } : await pgliteDump(database, dir);
  }
  const nativeSeconds = seconds(t);

  const meta: Meta = {
    app: 'film2131',
    format: FORMAT,
    takenAt: snap.takenAt,
    engine,
    serverVersion: snap.serverVersion,
    migration: snap.migration,
    tables: snap.tables,
    sequences: snap.sequences,
    photos: { store: `${store.kind} ${store.where}`, ...photos },
    native,
    seconds: { database: databaseSeconds, photos: photoSeconds, native: nativeSeconds },
  };
  // Written last, renamed into place: a folder with this file holds a whole backup.
  const file = path.join(dir, META_FILE);
  await fs.writeFile(`${file}.tmp`, JSON.stringify(meta, null, 2) + '\n');
  await fs.rename(`${file}.tmp`, file);
  return meta;
}
