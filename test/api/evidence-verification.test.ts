import { describe, expect, it } from 'vitest';
import { epochMs } from '../../server/evidence/facts.js';
import { recheckMonth } from '../../server/evidence/recheck.js';
import { expectProblem, useApp } from '../helpers/api.js';

// A completed screening's verification (DOMAIN.md "Evidence and verification") as the API answers
// it: the phone's fix, the state it gives, the checks that need other screenings (a team's
// neighbours, reports sent together), the hooks in the screenings' writes, and a recheck.

const app = useApp({ as: ['admin', 'bureau', 'partner'], now: '2026-11-21T12:00:00' });

/** Degrees of latitude for `km` kilometres north. */
const north = (km: number) => km / ((6371.0088 * Math.PI) / 180);
const HERE = { lat: 24.1, lng: 102.75 };

async function setting(village: Record<string, unknown> = {}) {
  const v = await app.make.village({ ...HERE, ...village });
  const team = await app.make.team({ partner_id: app.as.partner.partnerId });
  return { v, team };
}

/** A feature film of 90 minutes: a programme that makes one screening (no programme_incomplete), new each time so that no film repeats in a village. */
const longFilm = async () => (await app.make.film({ category: 'feature', minutes: 90 })).id;

async function report(villageId: number, teamId: number, o: Record<string, unknown> = {}) {
  const res = await app.as.partner.post('/api/screenings').send({ villageId, teamId, startsAt: '2026-11-20T19:30', status: 'completed', audience: 80, programme: [await longFilm()], ...o });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; version: number; verification: { state: string; flags: { code: string; severity: string }[] } | null };
}

const fix = (id: number, o: Record<string, unknown> = {}) => app.as.partner.post(`/api/screenings/${id}/fix`).send({ ...HERE, accuracy: 15, takenAt: '2026-11-20T21:00', ...o });
const verification = async (id: number) => (await app.as.bureau.get(`/api/screenings/${id}`)).body.verification;
const codes = async (id: number) => ((await verification(id))?.flags ?? []).map((f: { code: string }) => f.code);

