import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { flagCodes, flagMessage, verificationState, type Flag } from '../../domain/evidence.js';
import { loadConfig } from '../../server/config.js';
import {
  audienceOutlier,
  bulkReport,
  daytimeStart,
  duplicatePhoto,
  farFromVillage,
  fixTime,
  impossibleTravel,
  lateReport,
  noFix,
  filmUnlicensed,
  programmeIncomplete,
  runChecks,
  villagerDispute,
  type Facts,
  type Thresholds,
} from '../../server/evidence/checks.js';

// The checks of DOMAIN.md "Evidence and verification" on made-up facts, each at its boundaries,
// with the thresholds of a default configuration (README "Evidence").

const t: Thresholds = loadConfig({}).evidence;
const HOUR = 3_600_000;
const MIN = 60_000;
const at = (local: string) => DateTime.fromISO(local, { zone: 'Asia/Shanghai' }).toMillis();
const START = at('2026-11-20T19:30');
const VILLAGE = { lat: 24.1, lng: 102.75, population: null, approximate: false };
/** Degrees of latitude for `km` kilometres north (a meridian: 6371.0088 km × π / 180 per degree). */
const north = (km: number) => km / ((6371.0088 * Math.PI) / 180);

function facts(o: Partial<Facts> = {}): Facts {
  return {
    id: 1,
    startsAt: START,
    reportedAt: START + 3 * HOUR,
    audience: 80,
    village: VILLAGE,
    fixes: [{ lat: VILLAGE.lat, lng: VILLAGE.lng, accuracy: 20, takenAt: START + HOUR }],
    photos: [],
    duplicates: [],
    neighbours: [],
    usualAudience: null,
    teamReports: [],
    programme: [{ id: 1, title: '喜事', category: 'feature', minutes: 90 }],
    villagerDisputes: 0,
    ...o,
  };
}
const fixAt = (km: number, accuracy = 0.001, takenAt = START + HOUR) => ({ lat: VILLAGE.lat + north(km), lng: VILLAGE.lng, accuracy, takenAt });

describe('the defaults the README documents', () => {
  it('are 2 km, 1 h before to 6 h after, 17:00–23:00, 60 km/h, 3× the median of 30 (5 at least), distance 2, 48 h, 5 screenings over 5 days in 10 minutes, a long film of 60 minutes', () => {
    expect(t).toEqual({
      zone: 'Asia/Shanghai',
      fixMaxKm: 2,
      fixBeforeHours: 1,
      fixAfterHours: 6,
      evening: { from: 17 * 60, to: 23 * 60 },
      maxTravelKmh: 60,
      audienceFactor: 3,
      audienceMedianOf: 30,
      audienceMedianMin: 5,
      photoHashMaxDistance: 2,
      lateReportHours: 48,
      bulkCount: 5,
      bulkDays: 5,
      bulkMinutes: 10,
      longFilmMinutes: 60,
    });
  });

  it('when a threshold is out of range, the configuration refuses it by name', () => {
    expect(() => loadConfig({ EVENING_WINDOW: '5pm-11pm' })).toThrow(/EVENING_WINDOW/);
    expect(() => loadConfig({ PHOTO_HASH_MAX_DISTANCE: '4' })).toThrow(/PHOTO_HASH_MAX_DISTANCE/);
    expect(() => loadConfig({ FIX_MAX_DISTANCE_KM: '0' })).toThrow(/FIX_MAX_DISTANCE_KM/);
    expect(loadConfig({ EVENING_WINDOW: '18:30-01:15' }).evidence.evening).toEqual({ from: 18 * 60 + 30, to: 75 });
  });
});

describe('no_fix', () => {
  it('when the phone sent no fix, a warning; with one, nothing', () => {
    expect(noFix(facts({ fixes: [] }))).toEqual({ code: 'no_fix', severity: 'warning', params: {} });
    expect(noFix(facts())).toBeUndefined();
  });
});

