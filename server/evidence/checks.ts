import { byWorst, flagSeverity, type Flag, type FlagCode, type FlagParams, type Severity } from '../../domain/evidence.js';
import { haversineKm } from '../../domain/geo.js';
import { wallParts } from '../../domain/months.js';
import { licensedOn, SCIENCE_SHORTS_MIN, shortfall, type ProgrammeFilm } from '../../domain/programme.js';

// The checks of DOMAIN.md "Evidence and verification": pure functions over the plain facts of one
// completed screening (collected by ./facts.ts), each answering its flag or nothing. Times are ms
// since the epoch; distances km; a fix's accuracy metres. Codes, severities and messages are
// domain/evidence.ts's; the thresholds come from server/config.ts (README "Evidence").

export interface Thresholds {
  /** The county zone: the evening and the calendar days are counted in it. */
  zone: string;
  fixMaxKm: number;
  fixBeforeHours: number;
  fixAfterHours: number;
  /** Minutes after midnight, both ends inside; from > to wraps past midnight. */
  evening: { from: number; to: number };
  maxTravelKmh: number;
  audienceFactor: number;
  audienceMedianOf: number;
  audienceMedianMin: number;
  photoHashMaxDistance: number;
  lateReportHours: number;
  bulkCount: number;
  bulkDays: number;
  bulkMinutes: number;
  /** A film at least this long (not `other`) makes one screening on its own (domain/programme.ts qualifies). */
  longFilmMinutes: number;
}

export interface Fix {
  lat: number;
  lng: number;
  /** Metres. */
  accuracy: number;
  takenAt: number;
}

/** Where a screening's team was, and when: a fix, or without one the village at the start. */
export interface Stop {
  lat: number;
  lng: number;
  accuracy: number;
  at: number;
}

/** A screening of the same team next to this one in time: its first and last known stops. */
export interface Neighbour {
  id: number;
  startsAt: number;
  first: Stop;
  last: Stop;
}

export interface Facts {
  id: number;
  startsAt: number;
  reportedAt: number | null;
  audience: number | null;
  village: { lat: number; lng: number; population: number | null; approximate: boolean };
  fixes: Fix[];
  /** Photos with the time their EXIF gives (null: none). */
  photos: { id: number; takenAt: number | null }[];
  /** Photos of other screenings whose perceptual hash is within the threshold of one of this one's. */
  duplicates: { photoId: number; otherPhotoId: number; otherScreeningId: number; distance: number }[];
  /** The team's completed screenings just before and just after this one. */
  neighbours: Neighbour[];
  /** The median audience of the team's last completed screenings before this one, and how many there were. */
  usualAudience: { median: number; count: number } | null;
  /** The team's completed screenings reported near this one's report (this one included). */
  teamReports: { id: number; reportedAt: number; startsAt: number }[];
  /** The films it showed, in programme order; licence dates YYYY-MM-DD in the county's calendar. */
  programme: (ProgrammeFilm & { title: string })[];
  /** The villagers' `not_held` reports on it made after the bureau's last decision on it (all of them when it has none). */
  villagerDisputes: number;
}

const HOUR = 3_600_000;
const round1 = (x: number) => Math.round(x * 10) / 10;

const flag = (code: FlagCode, params: FlagParams = {}, severity: Severity = flagSeverity[code]): Flag => ({ code, severity, params });

/**
 * The distance a fix's accuracy may excuse, in km: all of it, but never more than the distance
 * allowed, so that a vague fix (a cell tower's 20 km) cannot excuse being anywhere.
 */
const excused = (accuracyM: number, t: Thresholds) => Math.min(accuracyM / 1000, t.fixMaxKm);

export const noFix = (f: Facts): Flag | undefined => (f.fixes.length ? undefined : flag('no_fix'));

/** The fix nearest the village, less what its accuracy excuses, farther than FIX_MAX_DISTANCE_KM. */
export function farFromVillage(f: Facts, t: Thresholds): Flag | undefined {
  let best: { fix: Fix; km: number; beyond: number } | undefined;
  for (const fix of f.fixes) {
    const km = haversineKm(fix, f.village);
    const beyond = km - excused(fix.accuracy, t);
    if (!best || beyond < best.beyond) best = { fix, km, beyond };
  }
  if (!best || best.beyond <= t.fixMaxKm) return undefined;
  const params: FlagParams = { km: round1(best.km), maxKm: t.fixMaxKm, accuracyM: Math.round(best.fix.accuracy) };
  // A guessed village position makes the distance a guess too.
  if (f.village.approximate) return flag('far_from_village', { ...params, approximate: true }, 'warning');
  return flag('far_from_village', params);
}

interface TimeOutside {
  what: string;
  hours: number;
  outside: number;
}

