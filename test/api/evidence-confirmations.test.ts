import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createContext } from '../../server/context.js';
import { createLogger } from '../../server/logger.js';
import { expectProblem, useApp } from '../helpers/api.js';

// Villagers confirm a screening through its QR link (DOMAIN.md "Evidence and verification"): no
// sign-in, from an hour before the start to a day after, one per phone (a cookie the server sets,
// kept only as a salted hash), a limit per client address counted in the database.

const app = useApp({ as: ['admin', 'bureau', 'partner'], now: '2026-11-20T20:00:00' });

async function screening(o: Record<string, unknown> = {}) {
  const township = await app.make.township({ name: '秀山街道' });
  const village = await app.make.village({ township_id: township.id, name: '一村' });
  const team = await app.make.team({ partner_id: app.as.partner.partnerId });
  const film = await app.make.film({ title: '我和我的祖国', minutes: 155 });
  const short = await app.make.film({ title: '玉米螟, 防治', category: 'science', minutes: 20 });
  const s = await app.make.screening({ village_id: village.id, team_id: team.id, programme: [film.id, short.id], starts_at: '2026-11-20T19:30+08:00', ...o });
  const token = (await app.db('screenings').where({ id: s.id }).first('confirmation_token')).confirmation_token as string;
  return { ...s, token };
}

/** A phone: requests that keep no cookies (a test agent would keep the device cookie, and be one phone throughout). */
const phone = () => supertest(app.express);
/** Another server on the same database and clock, with more environment. */
const server = (env: Record<string, string>) => {
  const config = { ...loadConfig({ COUNTY_TIMEZONE: 'Asia/Shanghai', LOG_LEVEL: 'silent', ...env }), now: app.config.now };
  return supertest(createApp(createContext({ db: app.db, engine: app.engine, config, logger: createLogger('silent') })));
};
const confirm = (token: string, body: object = {}) => phone().post(`/api/confirmations/${token}`).send(body);
const deviceCookie = (res: { headers: Record<string, unknown> }) => ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('film2131_device='));

describe("a screening's confirmation link", () => {
  it('answers the absolute URL of its page and its token to the partner of the team, the bureau and the admin', async () => {
    const s = await screening();
    for (const who of ['partner', 'bureau', 'admin'] as const) {
      const res = await app.as[who].get(`/api/screenings/${s.id}/confirmation`).set('Host', 'film.example:3000');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ url: `http://film.example:3000/c/${s.token}`, token: s.token });
    }
    expect(s.token).toMatch(/^[0-9a-f]{32}$/);
    expectProblem(await (await app.newUser('partner')).get(`/api/screenings/${s.id}/confirmation`), 404);
    expectProblem(await app.http.get(`/api/screenings/${s.id}/confirmation`), 401);
  });
});