describe('the state of a completed screening', () => {
  it('when it is reported without a fix, it is unverified with a no_fix warning that says so in both languages', async () => {
    const { v, team } = await setting();
    const s = await report(v.id, team.id);
    expect(s.verification).toMatchObject({ state: 'unverified', decision: null, reason: null });
    expect(s.verification!.flags).toEqual([
      { code: 'no_fix', severity: 'warning', params: {}, message: 'No position fix from the reporting phone.', messageZh: '没有放映手机上报的定位。' },
    ]);
  });

  it('when a fix near the village arrives, it becomes verified with no flag; the version and updated time do not move', async () => {
    const { v, team } = await setting();
    const s = await report(v.id, team.id);
    const before = await app.db('screenings').where({ id: s.id }).first('version', 'updated_at');
    const res = await fix(s.id);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ screeningId: s.id, kind: 'report', lat: HERE.lat, lng: HERE.lng, accuracy: 15, takenAt: '2026-11-20T21:00:00.000+08:00' });
    expect(await verification(s.id)).toMatchObject({ state: 'verified', flags: [] });
    expect(await app.db('screenings').where({ id: s.id }).first('version', 'updated_at')).toEqual(before);
  });

  it('when the fix is 5 km away, it is flagged with a critical far_from_village', async () => {
    const { v, team } = await setting();
    const s = await report(v.id, team.id);
    await fix(s.id, { lat: HERE.lat + north(5) });
    const got = await verification(s.id);
    expect(got.state).toBe('flagged');
    expect(got.flags).toEqual([expect.objectContaining({ code: 'far_from_village', severity: 'critical', params: { km: 5, maxKm: 2, accuracyM: 15 } })]);
  });

  it("when the village's position is approximate, a fix 5 km away is only a warning that says so", async () => {
    const { v, team } = await setting({ position_approximate: true });
    const s = await report(v.id, team.id);
    await fix(s.id, { lat: HERE.lat + north(5) });
    const got = await verification(s.id);
    expect(got.state).toBe('flagged');
    expect(got.flags).toEqual([expect.objectContaining({ code: 'far_from_village', severity: 'warning', params: { km: 5, maxKm: 2, accuracyM: 15, approximate: true } })]);
  });

  it('when the scheduled screening got an arrival fix first, reporting it done verifies it in the PATCH answer', async () => {
    const { v, team } = await setting();
    const s = await app.make.screening({ village_id: v.id, team_id: team.id, starts_at: '2026-11-20T19:30+08:00', programme: [await longFilm()] });
    expect((await fix(s.id, { kind: 'arrival', takenAt: '2026-11-20T19:00' })).status).toBe(201);
    expect(await verification(s.id)).toBeNull();
    const done = await app.as.partner.patch(`/api/screenings/${s.id}`).send({ status: 'completed', audience: 60 });
    expect(done.status).toBe(200);
    expect(done.body.verification).toMatchObject({ state: 'verified', flags: [] });
    expect(done.body.reportedAt).toBe('2026-11-21T12:00:00.000+08:00');
  });

  it('when a completed screening is cancelled after all, its verification is null and its flags are gone', async () => {
    const { v, team } = await setting();
    const s = await report(v.id, team.id);
    expect(await app.db('screening_flags').where({ screening_id: s.id }).count({ n: '*' }).first()).toEqual({ n: 1 });
    const res = await app.as.partner.patch(`/api/screenings/${s.id}`).send({ status: 'cancelled', cancelReason: 'rain' });
    expect(res.body.verification).toBeNull();
    expect(await app.db('screening_flags').where({ screening_id: s.id }).count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('when it started at 14:00, a daytime_start warning flags it even with a good fix', async () => {
    const { v, team } = await setting();
    const s = await report(v.id, team.id, { startsAt: '2026-11-20T14:00' });
    await fix(s.id, { takenAt: '2026-11-20T15:00' });
    expect(await verification(s.id)).toMatchObject({ state: 'flagged', flags: [expect.objectContaining({ code: 'daytime_start', params: { time: '14:00', from: '17:00', to: '23:00' } })] });
  });

  it('when it is reported 64.5 h after the start, late_report', async () => {
    const { v, team } = await setting();
    const s = await report(v.id, team.id, { startsAt: '2026-11-18T19:30' });
    expect(s.verification!.flags).toContainEqual(expect.objectContaining({ code: 'late_report', params: { hours: 64.5, maxHours: 48 } }));
  });

  it("when the audience is above the village's population, audience_outlier", async () => {
    const { v, team } = await setting({ population: 100 });
    const s = await report(v.id, team.id, { audience: 101 });
    expect(s.verification!.flags).toContainEqual(expect.objectContaining({ code: 'audience_outlier', severity: 'warning', params: { audience: 101, population: 100 } }));
  });

  it('when the audience is corrected back within the population, the flag goes in the PATCH answer', async () => {
    const { v, team } = await setting({ population: 100 });
    const s = await report(v.id, team.id, { audience: 500 });
    const res = await app.as.partner.patch(`/api/screenings/${s.id}`).send({ audience: 90 });
    expect(res.body.verification.flags.map((f: { code: string }) => f.code)).toEqual(['no_fix']);
  });
});

describe('checks across screenings', () => {
  it('when a team shows 250 km apart 3 h later, both are flagged impossible_travel; moving one back clears both', async () => {
    const { v, team } = await setting();
    const far = await app.make.village({ lat: HERE.lat + north(250), lng: HERE.lng });
    const first = await report(v.id, team.id, { startsAt: '2026-11-20T17:00' });
    const second = await report(far.id, team.id, { startsAt: '2026-11-20T20:00' });
    expect(second.verification!.flags).toContainEqual(expect.objectContaining({ code: 'impossible_travel', severity: 'critical', params: expect.objectContaining({ otherId: first.id, hours: 3 }) }));
    expect((await verification(first.id)).flags).toContainEqual(expect.objectContaining({ code: 'impossible_travel', params: expect.objectContaining({ otherId: second.id }) }));

    const near = await app.make.village({ lat: HERE.lat + north(20), lng: HERE.lng });
    expect((await app.as.partner.patch(`/api/screenings/${second.id}`).send({ villageId: near.id })).status).toBe(200);
    expect(await codes(second.id)).not.toContain('impossible_travel');
    expect(await codes(first.id)).not.toContain('impossible_travel');
  });

  it("when a fix puts the team far from its next screening's village too soon, the fix flags both", async () => {
    const { v, team } = await setting();
    const other = await app.make.village({ lat: HERE.lat + north(100), lng: HERE.lng });
    const first = await report(v.id, team.id, { startsAt: '2026-11-19T19:00' });
    const second = await report(other.id, team.id, { startsAt: '2026-11-20T19:00' });
    expect(await codes(first.id)).not.toContain('impossible_travel');
    // Still in the first village at 18:00 the next day, an hour before showing 100 km away.
    await fix(first.id, { takenAt: '2026-11-20T18:00' });
    expect(await codes(first.id)).toContain('impossible_travel');
    expect(await codes(second.id)).toContain('impossible_travel');
  });

  it('when a week of screenings is reported within minutes, every one of them carries bulk_report', async () => {
    const { v, team } = await setting();
    const ids: number[] = [];
    for (const day of [14, 15, 16, 17, 18]) {
      app.setNow(`2026-11-21T12:0${day - 14}:00`);
      ids.push((await report(v.id, team.id, { startsAt: `2026-11-${day}T19:30` })).id);
    }
    app.setNow('2026-11-21T12:00:00');
    for (const id of ids) expect(await codes(id), `screening ${id}`).toContain('bulk_report');
  });

  it('counts the reports of the BULK_REPORT_MINUTES window with both ends inside, and not one a second beyond it', async () => {
    // Five of a week reported over exactly 10 minutes (the default window) are a bulk report; the
    // same with the last a second later are not: no 10 minutes then hold five of them.
    for (const [last, bulk] of [['12:10:00', true], ['12:10:01', false]] as const) {
      const { v, team } = await setting();
      const ids: number[] = [];
      for (const [i, at] of ['12:00:00', '12:02:00', '12:04:00', '12:06:00', last].entries()) {
        app.setNow(`2026-11-21T${at}`);
        ids.push((await report(v.id, team.id, { startsAt: `2026-11-${14 + i}T19:30` })).id);
      }
      app.setNow('2026-11-21T12:00:00');
      // A recheck reads the window from the team's reports (server/evidence/facts.ts) for all five at once.
      await recheckMonth(app.db, app.config.timezone, '2026-11', app.config.evidence);
      for (const id of ids) expect((await codes(id)).includes('bulk_report'), `screening ${id}, the last reported at ${last}`).toBe(bulk);
    }
  });
});

describe('storing what the checks found', () => {
  it('when nothing changed, verifying again writes nothing (the rows keep their transaction ids)', async () => {
    const { v, team } = await setting();
    const s = await report(v.id, team.id);
    await fix(s.id);
    const xmin = async () => [
      (await app.db.raw('select xmin::text as x from screenings where id = ?', [s.id])).rows[0].x,
      (await app.db.raw('select string_agg(xmin::text, \',\') as x from screening_flags where screening_id = ?', [s.id])).rows[0].x,
    ];
    const before = await xmin();
    await app.as.bureau.post('/api/review/recheck').send({ month: '2026-11' });
    expect(await xmin()).toEqual(before);
  });

  it('when a fix was written straight to the database, a recheck of the month finds it and says how many changed', async () => {
    const { v, team } = await setting();
    const s = await report(v.id, team.id);
    await app.db('screening_fixes').insert({ screening_id: s.id, kind: 'report', ...HERE, accuracy: 10, taken_at: '2026-11-20T21:00+08:00' });
    expect((await verification(s.id)).state).toBe('unverified');
    const res = await app.as.bureau.post('/api/review/recheck').send({ month: '2026-11' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ month: '2026-11', changed: 1 });
    expect(res.body.checked).toBeGreaterThanOrEqual(1);
    expect((await verification(s.id)).state).toBe('verified');
    expect((await app.as.bureau.post('/api/review/recheck').send({ month: '2026-11' })).body.changed).toBe(0);
  });

  it('a recheck in batches of one team, two at a time, counts every change of every batch', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) {
      const { v, team } = await setting();
      const s = await report(v.id, team.id);
      await app.db('screening_fixes').insert({ screening_id: s.id, kind: 'report', ...HERE, accuracy: 10, taken_at: '2026-11-20T21:00+08:00' });
      made.push(s.id);
    }
    const result = await recheckMonth(app.db, app.config.timezone, '2026-11', app.config.evidence, null, 1);
    expect(result.changed).toBe(5);
    for (const id of made) expect((await verification(id)).state).toBe('verified');
    expect((await recheckMonth(app.db, app.config.timezone, '2026-11', app.config.evidence, null, 1)).changed).toBe(0);
  });

  it('the recheck is for the bureau and the admin, and names a bad month', async () => {
    expectProblem(await app.as.partner.post('/api/review/recheck').send({ month: '2026-11' }), 403);
    expectProblem(await app.as.admin.post('/api/review/recheck').send({ month: '2026-13' }), 400, ['month']);
  });

  it('the screenings list reads verification in the same number of queries for 1 screening as for 12 (no query per row)', async () => {
    const { v, team } = await setting();
    const queriesFor = async (teamId: number) => {
      // Who the token is, read once (a server keeps it while the sessions counter stands): both counts then without it.
      await app.as.admin.get('/api/screenings?limit=1');
      let n = 0;
      const count = () => n++;
      app.db.on('query', count);
      const res = await app.as.admin.get(`/api/screenings?teamId=${teamId}`);
      app.db.off('query', count);
      expect(res.status).toBe(200);
      return { n, items: res.body.items as { verification: unknown }[] };
    };
    await report(v.id, team.id);
    const one = await queriesFor(team.id);
    expect(one.items).toHaveLength(1);
    for (const day of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) await report(v.id, team.id, { startsAt: `2026-11-${String(day).padStart(2, '0')}T19:30` });
    const twelve = await queriesFor(team.id);
    expect(twelve.items).toHaveLength(12);
    expect(twelve.items.every((s) => s.verification !== null)).toBe(true);
    expect(twelve.n).toBe(one.n);
  });
});

