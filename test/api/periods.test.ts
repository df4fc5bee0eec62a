import type { Test } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions.js';
import { bearer, expectProblem, useApp, type SignedIn } from '../helpers/api.js';

// The sign-off of a county-month, step by step (DOMAIN.md "Periods and settlement"): several
// partners each submit, a month nobody screened in is submitted by the county bureau or a
// contract holder, the bureaus of APPROVAL_LEVELS approve in turn (each only its own level), a
// return and a reopening need a reason, a step out of order is 409, and every step is in the
// month's history and the audit log. One app for the file; APPROVAL_LEVELS other than the
// default through a second app on the same database (app.withEnv).

const app = useApp({ as: ['admin', 'bureau'], now: '2026-04-02T12:00:00' });
const ids = {} as Record<'province' | 'prefecture' | 'A' | 'B' | 'C' | 'villageA' | 'villageA2' | 'villageB' | 't1' | 't2' | 's1' | 's2', number>;
/** Bureau users of an area: the county A, its prefecture, its province, the county B. */
const auth = {} as Record<'countyA' | 'countyB' | 'prefecture' | 'province', Record<string, string>>;
let p1: SignedIn, p2: SignedIn, p3: SignedIn;

async function bureauOf(areaId: number) {
  const [u] = await app.db('users').insert({ username: `bureau_of_${areaId}`, password_hash: 'x', role: 'bureau', area_id: areaId }).returning('id');
  return bearer((await createSession(app.db, u.id, 1)).token);
}

beforeAll(async () => {
  const rows = await app
    .db('areas')
    .insert([
      { code: '53', name: '云南省' },
      { code: '5304', name: '玉溪市' },
      { code: '530423', name: '通海县' },
      { code: '530402', name: '红塔区' },
      { code: '52', name: '贵州省' },
      { code: '5201', name: '贵阳市' },
      { code: '520102', name: '南明区' },
    ])
    .returning('id');
  const [province, prefecture, A, B, , , C] = rows.map((r: { id: number }) => r.id);
  Object.assign(ids, { province, prefecture, A, B, C });
  auth.countyA = await bureauOf(ids.A);
  auth.countyB = await bureauOf(ids.B);
  auth.prefecture = await bureauOf(ids.prefecture);
  auth.province = await bureauOf(ids.province);
  const tA = await app.make.township({ county_id: ids.A, name: '秀山街道' });
  ids.villageA = (await app.make.village({ township_id: tA.id, name: '秀山社区' })).id;
  ids.villageA2 = (await app.make.village({ township_id: tA.id, name: '北山村' })).id;
  const tB = await app.make.township({ county_id: ids.B, name: '玉兴街道' });
  ids.villageB = (await app.make.village({ township_id: tB.id, name: '玉兴社区' })).id;
  [p1, p2, p3] = [await app.newUser('partner'), await app.newUser('partner'), await app.newUser('partner')];
  await app.db('partners').where({ id: p1.partnerId! }).update({ name: '甲公司' });
  await app.db('partners').where({ id: p2.partnerId! }).update({ name: '乙公司' });
  await app.db('contracts').insert([
    { partner_id: p1.partnerId!, county_id: ids.A, from_month: '2026-01' },
    { partner_id: p2.partnerId!, county_id: ids.A, from_month: '2026-01' },
    { partner_id: p3.partnerId!, county_id: ids.B, from_month: '2026-01' },
  ]);
  ids.t1 = (await app.make.team({ partner_id: p1.partnerId! })).id;
  ids.t2 = (await app.make.team({ partner_id: p2.partnerId! })).id;
  ids.s1 = (await app.make.screening({ village_id: ids.villageA, team_id: ids.t1, starts_at: '2026-03-10T19:00:00+08:00', status: 'completed', audience: 50 })).id;
  ids.s2 = (await app.make.screening({ village_id: ids.villageA2, team_id: ids.t2, starts_at: '2026-03-20T19:00:00+08:00' })).id;
});

