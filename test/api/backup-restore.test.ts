import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { DateTime } from 'luxon';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { takeBackup } from '../../server/backup/backup.js';
import { BackupError, META_FILE, type Meta } from '../../server/backup/format.js';
import { restoreBackup, verifyBackup } from '../../server/backup/restore.js';
import { tablesWithRows } from '../../server/backup/tables.js';
import { loadConfig } from '../../server/config.js';
import { createContext } from '../../server/context.js';
import { openDatabase, type Database } from '../../server/db/index.js';
import { appliedMigrations } from '../../server/db/migrate.js';
import { seedDemo } from '../../server/demo/seed.js';
import { LocalPhotoStore, type PhotoStore } from '../../server/evidence/store.js';
import { createLogger } from '../../server/logger.js';
import { freshDatabase } from '../helpers/app.js';
import { useApp } from '../helpers/api.js';
import { withDatabase } from '../helpers/globalSetup.js';

// `npm run backup` / `npm run restore` (server/backup/): the demo with its evidence, two review
// decisions and their audit rows, backed up and restored into a fresh database and a fresh photo
// folder, answers the same — coverage, screenings, decisions, audit log, every photo by hash — on
// the same engine and on the other one (on a server run: server → embedded → server); and a
// restore into anything not empty is refused with nothing changed.

const now = '2026-11-20T21:00:00';
const app = useApp({ as: ['bureau'], now });
const scratch: string[] = [];
const opened: Database[] = [];

const tmp = async (prefix: string) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `film2131-backup-${prefix}-`));
  scratch.push(dir);
  return dir;
};
const listAll = async <T>(items: AsyncIterable<T>) => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const database = (d: Database) => (opened.push(d), d);

/** A server's database URL for pg_dump, on a server run. */
async function urlOf(db: Database['knex']): Promise<string | undefined> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return undefined;
  return withDatabase(base, (await db.raw('select current_database() as d')).rows[0].d);
}

interface Side {
  db: Database['knex'];
  store: PhotoStore;
  http: supertest.Agent;
}

/** The app on a restored database and photo folder, its clock where the source's is. */
function appOn(d: Database, photoDir: string): Side {
  const config = loadConfig({ COUNTY_TIMEZONE: 'Asia/Shanghai', LOG_LEVEL: 'silent', PHOTO_DIR: photoDir });
  config.now = () => DateTime.fromISO(now, { zone: config.timezone });
  const ctx = createContext({ db: d.knex, engine: d.engine, config, logger: createLogger('silent') });
  return { db: d.knex, store: ctx.photos, http: supertest.agent(createApp(ctx)) };
}

/** Every row of a table as PostgreSQL's own JSON text, generated columns included, in one order. */
async function rows(db: Database['knex'], table: string): Promise<string[]> {
  return db.transaction(async (trx) => {
    await trx.raw(`set local timezone = 'UTC'`);
    return (await trx.raw(`select to_jsonb(t)::text as j from public.${table} t order by 1`)).rows.map((r: { j: string }) => r.j);
  });
}

const answers = [
  '/api/coverage?month=2026-10',
  '/api/coverage?month=2026-11',
  '/api/coverage?month=2026-11&groupBy=township',
  '/api/coverage?month=2026-11&level=natural',
  '/api/coverage/villages?month=2026-11',
  '/api/coverage/year?year=2026',
  '/api/review?month=2026-11&limit=1000',
  '/api/screenings?month=2026-11&limit=1000',
  // Kept in the database as derived rows (progress_counts), not backed up: rebuilt from the rows.
  '/api/reports/progress?year=2026',
  '/api/reports/progress?year=2026&groupBy=township',
  '/api/reports/month?month=2026-11',
  '/api/reports/subsidy?month=2026-10',
];

let source: Side;
let backup: string;
let meta: Meta;
let photoRows: { id: number; sha256: string }[];
let decided: number[];

beforeAll(async () => {
  await seedDemo(app.db, app.config);
  // Two decisions of the bureau (and their audit rows), so that the backup holds some.
  const queue = await app.as.bureau.get('/api/review?month=2026-11&limit=1000');
  decided = (queue.body.items as { id: number }[]).slice(0, 2).map((s) => s.id);
  expect((await app.as.bureau.post(`/api/screenings/${decided[0]}/review`).send({ decision: 'accepted' })).status).toBe(200);
  expect((await app.as.bureau.post(`/api/screenings/${decided[1]}/review`).send({ decision: 'rejected', reason: 'the photo shows a daytime market' })).status).toBe(200);
  source = { db: app.db, store: app.ctx.photos, http: supertest.agent(app.express) };
  // The source's progress counts filled before the backup (the restored ones are filled afresh).
  expect((await source.http.get('/api/reports/progress?year=2026&groupBy=township').set(app.as.bureau.auth)).status).toBe(200);
  photoRows = await app.db('screening_photos').select('id', 'sha256').orderBy('id');
  backup = path.join(await tmp('a'), 'backup');
  meta = await takeBackup({ knex: app.db, engine: app.engine, close: async () => undefined }, app.ctx.photos, backup, { url: await urlOf(app.db) });
}, 120_000);

