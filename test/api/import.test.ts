import http from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readTonghai } from '../../server/demo/tonghai.js';
import { appServer } from '../../server/http/shapes.js';
import { decodeText, tooLarge } from '../../server/imports/decode.js';
import { limitBytes } from '../../server/lib/streams.js';
import { expectProblem, useApp, type SignedIn } from '../helpers/api.js';

const app = useApp({ as: ['admin', 'bureau'], now: '2026-11-15T12:00:00' });

// A string body goes as typed (superagent would JSON-encode a Buffer sent as JSON).
const post = (query: string, body: string | Buffer, type = 'text/csv; charset=utf-8', who: SignedIn = app.as.admin) =>
  who.post(`/api/villages/import${query}`).set('Content-Type', type).send(body);

/** Tonghai's real units of one township, with made-up positions, as CSV lines. */
function tonghai(townshipCode: string) {
  return readTonghai()
    .filter((u) => u.townshipCode === townshipCode)
    .map((u, i) => ({ ...u, lat: (24 + i / 100).toFixed(4), lng: (102.7 + i / 100).toFixed(4) }));
}
const csv = (header: string, lines: string[]) => [header, ...lines].join('\r\n') + '\r\n';
const count = async (table: string, where: Record<string, unknown> = {}) => Number((await app.db(table).where(where).count({ n: '*' }))[0]!.n);
const byCode = (code: string) => app.db('villages').where({ code }).first();

describe('POST /api/villages/import, CSV', () => {
  it('when a UTF-8 file with English headers is imported, its villages and township are created and audited', async () => {
    const units = tonghai('530423001');
    const file = csv('code,name,township_code,township_name,committee,lat,lng', units.map((u) => `${u.code},${u.name},${u.townshipCode},${u.townshipName},${u.committee},${u.lat},${u.lng}`));
    const audits = await count('audit_log');
    const res = await post('', file);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: units.length, updated: 0, unchanged: 0, retired: 0, errors: [], townshipsCreated: 1, encoding: 'utf-8' });
    const v = await byCode(units[0]!.code);
    expect(v).toMatchObject({ name: units[0]!.name, kind: 'administrative', lat: Number(units[0]!.lat), position_approximate: false, retired_at: null });
    expect(await app.db('townships').where({ code: '530423001' }).first()).toMatchObject({ name: '秀山街道' });
    expect(await count('audit_log')).toBe(audits + units.length + 1);
  });

  it('reads Chinese headers in another order, and a BOM', async () => {
    const units = tonghai('530423002');
    const file = '\uFEFF' + csv('经度,纬度,村名,编码,乡镇名称,乡镇代码,类型', units.map((u) => `${u.lng},${u.lat},${u.name},${u.code},${u.townshipName},${u.townshipCode},行政村`));
    const res = await post('', file);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.created).toBe(units.length);
    expect(await byCode(units[1]!.code)).toMatchObject({ name: units[1]!.name, lat: Number(units[1]!.lat), lng: Number(units[1]!.lng) });
  });

  it('reads a GB18030 file (Excel on a Chinese Windows) without garbling the names', async () => {
    const units = tonghai('530423101');
    const text = csv('代码,名称,乡镇代码,乡镇,纬度,经度', units.map((u) => `${u.code},${u.name},${u.townshipCode},${u.townshipName},${u.lat},${u.lng}`));
    const bytes = iconv.encode(text, 'gb18030');
    expect(bytes.equals(Buffer.from(text))).toBe(false);
    const res = await post('', bytes, 'text/csv');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: units.length, encoding: 'gb18030' });
    expect((await byCode(units[0]!.code)).name).toBe(units[0]!.name);
    expect(await app.db('townships').where({ code: '530423101' }).first()).toMatchObject({ name: '杨广镇' });
  });

  it('imports natural villages under a parent named later in the file, and refuses a parent in another township', async () => {
    const file = csv('code,name,township_code,township_name,kind,parent_code,lat,lng', [
      '530423900101,下村,530423900,试验乡,自然村,530423900001,24.1,102.7',
      '530423900001,上村村委会,530423900,试验乡,行政村,,24.1,102.7',
    ]);
    const res = await post('', file);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const parent = await byCode('530423900001');
    expect(await byCode('530423900101')).toMatchObject({ kind: 'natural', parent_id: parent.id });

    const bad = await post('', csv('code,name,township_code,township_name,kind,parent_code,lat,lng', ['530423901101,别村,530423901,别乡,natural,530423900001,24.1,102.7']));
    expectProblem(bad, 400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ row: 1, column: 'parent_code', message: 'must be in the same township' })]);
  });
});