describe('a fix: who may send it, and what is refused', () => {
  it('the bureau may not (403); another partner sees no such screening (404); nor does an unknown id', async () => {
    const { v, team } = await setting();
    const s = await report(v.id, team.id);
    expectProblem(await app.as.bureau.post(`/api/screenings/${s.id}/fix`).send({ ...HERE, accuracy: 10, takenAt: '2026-11-20T21:00' }), 403);
    const stranger = await app.newUser('partner');
    expectProblem(await stranger.post(`/api/screenings/${s.id}/fix`).send({ ...HERE, accuracy: 10, takenAt: '2026-11-20T21:00' }), 404);
    expectProblem(await fix(99999999), 404);
    expect((await app.as.admin.post(`/api/screenings/${s.id}/fix`).send({ ...HERE, accuracy: 10, takenAt: '2026-11-20T21:00' })).status).toBe(201);
  });

  it('when the screening is cancelled, 409 and nothing stored', async () => {
    const { v, team } = await setting();
    const s = await app.make.screening({ village_id: v.id, team_id: team.id, starts_at: '2026-11-20T19:30+08:00', status: 'cancelled', cancel_reason: 'rain' });
    expectProblem(await fix(s.id), 409);
    expect(await app.db('screening_fixes').where({ screening_id: s.id }).first()).toBeUndefined();
  });

  it.each([
    [{ lat: 90.0001 }, 'lat'],
    [{ lat: -91 }, 'lat'],
    [{ lng: 180.5 }, 'lng'],
    [{ lng: '102.75' }, 'lng'],
    [{ accuracy: 0 }, 'accuracy'],
    [{ accuracy: -5 }, 'accuracy'],
    [{ accuracy: 100_001 }, 'accuracy'],
    [{ takenAt: '2026-11-21T12:11' }, 'takenAt'],
    [{ takenAt: '2025-11-19T19:00' }, 'takenAt'],
    [{ takenAt: 'yesterday' }, 'takenAt'],
    [{ takenAt: '2026-02-30T19:00' }, 'takenAt'],
    [{ kind: 'departure' }, 'kind'],
    [{ lat: undefined }, 'lat'],
    [{ speed: 3 }, 'speed'],
  ])('refuses %j naming %s, and stores nothing', async (change, path) => {
    const { v, team } = await setting();
    const s = await report(v.id, team.id);
    expectProblem(await fix(s.id, change), 400, [path]);
    expect(await app.db('screening_fixes').where({ screening_id: s.id }).first()).toBeUndefined();
  });

  it('takes the edges: 90°, 180°, 100 km accuracy, a clock 10 minutes ahead, a fix a year old', async () => {
    const { v, team } = await setting();
    const s = await report(v.id, team.id);
    for (const change of [{ lat: 90 }, { lng: -180 }, { accuracy: 100_000 }, { takenAt: '2026-11-21T12:10' }, { takenAt: '2025-11-21T12:00' }]) {
      expect((await fix(s.id, change)).status, JSON.stringify(change)).toBe(201);
    }
  });
});

