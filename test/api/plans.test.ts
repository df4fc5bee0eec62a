import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, useApp, type SignedIn } from '../helpers/api.js';

// A small county like the demo: three townships of administrative villages (some with natural
// villages), one partner with three based teams, another partner's team, features and science films.

interface Item {
  villageId: number;
  teamId: number;
  startsAt: string;
  programme: number[];
  films: { id: number; title: string; category: string; minutes: number | null }[];
  reasons: { filmId: number | null; reason: string }[];
}

const app = useApp({ as: ['admin', 'bureau', 'partner'], now: '2026-11-26T12:00:00' });
let admin: SignedIn;
let bureau: SignedIn;
let own: SignedIn;
let ownTeams: { id: number }[];
let otherTeam: { id: number };
let units: number[];
let plannedUnit: number;
let childPlannedUnit: number;
let cancelledUnit: number;
let retired: number;
let natural: number;
let features: Set<number>;

beforeAll(async () => {
  ({ admin, bureau, partner: own } = app.as);
  units = [];
  for (const [k, [lat, lng]] of [
    [24.09, 102.75],
    [24.15, 102.64],
    [23.95, 102.7],
  ].entries()) {
    const tw = await app.make.township();
    for (let i = 0; i < 7; i++) {
      const v = await app.make.village({ township_id: tw.id, lat: lat! + (i % 3) * 0.02, lng: lng! + Math.floor(i / 3) * 0.02 + k * 0.001 });
      units.push(v.id);
    }
  }
  const tw = (await app.db('villages').where({ id: units[3] }).first()).township_id;
  natural = (await app.make.village({ township_id: tw, kind: 'natural', parent_id: units[3], lat: 24.1, lng: 102.76 })).id;
  retired = (await app.make.village({ retired_at: '2026-11-01T00:00:00+08:00' })).id;
  ownTeams = [];
  for (const [i, base] of [units[0], units[8], units[15]].entries()) {
    ownTeams.push(await app.make.team({ partner_id: own.partnerId, base_village_id: base, phone: `1388770100${i}` }));
  }
  otherTeam = await app.make.team();
  features = new Set();
  for (let i = 0; i < 4; i++) features.add((await app.make.film({ category: 'feature', minutes: 90 })).id);
  for (let i = 0; i < 2; i++) await app.make.film({ category: 'science', minutes: 15 });

  // December so far: one unit planned, one planned through its natural village, one only cancelled.
  plannedUnit = units[1]!;
  childPlannedUnit = units[3]!;
  cancelledUnit = units[2]!;
  await app.make.screening({ village_id: plannedUnit, team_id: ownTeams[0]!.id, starts_at: '2026-12-01T19:00+08:00' });
  await app.make.screening({ village_id: natural, team_id: ownTeams[1]!.id, starts_at: '2026-12-02T21:00+08:00' });
  await app.make.screening({ village_id: cancelledUnit, team_id: ownTeams[2]!.id, starts_at: '2026-12-03T19:30+08:00', status: 'cancelled', cancel_reason: 'rain' });
});

const draft = (who: SignedIn, body: object) => who.post('/api/plans/draft').send(body);
const accept = (who: SignedIn, body: object) => who.post('/api/plans/accept').send(body);
const count = async () => Number((await app.db('screenings').count({ n: '*' }).first())!.n);
const dateOf = (startsAt: string) => startsAt.slice(0, 10);

function expectOnePerTeamEvening(items: Item[]) {
  const slots = items.map((i) => `${i.teamId}|${dateOf(i.startsAt)}`);
  expect(new Set(slots).size).toBe(slots.length);
}

