import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions.js';
import { bearer, expectProblem, useApp } from '../helpers/api.js';

// Areas above the township (DOMAIN.md "Areas and scopes"): the divisions import, scoped bureau
// users and partners' contracts, and coverage grouped at every level. One small nation on one
// database: two provinces, three prefectures, four counties, a township or two in each.

const app = useApp({ as: ['admin'], now: '2026-06-15T12:00:00' });

const divisions = `code,name,provinceCode
53,云南省,
52,贵州省,
5304,玉溪市,53
5301,昆明市,53
5201,贵阳市,52
530423,通海县,53
530402,红塔区,53
530102,五华区,53
520102,南明区,52
530423100,秀山街道,53
530423101,杨广镇,53
530402001,玉兴街道,53
530102001,华山街道,53
520102001,新华路街道,52
`;

// Villages of each county (a county's own file: the townships' codes place them).
const villagesCsv = `code,name,township_code,lat,lng
530423100001,秀山社区,530423100,24.11,102.75
530423100002,北山村,530423100,24.12,102.76
530423101001,杨广村,530423101,24.05,102.70
530402001001,玉兴社区,530402001,24.35,102.54
530402001002,北苑村,530402001,24.36,102.55
530102001001,华山社区,530102001,25.04,102.70
520102001001,新华社区,520102001,26.57,106.71
520102001002,花果园村,520102001,26.56,106.70
`;

type Area = { id: number; code: string; name: string; level: string; parentId: number | null };
type Counts = { units: number; covered: number; planned: number; overdue: number; gap: number; verified: number; coverage: number };
type Group = Counts & { id: number | null; name: string; level: string };

const areas: Record<string, Area> = {};
const villages: Record<string, number> = {};
const townships: Record<string, number> = {};
let partner: { id: number; token: string };
let yuxiBureau: string;
let teamId: number;

const post = (url: string, body: string) => app.as.admin.post(url).set('Content-Type', 'text/csv').send(body);

async function scopedBureau(areaId: number): Promise<string> {
  const [u] = await app.db('users').insert({ username: `bureau_${areaId}_${Date.now()}`, password_hash: 'x', role: 'bureau', area_id: areaId }).returning('id');
  return (await createSession(app.db, u.id, 1)).token;
}

beforeAll(async () => {
  const first = await post('/api/areas/import', divisions);
  expect(first.status, JSON.stringify(first.body)).toBe(200);
  for (const a of (await app.as.admin.get('/api/areas?limit=1000')).body.items as Area[]) areas[a.code] = a;
  const imported = await post('/api/villages/import', villagesCsv);
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  for (const v of await app.db('villages').select('id', 'code')) villages[v.code] = v.id;
  for (const t of await app.db('townships').select('id', 'code')) townships[t.code] = t.id;
  yuxiBureau = await scopedBureau(areas['5304']!.id);
  const [p] = await app.db('partners').insert({ name: '星光公司' }).returning('id');
  const [pu] = await app.db('users').insert({ username: 'xingguang', password_hash: 'x', role: 'partner', partner_id: p.id }).returning('id');
  partner = { id: p.id, token: (await createSession(app.db, pu.id, 1)).token };
  [{ id: teamId }] = await app.db('teams').insert({ name: '一队', partner_id: p.id }).returning('id');
});

