import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

// Coverage counts what is backed (DOMAIN.md "Evidence and verification"): each answer adds
// `verified` — units covered by a verified or accepted screening — and a screening the bureau
// rejected counts as nothing, like a cancelled one, for coverage and for the subsidy.

const app = useApp({ as: ['bureau'], now: '2026-11-20T12:00:00' });
let ids: Record<'ts' | 'a1' | 'a2' | 'a3' | 'a4' | 'verified' | 'unverified' | 'rejected' | 'accepted', number>;

async function report(village_id: number, team_id: number, day: string, evidence: { verification?: string; review_decision?: string; review_reason?: string } = {}) {
  const s = await app.make.screening({ village_id, team_id, starts_at: `2026-11-${day}T19:00+08:00`, status: 'completed', audience: 50 });
  // The state and the decision as the evidence checks and the bureau would leave them.
  if (Object.keys(evidence).length) await app.db('screenings').where({ id: s.id }).update(evidence);
  return s.id as number;
}

beforeAll(async () => {
  const ts = await app.make.township();
  const [a1, a2, a3, a4] = [await app.make.village({ township_id: ts.id }), await app.make.village({ township_id: ts.id }), await app.make.village({ township_id: ts.id }), await app.make.village({ township_id: ts.id })];
  const n4 = await app.make.village({ township_id: ts.id, kind: 'natural', parent_id: a4.id });
  const tm = await app.make.team();
  ids = {
    ts: ts.id,
    a1: a1.id,
    a2: a2.id,
    a3: a3.id,
    a4: a4.id,
    verified: await report(a1.id, tm.id, '02', { verification: 'verified' }),
    unverified: await report(a2.id, tm.id, '03'),
    rejected: await report(a3.id, tm.id, '04', { verification: 'verified', review_decision: 'rejected', review_reason: 'photo reused' }),
    accepted: await report(n4.id, tm.id, '05', { verification: 'flagged', review_decision: 'accepted' }),
  };
});

const summary = async () => (await app.as.bureau.get(`/api/coverage?month=2026-11&townshipId=${ids.ts}`)).body;

describe('coverage that counts the backed', () => {
  it('totals and townships add verified; a rejected screening leaves its unit a gap', async () => {
    const body = await summary();
    expect(body.totals).toEqual({ units: 4, covered: 3, planned: 0, overdue: 0, gap: 1, verified: 2, coverage: 0.75 });
    expect(body.townships[0]).toMatchObject({ id: ids.ts, covered: 3, verified: 2 });
  });

  it('the map feed and the village list say which covered units are verified', async () => {
    const units = (await app.as.bureau.get('/api/coverage/units')).body.units.id as number[];
    const feed = (await app.as.bureau.get(`/api/coverage/statuses?month=2026-11&townshipId=${ids.ts}`)).body;
    const at = (id: number) => [feed.statuses[units.indexOf(id)], feed.verified[units.indexOf(id)]];
    expect([at(ids.a1), at(ids.a2), at(ids.a3), at(ids.a4)]).toEqual([['c', '1'], ['c', '0'], ['g', '0'], ['c', '1']]);
    const geo = (await app.as.bureau.get(`/api/coverage/villages?month=2026-11&townshipId=${ids.ts}`)).body;
    const props = (id: number) => geo.features.find((f: { id: number }) => f.id === id).properties;
    expect([props(ids.a1).verified, props(ids.a2).verified, props(ids.a3)]).toEqual([true, false, expect.objectContaining({ status: 'gap', screenings: 0, verified: false })]);
    const year = (await app.as.bureau.get(`/api/coverage/year?year=2026&townshipId=${ids.ts}`)).body;
    expect(year.months[10]).toMatchObject({ units: 4, covered: 3, verified: 2 });
  });

  it('a decision taken or taken back shows at once', async () => {
    await app.db('screenings').where({ id: ids.unverified }).update({ review_decision: 'accepted' });
    expect((await summary()).totals).toMatchObject({ covered: 3, verified: 3 });
    await app.db('screenings').where({ id: ids.unverified }).update({ review_decision: 'rejected', review_reason: 'no one there' });
    expect((await summary()).totals).toMatchObject({ covered: 2, verified: 2, gap: 2 });
    await app.db('screenings').where({ id: ids.unverified }).update({ review_decision: null, review_reason: null });
    expect((await summary()).totals).toMatchObject({ covered: 3, verified: 2, gap: 1 });
  });

  it('COVERAGE_HEADLINE=verified makes the headline coverage count only the backed', async () => {
    const verifiedHeadline = app.withEnv({ COVERAGE_HEADLINE: 'verified' });
    const body = (await verifiedHeadline.get(`/api/coverage?month=2026-11&townshipId=${ids.ts}`).set(app.as.bureau.auth)).body;
    expect(body.totals).toMatchObject({ covered: 3, verified: 2, coverage: 0.5 });
  });
});

describe("the map's popup", () => {
  it("says what backs each completed screening: its state and the bureau's decision", async () => {
    const detail = async (id: number) => (await app.as.bureau.get(`/api/coverage/villages/${id}?month=2026-11`)).body.screenings.map((s: { id: number; verification: unknown }) => [s.id, s.verification]);
    expect(await detail(ids.a1)).toEqual([[ids.verified, { state: 'verified', decision: null }]]);
    expect(await detail(ids.a4)).toEqual([[ids.accepted, { state: 'flagged', decision: 'accepted' }]]);
  });
});

describe('the subsidy pays the backed only', () => {
  it('pays the verified and the accepted; lists the unverified as pending and the rejected apart', async () => {
    const { body } = await app.as.bureau.get('/api/reports/subsidy?month=2026-11');
    const mine = (list: { screeningId: number }[]) => list.map((e) => e.screeningId).filter((id) => Object.values(ids).includes(id));
    expect(body.teams.reduce((n: number, t: { counted: number }) => n + t.counted, 0)).toBe(2);
    expect(mine(body.pending)).toEqual([ids.unverified]);
    expect(body.pending.find((e: { screeningId: number }) => e.screeningId === ids.unverified).state).toBe('unverified');
    expect(body.rejected).toEqual([expect.objectContaining({ screeningId: ids.rejected, reason: 'photo reused' })]);
    expect(mine(body.extra)).toEqual([]);
    // At stake: one screening's worth a unit, the pending once backed, the rejected not paid.
    expect(body.pendingYuan).toBe(body.perScreeningYuan * body.pending.length);
    expect(body.rejectedYuan).toBe(body.perScreeningYuan);
  });
});
