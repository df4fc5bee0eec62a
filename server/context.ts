import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Db, Engine } from './db/index.js';

/** What every feature's router is built with. */
export interface AppContext {
  db: Db;
  engine: Engine;
  config: Config;
  logger: Logger;
}