describe('GeoJSON', () => {
  it('imports Point features, taking the position from the geometry', async () => {
    const doc = {
      type: 'FeatureCollection',
      name: 'villages',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [102.61, 24.05] }, properties: { code: '530423902001', name: '河边村', township_code: '530423902', township_name: '河乡' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [102.62, 24.06] }, properties: { 编码: 530423902002, 名称: '山"顶"村 {x}', 乡镇代码: '530423902' } },
      ],
    };
    const res = await post('', JSON.stringify(doc, null, 2), 'application/geo+json');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.created).toBe(2);
    expect(await byCode('530423902002')).toMatchObject({ name: '山"顶"村 {x}', lat: 24.06, lng: 102.62 });
  });

  it('refuses a feature that is not a Point, naming its row', async () => {
    const doc = { type: 'FeatureCollection', features: [
      { type: 'Feature', geometry: { type: 'Point', coordinates: [102.6, 24] }, properties: { code: '530423903001', name: 'a', township_code: '530423903', township_name: 'b' } },
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: { code: '530423903002', name: 'c', township_code: '530423903' } },
    ] };
    const res = await post('', JSON.stringify(doc), 'application/json');
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 2, column: 'geometry' })]);
    expect(await byCode('530423903001')).toBeUndefined();
  });

  it('refuses a document that is not a FeatureCollection', async () => {
    expectProblem(await post('', JSON.stringify({ type: 'Feature', features: [] }), 'application/geo+json'), 400);
    expectProblem(await post('', '[1,2]', 'application/geo+json'), 400);
    expectProblem(await post('', '{"type":"FeatureCollection","features":[', 'application/geo+json'), 400);
  });
});

describe('dry run, refusal, re-import', () => {
  const file = csv('code,name,township_code,township_name,lat,lng', [
    '530423910001,一村,530423910,十乡,24.1,102.7',
    '530423910002,二村,530423910,十乡,24.2,102.8',
    '530423910003,三村,530423910,十乡,24.3,102.9',
  ]);

  it('a dry run answers the counts and stores nothing', async () => {
    const before = await Promise.all(['villages', 'townships', 'audit_log'].map((x) => count(x)));
    const res = await post('?dryRun=true', file);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, created: 3, updated: 0, unchanged: 0, retired: 0, townshipsCreated: 1, errors: [] });
    expect(await Promise.all(['villages', 'townships', 'audit_log'].map((x) => count(x)))).toEqual(before);
  });

  it('one bad row refuses the whole real run, naming row and column, with the counts', async () => {
    const bad = csv('code,name,township_code,township_name,lat,lng', [
      '530423911001,一村,530423911,十一乡,24.1,102.7',
      '530423911002,二村,530423911,十一乡,north,102.8',
      '530423911003,三村,530423911,十一乡,24.3,102.9',
      '530423911001,重复村,530423911,十一乡,24.3,102.9',
    ]);
    const res = await post('', bad);
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'lat', message: expect.stringContaining('number') }),
      expect.objectContaining({ row: 4, column: 'code', message: 'repeats the code of row 1' }),
    ]);
    expect(res.body).toMatchObject({ created: 2, updated: 0, unchanged: 0, retired: 0, errorCount: 2 });
    expect(await count('villages', { township_id: app.db('townships').where({ code: '530423911' }).select('id') })).toBe(0);
    expect(await app.db('townships').where({ code: '530423911' }).first()).toBeUndefined();
  });

  it('a new village without a position is refused; an existing one keeps its own', async () => {
    const res = await post('', csv('code,name,township_code,township_name', ['530423912001,无坐标村,530423912,十二乡']));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 1, column: 'lat' })]);

    const ts = await app.make.township({ code: '530423912', name: '十二乡' });
    await app.make.village({ township_id: ts.id, code: '530423912002', name: '有坐标村', lat: 24.5, lng: 102.5 });
    const kept = await post('', csv('code,name,township_code', ['530423912002,有坐标村新名,530423912']));
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body).toMatchObject({ created: 0, updated: 1 });
    expect(await byCode('530423912002')).toMatchObject({ name: '有坐标村新名', lat: 24.5, lng: 102.5 });
  });

  it('importing the same file again changes nothing; a changed row is one update, audited with before and after', async () => {
    expect((await post('', file)).body).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    const audits = await count('audit_log');
    const again = await post('', file);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, retired: 0 });
    expect(await count('audit_log')).toBe(audits);

    const res = await post('', file.replace('二村', '二村新名'));
    expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const v = await byCode('530423910002');
    const log = await app.db('audit_log').where({ entity: 'village', entity_id: v.id }).orderBy('id', 'desc').first();
    expect(log).toMatchObject({ action: 'update', before: expect.objectContaining({ name: '二村' }), after: expect.objectContaining({ name: '二村新名' }) });
  });

  it('villages missing from the file are listed, and retired only with retireMissing, in the file\'s townships only', async () => {
    const other = await app.make.township({ code: '530423913' });
    const elsewhere = await app.make.village({ township_id: other.id, code: '530423913001' });
    const two = file.split('\r\n').slice(0, 3).join('\r\n') + '\r\n';

    const plain = await post('', two);
    expect(plain.body).toMatchObject({ retired: 0, missingTotal: 1, missing: [expect.objectContaining({ code: '530423910003' })] });
    expect((await byCode('530423910003')).retired_at).toBeNull();

    const dry = await post('?dryRun=true&retireMissing=true', two);
    expect(dry.body).toMatchObject({ dryRun: true, retired: 1 });
    expect((await byCode('530423910003')).retired_at).toBeNull();

    const real = await post('?retireMissing=true', two);
    expect(real.body).toMatchObject({ retired: 1, unchanged: 2 });
    expect((await byCode('530423910003')).retired_at?.toISOString()).toBe('2026-11-15T04:00:00.000Z');
    expect((await app.db('villages').where({ id: elsewhere.id }).first()).retired_at).toBeNull();

    // In the file again: restored.
    expect((await post('', file)).body).toMatchObject({ updated: 1, unchanged: 2 });
    expect((await byCode('530423910003')).retired_at).toBeNull();
  });

  it('townshipCode scopes the import: it fills empty township codes and refuses others', async () => {
    const res = await post('?townshipCode=530423910', csv('code,name,township_code,lat,lng', ['530423910004,四村,,24,102.7', '530423914001,外村,530423914,24,102.7']));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 2, column: 'township_code' })]);
    const ok = await post('?townshipCode=530423910&dryRun=1', csv('code,name,lat,lng', ['530423910004,四村,24,102.7']));
    expect(ok.body).toMatchObject({ created: 1, retired: 3 });
  });
});