const step = (who: Record<string, string>, county: number, month: string, action: string, body: object = {}, http = app.http): Test =>
  http.post(`/api/periods/${county}/${month}/${action}`).set(who).send(body);
const list = (who: Record<string, string>, query: string) => app.http.get(`/api/periods?${query}`).set(who);
const periodAudit = async (county: number) =>
  (await app.db('audit_log').where({ entity: 'period', entity_id: county }).orderBy('id')).map((r) => ({ ...(r.after as { month: string; state: string; step: { action: string; level: string | null; reason: string | null } }), by: r.user_id as number }));

describe('two partners in one county-month', () => {
  it('each submits its own; the month is submitted when both have, returned with a reason, approved, locked and reopened with one', async () => {
    const first = await step(p1.auth, ids.A, '2026-03', 'submit');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    // One of two: still open, and the partner sees only its own entry.
    expect(first.body).toMatchObject({ state: 'open', awaiting: null, unreported: 0, partners: [{ id: p1.partnerId, name: '甲公司', screened: true, submitted: true }], actions: [] });
    expectProblem(await step(p1.auth, ids.A, '2026-03', 'submit'), 409, ['state']);
    // The second partner's screening is still scheduled: its submission is refused naming it.
    const blocked = await step(p2.auth, ids.A, '2026-03', 'submit');
    expectProblem(blocked, 409, ['screenings.0']);
    expect(blocked.body.errors[0].message).toContain(`screening ${ids.s2} in 北山村`);
    expectProblem(await step(auth.countyA, ids.A, '2026-03', 'approve'), 409, ['state']);
    // A bureau does not submit a month partners screened in; a partner of another county finds no county.
    expectProblem(await step(auth.countyA, ids.A, '2026-03', 'submit'), 409, ['countyId']);
    expectProblem(await step(p3.auth, ids.A, '2026-03', 'submit'), 404);
    expect((await app.http.patch(`/api/screenings/${ids.s2}`).set(p2.auth).send({ status: 'completed', audience: 30 })).status).toBe(200);
    const both = await step(p2.auth, ids.A, '2026-03', 'submit');
    expect(both.body).toMatchObject({ state: 'submitted', awaiting: 'county', partners: [{ id: p2.partnerId, submitted: true }] });
    const seen = (await list(auth.countyA, 'month=2026-03')).body.items[0];
    expect(seen.partners).toEqual([
      { id: p1.partnerId, name: '甲公司', screened: true, submitted: true },
      { id: p2.partnerId, name: '乙公司', screened: true, submitted: true },
    ]);
    expect(seen.actions).toEqual(['approve', 'return']);

    // Returned: a reason is required (400 naming it), and each partner submits again.
    expectProblem(await step(auth.countyA, ids.A, '2026-03', 'return'), 400, ['reason']);
    expectProblem(await step(auth.countyA, ids.A, '2026-03', 'return', { reason: '   ' }), 400, ['reason']);
    expectProblem(await step(p1.auth, ids.A, '2026-03', 'return', { reason: '不行' }), 403);
    const returned = await step(auth.countyA, ids.A, '2026-03', 'return', { reason: '观众人数不符' });
    expect(returned.body).toMatchObject({ state: 'returned', awaiting: null, approvedLevels: [] });
    expect(returned.body.partners.every((p: { submitted: boolean }) => !p.submitted)).toBe(true);
    expect((await step(p1.auth, ids.A, '2026-03', 'submit')).body.state).toBe('returned');
    expect((await step(p2.auth, ids.A, '2026-03', 'submit', { reason: '已改正' })).body.state).toBe('submitted');

    // The county's step is the county bureau's: the prefecture's, the province's and a partner are refused.
    expectProblem(await step(auth.prefecture, ids.A, '2026-03', 'approve'), 403);
    expectProblem(await step(auth.province, ids.A, '2026-03', 'approve'), 403);
    expectProblem(await step(p1.auth, ids.A, '2026-03', 'approve'), 403);
    expectProblem(await step(auth.countyB, ids.A, '2026-03', 'approve'), 404);
    const locked = await step(auth.countyA, ids.A, '2026-03', 'approve');
    expect(locked.body).toMatchObject({ state: 'locked', awaiting: null, approvedLevels: ['county'], actions: ['reopen'] });
    expectProblem(await step(auth.countyA, ids.A, '2026-03', 'approve'), 409, ['state']);
    expectProblem(await step(auth.countyA, ids.A, '2026-03', 'return', { reason: 'x' }), 409, ['state']);
    expectProblem(await step(p1.auth, ids.A, '2026-03', 'submit'), 409, ['state']);
    expect((await app.http.get(`/api/screenings/${ids.s1}`).set(p1.auth)).body.locked).toBe(true);

    // Reopened, with a reason, by a bureau (a partner may not), back to open with its history kept.
    expectProblem(await step(p1.auth, ids.A, '2026-03', 'reopen', { reason: '改' }), 403);
    expectProblem(await step(auth.countyA, ids.A, '2026-03', 'reopen'), 400, ['reason']);
    const reopened = await step(auth.prefecture, ids.A, '2026-03', 'reopen', { reason: '补录照片' });
    expect(reopened.body).toMatchObject({ state: 'open', approvedLevels: [], awaiting: null });
    expectProblem(await step(auth.countyA, ids.A, '2026-03', 'reopen', { reason: 'again' }), 409, ['state']);
    expect(reopened.body.steps.map((s: { action: string; level: string | null; partnerId: number | null; reason: string | null }) => [s.action, s.level, s.partnerId, s.reason])).toEqual([
      ['submit', null, p1.partnerId, null],
      ['submit', null, p2.partnerId, null],
      ['return', 'county', null, '观众人数不符'],
      ['submit', null, p1.partnerId, null],
      ['submit', null, p2.partnerId, '已改正'],
      ['approve', 'county', null, null],
      ['reopen', 'prefecture', null, '补录照片'],
    ]);
    expect(reopened.body.steps[5]).toMatchObject({ userName: 'bureau_of_' + ids.A, at: expect.stringMatching(/\+08:00$/) });
    expect((await app.http.get(`/api/screenings/${ids.s1}`).set(p1.auth)).body.locked).toBe(false);

    // Every step taken, and only those, is in the audit log with the state it left.
    expect((await periodAudit(ids.A)).map((a) => [a.month, a.step.action, a.state])).toEqual([
      ['2026-03', 'submit', 'open'],
      ['2026-03', 'submit', 'submitted'],
      ['2026-03', 'return', 'returned'],
      ['2026-03', 'submit', 'returned'],
      ['2026-03', 'submit', 'submitted'],
      ['2026-03', 'approve', 'locked'],
      ['2026-03', 'reopen', 'open'],
    ]);
    const logged = await app.http.get(`/api/audit?entity=period&id=${ids.A}`).set(auth.countyA);
    expect(logged.body.total).toBe(7);
    expect((await app.http.get(`/api/audit?entity=period&id=${ids.A}`).set(auth.countyB)).body.total).toBe(0);
  });
});

