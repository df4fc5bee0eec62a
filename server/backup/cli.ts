// `npm run backup -- DIR [--no-native] [--pg-dump PATH]` and `npm run restore -- DIR [--verify]`,
// on the database and photo store `npm start` would use (server/config.ts: DATABASE_URL or PG*,
// else the embedded database under DATA_DIR; PHOTO_DIR or the configured store). README "Operations".
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/index.js';
import { photoStoreOf } from '../evidence/store.js';
import { takeBackup } from './backup.js';
import { BackupError } from './format.js';
import { restoreBackup, verifyBackup, type RestoreSummary } from './restore.js';

const usage = `usage: npm run backup -- DIR [--no-native] [--pg-dump PATH]
       npm run restore -- DIR [--verify]`;

const out = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { 'no-native': { type: 'boolean' }, 'pg-dump': { type: 'string' }, verify: { type: 'boolean' } },
  });
  const dir = positionals[0];
  if ((command !== 'backup' && command !== 'restore') || !dir || positionals.length > 1) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  if (command === 'restore' && values.verify) {
    report(await verifyBackup(dir), 'verified (restored into a scratch embedded database, photos checked, not stored)');
    return 0;
  }
  const config = loadConfig();
  // The embedded database belongs to one process: PGlite keeps postmaster.pid in its folder while open.
  const pid = path.join(config.dataDir, 'postmaster.pid');
  if (!config.databaseUrl && existsSync(pid)) {
    throw new BackupError(`The embedded database in ${config.dataDir} is open (${pid}): stop the server first, an embedded database belongs to one process at a time. (If no server runs, one was stopped abruptly: remove that file.)`);
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolMax: 4 });
  const store = photoStoreOf(config.photos);
  try {
    if (command === 'backup') {
      const meta = await takeBackup(database, store, dir, { url: config.databaseUrl, native: !values['no-native'], pgDump: values['pg-dump'], dataDir: config.dataDir });
      const rows = meta.tables.reduce((n, t) => n + t.rows, 0);
      out(`backup of ${database.engine === 'pg' ? 'the PostgreSQL server' : `the embedded database in ${config.dataDir}`} at ${meta.migration}, taken ${meta.takenAt}, in ${dir}`);
      out(`  database: ${meta.tables.length} tables, ${rows} rows (${meta.seconds.database} s)`);
      out(`  photos:   ${meta.photos.objects} objects, ${mb(meta.photos.bytes)} from ${meta.photos.store} (${meta.seconds.photos} s)`);
      const n = meta.native;
      out('file' in n ? `  native:   ${n.kind}, ${n.file}, ${mb(n.bytes)} (${meta.seconds.native} s)` : `  native:   skipped: ${n.skipped}`);
      // The backup is whole, but the store was not: say so, and end with a code a nightly job notices.
      for (const key of meta.photos.damaged) process.stderr.write(`warning: photo ${key} did not match its SHA-256 or size when read: kept as read\n`);
      for (const key of meta.photos.missing) process.stderr.write(`warning: photo ${key} is named by a photo row but the store does not hold it\n`);
      return meta.photos.damaged.length + meta.photos.missing.length ? 3 : 0;
    }
    report(await restoreBackup(database, store, dir), `restored into ${database.engine === 'pg' ? 'the PostgreSQL server' : `the embedded database in ${config.dataDir}`} and ${store.kind} ${store.where}`);
    return 0;
  } finally {
    await database.close();
  }
}

function report(s: RestoreSummary, what: string) {
  out(`backup of ${s.meta.takenAt} (${s.meta.engine}, ${s.meta.migration}) ${what}`);
  let wrong = 0;
  for (const t of s.meta.tables) {
    const got = s.counts[t.name];
    if (got !== t.rows) wrong++;
    if (t.rows || got) out(`  ${t.name.padEnd(20)} ${String(got).padStart(9)} rows${got === t.rows ? '' : `  ≠ ${t.rows} in the backup`}`);
  }
  out(`  photos               ${String(s.photos.objects).padStart(9)} objects, ${mb(s.photos.bytes)}, each matching its SHA-256 (${s.seconds.photos} s)`);
  out(`  database ${s.seconds.database} s${s.migratedAfter.length ? `; then migrated: ${s.migratedAfter.join(', ')}` : ''}`);
  if (wrong) throw new Error(`${wrong} tables' rows differ from the backup`);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(err instanceof BackupError ? `${err.message}\n` : `${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
