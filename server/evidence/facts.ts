import type { FilmCategory } from '../../domain/programme.js';
import type { Db } from '../db/index.js';
import { readTogether } from '../db/together.js';
import { groupBy } from '../lib/collections.js';
import { stopsOf, type Facts, type Fix, type Neighbour, type Thresholds } from './checks.js';

// The facts the checks (./checks.ts) look at, for many completed screenings at once: six queries
// whatever their number. A screening's neighbours are its team's completed screenings just before
// and after it (by start, then id); its usual audience the median of the team's last completed
// ones before it; its team's reports those within BULK_REPORT_MINUTES of its own; its programme's
// films, in order.

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

/** Screenings of the team reported within `?` ms either side of `s`'s report. */
const reportedNear = `o.team_id = s.team_id and o.status = 'completed' and s.reported_at is not null
   and o.reported_at between s.reported_at - ? * interval '1 millisecond' and s.reported_at + ? * interval '1 millisecond'`;

interface ScreeningRow {
  id: number;
  starts_at: Date;
  reported_at: Date | null;
  audience: number | null;
  lat: number;
  lng: number;
  population: number | null;
  position_approximate: boolean;
  prev_id: number | null;
  prev_starts_at: Date | null;
  prev_lat: number | null;
  prev_lng: number | null;
  next_id: number | null;
  next_starts_at: Date | null;
  next_lat: number | null;
  next_lng: number | null;
  median: number | null;
  usual_count: number;
  disputes: number;
}

const ms = (d: Date | null) => (d ? d.getTime() : null);
const rows = async <T>(q: Promise<{ rows: T[] }>) => (await q).rows;

