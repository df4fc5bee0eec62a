import type { Request, Response } from 'express';
import type { DateTime } from 'luxon';
import type { Level } from '../../domain/units.js';
import type { Db } from '../db/index.js';
import type { MonthRange } from '../months.js';
import { CoverageCache, readEpochs, type CachedAnswer } from './cache.js';
import { CoverageEngine, pruneCoverageLog, type MonthStatuses, type Units } from './engine.js';

/**
 * The one coverage of a server: built once at start (server/server.ts), kept in the app context,
 * asked by every consumer — the coverage answers, the popup, the reports, the plans.
 */
export class Coverage {
  readonly engine: CoverageEngine;
  private readonly cache: CoverageCache;

  constructor(
    private readonly db: Db,
    options: { cacheBytes: number },
  ) {
    this.engine = new CoverageEngine(db);
    this.cache = new CoverageCache(db, options.cacheBytes);
  }

  /** The month's statuses at `now`, as of everything committed before this call. */
  async month(range: MonthRange, level: Level, now: DateTime): Promise<MonthStatuses> {
    return this.engine.month(range, level, now, await readEpochs(this.db));
  }

  /** The twelve months' statuses at `now`. */
  async year(months: MonthRange[], level: Level, now: DateTime): Promise<MonthStatuses[]> {
    return this.engine.year(months, level, now, await readEpochs(this.db));
  }

  /** The units of a level, as of the registry committed before this call. */
  async units(level: Level): Promise<Units> {
    return this.engine.unitsOf(level, await readEpochs(this.db));
  }

  /** Sends a kept answer while it still holds, else renders and keeps it. */
  send(req: Request, res: Response, spec: CachedAnswer): Promise<void> {
    return this.cache.send(req, res, spec);
  }

  /** Drops the commit log older than a day. */
  prune(): Promise<void> {
    return pruneCoverageLog(this.db);
  }
}
