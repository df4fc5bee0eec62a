import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { createContext } from './context.js';
import { appServer } from './http/shapes.js';
import { photoStoreOf } from './evidence/store.js';
import { ensureAdmin } from './accounts/service.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/index.js';
import { exclusively } from './db/exclusive.js';
import { migrateLatest } from './db/migrate.js';
import { isEmpty, seedDemo } from './demo/seed.js';
import { EVERYONE, warmCoverage } from './coverage/warm.js';
import { warmProgress } from './reports/progress.js';
import { findSessionUser, pruneSessions } from './auth/sessions.js';

export interface Running {
  url: string;
  server: http.Server;
  database: Database;
  /** Stop accepting, let in-flight requests finish (up to the timeout), then close the database. */
  close(): Promise<void>;
}

// Servers that start together on one PostgreSQL database (behind a proxy) set it up one at a
// time — migrations, the configured admin, the demo — so the second finds the first's work done
// instead of racing it to the same rows (server/db/exclusive.ts).

/** config → database → migrations → admin/demo (one server at a time) → app → listen. */
export async function start(config: Config, logger: Logger, database?: Database): Promise<Running> {
  const t0 = performance.now();
  // The photo store first: a wrong bucket or key stops the start, not the first upload.
  const photos = photoStoreOf(config.photos);
  await photos.check?.();
  const db = database ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir }));
  await exclusively(db.knex, 'startup', async () => {
    const applied = await migrateLatest(db.knex);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    // Whether the database was empty is decided before ADMIN_USERNAME's admin is created, so that a
    // first start with both gets the demo data and that admin (DOMAIN.md, start contract).
    const empty = config.demoData && (await isEmpty(db.knex));
    if (await ensureAdmin(db.knex, config.admin, config.timezone)) logger.info({ username: config.admin?.username }, 'admin created');
    if (empty) {
      const demo = await seedDemo(db.knex, config);
      logger.info({ signIns: demo.signIns }, 'demo data loaded');
      printDemoSignIns(demo.signIns);
    }
  });
  await pruneSessions(db.knex);
  const ctx = createContext({ db: db.knex, engine: db.engine, config, logger, photos });
  // The coverage commit log: a day is kept; pruned here, outside any writer's transaction.
  const pruneLog = () => ctx.coverage.prune().catch((err: unknown) => logger.warn({ err }, 'pruning the coverage log failed'));
  await pruneLog();
  const pruning = setInterval(() => void pruneLog(), 3_600_000).unref();

  // Coverage before the first request (./coverage/warm.ts): a province's first map is not the one
  // that waits for 600,000 units to load; the first request after a start costs what a warm one does.
  const warm = performance.now();
  await warmCoverage(ctx);
  await warmProgress(ctx, EVERYONE).catch((err: unknown) => logger.warn({ err }, 'warming the progress report failed'));
  logger.info({ warmMs: Math.round(performance.now() - warm) }, 'coverage ready');

  const app = createApp(ctx);
  const server = appServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  // One request through the whole stack, and the session lookup once, before anyone else's: the
  // first real request then finds its code compiled and its tables read (measured by bench:national).
  // Unsigned, the request stops at the sign-in check: it warms the stack, not coverage.
  await Promise.all([findSessionUser(db.knex, 'warm-up'), fetch(`${url}/api/coverage`).then((r) => r.arrayBuffer())]).catch(() => undefined);
  logger.info({ url, engine: db.engine, startupMs: Math.round(performance.now() - t0) }, 'listening');

  let closing: Promise<void> | undefined;
  // server.close() drops only the connections idle at that moment; a keep-alive connection whose
  // request was still in flight would otherwise hold the shutdown until its keep-alive timeout.
  server.on('request', (_req, res) => {
    res.on('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
  const close = () =>
    (closing ??= (async () => {
      clearInterval(pruning);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      await stopped;
      clearTimeout(timer);
      await db.close();
      logger.info('stopped');
    })());
  return { url, server, database: db, close };
}

function printDemoSignIns(signIns: { username: string; password: string; role: string }[]) {
  const lines = signIns.map((s) => `  ${s.role.padEnd(8)} ${s.username} / ${s.password}`);
  process.stdout.write(`\nDemo sign-ins (demo data loaded into an empty database):\n${lines.join('\n')}\n\n`);
}