describe('far_from_village', () => {
  it('when the fix is just within 2 km it passes; just beyond, critical with the distance', () => {
    expect(farFromVillage(facts({ fixes: [fixAt(1.999)] }), t)).toBeUndefined();
    expect(farFromVillage(facts({ fixes: [fixAt(2.01)] }), t)).toMatchObject({ code: 'far_from_village', severity: 'critical', params: { km: 2, maxKm: 2 } });
  });

  it('when the accuracy covers the excess, it passes: 2.4 km away at 500 m accuracy, but not at 300 m', () => {
    expect(farFromVillage(facts({ fixes: [fixAt(2.4, 500)] }), t)).toBeUndefined();
    expect(farFromVillage(facts({ fixes: [fixAt(2.4, 300)] }), t)).toMatchObject({ params: { km: 2.4, accuracyM: 300 } });
  });

  it('when the accuracy is vaguer than the distance allowed, it excuses only that much: 4.5 km at 20 km accuracy is flagged', () => {
    expect(farFromVillage(facts({ fixes: [fixAt(4.5, 20_000)] }), t)).toMatchObject({ code: 'far_from_village' });
    expect(farFromVillage(facts({ fixes: [fixAt(3.9, 20_000)] }), t)).toBeUndefined();
  });

  it('when one of several fixes is near, it passes; the nearest is the one named', () => {
    expect(farFromVillage(facts({ fixes: [fixAt(30), fixAt(0.5)] }), t)).toBeUndefined();
    expect(farFromVillage(facts({ fixes: [fixAt(30), fixAt(9)] }), t)?.params.km).toBe(9);
  });

  it("when the village's position is approximate, only a warning that says so", () => {
    const f = farFromVillage(facts({ fixes: [fixAt(5)], village: { ...VILLAGE, approximate: true } }), t);
    expect(f).toMatchObject({ severity: 'warning', params: { approximate: true } });
    expect(flagMessage(f!)).toMatch(/approximate/);
  });

  it('without a fix, nothing (no_fix says it)', () => {
    expect(farFromVillage(facts({ fixes: [] }), t)).toBeUndefined();
  });
});

describe('fix_time', () => {
  it('when a fix is exactly 1 h before or 6 h after the start it passes; a minute further, a warning', () => {
    for (const ok of [START - HOUR, START, START + 6 * HOUR]) expect(fixTime(facts({ fixes: [fixAt(0, 10, ok)] }), t)).toBeUndefined();
    expect(fixTime(facts({ fixes: [fixAt(0, 10, START - HOUR - MIN)] }), t)).toMatchObject({ code: 'fix_time', severity: 'warning', params: { what: 'fix', hours: -1 } });
    expect(fixTime(facts({ fixes: [fixAt(0, 10, START + 6 * HOUR + MIN)] }), t)).toMatchObject({ params: { what: 'fix', hours: 6 } });
  });

  it("when a photo's EXIF time is a day off, it names the photo; a photo without a time is not checked", () => {
    const f = fixTime(facts({ photos: [{ id: 7, takenAt: START - 24 * HOUR }, { id: 8, takenAt: null }] }), t);
    expect(f).toMatchObject({ params: { what: 'photo', hours: -24, beforeHours: 1, afterHours: 6 } });
    expect(flagMessage(f!)).toBe('The photo was taken 24 h before the start, outside the evening (1 h before to 6 h after).');
    expect(fixTime(facts({ photos: [{ id: 8, takenAt: null }] }), t)).toBeUndefined();
  });

  it('names the farthest of several', () => {
    expect(fixTime(facts({ fixes: [fixAt(0, 10, START + 8 * HOUR), fixAt(0, 10, START - 5 * HOUR)] }), t)?.params.hours).toBe(-5);
  });
});

