import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { start } from './server.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
const logger = createLogger(config.logLevel);

const running = await start(config, logger).catch((err) => {
  logger.fatal({ err }, 'start failed');
  process.exit(1);
});
process.stdout.write(`film2131 is running at ${running.url.replace('127.0.0.1', 'localhost')}  (API docs: /api/docs)\n`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
