import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions.js';
import { bearer, expectProblem, useApp } from '../helpers/api.js';

// GET /api/posters (DOMAIN.md "Villagers' voice"): the printed 公示 of a unit or of a township's
// units — the month's screenings not cancelled, team name and phone, the programme, the county's
// supervision phone inherited from above, the village page's URL; who may print it.

const app = useApp({ as: ['admin', 'partner'], now: '2026-06-15T12:00:00' });
let county: number;
let otherCounty: number;
let township: number;
let unitB: { id: number; token: string };
let unitA: { id: number; token: string };
let natural: number;
let retired: number;
let otherVillage: number;
let bureau: Record<string, string>;
let otherBureau: Record<string, string>;
const team = { name: '二队', phone: '0877-5550001' };

beforeAll(async () => {
  const areas = await app.db('areas').insert([{ code: '53', name: '云南省' }, { code: '5304', name: '玉溪市' }, { code: '530423', name: '通海县' }, { code: '530402', name: '红塔区' }]).returning(['id', 'code']);
  const byCode = (c: string) => areas.find((a: { code: string }) => a.code === c)!.id as number;
  county = byCode('530423');
  otherCounty = byCode('530402');
  await app.db('area_settings').insert({ area_id: byCode('5304'), supervision_phone: '0877-12345' });
  township = (await app.make.township({ name: '秀山街道', county_id: county })).id;
  // Name order (domain/collate.ts): 二 before 十 before 十二, by the numerals' values.
  const b = await app.make.village({ township_id: township, name: '十二村' });
  const a = await app.make.village({ township_id: township, name: '二村' });
  await app.make.village({ township_id: township, name: '十村' });
  const tok = async (id: number) => (await app.db('villages').where({ id }).first('public_token')).public_token as string;
  unitA = { id: a.id, token: await tok(a.id) };
  unitB = { id: b.id, token: await tok(b.id) };
  natural = (await app.make.village({ township_id: township, name: '二村上组', kind: 'natural', parent_id: a.id })).id;
  retired = (await app.make.village({ township_id: township, name: '旧村', retired_at: new Date('2026-05-01T00:00:00+08:00') })).id;
  otherVillage = (await app.make.village({ township_id: (await app.make.township({ county_id: otherCounty })).id })).id;
  const t = await app.make.team({ partner_id: app.as.partner.partnerId, ...team });
  const other = await app.make.team({ name: '别家队', phone: '0877-5550002' });
  const film = await app.make.film({ title: '长津湖', category: 'feature', minutes: 176 });
  const short = await app.make.film({ title: '防火知识', category: 'science', minutes: 20 });
  await app.make.screening({ village_id: a.id, team_id: t.id, starts_at: '2026-06-20T19:30:00+08:00', programme: [film.id, short.id] });
  await app.make.screening({ village_id: natural, team_id: other.id, starts_at: '2026-06-05T20:00:00+08:00', programme: [short.id] });
  await app.make.screening({ village_id: a.id, team_id: t.id, starts_at: '2026-06-25T19:30:00+08:00', status: 'cancelled', cancel_reason: '下雨' });
  await app.make.screening({ village_id: a.id, team_id: t.id, starts_at: '2026-07-01T19:30:00+08:00' });
  await app.make.screening({ village_id: a.id, team_id: t.id, starts_at: '2026-05-31T19:30:00+08:00' });
  await app.make.screening({ village_id: otherVillage, team_id: t.id, starts_at: '2026-06-21T19:30:00+08:00' });
  const bureauOf = async (areaId: number) => {
    const [u] = await app.db('users').insert({ username: `b${areaId}`, password_hash: 'x', role: 'bureau', area_id: areaId }).returning('id');
    return bearer((await createSession(app.db, u.id, 1)).token);
  };
  bureau = await bureauOf(county);
  otherBureau = await bureauOf(otherCounty);
  await app.as.admin.post('/api/contracts').send({ partnerId: app.as.partner.partnerId, countyId: county, from: '2026-01' }).expect(201);
});

