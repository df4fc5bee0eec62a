// Coverage: how a write becomes a unit's status in an answer.
//
//   write (the API, an import, a script, psql)
//     → triggers (migrations/202611270001_add_coverage_tracking.ts): at commit, a counter per
//       subject (registry, screenings) goes up and the villages and starts written are logged
//     → commit log (./log.ts: readEpochs, changesBetween)
//     → engine (./engine.ts): per level and month, every unit's rank, recomputed for the units
//       touched (./screenings.ts reads the screenings)
//     → counts (./counts.ts: totals, rows, letters; ./render.ts: the GeoJSON and year bytes)
//     → answers (./specs.ts: what each route sends, for a user inside its scope)
//     → byte cache (./cache.ts): an answer's bytes, kept until the counters or the clock change it
//
// This class is the only way in: the coverage routes, the popup, the reports and the plans all ask
// it. Writes that skip triggers (session_replication_role = replica, pg_restore --disable-triggers)
// go unseen until `npm run coverage:refresh` (requestRebuild) tells every server to rebuild.
import type { DateTime } from 'luxon';
import type { Level } from '../../domain/units.js';
import { FreshReads } from '../db/freshReads.js';
import type { Db } from '../db/index.js';
import type { MonthRange } from '../months.js';
import { AnswerCache, type AnswerSpec } from './cache.js';
import { CoverageEngine, type EngineOptions, type MonthStatuses } from './engine.js';
import { pruneCoverageLog, readEpochs, type Epochs } from './log.js';
import { AnswerRenderer } from './render.js';
import type { Units } from './units.js';

export class Coverage {
  private readonly engine: CoverageEngine;
  /** The kept bytes of the answers (./cache.ts), which the routes send through ./send.ts. */
  readonly cache: AnswerCache;
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

  /** Renders and keeps an answer before anyone asks for it (./warm.ts). */
  prime(spec: AnswerSpec): Promise<void> {
    return this.cache.prime(spec);
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
