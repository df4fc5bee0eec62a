import sharp from 'sharp';
import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, expectProblem, useApp } from '../helpers/api.js';

// A projectionist's own account (DOMAIN.md "HTTP contract", roles): bound to one team, made by the
// admin or by the team's partner; it reads its team's screenings of this month and the last,
// reports them (status, audience, cancel reason, notes: no other field), adds fixes and photos,
// and gets their confirmation links. Every other operation of the OpenAPI document is 403 to it,
// another team's screening 404. The last describe tries every operation of the served document,
// so a route added later is checked too.

const app = useApp({ as: ['admin', 'partner'], now: '2026-06-15T12:00:00' });
const PASSWORD = 'phone-in-pocket-1';

let ownTeam: number;
let sisterTeam: number; // the same partner's other team
let otherTeam: number; // another partner's
let village: number;
let mine: { thisMonth: number; lastMonth: number; twoMonthsAgo: number; nextMonth: number; completed: number };
let sister: number;
let other: number;
let phone: Record<string, string>;
let phoneUser: { id: number; partnerId: number | null; teamId: number | null };

async function signIn(username: string) {
  // Not through app.http: that agent keeps cookies, and the other requests are someone else's.
  const res = await supertest(app.express).post('/api/session').send({ username, password: PASSWORD });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { auth: bearer(res.body.token as string), user: res.body.user };
}

beforeAll(async () => {
  const partnerId = app.as.partner.partnerId!;
  ownTeam = (await app.make.team({ partner_id: partnerId, name: '第一放映队' })).id;
  sisterTeam = (await app.make.team({ partner_id: partnerId, name: '第二放映队' })).id;
  otherTeam = (await app.make.team({ partner_id: (await app.make.partner()).id, name: '别家放映队' })).id;
  village = (await app.make.village({ township_id: (await app.make.township()).id })).id;
  const at = (starts_at: string, team_id = ownTeam, more: Record<string, unknown> = {}) => app.make.screening({ village_id: village, team_id, starts_at, ...more }).then((s) => s.id);
  mine = {
    thisMonth: await at('2026-06-14T19:30:00+08:00'),
    lastMonth: await at('2026-05-03T19:30:00+08:00'),
    twoMonthsAgo: await at('2026-04-20T19:30:00+08:00'),
    nextMonth: await at('2026-07-02T19:30:00+08:00'),
    completed: await at('2026-06-13T19:30:00+08:00', ownTeam, { status: 'completed', audience: 40 }),
  };
  sister = await at('2026-06-12T19:30:00+08:00', sisterTeam);
  other = await at('2026-06-11T19:30:00+08:00', otherTeam);

  // The partner makes its first team's projectionist on the setup page's form.
  const made = await app.as.partner.post('/api/users').send({ username: 'zhang.fangying', password: PASSWORD, role: 'projectionist', teamId: ownTeam });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const signed = await signIn('zhang.fangying');
  phone = signed.auth;
  phoneUser = signed.user;
});

