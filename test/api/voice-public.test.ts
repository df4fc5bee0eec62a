import { randomBytes } from 'node:crypto';
import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../../server/evidence/verify.js';
import { expectProblem, useApp } from '../helpers/api.js';

// The village page's API (DOMAIN.md "Villagers' voice"): no sign-in; a request a phone, unit and
// month (a later one replacing it); problem reports naming a recent screening of the unit; a
// `not_held` report on a completed screening flags it villager_dispute until the bureau decides;
// a per-address limit counted in the database; the link, read and rotated by those who work the county.

// The limits are high here; the rate limit's test builds servers with low ones.
const app = useApp({ as: ['admin', 'bureau', 'partner'], now: '2026-11-20T21:00:00', env: { REQUEST_RATE_MAX: '1000', REPORT_RATE_MAX: '1000' } });

const device = () => `film2131_device=${randomBytes(32).toString('hex')}`;
const phone = () => supertest(app.express);
const tokenOf = async (villageId: number) => (await app.db('villages').where({ id: villageId }).first('public_token')).public_token as string;
const page = (token: string, cookie = device()) => phone().get(`/api/public/villages/${token}`).set('Cookie', cookie);
const request = (token: string, body: object, cookie = device()) => phone().post(`/api/public/villages/${token}/requests`).set('Cookie', cookie).send(body);
const report = (token: string, body: object) => phone().post(`/api/public/villages/${token}/reports`).set('Cookie', device()).send(body);

let county: number;
let township: number;
let team: { id: number; name: string };
let films: Record<'long' | 'short' | 'later' | 'ended' | 'retired', number>;

/** A unit of its own (so requests and screenings of one test are not another's), in the county; a natural village under it. */
async function unit() {
  const v = await app.make.village({ township_id: township, name: '一村' });
  const natural = await app.make.village({ township_id: township, name: '一村上组', kind: 'natural', parent_id: v.id });
  return { id: v.id, natural: natural.id, token: await tokenOf(v.id) };
}

/** A completed screening whose evidence holds (fix at the village an hour in, reported that night): verified. */
async function verifiedScreening(villageId: number, startsAt = '2026-11-18T19:30+08:00') {
  const s = await app.make.screening({ village_id: villageId, team_id: (await app.make.team()).id, starts_at: startsAt, programme: [films.long], status: 'completed', audience: 60 });
  const start = new Date(startsAt).getTime();
  await app.db('screenings').where({ id: s.id }).update({ reported_at: new Date(start + 3 * 3_600_000) });
  await app.db('screening_fixes').insert({ screening_id: s.id, lat: 24.1, lng: 102.75, accuracy: 20, taken_at: new Date(start + 3_600_000), kind: 'report' });
  await verify(app.db, [s.id], app.config.evidence);
  return s.id;
}
const stateOf = async (id: number) => (await app.db('screenings').where({ id }).first('verification')).verification as string;
const flagsOf = async (id: number) => (await app.db('screening_flags').where({ screening_id: id }).orderBy('code').select('code', 'params')).map((f) => ({ code: f.code, params: typeof f.params === 'string' ? JSON.parse(f.params) : f.params }));

beforeAll(async () => {
  const [province] = await app.db('areas').insert({ code: '98', name: '某省' }).returning('id');
  const [prefecture] = await app.db('areas').insert({ code: '9801', name: '某州', parent_id: province.id }).returning('id');
  const [c] = await app.db('areas').insert({ code: '980101', name: '某县', parent_id: prefecture.id }).returning('id');
  county = c.id;
  await app.db('area_settings').insert({ area_id: prefecture.id, supervision_phone: '0877-1234567' });
  township = (await app.make.township({ name: '秀山街道', county_id: county })).id;
  team = await app.make.team({ name: '一队', partner_id: app.as.partner.partnerId });
  films = {
    long: (await app.make.film({ title: '我和我的祖国', minutes: 155, year: 2019 })).id,
    short: (await app.make.film({ title: '玉米螟防治', category: 'science', minutes: 20, available_from: '2026-01-01', available_to: '2026-11-20' })).id,
    later: (await app.make.film({ title: '明年片', available_from: '2026-11-21' })).id,
    ended: (await app.make.film({ title: '过期片', available_to: '2026-11-19' })).id,
    retired: (await app.make.film({ title: '退役片', retired_at: new Date('2026-10-01T00:00:00Z') })).id,
  };
});

