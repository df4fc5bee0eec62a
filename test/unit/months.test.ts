import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatTime, monthOf, monthRange, timeSchema, yearMonths } from '../../server/months.js';
import { wallParts } from '../../domain/months.js';

const zone = 'Asia/Shanghai';

describe('months are counted in the county zone', () => {
  it('when it is 23:30 on 31 January in the county, the month is January (though UTC says so too)', () => {
    expect(monthOf(new Date('2026-01-31T23:30:00+08:00'), zone)).toBe('2026-01');
  });

  it('when it is 00:30 on 1 February in the county, the month is February though UTC still says January', () => {
    const instant = new Date('2026-02-01T00:30:00+08:00');
    expect(instant.toISOString().slice(0, 7)).toBe('2026-01');
    expect(monthOf(instant, zone)).toBe('2026-02');
  });

  it('a month starts at local midnight of the 1st and ends at the next month\'s', () => {
    const r = monthRange('2026-02', zone);
    expect(r.start.toISO()).toBe('2026-02-01T00:00:00.000+08:00');
    expect(r.end.toISO()).toBe('2026-03-01T00:00:00.000+08:00');
    expect(r.start.toJSDate().toISOString()).toBe('2026-01-31T16:00:00.000Z');
  });

  it('December ends at the first instant of the next year', () => {
    expect(monthRange('2026-12', zone).end.toISO()).toBe('2027-01-01T00:00:00.000+08:00');
  });

  it('in a zone with daylight saving, a month still starts at local midnight', () => {
    const r = monthRange('2026-04', 'America/New_York');
    expect(r.start.toISO()).toBe('2026-04-01T00:00:00.000-04:00');
    expect(monthRange('2026-03', 'America/New_York').start.toISO()).toBe('2026-03-01T00:00:00.000-05:00');
  });

  it('when the month is not YYYY-MM, monthRange throws', () => {
    for (const bad of ['2026-13', '2026-1', '26-01', '2026-00', '2026-01-01']) expect(() => monthRange(bad, zone)).toThrow();
  });

  it('a year has twelve months, January to December', () => {
    const months = yearMonths(2026, zone);
    expect(months.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
  });
});

describe('times from clients', () => {
  const schema = timeSchema(zone);

  it('when a time has no offset, it is read in the county zone', () => {
    expect(schema.parse('2026-01-31T23:30').toISOString()).toBe('2026-01-31T15:30:00.000Z');
    expect(schema.parse('2026-02-01').toISOString()).toBe('2026-01-31T16:00:00.000Z');
  });

  it('when a time has an offset or Z, the offset is honoured', () => {
    expect(schema.parse('2026-01-31T23:30:00Z').toISOString()).toBe('2026-01-31T23:30:00.000Z');
    expect(schema.parse('2026-01-31T23:30:00-05:00').toISOString()).toBe('2026-02-01T04:30:00.000Z');
  });

  it('when a time is not ISO 8601 or not a real date, it is refused', () => {
    for (const bad of ['31/01/2026', '2026-02-30', '2026-01-31T24:30', 'tomorrow', '', '2026-01-31 23:30']) {
      expect(schema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('when a time lies before 1970 or after 2999, it is refused', () => {
    for (const bad of ['0001-01-01T00:00Z', '1969-12-31T23:59', '3000-01-01', '9999-12-31T23:59:59-12:00']) {
      expect(schema.safeParse(bad).success, bad).toBe(false);
    }
    expect(schema.safeParse('1970-01-01T00:00').success).toBe(true);
    expect(schema.safeParse('2999-12-31T23:59').success).toBe(true);
  });

  it('times go out with the county offset', () => {
    expect(formatTime(new Date('2026-01-31T16:30:00Z'), zone)).toBe('2026-02-01T00:30:00.000+08:00');
    expect(formatTime(null, zone)).toBeNull();
  });

  it('times go out exactly as luxon writes them, in every zone, across daylight-saving switches', () => {
    // formatTime computes the offset once per day and formats by arithmetic: it must agree with luxon
    // to the character (zero offsets, half-hour zones, the switch days themselves, years far away).
    const zones = ['Asia/Shanghai', 'Asia/Urumqi', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns', 'UTC', 'Pacific/Chatham'];
    const instants: number[] = [];
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 37 * 60_000 + 13_001) instants.push(t);
    for (const y of [1000, 1970, 2099, 9999]) instants.push(Date.UTC(y, 5, 1, 12, 34, 56, 789));
    for (const z of zones) {
      for (const t of instants) {
        const d = new Date(t);
        const luxon = DateTime.fromJSDate(d).setZone(z).toISO();
        if (formatTime(d, z) !== luxon) expect(`${z} ${d.toISOString()} ${formatTime(d, z)}`).toBe(`${z} ${d.toISOString()} ${luxon}`);
      }
    }
    expect(formatTime(new Date('2026-03-08T07:30:00Z'), 'America/New_York')).toBe('2026-03-08T03:30:00.000-04:00');
    expect(formatTime(new Date('2026-03-08T06:30:00Z'), 'America/New_York')).toBe('2026-03-08T01:30:00.000-05:00');
  });

  it('a luxon DateTime is placed in the county month too', () => {
    expect(monthOf(DateTime.fromISO('2026-02-28T17:00:00Z'), zone)).toBe('2026-03');
  });
});

describe('months asked for again and again (kept ranges)', () => {
  it('an instant on either side of a month edge, asked in any order, falls in its own month in each zone', () => {
    const edges = ['2026-10-31T15:59:59.999Z', '2026-10-31T16:00:00.000Z', '2026-11-30T15:59:59.999Z', '2026-11-30T16:00:00.000Z'];
    const expected = { 'Asia/Shanghai': ['2026-10', '2026-11', '2026-11', '2026-12'], 'Asia/Urumqi': ['2026-10', '2026-10', '2026-11', '2026-11'] } as const;
    for (let round = 0; round < 3; round++) {
      for (const zone of ['Asia/Shanghai', 'Asia/Urumqi'] as const) {
        const order = round === 1 ? [3, 0, 2, 1] : [0, 1, 2, 3];
        for (const i of order) expect(monthOf(edges[i]!, zone), `${zone} ${edges[i]}`).toBe(expected[zone][i]);
      }
    }
  });
});

describe('wall-clock fields from a kept offset (wallParts)', () => {
  // Zones with daylight saving on the hour, on the half hour (Lord Howe), at :45 (Chatham), and none.
  const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kathmandu'];

  it('gives what luxon gives for every zone, every 7 minutes across a year, transitions included', () => {
    const from = Date.UTC(2026, 0, 1);
    for (const zone of zones) {
      for (let ms = from; ms < from + 366 * 86_400_000; ms += 7 * 60_000 + 13_000) {
        const local = DateTime.fromMillis(ms, { zone });
        const parts = wallParts(ms, zone);
        if (parts.date !== local.toISODate() || parts.minutes !== local.hour * 60 + local.minute) {
          expect({ zone, at: new Date(ms).toISOString(), ...parts }).toEqual({ zone, at: new Date(ms).toISOString(), date: local.toISODate(), minutes: local.hour * 60 + local.minute, day: parts.day });
        }
      }
    }
  });

  it('counts calendar days in the zone: 23:50 and 00:10 the next local day are one day apart, though the same UTC day', () => {
    const a = wallParts(Date.parse('2026-06-01T23:50:00+08:00'), 'Asia/Shanghai');
    const b = wallParts(Date.parse('2026-06-02T00:10:00+08:00'), 'Asia/Shanghai');
    expect([a.date, b.date, b.day - a.day]).toEqual(['2026-06-01', '2026-06-02', 1]);
  });

  it('on the night New York springs forward, 01:59 and 03:00 local are a minute apart', () => {
    expect(wallParts(Date.parse('2026-03-08T06:59:00Z'), 'America/New_York').minutes).toBe(1 * 60 + 59);
    expect(wallParts(Date.parse('2026-03-08T07:00:00Z'), 'America/New_York').minutes).toBe(3 * 60);
  });
});
