import { beforeAll, describe, expect, it } from 'vitest';
import { recheckFilms } from '../../server/evidence/recheck.js';
import { expectProblem, useApp } from '../helpers/api.js';

// DOMAIN.md "Films and programmes": what a programme is on input (filmId its shorthand), one 场
// (programme_incomplete), the licence window (film_unlicensed), and no repeats in a village —
// 365 calendar days in the county zone (Asia/Shanghai, +08:00), a natural village counting for
// its parent, cancelled and rejected screenings left out, repeatReason the override.

const app = useApp({ as: ['admin', 'partner'] });

type Category = 'feature' | 'science' | 'documentary' | 'opera' | 'children' | 'other';
let n = 0;
async function film(category: Category = 'feature', minutes: number | null = 90, window: { from?: string; to?: string } = {}) {
  const [row] = await app
    .db('films')
    .insert({ title: `片${++n}`, category, minutes, available_from: window.from ?? null, available_to: window.to ?? null })
    .returning('id');
  return row.id as number;
}
const team = async () => (await app.make.team()).id;
const village = async () => (await app.make.village()).id;
/** An administrative village and two natural villages of it. */
async function family() {
  const parent = await app.make.village();
  const child = async () => (await app.make.village({ township_id: parent.township_id, kind: 'natural', parent_id: parent.id })).id;
  return { parent: parent.id, first: await child(), second: await child() };
}