describe('the village page', () => {
  it("shows the unit, the month, the county's supervision phone, this and next month's screenings not cancelled (its natural villages' too), the catalogue licensed today; no-store", async () => {
    const u = await unit();
    const s1 = await app.make.screening({ village_id: u.id, team_id: team.id, starts_at: '2026-11-25T19:30+08:00', programme: [films.long, films.short] });
    const s2 = await app.make.screening({ village_id: u.natural, team_id: team.id, starts_at: '2026-12-31T19:30+08:00', programme: [] });
    await app.make.screening({ village_id: u.id, team_id: team.id, starts_at: '2026-11-26T19:30+08:00', status: 'cancelled', cancel_reason: '下雨' });
    await app.make.screening({ village_id: u.id, team_id: team.id, starts_at: '2027-01-01T19:30+08:00' });
    await app.make.screening({ village_id: u.id, team_id: team.id, starts_at: '2026-10-31T19:30+08:00', status: 'completed', audience: 30 });
    const res = await page(u.token);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      unit: { id: u.id, name: '一村', township: '秀山街道', county: '某县' },
      month: '2026-11',
      supervisionPhone: '0877-1234567',
      screenings: [
        { id: s1.id, startsAt: '2026-11-25T19:30:00.000+08:00', team: '一队', programme: [{ title: '我和我的祖国', category: 'feature' }, { title: '玉米螟防治', category: 'science' }] },
        { id: s2.id, startsAt: '2026-12-31T19:30:00.000+08:00', team: '一队', programme: [] },
      ],
      catalogue: expect.any(Array),
      request: null,
    });
    const ids = res.body.catalogue.map((f: { id: number }) => f.id);
    expect(ids).toEqual(expect.arrayContaining([films.long, films.short]));
    expect(ids).not.toContain(films.later);
    expect(ids).not.toContain(films.ended);
    expect(ids).not.toContain(films.retired);
    expect(res.body.catalogue.find((f: { id: number }) => f.id === films.long)).toEqual({ id: films.long, title: '我和我的祖国', category: 'feature', minutes: 155, year: 2019 });
  });

  it('an unknown or malformed token: 404 on every route', async () => {
    for (const token of ['0'.repeat(32), 'nope', 'A'.repeat(32)]) {
      expectProblem(await page(token), 404);
      expectProblem(await request(token, { filmIds: [films.long] }), 404);
      expectProblem(await report(token, { kind: 'other' }), 404);
    }
  });

  it('sets the device cookie on /api when the phone has none', async () => {
    const u = await unit();
    const res = await phone().get(`/api/public/villages/${u.token}`);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('film2131_device='));
    expect(cookie).toMatch(/^film2131_device=[0-9a-f]{64}; Max-Age=31536000; Path=\/api; Expires=.*; HttpOnly; SameSite=Lax$/);
  });
});