describe('a month nobody screened in', () => {
  it('is submitted by the county bureau (not the prefecture\'s), or by a partner holding a contract for it', async () => {
    const seen = (await list(auth.countyA, 'month=2026-02')).body.items[0];
    expect(seen).toMatchObject({ state: 'open', ended: true, unreported: 0, actions: ['submit'] });
    expect(seen.partners.map((p: { id: number; screened: boolean }) => [p.id, p.screened]).sort()).toEqual([[p1.partnerId, false], [p2.partnerId, false]].sort());
    expectProblem(await step(auth.prefecture, ids.A, '2026-02', 'submit'), 403);
    const done = await step(auth.countyA, ids.A, '2026-02', 'submit');
    expect(done.body).toMatchObject({ state: 'submitted', awaiting: 'county' });
    expect(done.body.steps).toEqual([expect.objectContaining({ action: 'submit', level: null, partnerId: null })]);
    const byPartner = await step(p3.auth, ids.B, '2026-02', 'submit');
    expect(byPartner.body).toMatchObject({ state: 'submitted', partners: [{ id: p3.partnerId, screened: false, submitted: true }] });
    // p1 holds no contract in B: B is not its county at all.
    expectProblem(await step(p1.auth, ids.B, '2026-02', 'submit'), 404);
  });

  it('is not submitted before it has ended in the county zone (409 naming month)', async () => {
    expectProblem(await step(auth.countyA, ids.A, '2026-04', 'submit'), 409, ['month']);
    expectProblem(await step(p1.auth, ids.A, '2026-04', 'submit'), 409, ['month']);
    expect((await list(auth.countyA, 'month=2026-04')).body.items[0]).toMatchObject({ ended: false, actions: [] });
  });

  it('a screening planned after the submission stops the approval, naming it', async () => {
    expect((await step(auth.countyA, ids.A, '2026-01', 'submit')).body.state).toBe('submitted');
    const late = await app.make.screening({ village_id: ids.villageA, team_id: ids.t1, starts_at: '2026-01-25T19:00:00+08:00' });
    const refused = await step(auth.countyA, ids.A, '2026-01', 'approve');
    expectProblem(refused, 409, ['screenings.0']);
    expect(refused.body.errors[0].message).toContain(`screening ${late.id}`);
    expect((await list(auth.countyA, 'month=2026-01')).body.items[0]).toMatchObject({ state: 'submitted', unreported: 1 });
    await app.db('screenings').where({ id: late.id }).del();
  });
});

