import type { Logger } from 'pino';
import type { Config } from './config.js';
import { Coverage } from './coverage/service.js';
import type { Db, Engine } from './db/index.js';
import { photoStoreOf, type PhotoStore } from './evidence/store.js';

/** What every feature's router is built with. */
export interface AppContext {
  db: Db;
  engine: Engine;
  config: Config;
  logger: Logger;
  /** The server's one coverage (server/coverage/service.ts). */
  coverage: Coverage;
  /** Where photo bytes are kept (PHOTO_STORE): server/evidence/store.ts. */
  photos: PhotoStore;
}

/** The context of one server: its coverage is built here, once; its photo store too, unless given. */
export function createContext(parts: Omit<AppContext, 'coverage' | 'photos'> & { photos?: PhotoStore }): AppContext {
  return { ...parts, coverage: new Coverage(parts.db, { cacheBytes: parts.config.coverageCacheBytes }), photos: parts.photos ?? photoStoreOf(parts.config.photos) };
}
