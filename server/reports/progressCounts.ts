import { DateTime } from 'luxon';
import { monthRange } from '../../domain/months.js';
import { changesBetween, type Epochs } from '../coverage/log.js';
import type { Db } from '../db/index.js';

// The progress report's counts, kept in the database (migrations/202612090003_add_progress_counts.ts)
// per grain ('county', or 'township' where groupBy=township needs it) and month, so that the report
// sums a few thousand small rows instead of every unit and screening of the year:
//   - a grain-month missing is filled whole, once (the first ever report of a year: seconds at
//     national scale);
//   - the screenings committed since the rows' epoch (../coverage/log.ts changesBetween: the
//     village and start of each change, before and after it) name the counties (and townships)
//     and months a write touched: only those rows are recomputed (a few hundred screenings);
//   - when the log cannot say (pruned, a TRUNCATE, too many changes), the registry changed, or the
//     zone or late-report hours differ, every row goes and the months are filled again as asked.
// A unit (an administrative village; a natural village's screenings count for its parent, which
// lies in the same township: the villages_parent_fk) is held in a month when it is a unit of the
// month (not retired at its first instant) and a completed screening the bureau did not reject
// starts in it: the coverage engine's "covered" (server/coverage/screenings.ts, domain/status.ts).
// The rows are brought up to date under a transaction-scoped advisory lock: servers sharing the
// database take turns, each reading what the one before wrote.

export type Grain = 'county' | 'township';

/** Days of the last round counted as its end: a screening in them is bunched. */
export const BUNCHING_DAYS = 5;

/** The lock the servers take turns on while bringing the rows up to date (any number of this program's own). */
const LOCK = 2131_0022;

export interface CountsOptions {
  zone: string;
  lateHours: number;
}

/** Per database: one bringing-up-to-date at a time in this process. */
const queues = new WeakMap<Db, Promise<unknown>>();

/** Brings the rows of `year` at `grain` up to date with `epochs` (filling its missing months). */
export function keepProgressCounts(db: Db, year: number, grain: Grain, epochs: Epochs, o: CountsOptions): Promise<void> {
  const run = (queues.get(db) ?? Promise.resolve()).then(() => db.transaction((trx) => bringUpToDate(trx, year, grain, epochs, o)));
  queues.set(
    db,
    run.catch(() => undefined),
  );
  return run;
}

const monthsOf = (year: number) => Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

async function bringUpToDate(trx: Db, year: number, grain: Grain, epochs: Epochs, o: CountsOptions): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(?)', [LOCK]);
  const state: { screenings_epoch: string; registry_epoch: string; zone: string; late_hours: number } | undefined = await trx('progress_state').first();
  const same = state && state.zone === o.zone && Number(state.late_hours) === o.lateHours && Number(state.registry_epoch) === epochs.registry;
  const from = state ? Number(state.screenings_epoch) : -1;
  let wipe = !same || from > epochs.screenings;
  if (!wipe && from < epochs.screenings) {
    const changes = await changesBetween(trx, from, epochs.screenings);
    if (!changes || changes.some((c) => c.village_id === null || c.starts_at === null)) wipe = true;
    else await recomputeTouched(trx, changes as { village_id: number; starts_at: Date | string }[], o);
  }
  if (wipe) {
    await trx('progress_counts').delete();
    await trx('progress_months').delete();
  }
  if (wipe || from !== epochs.screenings) {
    await trx('progress_state').delete();
    await trx('progress_state').insert({ screenings_epoch: epochs.screenings, registry_epoch: epochs.registry, zone: o.zone, late_hours: o.lateHours });
  }
  const filled = new Set((await trx('progress_months').where({ grain }).whereLike('month', `${year}-%`).pluck('month')) as string[]);
  for (const month of monthsOf(year)) {
    if (filled.has(month)) continue;
    await computeRows(trx, grain, month, null, o);
    await trx('progress_months').insert({ grain, month });
  }
}

/** The rows of the counties and townships (of the grain-months filled) whose screenings the changes touched, recomputed. */
async function recomputeTouched(trx: Db, changes: { village_id: number; starts_at: Date | string }[], o: CountsOptions) {
  const filled = new Set(((await trx('progress_months').select('grain', 'month')) as { grain: Grain; month: string }[]).map((r) => `${r.grain}|${r.month}`));
  for (const [key, ids] of await touchedBy(trx, changes, o.zone, (key) => filled.has(key))) {
    const [grain, month] = key.split('|') as [Grain, string];
    await computeRows(trx, grain, month, [...ids], o);
  }
}