describe('the 公示 of a unit', () => {
  it("lists the month's screenings not cancelled, its natural villages' too, with team, programme, supervision phone and page URL", async () => {
    const res = await app.as.admin.get(`/api/posters?villageId=${unitA.id}&month=2026-06`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.month).toBe('2026-06');
    expect(res.body.county).toBe('通海县');
    expect(res.body.units).toHaveLength(1);
    const [u] = res.body.units;
    expect(u).toMatchObject({ villageId: unitA.id, name: '二村', township: '秀山街道', supervisionPhone: '0877-12345' });
    expect(u.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1(:\\d+)?/v/${unitA.token}$`));
    expect(u.screenings.map((s: { startsAt: string }) => s.startsAt)).toEqual(['2026-06-05T20:00:00.000+08:00', '2026-06-20T19:30:00.000+08:00']);
    expect(u.screenings[0]).toMatchObject({ villageId: natural, villageName: '二村上组', team: { name: '别家队', phone: '0877-5550002' } });
    expect(u.screenings[1]).toMatchObject({
      villageId: unitA.id,
      team,
      programme: [
        { title: '长津湖', category: 'feature', minutes: 176 },
        { title: '防火知识', category: 'science', minutes: 20 },
      ],
    });
  });

  it('is, for a natural village asked by id, of its own screenings only; the month defaults to the current one', async () => {
    const res = await app.as.admin.get(`/api/posters?villageId=${natural}`);
    expect(res.body.month).toBe('2026-06');
    expect(res.body.units[0].screenings.map((s: { villageId: number }) => s.villageId)).toEqual([natural]);
  });

  it("has the prefecture's supervision phone in its other county, and none in a township of no county", async () => {
    const res = await app.as.admin.get(`/api/posters?villageId=${otherVillage}&month=2026-06`);
    expect(res.body.units[0].supervisionPhone).toBe('0877-12345');
    expect(res.body.county).toBe('红塔区');
    const nowhere = await app.as.admin.get(`/api/posters?villageId=${(await app.make.village()).id}&month=2026-06`);
    expect(nowhere.body).toMatchObject({ county: null, units: [{ supervisionPhone: null, screenings: [] }] });
  });
});

describe("a township's 公示", () => {
  it('has every unit of the month, administrative villages in name order, each with its own screenings', async () => {
    const res = await app.as.admin.get(`/api/posters?townshipId=${township}&month=2026-06`);
    expect(res.status).toBe(200);
    expect(res.body.units.map((u: { name: string }) => u.name)).toEqual(['二村', '十村', '十二村']);
    expect(res.body.units.map((u: { screenings: unknown[] }) => u.screenings.length)).toEqual([2, 0, 0]);
    expect(res.body.units[2].url).toMatch(new RegExp(`/v/${unitB.token}$`));
    // Retired on 2026-05-01: a unit of April still, not of June.
    expect((await app.as.admin.get(`/api/posters?townshipId=${township}&month=2026-04`)).body.units.map((u: { villageId: number }) => u.villageId)).toContain(retired);
  });
});

describe('who may print it', () => {
  it('the bureau inside its area and the partner in its contract counties; outside, as missing; projectionist 403', async () => {
    expect((await app.http.get(`/api/posters?villageId=${unitA.id}`).set(bureau)).status).toBe(200);
    expect((await app.http.get(`/api/posters?townshipId=${township}`).set(bureau)).status).toBe(200);
    const partner = await app.as.partner.get(`/api/posters?villageId=${unitA.id}&month=2026-06`);
    // The notice is public: another partner's team's screening is on it too.
    expect(partner.body.units[0].screenings).toHaveLength(2);
    for (const [auth, path] of [
      [otherBureau, `/api/posters?villageId=${unitA.id}`],
      [otherBureau, `/api/posters?townshipId=${township}`],
      [app.as.partner.auth, `/api/posters?villageId=${otherVillage}`],
    ] as const) {
      const res = await app.http.get(path).set(auth);
      expectProblem(res, 404);
      expect(res.body.detail).toMatch(/^(Village|Township) \d+ not found\.$/);
    }
    expect((await app.http.get(`/api/posters?villageId=${unitA.id}`)).status).toBe(401);
  });

  it('asks for exactly one of villageId and townshipId, and a real month', async () => {
    expectProblem(await app.as.admin.get('/api/posters?month=2026-06'), 400, ['villageId']);
    expectProblem(await app.as.admin.get(`/api/posters?villageId=${unitA.id}&townshipId=${township}`), 400, ['townshipId']);
    expectProblem(await app.as.admin.get(`/api/posters?villageId=${unitA.id}&month=2026-13`), 400, ['month']);
    expectProblem(await app.as.admin.get('/api/posters?villageId=abc'), 400, ['villageId']);
    const zh = await app.as.admin.get('/api/posters').set('Accept-Language', 'zh-CN');
    expect(zh.body.errors[0].message).toMatch(/^须且只能填写 villageId 与 townshipId 中的一项/);
    expectProblem(await app.as.admin.get('/api/posters?villageId=2000000001'), 404);
  });
});