/** The facts of those of `ids` that are completed, by id. */
export async function collectFacts(db: Db, ids: number[], t: Thresholds): Promise<Map<number, Facts>> {
  const screenings = await rows<ScreeningRow>(
    db.raw(
      `select s.id, s.starts_at, s.reported_at, s.audience, v.lat, v.lng, v.population, v.position_approximate,
              prev.id as prev_id, prev.starts_at as prev_starts_at, pv.lat as prev_lat, pv.lng as prev_lng,
              next.id as next_id, next.starts_at as next_starts_at, nv.lat as next_lat, nv.lng as next_lng,
              usual.median, usual.n as usual_count,
              -- The villagers' not_held reports made after the bureau's last decision (all of them without one).
              (select count(*)::int from villager_reports r
                where r.screening_id = s.id and r.kind = 'not_held' and (s.reviewed_at is null or r.created_at > s.reviewed_at)) as disputes
         from screenings s
         join villages v on v.id = s.village_id
         left join lateral (${adjacent('<', 'o.id, o.starts_at, o.village_id')}) prev on true
         left join villages pv on pv.id = prev.village_id
         left join lateral (${adjacent('>', 'o.id, o.starts_at, o.village_id')}) next on true
         left join villages nv on nv.id = next.village_id
         -- Every completed screening has its audience (the check screenings_completed_audience): the
         -- last ones read backwards from screenings_team_completed alone, no sort, no table rows.
         cross join lateral (
           select percentile_cont(0.5) within group (order by x.audience) as median, count(x.audience)::int as n
             from (select o.audience from screenings o
                    where o.team_id = s.team_id and o.status = 'completed' and (o.starts_at, o.id) < (s.starts_at, s.id)
                    order by o.starts_at desc, o.id desc limit ?) x
         ) usual
        where s.id = any(?::int[]) and s.status = 'completed'`,
      [t.audienceMedianOf, ids],
    ),
  );
  if (!screenings.length) return new Map();
  const own = screenings.map((s) => s.id);
  const neighbourIds = [...new Set(screenings.flatMap((s) => [s.prev_id, s.next_id]).filter((x): x is number => x !== null))];
  const windowMs = t.bulkMinutes * 60_000;

  // The neighbours' start and village came with the screenings (no lookup of their own).
  const neighbours = new Map<number, { id: number; starts_at: Date; lat: number; lng: number }>();
  for (const s of screenings) {
    if (s.prev_id !== null) neighbours.set(s.prev_id, { id: s.prev_id, starts_at: s.prev_starts_at!, lat: s.prev_lat!, lng: s.prev_lng! });
    if (s.next_id !== null) neighbours.set(s.next_id, { id: s.next_id, starts_at: s.next_starts_at!, lat: s.next_lat!, lng: s.next_lng! });
  }

  const [fixes, photos, duplicates, reports, films] = await readTogether(db, [
    () => rows<{ screening_id: number; lat: number; lng: number; accuracy: number; taken_at: Date }>(
      db.raw('select screening_id, lat, lng, accuracy, taken_at from screening_fixes where screening_id = any(?::int[])', [[...own, ...neighbourIds]]),
    ),
    () => rows<{ id: number; screening_id: number; taken_at: Date | null }>(db.raw('select id, screening_id, taken_at from screening_photos where screening_id = any(?::int[])', [own])),
    () => rows<{ screening_id: number; photo_id: number; other_photo_id: number; other_screening_id: number; distance: number }>(
      db.raw(
        `select p.screening_id, p.id as photo_id, o.id as other_photo_id, o.screening_id as other_screening_id,
                bit_count(('x' || o.phash)::bit(64) # ('x' || p.phash)::bit(64))::int as distance
           from screening_photos p join ${similarPhotos}
          where p.screening_id = any(?::int[])`,
        [t.photoHashMaxDistance, own],
      ),
    ),
    () => rows<{ target: number; id: number; reported_at: Date; starts_at: Date }>(
      db.raw(`select s.id as target, o.id, o.reported_at, o.starts_at from screenings s join screenings o on ${reportedNear} where s.id = any(?::int[])`, [windowMs, windowMs, own]),
    ),
    // Dates as text: a date column would come back as a Date at the server's midnight.
    () => rows<{ screening_id: number; id: number; title: string; category: FilmCategory; minutes: number | null; available_from: string | null; available_to: string | null }>(
      db.raw(
        `select s.id as screening_id, f.id, f.title, f.category, f.minutes,
                to_char(f.available_from, 'YYYY-MM-DD') as available_from, to_char(f.available_to, 'YYYY-MM-DD') as available_to
           from screenings s cross join unnest(s.programme) with ordinality as p(film_id, n) join films f on f.id = p.film_id
          where s.id = any(?::int[])
          order by s.id, p.n`,
        [own],
      ),
    ),
  ]);

  const fixesOf = groupBy(
    fixes.map((f): Fix & { screeningId: number } => ({ screeningId: f.screening_id, lat: f.lat, lng: f.lng, accuracy: f.accuracy, takenAt: f.taken_at.getTime() })),
    (f) => f.screeningId,
  );
  const neighbourOf = new Map(
    [...neighbours.values()].map((n): [number, Neighbour] => [n.id, { id: n.id, startsAt: n.starts_at.getTime(), ...stopsOf(n.starts_at.getTime(), n, fixesOf.get(n.id) ?? []) }]),
  );
  const photosOf = groupBy(photos, (p) => p.screening_id);
  const duplicatesOf = groupBy(duplicates, (d) => d.screening_id);
  const reportsOf = groupBy(reports, (r) => r.target);
  const filmsOf = groupBy(films, (f) => f.screening_id);

  return new Map(
    screenings.map((s): [number, Facts] => [
      s.id,
      {
        id: s.id,
        startsAt: s.starts_at.getTime(),
        reportedAt: ms(s.reported_at),
        audience: s.audience,
        village: { lat: s.lat, lng: s.lng, population: s.population, approximate: s.position_approximate },
        fixes: fixesOf.get(s.id) ?? [],
        photos: (photosOf.get(s.id) ?? []).map((p) => ({ id: p.id, takenAt: ms(p.taken_at) })),
        duplicates: (duplicatesOf.get(s.id) ?? []).map((d) => ({ photoId: d.photo_id, otherPhotoId: d.other_photo_id, otherScreeningId: d.other_screening_id, distance: d.distance })),
        neighbours: [s.prev_id, s.next_id].flatMap((id) => (id !== null && neighbourOf.has(id) ? [neighbourOf.get(id)!] : [])),
        usualAudience: s.median === null ? null : { median: Number(s.median), count: s.usual_count },
        teamReports: (reportsOf.get(s.id) ?? []).map((r) => ({ id: r.id, reportedAt: r.reported_at.getTime(), startsAt: r.starts_at.getTime() })),
        programme: (filmsOf.get(s.id) ?? []).map((f) => ({ id: f.id, title: f.title, category: f.category, minutes: f.minutes, availableFrom: f.available_from, availableTo: f.available_to })),
        villagerDisputes: s.disputes,
      },
    ]),
  );
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