describe('the divisions import', () => {
  it('builds provinces, prefectures, counties and townships from codes and names, and places the villages of a county file', async () => {
    expect((await app.as.admin.get('/api/areas')).body.items.map((a: Area) => [a.code, a.level])).toEqual([
      ['52', 'province'],
      ['5201', 'prefecture'],
      ['520102', 'county'],
      ['53', 'province'],
      ['5301', 'prefecture'],
      ['530102', 'county'],
      ['5304', 'prefecture'],
      ['530402', 'county'],
      ['530423', 'county'],
    ]);
    expect(areas['530423']!.parentId).toBe(areas['5304']!.id);
    expect(areas['5304']!.parentId).toBe(areas['53']!.id);
    expect(areas['53']!.parentId).toBeNull();
    const tonghai = (await app.as.admin.get(`/api/townships?countyId=${areas['530423']!.id}`)).body.items.map((t: { name: string }) => t.name);
    expect(tonghai).toEqual(['秀山街道', '杨广镇']);
    const children = await app.as.admin.get(`/api/areas?parentId=${areas['53']!.id}`);
    expect(children.body).toMatchObject({ total: 2, items: [{ name: '昆明市' }, { name: '玉溪市' }] });
    expect((await app.as.admin.get('/api/areas?level=county&q=通海')).body.items.map((a: Area) => a.code)).toEqual(['530423']);
  });

  it('places a township first met in a county’s village file in the county of its code', async () => {
    const res = await post('/api/villages/import', 'code,name,township_code,township_name,lat,lng\n530423102001,兴蒙村,530423102,兴蒙乡,24.0,102.8\n');
    expect(res.body).toMatchObject({ created: 1, townshipsCreated: 1 });
    expect(await app.db('townships').where({ code: '530423102' }).first('name', 'county_id')).toEqual({ name: '兴蒙乡', county_id: areas['530423']!.id });
    await app.db('villages').where({ code: '530423102001' }).delete();
    await app.db('townships').where({ code: '530423102' }).delete();
  });

  it('answers a re-import unchanged, a renamed row updated, and a dry run writes nothing', async () => {
    const again = await post('/api/areas/import', divisions);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 9, townshipsCreated: 0, townshipsUpdated: 0, townshipsUnchanged: 5 });
    const renamed = await post('/api/areas/import?dryRun=true', 'code,name\n530423,通海縣\n');
    expect(renamed.body).toMatchObject({ dryRun: true, created: 0, updated: 1 });
    expect((await app.db('areas').where({ code: '530423' }).first()).name).toBe('通海县');
  });

  it('refuses a file with bad rows whole, naming row and column', async () => {
    const before = await app.db('areas').count({ n: '*' }).first();
    const bad = await post('/api/areas/import', 'code,name\n11,北京市\n12345,五位\n6101,西安市\n110101,\n');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['rows.2.code', 'area_digits'],
      ['rows.3.code', 'area_parent_unknown'],
      ['rows.4.name', 'required'],
    ]);
    expect(await app.db('areas').count({ n: '*' }).first()).toEqual(before);
    expectProblem(await app.as.admin.post('/api/areas').send({ code: '6101', name: '西安市' }), 400, ['code']);
    expectProblem(await app.as.admin.post('/api/areas').send({ code: '53', name: '又一个' }), 409, ['code']);
    expect((await app.http.post('/api/areas/import').set(bearer(yuxiBureau)).set('Content-Type', 'text/csv').send(divisions)).status).toBe(403);
  });
});

describe('scopes', () => {
  it('a prefecture bureau sees its counties, and a neighbour prefecture’s county is 404 everywhere', async () => {
    const get = (url: string) => app.http.get(url).set(bearer(yuxiBureau));
    const kunming = areas['530102']!;
    expect((await get(`/api/areas/${kunming.id}`)).status).toBe(404);
    expect((await get(`/api/areas/${areas['53']!.id}`)).status).toBe(404);
    expect((await get(`/api/townships/${townships['530102001']}`)).status).toBe(404);
    expect((await get(`/api/villages/${villages['530102001001']}`)).status).toBe(404);
    expect((await get(`/api/coverage?areaId=${kunming.id}&groupBy=township`)).status).toBe(404);
    expect((await get(`/api/coverage/villages/${villages['530102001001']}`)).status).toBe(404);
    expect((await get('/api/areas')).body.items.map((a: Area) => a.code)).toEqual(['5304', '530402', '530423']);
    expect((await get('/api/villages?limit=100')).body.total).toBe(5);
    expect((await get('/api/coverage')).body.totals.units).toBe(5);
    expect((await get('/api/coverage')).body.area).toMatchObject({ code: '5304' });
    expect((await get('/api/coverage/units')).body.units.id).toHaveLength(5);
    // Writes: a village into a township outside is an unknown township; a township outside its counties too.
    const write = await app.http.post('/api/villages').set(bearer(yuxiBureau)).send({ name: '外村', townshipId: townships['530102001'], kind: 'administrative', lat: 25, lng: 102.7 });
    expectProblem(write, 400, ['townshipId']);
    expectProblem(await app.http.post('/api/townships').set(bearer(yuxiBureau)).send({ name: '新镇', countyId: kunming.id }), 400, ['countyId']);
    expect((await app.http.patch(`/api/villages/${villages['530102001001']}`).set(bearer(yuxiBureau)).send({ name: '改名' })).status).toBe(404);
    expect((await app.http.post('/api/contracts').set(bearer(yuxiBureau)).send({ partnerId: partner.id, countyId: kunming.id, from: '2026-01' })).status).toBe(400);
    // The audit log: its own county's changes, not the neighbour's.
    await app.as.admin.patch(`/api/villages/${villages['530102001001']}`).send({ name: '华山社区居委会' });
    await app.as.admin.patch(`/api/villages/${villages['530423100002']}`).send({ name: '北山村委会' });
    const audit = (await get('/api/audit?entity=village')).body.items.map((e: { entityId: number }) => e.entityId);
    expect(audit).toContain(villages['530423100002']);
    expect(audit).not.toContain(villages['530102001001']);
  });

  it('a partner with contracts sees their counties and plans only there and then', async () => {
    const tonghai = areas['530423']!.id;
    const made = await app.as.admin.post('/api/contracts').send({ partnerId: partner.id, countyId: tonghai, from: '2026-01', to: '2026-12' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ partnerId: partner.id, countyId: tonghai, from: '2026-01', to: '2026-12' });
    expectProblem(await app.as.admin.post('/api/contracts').send({ partnerId: partner.id, countyId: tonghai, from: '2026-12' }), 409, ['from']);
    expectProblem(await app.as.admin.post('/api/contracts').send({ partnerId: partner.id, countyId: areas['5304']!.id, from: '2026-01' }), 400, ['countyId']);
    expectProblem(await app.as.admin.post('/api/contracts').send({ partnerId: partner.id, countyId: tonghai, from: '2027-05', to: '2027-01' }), 400, ['to']);

    const as = (req: ReturnType<typeof app.http.get>) => req.set(bearer(partner.token));
    expect((await as(app.http.get('/api/villages?limit=100'))).body.total).toBe(3);
    expect((await as(app.http.get(`/api/villages/${villages['530402001001']}`))).status).toBe(404);
    const plan = (code: string, startsAt: string) => as(app.http.post('/api/screenings')).send({ villageId: villages[code], teamId, startsAt });
    expectProblem(await plan('530402001001', '2026-07-01T19:30:00'), 400, ['villageId']);
    expectProblem(await plan('530423100001', '2027-01-05T19:30:00'), 400, ['villageId']);
    expect((await plan('530423100001', '2026-07-01T19:30:00')).status).toBe(201);
    expect((await as(app.http.get(`/api/coverage?month=2026-07&areaId=${areas['530402']!.id}`))).status).toBe(404);
    expect((await as(app.http.get('/api/contracts'))).body.total).toBe(1);
  });
});

