import { describe, expect, it } from 'vitest';
import { deploymentCounty } from '../../server/areas/county.js';
import { expectProblem, useApp } from '../helpers/api.js';

// A county installed from empty names itself on the first day (PUT /api/areas/deployment-county):
// the county area with its code, its province and prefecture from the national codes, the
// townships in no county placed in it — those already there and those written later — and the
// name published for the pages (/app-config.json) and the reports (deploymentCounty).

const app = useApp({ as: ['admin', 'bureau', 'partner'] });
const put = (body: unknown, lang?: string) => {
  const req = app.as.admin.put('/api/areas/deployment-county');
  if (lang) req.set('Accept-Language', lang);
  return req.send(body as object);
};

describe('naming the deployment county', () => {
  it('before it is named there is none: the API, the app config and deploymentCounty say null', async () => {
    expect((await app.as.partner.get('/api/areas/deployment-county')).body).toEqual({ county: null });
    expect((await app.http.get('/app-config.json')).body.county).toBeNull();
    expect(await deploymentCounty(app.db)).toBeNull();
  });

  it('bad input is a 400 naming the field, in Chinese when asked; only the admin names it', async () => {
    expectProblem(await put({}), 400, ['code', 'name']);
    const zh = await put({ code: '5304', name: '' }, 'zh-CN');
    expectProblem(zh, 400, ['code', 'name']);
    expect(zh.body.errors.map((e: { message: string }) => e.message).sort()).toEqual(['不能为空。', '必须是 6 位数字。']);
    for (const role of ['bureau', 'partner'] as const) expectProblem(await app.as[role].put('/api/areas/deployment-county').send({ code: '530423', name: '通海县' }), 403);
    // A code whose province and prefecture the server does not know needs their names.
    expectProblem(await put({ code: '990101', name: '某县' }), 400, ['prefectureName', 'provinceName']);
    expect(Number((await app.db('areas').count({ n: '*' }).first())!.n)).toBe(0);
  });

  it('creates the county under its province and prefecture and places the townships in no county', async () => {
    const none = await app.make.township({ code: null });
    const own = await app.make.township({ code: '530423101' });
    const other = await app.make.township({ code: '110101001' });
    const res = await put({ code: '530423', name: '通海县' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ county: { code: '530423', name: '通海县', level: 'county', parentId: expect.any(Number) }, townshipsPlaced: 2 });
    const areas = await app.db('areas').orderBy('code').select('code', 'name', 'level');
    expect(areas).toEqual([
      { code: '53', name: '云南省', level: 'province' },
      { code: '5304', name: '玉溪市', level: 'prefecture' },
      { code: '530423', name: '通海县', level: 'county' },
    ]);
    const countyId = res.body.county.id;
    const placed = Object.fromEntries((await app.db('townships').whereIn('id', [none.id, own.id, other.id]).select('id', 'county_id')).map((t) => [t.id, t.county_id]));
    expect(placed).toEqual({ [none.id]: countyId, [own.id]: countyId, [other.id]: null });

    const county = { id: countyId, code: '530423', name: '通海县' };
    expect(await deploymentCounty(app.db)).toEqual(county);
    expect((await app.as.partner.get('/api/areas/deployment-county')).body).toEqual({ county });
    expect((await app.http.get('/app-config.json')).body.county).toEqual(county);
    const audit = await app.db('audit_log').where({ entity: 'area', action: 'create' }).count({ n: '*' }).first();
    expect(Number(audit!.n)).toBe(3);
  });

  it('a township written later without a county lies in it: through the API and straight into the table', async () => {
    const { id: countyId } = (await deploymentCounty(app.db))!;
    const res = await app.as.bureau.post('/api/townships').send({ name: '新乡镇' });
    expect(res.status).toBe(201);
    expect(res.body.countyId).toBe(countyId);
    const coded = await app.make.township({ code: '530423202' });
    const elsewhere = await app.make.township({ code: '110101002' });
    expect((await app.db('townships').where({ id: coded.id }).first()).county_id).toBe(countyId);
    expect((await app.db('townships').where({ id: elsewhere.id }).first()).county_id).toBeNull();
  });

  it('the same code again renames it; another code is a 409 naming code', async () => {
    const renamed = await put({ code: '530423', name: '通海' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.county).toMatchObject({ code: '530423', name: '通海' });
    const other = await put({ code: '530402', name: '红塔区' }, 'zh-CN');
    expectProblem(other, 409, ['code']);
    expect(other.body.errors[0].message).toBe('本系统已有另一个县。');
    expect(await app.db('areas').where({ code: '530402' }).first()).toBeUndefined();
  });
});