describe('daytime_start', () => {
  it('when a screening starts at 17:00 or 23:00 it passes; at 16:59 or 23:01, a warning naming the time', () => {
    for (const ok of ['17:00', '19:30', '23:00']) expect(daytimeStart(facts({ startsAt: at(`2026-11-20T${ok}`) }), t)).toBeUndefined();
    expect(daytimeStart(facts({ startsAt: at('2026-11-20T16:59') }), t)).toEqual({ code: 'daytime_start', severity: 'warning', params: { time: '16:59', from: '17:00', to: '23:00' } });
    expect(daytimeStart(facts({ startsAt: at('2026-11-20T23:01') }), t)?.params.time).toBe('23:01');
  });

  it('reads the start in the county zone, not UTC: 19:30 in Yunnan is 11:30 UTC', () => {
    expect(daytimeStart(facts({ startsAt: Date.parse('2026-11-20T11:30:00Z') }), t)).toBeUndefined();
    expect(daytimeStart(facts({ startsAt: Date.parse('2026-11-20T19:30:00Z') }), t)?.params.time).toBe('03:30');
  });

  it('when the window wraps past midnight (18:00-01:00), 00:30 is inside and 02:00 is not', () => {
    const wrap = { ...t, evening: { from: 18 * 60, to: 60 } };
    expect(daytimeStart(facts({ startsAt: at('2026-11-21T00:30') }), wrap)).toBeUndefined();
    expect(daytimeStart(facts({ startsAt: at('2026-11-21T02:00') }), wrap)).toMatchObject({ code: 'daytime_start' });
  });
});

describe('impossible_travel', () => {
  const neighbour = (id: number, km: number, startsAt: number, accuracy = 0) => {
    const stop = { lat: VILLAGE.lat + north(km), lng: VILLAGE.lng, accuracy, at: startsAt };
    return { id, startsAt, first: stop, last: stop };
  };
  const noFixHere = { fixes: [] };

  it('when the team was 180 km away 3 h before, it passes at 60 km/h; 181 km away, critical naming the other screening', () => {
    expect(impossibleTravel(facts({ ...noFixHere, neighbours: [neighbour(2, 180, START - 3 * HOUR)] }), t)).toBeUndefined();
    expect(impossibleTravel(facts({ ...noFixHere, neighbours: [neighbour(2, 181, START - 3 * HOUR)] }), t)).toMatchObject({
      code: 'impossible_travel',
      severity: 'critical',
      params: { otherId: 2, km: 181, hours: 3, kmh: 60, maxKmh: 60 },
    });
  });

  it('goes from the last stop of the earlier screening to the first of the later: a fix at 22:30 there and one at 22:45 here, 30 km apart', () => {
    const there = { id: 3, startsAt: START - 3 * HOUR, first: { lat: VILLAGE.lat + north(30), lng: VILLAGE.lng, accuracy: 10, at: START - 3 * HOUR }, last: { lat: VILLAGE.lat + north(30), lng: VILLAGE.lng, accuracy: 10, at: START + 3 * HOUR } };
    const here = facts({ fixes: [fixAt(0, 10, START + 3 * HOUR + 15 * MIN)], neighbours: [there] });
    expect(impossibleTravel(here, t)).toMatchObject({ params: { otherId: 3, kmh: 120 } });
  });

  it('checks the next screening too, and excuses the accuracies (each up to the distance allowed)', () => {
    expect(impossibleTravel(facts({ ...noFixHere, neighbours: [neighbour(4, 182, START + 3 * HOUR, 2000)] }), t)).toBeUndefined();
    expect(impossibleTravel(facts({ ...noFixHere, neighbours: [neighbour(4, 182, START + 3 * HOUR, 500)] }), t)).toMatchObject({ params: { otherId: 4, km: 181.5 } });
    expect(impossibleTravel(facts({ ...noFixHere, neighbours: [neighbour(4, 183, START + 3 * HOUR, 50_000)] }), t)).toMatchObject({ params: { km: 181 } });
    const bothVague = facts({ fixes: [fixAt(0, 50_000, START)], neighbours: [neighbour(4, 183.9, START + 3 * HOUR, 50_000)] });
    expect(impossibleTravel(bothVague, t)).toBeUndefined();
  });

  it('when two stops are at the same instant and apart, the speed is still a number', () => {
    const f = impossibleTravel(facts({ ...noFixHere, neighbours: [neighbour(5, 10, START)] }), t);
    expect(f?.params).toMatchObject({ hours: 0, kmh: 600 });
  });

  it('names the worse of the two neighbours', () => {
    const f = impossibleTravel(facts({ ...noFixHere, neighbours: [neighbour(6, 300, START - 3 * HOUR), neighbour(7, 500, START + 3 * HOUR)] }), t);
    expect(f?.params.otherId).toBe(7);
  });
});