describe('film requests', () => {
  it('one a phone, unit and month: 201, the same phone again replaces it (200, one row), another phone adds one; the page shows this phone’s', async () => {
    const u = await unit();
    const me = device();
    const first = await request(u.token, { filmIds: [films.long, films.short], comment: '想看<b>老电影</b>' }, me);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ month: '2026-11', filmIds: [films.long, films.short], comment: '想看<b>老电影</b>', replaced: false });
    const again = await request(u.token, { filmIds: [films.short] }, me);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ month: '2026-11', filmIds: [films.short], comment: null, replaced: true });
    expect(await app.db('film_requests').where({ village_id: u.id }).select('film_ids', 'comment')).toEqual([{ film_ids: [films.short], comment: null }]);
    expect((await page(u.token, me)).body.request).toEqual({ filmIds: [films.short], comment: null, month: '2026-11' });
    expect((await page(u.token)).body.request).toBeNull();
    expect((await request(u.token, { filmIds: [films.long] })).status).toBe(201);
    const rows = await app.db('film_requests').where({ village_id: u.id });
    expect(rows).toHaveLength(2);
    // The phone is kept as an HMAC only.
    for (const r of rows) expect(r.device_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(me.split('=')[1]);
  });

  it('markup is stored and answered as text', async () => {
    const u = await unit();
    const res = await request(u.token, { filmIds: [films.long], comment: '<script>alert(1)</script>' });
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect((await app.db('film_requests').where({ village_id: u.id }).first('comment')).comment).toBe('<script>alert(1)</script>');
  });

  it('a film not licensed today, retired or unknown: 400 naming filmIds, nothing stored', async () => {
    const u = await unit();
    for (const id of [films.later, films.ended, films.retired, 999_999]) expectProblem(await request(u.token, { filmIds: [films.long, id] }), 400, ['filmIds']);
    expect(await app.db('film_requests').where({ village_id: u.id })).toHaveLength(0);
  });

  it('4 films, a film twice, none, a comment of 201 characters, an unknown key, a bad id: 400 naming the field', async () => {
    const u = await unit();
    const four = [films.long, films.short, films.later, films.ended];
    expectProblem(await request(u.token, { filmIds: four }), 400, ['filmIds']);
    expectProblem(await request(u.token, { filmIds: [films.long, films.long] }), 400, ['filmIds']);
    expectProblem(await request(u.token, { filmIds: [] }), 400, ['filmIds']);
    expectProblem(await request(u.token, {}), 400, ['filmIds']);
    expectProblem(await request(u.token, { filmIds: ['x'] }), 400, ['filmIds.0']);
    expectProblem(await request(u.token, { filmIds: [films.long], comment: '好'.repeat(201) }), 400, ['comment']);
    expect((await request(u.token, { filmIds: [films.long], comment: '好'.repeat(200) })).status).toBe(201);
    expectProblem(await request(u.token, { filmIds: [films.long], phone: '138' }), 400, ['phone']);
    expectProblem(await phone().post(`/api/public/villages/${u.token}/requests`).set('Content-Type', 'application/json').send(JSON.stringify({ filmIds: [films.long], comment: 'x'.repeat(5000) })), 413);
  });

  it('a request belongs to the local month it is made in, in the county zone', async () => {
    const u = await unit();
    try {
      // 23:30 on 30 November in the county is 15:30 UTC; 00:30 on 1 December there is still 30 November in UTC.
      app.setNow('2026-11-30T23:30:00');
      expect((await request(u.token, { filmIds: [films.long] })).body.month).toBe('2026-11');
      app.setNow('2026-12-01T00:30:00');
      expect((await request(u.token, { filmIds: [films.long] })).body.month).toBe('2026-12');
      expect((await page(u.token)).body.month).toBe('2026-12');
    } finally {
      app.setNow('2026-11-20T21:00:00');
    }
    expect((await app.db('film_requests').where({ village_id: u.id }).orderBy('month').select('month')).map((r) => r.month)).toEqual(['2026-11', '2026-12']);
  });
});

/** A team of its own: one team's screenings may not overlap (screenings_team_slot). */
const freshTeam = async () => (await app.make.team()).id;

