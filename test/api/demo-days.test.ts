import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.js';
import { seedDemoScreenings } from '../../server/demo/screenings.js';
import { useApp } from '../helpers/api.js';

// The demo is laid out around the day it is loaded: whatever that day, the field page has
// yesterday's screenings (one still to report) and tonight's, and the map a month in progress.

const app = useApp();
const zone = 'Asia/Shanghai';

async function layoutOn(iso: string) {
  const now = DateTime.fromISO(iso, { zone });
  // issue 22 sign-off: the demo locks its old months; a day's new screenings start from no sign-off at all.
  await app.db('periods').delete();
  await app.db('screenings').delete();
  await seedDemoScreenings(app.db, zone, now);
  const rows: { team_id: number; starts_at: Date; status: string }[] = await app.db('screenings').select('team_id', 'starts_at', 'status');
  const on = (day: DateTime) => rows.filter((r) => DateTime.fromJSDate(r.starts_at).setZone(zone).hasSame(day, 'day'));
  return { now, rows, today: on(now), yesterday: on(now.minus({ days: 1 })) };
}

describe('demo screenings around the day they are loaded', () => {
  it('on any day — a month’s first, its last, mid-month, morning or night — every team works yesterday and tonight', async () => {
    await seedDemo(app.db, { ...app.config, now: () => DateTime.fromISO('2026-11-29T10:00', { zone }) });
    const teams: number[] = await app.db('teams').pluck('id');
    for (const iso of ['2026-11-29T10:00', '2026-12-01T21:00', '2027-02-28T08:00', '2026-03-01T12:00', '2026-07-15T19:10']) {
      const { now, today, yesterday } = await layoutOn(iso);
      expect(new Set(today.map((r) => r.team_id)), `${iso} tonight`).toEqual(new Set(teams));
      expect(new Set(yesterday.map((r) => r.team_id)), `${iso} yesterday`).toEqual(new Set(teams));
      // One of yesterday's was never reported: overdue, for the field page to report.
      expect(yesterday.some((r) => r.status === 'scheduled'), iso).toBe(true);
      // Tonight's are scheduled; planned before they start, overdue after.
      expect(today.every((r) => r.status === 'scheduled'), iso).toBe(true);
      // Tonight's start at 19:00 or 19:30: none has begun before 19:00, the 19:00 ones by 19:30, all by 20:00.
      const started = today.filter((r) => r.starts_at.getTime() <= now.toMillis()).length;
      const startTimes = today.map((r) => DateTime.fromJSDate(r.starts_at).setZone(zone).toFormat('HH:mm'));
      expect(new Set(startTimes), iso).toEqual(new Set(['19:00', '19:30']));
      const atSeven = startTimes.filter((t) => t === '19:00').length;
      expect(started, iso).toBe(now.hour >= 20 ? today.length : now.hour < 19 ? 0 : now.minute < 30 ? atSeven : today.length);
    }
  });

  it('the month in progress has covered, planned, overdue and gap units on the map', async () => {
    const { now } = await layoutOn('2026-11-15T12:00');
    app.setNow(now.toISO()!);
    const admin = await app.newUser('admin');
    const { body } = await admin.get('/api/coverage?month=2026-11');
    expect(body.totals.units).toBe(77);
    for (const status of ['covered', 'planned', 'overdue'] as const) expect(body.totals[status], status).toBeGreaterThan(0);
    // A month long past: mostly covered, with a few gaps.
    const past = (await admin.get('/api/coverage?month=2026-08')).body.totals;
    expect(past.covered / past.units).toBeGreaterThan(0.75);
    expect(past.gap).toBeGreaterThan(0);
  });
});
