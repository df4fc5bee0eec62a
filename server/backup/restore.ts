import { requestRebuild } from '../coverage/service.js';
import { openDatabase, type Database } from '../db/index.js';
import { exclusively } from '../db/exclusive.js';
import { appliedMigrations, knownMigrations, migrateLatest, migrateUpTo } from '../db/migrate.js';
import type { PhotoStore } from '../evidence/store.js';
import { BackupError, readMeta, type Meta } from './format.js';
import { restorePhotos, storeIsEmpty } from './photos.js';
import { loadTables, tablesWithRows } from './tables.js';

// `npm run restore -- DIR` (./cli.ts): into an empty database and an empty photo store only. Every
// check comes before the first change — the backup's format, its files' SHA-256, a migration this
// version knows, the database holding no rows and no newer migration, the store holding nothing —
// and a refusal says what is wrong. Then the photos (each checked against the manifest before it is
// put), the schema migrated to the backup's migration, the rows in one transaction, the remaining
// migrations, and every server told to rebuild its coverage. A failure after the photos were put
// takes them away again, so the store is empty for another try.

export interface RestoreSummary {
  meta: Meta;
  /** Rows in each table after the load (before later migrations). */
  counts: Record<string, number>;
  photos: { objects: number; bytes: number };
  /** Migrations applied after the load, the backup being older than this version. */
  migratedAfter: string[];
  seconds: { photos: number; database: number };
}

const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;

/** Whether the database and store may receive the backup: refusals, before any change. */
async function checkTarget(database: Database, store: PhotoStore | undefined, meta: Meta, known: string[]): Promise<void> {
  const applied = await appliedMigrations(database.knex);
  const strange = applied.filter((m) => !known.includes(m));
  if (strange.length) throw new BackupError(`The database has migrations this film2131 does not know (${strange.join(', ')}): it is not empty, nor of this version. Nothing was changed.`);
  const last = applied.at(-1);
  if (last && known.indexOf(last) > known.indexOf(meta.migration)) {
    throw new BackupError(`The database is at migration ${last}, newer than the backup's ${meta.migration}: restore into a new, blank database. Nothing was changed.`);
  }
  if (applied.length) {
    const full = await tablesWithRows(database.knex);
    if (full.length) throw new BackupError(`The database is not empty (rows in ${full.join(', ')}): a restore goes only into an empty database, a new one. Nothing was changed.`);
  }
  if (store && !(await storeIsEmpty(store))) {
    throw new BackupError(`The photo store (${store.kind} ${store.where}) is not empty: a restore goes only into an empty store. Nothing was changed.`);
  }
}

/** Restores the backup in dir into the database and the store (photos only checked, not put, without a store). */
export async function restoreBackup(database: Database, store: PhotoStore | undefined, dir: string): Promise<RestoreSummary> {
  const meta = await readMeta(dir);
  const known = await knownMigrations();
  if (!known.includes(meta.migration)) {
    throw new BackupError(`The backup's schema is at migration ${meta.migration}, which this film2131 does not have: restore it with the version that took it, or a newer one. Nothing was changed.`);
  }
  const { knex } = database;
  // Under the start-up lock: a server starting on this database meanwhile waits, then finds it full.
  return exclusively(knex, 'startup', async () => {
    await checkTarget(database, store, meta, known);
    let t = performance.now();
    const photos = await restorePhotos(store, dir);
    const photoSeconds = seconds(t);
    t = performance.now();
    const counts: Record<string, number> = {};
    try {
      await migrateUpTo(knex, meta.migration);
      await knex.transaction(async (trx) => {
        await loadTables(trx, dir, meta);
        for (const table of meta.tables) counts[table.name] = Number((await trx(table.name).count({ n: '*' }))[0]!.n);
      });
    } catch (err) {
      await photos.undo();
      throw err;
    }
    const migratedAfter = await migrateLatest(knex);
    await requestRebuild(knex);
    return { meta, counts, photos, migratedAfter, seconds: { photos: photoSeconds, database: seconds(t) } };
  });
}

/**
 * `npm run restore -- DIR --verify`: the backup restored into a scratch embedded database in
 * memory (the same path as a real restore, across engines when it was taken on a server), every
 * photo checked against its SHA-256 without being stored, and each table's rows counted.
 */
export async function verifyBackup(dir: string): Promise<RestoreSummary> {
  const scratch = await openDatabase({});
  try {
    return await restoreBackup(scratch, undefined, dir);
  } finally {
    await scratch.close();
  }
}