describe('problem reports', () => {
  it('201 with or without a screening of the unit (its natural villages’ included); text is text', async () => {
    const u = await unit();
    const s = await app.make.screening({ village_id: u.natural, team_id: await freshTeam(), starts_at: '2026-11-19T19:30+08:00' });
    const res = await report(u.token, { kind: 'late', screeningId: s.id, text: '<img src=x onerror=alert(1)>晚了一小时' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), kind: 'late', screeningId: s.id, createdAt: '2026-11-20T21:00:00.000+08:00' });
    expect((await report(u.token, { kind: 'other' })).status).toBe(201);
    const rows = await app.db('villager_reports').where({ village_id: u.id }).orderBy('id');
    expect(rows.map((r) => [r.kind, r.screening_id, r.text, r.state])).toEqual([
      ['late', s.id, '<img src=x onerror=alert(1)>晚了一小时', 'new'],
      ['other', null, null, 'new'],
    ]);
  });

  it("another village's screening, one started 31 days ago, one not started, a cancelled one, an unknown one: 400 naming screeningId, nothing stored", async () => {
    const u = await unit();
    const other = await unit();
    const at = async (starts_at: string, o: Record<string, unknown> = {}) => app.make.screening({ village_id: u.id, team_id: await freshTeam(), starts_at, ...o });
    const foreign = await app.make.screening({ village_id: other.id, team_id: await freshTeam(), starts_at: '2026-11-19T19:30+08:00' });
    const old = await at('2026-10-20T20:59+08:00', { status: 'completed', audience: 30 });
    const edge = await at('2026-10-21T21:00+08:00', { status: 'completed', audience: 30 });
    const future = await at('2026-11-21T19:30+08:00');
    const cancelled = await at('2026-11-19T19:30+08:00', { status: 'cancelled', cancel_reason: '下雨' });
    for (const id of [foreign.id, old.id, future.id, cancelled.id, 999_999]) expectProblem(await report(u.token, { kind: 'not_held', screeningId: id }), 400, ['screeningId']);
    expect(await app.db('villager_reports').where({ village_id: u.id })).toHaveLength(0);
    // Exactly 30 days ago is inside.
    expect((await report(u.token, { kind: 'late', screeningId: edge.id })).status).toBe(201);
  });

  it('a bad kind, text of 501 characters, an unknown key: 400 naming the field', async () => {
    const u = await unit();
    expectProblem(await report(u.token, { kind: 'fire' }), 400, ['kind']);
    expectProblem(await report(u.token, { kind: 'other', text: '字'.repeat(501) }), 400, ['text']);
    expectProblem(await report(u.token, { kind: 'other', name: '张三' }), 400, ['name']);
    expectProblem(await report(u.token, { kind: 'other', screeningId: 'x' }), 400, ['screeningId']);
  });
});

describe('the villager_dispute flag', () => {
  const verifiedCount = async () => (await app.as.bureau.get(`/api/coverage?month=2026-11&townshipId=${township}`)).body.totals.verified as number;

  it('not_held on a verified screening flags it (critical, the count) and takes it out of the verified count; the bureau accepting it ends the flag; a later report raises it again', async () => {
    const u = await unit();
    const id = await verifiedScreening(u.id);
    expect(await stateOf(id)).toBe('verified');
    const before = await verifiedCount();
    expect((await report(u.token, { kind: 'not_held', screeningId: id, text: '没来' })).status).toBe(201);
    expect(await stateOf(id)).toBe('flagged');
    expect(await flagsOf(id)).toEqual([{ code: 'villager_dispute', params: { count: 1 } }]);
    expect(await verifiedCount()).toBe(before - 1);
    await report(u.token, { kind: 'not_held', screeningId: id });
    expect(await flagsOf(id)).toEqual([{ code: 'villager_dispute', params: { count: 2 } }]);

    app.setNow('2026-11-20T22:00:00');
    try {
      const decided = await app.as.bureau.post(`/api/screenings/${id}/review`).send({ decision: 'accepted', reason: '放映员有照片，村民记错日子' });
      expect(decided.status).toBe(200);
      expect(decided.body.verification).toMatchObject({ state: 'verified', decision: 'accepted' });
      expect(await flagsOf(id)).toEqual([]);
      expect(await verifiedCount()).toBe(before);
      app.setNow('2026-11-20T23:00:00');
      await report(u.token, { kind: 'not_held', screeningId: id });
      expect(await flagsOf(id)).toEqual([{ code: 'villager_dispute', params: { count: 1 } }]);
      // The decision taken back: every report counts again.
      await app.as.bureau.post(`/api/screenings/${id}/review`).send({ decision: null });
      expect(await flagsOf(id)).toEqual([{ code: 'villager_dispute', params: { count: 3 } }]);
    } finally {
      app.setNow('2026-11-20T21:00:00');
    }
  });

  it('late and other raise nothing; nothing a villager sends changes the screening', async () => {
    const u = await unit();
    const id = await verifiedScreening(u.id);
    const row = await app.db('screenings').where({ id }).first();
    await report(u.token, { kind: 'late', screeningId: id });
    await report(u.token, { kind: 'other', screeningId: id });
    expect(await stateOf(id)).toBe('verified');
    expect(await flagsOf(id)).toEqual([]);
    expect(await app.db('screenings').where({ id }).first()).toEqual(row);
  });

  it('not_held on a screening not yet reported flags it once it is reported completed', async () => {
    const u = await unit();
    const s = await app.make.screening({ village_id: u.id, team_id: await freshTeam(), starts_at: '2026-11-19T19:30+08:00', programme: [films.long] });
    expect((await report(u.token, { kind: 'not_held', screeningId: s.id })).status).toBe(201);
    expect(await flagsOf(s.id)).toEqual([]);
    await app.db('screenings').where({ id: s.id }).update({ status: 'completed', audience: 40 });
    await verify(app.db, [s.id], app.config.evidence);
    expect((await flagsOf(s.id)).map((f) => f.code)).toContain('villager_dispute');
  });
});

