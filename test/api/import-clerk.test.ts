import { describe, expect, it } from 'vitest';
import { clerkCsvGbk, clerkRows, clerkXlsx, type ClerkRow } from '../helpers/clerk.js';
import { expectProblem, useApp } from '../helpers/api.js';

// Issue 19, point 1: the clerk's own spreadsheet (序号, 乡镇, 村委会, 村代码, 经度, 纬度; GBK or XLSX; no
// township code column) imports in one step: each township is the village code's first 9 digits,
// created with the row's 乡镇 name when the registry lacks it.

const app = useApp({ as: ['bureau'], now: '2026-11-15T12:00:00' });

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const post = (query: string, body: Buffer, type = 'text/csv') => app.as.bureau.post(`/api/villages/import${query}`).set('Content-Type', type).send(body);

const villagesOf = (code: string) =>
  app.db('villages as v').join('townships as t', 't.id', 'v.township_id').where('t.code', code).orderBy('v.code').select('v.code', 'v.name', 'v.lat', 'v.lng', 'v.kind');

async function expectImported(rows: ClerkRow[]) {
  for (const code of new Set(rows.map((r) => r.townshipCode))) {
    const mine = rows.filter((r) => r.townshipCode === code);
    expect(await app.db('townships').where({ code }).select('name')).toEqual([{ name: mine[0]!.townshipName }]);
    expect(await villagesOf(code)).toEqual(mine.map((r) => ({ code: r.code, name: r.name, lat: r.lat, lng: r.lng, kind: 'administrative' })));
  }
}

describe('a clerk’s registry: 序号, 乡镇, 村委会, 村代码, 经度, 纬度 and no township code', () => {
  it('a GBK CSV imports in one step: townships from the codes’ first 9 digits, named by 乡镇, and their villages', async () => {
    const rows = clerkRows(['530423101', '530423201']);
    const file = clerkCsvGbk(rows);
    expect(file.includes(Buffer.from('村委会'))).toBe(false); // really GBK, not UTF-8
    const res = await post('', file);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, encoding: 'gb18030', created: rows.length, updated: 0, errors: [], townshipsCreated: 2 });
    expect(res.body.newTownships).toEqual([
      { code: '530423101', name: '杨广镇', villages: rows.filter((r) => r.townshipCode === '530423101').length },
      { code: '530423201', name: '里山彝族乡', villages: rows.filter((r) => r.townshipCode === '530423201').length },
    ]);
    await expectImported(rows);
    // The same file again changes nothing and creates no township.
    const again = await post('', file);
    expect(again.body).toMatchObject({ created: 0, unchanged: rows.length, townshipsCreated: 0, newTownships: [] });
  });

  it('an XLSX with the same headers (a title line above them, codes stored as numbers) imports the same way', async () => {
    const rows = clerkRows(['530423104', '530423202']);
    for (const type of [XLSX_TYPE, 'application/octet-stream', 'text/csv']) {
      const dry = await post('?dryRun=true', await clerkXlsx(rows), type);
      expect(dry.status, `${type}: ${JSON.stringify(dry.body)}`).toBe(200);
      expect(dry.body).toMatchObject({ dryRun: true, created: rows.length, townshipsCreated: 2, encoding: null });
    }
    const res = await post('', await clerkXlsx(rows), XLSX_TYPE);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: rows.length, townshipsCreated: 2, errors: [] });
    expect(res.body.newTownships.map((t: { name: string }) => t.name)).toEqual(['纳古镇', '高大傣族彝族乡']);
    await expectImported(rows);
  });

  it('the preview (dry run) lists the townships to be created and stores nothing', async () => {
    const rows = clerkRows(['530423102']);
    const before = await app.db('townships').count({ n: '*' });
    const dry = await post('?dryRun=true', clerkCsvGbk(rows));
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, created: rows.length, townshipsCreated: 1, newTownships: [{ code: '530423102', name: '河西镇', villages: rows.length }] });
    expect(await app.db('townships').count({ n: '*' })).toEqual(before);
    expect(await villagesOf('530423102')).toEqual([]);
  });

  it('a new township with no 乡镇 name on any of its rows refuses those rows naming township_name; a known one needs no name', async () => {
    const known = clerkRows(['530423101']).slice(0, 2).map((r) => ({ ...r, townshipName: '' }));
    const unnamed = clerkRows(['530423203']).map((r) => ({ ...r, townshipName: '' }));
    const res = await post('?dryRun=true', clerkCsvGbk([...known, ...unnamed]));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual(
      unnamed.map((_, i) => expect.objectContaining({ row: known.length + i + 1, column: 'township_name', code: 'new_township_needs_name', params: { townshipCode: '530423203' } })),
    );
    expect(res.body.newTownships).toEqual([]);
    // Named on one of its rows: created with that name.
    unnamed[1]!.townshipName = '兴蒙蒙古族乡';
    const ok = await post('?dryRun=true', clerkCsvGbk([...known, ...unnamed]));
    expect(ok.body).toMatchObject({ errors: [], townshipsCreated: 1, newTownships: [{ code: '530423203', name: '兴蒙蒙古族乡', villages: unnamed.length }] });
  });

  it('a bad village code is one error naming code, not a second one about a township column the file does not have', async () => {
    const [row] = clerkRows(['530423103']);
    const res = await post('?dryRun=true', clerkCsvGbk([{ ...row!, code: '5304231030' }]));
    expectProblem(res, 400, ['rows.1.code']);
    expect(res.body.errors[0]).toMatchObject({ column: 'code', code: 'digits', params: { digits: 12 } });
  });
});
