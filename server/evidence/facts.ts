import type { FilmCategory } from '../../domain/programme.js';
import type { VerificationState } from '../../domain/status.js';
import { numbers } from '../db/arrays.js';
import type { Db } from '../db/index.js';
import { readTogether } from '../db/together.js';
import { groupBy } from '../lib/collections.js';
import { stopsOf, type Facts, type Fix, type Neighbour, type Thresholds } from './checks.js';

// The facts the checks (./checks.ts) look at, for many completed screenings at once — a month's
// recheck asks for tens of thousands — in nine queries whatever their number, each by an array of
// ids (a join the planner may hash, given(), or `= any`), every instant read as ms since the epoch
// (a number, not a Date to parse). A screening's neighbours are its team's completed screenings
// just before and after it (by start, then id) and its usual audience the median of the team's
// last completed ones before it: both read off the team's sequence (teamSequences), not looked up one screening at a time.
// Its team's reports are those within BULK_REPORT_MINUTES of its own; its programme's films, in
// order, from the catalogue's rows of the films shown.

/**
 * Completed screenings of the team before (or after) `s`, nearest first: a lateral subquery's body
 * (`columns` of `o`). The index screenings_team_completed (migrations/202612120001) reads them in
 * this order.
 */
const adjacent = (dir: '<' | '>', columns = 'o.id') =>
  `select ${columns} from screenings o where o.team_id = s.team_id and o.status = 'completed' and (o.starts_at, o.id) ${dir} (s.starts_at, s.id)
   order by o.starts_at ${dir === '<' ? 'desc' : 'asc'}, o.id ${dir === '<' ? 'desc' : 'asc'} limit 1`;

/** Photos of other screenings whose hash is within `?` bits of `p`'s (one of four 16-bit bands agrees: migrations/202611301201). */
const similarPhotos = `
  screening_photos o on o.screening_id <> p.screening_id
   and (substr(o.phash, 1, 4) = substr(p.phash, 1, 4) or substr(o.phash, 5, 4) = substr(p.phash, 5, 4)
     or substr(o.phash, 9, 4) = substr(p.phash, 9, 4) or substr(o.phash, 13, 4) = substr(p.phash, 13, 4))
   and bit_count(('x' || o.phash)::bit(64) # ('x' || p.phash)::bit(64)) <= ?`;

/**
 * The rows whose `column` is one of an array parameter (`?`): joined to the array unnested, which
 * the planner may hash or loop over, where `column = any(?)` probes an index once per element.
 */
const given = (column: string) => `unnest(?::int[]) as given(id) on given.id = ${column}`;

/**
 * An instant as whole ms since the epoch, as a Date holds it (the microseconds dropped), sent as a
 * float8: the driver gives a number, where a timestamptz is text parsed into a Date. In float8, not
 * numeric (extract's type; a third of the locking read's time): date_part's seconds, times 10⁶, are
 * within 0.25 of the whole microseconds (below 2⁵³ µs, the year 2255), so round() gives them exactly,
 * and a whole number divided by 1000 and floored is exact too (test/api/evidence-verification.test.ts).
 */
export const epochMs = (column: string) => `floor(round(date_part('epoch', ${column}) * 1e6::float8) / 1e3::float8)`;

/** Screenings of the team reported within `?` ms either side of `s`'s report. */
const reportedNear = `o.team_id = s.team_id and o.status = 'completed' and s.reported_at is not null
   and o.reported_at between s.reported_at - ? * interval '1 millisecond' and s.reported_at + ? * interval '1 millisecond'`;

/** A screening given, locked: what verify() needs of each, completed or not. */
export interface LockedScreening {
  id: number;
  status: string;
  verification: VerificationState | null;
}

interface ScreeningRow extends LockedScreening {
  team_id: number;
  starts_at: number;
  reported_at: number | null;
  audience: number;
  village_id: number;
  lat: number;
  lng: number;
  population: number | null;
  position_approximate: boolean;
  programme: number[];
}

