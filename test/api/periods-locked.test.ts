import sharp from 'sharp';
import type { Response } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, useApp } from '../helpers/api.js';

// A locked month survives every write route (DOMAIN.md "Periods and settlement"): each route that
// writes a screening, its evidence or its decision, tried on a locked month's screening (or
// creating or moving one into the locked month), answers 409 …/period-locked naming the period,
// and the database is as it was — screenings, fixes, photos, confirmations, flags and the audit
// log, row for row. A write next to the locked month leaves the locked screening's verification
// alone, and a villager's not_held report on it is kept without raising a flag.
//
// The clock: 1 April 21:00, the evening after the locked screening of 31 March 22:00 (its
// villagers' confirmation window still open, so only the lock refuses it).

const app = useApp({ as: ['admin', 'bureau'], now: '2026-04-01T21:00:00' });
const ids = {} as Record<'county' | 'v1' | 'v2' | 'v3' | 'team' | 'locked' | 'cancelled' | 'april' | 'neighbour' | 'replayed', number>;
let partner: Awaited<ReturnType<typeof app.newUser>>;
let confirmationToken: string;
let villageToken: string;
const REPLAY_BODY = () => ({ villageId: ids.v2, teamId: ids.team, startsAt: '2026-03-20T19:30', status: 'completed', audience: 10 });