describe('APPROVAL_LEVELS', () => {
  it('county,prefecture: the county approves, then the prefecture, each only its own step; a return clears both', async () => {
    const two = app.withEnv({ APPROVAL_LEVELS: 'county,prefecture' });
    expect((await step(auth.countyB, ids.B, '2026-01', 'submit', {}, two)).body).toMatchObject({ state: 'submitted', awaiting: 'county' });
    expectProblem(await step(auth.prefecture, ids.B, '2026-01', 'approve', {}, two), 403);
    const county = await step(auth.countyB, ids.B, '2026-01', 'approve', {}, two);
    expect(county.body).toMatchObject({ state: 'approved', awaiting: 'prefecture', approvedLevels: ['county'], actions: [] });
    expectProblem(await step(auth.countyB, ids.B, '2026-01', 'approve', {}, two), 403);
    expect((await two.get(`/api/periods?month=2026-01&areaId=${ids.B}`).set(auth.prefecture)).body.items[0].actions).toEqual(['approve', 'return']);
    const back = await step(auth.prefecture, ids.B, '2026-01', 'return', { reason: '市级退回' }, two);
    expect(back.body).toMatchObject({ state: 'returned', approvedLevels: [], awaiting: null });
    await step(auth.countyB, ids.B, '2026-01', 'submit', {}, two);
    await step(auth.countyB, ids.B, '2026-01', 'approve', {}, two);
    const locked = await step(auth.prefecture, ids.B, '2026-01', 'approve', {}, two);
    expect(locked.body).toMatchObject({ state: 'locked', approvedLevels: ['county', 'prefecture'] });
    expect(locked.body.steps.map((s: { action: string; level: string | null }) => `${s.action}:${s.level}`)).toEqual([
      'submit:null', 'approve:county', 'return:prefecture', 'submit:null', 'approve:county', 'approve:prefecture',
    ]);
    // The county is an approving level: its bureau reopens.
    expect((await step(auth.countyB, ids.B, '2026-01', 'reopen', { reason: '县级重开' }, two)).body).toMatchObject({ state: 'open', steps: expect.arrayContaining([expect.objectContaining({ action: 'reopen', level: 'county', reason: '县级重开' })]) });
  });

  it('county,prefecture,province: three approvals in turn; a whole-deployment bureau and the admin act for any level', async () => {
    const three = app.withEnv({ APPROVAL_LEVELS: 'county,prefecture,province' });
    // B 2026-02 was submitted by its contract holder above.
    expectProblem(await step(auth.province, ids.B, '2026-02', 'approve', {}, three), 403);
    expect((await step(app.as.bureau.auth, ids.B, '2026-02', 'approve', {}, three)).body).toMatchObject({ state: 'approved', awaiting: 'prefecture' });
    expectProblem(await step(auth.province, ids.B, '2026-02', 'approve', {}, three), 403);
    expect((await step(auth.prefecture, ids.B, '2026-02', 'approve', {}, three)).body).toMatchObject({ state: 'approved', awaiting: 'province', approvedLevels: ['county', 'prefecture'] });
    expectProblem(await step(auth.prefecture, ids.B, '2026-02', 'approve', {}, three), 403);
    const locked = await step(app.as.admin.auth, ids.B, '2026-02', 'approve', {}, three);
    expect(locked.body).toMatchObject({ state: 'locked', approvedLevels: ['county', 'prefecture', 'province'] });
    // The same month under the default APPROVAL_LEVELS stays locked: the stored state is what counts.
    expect((await list(auth.countyB, 'month=2026-02')).body.items[0].state).toBe('locked');
    expect((await step(auth.province, ids.B, '2026-02', 'reopen', { reason: '省级重开' }, three)).body.state).toBe('open');
  });
});