afterAll(async () => {
  for (const d of opened) await d.close();
  for (const dir of scratch) await fs.rm(dir, { recursive: true, force: true });
});

/** The restored side answers as the source does. */
async function expectSame(restored: Side) {
  for (const table of meta.tables.map((t) => t.name)) expect(await rows(restored.db, table), table).toEqual(await rows(source.db, table));
  // The next id of every table where the source's would be: none is given twice.
  const sequences = async (db: Database['knex']) => (await db.raw(`select sequencename, last_value from pg_sequences where sequencename = any(?) order by 1`, [meta.sequences.map((q) => q.name)])).rows;
  expect(await sequences(restored.db)).toEqual(await sequences(source.db));
  for (const url of answers) {
    const [a, b] = await Promise.all([source.http.get(url).set(app.as.bureau.auth), restored.http.get(url).set(app.as.bureau.auth)]);
    expect(b.status, `${url}: ${JSON.stringify(b.body)}`).toBe(200);
    expect(b.body, url).toEqual(a.body);
  }
  // Every photo, original and display copy, served with the bytes it had.
  for (const p of photoRows) {
    const original = await restored.http.get(`/api/photos/${p.id}?original=1`).set(app.as.bureau.auth).buffer(true);
    expect(original.status).toBe(200);
    expect(sha(original.body as Buffer)).toBe(p.sha256);
    const [a, b] = await Promise.all([source.http.get(`/api/photos/${p.id}`).set(app.as.bureau.auth).buffer(true), restored.http.get(`/api/photos/${p.id}`).set(app.as.bureau.auth).buffer(true)]);
    expect(sha(b.body as Buffer)).toBe(sha(a.body as Buffer));
  }
  const keys = async (s: PhotoStore) => (await listAll(s.list())).map((o) => `${o.key} ${o.size}`).sort();
  expect(await keys(restored.store)).toEqual(await keys(source.store));
}

/** Restores `dir` into a database and a new photo folder, and the app on them. */
async function restoreInto(d: Database, dir: string): Promise<Side> {
  const photoDir = await tmp('photos');
  await restoreBackup(d, new LocalPhotoStore(photoDir), dir);
  return appOn(d, photoDir);
}

