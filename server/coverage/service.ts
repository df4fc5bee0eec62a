// Coverage: how a write becomes a unit's status in an answer.
//
//   write (the API, an import, a script, psql)
//     → triggers (migrations/202611270001_add_coverage_tracking.ts): at commit, a counter per
//       subject (registry, screenings) goes up and the villages and starts written are logged
//     → commit log (./log.ts: readEpochs, changesBetween)
//     → engine (./engine.ts): per level and month, every unit's rank, recomputed for the units touched
//     → answers (./answers.ts: counts, rows, letters; ./render.ts: the GeoJSON and year bytes)
//     → byte cache (./cache.ts): an answer's bytes, kept until the counters or the clock change it
//
// This class is the only way in: the coverage routes, the popup, the reports and the plans all ask
// it. Writes that skip triggers (session_replication_role = replica, pg_restore --disable-triggers)
// go unseen until `npm run coverage:refresh` (requestRebuild) tells every server to rebuild.
import type { Request, Response } from 'express';
import type { DateTime } from 'luxon';
import type { Level } from '../../domain/units.js';
import { FreshReads } from '../db/freshReads.js';
import type { Db } from '../db/index.js';
import { shiftMonth } from '../../domain/months.js';
import type { User } from '../auth/user.js';
import { currentMonth, monthRange, type MonthRange } from '../months.js';
import { groupCountsOf } from './answers.js';
import { childLevelOf, groupsOf } from './areas.js';
import { AnswerCache, type CachedAnswer } from './cache.js';
import { CoverageEngine, type EngineOptions, type MonthStatuses } from './engine.js';
import { pruneCoverageLog, readEpochs, type Epochs } from './log.js';
import { AnswerRenderer } from './render.js';
import type { Units } from './units.js';

/** Whoever may see everything: the warm-up counts as the whole deployment. */
export const EVERYONE: User = { id: 0, username: 'warm-up', role: 'admin', partnerId: null, areaId: null, counties: null };

export class Coverage {
  private readonly engine: CoverageEngine;
  private readonly cache: AnswerCache;
  /** The counters: every request reads them, and the requests of one moment share a read. */
  private readonly counters: FreshReads<'epochs', Epochs>;
  readonly render = new AnswerRenderer();

  constructor(
    private readonly db: Db,
    options: EngineOptions & { cacheBytes: number },
  ) {
    this.engine = new CoverageEngine(db, options);
    this.counters = new FreshReads(() => readEpochs(db));
    this.cache = new AnswerCache(() => this.epochs(), options.cacheBytes);
  }

  /** The counters as of a read started after this call: every commit before it counted. */
  epochs(): Promise<Epochs> {
    return this.counters.get('epochs');
  }

  /** The month's statuses at `now`, as of `epochs` (the byte cache passes those it read) or of everything committed before this call. */
  async month(range: MonthRange, level: Level, now: DateTime, epochs?: Epochs): Promise<MonthStatuses> {
    return this.engine.month(range, level, now, epochs ?? (await this.epochs()));
  }

  /** The twelve months' statuses at `now`. */
  async year(months: MonthRange[], level: Level, now: DateTime, epochs?: Epochs): Promise<MonthStatuses[]> {
    return this.engine.year(months, level, now, epochs ?? (await this.epochs()));
  }

  /** The units of a level. */
  async units(level: Level, epochs?: Epochs): Promise<Units> {
    return this.engine.unitsOf(level, epochs ?? (await this.epochs()));
  }

  /**
   * Loads the units and the statuses of the current month and the one before at the
   * administrative level — what nearly every page asks for first, and the month a reader most
   * often switches to — and counts the current one by area once: the area columns are built and
   * the counting loop compiled before the first map asks.
   */
  async warm(zone: string, now: DateTime): Promise<void> {
    const current = currentMonth(zone, now);
    const m = await this.month(monthRange(current, zone), 'administrative', now);
    await this.month(monthRange(shiftMonth(current, -1), zone), 'administrative', now);
    const { groups, groupOf } = groupsOf(m.units, EVERYONE, null, childLevelOf(m.units, null));
    groupCountsOf(m, groups, groupOf);
  }

  /** Renders and keeps an answer before anyone asks for it. */
  prime(spec: CachedAnswer): Promise<void> {
    return this.cache.prime(spec);
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

/**
 * Tells every server on this database to rebuild its coverage: both counters move with nothing in
 * the commit log behind them, so each server reloads its units, recomputes every month whole and
 * drops its kept answers on its next request. For after a load that skipped the triggers.
 */
export async function requestRebuild(db: Db): Promise<void> {
  await db('coverage_epochs').update({ epoch: db.raw('epoch + 1') });
}