describe('the list', () => {
  it('shows the counties of the scope by code, filters by area and state, pages, and defaults to the last ended month', async () => {
    const all = await list(auth.prefecture, 'month=2026-03');
    expect(all.body.total).toBe(2);
    expect(all.body.items.map((p: { countyCode: string }) => p.countyCode)).toEqual(['530402', '530423']);
    expect((await list(auth.province, '')).body.items.map((p: { month: string }) => p.month)).toEqual(['2026-03', '2026-03']);
    expect((await list(app.as.admin.auth, 'month=2026-03')).body.total).toBe(3);
    expect((await list(auth.countyA, 'month=2026-03')).body.items.map((p: { countyId: number }) => p.countyId)).toEqual([ids.A]);
    expect((await list(auth.prefecture, `month=2026-03&areaId=${ids.B}`)).body.items.map((p: { countyId: number }) => p.countyId)).toEqual([ids.B]);
    expect((await list(auth.prefecture, `month=2026-03&areaId=${ids.prefecture}`)).body.total).toBe(2);
    expectProblem(await list(auth.prefecture, `month=2026-03&areaId=${ids.C}`), 404);
    expectProblem(await list(auth.countyA, `month=2026-03&areaId=${ids.B}`), 404);
    expectProblem(await list(auth.prefecture, 'month=2026-13'), 400, ['month']);
    expectProblem(await list(auth.prefecture, 'state=done'), 400, ['state']);
    const paged = await list(auth.prefecture, 'month=2026-03&limit=1&offset=1');
    expect(paged.body).toMatchObject({ total: 2, items: [{ countyCode: '530423' }] });
    expect((await list(auth.prefecture, 'month=2026-02&state=submitted')).body.items.map((p: { countyId: number }) => p.countyId)).toEqual([ids.A]);
    expect((await list(auth.prefecture, 'month=2026-02&state=open')).body.items.map((p: { countyId: number }) => p.countyId)).toEqual([ids.B]);
    // A partner: its contracts' counties, and only its own entry among the partners.
    const mine = await list(p2.auth, 'month=2026-03');
    expect(mine.body.items.map((p: { countyId: number }) => p.countyId)).toEqual([ids.A]);
    expect(mine.body.items[0].partners.map((p: { id: number }) => p.id)).toEqual([p2.partnerId]);
  });
});