describe('coverage by area', () => {
  beforeAll(async () => {
    const [{ id: other }] = await app.db('teams').insert({ name: '二队', partner_id: partner.id }).returning('id');
    const done = (code: string, day: number) => ({ village_id: villages[code], team_id: other, starts_at: `2026-05-${String(day).padStart(2, '0')}T19:30:00+08:00`, status: 'completed', audience: 50 });
    await app.db('screenings').insert([done('530423100001', 1), done('530402001001', 2), done('520102001001', 3), done('520102001002', 4)]);
    await app.db('screenings').insert({ village_id: villages['530102001001'], team_id: other, starts_at: '2026-05-20T19:30:00+08:00', status: 'scheduled' });
  });

  const coverage = async (query: string) => {
    const res = await app.as.admin.get(`/api/coverage?month=2026-05&${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { area: { id: number } | null; totals: Counts; groups: Group[]; townships: Group[] };
  };
  const sum = (rows: Counts[]) => Object.fromEntries((['units', 'covered', 'planned', 'overdue', 'gap', 'verified'] as const).map((k) => [k, rows.reduce((n, r) => n + r[k], 0)]));
  const pick = (c: Counts) => ({ units: c.units, covered: c.covered, planned: c.planned, overdue: c.overdue, gap: c.gap, verified: c.verified });

  it('answers each level as the sum of its children, down to the townships', async () => {
    const nation = await coverage('groupBy=province');
    expect(nation.area).toBeNull();
    expect(nation.groups.map((g) => [g.name, g.units, g.covered])).toEqual([
      ['贵州省', 2, 2],
      ['云南省', 6, 2],
    ]);
    expect(pick(nation.totals)).toEqual(sum(nation.groups));
    expect(pick(nation.totals)).toEqual(pick((await coverage('')).totals));
    const yunnan = nation.groups.find((g) => g.name === '云南省')!;
    for (const [areaCode, groupBy] of [
      ['53', 'prefecture'],
      ['53', 'county'],
      ['53', 'township'],
      ['5304', 'county'],
      ['5304', 'township'],
      ['530423', 'township'],
    ] as const) {
      const answer = await coverage(`areaId=${areas[areaCode]!.id}&groupBy=${groupBy}`);
      expect(answer.groups.every((g) => g.level === groupBy), `${areaCode} by ${groupBy}`).toBe(true);
      expect(pick(answer.totals), `${areaCode} by ${groupBy}`).toEqual(sum(answer.groups));
    }
    expect(pick((await coverage(`areaId=${areas['53']!.id}&groupBy=prefecture`)).totals)).toEqual(pick(yunnan));
    const yuxi = (await coverage(`areaId=${areas['53']!.id}&groupBy=prefecture`)).groups.find((g) => g.name === '玉溪市')!;
    expect(pick((await coverage(`areaId=${areas['5304']!.id}&groupBy=county`)).totals)).toEqual(pick(yuxi));
    expect(yuxi).toMatchObject({ units: 5, covered: 2, gap: 3, coverage: 0.4 });
    const kunming = (await coverage(`areaId=${areas['53']!.id}&groupBy=prefecture`)).groups.find((g) => g.name === '昆明市')!;
    expect(kunming).toMatchObject({ units: 1, overdue: 1 });
    // Without groupBy, the township answer of the area.
    expect((await coverage(`areaId=${areas['530423']!.id}`)).townships.map((t) => t.name)).toEqual(['秀山街道', '杨广镇']);
    expectProblem(await app.as.admin.get(`/api/coverage?areaId=${areas['5304']!.id}&groupBy=province`), 400, ['groupBy']);
    expectProblem(await app.as.admin.get('/api/coverage?groupBy=city'), 400, ['groupBy']);
    expect((await app.as.admin.get('/api/coverage?areaId=99999&groupBy=county')).status).toBe(404);
  });

  it('gives the map each child area’s place and the path to it, and the units and statuses of one area', async () => {
    const places = await app.as.admin.get(`/api/coverage/areas?areaId=${areas['5304']!.id}`);
    expect(places.body).toMatchObject({ groupBy: 'county', units: 5, path: [{ name: '云南省' }, { name: '玉溪市' }] });
    const tonghai = places.body.groups.find((g: { name: string }) => g.name === '通海县');
    expect(tonghai).toMatchObject({ units: 3, lat: expect.closeTo(24.0933, 3), lng: expect.closeTo(102.7367, 3), bounds: [[24.05, 102.7], [24.12, 102.76]] });
    expect((await app.as.admin.get('/api/coverage/areas')).body).toMatchObject({ groupBy: 'province', units: 8, path: [] });
    const units = await app.as.admin.get(`/api/coverage/units?areaId=${areas['530423']!.id}`);
    const statuses = await app.as.admin.get(`/api/coverage/statuses?month=2026-05&areaId=${areas['530423']!.id}`);
    expect(units.body.units.id).toHaveLength(3);
    expect(statuses.body.statuses).toHaveLength(3);
    expect(statuses.body.statuses[units.body.units.id.indexOf(villages['530423100001'])]).toBe('c');
  });

  it('reports and the subsidy by area: the county’s totals, each contract’s screenings', async () => {
    const report = await app.as.admin.get(`/api/reports/month?month=2026-05&areaId=${areas['5304']!.id}`);
    expect(report.status).toBe(200);
    expect(report.body.county).toMatchObject({ units: 5, covered: 2 });
    expect(report.body.areas.map((a: Group) => [a.name, a.units])).toEqual([
      ['红塔区', 2],
      ['通海县', 3],
    ]);
    expect(report.body.screenings.held).toBe(2);
    const subsidy = await app.as.admin.get('/api/reports/subsidy?month=2026-05');
    // Unverified screenings are pending, so nothing is paid yet; accept two and see them per county.
    const held = await app.db('screenings').where({ status: 'completed' }).whereIn('village_id', [villages['530423100001']!, villages['520102001001']!]).pluck('id');
    for (const id of held) expect((await app.as.admin.post(`/api/screenings/${id}/review`).send({ decision: 'accepted', reason: 'checked' })).status).toBe(200);
    const paid = await app.as.admin.get('/api/reports/subsidy?month=2026-05');
    expect(subsidy.body.contracts).toEqual([]);
    expect(paid.body.counties.map((c: { countyName: string; counted: number }) => [c.countyName, c.counted])).toEqual([
      ['南明区', 1],
      ['通海县', 1],
    ]);
    expect(paid.body.contracts.find((c: { countyName: string }) => c.countyName === '通海县')).toMatchObject({ partnerId: partner.id, contractId: expect.any(Number) });
    expect(paid.body.contracts.find((c: { countyName: string }) => c.countyName === '南明区')).toMatchObject({ contractId: null });
    const yuxiOnly = await app.http.get('/api/reports/subsidy?month=2026-05').set(bearer(yuxiBureau));
    expect(yuxiOnly.body.counties.map((c: { countyName: string }) => c.countyName)).toEqual(['通海县']);
    const csv = await app.as.admin.get(`/api/coverage?month=2026-05&areaId=${areas['53']!.id}&groupBy=county&format=csv`);
    expect(csv.text).toContain('通海县');
    expect(csv.text).not.toContain('南明区');
  });
});