describe('making a projectionist', () => {
  it('the account names its team and, through it, its partner; the session says so', async () => {
    expect(phoneUser).toMatchObject({ role: 'projectionist', teamId: ownTeam, partnerId: app.as.partner.partnerId });
    expect((await app.http.get('/api/session').set(phone)).body.user).toMatchObject({ role: 'projectionist', teamId: ownTeam, partnerId: app.as.partner.partnerId });
    const row = await app.db('users').where({ username: 'zhang.fangying' }).first('role', 'team_id', 'partner_id');
    expect(row).toEqual({ role: 'projectionist', team_id: ownTeam, partner_id: null });
  });

  it('a projectionist needs a team, and a team only a projectionist has', async () => {
    expectProblem(await app.as.admin.post('/api/users').send({ username: 'no.team', password: PASSWORD, role: 'projectionist' }), 400, ['teamId']);
    expectProblem(await app.as.admin.post('/api/users').send({ username: 'bureau.team', password: PASSWORD, role: 'bureau', teamId: ownTeam }), 400, ['teamId']);
    expectProblem(await app.as.admin.post('/api/users').send({ username: 'ghost.team', password: PASSWORD, role: 'projectionist', teamId: 2_000_000_001 }), 400, ['teamId']);
    // A partnerId sent along must be the team's own.
    expectProblem(await app.as.admin.post('/api/users').send({ username: 'wrong.firm', password: PASSWORD, role: 'projectionist', teamId: otherTeam, partnerId: app.as.partner.partnerId }), 400, ['partnerId']);
    const byAdmin = await app.as.admin.post('/api/users').send({ username: 'li.fangying', password: PASSWORD, role: 'projectionist', teamId: otherTeam });
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body).toMatchObject({ role: 'projectionist', teamId: otherTeam, partnerId: expect.any(Number) });
  });

  it('a partner makes projectionists of its own teams only, and no other account', async () => {
    // Another partner's team is unknown to it, as everywhere.
    expectProblem(await app.as.partner.post('/api/users').send({ username: 'poach', password: PASSWORD, role: 'projectionist', teamId: otherTeam }), 400, ['teamId']);
    for (const role of ['admin', 'bureau', 'partner'] as const) {
      const res = await app.as.partner.post('/api/users').send({ username: `p.${role}`, password: PASSWORD, role, partnerId: role === 'partner' ? app.as.partner.partnerId : undefined });
      expectProblem(res, 403);
    }
    expect(await app.db('users').whereIn('username', ['poach', 'p.admin', 'p.bureau', 'p.partner']).count({ n: '*' }).first()).toMatchObject({ n: expect.anything() });
    expect(Number((await app.db('users').whereIn('username', ['poach', 'p.admin', 'p.bureau', 'p.partner']).count({ n: '*' }).first())!.n)).toBe(0);
  });

  it('a partner lists, resets and disables its own projectionists, and sees no other account', async () => {
    const list = await app.as.partner.get('/api/users');
    expect(list.status).toBe(200);
    expect(list.body.items.map((u: { username: string }) => u.username)).toEqual(['zhang.fangying']);
    const sisterPhone = await app.as.partner.post('/api/users').send({ username: 'wang.fangying', password: PASSWORD, role: 'projectionist', teamId: sisterTeam });
    expect(sisterPhone.status).toBe(201);
    expect((await app.as.partner.get(`/api/users?teamId=${sisterTeam}`)).body.items.map((u: { username: string }) => u.username)).toEqual(['wang.fangying']);
    expect((await app.as.partner.patch(`/api/users/${sisterPhone.body.id}`).send({ password: 'a-new-password-2' })).status).toBe(200);
    expect((await app.as.partner.patch(`/api/users/${sisterPhone.body.id}`).send({ disabled: true })).body).toMatchObject({ disabled: true });
    // The admin's account, and another partner's projectionist: not there for it.
    const li = await app.db('users').where({ username: 'li.fangying' }).first('id');
    expectProblem(await app.as.partner.patch(`/api/users/${li.id}`).send({ disabled: true }), 404);
    expectProblem(await app.as.partner.patch(`/api/users/${app.as.admin.id}`).send({ password: 'taken-over-123' }), 404);
    expect((await app.db('users').where({ id: li.id }).first('disabled_at')).disabled_at).toBeNull();
  });
});