describe('the instants the checks read', () => {
  it('are whole ms since the epoch with the microseconds dropped, exactly, as numeric arithmetic gives them (server/evidence/facts.ts epochMs)', async () => {
    // 300,000 instants a prime number of microseconds apart from 1969 to 2231, and the edges of a millisecond.
    const rows: { n: number; wrong: number; sample: number[] }[] = (
      await app.db.raw(
        `with t as (select '1969-12-31T23:00:00Z'::timestamptz + g * interval '27644437 seconds' / 1000 + (g % 1000) * interval '1 microsecond' as at
                      from generate_series(0, 299999) g
                    union all select unnest(array['2026-06-01T12:00:00.000Z', '2026-06-01T12:00:00.999999Z', '2026-06-01T12:00:00.001Z', '1969-12-31T23:59:59.999Z', '2200-12-31T23:59:59.999999Z']::timestamptz[]))
         select count(*)::int as n, count(*) filter (where ${epochMs('at')} <> floor(extract(epoch from at) * 1000))::int as wrong,
                (select array_agg(${epochMs('x')} order by x) from unnest(array['2026-06-01T12:00:00.999999Z', '1969-12-31T23:59:59.999Z']::timestamptz[]) x) as sample
           from t`,
      )
    ).rows;
    expect(rows[0]).toEqual({ n: 300_005, wrong: 0, sample: [Date.parse('1969-12-31T23:59:59.999Z'), Date.parse('2026-06-01T12:00:00.999Z')] });
  });
});
