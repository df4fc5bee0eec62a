// The server side of `npm run bench:coverage`, in a worker thread: the API on its own database
// pool and event loop, as a real server is apart from its clients, so the time of a 13 MB answer
// is not mixed with the benchmark's own reading of it. Posts its URL, closes on 'close'.
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { DateTime } from 'luxon';
import { createApp } from '../server/app.js';
import { appServer } from '../server/http/shapes.js';
import { createContext } from '../server/context.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/index.js';
import { createLogger } from '../server/logger.js';

const { url, now } = workerData as { url: string; now: string };
const database = await openDatabase({ url });
const config = loadConfig({ LOG_LEVEL: 'silent', COUNTY_TIMEZONE: 'Asia/Shanghai' });
const fixed = DateTime.fromISO(now, { zone: 'Asia/Shanghai' });
config.now = () => fixed;
const server = appServer(createApp(createContext({ db: database.knex, engine: 'pg', config, logger: createLogger('silent') }))).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
parentPort!.postMessage(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
parentPort!.once('message', () => {
  server.closeAllConnections();
  server.close(() => void database.close());
});