/** The areas whose rows the changes touch: `grain|month` → area ids (only the keys `wanted` takes). */
async function touchedBy(db: Db, changes: { village_id: number; starts_at: Date | string }[], zone: string, wanted: (key: string) => boolean): Promise<Map<string, Set<number>>> {
  const touched = new Map<string, Set<number>>();
  if (!changes.length) return touched;
  const villages = [...new Set(changes.map((c) => c.village_id))];
  const places: { id: number; township_id: number; county_id: number | null }[] = (
    await db.raw('select v.id, v.township_id, t.county_id from villages v join townships t on t.id = v.township_id where v.id = any(?::int[])', [villages])
  ).rows;
  const placeOf = new Map(places.map((p) => [p.id, p]));
  const touch = (grain: Grain, month: string, id: number) => {
    const key = `${grain}|${month}`;
    if (!wanted(key)) return;
    let ids = touched.get(key);
    if (!ids) touched.set(key, (ids = new Set()));
    ids.add(id);
  };
  for (const c of changes) {
    const p = placeOf.get(c.village_id);
    if (!p) continue; // a village gone: the registry changed, and every row with it
    const month = DateTime.fromJSDate(new Date(c.starts_at)).setZone(zone).toFormat('yyyy-MM');
    touch('county', month, p.county_id ?? 0);
    touch('township', month, p.township_id);
  }
  return touched;
}

/** (Re)computes the rows of a grain-month: every area's, or those of `ids` only. */
async function computeRows(trx: Db, grain: Grain, month: string, ids: number[] | null, o: CountsOptions) {
  const g = grain === 'county' ? 'coalesce(t.county_id, 0)' : 't.id';
  // The townships' own column where it can be (its index finds the county's few hundred villages).
  const only = !ids ? '' : grain === 'township' || !ids.includes(0) ? `where ${grain === 'county' ? 't.county_id' : 't.id'} = any(:ids::int[])` : `where ${g} = any(:ids::int[])`;
  const del = trx('progress_counts').where({ grain, month });
  if (ids) del.whereRaw('area_id = any(?::int[])', [ids]);
  await del.delete();
  const range = monthRange(month, o.zone);
  // The villages of the areas (each with its unit and the unit's retirement), then their units and
  // completed screenings of the month. For a few areas the villages are read by township and their
  // screenings by village, through the indexes (villages township_id, screenings_village: the
  // OFFSET 0 keeps the planner from flattening the laterals into a scan of the month); for a whole
  // month the planner joins freely.
  const villagesOf = ids ? 'townships t cross join lateral (select * from villages v where v.township_id = t.id offset 0) v' : 'townships t join villages v on v.township_id = t.id';
  const screeningsOf = ids
    ? 'vs cross join lateral (select s.review_decision, s.reported_at, s.starts_at from screenings s where s.village_id = vs.id and s.status = \'completed\' and s.starts_at >= :from and s.starts_at < :to offset 0) s'
    : 'vs join screenings s on s.village_id = vs.id and s.status = \'completed\' and s.starts_at >= :from and s.starts_at < :to';
  await trx.raw(
    `with vs as ${ids ? '' : 'not '}materialized (
       select v.id, v.kind, v.retired_at, coalesce(v.parent_id, v.id) as unit,
              case when v.parent_id is null then v.retired_at else (select u.retired_at from villages u where u.id = v.parent_id) end as unit_retired, ${g} as g
         from ${villagesOf}
         ${only}
     )
     insert into progress_counts (grain, month, area_id, units, registered, held, completed, on_time, last)
     select :grain, :month, g, sum(units), sum(registered), sum(held), sum(completed), sum(on_time), sum(last)
       from (
         select g, count(*) filter (where retired_at is null or retired_at > :from) as units, count(*) as registered,
                0 as held, 0 as completed, 0 as on_time, 0 as last
           from vs where kind = 'administrative'
          group by 1
         union all
         select vs.g, 0, 0,
                count(distinct vs.unit) filter (where s.review_decision is distinct from 'rejected' and (vs.unit_retired is null or vs.unit_retired > :from)),
                count(*),
                count(*) filter (where s.reported_at is null or s.reported_at <= s.starts_at + make_interval(secs => :secs)),
                count(*) filter (where (s.starts_at at time zone :zone) >= date_trunc('month', s.starts_at at time zone :zone) + interval '1 month' - make_interval(days => :days))
           from ${screeningsOf}
          group by 1
       ) x
      group by g`,
    { grain, month, from: range.start.toJSDate(), to: range.end.toJSDate(), secs: o.lateHours * 3600, zone: o.zone, days: BUNCHING_DAYS, ...(ids ? { ids } : {}) },
  );
}

/** Per area of the grain: the year's sums the report needs, each month weighed by the flags given (1–12, index 0 unused). */
export interface CountSums {
  area_id: number;
  units: number;
  registered: number;
  held: number;
  completed: number;
  on_time: number;
  /** Per payment round kind, in the order of the flags given: completed screenings of the rounds begun, and those bunched. */
  rounds: number[];
  bunched: number[];
}

// The year's rows of a grain, also kept in this process (a few thousand areas × 12 months × 6
// counts): an answer after a write re-reads only the rows of the county-months the write touched
// (the same change log names them), an answer after a start reads them all once — never the
// tens of thousands of rows of a year summed by the database for each answer.

const FIELDS = ['units', 'registered', 'held', 'completed', 'on_time', 'last'] as const;
const WIDTH = FIELDS.length;