describe('audience_outlier', () => {
  const usual = { median: 60, count: 30 };

  it("when the audience equals the village's population it passes; one more, a warning naming the population", () => {
    const village = { ...VILLAGE, population: 300 };
    expect(audienceOutlier(facts({ audience: 300, village }), t)).toBeUndefined();
    const f = audienceOutlier(facts({ audience: 301, village }), t);
    expect(f).toEqual({ code: 'audience_outlier', severity: 'warning', params: { audience: 301, population: 300 } });
    expect(flagMessage(f!, 'zh')).toBe('观众 301 人，超过全村人口 300 人。');
  });

  it("when the audience is exactly 3× the team's median it passes; above, a warning (population unknown)", () => {
    expect(audienceOutlier(facts({ audience: 180, usualAudience: usual }), t)).toBeUndefined();
    expect(audienceOutlier(facts({ audience: 181, usualAudience: usual }), t)).toEqual({ code: 'audience_outlier', severity: 'warning', params: { audience: 181, median: 60, factor: 3 } });
  });

  it('when far above the usual but within a known population, only info', () => {
    expect(audienceOutlier(facts({ audience: 400, usualAudience: usual, village: { ...VILLAGE, population: 900 } }), t)).toMatchObject({ severity: 'info', params: { population: 900, median: 60 } });
  });

  it('when the team has fewer than 5 screenings to compare with, nothing', () => {
    expect(audienceOutlier(facts({ audience: 1000, usualAudience: { median: 60, count: 4 } }), t)).toBeUndefined();
    expect(audienceOutlier(facts({ audience: 1000, usualAudience: { median: 60, count: 5 } }), t)).toMatchObject({ code: 'audience_outlier' });
  });
});

describe('duplicate_photo', () => {
  it('when another screening has the same picture, critical naming the closest match', () => {
    const f = duplicatePhoto(
      facts({
        duplicates: [
          { photoId: 3, otherPhotoId: 9, otherScreeningId: 40, distance: 2 },
          { photoId: 3, otherPhotoId: 8, otherScreeningId: 41, distance: 0 },
        ],
      }),
    );
    expect(f).toEqual({ code: 'duplicate_photo', severity: 'critical', params: { photoId: 3, otherPhotoId: 8, otherScreeningId: 41, distance: 0 } });
    expect(duplicatePhoto(facts())).toBeUndefined();
  });
});

describe('late_report', () => {
  it('when reported exactly 48 h after the start it passes; a minute later, a warning', () => {
    expect(lateReport(facts({ reportedAt: START + 48 * HOUR }), t)).toBeUndefined();
    expect(lateReport(facts({ reportedAt: START + 48 * HOUR + MIN }), t)).toEqual({ code: 'late_report', severity: 'warning', params: { hours: 48, maxHours: 48 } });
    expect(lateReport(facts({ reportedAt: START + 72 * HOUR }), t)?.params.hours).toBe(72);
  });
});