describe("the villagers' page", () => {
  it('shows the programme (what is shown, in order), village, township and start, and whether it takes confirmations now, to anyone, with nothing personal', async () => {
    const s = await screening();
    const res = await phone().get(`/api/confirmations/${s.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      filmTitle: '我和我的祖国',
      films: [
        { title: '我和我的祖国', category: 'feature', minutes: 155 },
        { title: '玉米螟, 防治', category: 'science', minutes: 20 },
      ],
      villageName: '一村',
      townshipName: '秀山街道',
      // The village page's, for the request form the page offers after confirming.
      villageToken: (await app.db('villages as v').join('screenings as s', 's.village_id', 'v.id').where('s.id', s.id).first('v.public_token')).public_token,
      startsAt: '2026-11-20T19:30:00.000+08:00',
      status: 'scheduled',
      opensAt: '2026-11-20T18:30:00.000+08:00',
      closesAt: '2026-11-21T19:30:00.000+08:00',
      open: true,
      confirmed: false,
      locked: false,
    });
    expect(deviceCookie(res)).toMatch(/^film2131_device=[0-9a-f]{64}; Max-Age=31536000; Path=\/api; Expires=.*; HttpOnly; SameSite=Lax$/);
  });

  it('says nothing of a film when the programme is not decided', async () => {
    const s = await screening({ programme: [] });
    expect((await phone().get(`/api/confirmations/${s.token}`)).body).toMatchObject({ filmTitle: null, films: [] });
  });

  it('when the token is unknown or not a token at all, 404', async () => {
    expectProblem(await phone().get(`/api/confirmations/${'0'.repeat(32)}`), 404);
    expectProblem(await app.http.get('/api/confirmations/nope'), 404);
    expectProblem(await confirm('0'.repeat(32)), 404);
  });
});

describe('confirming', () => {
  it('when a phone confirms with a rating, 201; the same phone again, 409; another phone, 201', async () => {
    const s = await screening();
    const first = await confirm(s.token, { rating: 5, comment: '好看' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ rating: 5, comment: '好看' });
    const cookie = deviceCookie(first)!.split(';')[0]!;
    expectProblem(await confirm(s.token, { rating: 1 }).set('Cookie', cookie), 409);
    expect((await phone().get(`/api/confirmations/${s.token}`).set('Cookie', cookie)).body.confirmed).toBe(true);
    expect((await confirm(s.token)).status).toBe(201);
    expect(await app.db('confirmations').where({ screening_id: s.id }).count({ n: '*' }).first()).toEqual({ n: 2 });
  });

  it('keeps no device id, no address: a salted hash of the cookie only', async () => {
    const s = await screening();
    const res = await confirm(s.token).set('X-Forwarded-For', '203.0.113.9');
    const device = deviceCookie(res)!.split(';')[0]!.split('=')[1]!;
    const rows = await app.db('confirmations').where({ screening_id: s.id });
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]).sort()).toEqual(['comment', 'created_at', 'device_hash', 'id', 'rating', 'screening_id']);
    expect(rows[0].device_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].device_hash).not.toContain(device);
    const limits = JSON.stringify(await app.db('rate_limits'));
    expect(limits).not.toMatch(/127\.0\.0\.1|::ffff|203\.0\.113/);
  });

  it('takes a confirmation from exactly an hour before the start to exactly a day after, and 409 a second outside', async () => {
    const s = await screening();
    const at = async (when: string) => {
      app.setNow(when);
      return confirm(s.token);
    };
    try {
      expectProblem(await at('2026-11-20T18:29:59'), 409);
      expect((await at('2026-11-20T18:30:00')).status).toBe(201);
      expect((await at('2026-11-21T19:30:00')).status).toBe(201);
      expectProblem(await at('2026-11-21T19:30:01'), 409);
      expect((await phone().get(`/api/confirmations/${s.token}`)).body.open).toBe(false);
    } finally {
      app.setNow('2026-11-20T20:00:00');
    }
  });

  it('when the screening was cancelled, 409', async () => {
    const s = await screening({ status: 'cancelled', cancel_reason: 'rain' });
    expectProblem(await confirm(s.token), 409);
    expect((await phone().get(`/api/confirmations/${s.token}`)).body).toMatchObject({ status: 'cancelled', open: false });
  });

  it.each([
    [{ rating: 6 }, 'rating'],
    [{ rating: 0 }, 'rating'],
    [{ rating: 2.5 }, 'rating'],
    [{ rating: '5' }, 'rating'],
    [{ comment: 'x'.repeat(501) }, 'comment'],
    [{ name: '张三' }, 'name'],
  ])('refuses %j naming %s, and stores nothing', async (body, path) => {
    const s = await screening();
    expectProblem(await confirm(s.token, body), 400, [path]);
    expect(await app.db('confirmations').where({ screening_id: s.id }).first()).toBeUndefined();
  });

  it('when a page on another origin posts, with a session cookie riding along, it is taken (no session is used)', async () => {
    const s = await screening();
    const res = await confirm(s.token, { rating: 4 }).set('Origin', 'https://elsewhere.example').set('Cookie', `film2131_session=${app.as.admin.token}`);
    expect(res.status).toBe(201);
  });

  it('an empty body is a confirmation without a rating', async () => {
    const s = await screening();
    const res = await phone().post(`/api/confirmations/${s.token}`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ rating: null, comment: null });
  });
});

describe('the limit per client address', () => {
  it('when an address sends more than CONFIRM_RATE_MAX in the window, 429 with Retry-After, counted across servers; another address and the next window pass', async () => {
    const s = await screening();
    const env = { CONFIRM_RATE_MAX: '3', TRUST_PROXY: '1' };
    const [one, two] = [server(env), server(env)];
    const from = (server: typeof one, address: string) => server.post(`/api/confirmations/${s.token}`).set('X-Forwarded-For', address).send({});
    app.setNow('2026-11-20T20:03:00');
    try {
      expect((await from(one, '198.51.100.7')).status).toBe(201);
      expect((await from(two, '198.51.100.7')).status).toBe(201);
      expect((await from(one, '198.51.100.7')).status).toBe(201);
      const refused = await from(two, '198.51.100.7');
      expectProblem(refused, 429);
      expect(refused.headers['retry-after']).toBe('420');
      expect(await app.db('confirmations').where({ screening_id: s.id }).count({ n: '*' }).first()).toEqual({ n: 3 });
      expect((await from(one, '198.51.100.8')).status).toBe(201);
      app.setNow('2026-11-20T20:10:00');
      expect((await from(two, '198.51.100.7')).status).toBe(201);
    } finally {
      app.setNow('2026-11-20T20:00:00');
    }
  });

  it('counts unknown tokens too, so that guessing costs the same', async () => {
    const other = server({ CONFIRM_RATE_MAX: '2', TRUST_PROXY: '1' });
    const guess = () => other.post(`/api/confirmations/${'a'.repeat(32)}`).set('X-Forwarded-For', '192.0.2.44').send({});
    expectProblem(await guess(), 404);
    expectProblem(await guess(), 404);
    expectProblem(await guess(), 429);
  });
});