describe('the file as a whole', () => {
  it('a header without a code column is refused at row 0', async () => {
    const res = await post('', csv('名字,乡镇代码', ['x,530423001']));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 0, column: 'code' })]);
  });

  it('an untyped body is sniffed: CSV, or GeoJSON when it starts with {', async () => {
    const res = await post('?dryRun=true', csv('code,name,township_code,township_name,lat,lng', ['530423915001,村,530423915,乡,24,102']), 'application/octet-stream');
    expect(res.body).toMatchObject({ created: 1 });
    const geo = await post('?dryRun=true', ' {"type":"FeatureCollection","features":[]}', 'application/octet-stream');
    expect(geo.body).toMatchObject({ created: 0, errors: [] });
  });

  it('a form upload or another type is 415', async () => {
    expectProblem(await post('', 'x', 'multipart/form-data; boundary=x'), 415);
    expectProblem(await post('', 'x', 'image/png'), 415);
  });
});

describe('who may import', () => {
  const one = csv('code,name,township_code,township_name,lat,lng', ['530423920001,村,530423920,乡,24,102']);
  it('bureau may; partner 403; nobody signed in 401', async () => {
    expect((await post('?dryRun=true', one, 'text/csv', app.as.bureau)).status).toBe(200);
    expectProblem(await post('?dryRun=true', one, 'text/csv', await app.newUser('partner')), 403);
    expectProblem(await app.http.post('/api/villages/import').set('Content-Type', 'text/csv').send(one), 401);
  });
});

describe('size limit', () => {
  it('a Content-Length over 200 MB is 413 before the body is read', async () => {
    const server = appServer(app.express).listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request({ port, method: 'POST', path: '/api/villages/import', headers: { ...app.as.admin.auth, 'Content-Type': 'text/csv', 'Content-Length': String(200 * 1024 * 1024 + 1) } }, (r) => {
          let body = '';
          r.on('data', (c) => (body += c));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.write('code,name\r\n');
      });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body)).toMatchObject({ status: 413 });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('a stream that grows past the limit (chunked, no length) stops with 413', async () => {
    async function* chunks() {
      for (let i = 0; i < 10; i++) yield Buffer.alloc(100, 0x41);
    }
    const read = async (max: number) => {
      let n = 0;
      for await (const c of limitBytes(chunks(), max, tooLarge)) n += c.length;
      return n;
    };
    expect(await read(1000)).toBe(1000);
    await expect(read(999)).rejects.toMatchObject({ status: 413 });
  });
});

describe('encoding detection', () => {
  const decode = async (parts: Buffer[]) => {
    let used = '';
    let out = '';
    async function* src() {
      yield* parts;
    }
    for await (const s of decodeText(src(), (e) => (used = e))) out += s;
    return { out, used };
  };
  it('decides on the first non-ASCII bytes even when a character is split across chunks', async () => {
    const text = 'code,name\n' + '一二三四五六七八九十'.repeat(500);
    const gb = iconv.encode(text, 'gb18030');
    const utf = Buffer.from(text);
    expect(await decode([gb.subarray(0, 11), gb.subarray(11, 5001), gb.subarray(5001)])).toEqual({ out: text, used: 'gb18030' });
    expect(await decode([utf.subarray(0, 11), utf.subarray(11, 5001), utf.subarray(5001)])).toEqual({ out: text, used: 'utf-8' });
    expect(await decode([Buffer.from('abc')])).toEqual({ out: 'abc', used: '' });
  });
});
