import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

// A signed-off month and the writes of the pages this lane owns (issue 22): the villagers' page is
// told the screening's month is locked before it offers a form, and a confirmation is refused
// 409 period-locked (before the window is looked at: the answer that holds for good), nothing
// stored; the bureau's bulk accept with one locked screening in it is refused whole, which is why
// the review page sends only unlocked ones.

const app = useApp({ as: ['admin', 'bureau'], now: '2026-04-01T09:00:00' });
const ids = {} as Record<string, number> & { village: number; team: number; county: number; late: number; early: number };
let partner: Awaited<ReturnType<typeof app.newUser>>;
let token = '';
const LOCKED = 'https://film2131.example/problems/period-locked';

beforeAll(async () => {
  const [county] = await app.db('areas').insert([{ code: '53', name: '云南省' }, { code: '5304', name: '玉溪市' }, { code: '530423', name: '通海县' }]).returning('id').then((r) => r.slice(2));
  ids.county = county.id;
  const t = await app.make.township({ county_id: county.id, name: 'T' });
  ids.village = (await app.make.village({ township_id: t.id, name: 'V' })).id;
  partner = await app.newUser('partner');
  await app.db('contracts').insert({ partner_id: partner.partnerId!, county_id: county.id, from_month: '2026-01' });
  ids.team = (await app.make.team({ partner_id: partner.partnerId! })).id;
  // The last evening of March: its villagers may still confirm on the morning of April 1st.
  ids.late = (await app.make.screening({ village_id: ids.village, team_id: ids.team, starts_at: '2026-03-31T20:00:00+08:00' })).id;
  ids.early = (await app.make.screening({ village_id: ids.village, team_id: ids.team, starts_at: '2026-03-10T20:00:00+08:00' })).id;
  for (const id of [ids.late, ids.early]) {
    const done = await app.http.patch(`/api/screenings/${id}`).set(partner.auth).send({ status: 'completed', audience: 40 });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  }
  token = (await app.http.get(`/api/screenings/${ids.late}/confirmation`).set(partner.auth)).body.token;
});

const step = (who: Record<string, string>, action: string) => app.http.post(`/api/periods/${ids.county}/2026-03/${action}`).set(who).send({});

describe('a villager’s confirmation of a screening in a signed-off month', () => {
  it('is open before the month locks; once locked, the page is told so and a confirmation is refused 409 period-locked, nothing stored', async () => {
    const before = await app.http.get(`/api/confirmations/${token}`);
    expect(before.body).toMatchObject({ open: true, locked: false, confirmed: false });

    expect((await step(partner.auth, 'submit')).status).toBe(200);
    expect((await step(app.as.bureau.auth, 'approve')).body.state).toBe('locked');

    const view = await app.http.get(`/api/confirmations/${token}`);
    expect(view.body).toMatchObject({ open: false, locked: true, confirmed: false });
    const refused = await app.http.post(`/api/confirmations/${token}`).send({ rating: 5 });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe(LOCKED);
    expect(refused.body.period).toEqual({ countyId: ids.county, month: '2026-03' });
    expect(await app.db('confirmations').where({ screening_id: ids.late })).toHaveLength(0);

    // Outside its window too, the settled month is the answer (it holds for good; the window's would not).
    app.setNow('2026-04-05T09:00:00');
    const later = await app.http.post(`/api/confirmations/${token}`).send({});
    expect(later.body.type).toBe(LOCKED);
    app.setNow('2026-04-01T09:00:00');
  });
});

describe('the bureau’s decisions in a signed-off month', () => {
  it('refuses a bulk accept with one locked screening whole (409 period-locked), and a single decision', async () => {
    const other = (await app.make.screening({ village_id: ids.village, team_id: ids.team, starts_at: '2026-04-01T08:00:00+08:00', status: 'completed', audience: 20 })).id;
    const bulk = await app.http.post('/api/review/accept').set(app.as.bureau.auth).send({ ids: [other, ids.early], reason: null });
    expect(bulk.status).toBe(409);
    expect(bulk.body.type).toBe(LOCKED);
    expect((await app.db('screenings').where({ id: other }).first('review_decision')).review_decision).toBeNull();
    // Without it, the open month's screening is accepted.
    expect((await app.http.post('/api/review/accept').set(app.as.bureau.auth).send({ ids: [other], reason: null })).body).toMatchObject({ accepted: 1 });
    const one = await app.http.post(`/api/screenings/${ids.early}/review`).set(app.as.bureau.auth).send({ decision: 'rejected', reason: 'no evidence' });
    expect(one.status).toBe(409);
    expect(one.body.type).toBe(LOCKED);
  });
});
