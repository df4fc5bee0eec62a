import { beforeEach, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

type Who = 'admin' | 'bureau' | 'partner';
const app = useApp({ as: ['admin', 'bureau', 'partner'] });
let v: { id: number };
let own: { id: number };
let other: { id: number };

beforeEach(async () => {
  app.setNow('2026-11-15T12:00:00');
  v = await app.make.village();
  own = await app.make.team({ partner_id: app.as.partner.partnerId });
  other = await app.make.team();
});

const post = (who: Who, body: object, headers: Record<string, string> = {}) => app.as[who].post('/api/screenings').set(headers).send(body);
const count = async () => Number((await app.db('screenings').count({ n: '*' }).first())?.n);

describe('creating a screening', () => {
  it('reads a time without an offset in the county zone and answers with the offset, an ETag and a Location', async () => {
    const res = await post('admin', { villageId: v.id, teamId: own.id, startsAt: '2026-12-05T19:30' });
    expect(res.status).toBe(201);
    expect(res.body.startsAt).toBe('2026-12-05T19:30:00.000+08:00');
    expect(res.body.status).toBe('scheduled');
    expect(res.body.version).toBe(1);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/screenings/${res.body.id}`);
  });

  it('honours an explicit offset', async () => {
    const res = await post('admin', { villageId: v.id, teamId: own.id, startsAt: '2026-12-05T11:30:00Z' });
    expect(res.body.startsAt).toBe('2026-12-05T19:30:00.000+08:00');
  });

  it.each([
    [{ startsAt: 'tomorrow' }, 'startsAt'],
    [{ startsAt: '2026-02-30T19:00' }, 'startsAt'],
    [{ villageId: 0 }, 'villageId'],
    [{ teamId: 'x' }, 'teamId'],
    [{ status: 'done' }, 'status'],
    [{ audience: 5 }, 'audience'],
    [{ status: 'completed', startsAt: '2026-11-01T19:00', audience: -1 }, 'audience'],
    [{ status: 'completed', startsAt: '2026-11-01T19:00', audience: 1.5 }, 'audience'],
    [{ status: 'completed', startsAt: '2026-11-01T19:00' }, 'audience'],
    [{ status: 'completed', startsAt: '2026-11-20T19:00', audience: 10 }, 'startsAt'],
    [{ status: 'cancelled' }, 'cancelReason'],
    [{ notes: 'x'.repeat(2001) }, 'notes'],
    [{ colour: 'red' }, 'colour'],
  ])('refuses %j naming %s, and stores nothing', async (change, path) => {
    const before = await count();
    const res = await post('admin', { villageId: v.id, teamId: own.id, startsAt: '2026-12-05T19:30', ...change });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await count()).toBe(before);
  });

  it('refuses unknown village, team and film, naming each', async () => {
    const res = await post('admin', { villageId: 999999, teamId: 999999, filmId: 999999, startsAt: '2026-12-05T19:30' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['filmId', 'teamId', 'villageId']);
  });

  it('names an unknown village and a missing audience in the same 400', async () => {
    const res = await post('admin', { villageId: 999999, teamId: own.id, startsAt: '2026-11-10T19:00', status: 'completed' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['audience', 'villageId']);
    const s = await app.make.screening({ village_id: v.id, team_id: own.id, starts_at: '2026-11-10T19:00+08:00' });
    const patch = await app.as.admin.patch(`/api/screenings/${s.id}`).send({ filmId: 999999, status: 'cancelled' });
    expect(patch.status).toBe(400);
    expect(patch.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['cancelReason', 'filmId']);
  });

  it('refuses a screening in a village retired before it', async () => {
    const retired = await app.make.village({ retired_at: '2026-12-01T00:00:00+08:00' });
    const late = await post('admin', { villageId: retired.id, teamId: own.id, startsAt: '2026-12-01T19:00' });
    expect(late.status).toBe(400);
    expect(late.body.errors[0].path).toBe('villageId');
    const early = await post('admin', { villageId: retired.id, teamId: own.id, startsAt: '2026-11-30T19:00' });
    expect(early.status).toBe(201);
  });

  it('stores a completed screening in the past with its audience', async () => {
    const f = await app.make.film();
    const res = await post('admin', { villageId: v.id, teamId: own.id, filmId: f.id, startsAt: '2026-11-10T19:00', status: 'completed', audience: 0 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'completed', audience: 0, filmTitle: f.title });
  });
});

describe('a team shows one film an evening', () => {
  it('when a team is booked twice less than 3 hours apart, the second gets 409 naming startsAt', async () => {
    expect((await post('admin', { villageId: v.id, teamId: own.id, startsAt: '2026-12-05T19:00' })).status).toBe(201);
    const res = await post('admin', { villageId: v.id, teamId: own.id, startsAt: '2026-12-05T21:59' });
    expect(res.status).toBe(409);
    expect(res.body.errors[0].path).toBe('startsAt');
    expect(res.body.detail).toMatch(/3 hours/);
    const before = await post('admin', { villageId: v.id, teamId: own.id, startsAt: '2026-12-05T16:01' });
    expect(before.status).toBe(409);
  });

  it('allows exactly 3 hours apart, another team at the same time, and next to a cancelled screening', async () => {
    expect((await post('admin', { villageId: v.id, teamId: own.id, startsAt: '2026-12-06T19:00' })).status).toBe(201);
    expect((await post('admin', { villageId: v.id, teamId: own.id, startsAt: '2026-12-06T22:00' })).status).toBe(201);
    expect((await post('admin', { villageId: v.id, teamId: other.id, startsAt: '2026-12-06T19:00' })).status).toBe(201);
    await app.make.screening({ village_id: v.id, team_id: own.id, starts_at: '2026-12-07T19:00+08:00', status: 'cancelled', cancel_reason: 'rain' });
    expect((await post('admin', { villageId: v.id, teamId: own.id, startsAt: '2026-12-07T19:30' })).status).toBe(201);
  });

  it('when two double-bookings race, exactly one wins', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => post('admin', { villageId: v.id, teamId: own.id, startsAt: `2026-12-08T19:${String(i * 5).padStart(2, '0')}` })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await app.db('screenings').where({ team_id: own.id }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('un-cancelling a screening into a taken evening is a 409', async () => {
    await app.make.screening({ village_id: v.id, team_id: own.id, starts_at: '2026-12-09T19:00+08:00' });
    const c = await app.make.screening({ village_id: v.id, team_id: own.id, starts_at: '2026-12-09T20:00+08:00', status: 'cancelled', cancel_reason: 'rain' });
    const res = await app.as.admin.patch(`/api/screenings/${c.id}`).send({ status: 'scheduled' });
    expect(res.status).toBe(409);
  });
});

describe('who may touch a screening', () => {
  it("a partner plans for its own teams only; another partner's team is an unknown teamId", async () => {
    expect((await post('partner', { villageId: v.id, teamId: own.id, startsAt: '2026-12-10T19:00' })).status).toBe(201);
    const res = await post('partner', { villageId: v.id, teamId: other.id, startsAt: '2026-12-10T19:00' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('teamId');
  });

  it("another partner's screening is 404 to a partner for read, change and delete", async () => {
    const s = await app.make.screening({ village_id: v.id, team_id: other.id, starts_at: '2026-12-11T19:00+08:00' });
    const mine = await app.make.screening({ village_id: v.id, team_id: own.id, starts_at: '2026-12-11T19:00+08:00' });
    expect((await app.as.partner.get(`/api/screenings/${s.id}`)).status).toBe(404);
    expect((await app.as.partner.patch(`/api/screenings/${s.id}`).send({ notes: 'x' })).status).toBe(404);
    expect((await app.as.partner.delete(`/api/screenings/${s.id}`)).status).toBe(404);
    const list = await app.as.partner.get('/api/screenings?month=2026-12');
    expect(list.body.items.map((i: { id: number }) => i.id)).toContain(mine.id);
    expect(list.body.items.every((i: { partnerId: number }) => i.partnerId === app.as.partner.partnerId)).toBe(true);
    expect(await app.db('screenings').where({ id: s.id }).first('notes')).toEqual({ notes: null });
    expect((await app.as.bureau.get(`/api/screenings/${s.id}`)).status).toBe(200);
  });

  it('the bureau reads but does not plan', async () => {
    expect((await post('bureau', { villageId: v.id, teamId: own.id, startsAt: '2026-12-12T19:00' })).status).toBe(403);
  });
});

describe('changing and deleting', () => {
  it('PATCH bumps the version; a stale If-Match is 412 and changes nothing', async () => {
    const s = await app.make.screening({ village_id: v.id, team_id: own.id, starts_at: '2026-12-13T19:00+08:00' });
    const ok = await app.as.admin.patch(`/api/screenings/${s.id}`).set('If-Match', '"1"').send({ notes: 'bring the big screen' });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await app.as.admin.patch(`/api/screenings/${s.id}`).set('If-Match', '"1"').send({ notes: 'lost update' });
    expect(stale.status).toBe(412);
    const staleBody = await app.as.admin.patch(`/api/screenings/${s.id}`).send({ notes: 'lost update', version: 1 });
    expect(staleBody.status).toBe(412);
    const staleDelete = await app.as.admin.delete(`/api/screenings/${s.id}`).set('If-Match', 'W/"1"');
    expect(staleDelete.status).toBe(412);
    const now = await app.as.admin.get(`/api/screenings/${s.id}`);
    expect(now.body.notes).toBe('bring the big screen');
    expect(now.headers.etag).toBe('"2"');
  });

  it('a completed screening is corrected, never deleted; scheduled and cancelled ones may be deleted', async () => {
    const done = await app.make.screening({ village_id: v.id, team_id: own.id, starts_at: '2026-11-02T19:00+08:00', status: 'completed', audience: 50 });
    expect((await app.as.admin.delete(`/api/screenings/${done.id}`)).status).toBe(409);
    const fixed = await app.as.admin.patch(`/api/screenings/${done.id}`).send({ audience: 65 });
    expect(fixed.body.audience).toBe(65);
    const sched = await app.make.screening({ village_id: v.id, team_id: own.id, starts_at: '2026-12-14T19:00+08:00' });
    expect((await app.as.admin.delete(`/api/screenings/${sched.id}`)).status).toBe(204);
    const canc = await app.make.screening({ village_id: v.id, team_id: own.id, starts_at: '2026-12-15T19:00+08:00', status: 'cancelled', cancel_reason: 'rain' });
    expect((await app.as.partner.delete(`/api/screenings/${canc.id}`)).status).toBe(204);
  });

  it('reporting: scheduled → completed needs an audience; completed → scheduled drops it', async () => {
    const s = await app.make.screening({ village_id: v.id, team_id: own.id, starts_at: '2026-11-03T19:00+08:00' });
    const missing = await app.as.partner.patch(`/api/screenings/${s.id}`).send({ status: 'completed' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].path).toBe('audience');
    const done = await app.as.partner.patch(`/api/screenings/${s.id}`).send({ status: 'completed', audience: 120 });
    expect(done.body).toMatchObject({ status: 'completed', audience: 120 });
    const back = await app.as.partner.patch(`/api/screenings/${s.id}`).send({ status: 'cancelled', cancelReason: 'reported by mistake' });
    expect(back.body).toMatchObject({ status: 'cancelled', audience: null, cancelReason: 'reported by mistake' });
  });

  it('every change is in the audit log with who, before and after', async () => {
    const created = await post('partner', { villageId: v.id, teamId: own.id, startsAt: '2026-12-16T19:00' });
    await app.as.partner.patch(`/api/screenings/${created.body.id}`).send({ notes: 'moved film' });
    await app.as.partner.delete(`/api/screenings/${created.body.id}`);
    const log = await app.as.bureau.get(`/api/audit?entity=screening&id=${created.body.id}`);
    expect(log.status).toBe(200);
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['delete', 'update', 'create']);
    const [del, upd, cre] = log.body.items;
    expect(cre.after.startsAt).toBe('2026-12-16T19:00:00.000+08:00');
    expect(upd.before.notes).toBeNull();
    expect(upd.after.notes).toBe('moved film');
    expect(del.before.id).toBe(created.body.id);
    expect(cre.user.username).toMatch(/^partner/);
    expect((await app.as.partner.get('/api/audit?entity=screening')).status).toBe(403);
  });
});

describe('Idempotency-Key', () => {
  it('a retry returns the first answer and stores nothing twice', async () => {
    const body = { villageId: v.id, teamId: own.id, startsAt: '2026-12-17T19:00' };
    const first = await post('partner', body, { 'Idempotency-Key': 'report-17' });
    const retry = await post('partner', body, { 'Idempotency-Key': 'report-17' });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await app.db('screenings').where({ team_id: own.id }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('the same key with a different body is 409', async () => {
    await post('partner', { villageId: v.id, teamId: own.id, startsAt: '2026-12-18T19:00' }, { 'Idempotency-Key': 'k-18' });
    const res = await post('partner', { villageId: v.id, teamId: own.id, startsAt: '2026-12-18T22:00' }, { 'Idempotency-Key': 'k-18' });
    expect(res.status).toBe(409);
    expect(res.body.errors[0].path).toBe('Idempotency-Key');
  });

  it('keys are scoped to the user', async () => {
    const body = { villageId: v.id, teamId: own.id, startsAt: '2026-12-19T19:00' };
    expect((await post('partner', body, { 'Idempotency-Key': 'shared' })).status).toBe(201);
    const other = await post('admin', { ...body, startsAt: '2026-12-19T23:00' }, { 'Idempotency-Key': 'shared' });
    expect(other.status).toBe(201);
  });

  it('concurrent retries of one report store one screening', async () => {
    const body = { villageId: v.id, teamId: own.id, startsAt: '2026-12-20T19:00' };
    const results = await Promise.all([1, 2, 3].map(() => post('partner', body, { 'Idempotency-Key': 'flaky-net' })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await app.db('screenings').where({ team_id: own.id }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });
});

describe('listing', () => {
  it('month filter follows the county zone: 23:30 on the 31st and 00:30 on the 1st fall in different months', async () => {
    const a = await app.make.screening({ village_id: v.id, team_id: own.id, starts_at: '2026-10-31T23:30:00+08:00', status: 'cancelled', cancel_reason: 'x' });
    const b = await app.make.screening({ village_id: v.id, team_id: other.id, starts_at: '2026-11-01T00:30:00+08:00' });
    const oct = await app.as.bureau.get(`/api/screenings?month=2026-10&villageId=${v.id}`);
    const nov = await app.as.bureau.get(`/api/screenings?month=2026-11&villageId=${v.id}`);
    expect(oct.body.items.map((i: { id: number }) => i.id)).toEqual([a.id]);
    expect(nov.body.items.map((i: { id: number }) => i.id)).toEqual([b.id]);
    const bad = await app.as.bureau.get('/api/screenings?month=2026-13');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('month');
  });

  it('filters by township, team and status', async () => {
    await app.make.screening({ village_id: v.id, team_id: own.id, starts_at: '2026-09-03T19:00+08:00', status: 'completed', audience: 3 });
    const { township_id } = await app.db('villages').where({ id: v.id }).first('township_id');
    const byTownship = await app.as.bureau.get(`/api/screenings?townshipId=${township_id}&status=completed`);
    expect(byTownship.body.total).toBe(1);
    const byTeam = await app.as.bureau.get(`/api/screenings?teamId=${own.id}`);
    expect(byTeam.body.items).toHaveLength(1);
  });
});
