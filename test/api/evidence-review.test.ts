import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, useApp } from '../helpers/api.js';

// The bureau's review (DOMAIN.md "Evidence and verification"): a decision on a completed
// screening that overrides its state, reversible and audit-logged; the queue worst first, with the
// evidence; a clean list accepted at once, or nothing.

const app = useApp({ as: ['admin', 'bureau', 'partner'], now: '2026-11-21T12:00:00' });
const HERE = { lat: 24.1, lng: 102.75 };
const north = (km: number) => km / ((6371.0088 * Math.PI) / 180);

let townshipId: number;
let villageId: number;
let teamId: number;
let evening = 0;
beforeAll(async () => {
  townshipId = (await app.make.township()).id;
  villageId = (await app.make.village({ township_id: townshipId, ...HERE })).id;
  teamId = (await app.make.team({ partner_id: app.as.partner.partnerId })).id;
});

/** A completed screening of the team on an evening of its own in November, reported at once; with a fix `km` from the village when given. */
async function completed(o: { km?: number; reportedLate?: boolean; team?: number } = {}) {
  const day = String(++evening).padStart(2, '0');
  // A new feature film each evening: one screening's worth (no programme_incomplete), and no film twice in the village.
  const film = (await app.make.film({ category: 'feature', minutes: 90 })).id;
  const res = await app.as.admin.post('/api/screenings').send({ villageId, teamId: o.team ?? teamId, startsAt: `2026-11-${day}T19:30`, status: 'completed', audience: 50, programme: [film] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.id as number;
  if (!o.reportedLate) await app.db('screenings').where({ id }).update({ reported_at: new Date(Date.parse(`2026-11-${day}T22:00:00+08:00`)) });
  if (o.km !== undefined) expect((await app.as.admin.post(`/api/screenings/${id}/fix`).send({ lat: HERE.lat + north(o.km), lng: HERE.lng, accuracy: 10, takenAt: `2026-11-${day}T21:00` })).status).toBe(201);
  else await app.as.bureau.post('/api/review/recheck').send({ month: '2026-11' });
  return id;
}

const review = (id: number, body: object, who: 'admin' | 'bureau' | 'partner' = 'bureau') => app.as[who].post(`/api/screenings/${id}/review`).send(body);

describe("the bureau's decision", () => {
  it('when the bureau accepts a flagged screening, the decision overrides it; the state stays what the evidence says; the version does not move', async () => {
    const id = await completed({ km: 8 });
    const res = await review(id, { decision: 'accepted', reason: 'the village moved its square' });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(1);
    expect(res.body.verification).toMatchObject({ state: 'flagged', decision: 'accepted', reason: 'the village moved its square', reviewedAt: '2026-11-21T12:00:00.000+08:00' });
    expect(await app.db('screenings').where({ id }).first('review_decision', 'reviewed_by')).toEqual({ review_decision: 'accepted', reviewed_by: app.as.bureau.id });
  });

  it('when it rejects without a reason, 400 naming reason; with one, rejected; null takes it back, reason and all', async () => {
    const id = await completed({ km: 0 });
    expectProblem(await review(id, { decision: 'rejected' }), 400, ['reason']);
    expectProblem(await review(id, { decision: 'rejected', reason: '   ' }), 400, ['reason']);
    expect((await review(id, { decision: 'rejected', reason: 'the same photo as last month' })).body.verification).toMatchObject({ state: 'verified', decision: 'rejected', reason: 'the same photo as last month' });
    const back = await review(id, { decision: null, reason: 'wrong screening' }, 'admin');
    expect(back.status).toBe(200);
    expect(back.body.verification).toMatchObject({ state: 'verified', decision: null, reason: null, reviewedAt: null });
  });

  it('is in the audit log, before and after, with who decided', async () => {
    const id = await completed({ km: 0 });
    await review(id, { decision: 'rejected', reason: 'no audience seen' });
    const rows = await app.db('audit_log').where({ entity: 'screening', entity_id: id, action: 'update' }).orderBy('id');
    const last = rows[rows.length - 1];
    expect(last.user_id).toBe(app.as.bureau.id);
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    expect(parse(last.before).verification.decision).toBeNull();
    expect(parse(last.after).verification).toMatchObject({ decision: 'rejected', reason: 'no audience seen' });
  });

  it('a partner may not decide (403); a screening not completed is 409; an unknown one 404; a bad decision 400', async () => {
    const id = await completed({ km: 0 });
    expectProblem(await review(id, { decision: 'accepted' }, 'partner'), 403);
    const scheduled = await app.make.screening({ village_id: villageId, team_id: teamId, starts_at: '2026-12-20T19:30+08:00' });
    expectProblem(await review(scheduled.id, { decision: 'accepted' }), 409, ['decision']);
    expectProblem(await review(99999999, { decision: 'accepted' }), 404);
    expectProblem(await review(id, { decision: 'fine' }), 400, ['decision']);
    expectProblem(await review(id, {}), 400, ['decision']);
  });

  it('when the partner corrects the screening to cancelled, the decision goes with its completion', async () => {
    const id = await completed({ km: 0 });
    await review(id, { decision: 'accepted' });
    const res = await app.as.partner.patch(`/api/screenings/${id}`).send({ status: 'cancelled', cancelReason: 'reported by mistake' });
    expect(res.body.verification).toBeNull();
    expect(await app.db('screenings').where({ id }).first('review_decision')).toEqual({ review_decision: null });
  });
});

describe('the queue', () => {
  let ids: Record<'critical' | 'warning' | 'unverified' | 'verified' | 'decided', number>;
  let team: number;
  beforeAll(async () => {
    team = (await app.make.team({ partner_id: app.as.partner.partnerId })).id;
    const decided = await completed({ km: 30, team });
    ids = {
      verified: await completed({ km: 0, team }),
      unverified: await completed({ team }),
      warning: await completed({ km: 0, reportedLate: true, team }),
      critical: await completed({ km: 30, team }),
      decided,
    };
    expect((await review(decided, { decision: 'accepted' })).status).toBe(200);
    await app.db('confirmations').insert([
      { screening_id: ids.verified, device_hash: 'a'.repeat(64), rating: 5, comment: 'good film', created_at: new Date('2026-11-02T13:00:00Z') },
      { screening_id: ids.verified, device_hash: 'b'.repeat(64), rating: 4, comment: 'cold night', created_at: new Date('2026-11-02T13:30:00Z') },
      { screening_id: ids.verified, device_hash: 'c'.repeat(64), rating: null },
    ]);
  });

  const queue = async (query: string, who: 'admin' | 'bureau' | 'partner' = 'bureau') => {
    const res = await app.as[who].get(`/api/review?teamId=${team}&${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { items: { id: number; verification: { state: string }; fixes: unknown[]; photos: unknown[]; confirmations: unknown }[]; total: number };
  };

  it('lists completed screenings worst first: a critical flag, a warning, unverified, verified, then those decided', async () => {
    const q = await queue('month=2026-11');
    expect(q.total).toBe(5);
    expect(q.items.map((s) => s.id)).toEqual([ids.critical, ids.warning, ids.unverified, ids.verified, ids.decided]);
  });

  it("carries each screening's fixes, photos and villagers' confirmations", async () => {
    const verified = (await queue('month=2026-11')).items.find((s) => s.id === ids.verified)!;
    expect(verified.fixes).toEqual([expect.objectContaining({ kind: 'report', accuracy: 10, lat: HERE.lat })]);
    expect(verified.photos).toEqual([]);
    expect(verified.confirmations).toEqual({
      count: 3,
      ratings: [0, 0, 0, 1, 1],
      averageRating: 4.5,
      // Newest first; a confirmation without a comment is only counted.
      comments: [
        { rating: 4, comment: 'cold night', createdAt: '2026-11-02T21:30:00.000+08:00' },
        { rating: 5, comment: 'good film', createdAt: '2026-11-02T21:00:00.000+08:00' },
      ],
    });
    expect((verified as unknown as { village: unknown }).village).toEqual({ ...HERE, approximate: false });
    expect((await queue('month=2026-11')).items.find((s) => s.id === ids.unverified)!.confirmations).toEqual({ count: 0, ratings: [0, 0, 0, 0, 0], averageRating: null, comments: [] });
  });

  it('filters by state, flag, decision, township, team and month', async () => {
    expect((await queue('state=flagged&decision=none')).items.map((s) => s.id)).toEqual([ids.critical, ids.warning]);
    expect((await queue('flag=far_from_village')).items.map((s) => s.id)).toEqual([ids.critical, ids.decided]);
    expect((await queue('flag=late_report')).items.map((s) => s.id)).toEqual([ids.warning]);
    expect((await queue('decision=accepted')).items.map((s) => s.id)).toEqual([ids.decided]);
    expect((await queue('state=unverified')).items.map((s) => s.id)).toEqual([ids.unverified]);
    // What needs a look: several states at once, still worst first.
    expect((await queue('state=flagged,unverified&decision=none')).items.map((s) => s.id)).toEqual([ids.critical, ids.warning, ids.unverified]);
    expect((await queue(`townshipId=${townshipId}&limit=2`)).items.map((s) => s.id)).toEqual([ids.critical, ids.warning]);
    expect((await queue('month=2026-10')).total).toBe(0);
  });

  it("a partner sees its own teams' queue, another partner none of it", async () => {
    expect((await queue('month=2026-11', 'partner')).total).toBe(5);
    const stranger = await app.newUser('partner');
    expect((await stranger.get(`/api/review?teamId=${team}`)).body).toEqual({ items: [], total: 0 });
  });

  it('names a bad filter', async () => {
    expectProblem(await app.as.bureau.get('/api/review?state=great'), 400, ['state']);
    expectProblem(await app.as.bureau.get('/api/review?state=flagged,great'), 400, ['state']);
    expectProblem(await app.as.bureau.get('/api/review?flag=blurry'), 400, ['flag']);
    expectProblem(await app.as.bureau.get('/api/review?month=2026-13'), 400, ['month']);
  });
});

describe('accepting a clean list', () => {
  it('accepts all, each audit-logged', async () => {
    const a = await completed({ km: 0 });
    const b = await completed({ km: 0 });
    const res = await app.as.bureau.post('/api/review/accept').send({ ids: [b, a] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 2, ids: [a, b].sort((x, y) => x - y) });
    for (const id of [a, b]) {
      expect((await app.as.bureau.get(`/api/screenings/${id}`)).body.verification.decision).toBe('accepted');
      expect(await app.db('audit_log').where({ entity: 'screening', entity_id: id, user_id: app.as.bureau.id }).first()).toBeDefined();
    }
  });

  it('when one is not completed, 409 naming it, and none is accepted; one unknown, 400 naming it', async () => {
    const a = await completed({ km: 0 });
    const scheduled = await app.make.screening({ village_id: villageId, team_id: teamId, starts_at: '2026-12-24T19:30+08:00' });
    expectProblem(await app.as.bureau.post('/api/review/accept').send({ ids: [a, scheduled.id] }), 409, ['ids.1']);
    expectProblem(await app.as.bureau.post('/api/review/accept').send({ ids: [99999999, a] }), 400, ['ids.0']);
    expect(await app.db('screenings').where({ id: a }).first('review_decision')).toEqual({ review_decision: null });
  });

  it('is for the bureau and the admin; an empty list is a 400', async () => {
    const a = await completed({ km: 0 });
    expectProblem(await app.as.partner.post('/api/review/accept').send({ ids: [a] }), 403);
    expectProblem(await app.as.admin.post('/api/review/accept').send({ ids: [] }), 400, ['ids']);
  });
});