const jpeg = (seed: number) =>
  sharp({ create: { width: 320, height: 240, channels: 3, background: { r: seed * 50, g: 80, b: 120 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg()
    .toBuffer();

beforeAll(async () => {
  const [county] = await app.db('areas').insert([{ code: '53', name: '云南省' }, { code: '5304', name: '玉溪市' }, { code: '530423', name: '通海县' }]).returning('id').then((r) => r.slice(2));
  ids.county = county.id;
  const t = await app.make.township({ county_id: county.id, name: '秀山街道' });
  ids.v1 = (await app.make.village({ township_id: t.id, name: '秀山社区', lat: 24.11, lng: 102.75 })).id;
  ids.v2 = (await app.make.village({ township_id: t.id, name: '北山村', lat: 24.12, lng: 102.76 })).id;
  ids.v3 = (await app.make.village({ township_id: t.id, name: '南山村', lat: 24.13, lng: 102.77 })).id;
  partner = await app.newUser('partner');
  await app.db('contracts').insert({ partner_id: partner.partnerId!, county_id: county.id, from_month: '2026-01' });
  ids.team = (await app.make.team({ partner_id: partner.partnerId! })).id;
  ids.locked = (await app.make.screening({ village_id: ids.v1, team_id: ids.team, starts_at: '2026-03-31T22:00:00+08:00', status: 'completed', audience: 60 })).id;
  ids.cancelled = (await app.make.screening({ village_id: ids.v2, team_id: ids.team, starts_at: '2026-03-15T19:30:00+08:00', status: 'cancelled', cancel_reason: '下雨' })).id;
  ids.april = (await app.make.screening({ village_id: ids.v2, team_id: ids.team, starts_at: '2026-04-10T19:30:00+08:00' })).id;
  ids.neighbour = (await app.make.screening({ village_id: ids.v1, team_id: ids.team, starts_at: '2026-04-01T19:30:00+08:00' })).id;
  // Evidence of the locked screening, sent before the lock.
  expect((await partner.post(`/api/screenings/${ids.locked}/fix`).send({ lat: 24.11, lng: 102.75, accuracy: 20, takenAt: '2026-03-31T22:10' })).status).toBe(201);
  expect((await partner.post(`/api/screenings/${ids.locked}/photos`).set('Content-Type', 'image/jpeg').send(await jpeg(1))).status).toBe(201);
  // A create with an Idempotency-Key, answered before the lock.
  const first = await partner.post('/api/screenings').set('Idempotency-Key', 'march-20').send(REPLAY_BODY());
  expect(first.status, JSON.stringify(first.body)).toBe(201);
  ids.replayed = first.body.id;
  confirmationToken = (await app.db('screenings').where({ id: ids.locked }).first('confirmation_token')).confirmation_token;
  villageToken = (await app.db('villages').where({ id: ids.v1 }).first('public_token')).public_token;
  // March signed off and locked.
  expect((await partner.post(`/api/periods/${ids.county}/2026-03/submit`).send({})).body.state).toBe('submitted');
  expect((await app.as.bureau.post(`/api/periods/${ids.county}/2026-03/approve`).send({})).body.state).toBe('locked');
});

/** Everything a write of a screening, its evidence or decision could touch, row for row. */
async function snapshot() {
  const all = (table: string) => app.db(table).orderBy('id').select('*');
  const [screenings, fixes, photos, confirmations, flags, audit, periods, steps] = await Promise.all([
    all('screenings'),
    all('screening_fixes'),
    all('screening_photos'),
    all('confirmations'),
    app.db('screening_flags').orderBy(['screening_id', 'code']).select('*'),
    all('audit_log'),
    app.db('periods').orderBy(['county_id', 'month']).select('*'),
    all('period_steps'),
  ]);
  return JSON.parse(JSON.stringify({ screenings, fixes, photos, confirmations, flags, audit, periods, steps }));
}

const expectLocked = (res: Response) => {
  expectProblem(res, 409, ['period']);
  expect(res.body.type).toBe('https://film2131.example/problems/period-locked');
  expect(res.body.period).toEqual({ countyId: ids.county, month: '2026-03' });
};

describe('a locked month survives every write route', () => {
  const attempts: [string, () => Promise<Response>][] = [
    ['POST /api/screenings into the locked month', () => partner.post('/api/screenings').send({ villageId: ids.v2, teamId: ids.team, startsAt: '2026-03-25T19:30' })],
    ['POST /api/screenings into the locked month, completed, by the admin', () => app.as.admin.post('/api/screenings').send({ villageId: ids.v2, teamId: ids.team, startsAt: '2026-03-26T19:30', status: 'completed', audience: 5 })],
    ['POST /api/screenings with a fresh Idempotency-Key into the locked month', () => partner.post('/api/screenings').set('Idempotency-Key', 'march-27').send({ villageId: ids.v2, teamId: ids.team, startsAt: '2026-03-27T19:30' })],
    ['PATCH /api/screenings/{id} (audience)', () => partner.patch(`/api/screenings/${ids.locked}`).send({ audience: 61 })],
    ['PATCH /api/screenings/{id} (notes, by the admin)', () => app.as.admin.patch(`/api/screenings/${ids.locked}`).send({ notes: '补记' })],
    ['PATCH /api/screenings/{id} moving it out of the locked month', () => partner.patch(`/api/screenings/${ids.locked}`).send({ startsAt: '2026-04-01T12:00' })],
    ['PATCH /api/screenings/{id} moving an April one into the locked month', () => partner.patch(`/api/screenings/${ids.april}`).send({ startsAt: '2026-03-28T19:30' })],
    ['PATCH /api/screenings/{id} bringing a cancelled one back', () => partner.patch(`/api/screenings/${ids.cancelled}`).send({ status: 'scheduled' })],
    ['DELETE /api/screenings/{id} (cancelled)', () => partner.delete(`/api/screenings/${ids.cancelled}`)],
    ['POST /api/screenings/{id}/fix', () => partner.post(`/api/screenings/${ids.locked}/fix`).send({ lat: 24.11, lng: 102.75, accuracy: 10, takenAt: '2026-03-31T22:20' })],
    ['POST /api/screenings/{id}/fix with an Idempotency-Key', () => partner.post(`/api/screenings/${ids.locked}/fix`).set('Idempotency-Key', 'fix-late').send({ lat: 24.11, lng: 102.75, accuracy: 10, takenAt: '2026-03-31T22:30' })],
    ['POST /api/screenings/{id}/photos', async () => partner.post(`/api/screenings/${ids.locked}/photos`).set('Content-Type', 'image/jpeg').send(await jpeg(2))],
    ['POST /api/screenings/{id}/review (reject)', () => app.as.bureau.post(`/api/screenings/${ids.locked}/review`).send({ decision: 'rejected', reason: '照片不清' })],
    ['POST /api/screenings/{id}/review (accept)', () => app.as.admin.post(`/api/screenings/${ids.locked}/review`).send({ decision: 'accepted', reason: null })],
    ['POST /api/review/accept', () => app.as.bureau.post('/api/review/accept').send({ ids: [ids.locked], reason: '核实' })],
    ['POST /api/plans/accept into the locked month', () => partner.post('/api/plans/accept').send({ month: '2026-03', items: [{ villageId: ids.v3, teamId: ids.team, startsAt: '2026-03-29T19:30' }] })],
    ['POST /api/confirmations/{token}', () => app.http.post(`/api/confirmations/${confirmationToken}`).send({ rating: 5 })],
  ];
  for (const [name, attempt] of attempts) {
    it(`${name}: 409 period-locked, nothing changed`, async () => {
      const before = await snapshot();
      expectLocked(await attempt());
      expect(await snapshot()).toEqual(before);
    });
  }

  it('a replayed Idempotency-Key answers the first answer and writes nothing', async () => {
    const before = await snapshot();
    const again = await partner.post('/api/screenings').set('Idempotency-Key', 'march-20').send(REPLAY_BODY());
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(ids.replayed);
    expect(await snapshot()).toEqual(before);
  });

  it('a recheck of the locked month changes none of its screenings', async () => {
    const before = await snapshot();
    const res = await app.as.bureau.post('/api/review/recheck').send({ month: '2026-03' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.changed).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it('every screening of the month answers locked, and the April ones not', async () => {
    for (const id of [ids.locked, ids.cancelled, ids.replayed]) expect((await partner.get(`/api/screenings/${id}`)).body.locked, String(id)).toBe(true);
    for (const id of [ids.april, ids.neighbour]) expect((await partner.get(`/api/screenings/${id}`)).body.locked, String(id)).toBe(false);
  });
});

describe('next to a locked month', () => {
  const lockedState = async () => ({
    screening: await app.db('screenings').where({ id: ids.locked }).first(),
    flags: await app.db('screening_flags').where({ screening_id: ids.locked }).orderBy('code'),
  });

  it('reporting the team\'s next evening, in the open month, leaves the locked screening\'s verification and flags as they were', async () => {
    const before = JSON.parse(JSON.stringify(await lockedState()));
    // Far from the locked screening's village within the day: a travel check would look back at it.
    const reported = await partner.patch(`/api/screenings/${ids.neighbour}`).send({ status: 'completed', audience: 45 });
    expect(reported.status, JSON.stringify(reported.body)).toBe(200);
    const fix = await partner.post(`/api/screenings/${ids.neighbour}/fix`).send({ lat: 31.2, lng: 121.4, accuracy: 10, takenAt: '2026-04-01T19:40' });
    expect(fix.status, JSON.stringify(fix.body)).toBe(201);
    expect((await partner.get(`/api/screenings/${ids.neighbour}`)).body.verification).not.toBeNull();
    expect(JSON.parse(JSON.stringify(await lockedState()))).toEqual(before);
  });

  it('a villager\'s not_held report on the locked screening is stored, and raises no flag', async () => {
    const before = JSON.parse(JSON.stringify(await lockedState()));
    const res = await app.http.post(`/api/public/villages/${villageToken}/reports`).send({ kind: 'not_held', screeningId: ids.locked, text: '那天没有放' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await app.db('villager_reports').where({ screening_id: ids.locked, kind: 'not_held' })).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(await lockedState()))).toEqual(before);
  });
});