describe('what a projectionist reads', () => {
  it('its team’s screenings of this month and the last, and no other', async () => {
    const res = await app.http.get('/api/screenings?limit=1000').set(phone);
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { id: number }) => s.id).sort((a: number, b: number) => a - b)).toEqual([mine.thisMonth, mine.lastMonth, mine.completed].sort((a, b) => a - b));
    // Asking for another team or another month finds nothing, rather than something.
    expect((await app.http.get(`/api/screenings?teamId=${sisterTeam}`).set(phone)).body).toMatchObject({ items: [], total: 0 });
    expect((await app.http.get('/api/screenings?month=2026-04').set(phone)).body).toMatchObject({ items: [], total: 0 });
    expect((await app.http.get('/api/screenings?month=2026-05').set(phone)).body.items.map((s: { id: number }) => s.id)).toEqual([mine.lastMonth]);
  });

  it('another team’s screening, its partner’s too, and its own outside the two months are 404', async () => {
    expect((await app.http.get(`/api/screenings/${mine.thisMonth}`).set(phone)).status).toBe(200);
    for (const id of [sister, other, mine.twoMonthsAgo, mine.nextMonth]) {
      expectProblem(await app.http.get(`/api/screenings/${id}`).set(phone), 404);
      expectProblem(await app.http.patch(`/api/screenings/${id}`).set(phone).send({ status: 'cancelled', cancelReason: '下雨' }), 404);
      expectProblem(await app.http.get(`/api/screenings/${id}/confirmation`).set(phone), 404);
      expectProblem(await app.http.post(`/api/screenings/${id}/fix`).set(phone).send({ lat: 24.1, lng: 102.7, accuracy: 20, takenAt: '2026-06-11T20:00:00+08:00' }), 404);
    }
  });
});

describe('what a projectionist reports', () => {
  it('the status, audience, cancel reason and notes of its screening', async () => {
    const res = await app.http.patch(`/api/screenings/${mine.thisMonth}`).set(phone).send({ status: 'completed', audience: 85, notes: '村委会广场' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'completed', audience: 85, notes: '村委会广场' });
    const audit = await app.db('audit_log').where({ entity: 'screening', entity_id: mine.thisMonth }).orderBy('id', 'desc').first('user_id');
    expect(audit.user_id).toBe(phoneUser.id);
  });

  it('no other field: the time, village, team or film are the partner’s (403, each named), and nothing changes', async () => {
    const before = await app.db('screenings').where({ id: mine.lastMonth }).first();
    expectProblem(await app.http.patch(`/api/screenings/${mine.lastMonth}`).set(phone).send({ startsAt: '2026-05-04T19:30:00+08:00' }), 403, ['startsAt']);
    expectProblem(await app.http.patch(`/api/screenings/${mine.lastMonth}`).set(phone).send({ status: 'cancelled', cancelReason: '停电', teamId: sisterTeam, villageId: village }), 403, ['teamId', 'villageId']);
    expect(await app.db('screenings').where({ id: mine.lastMonth }).first()).toEqual(before);
  });

  it('no new screening, no deletion', async () => {
    expectProblem(await app.http.post('/api/screenings').set(phone).send({ villageId: village, teamId: ownTeam, startsAt: '2026-06-20T19:30:00+08:00' }), 403);
    expectProblem(await app.http.delete(`/api/screenings/${mine.lastMonth}`).set(phone), 403);
    expect(await app.db('screenings').where({ id: mine.lastMonth }).first('id')).toBeTruthy();
  });

  it('fixes, photos and the villagers’ QR link of its screening', async () => {
    const fix = await app.http.post(`/api/screenings/${mine.completed}/fix`).set(phone).send({ lat: 24.1, lng: 102.7, accuracy: 25, takenAt: '2026-06-13T19:40:00+08:00' });
    expect(fix.status, JSON.stringify(fix.body)).toBe(201);
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().toBuffer();
    const photo = await app.http.post(`/api/screenings/${mine.completed}/photos`).set(phone).set('Content-Type', 'image/jpeg').send(jpeg);
    expect(photo.status, JSON.stringify(photo.body)).toBe(201);
    const link = await app.http.get(`/api/screenings/${mine.completed}/confirmation`).set(phone);
    expect(link.status).toBe(200);
    expect(link.body).toMatchObject({ url: expect.stringContaining(link.body.token), token: expect.any(String) });
  });
});