describe('bulk_report', () => {
  const day = 24 * HOUR;
  const REPORTED = START + 7 * day;
  /** `n` screenings on consecutive evenings, reported `gap` ms apart from REPORTED on; this one is the first. */
  const week = (n: number, gap: number, startGap = day) => Array.from({ length: n }, (_, i) => ({ id: i + 1, startsAt: START + i * startGap, reportedAt: REPORTED + i * gap }));

  it('when 5 screenings over 5 evenings are reported within 10 minutes, a warning on each of them', () => {
    const reports = week(5, 2.5 * MIN);
    for (const r of reports) {
      expect(bulkReport(facts({ id: r.id, startsAt: r.startsAt, reportedAt: r.reportedAt, teamReports: reports }), t)).toEqual({ code: 'bulk_report', severity: 'warning', params: { count: 5, days: 5, minutes: 10 } });
    }
  });

  it('when the fifth comes a second after 10 minutes, nothing', () => {
    const reports = week(5, 2.5 * MIN + 250);
    expect(bulkReport(facts({ reportedAt: REPORTED, teamReports: reports }), t)).toBeUndefined();
  });

  it('when only 4 were sent together, or 5 of them cover 4 days, nothing', () => {
    expect(bulkReport(facts({ reportedAt: REPORTED, teamReports: week(4, MIN) }), t)).toBeUndefined();
    const fourDays = week(5, MIN, 0.75 * day);
    expect(bulkReport(facts({ startsAt: START, reportedAt: REPORTED, teamReports: fourDays }), t)).toBeUndefined();
  });

  it('counts calendar days in the county: 19:30 on the 20th to 00:30 on the 24th covers 5 days', () => {
    const reports = [0, 1, 2, 3].map((i) => ({ id: i + 1, startsAt: START + i * day, reportedAt: REPORTED + i * MIN })).concat([{ id: 5, startsAt: at('2026-11-24T00:30'), reportedAt: REPORTED + 4 * MIN }]);
    expect(bulkReport(facts({ reportedAt: REPORTED, teamReports: reports }), t)).toMatchObject({ params: { count: 5, days: 5 } });
  });

  it('when this screening was not reported, nothing', () => {
    expect(bulkReport(facts({ reportedAt: null, teamReports: week(5, MIN) }), t)).toBeUndefined();
  });
});

describe('the state a screening\'s flags give it', () => {
  const f = (code: Flag['code'], severity: Flag['severity']) => ({ code, severity });

  it('no fix → unverified; a fix and nothing above info → verified; a flag above info → flagged, with or without a fix', () => {
    expect(verificationState([f('no_fix', 'warning')])).toBe('unverified');
    expect(verificationState([])).toBe('verified');
    expect(verificationState([f('audience_outlier', 'info')])).toBe('verified');
    expect(verificationState([f('late_report', 'warning')])).toBe('flagged');
    expect(verificationState([f('no_fix', 'warning'), f('duplicate_photo', 'critical')])).toBe('flagged');
    expect(verificationState([f('no_fix', 'warning'), f('audience_outlier', 'info')])).toBe('unverified');
  });

  it('a clean evening screening with a fix near the village raises nothing; one without evidence only no_fix', () => {
    expect(runChecks(facts(), t)).toEqual([]);
    expect(runChecks(facts({ fixes: [] }), t).map((x) => x.code)).toEqual(['no_fix']);
  });

  it('lists flags worst first', () => {
    const flags = runChecks(facts({ fixes: [fixAt(10)], startsAt: at('2026-11-20T14:00'), reportedAt: at('2026-11-20T14:00') + 60 * HOUR }), t);
    expect(flags.map((x) => [x.code, x.severity])).toEqual([
      ['far_from_village', 'critical'],
      ['fix_time', 'warning'],
      ['daytime_start', 'warning'],
      ['late_report', 'warning'],
    ]);
  });

  it('every code says something in English and in Chinese from its params', () => {
    const params = { km: 3, maxKm: 2, accuracyM: 10, what: 'fix', hours: 2, beforeHours: 1, afterHours: 6, time: '14:00', from: '17:00', to: '23:00', otherId: 2, kmh: 90, maxKmh: 60, audience: 500, median: 50, factor: 3, photoId: 1, otherPhotoId: 2, otherScreeningId: 3, maxHours: 48, count: 5, days: 5, minutes: 10, filmId: 4, title: '喜事', date: '2026-11-20', longMinutes: 60, scienceMin: 3, science: 1, longest: 45 };
    for (const code of flagCodes) {
      for (const lang of ['en', 'zh'] as const) {
        const text = flagMessage({ code, params }, lang);
        expect(text.length, `${code} ${lang}`).toBeGreaterThan(5);
        expect(text, `${code} ${lang}`).not.toMatch(/undefined|NaN/);
      }
    }
  });
});