interface YearRows {
  database: string;
  registry: number;
  screenings: number;
  zone: string;
  lateHours: number;
  /** area id → its 12 months' counts, FIELDS per month. */
  areas: Map<number, Int32Array>;
}
const memory = new WeakMap<Db, Map<string, YearRows>>();

/**
 * The rows of `year` at `grain`, brought up to date with `epochs` (filling the missing months
 * first), as kept in this process. Runs in the database's queue: one bringing-up-to-date at a time.
 */
export function progressRows(db: Db, year: number, grain: Grain, epochs: Epochs, o: CountsOptions): Promise<Map<number, Int32Array>> {
  const run = keepProgressCounts(db, year, grain, epochs, o).then(() => {
    const next = (queues.get(db) ?? Promise.resolve()).then(() => rowsInMemory(db, year, grain, epochs, o));
    queues.set(
      db,
      next.catch(() => undefined),
    );
    return next;
  });
  return run;
}

async function rowsInMemory(db: Db, year: number, grain: Grain, epochs: Epochs, o: CountsOptions): Promise<Map<number, Int32Array>> {
  let kept = memory.get(db);
  if (!kept) memory.set(db, (kept = new Map()));
  const key = `${grain}|${year}`;
  const m = kept.get(key);
  const same = m && m.database === epochs.database && m.registry === epochs.registry && m.zone === o.zone && m.lateHours === o.lateHours && m.screenings <= epochs.screenings;
  if (m && same) {
    if (m.screenings === epochs.screenings) return m.areas;
    const changes = await changesBetween(db, m.screenings, epochs.screenings);
    if (changes && changes.every((c) => c.village_id !== null && c.starts_at !== null)) {
      const touched = await touchedBy(db, changes as { village_id: number; starts_at: Date | string }[], o.zone, (k) => k.startsWith(`${grain}|${year}-`));
      for (const [k, ids] of touched) await readRows(db, grain, k.slice(grain.length + 1), [...ids], m.areas);
      m.screenings = epochs.screenings;
      return m.areas;
    }
  }
  const areas = new Map<number, Int32Array>();
  await readRows(db, grain, `${year}-%`, null, areas);
  kept.set(key, { database: epochs.database, registry: epochs.registry, screenings: epochs.screenings, zone: o.zone, lateHours: o.lateHours, areas });
  return areas;
}

/** Reads rows of the table into `into`: a month's (of `ids`), or (`like` a pattern) a year's. */
async function readRows(db: Db, grain: Grain, month: string, ids: number[] | null, into: Map<number, Int32Array>) {
  // One row per area with its months' counts as one array: a year's rows parse as a few thousand.
  const rows: { area_id: number; counts: number[] }[] = (
    await db.raw(
      `select area_id, array_agg(array[substr(month, 6, 2)::int, ${FIELDS.join(', ')}]) as counts
         from progress_counts where grain = ? and month ${ids ? '=' : 'like'} ? ${ids ? 'and area_id = any(?::int[])' : ''}
        group by area_id`,
      ids ? [grain, month, ids] : [grain, month],
    )
  ).rows;
  if (ids) {
    // A row recomputed away (an area with nothing that month) reads as zeros.
    const mi = Number(month.slice(5, 7)) - 1;
    for (const id of ids) into.get(id)?.fill(0, mi * WIDTH, (mi + 1) * WIDTH);
  }
  for (const r of rows) {
    let a = into.get(r.area_id);
    if (!a) into.set(r.area_id, (a = new Int32Array(12 * WIDTH)));
    const flat = r.counts.flat();
    for (let i = 0; i < flat.length; i += WIDTH + 1) a.set(flat.slice(i + 1, i + 1 + WIDTH), (flat[i]! - 1) * WIDTH);
  }
}

/**
 * The year's rows summed per area (only `ids` where given): units and registered of January (the
 * units of the year), held over the months `heldMonths` flags, and per round kind the completed
 * screenings of the months its flags say and the last days' of the months its end flags say.
 */
export function sumProgressRows(areas: Map<number, Int32Array>, ids: number[] | null, heldMonths: number[], kinds: { begun: number[]; ends: number[] }[]): CountSums[] {
  const out: CountSums[] = [];
  const sum = (area_id: number, a: Int32Array) => {
    const r: CountSums = { area_id, units: a[0]!, registered: a[1]!, held: 0, completed: 0, on_time: 0, rounds: kinds.map(() => 0), bunched: kinds.map(() => 0) };
    for (let mi = 1; mi <= 12; mi++) {
      const o = (mi - 1) * WIDTH;
      r.held += a[o + 2]! * heldMonths[mi]!;
      r.completed += a[o + 3]!;
      r.on_time += a[o + 4]!;
      kinds.forEach((k, i) => {
        r.rounds[i]! += a[o + 3]! * k.begun[mi]!;
        r.bunched[i]! += a[o + 5]! * k.ends[mi]!;
      });
    }
    out.push(r);
  };
  if (ids) for (const id of ids) {
    const a = areas.get(id);
    if (a) sum(id, a);
  }
  else for (const [id, a] of areas) sum(id, a);
  return out;
}