describe('every other operation of the API is 403 to a projectionist', () => {
  const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
  /** What a projectionist may call: the phone page's own operations. */
  const allowed = new Set([
    'GET /api/screenings',
    'GET /api/screenings/{id}',
    'PATCH /api/screenings/{id}',
    'POST /api/screenings/{id}/fix',
    'POST /api/screenings/{id}/photos',
    'GET /api/screenings/{id}/confirmation',
  ]);
  /** Its own session, the document and the villagers' page: not the API's guarded part. */
  const open = new Set(['POST /api/session', 'GET /api/session', 'DELETE /api/session', 'GET /api/openapi.json', 'GET /api/docs', 'GET /api/confirmations/{token}', 'POST /api/confirmations/{token}', 'GET /api/teams/{id}/calendar.ics', 'GET /healthz',
    // The village page (Villagers' voice): no sign-in, opened by its token.
    'GET /api/public/villages/{token}', 'POST /api/public/villages/{token}/requests', 'POST /api/public/villages/{token}/reports',
    // A base-map tile (issue 23): public.
    'GET /tiles/{z}/{x}/{y}.{ext}']);

  it('tries each operation of the served document with its own ids', async () => {
    const doc = (await app.http.get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => methods.filter((m) => m in ops).map((m) => [m, path] as const));
    expect(operations.length).toBeGreaterThan(50);
    const refused: string[] = [];
    const wrong: string[] = [];
    for (const [method, path] of operations) {
      const op = `${method.toUpperCase()} ${path}`;
      if (open.has(op)) continue;
      // Its own team and screening wherever a path names an id: the answer is about the route, not the record.
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => String(name === 'id' && path.startsWith('/api/teams') ? ownTeam : name === 'id' ? mine.completed : ownTeam));
      const res = await app.http[method](url).set(phone).send(method === 'get' || method === 'delete' ? undefined : {});
      if (allowed.has(op)) {
        if (res.status === 403) wrong.push(`${op}: 403`);
      } else if (res.status === 403) refused.push(op);
      else wrong.push(`${op}: ${res.status}`);
    }
    expect(wrong, 'operations answering a projectionist otherwise than expected').toEqual([]);
    expect(refused.length).toBeGreaterThan(40);
  });

  it('what it may not do, it may not do by any spelling of the path', async () => {
    for (const url of ['/api/teams', '/api/teams/', `/api/teams/${ownTeam}`, '/api/villages', '/api/coverage?month=2026-06', '/api/users', '/api/review', `/api/screenings/${mine.completed}/photos`, '/api/plans/draft', '/api/requests', '/api/villager-reports', `/api/villager-reports/${mine.completed}`]) {
      expectProblem(await app.http.get(url).set(phone), 403);
    }
    expect((await app.http.head('/api/villages').set(phone)).status).toBe(403);
  });

  // issue 22 sign-off
  it('may not read or sign off a county-month (GET /api/periods, POST /api/periods/…), not even one nobody screened in', async () => {
    const [{ id: county }] = await app.db('areas').insert([{ code: '65', name: '新疆' }, { code: '6501', name: '乌鲁木齐市' }, { code: '650102', name: '天山区' }]).returning('id').then((r) => r.slice(2));
    expectProblem(await app.http.get('/api/periods?month=2026-05').set(phone), 403);
    for (const action of ['submit', 'approve', 'return', 'reopen']) expectProblem(await app.http.post(`/api/periods/${county}/2026-05/${action}`).set(phone).send({ reason: 'x' }), 403);
    expect(await app.db('periods').where({ county_id: county })).toEqual([]);
  });

  it('may not print a 公示 (GET /api/posters), even of the village its team screens in', async () => {
    expectProblem(await app.http.get(`/api/posters?villageId=${village}`).set(phone), 403);
    expectProblem(await app.http.get('/api/posters?townshipId=1').set(phone), 403);
  });
});