describe('programme_incomplete', () => {
  const film = (category: 'feature' | 'science' | 'other', minutes: number | null, id = 1) => ({ id, title: `片${id}`, category, minutes });
  it('when the longest film that counts is 59 minutes, a critical flag; at 60, nothing', () => {
    expect(programmeIncomplete(facts({ programme: [film('feature', 59)] }), t)).toEqual({
      code: 'programme_incomplete',
      severity: 'critical',
      params: { science: 0, longest: 59, longMinutes: 60, scienceMin: 3 },
    });
    expect(programmeIncomplete(facts({ programme: [film('feature', 60)] }), t)).toBeUndefined();
  });
  it('two science shorts are not one screening, three are; an other film of 120 minutes does not count; an empty programme is flagged', () => {
    expect(programmeIncomplete(facts({ programme: [film('science', 20, 1), film('science', 20, 2)] }), t)?.params).toMatchObject({ science: 2 });
    expect(programmeIncomplete(facts({ programme: [film('science', 20, 1), film('science', 20, 2), film('science', 15, 3)] }), t)).toBeUndefined();
    expect(programmeIncomplete(facts({ programme: [film('other', 120)] }), t)?.params).toEqual({ science: 0, longMinutes: 60, scienceMin: 3 });
    expect(programmeIncomplete(facts({ programme: [] }), t)?.params).toEqual({ empty: true, longMinutes: 60, scienceMin: 3 });
    expect(flagMessage(programmeIncomplete(facts({ programme: [] }), t)!, 'zh')).toMatch(/^没有登记放映的影片；/);
  });
});

describe('film_unlicensed', () => {
  // START is 2026-11-20 in the county; 23:30 there is 15:30 UTC, the same day either way, so a late start tells the zone apart.
  const late = at('2026-11-20T23:30');
  const windowed = (from: string | null, to: string | null) => [{ id: 7, title: '喜事', category: 'feature' as const, minutes: 90, availableFrom: from, availableTo: to }];
  it('on the last and the first day of the window, nothing; a day outside, a warning naming the film', () => {
    expect(filmUnlicensed(facts({ startsAt: late, programme: windowed(null, '2026-11-20') }), t)).toBeUndefined();
    expect(filmUnlicensed(facts({ startsAt: late, programme: windowed('2026-11-20', null) }), t)).toBeUndefined();
    expect(filmUnlicensed(facts({ startsAt: late, programme: windowed(null, '2026-11-19') }), t)).toEqual({
      code: 'film_unlicensed',
      severity: 'warning',
      params: { filmId: 7, title: '喜事', date: '2026-11-20', from: '', to: '2026-11-19', count: 1 },
    });
    expect(filmUnlicensed(facts({ startsAt: late, programme: windowed('2026-11-21', null) }), t)?.code).toBe('film_unlicensed');
  });
  it('the date is the county\'s: 00:30 on the 21st there is still the 20th in UTC, and outside a window ending on the 20th', () => {
    expect(filmUnlicensed(facts({ startsAt: at('2026-11-21T00:30'), programme: windowed(null, '2026-11-20') }), t)?.params.date).toBe('2026-11-21');
  });
});

describe('villager_dispute', () => {
  it('none reported, nothing; one or more not_held reports since the last decision, critical with the count', () => {
    expect(villagerDispute(facts())).toBeUndefined();
    expect(villagerDispute(facts({ villagerDisputes: 2 }))).toEqual({ code: 'villager_dispute', severity: 'critical', params: { count: 2 } });
    expect(verificationState(runChecks(facts({ villagerDisputes: 1 }), t))).toBe('flagged');
  });
});