describe('drafting a month', () => {
  it("covers every gap unit with the partner's own teams, one per team per evening, off booked evenings, and stores nothing", async () => {
    const before = await count();
    const res = await draft(own, { month: '2026-12' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.month).toBe('2026-12');
    const items: Item[] = res.body.items;
    const gaps = units.filter((u) => u !== plannedUnit && u !== childPlannedUnit);
    expect(items.map((i) => i.villageId).sort((a, b) => a - b)).toEqual([...gaps].sort((a, b) => a - b));
    expect(items.map((i) => i.villageId)).toContain(cancelledUnit);
    expect(items.map((i) => i.villageId)).not.toContain(retired);
    expect(items.map((i) => i.villageId)).not.toContain(natural);
    expect(res.body.uncovered).toEqual([]);
    expect(res.body.routeKm).toBeGreaterThan(0);
    expect(new Set(items.map((i) => i.teamId))).toEqual(new Set(ownTeams.map((x) => x.id)));
    expectOnePerTeamEvening(items);
    for (const i of items) expect(i.startsAt).toMatch(/^2026-12-\d\dT19:30:00\.000\+08:00$/);
    // booked evenings: team 0 on the 1st (19:00), team 1 on the 2nd (21:00 is within 3 hours of 19:30)
    expect(items.some((i) => i.teamId === ownTeams[0]!.id && dateOf(i.startsAt) === '2026-12-01')).toBe(false);
    expect(items.some((i) => i.teamId === ownTeams[1]!.id && dateOf(i.startsAt) === '2026-12-02')).toBe(false);
    // no science target set: each programme is one feature, there to make it one 场 (plans-programme.test.ts has the rules)
    for (const i of items) {
      expect(i.programme).toHaveLength(1);
      expect(features.has(i.programme[0]!)).toBe(true);
      expect(i.films).toEqual([expect.objectContaining({ id: i.programme[0], category: 'feature', minutes: 90 })]);
      expect(i.reasons).toEqual([{ filmId: i.programme[0], reason: 'feature' }]);
    }
    expect(res.body.science).toEqual({ screenings: 19, withScience: 0, share: 0, target: null });
    expect(await count()).toBe(before);
  });

  it('shares the units fairly across the teams: 19 gaps among 3 teams are 7, 6 and 6', async () => {
    const items: Item[] = (await draft(admin, { month: '2026-12', teamIds: ownTeams.map((x) => x.id) })).body.items;
    const loads = ownTeams.map((x) => items.filter((i) => i.teamId === x.id).length);
    expect([...loads].sort()).toEqual([6, 6, 7]);
  });

  it('skips evenings marked unavailable and starts from `from`, at the start time asked', async () => {
    const unavailable = Array.from({ length: 10 }, (_, d) => ({ teamId: ownTeams[2]!.id, date: `2026-12-${String(d + 10).padStart(2, '0')}` }));
    const res = await draft(own, { month: '2026-12', from: '2026-12-10', evenings: { startTime: '20:00', unavailable } });
    expect(res.status).toBe(200);
    const items: Item[] = res.body.items;
    expect(items.length).toBe(19);
    for (const i of items) {
      expect(dateOf(i.startsAt) >= '2026-12-10').toBe(true);
      expect(i.startsAt).toMatch(/T20:00:00\.000\+08:00$/);
    }
    // The third team still takes its share, all of it after its unavailable evenings.
    const third = items.filter((i) => i.teamId === ownTeams[2]!.id).map((i) => dateOf(i.startsAt));
    expect(third.length).toBeGreaterThan(0);
    expect(third.filter((d) => d < '2026-12-20')).toEqual([]);
  });

  it('leaves units uncovered when the evenings run out', async () => {
    const res = await draft(own, { month: '2026-12', from: '2026-12-30' });
    expect(res.body.items).toHaveLength(6);
    expect(res.body.uncovered).toHaveLength(13);
    expectOnePerTeamEvening(res.body.items);
  });

  it('default from is tomorrow within the current month; a past month has nothing left to plan', async () => {
    app.setNow('2026-12-20T21:00:00');
    try {
      const res = await draft(own, { month: '2026-12' });
      expect(res.body.items).toHaveLength(19);
      expect(res.body.items.filter((i: Item) => dateOf(i.startsAt) < '2026-12-21')).toEqual([]);
      // an evening already begun is never planned, even when `from` names its day
      const today = await draft(own, { month: '2026-12', from: '2026-12-20' });
      expect(today.body.items.some((i: Item) => dateOf(i.startsAt) === '2026-12-20')).toBe(false);
      expect(today.body.items.some((i: Item) => dateOf(i.startsAt) === '2026-12-21')).toBe(true);
      const past = await draft(own, { month: '2026-11' });
      expect(past.body.items).toEqual([]);
      expect(past.body.uncovered.length).toBeGreaterThan(0);
    } finally {
      app.setNow('2026-11-26T12:00:00');
    }
  });

  it("a partner naming another partner's team gets 400 naming it; admin and bureau may draft for any team", async () => {
    expectProblem(await draft(own, { month: '2026-12', teamIds: [ownTeams[0]!.id, otherTeam.id] }), 400, ['teamIds.1']);
    expectProblem(await draft(own, { month: '2026-12', teamIds: [999999] }), 400, ['teamIds.0']);
    for (const who of [admin, bureau]) {
      const res = await draft(who, { month: '2026-12', teamIds: [otherTeam.id] });
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(19);
      expect(new Set(res.body.items.map((i: Item) => i.teamId))).toEqual(new Set([otherTeam.id]));
    }
    const all = await draft(bureau, { month: '2026-12' });
    expect(new Set(all.body.items.map((i: Item) => i.teamId)).has(otherTeam.id)).toBe(true);
  });

  it('refuses a bad body naming each field, and anonymous callers', async () => {
    expectProblem(await draft(own, { month: '2026-13' }), 400, ['month']);
    expectProblem(await draft(own, { month: '2026-12', from: '2026-02-30' }), 400, ['from']);
    expectProblem(await draft(own, { month: '2026-12', evenings: { startTime: '25:00' } }), 400, ['evenings.startTime']);
    expectProblem(await draft(own, { month: '2026-12', evenings: { unavailable: [{ teamId: 1 }] } }), 400, ['evenings.unavailable.0.date']);
    expectProblem(await draft(own, { month: '2026-12', teams: [1] }), 400, ['teams']);
    expect((await app.http.post('/api/plans/draft').send({ month: '2026-12' })).status).toBe(401);
  });
});

describe('accepting a draft', () => {
  it('stores every item in one go; drafting again finds nothing left to plan', async () => {
    const proposal = (await draft(own, { month: '2027-01' })).body;
    expect(proposal.items).toHaveLength(21);
    const before = await count();
    const res = await accept(own, { month: '2027-01', items: proposal.items });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.created).toHaveLength(21);
    // the draft's items go back as they came (films and reasons ignored); the programmes are stored
    const { villageId, teamId, startsAt, programme, films } = proposal.items[0];
    expect(res.body.created[0]).toMatchObject({ villageId, teamId, startsAt, programme, films, filmId: programme[0], status: 'scheduled', version: 1 });
    expect(await count()).toBe(before + 21);
    const again = (await draft(own, { month: '2027-01' })).body;
    expect(again.items).toEqual([]);
    expect(again.uncovered).toEqual([]);
  });

  it('after a conflicting booking meanwhile, it stores nothing and names the item', async () => {
    const proposal = (await draft(own, { month: '2027-02' })).body;
    const victim: Item = proposal.items[5];
    const elsewhere = await app.make.village();
    await app.make.screening({ village_id: elsewhere.id, team_id: victim.teamId, starts_at: new Date(Date.parse(victim.startsAt) + 3600_000) });
    const before = await count();
    const res = await accept(own, { month: '2027-02', items: proposal.items });
    expectProblem(res, 409, ['items.5.startsAt']);
    expect(res.body.detail).toMatch(/nothing was stored/);
    expect(await count()).toBe(before);
  });

  it('when a village was given a screening since the draft, it stores nothing (409 naming the item)', async () => {
    const proposal = (await draft(own, { month: '2027-03' })).body;
    const k = proposal.items.findIndex((i: Item) => i.villageId === units[4]);
    expect(k).toBeGreaterThanOrEqual(0);
    await app.make.screening({ village_id: units[4]!, team_id: otherTeam.id, starts_at: '2027-03-31T10:00+08:00' });
    const before = await count();
    expectProblem(await accept(own, { month: '2027-03', items: proposal.items }), 409, [`items.${k}.villageId`]);
    expect(await count()).toBe(before);
  });

  it('an invalid item stores nothing and is named items.N.field', async () => {
    const ok = { villageId: units[6]!, teamId: ownTeams[0]!.id, startsAt: '2027-04-02T19:30' };
    const before = await count();
    expectProblem(await accept(own, { month: '2027-04', items: [ok, { ...ok, teamId: otherTeam.id, startsAt: '2027-04-03T19:30' }] }), 400, ['items.1.teamId']);
    expectProblem(await accept(own, { month: '2027-04', items: [ok, { ...ok, villageId: retired, startsAt: '2027-04-03T19:30' }] }), 400, ['items.1.villageId']);
    expectProblem(await accept(own, { month: '2027-04', items: [ok, { ...ok, filmId: 999999, startsAt: '2027-04-03T19:30' }] }), 400, ['items.1.filmId']);
    expectProblem(await accept(own, { month: '2027-04', items: [ok, { ...ok, startsAt: '2027-05-01T19:30' }] }), 400, ['items.1.startsAt']);
    expectProblem(await accept(own, { month: '2027-04', items: [ok, { ...ok, startsAt: 'soon' }] }), 400, ['items.1.startsAt']);
    expectProblem(await accept(own, { month: '2027-04', items: [ok, { ...ok, villageId: units[7], startsAt: '2027-04-02T21:00' }] }), 409, ['items.1.startsAt']);
    expectProblem(await accept(own, { month: '2027-04', items: [] }), 400, ['items']);
    expect(await count()).toBe(before);
  });

  it('the bureau may not accept (403); the admin may, for any team', async () => {
    const items = [{ villageId: units[6]!, teamId: otherTeam.id, startsAt: '2027-05-02T19:30' }];
    expectProblem(await accept(bureau, { month: '2027-05', items }), 403);
    expect((await accept(admin, { month: '2027-05', items })).status).toBe(201);
  });

  it('a retry with the same Idempotency-Key stores once', async () => {
    const items = [{ villageId: units[6]!, teamId: ownTeams[1]!.id, startsAt: '2027-06-02T19:30' }];
    const before = await count();
    const first = await accept(own, { month: '2027-06', items }).set('Idempotency-Key', 'plan-2027-06');
    const second = await accept(own, { month: '2027-06', items }).set('Idempotency-Key', 'plan-2027-06');
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await count()).toBe(before + 1);
  });
});

