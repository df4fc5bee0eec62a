// `npm run migrate`: apply pending migrations to the configured database and exit.
import { loadConfig } from './config.js';
import { openDatabase } from './db/index.js';
import { migrateLatest } from './db/migrate.js';

const config = loadConfig();
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
try {
  const applied = await migrateLatest(db.knex);
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'already up to date\n');
} finally {
  await db.close();
}