describe('the rate limit', () => {
  it('counts an address across two servers on one database, before anything is read; a 429 stores nothing', async () => {
    const u = await unit();
    const env = { REQUEST_RATE_MAX: '3', REPORT_RATE_MAX: '2', TRUST_PROXY: '1' };
    const [a, b] = [app.withEnv(env), app.withEnv(env)];
    const address = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    const send = (s: typeof a, body: object) => s.post(`/api/public/villages/${u.token}/requests`).set('X-Forwarded-For', address).set('Cookie', device()).send(body);
    expect((await send(a, { filmIds: [films.long] })).status).toBe(201);
    expectProblem(await send(b, { filmIds: [] }), 400);
    expectProblem(await b.post(`/api/public/villages/${'0'.repeat(32)}/requests`).set('X-Forwarded-For', address).send({ filmIds: [films.long] }), 404);
    const refused = await send(a, { filmIds: [films.short] });
    expectProblem(refused, 429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await app.db('film_requests').where({ village_id: u.id })).toHaveLength(1);
    // Reports count apart, and refuse the same way.
    const file = (s: typeof a) => s.post(`/api/public/villages/${u.token}/reports`).set('X-Forwarded-For', address).send({ kind: 'other', text: 'x' });
    expect((await file(a)).status).toBe(201);
    expect((await file(b)).status).toBe(201);
    expectProblem(await file(a), 429);
    expect(await app.db('villager_reports').where({ village_id: u.id })).toHaveLength(2);
    // Another address passes.
    expect((await send(b, { filmIds: [films.long] }).set('X-Forwarded-For', '198.51.100.250')).status).toBe(201);
    const limits = JSON.stringify(await app.db('rate_limits'));
    expect(limits).not.toContain('198.51.100');
  });
});

describe("the village page's link", () => {
  it('the admin, the bureau and a partner read it; rotating it makes the old link 404 at once and the new one work; audit-logged without the live token', async () => {
    const u = await unit();
    for (const who of ['admin', 'bureau', 'partner'] as const) {
      const res = await app.as[who].get(`/api/villages/${u.id}/link`).set('Host', 'film.example:3000');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ url: `http://film.example:3000/v/${u.token}`, token: u.token });
    }
    const rotated = await app.as.bureau.post(`/api/villages/${u.id}/link`).set('Host', 'film.example:3000');
    expect(rotated.status).toBe(200);
    expect(rotated.body.token).toMatch(/^[0-9a-f]{32}$/);
    expect(rotated.body.token).not.toBe(u.token);
    expect(rotated.body.url).toBe(`http://film.example:3000/v/${rotated.body.token}`);
    expectProblem(await page(u.token), 404);
    expectProblem(await request(u.token, { filmIds: [films.long] }), 404);
    expect((await page(rotated.body.token)).status).toBe(200);
    expect((await app.as.admin.get(`/api/villages/${u.id}/link`)).body.token).toBe(rotated.body.token);
    const audit = await app.db('audit_log').where({ entity: 'village', entity_id: u.id }).orderBy('id', 'desc').first();
    expect(audit).toMatchObject({ action: 'update', user_id: app.as.bureau.id });
    expect(JSON.stringify(audit)).not.toContain(rotated.body.token);
    expect(JSON.stringify(audit.after)).toContain(rotated.body.token.slice(0, 6));
  });

  it('signed out 401; an unknown village 404; a bad id 400', async () => {
    const u = await unit();
    expectProblem(await app.http.get(`/api/villages/${u.id}/link`), 401);
    expectProblem(await app.http.post(`/api/villages/${u.id}/link`), 401);
    expectProblem(await app.as.admin.get('/api/villages/999999/link'), 404);
    expectProblem(await app.as.admin.post('/api/villages/999999/link'), 404);
    expectProblem(await app.as.admin.get('/api/villages/x/link'), 400, ['id']);
  });
});