describe('the run sheet', () => {
  it("lists a team's live screenings of the month in order with village, township, film and the team's phone", async () => {
    const teamId = ownTeams[0]!.id;
    await app.make.screening({ village_id: units[0]!, team_id: teamId, starts_at: '2027-01-31T23:30+08:00', status: 'cancelled', cancel_reason: 'rain' });
    const res = await own.get(`/api/plans/runsheet?teamId=${teamId}&month=2027-01`);
    expect(res.status).toBe(200);
    expect(res.body.team).toMatchObject({ id: teamId, phone: '13887701000' });
    expect(res.body.month).toBe('2027-01');
    const rows = res.body.rows;
    expect(rows.length).toBeGreaterThan(3);
    const stored = await app.db('screenings').where({ team_id: teamId }).whereNot({ status: 'cancelled' }).where('starts_at', '>=', '2027-01-01T00:00+08:00').where('starts_at', '<', '2027-02-01T00:00+08:00');
    expect(rows).toHaveLength(stored.length);
    expect(rows.map((r: { startsAt: string }) => r.startsAt)).toEqual([...rows.map((r: { startsAt: string }) => r.startsAt)].sort());
    const v = await app.db('villages as v').join('townships as tw', 'tw.id', 'v.township_id').where('v.id', rows[0].villageId).first('v.name', 'tw.name as township');
    expect(rows[0]).toMatchObject({ villageName: v.name, townshipName: v.township, contact: '13887701000', status: 'scheduled', filmTitle: expect.any(String) });
  });

  it("another partner's team is a 400 naming teamId to a partner; bureau and admin read any", async () => {
    expectProblem(await own.get(`/api/plans/runsheet?teamId=${otherTeam.id}&month=2027-01`), 400, ['teamId']);
    expectProblem(await own.get(`/api/plans/runsheet?month=2027-01`), 400, ['teamId']);
    for (const who of [bureau, admin]) expect((await who.get(`/api/plans/runsheet?teamId=${otherTeam.id}&month=2027-05`)).body.rows).toHaveLength(1);
  });
});