/** A completed screening of a team, as its sequence and its reports are read. */
interface TeamScreening {
  id: number;
  starts_at: number;
  audience: number;
  village_id: number;
  reported_at: number | null;
}

/** The team's completed screenings around those given: the audiences of the AUDIENCE_MEDIAN_OF before the first (oldest first), the one just before it and the one just after the last. */
interface TeamEdges {
  team_id: number;
  audiences: number[];
  prev_id: number | null;
  prev_starts_at: number | null;
  prev_village_id: number | null;
  next_id: number | null;
  next_starts_at: number | null;
  next_village_id: number | null;
}

interface FilmRow {
  id: number;
  title: string;
  category: FilmCategory;
  minutes: number | null;
  available_from: string | null;
  available_to: string | null;
}

type TeamReport = Facts['teamReports'][number];

const rows = async <T>(q: Promise<{ rows: T[] }>) => (await q).rows;

/** The last `capacity` numbers pushed, kept sorted (and in the order they came): their median as percentile_cont(0.5) gives it. */
class SortedWindow {
  private readonly sorted: number[] = [];
  private readonly order: number[] = [];

  constructor(
    first: number[],
    private readonly capacity: number,
  ) {
    for (const x of first) this.push(x);
  }

  get size(): number {
    return this.sorted.length;
  }

  push(x: number): void {
    this.order.push(x);
    this.sorted.splice(this.at(x), 0, x);
    if (this.order.length > this.capacity) this.sorted.splice(this.at(this.order.shift()!), 1);
  }

  /** The mean of the two middle ones for an even count. */
  median(): number {
    const mid = this.sorted.length >> 1;
    return this.sorted.length % 2 ? this.sorted[mid]! : (this.sorted[mid - 1]! + this.sorted[mid]!) / 2;
  }

