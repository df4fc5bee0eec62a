import type { Db } from '../db/index.js';

// What the database says changed (migrations/202611270001_add_coverage_tracking.ts): a counter per
// subject bumped at the commit of every transaction that writes it, and for screenings a log of
// the villages and starts each commit touched. Read here: coverage_epochs, coverage_commits,
// coverage_changes (the screenings themselves: ./screenings.ts).

export type Subject = 'registry' | 'screenings';
export type Epochs = Record<Subject, number> & {
  /** Who the session tokens are (migrations/202612100101_add_sessions_epoch.ts; server/auth/session-cache.ts); NaN without its row. */
  sessions: number;
  /**
   * Which database the counters belong to: the oids of the database and of the counters' table.
   * A database recreated, or restored from a dump, has other oids — and counters that may have
   * gone back to values this server has seen with other data.
   */
  database: string;
};

const EPOCHS_SQL = `select subject, epoch,
  (select oid from pg_database where datname = current_database())::text || '.' || 'coverage_epochs'::regclass::oid::text as database
  from coverage_epochs`;

export async function readEpochs(db: Db): Promise<Epochs> {
  // Every request reads these: one constant statement, no query builder to compile each time.
  const rows: { subject: Subject | 'sessions'; epoch: number; database: string }[] = (await db.raw(EPOCHS_SQL)).rows;
  // No sessions row (a database older than its migration, or hand-edited): NaN, and no session is kept.
  const epochs: Epochs = { registry: 0, screenings: 0, sessions: NaN, database: rows[0]?.database ?? '' };
  for (const r of rows) epochs[r.subject] = Number(r.epoch);
  return epochs;
}

export interface Change {
  /** null: every village (a TRUNCATE). */
  village_id: number | null;
  starts_at: Date | string | null;
}

/** More changes than this between two epochs are cheaper to recompute whole. */
const MAX_CHANGES = 20_000;

/**
 * The villages and starts that the commits between two screenings epochs wrote (before and after
 * each change); undefined when the log no longer holds all of those commits, or holds too many.
 */
export async function changesBetween(db: Db, from: number, to: number): Promise<Change[] | undefined> {
  // One statement, one snapshot: the commits counted and the changes read cannot be told apart by
  // a prune committing in between.
  const rows: { commits: number; found: boolean | null; village_id: number | null; starts_at: Date | string | null }[] = (
    await db.raw(
      `with k as (select txid from coverage_commits where epoch > ? and epoch <= ?)
       select x.commits, y.found, y.village_id, y.starts_at
         from (select count(*)::int as commits from k) x
         left join lateral (
           select true as found, c.village_id, c.starts_at from coverage_changes c join k on k.txid = c.txid limit ?
         ) y on true`,
      [from, to, MAX_CHANGES + 1],
    )
  ).rows;
  if (rows[0]?.commits !== to - from || rows.length > MAX_CHANGES) return undefined;
  return rows.filter((r) => r.found).map(({ village_id, starts_at }) => ({ village_id, starts_at }));
}

/** Drops the commit log older than a day (servers further behind recompute whole months). */
export async function pruneCoverageLog(db: Db): Promise<void> {
  await db.raw(`
    with gone as (delete from coverage_commits where committed_at < now() - interval '1 day' returning txid)
    delete from coverage_changes where txid in (select txid from gone)
  `);
}
