// `npm run coverage:refresh`: after a load that skipped the triggers (session_replication_role =
// replica, pg_restore --disable-triggers, ALTER TABLE … DISABLE TRIGGER), tell every server on the
// configured database to rebuild its coverage (server/coverage/service.ts requestRebuild). The
// servers keep running; each rebuilds on its next coverage request. On the embedded database the
// server holds the data directory alone: stop it, and the next start builds everything afresh.
import { loadConfig } from './config.js';
import { requestRebuild } from './coverage/service.js';
import { openDatabase } from './db/index.js';

const config = loadConfig();
if (!config.databaseUrl) {
  process.stderr.write('No DATABASE_URL: an embedded database is read by one server alone, which rebuilds its coverage at every start. Restart it instead.\n');
  process.exit(1);
}
const db = await openDatabase({ url: config.databaseUrl });
try {
  await requestRebuild(db.knex);
  process.stdout.write('coverage: every server on this database rebuilds on its next request\n');
} finally {
  await db.close();
}