  /** The first index whose number is not below `x`. */
  private at(x: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// The two reads of a row per screening, its own row and its fixes, come packed: the row's fields in
// one text, comma-separated (`concat_ws`, a null written as nothing), split here. pg parses each
// field on its own (a slice of the buffer, a decode, a type parser, a property of the row's object):
// 40% of the process's time in a month's recheck. Packed, a month's recheck took 150–200 ms less of
// it (about a fifth), and the server's time stayed as it was (bench:verify's database, 7 December 2026).
// Every field packed is a number, a boolean as 0 or 1, or a word without a comma (a status).

/** A number of a packed row, or null where it is empty. */
const orNull = (x: string) => (x === '' ? null : Number(x));

/** A fix's row, packed: screening_id, lat, lng, accuracy, taken_at (ms). The check's Fix as it comes, with its screening. */
function fixRow({ r }: { r: string }): Fix & { screening_id: number } {
  const f = r.split(',');
  return { screening_id: Number(f[0]), lat: Number(f[1]), lng: Number(f[2]), accuracy: Number(f[3]), takenAt: Number(f[4]) };
}

/**
 * A screening's row as the locking read packs it (the order of ScreeningRow), its programme's films
 * space-separated. Its audience is read as 0 where it has none: only a completed screening's is
 * read, and a completed screening always has one (the constraint screenings_completed_audience).
 */
function screeningRow({ r }: { r: string }): ScreeningRow {
  const f = r.split(',');
  return {
    id: Number(f[0]),
    status: f[1]!,
    verification: (f[2] || null) as VerificationState | null,
    team_id: Number(f[3]),
    starts_at: Number(f[4]),
    reported_at: orNull(f[5]!),
    audience: Number(f[6]),
    village_id: Number(f[7]),
    programme: f[8] ? f[8].split(' ').map(Number) : [],
    lat: Number(f[9]),
    lng: Number(f[10]),
    population: orNull(f[11]!),
    position_approximate: f[12] === '1',
  };
}

const byStart = (a: TeamScreening, b: TeamScreening) => a.starts_at - b.starts_at || a.id - b.id;

/**
 * The given screenings' teams and each one's span (`sp`): from its first start (`lo`) to just after
 * its last (`hi`, exclusive), and from its first report less the bulk window (`rlo`) to its last
 * plus it (`rhi`, both inside), as arrays of ms (instants: whole ms, at most a ms wider than the
 * microseconds would make them; every stretch read is then cut exactly by the process).
 */
const spans = `(select team_id, to_timestamp(lo / 1000) as lo, to_timestamp(hi / 1000) as hi, to_timestamp(rlo / 1000) as rlo, to_timestamp(rhi / 1000) as rhi
   from unnest(?::int[], ?::float8[], ?::float8[], ?::float8[], ?::float8[]) as x(team_id, lo, hi, rlo, rhi)) sp`;

/** A team's completed screening just before the span `sp` (or just after it): a lateral subquery's body. */
const adjacentOfSpan = (dir: '<' | '>') =>
  `select o.id, ${epochMs('o.starts_at')} as starts_at, o.village_id from screenings o
    where o.team_id = sp.team_id and o.status = 'completed' and ${dir === '<' ? 'o.starts_at < sp.lo order by o.starts_at desc, o.id desc' : 'o.starts_at >= sp.hi order by o.starts_at, o.id'} limit 1`;

function spanArrays(completed: ScreeningRow[], windowMs: number): string[] {
  const byTeam = new Map<number, { lo: number; hi: number; rlo: number | null; rhi: number | null }>();
  for (const s of completed) {
    const span = byTeam.get(s.team_id);
    const r = s.reported_at;
    if (!span) byTeam.set(s.team_id, { lo: s.starts_at, hi: s.starts_at, rlo: r, rhi: r });
    else {
      span.lo = Math.min(span.lo, s.starts_at);
      span.hi = Math.max(span.hi, s.starts_at);
      if (r !== null) {
        span.rlo = span.rlo === null ? r : Math.min(span.rlo, r);
        span.rhi = span.rhi === null ? r : Math.max(span.rhi, r);
      }
    }
  }
  const list = [...byTeam];
  return [
    numbers(list.map(([team]) => team)),
    numbers(list.map(([, x]) => x.lo)),
    numbers(list.map(([, x]) => x.hi + 1)),
    numbers(list.map(([, x]) => (x.rlo === null ? null : x.rlo - windowMs))),
    numbers(list.map(([, x]) => (x.rhi === null ? null : x.rhi + windowMs + 1))),
  ];
}

/**
 * The facts of those of `ids` that are completed (`factsOf`, by id), and every one of `ids` as it
 * is now: with `lock`, each locked first (for no key update, in id order: two runs never wait on
 * each other in a circle), those of a locked month left out (DOMAIN.md "Periods and settlement").
 *
 * The screenings' own rows come with their village; their teams' other completed screenings that
 * the checks look at come by team, not by screening: the sequence's edges (teamEdges: the
 * audiences before the first, the neighbour before the first and after the last), those between
 * that are not given (none when the given are a month's whole), and those reported near the given
 * ones' reports. A team's completed screenings never share a start (the exclusion constraint
 * screenings_team_slot), so the start orders them; the id breaks ties as the checks always have.
 */
export async function collectFacts(db: Db, ids: number[], t: Thresholds, o: { lock?: boolean } = {}): Promise<{ screenings: LockedScreening[]; factsOf: (id: number) => Facts | undefined }> {
  // By `= any` of the ids: PostgreSQL walks the primary key in their order, so the rows come already
  // sorted for the lock. Joined to the ids unnested, they were probed one by one and sorted after:
  // 31–49 ms against 23–36 ms for a batch of 4,300 (EXPLAIN ANALYZE on bench:verify's database).
  const screenings = (
    await rows<{ r: string }>(
      db.raw(
        `select concat_ws(',', s.id, s.status, coalesce(s.verification, ''), s.team_id, ${epochMs('s.starts_at')}, coalesce(${epochMs('s.reported_at')}::text, ''),
                coalesce(s.audience::text, ''), s.village_id, array_to_string(s.programme, ' '), v.lat, v.lng, coalesce(v.population::text, ''), v.position_approximate::int) as r
           from screenings s
           join villages v on v.id = s.village_id
          where s.id = any(?::int[])
          ${o.lock ? `and case when exists (select 1 from periods where state = 'locked') then not period_locked(s.village_id, s.starts_at) else true end order by s.id for no key update of s` : ''}`,
        [numbers(ids)],
      ),
    )
  ).map(screeningRow);
  const completed = screenings.filter((s) => s.status === 'completed');
  if (!completed.length) return { screenings, factsOf: () => undefined };
  const ownIds = completed.map((s) => s.id);
  /** The given completed ones as an array parameter, written once for the five statements that send it. */
  const ownList = numbers(ownIds);
  const windowMs = t.bulkMinutes * 60_000;

  const span = spanArrays(completed, windowMs);
  // The teams' completed screenings that are not given, in a stretch of each team's span.
  const othersOfTeams = (within: string) =>
    rows<TeamScreening & { team_id: number }>(
      db.raw(
        `select o.team_id, o.id, ${epochMs('o.starts_at')} as starts_at, o.audience, o.village_id, ${epochMs('o.reported_at')} as reported_at
           from ${spans} join screenings o on o.team_id = sp.team_id and o.status = 'completed' and ${within}
           left join unnest(?::int[]) as own(id) on own.id = o.id
          where own.id is null`,
        [...span, ownList],
      ),
    );
  const [edges, between, reportedNear] = await readTogether(db, [
    () =>
      rows<TeamEdges>(
        db.raw(
          // The one before as a probe of its own: taken out of the audiences' rows by three sorted
          // aggregates, it cost twice as much.
          `select sp.team_id, coalesce(b.audiences, '{}') as audiences, p.id as prev_id, p.starts_at as prev_starts_at, p.village_id as prev_village_id,
                  a.id as next_id, a.starts_at as next_starts_at, a.village_id as next_village_id
             from ${spans}
             cross join lateral (
               select array_agg(x.audience order by x.starts_at, x.id) as audiences
                 from (select o.id, o.starts_at, o.audience from screenings o
                        where o.team_id = sp.team_id and o.status = 'completed' and o.starts_at < sp.lo order by o.starts_at desc, o.id desc limit ?) x
             ) b
             left join lateral (${adjacentOfSpan('<')}) p on true
             left join lateral (${adjacentOfSpan('>')}) a on true`,
          [...span, t.audienceMedianOf],
        ),
      ),
    () => othersOfTeams('o.starts_at >= sp.lo and o.starts_at < sp.hi'),
    () => othersOfTeams('o.reported_at >= sp.rlo and o.reported_at < sp.rhi'),
  ]);

  // Each team's sequence over the span: the given ones and the others between, in order.
  const edgesOf = new Map(edges.map((e) => [e.team_id, e]));
  const sequences = groupBy<TeamScreening & { team_id: number }, number>([...completed, ...between], (s) => s.team_id);
  const around = new Map<number, { prev: TeamScreening | undefined; next: TeamScreening | undefined; usual: Facts['usualAudience'] }>();
  for (const [team, list] of sequences) {
    list.sort(byStart);
    const e = edgesOf.get(team)!;
    const before = e.prev_id === null ? undefined : { id: e.prev_id, starts_at: e.prev_starts_at!, village_id: e.prev_village_id!, audience: 0, reported_at: null };
    const after = e.next_id === null ? undefined : { id: e.next_id, starts_at: e.next_starts_at!, village_id: e.next_village_id!, audience: 0, reported_at: null };
    // The last AUDIENCE_MEDIAN_OF audiences before each one, kept sorted as the window slides.
    const window = new SortedWindow(e.audiences, t.audienceMedianOf);
    for (let i = 0; i < list.length; i++) {
      around.set(list[i]!.id, { prev: list[i - 1] ?? before, next: list[i + 1] ?? after, usual: window.size ? { count: window.size, median: window.median() } : null });
      window.push(list[i]!.audience);
    }
  }
  // Each team's reports, in order: the given ones' and the others' near them.
  // (As the checks read them, each made once and shared by the team's screenings that list it.)
  const reportsOfTeam = groupBy(
    [...completed.filter((s) => s.reported_at !== null), ...reportedNear],
    (s) => s.team_id,
    (s): TeamReport => ({ id: s.id, reportedAt: s.reported_at!, startsAt: s.starts_at }),
  );
  for (const list of reportsOfTeam.values()) list.sort((a, b) => a.reportedAt - b.reportedAt || a.id - b.id);

  const own = new Map(completed.map((s) => [s.id, s]));
  const neighbours = new Map<number, TeamScreening>();
  for (const a of around.values()) {
    if (a.prev) neighbours.set(a.prev.id, a.prev);
    if (a.next) neighbours.set(a.next.id, a.next);
  }
  const strangers = [...neighbours.values()].filter((n) => !own.has(n.id));
  const filmSet = new Set<number>();
  for (const s of completed) for (const f of s.programme) filmSet.add(f);
  const filmIds = [...filmSet];

  // Read after the lock, as every fact but the screening's own row (which the lock reads as it is).
  const [fixes, photos, duplicates, films, places, disputes] = await readTogether(db, [
    () =>
      // Packed (fixRow). `= any`: PostgreSQL hashes the array and scans the fixes once (a join
      // to it hashed every fix; bench:verify).
      rows<{ r: string }>(
        db.raw(`select concat_ws(',', f.screening_id, f.lat, f.lng, f.accuracy, ${epochMs('f.taken_at')}) as r from screening_fixes f where f.screening_id = any(?::int[])`, [
          strangers.length ? numbers([...ownIds, ...strangers.map((n) => n.id)]) : ownList,
        ]),
      ).then((packed) => packed.map(fixRow)),
    () => rows<{ id: number; screening_id: number; taken_at: number | null }>(db.raw(`select p.id, p.screening_id, ${epochMs('p.taken_at')} as taken_at from screening_photos p join ${given('p.screening_id')}`, [ownList])),
    () =>
      rows<{ screening_id: number; photo_id: number; other_photo_id: number; other_screening_id: number; distance: number }>(
        db.raw(
          // The given screenings' photos first (materialized): else the planner matched every photo's bands, then kept the given ones'.
          `with mine as materialized (select p.id, p.screening_id, p.phash from screening_photos p join ${given('p.screening_id')})
           select p.screening_id, p.id as photo_id, o.id as other_photo_id, o.screening_id as other_screening_id,
                  bit_count(('x' || o.phash)::bit(64) # ('x' || p.phash)::bit(64))::int as distance
             from mine p join ${similarPhotos}`,
          [ownList, t.photoHashMaxDistance],
        ),
      ),
    // Dates as text: a date column would come back as a Date at the server's midnight.
    () =>
      rows<FilmRow>(
        db.raw(
          `select f.id, f.title, f.category, f.minutes, to_char(f.available_from, 'YYYY-MM-DD') as available_from, to_char(f.available_to, 'YYYY-MM-DD') as available_to
             from films f join ${given('f.id')}`,
          [numbers(filmIds)],
        ),
      ),
    () => rows<{ id: number; lat: number; lng: number }>(db.raw(`select v.id, v.lat, v.lng from villages v join ${given('v.id')}`, [numbers([...new Set(strangers.map((n) => n.village_id))])])),
    // The villagers' not_held reports made after the bureau's last decision (all of them without one).
    () =>
      rows<{ screening_id: number; n: number }>(
        db.raw(
          `select r.screening_id, count(*)::int as n from villager_reports r join ${given('r.screening_id')} join screenings s on s.id = r.screening_id
            where r.kind = 'not_held' and (s.reviewed_at is null or r.created_at > s.reviewed_at) group by r.screening_id`,
          [ownList],
        ),
      ),
  ]);
  const disputesOf = new Map(disputes.map((d) => [d.screening_id, d.n]));

  const fixesOf = groupBy<Fix & { screening_id: number }, number, Fix>(fixes, (f) => f.screening_id);
  const placeOf = new Map(places.map((v) => [v.id, v]));
  const neighbourOf = new Map<number, Neighbour>();
  for (const n of neighbours.values()) {
    const village = own.get(n.id) ?? placeOf.get(n.village_id)!;
    const { first, last } = stopsOf(n.starts_at, village, fixesOf.get(n.id) ?? []);
    neighbourOf.set(n.id, { id: n.id, startsAt: n.starts_at, first, last });
  }
  const photosOf = groupBy(photos, (p) => p.screening_id);
  const duplicatesOf = groupBy(duplicates, (d) => d.screening_id);
  const film = new Map(films.map((f) => [f.id, { id: f.id, title: f.title, category: f.category, minutes: f.minutes, availableFrom: f.available_from, availableTo: f.available_to }]));

  /** A programme's films in its order (one the catalogue no longer holds left out). */
  const filmsOf = (ids: number[]) => {
    const out: Facts['programme'] = [];
    for (const id of ids) {
      const f = film.get(id);
      if (f) out.push(f);
    }
    return out;
  };

  // Each one's facts made when asked, not kept: the caller checks them and lets them go, and they
  // die young (a month's recheck held 5,000 at once, which the garbage collector then copied).
  const factsOf = (id: number): Facts | undefined => {
    const s = own.get(id);
    if (!s) return undefined;
    const a = around.get(s.id)!;
    const near: Neighbour[] = [];
    if (a.prev) near.push(neighbourOf.get(a.prev.id)!);
    if (a.next) near.push(neighbourOf.get(a.next.id)!);
    return {
      id: s.id,
      startsAt: s.starts_at,
      reportedAt: s.reported_at,
      audience: s.audience,
      village: { lat: s.lat, lng: s.lng, population: s.population, approximate: s.position_approximate },
      fixes: fixesOf.get(s.id) ?? [],
      photos: (photosOf.get(s.id) ?? []).map((p) => ({ id: p.id, takenAt: p.taken_at })),
      duplicates: (duplicatesOf.get(s.id) ?? []).map((d) => ({ photoId: d.photo_id, otherPhotoId: d.other_photo_id, otherScreeningId: d.other_screening_id, distance: d.distance })),
      neighbours: near,
      usualAudience: a.usual,
      teamReports: s.reported_at === null ? [] : reportedWithin(reportsOfTeam.get(s.team_id)!, s.reported_at, windowMs),
      programme: filmsOf(s.programme),
      villagerDisputes: disputesOf.get(s.id) ?? 0,
    };
  };
  return { screenings, factsOf };
}

/** The reports of a team's list (by report time) within `width` ms either side of `at`, both ends inside. */
function reportedWithin(list: TeamReport[], at: number, width: number): TeamReport[] {
  const from = firstAtOrAfter(list, at - width);
  return list.slice(from, firstAtOrAfter(list, at + width + 1, from));
}

/** The index of the first report of `list` (by report time) at or after `ms`, searched from `lo`. */
function firstAtOrAfter(list: TeamReport[], ms: number, lo = 0): number {
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.reportedAt < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The screenings whose flags a change to `ids` may change, `ids` left out: each one's team
 * neighbours (impossible_travel), the team's screenings reported near it (bulk_report) and the
 * screenings holding a photo like one of its own (duplicate_photo).
 */
export async function relatedScreenings(db: Db, ids: number[], t: Thresholds): Promise<number[]> {
  if (!ids.length) return [];
  const windowMs = t.bulkMinutes * 60_000;
  const found = await rows<{ id: number }>(
    db.raw(
      `select distinct r.id
         from screenings s
         cross join lateral (
           (${adjacent('<')})
           union all (${adjacent('>')})
           union all (select o.id from screenings o where ${reportedNear})
           union all (select o.screening_id from screening_photos p join ${similarPhotos} where p.screening_id = s.id)
         ) r
        where s.id = any(?::int[]) and r.id <> all(?::int[])`,
      [windowMs, windowMs, t.photoHashMaxDistance, ids, ids],
    ),
  );
  return found.map((r) => r.id).sort((a, b) => a - b);
}