interface Body {
  villageId: number;
  startsAt: string;
  teamId?: number;
  programme?: number[];
  filmId?: number | null;
  repeatReason?: string;
  status?: string;
  audience?: number;
  cancelReason?: string;
}
const post = async (body: Body) => app.as.admin.post('/api/screenings').send({ teamId: await team(), ...body });
const patch = (id: number, body: object) => app.as.admin.patch(`/api/screenings/${id}`).send(body);
async function created(body: Body): Promise<{ id: number; [k: string]: unknown }> {
  const res = await post(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
/** The 409 of a repeat: names programme, and the other screening and the film in its detail. */
function expectRepeat(res: Awaited<ReturnType<typeof post>>, other: number, filmId: number) {
  expectProblem(res, 409, ['programme']);
  expect(res.body.detail).toContain(`screening ${other} `);
  expect(res.body.detail).toContain(`Film ${filmId} `);
}

describe('no repeats in a village: 365 calendar days in the county zone', () => {
  // Late enough that every start below may be completed, early enough that September 2028 can be planned.
  beforeAll(() => app.setNow('2028-06-01T12:00:00'));

  it('when the same film comes back after 364 days, 409 naming programme and the other screening; after 365 days (the same date a year later), 201', async () => {
    const [v, f] = [await village(), await film()];
    const first = await created({ villageId: v, programme: [f], startsAt: '2026-03-10T19:00' });
    expectRepeat(await post({ villageId: v, programme: [f], startsAt: '2027-03-09T19:00' }), first.id, f);
    expectRepeat(await post({ villageId: v, programme: [f], startsAt: '2025-03-11T19:00' }), first.id, f);
    await created({ villageId: v, programme: [f], startsAt: '2027-03-10T19:00' });
    await created({ villageId: v, programme: [f], startsAt: '2025-03-10T19:00' });
  });

  it('another film, or the same film in another village, is no repeat; one repeated film among new ones is', async () => {
    const [v, w, f, g] = [await village(), await village(), await film(), await film()];
    await created({ villageId: v, programme: [f], startsAt: '2026-06-01T19:00' });
    await created({ villageId: v, programme: [g], startsAt: '2026-06-20T19:00' });
    await created({ villageId: w, programme: [f], startsAt: '2026-06-21T19:00' });
    const res = await post({ villageId: v, programme: [await film(), f], startsAt: '2026-09-01T19:00' });
    expect(res.status).toBe(409);
    expect(res.body.errors[0].message).toMatch(new RegExp(`^film ${f} is in screening \\d+ of this village on 2026-06-01, less than 365 days away$`));
  });

  it('across a year boundary the dates are the county’s: 00:30 on 1 January and 20:00 on 31 December are 364 days apart (in UTC they would be 365)', async () => {
    const [v, f] = [await village(), await film()];
    const first = await created({ villageId: v, programme: [f], startsAt: '2026-01-01T00:30+08:00' });
    expectRepeat(await post({ villageId: v, programme: [f], startsAt: '2026-12-31T20:00+08:00' }), first.id, f);
  });

  it('across a year boundary, 23:30 on 31 December 2025 and 07:30 on 31 December 2026 are 365 days apart in the county (364 in UTC): no repeat', async () => {
    const [v, f] = [await village(), await film()];
    await created({ villageId: v, programme: [f], startsAt: '2025-12-31T23:30+08:00' });
    await created({ villageId: v, programme: [f], startsAt: '2026-12-31T07:30+08:00' });
  });

  it('across a month boundary likewise: 00:30 on 1 May and 20:00 on 30 April a year later repeat; 23:30 on 30 April and 07:00 on 30 April a year later (364 days in UTC) do not', async () => {
    const [v, f, w, g] = [await village(), await film(), await village(), await film()];
    const first = await created({ villageId: v, programme: [f], startsAt: '2026-05-01T00:30' });
    expectRepeat(await post({ villageId: v, programme: [f], startsAt: '2027-04-30T20:00' }), first.id, f);
    await created({ villageId: v, programme: [f], startsAt: '2027-05-01T07:00' });
    await created({ villageId: w, programme: [g], startsAt: '2026-04-30T23:30' });
    await created({ villageId: w, programme: [g], startsAt: '2027-04-30T07:00' });
  });

  it('a natural village’s screening repeating its parent’s film, or its sibling’s, is a 409; the parent repeating a child’s likewise', async () => {
    const { parent, first, second } = await family();
    const [f, g] = [await film(), await film()];
    const atParent = await created({ villageId: parent, programme: [f], startsAt: '2026-02-01T19:00' });
    expectRepeat(await post({ villageId: first, programme: [f], startsAt: '2026-05-01T19:00' }), atParent.id, f);
    const atFirst = await created({ villageId: first, programme: [g], startsAt: '2026-06-01T19:00' });
    expectRepeat(await post({ villageId: second, programme: [g], startsAt: '2026-07-01T19:00' }), atFirst.id, g);
    expectRepeat(await post({ villageId: parent, programme: [g], startsAt: '2026-08-01T19:00' }), atFirst.id, g);
  });

  it('a cancelled screening does not count, nor one the bureau rejected; bringing a cancelled one back that would repeat is a 409', async () => {
    const [v, f] = [await village(), await film()];
    const cancelled = await created({ villageId: v, programme: [f], startsAt: '2026-02-01T19:00', status: 'cancelled', cancelReason: 'rain' });
    const later = await created({ villageId: v, programme: [f], startsAt: '2026-03-01T19:00' });
    expectRepeat(await patch(cancelled.id, { status: 'scheduled' }), later.id, f);

    const [w, g] = [await village(), await film()];
    const shown = await created({ villageId: w, programme: [g], startsAt: '2026-02-01T19:00', status: 'completed', audience: 40 });
    expectRepeat(await post({ villageId: w, programme: [g], startsAt: '2026-04-01T19:00' }), shown.id, g);
    await app.db('screenings').where({ id: shown.id }).update({ review_decision: 'rejected', review_reason: 'no evidence' });
    await created({ villageId: w, programme: [g], startsAt: '2026-04-01T19:00' });
  });

  it('a change of programme, village or start that would repeat is a 409 and changes nothing; a change of the notes of a stored repeat is not checked', async () => {
    const [v, w, f, g] = [await village(), await village(), await film(), await film()];
    const first = await created({ villageId: v, programme: [f], startsAt: '2026-02-01T19:00' });
    const other = await created({ villageId: v, programme: [g], startsAt: '2026-04-01T19:00' });
    expectRepeat(await patch(other.id, { programme: [g, f] }), first.id, f);
    expectRepeat(await patch(other.id, { filmId: f }), first.id, f);
    const elsewhere = await created({ villageId: w, programme: [f], startsAt: '2026-04-02T19:00' });
    expectRepeat(await patch(elsewhere.id, { villageId: v }), first.id, f);
    const early = await created({ villageId: w, programme: [g], startsAt: '2025-01-01T19:00' });
    expectRepeat(await patch(early.id, { villageId: v, startsAt: '2025-05-01T19:00' }), other.id, g);
    expect((await app.as.admin.get(`/api/screenings/${other.id}`)).body.programme).toEqual([g]);
    // Written past the API (an import, psql): the rule looks only at what a change touches.
    const stored = await app.make.screening({ village_id: v, team_id: await team(), starts_at: '2026-02-10T19:00+08:00', programme: [f] });
    expect((await patch(stored.id, { notes: '补映' })).status).toBe(200);
  });

  it('repeatReason lets the repeat be stored, and is answered; a later change of programme keeps it; taking it away makes the change a 409', async () => {
    const [v, f, g] = [await village(), await film(), await film()];
    const first = await created({ villageId: v, programme: [f, g], startsAt: '2026-02-01T19:00' });
    const again = await created({ villageId: v, programme: [f], startsAt: '2026-03-01T19:00', repeatReason: '  村民点播  ' });
    expect(again.repeatReason).toBe('村民点播');
    expect((await app.as.admin.get(`/api/screenings/${again.id}`)).body).toMatchObject({ repeatReason: '村民点播', programme: [f], filmId: f });
    expect((await patch(again.id, { programme: [g] })).status).toBe(200);
    expectRepeat(await patch(again.id, { repeatReason: null, programme: [f] }), first.id, f);
    expectProblem(await post({ villageId: v, programme: [g], startsAt: '2026-03-02T19:00', repeatReason: '   ' }), 409, ['programme']);
  });

  it('two creates of the same repeat at once: exactly one 201 and one 409', async () => {
    const [v, f, a, b] = [await village(), await film(), await team(), await team()];
    const [x, y] = await Promise.all([
      app.as.admin.post('/api/screenings').send({ villageId: v, teamId: a, programme: [f], startsAt: '2026-10-01T19:00' }),
      app.as.admin.post('/api/screenings').send({ villageId: v, teamId: b, programme: [f], startsAt: '2026-10-05T19:00' }),
    ]);
    expect([x.status, y.status].sort()).toEqual([201, 409]);
    expectProblem(x.status === 409 ? x : y, 409, ['programme']);
    expect(Number((await app.db('screenings').where({ village_id: v }).count({ n: '*' }).first())!.n)).toBe(1);
  });

  it('two plans accepted at once, each repeating the other in two units taken in opposite orders: one lands whole, the other is a 409, no deadlock', async () => {
    const partner = app.as.partner;
    const [a, b] = [await app.make.team({ partner_id: partner.partnerId }), await app.make.team({ partner_id: partner.partnerId })];
    const [v, w, f, g] = [await village(), await village(), await film(), await film()];
    const accept = (teamId: number, day: number, items: [number, number][]) =>
      partner.post('/api/plans/accept').send({ month: '2029-03', items: items.map(([villageId, filmId], i) => ({ villageId, teamId, startsAt: `2029-03-${String(day + i).padStart(2, '0')}T19:30`, programme: [filmId] })) });
    const [x, y] = await Promise.all([accept(a.id, 2, [[v, f], [w, g]]), accept(b.id, 12, [[w, g], [v, f]])]);
    expect([x.status, y.status].sort(), JSON.stringify([x.body, y.body])).toEqual([201, 409]);
    expect(Number((await app.db('screenings').whereIn('village_id', [v, w]).count({ n: '*' }).first())!.n)).toBe(2);
    const stored = await app.db('screenings').whereIn('village_id', [v, w]).pluck('team_id');
    expect(new Set(stored).size).toBe(1);
  });

  it('six creates of the same film in one unit at once (a natural village among them): one is stored, five get the 409', async () => {
    const { parent, first } = await family();
    const f = await film();
    const teams = [];
    for (let i = 0; i < 6; i++) teams.push(await team());
    const answers = await Promise.all(
      teams.map((teamId, i) => app.as.admin.post('/api/screenings').send({ villageId: i % 2 ? first : parent, teamId, programme: [f], startsAt: `2026-10-0${i + 1}T19:00` })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(Number((await app.db('screenings').whereIn('village_id', [parent, first]).count({ n: '*' }).first())!.n)).toBe(1);
  });

  it('an accepted plan obeys it too: the item that repeats is named, and nothing is stored', async () => {
    const partner = app.as.partner;
    const own = await app.make.team({ partner_id: partner.partnerId });
    const [v, w, f] = [await village(), await village(), await film()];
    const first = await created({ villageId: v, programme: [f], startsAt: '2028-07-01T19:00' });
    const items = [
      { villageId: w, teamId: own.id, startsAt: '2028-09-02T19:30', programme: [f] },
      { villageId: v, teamId: own.id, startsAt: '2028-09-03T19:30', programme: [f] },
    ];
    const res = await partner.post('/api/plans/accept').send({ month: '2028-09', items });
    expectProblem(res, 409, ['items.1.programme']);
    // The other screening is another partner's: its id is not this partner's to know.
    expect(res.body.detail).toContain('a screening of another partner of the same village on 2028-07-01');
    expect(res.body.detail).not.toContain(`screening ${first.id}`);
    expect(JSON.stringify(res.body.errors)).not.toContain(`screening ${first.id}`);
    // Its own screening it may see, and is named.
    const mine = await partner.post('/api/screenings').send({ villageId: w, teamId: own.id, programme: [f], startsAt: '2028-08-01T19:30' });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    const again = await partner.post('/api/screenings').send({ villageId: w, teamId: own.id, programme: [f], startsAt: '2028-08-09T19:30' });
    expectProblem(again, 409, ['programme']);
    expect(again.body.detail).toContain(`screening ${mine.body.id} `);
    await app.db('screenings').where({ id: mine.body.id }).delete();
    expect(Number((await app.db('screenings').where({ village_id: w }).count({ n: '*' }).first())!.n)).toBe(0);
    const ok = await partner.post('/api/plans/accept').send({ month: '2028-09', items: [items[0], { ...items[1], repeatReason: '主题放映' }] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.created[1].repeatReason).toBe('主题放映');
  });

  it('in Chinese, the repeat says which screening and film', async () => {
    const [v, f] = [await village(), await film()];
    const first = await created({ villageId: v, programme: [f], startsAt: '2026-02-01T19:00' });
    const res = await app.as.admin.post('/api/screenings').set('Accept-Language', 'zh-CN').send({ villageId: v, teamId: await team(), programme: [f], startsAt: '2026-02-20T19:00' });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain(`放映场次 ${first.id} `);
    expect(res.body.errors[0].message).toBe(`影片 ${f} 已在本村 2026-02-01 的放映场次 ${first.id} 中，相隔不到 365 天。`);
  });
});

describe('a programme on input', () => {
  it('filmId and programme in one body: the same film is fine, different ones a 400 naming programme', async () => {
    const [f, g] = [await film(), await film()];
    const same = await created({ villageId: await village(), filmId: f, programme: [f], startsAt: '2026-02-01T19:00' });
    expect(same).toMatchObject({ filmId: f, programme: [f] });
    expect((same.films as { id: number }[]).map((x) => x.id)).toEqual([f]);
    expectProblem(await post({ villageId: await village(), filmId: f, programme: [g], startsAt: '2026-02-01T19:00' }), 400, ['programme']);
    expectProblem(await post({ villageId: await village(), filmId: f, programme: [f, g], startsAt: '2026-02-01T19:00' }), 400, ['programme']);
  });

  it('more than 6 films, a film twice, an unknown film: 400 naming programme.N, nothing stored', async () => {
    const films = [];
    for (let i = 0; i < 7; i++) films.push(await film('science', 10));
    const v = await village();
    expectProblem(await post({ villageId: v, programme: films, startsAt: '2026-02-01T19:00' }), 400, ['programme.6']);
    expectProblem(await post({ villageId: v, programme: [films[0]!, films[1]!, films[0]!], startsAt: '2026-02-01T19:00' }), 400, ['programme.2']);
    expectProblem(await post({ villageId: v, programme: [films[0]!, 999999], startsAt: '2026-02-01T19:00' }), 400, ['programme.1']);
    expectProblem(await post({ villageId: v, programme: [films[0]!, 'x' as unknown as number], startsAt: '2026-02-01T19:00' }), 400, ['programme.1']);
    expect(Number((await app.db('screenings').where({ village_id: v }).count({ n: '*' }).first())!.n)).toBe(0);
    expect((await created({ villageId: v, programme: films.slice(0, 6), startsAt: '2026-02-01T19:00' })).programme).toEqual(films.slice(0, 6));
  });
});

describe('what counts as one screening, and the licence window: flags on a completed screening', () => {
  // The morning after: no late_report, so a critical flag alone makes a screening without a fix flagged (else unverified).
  beforeAll(() => app.setNow('2026-11-11T08:00:00'));
  const codes = (s: { verification: { flags: { code: string }[] } }) => s.verification.flags.map((f) => f.code);
  const done = async (programme: number[], startsAt = '2026-11-10T19:30') => {
    const s = await created({ villageId: await village(), programme, startsAt, status: 'completed', audience: 50 });
    return s as unknown as { id: number; verification: { state: string; flags: { code: string; severity: string; params: Record<string, unknown> }[] } };
  };

  it('a feature film of 59 minutes alone is programme_incomplete (critical, so flagged); one of 60 minutes is not', async () => {
    const short = await done([await film('feature', 59)]);
    expect(short.verification.state).toBe('flagged');
    expect(short.verification.flags.find((f) => f.code === 'programme_incomplete')).toMatchObject({ severity: 'critical', params: { longest: 59, longMinutes: 60 } });
    expect(codes(await done([await film('feature', 60)]))).not.toContain('programme_incomplete');
  });

  it('two science shorts are not one screening, three are', async () => {
    expect(codes(await done([await film('science', 20), await film('science', 20)]))).toContain('programme_incomplete');
    expect(codes(await done([await film('science', 20), await film('science', 20), await film('science', 15)]))).not.toContain('programme_incomplete');
  });

  it('a film of the category other does not make one screening, even at 120 minutes; any other category does', async () => {
    expect(codes(await done([await film('other', 120)]))).toContain('programme_incomplete');
    expect(codes(await done([await film('opera', 120)]))).not.toContain('programme_incomplete');
  });

  it('a completed screening with an empty programme is flagged', async () => {
    const empty = await done([]);
    expect(empty.verification.flags.find((f) => f.code === 'programme_incomplete')).toMatchObject({ params: { empty: true } });
    expect(empty.verification.state).toBe('flagged');
  });

  it('a film shown on the last day of its window is licensed, the day after it is film_unlicensed (warning); the first day likewise', async () => {
    expect(codes(await done([await film('feature', 90, { to: '2026-11-10' })]))).not.toContain('film_unlicensed');
    const after = await done([await film('feature', 90, { to: '2026-11-09' })]);
    expect(after.verification.flags.find((f) => f.code === 'film_unlicensed')).toMatchObject({ severity: 'warning', params: { date: '2026-11-10', to: '2026-11-09' } });
    expect(codes(await done([await film('feature', 90, { from: '2026-11-10' })]))).not.toContain('film_unlicensed');
    expect(codes(await done([await film('feature', 90, { from: '2026-11-11' })]))).toContain('film_unlicensed');
  });

  it('the licence is judged on the start’s date in the county zone: 00:30 on 10 November is in a window from 10 November (in UTC it is still the 9th)', async () => {
    expect(codes(await done([await film('feature', 90, { from: '2026-11-10' })], '2026-11-10T00:30'))).not.toContain('film_unlicensed');
    expect(codes(await done([await film('feature', 90, { to: '2026-11-09' })], '2026-11-10T00:30'))).toContain('film_unlicensed');
  });

  it('when the programme of a completed screening changes, it is checked again: the flag appears and goes', async () => {
    const [short, long, unlicensed] = [await film('feature', 59), await film('feature', 95), await film('feature', 95, { to: '2026-01-01' })];
    const s = await done([long]);
    expect(codes(s)).not.toContain('programme_incomplete');
    const worse = (await patch(s.id, { programme: [short] })).body;
    expect(codes(worse)).toContain('programme_incomplete');
    expect(worse.verification.state).toBe('flagged');
    const better = (await patch(s.id, { programme: [short, long] })).body;
    expect(codes(better)).not.toContain('programme_incomplete');
    expect(codes((await patch(s.id, { filmId: unlicensed })).body)).toContain('film_unlicensed');
    expect(codes((await app.as.admin.get(`/api/screenings/${s.id}`)).body)).toContain('film_unlicensed');
  });

  it('when the catalogue changes a film, recheckFilms checks the screenings that showed it again', async () => {
    const f = await film('feature', 95);
    const s = await done([f]);
    expect(codes(s)).not.toContain('film_unlicensed');
    expect(codes(s)).not.toContain('programme_incomplete');
    await app.db('films').where({ id: f }).update({ minutes: 45, available_to: '2026-11-01' });
    expect(await recheckFilms(app.db, [f], app.config.evidence)).toEqual({ checked: 1, changed: 1 });
    expect(codes((await app.as.admin.get(`/api/screenings/${s.id}`)).body)).toEqual(expect.arrayContaining(['film_unlicensed', 'programme_incomplete']));
  });
});