describe('a backup of the demo with its evidence', () => {
  it('holds every table’s rows, the photos with their hashes, and says what it is', async () => {
    expect(meta.sequences.map((q) => q.name)).toContain('screenings_id_seq');
    const count = (t: string) => meta.tables.find((x) => x.name === t)!.rows;
    expect(meta).toMatchObject({ app: 'film2131', format: 1, engine: app.engine, migration: (await appliedMigrations(app.db)).at(-1) });
    expect(count('screenings')).toBe(Number((await app.db('screenings').count({ n: '*' }))[0]!.n));
    expect(count('audit_log')).toBeGreaterThan(0);
    expect(meta.tables.map((t) => t.name)).not.toContain('coverage_commits');
    expect(meta.photos).toMatchObject({ objects: 12, damaged: [], missing: [] });
    const manifest = (await fs.readFile(path.join(backup, meta.photos.manifest), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    for (const e of manifest) expect(sha(await fs.readFile(path.join(backup, 'photos', e.key))), e.key).toBe(e.sha256);
    // On a server, pg_dump's custom format of the same snapshot beside it.
    if (app.engine === 'pg') expect(meta.native).toMatchObject({ kind: 'pg_dump custom', file: 'database.pgdump' });
  });

  it('restores into a fresh database of the same engine and a fresh photo folder, answering the same', async () => {
    const restored = await restoreInto(database(await freshDatabase()), backup);
    await expectSame(restored);
    const decisions = await restored.db('screenings').whereIn('id', decided).orderBy('id').pluck('review_decision');
    expect(decisions.sort()).toEqual(['accepted', 'rejected']);
  }, 60_000);

  it('restores into a blank embedded database (initdb, no migrations yet), and that one’s backup into a server’s: both directions across engines', async () => {
    // On the embedded run the same engine's restore above and --verify below (a blank embedded database) cover it.
    if (app.engine !== 'pg') return; // so this runs in the PostgreSQL run (TEST_DATABASE_URL)
    const embedded = database(await openDatabase({}));
    const restored = await restoreInto(embedded, backup);
    await expectSame(restored);
    const again = path.join(await tmp('b'), 'backup');
    const metaB = await takeBackup(embedded, restored.store, again);
    expect(metaB).toMatchObject({ engine: 'pglite', native: { kind: 'pglite datadir' } });
    await expectSame(await restoreInto(database(await freshDatabase()), again));
  }, 120_000);

  it('is checked by --verify: restored into a scratch embedded database, each table counted, each photo hashed', async () => {
    const summary = await verifyBackup(backup);
    for (const t of meta.tables) expect(summary.counts[t.name], t.name).toBe(t.rows);
    expect(summary.photos.objects).toBe(12);
  }, 60_000);
});

describe('a restore refuses, changing nothing', () => {
  const refused = async (work: Promise<unknown>, message: RegExp) => {
    const err = await work.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as Error).message).toMatch(message);
  };

  it('a database that holds rows', async () => {
    const before = await rows(source.db, 'screenings');
    const photoDir = await tmp('photos');
    await refused(restoreBackup({ knex: app.db, engine: app.engine, close: async () => undefined }, new LocalPhotoStore(photoDir), backup), /database is not empty \(rows in .*screenings/);
    expect(await rows(source.db, 'screenings')).toEqual(before);
    expect(await fs.readdir(photoDir)).toEqual([]);
  });

  it('a photo store that holds objects, the empty database left as it was', async () => {
    const d = database(await freshDatabase());
    const migrations = await appliedMigrations(d.knex);
    await refused(restoreBackup(d, source.store, backup), /photo store \(local .*\) is not empty/);
    expect(await tablesWithRows(d.knex)).toEqual([]);
    expect(await appliedMigrations(d.knex)).toEqual(migrations);
  });

  it('a damaged photo, a damaged table, a newer format or a missing file, each named', async () => {
    const copy = async () => {
      const dir = path.join(await tmp('copy'), 'backup');
      await fs.cp(backup, dir, { recursive: true });
      return dir;
    };
    const d = database(await freshDatabase());
    const migrations = await appliedMigrations(d.knex);
    const photoDir = await tmp('photos');
    const into = (dir: string) => restoreBackup(d, new LocalPhotoStore(photoDir), dir);

    const photo = await copy();
    const key = (await fs.readFile(path.join(photo, meta.photos.manifest), 'utf8')).trim().split('\n').map((l) => JSON.parse(l).key as string).at(-1)!;
    const file = path.join(photo, 'photos', key);
    const bytes = await fs.readFile(file);
    bytes[bytes.length >> 1]! ^= 0xff;
    await fs.writeFile(file, bytes);
    await refused(into(photo), new RegExp(`photos/${key} is damaged`));
    // The photos put before the damaged one were taken away again.
    expect(await listAll(new LocalPhotoStore(photoDir).list())).toEqual([]);

    const table = await copy();
    await fs.appendFile(path.join(table, 'data/screenings.jsonl.gz'), 'x');
    await refused(into(table), /data\/screenings\.jsonl\.gz \(the rows of screenings\) is damaged/);

    const newer = await copy();
    await fs.writeFile(path.join(newer, META_FILE), JSON.stringify({ ...meta, format: 2 }));
    await refused(into(newer), /format 2, newer than this film2131 reads \(1\)/);

    const unfinished = await copy();
    await fs.rm(path.join(unfinished, META_FILE));
    await refused(into(unfinished), /not a film2131 backup, or one that did not finish/);

    expect(await appliedMigrations(d.knex)).toEqual(migrations);
    expect(await tablesWithRows(d.knex)).toEqual([]);
    expect(await listAll(new LocalPhotoStore(photoDir).list())).toEqual([]);
  }, 60_000);

  it('a folder that is not empty, for a backup', async () => {
    await refused(takeBackup({ knex: app.db, engine: app.engine, close: async () => undefined }, source.store, backup), /is not empty: a backup goes into a new folder/);
  });
});

describe('a backup taken while the servers write', () => {
  it('is one instant: of each writing transaction, both its rows or neither', async () => {
    // Each write: a row in app_secrets (written first of all tables) and one in audit_log (later).
    // Read table by table at different instants, the audit log would hold writes the secrets lack.
    let stop = false;
    let n = 0;
    const writer = (async () => {
      while (!stop) {
        const k = ++n;
        await app.db.transaction(async (trx) => {
          await trx('app_secrets').insert({ name: `probe-${k}`, value: 'x' });
          await trx('audit_log').insert({ entity: 'probe', entity_id: k, action: 'create' });
        });
        // The embedded engine answers without leaving the microtask queue: let the backup's turn come.
        await new Promise((r) => setImmediate(r));
      }
    })();
    while (n < 3) await new Promise((r) => setTimeout(r, 5));
    const during = path.join(await tmp('during'), 'backup');
    const before = n;
    const m = await takeBackup({ knex: app.db, engine: app.engine, close: async () => undefined }, app.ctx.photos, during, { native: false });
    const after = n;
    stop = true;
    await writer;
    const lines = async (table: string) =>
      gunzipSync(await fs.readFile(path.join(during, m.tables.find((t) => t.name === table)!.file)))
        .toString()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
    const secrets = (await lines('app_secrets')).filter((r) => r.name.startsWith('probe-')).map((r) => Number(r.name.slice(6)));
    const audits = (await lines('audit_log')).filter((r) => r.entity === 'probe').map((r) => r.entity_id as number);
    expect(secrets.length).toBeGreaterThan(0);
    expect(audits.sort((a, b) => a - b)).toEqual(secrets.sort((a, b) => a - b));
    // On a server the writes went on while the backup read (the embedded database takes one at a time).
    if (app.engine === 'pg') expect(after - before, 'writes during the backup').toBeGreaterThan(2);
  });
});