/**
 * `worst`, or a time `hours` after the start in its place when it lies farther outside the window.
 * (A function of the module, not a closure made per screening: a month's recheck runs fixTime 43,000 times.)
 */
function laterOutside(worst: TimeOutside | undefined, what: string, hours: number, t: Thresholds): TimeOutside | undefined {
  const outside = Math.max(-t.fixBeforeHours - hours, hours - t.fixAfterHours);
  return outside > 0 && (!worst || outside > worst.outside) ? { what, hours, outside } : worst;
}

/** A fix or a photo's EXIF time outside [start − FIX_TIME_BEFORE_HOURS, start + FIX_TIME_AFTER_HOURS], both edges inside; the farthest named. */
export function fixTime(f: Facts, t: Thresholds): Flag | undefined {
  let worst: TimeOutside | undefined;
  for (const x of f.fixes) worst = laterOutside(worst, 'fix', (x.takenAt - f.startsAt) / HOUR, t);
  for (const p of f.photos) if (p.takenAt !== null) worst = laterOutside(worst, 'photo', (p.takenAt - f.startsAt) / HOUR, t);
  if (!worst) return undefined;
  return flag('fix_time', { what: worst.what, hours: round1(worst.hours), beforeHours: t.fixBeforeHours, afterHours: t.fixAfterHours });
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Whether a time of day (minutes after midnight) lies in the evening window, both ends inside. */
export const inEvening = (minutes: number, w: Thresholds['evening']) => (w.from <= w.to ? minutes >= w.from && minutes <= w.to : minutes >= w.from || minutes <= w.to);

/** A start outside EVENING_WINDOW in county time, to the minute. */
export function daytimeStart(f: Facts, t: Thresholds): Flag | undefined {
  const { minutes } = wallParts(f.startsAt, t.zone);
  if (inEvening(minutes, t.evening)) return undefined;
  return flag('daytime_start', { time: hhmm(minutes), from: hhmm(t.evening.from), to: hhmm(t.evening.to) });
}

/** Where a screening's team was first and last: its fixes by time, or the village at the start. */
export function stopsOf(startsAt: number, village: { lat: number; lng: number }, fixes: Fix[]): { first: Stop; last: Stop } {
  if (!fixes.length) {
    const stop = { lat: village.lat, lng: village.lng, accuracy: 0, at: startsAt };
    return { first: stop, last: stop };
  }
  // The earliest and the latest by time (the first of equals, as a stable sort gives them).
  let first = fixes[0]!;
  let last = first;
  for (const x of fixes) {
    if (x.takenAt < first.takenAt) first = x;
    if (x.takenAt >= last.takenAt) last = x;
  }
  return { first: stopAt(first), last: stopAt(last) };
}

const stopAt = (x: Fix): Stop => ({ lat: x.lat, lng: x.lng, accuracy: x.accuracy, at: x.takenAt });

/**
 * The team's screening just before and just after, each from where it was last (or first) seen
 * to where this one was first (or last) seen: more than MAX_TRAVEL_KMH between them, after both
 * accuracies. Two neighbours suffice: a trip too fast between any two of a team's screenings is
 * too fast between some two consecutive ones (the triangle inequality).
 */
export function impossibleTravel(f: Facts, t: Thresholds): Flag | undefined {
  const self = stopsOf(f.startsAt, f.village, f.fixes);
  let worst: { id: number; km: number; hours: number; kmh: number } | undefined;
  for (const n of f.neighbours) {
    const before = n.startsAt <= f.startsAt;
    const a = before ? n.last : self.last;
    const b = before ? self.first : n.first;
    const km = Math.max(0, haversineKm(a, b) - excused(a.accuracy, t) - excused(b.accuracy, t));
    const hours = Math.abs(b.at - a.at) / HOUR;
    if (km <= t.maxTravelKmh * hours) continue;
    // Shown at least a minute apart, so the speed stays a number.
    const kmh = km / Math.max(hours, 1 / 60);
    if (!worst || kmh > worst.kmh) worst = { id: n.id, km, hours, kmh };
  }
  if (!worst) return undefined;
  return flag('impossible_travel', { otherId: worst.id, km: round1(worst.km), hours: Math.round(worst.hours * 100) / 100, kmh: Math.round(worst.kmh), maxKmh: t.maxTravelKmh });
}

/**
 * An audience above the village's population (where the registry knows it), or above
 * AUDIENCE_OUTLIER_FACTOR × the team's median over its last AUDIENCE_MEDIAN_OF completed screenings
 * (with at least AUDIENCE_MEDIAN_MIN of them). Far above the usual but within a known population is
 * only a note (info).
 */
export function audienceOutlier(f: Facts, t: Thresholds): Flag | undefined {
  if (f.audience === null) return undefined;
  const population = f.village.population;
  if (population !== null && f.audience > population) return flag('audience_outlier', { audience: f.audience, population });
  const usual = f.usualAudience;
  if (!usual || usual.count < t.audienceMedianMin || f.audience <= t.audienceFactor * usual.median) return undefined;
  const params: FlagParams = { audience: f.audience, median: round1(usual.median), factor: t.audienceFactor };
  return population === null ? flag('audience_outlier', params) : flag('audience_outlier', { ...params, population }, 'info');
}

/** A photo whose perceptual hash matches one on another screening (facts found within PHOTO_HASH_MAX_DISTANCE); the closest named. */
export function duplicatePhoto(f: Facts): Flag | undefined {
  const [closest] = [...f.duplicates].sort((a, b) => a.distance - b.distance || a.photoId - b.photoId || a.otherPhotoId - b.otherPhotoId);
  if (!closest) return undefined;
  return flag('duplicate_photo', { ...closest });
}

/** Reported more than LATE_REPORT_HOURS after the start. */
export function lateReport(f: Facts, t: Thresholds): Flag | undefined {
  if (f.reportedAt === null) return undefined;
  const hours = (f.reportedAt - f.startsAt) / HOUR;
  return hours > t.lateReportHours ? flag('late_report', { hours: round1(hours), maxHours: t.lateReportHours }) : undefined;
}

/**
 * This screening among at least BULK_REPORT_COUNT of its team reported within BULK_REPORT_MINUTES
 * of each other (both ends inside) whose starts cover at least BULK_REPORT_DAYS calendar days in
 * the county: a week's reports sent at once, after the fact.
 */
export function bulkReport(f: Facts, t: Thresholds): Flag | undefined {
  if (f.reportedAt === null) return undefined;
  const width = t.bulkMinutes * 60_000;
  let best: { count: number; days: number } | undefined;
  // Every window of that width holding this report starts at one of the reports before it.
  for (const anchor of f.teamReports) {
    if (anchor.reportedAt > f.reportedAt || anchor.reportedAt < f.reportedAt - width) continue;
    const inside = f.teamReports.filter((r) => r.reportedAt >= anchor.reportedAt && r.reportedAt <= anchor.reportedAt + width);
    if (inside.length < t.bulkCount) continue;
    const starts = inside.map((r) => r.startsAt);
    const days = wallParts(Math.max(...starts), t.zone).day - wallParts(Math.min(...starts), t.zone).day + 1;
    if (days >= t.bulkDays && (!best || inside.length > best.count)) best = { count: inside.length, days };
  }
  return best && flag('bulk_report', { ...best, minutes: t.bulkMinutes });
}

/**
 * A programme that does not make one 场 (domain/programme.ts qualifies: a film of LONG_FILM_MINUTES
 * or more outside `other`, or SCIENCE_SHORTS_MIN science films), an empty one included; what it
 * lacks in the params (empty, or its longest countable film and its science films).
 */
export function programmeIncomplete(f: Facts, t: Thresholds): Flag | undefined {
  const short = shortfall(f.programme, t.longFilmMinutes);
  if (!short) return undefined;
  const need = { longMinutes: t.longFilmMinutes, scienceMin: SCIENCE_SHORTS_MIN };
  if ('empty' in short) return flag('programme_incomplete', { empty: true, ...need });
  return flag('programme_incomplete', { science: short.science, ...(short.longest === null ? {} : { longest: short.longest }), ...need });
}

/**
 * A film shown outside its licence window (both ends inside), judged on the calendar date of the
 * start in the county zone; the first such film named, with how many there were.
 */
export function filmUnlicensed(f: Facts, t: Thresholds): Flag | undefined {
  const { date } = wallParts(f.startsAt, t.zone);
  const outside = f.programme.filter((film) => !licensedOn(film, date));
  const [first] = outside;
  if (!first) return undefined;
  return flag('film_unlicensed', { filmId: first.id, title: first.title, date, from: first.availableFrom ?? '', to: first.availableTo ?? '', count: outside.length });
}

/** Villagers reported it was not held (DOMAIN.md "Villagers' voice"), since the bureau last decided on it. */
export const villagerDispute = (f: Facts): Flag | undefined => (f.villagerDisputes > 0 ? flag('villager_dispute', { count: f.villagerDisputes }) : undefined);

/** Every check on one screening's facts: its flags, worst first. */
export function runChecks(f: Facts, t: Thresholds): Flag[] {
  const flags = [
    noFix(f),
    farFromVillage(f, t),
    fixTime(f, t),
    daytimeStart(f, t),
    impossibleTravel(f, t),
    audienceOutlier(f, t),
    duplicatePhoto(f),
    lateReport(f, t),
    bulkReport(f, t),
    programmeIncomplete(f, t),
    filmUnlicensed(f, t),
    villagerDispute(f),
  ];
  return flags.filter((x): x is Flag => x !== undefined).sort(byWorst);
}
