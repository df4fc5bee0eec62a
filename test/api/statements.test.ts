import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions.js';
import { monthRange } from '../../server/months.js';
import { bearer, expectProblem, useApp } from '../helpers/api.js';

// The statement of a county's round (DOMAIN.md "Periods and settlement"): per unit and month the
// first backed screening is paid (a natural village's for its parent), further ones listed, the
// pending and rejected apart; per partner contract the count, gross, each level's share (adding
// up to the fen), film fees and net. Issued only when every month is locked; never changed;
// issuing again supersedes it and lists what changed. County A: ¥350, 5:2:2:1, ¥1.50 a film,
// 7 paid over two partners. County B: ¥333.34 by thirds (1/3, 1/3, 1/3, 0), 7 paid.

const app = useApp({ as: ['admin'], now: '2026-05-10T12:00:00' });
const ids = {} as Record<string, number>;
const auth = {} as Record<string, Record<string, string>>;
const ZONE = 'Asia/Shanghai';

const lock = async (county: number, month: string, state = 'locked') => {
  const r = monthRange(month, ZONE);
  await app.db('periods')
    .insert({ county_id: county, month, starts_at: r.start.toJSDate(), ends_at: r.end.toJSDate(), state, approved_levels: state === 'locked' ? ['county'] : [] })
    .onConflict(['county_id', 'month'])
    .merge({ state });
};
const issue = (who: string, countyId: number, round = '2026-Q1') => app.http.post('/api/statements').set(auth[who]!).send({ countyId, round });
const read = (who: string, url: string) => app.http.get(url).set(auth[who]!);

async function held(village: string, team: string, startsAt: string, o: Record<string, unknown> = {}) {
  return (await app.make.screening({ village_id: ids[village]!, team_id: ids[team]!, starts_at: startsAt, status: 'completed', audience: 40, programme: [ids.f1], verification: 'verified', ...o })).id;
}

beforeAll(async () => {
  const [, , a, b] = await app.db('areas').insert([{ code: '53', name: '云南省' }, { code: '5304', name: '玉溪市' }, { code: '530423', name: '通海县' }, { code: '530402', name: '红塔区' }]).returning('id');
  Object.assign(ids, { a: a.id, b: b.id });
  const ta = await app.make.township({ county_id: a.id, name: '秀山街道' });
  const tb = await app.make.township({ county_id: b.id, name: '玉带街道' });
  for (const n of [1, 2, 3, 4, 5, 6, 7]) ids[`u${n}`] = (await app.make.village({ township_id: ta.id, name: `甲${n}村` })).id;
  ids.n1 = (await app.make.village({ township_id: ta.id, name: '甲1村小组', kind: 'natural', parent_id: ids.u1 })).id;
  for (const n of [1, 2, 3, 4, 5, 6, 7]) ids[`b${n}`] = (await app.make.village({ township_id: tb.id, name: `乙${n}村` })).id;
  ids.f1 = (await app.make.film({ title: '地道战' })).id;
  ids.f2 = (await app.make.film({ title: '科教一' })).id;
  const p1 = await app.newUser('partner');
  const p2 = await app.newUser('partner');
  const p3 = await app.newUser('partner');
  Object.assign(ids, { p1: p1.partnerId!, p2: p2.partnerId!, p3: p3.partnerId! });
  await app.db('partners').where({ id: p1.partnerId }).update({ name: '甲公司' });
  await app.db('partners').where({ id: p2.partnerId }).update({ name: '乙公司' });
  const [k1, k2] = await app.db('contracts')
    .insert([
      { partner_id: p1.partnerId, county_id: a.id, from_month: '2026-01' },
      { partner_id: p2.partnerId, county_id: a.id, from_month: '2026-01' },
      { partner_id: p3.partnerId, county_id: b.id, from_month: '2026-01' },
    ])
    .returning('id');
  Object.assign(ids, { k1: k1.id, k2: k2.id });
  ids.t1 = (await app.make.team({ partner_id: p1.partnerId, name: '一队' })).id;
  ids.t2 = (await app.make.team({ partner_id: p2.partnerId, name: '二队' })).id;
  ids.t3 = (await app.make.team({ partner_id: p3.partnerId, name: '三队' })).id;
  Object.assign(auth, { admin: app.as.admin.auth, p1: p1.auth, p2: p2.auth, p3: p3.auth });
  const bureau = async (areaId: number, name: string) => {
    const [u] = await app.db('users').insert({ username: name, password_hash: 'x', role: 'bureau', area_id: areaId }).returning('id');
    return bearer((await createSession(app.db, u.id, 1)).token);
  };
  const [pj] = await app.db('users').insert({ username: 'pj_t1', password_hash: 'x', role: 'projectionist', team_id: ids.t1 }).returning('id');
  auth.projectionist = bearer((await createSession(app.db, pj.id, 1)).token);
  auth.bureauA = await bureau(a.id, 'bureau_a');
  auth.bureauB = await bureau(b.id, 'bureau_b');
  auth.province = await bureau((await app.db('areas').where({ code: '53' }).first('id')).id, 'bureau_53');

  // County A, 2026-Q1.
  ids.s1 = await held('u1', 't1', '2026-01-05T19:00:00+08:00', { programme: [ids.f1, ids.f2] });
  ids.s2 = await held('n1', 't1', '2026-01-10T19:00:00+08:00'); // the natural village counts for 甲1村: not paid
  ids.s3 = await held('u2', 't2', '2026-01-06T19:00:00+08:00', { verification: 'flagged', review_decision: 'accepted' });
  ids.s4 = await held('u3', 't1', '2026-01-07T19:00:00+08:00', { verification: 'unverified' });
  ids.s5 = await held('u4', 't1', '2026-01-08T19:00:00+08:00', { review_decision: 'rejected', review_reason: '照片不是本村' });
  ids.s6 = await held('u5', 't1', '2026-01-09T19:00:00+08:00');
  ids.s7 = await held('u6', 't1', '2026-02-09T19:00:00+08:00');
  ids.s8 = await held('u7', 't1', '2026-02-10T19:00:00+08:00');
  ids.s9 = await held('u1', 't1', '2026-02-11T19:00:00+08:00');
  ids.s10 = await held('u2', 't2', '2026-03-02T19:00:00+08:00');
  ids.s11 = await held('u6', 't1', '2026-03-03T19:00:00+08:00', { verification: 'flagged' });
  ids.s12 = await held('u7', 't1', '2026-04-01T19:00:00+08:00'); // the next quarter
  // County B, 2026-03: seven units, one screening each.
  for (const n of [1, 2, 3, 4, 5, 6, 7]) await held(`b${n}`, 't3', `2026-03-0${n}T19:00:00+08:00`);

  await app.http.put(`/api/areas/${a.id}/settings`).set(auth.admin!).send({ subsidyPerScreening: 350, costShares: { central: 0.5, province: 0.2, prefecture: 0.2, county: 0.1 }, filmFeePerFilm: 1.5 });
  await app.http.put(`/api/areas/${b.id}/settings`).set(auth.admin!).send({ subsidyPerScreening: 333.34, costShares: { central: 1 / 3, province: 1 / 3, prefecture: 1 / 3, county: 0 }, paymentRound: 'month' });
  await lock(a.id, '2026-01');
  await lock(a.id, '2026-02');
  await lock(a.id, '2026-03', 'submitted');
  await lock(b.id, '2026-03');
});

const sharesSum = (s: Record<string, number>) => Math.round(Object.values(s).reduce((n, x) => n + x * 100, 0));

describe('POST /api/statements', () => {
  it('is refused (409) while a month of the round is not locked, listing it', async () => {
    const res = await issue('bureauA', ids.a!);
    expectProblem(res, 409, ['months.2026-03']);
    expect(res.body.months).toEqual([{ month: '2026-03', state: 'submitted' }]);
    expectProblem(await issue('admin', ids.a!, '2026-H1'), 409, ['months.2026-03', 'months.2026-04', 'months.2026-05', 'months.2026-06']);
    expectProblem(await issue('admin', ids.a!, '2026-Q5'), 400, ['round']);
  });

  it('settles county A: one paid a unit-month, the natural village for its parent, pending and rejected apart, film fees deducted, shares to the fen', async () => {
    await lock(ids.a!, '2026-03');
    const res = await issue('bureauA', ids.a!);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const s = res.body;
    ids.first = s.id;
    expect(s).toMatchObject({ countyId: ids.a, round: '2026-Q1', months: ['2026-01', '2026-02', '2026-03'], current: true, supersedesId: null, differences: null, partial: false });
    expect(s.number).toBe(`530423-2026-Q1-${String(s.id).padStart(4, '0')}`);
    expect(s.settings).toMatchObject({ subsidyPerScreening: 350, filmFeePerFilm: 1.5, costShares: { central: 0.5, province: 0.2, prefecture: 0.2, county: 0.1 }, from: { subsidyPerScreening: '通海县' } });
    expect(s.paid.map((p: { screeningId: number }) => p.screeningId).sort((x: number, y: number) => x - y)).toEqual([ids.s1, ids.s3, ids.s6, ids.s7, ids.s8, ids.s9, ids.s10].sort((x, y) => x! - y!));
    expect(s.extra.map((p: { screeningId: number; unitName: string }) => [p.screeningId, p.unitName])).toEqual([[ids.s2, '甲1村']]);
    expect(s.pending.map((p: { screeningId: number }) => p.screeningId)).toEqual([ids.s4, ids.s11]);
    expect(s.rejected).toEqual([expect.objectContaining({ screeningId: ids.s5, reason: '照片不是本村' })]);
    expect(s.totals).toEqual({ count: 7, films: 8, gross: 2450, shares: { central: 1225, province: 490, prefecture: 490, county: 245 }, filmFees: 12, net: 2438 });
    expect(s.groups).toEqual([
      { contractId: ids.k1, partnerId: ids.p1, partnerName: '甲公司', count: 5, films: 6, gross: 1750, shares: { central: 875, province: 350, prefecture: 350, county: 175 }, filmFees: 9, net: 1741 },
      { contractId: ids.k2, partnerId: ids.p2, partnerName: '乙公司', count: 2, films: 2, gross: 700, shares: { central: 350, province: 140, prefecture: 140, county: 70 }, filmFees: 3, net: 697 },
    ]);
    const first = s.paid.find((p: { screeningId: number }) => p.screeningId === ids.s1);
    expect(first).toMatchObject({ villageName: '甲1村', townshipName: '秀山街道', teamName: '一队', films: ['地道战', '科教一'], amount: 350, filmFees: 3, month: '2026-01' });
    expect(first.startsAt).toMatch(/^2026-01-05T19:00:00(\.000)?\+08:00$/);
  });

  it('splits an awkward amount so the parts add up to the gross exactly (¥333.34 × 7 by thirds)', async () => {
    const res = await issue('admin', ids.b!, '2026-03');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.totals).toMatchObject({ count: 7, gross: 2333.38, shares: { central: 777.8, province: 777.79, prefecture: 777.79, county: 0 }, net: 2333.38 });
    expect(sharesSum(res.body.totals.shares)).toBe(233338);
    for (const g of res.body.groups) expect(sharesSum(g.shares)).toBe(Math.round(g.gross * 100));
  });

  it('is never changed: the database refuses an UPDATE or DELETE of an issued statement', async () => {
    await expect(app.db('statements').where({ id: ids.first }).update({ content: JSON.stringify({}) })).rejects.toThrow(/never changes/);
    await expect(app.db('statements').where({ id: ids.first }).delete()).rejects.toThrow(/never deleted/);
    // The one write allowed names superseded_by_id alone, null → an id: with another column, or back to null, refused.
    const other = (await app.db('statements').whereNot({ id: ids.first }).first('id')) as { id: number } | undefined;
    await expect(app.db('statements').where({ id: ids.first }).update({ superseded_by_id: other?.id ?? ids.first, round: '2026-02' })).rejects.toThrow(/never changes/);
    await expect(app.db('statements').where({ id: ids.first }).update({ superseded_by_id: null })).rejects.toThrow(/never changes/);
    await expect(app.db('statements').where({ id: ids.first }).update({ issued_at: app.db.fn.now() })).rejects.toThrow(/never changes/);
  });

  it('supersedes on a reissue after a reopened month changed, listing the differences; the issued one stays as it was', async () => {
    const before = (await read('admin', `/api/statements/${ids.first}`)).body;
    const reopened = await app.http.post(`/api/periods/${ids.a}/2026-01/reopen`).set(auth.admin!).send({ reason: '乙公司一场照片有误' });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    await app.db('screenings').where({ id: ids.s3 }).update({ review_decision: 'rejected', review_reason: '照片有误' });
    await lock(ids.a!, '2026-01');
    expect((await read('admin', `/api/statements/${ids.first}`)).body).toEqual(before);
    const again = await issue('province', ids.a!);
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body).toMatchObject({ supersedesId: ids.first, current: true });
    const d = again.body.differences;
    expect(d.supersedesId).toBe(ids.first);
    expect(d.added).toEqual([]);
    expect(d.removed.map((p: { screeningId: number }) => p.screeningId)).toEqual([ids.s3]);
    expect(d.groups).toEqual([expect.objectContaining({ partnerId: ids.p2, before: expect.objectContaining({ count: 2, gross: 700 }), after: expect.objectContaining({ count: 1, gross: 350, net: 348.5 }) })]);
    expect(d.totals.after).toMatchObject({ count: 6, gross: 2100 });
    expect(d.settingsChanged).toBe(false);
    const old = (await read('admin', `/api/statements/${ids.first}`)).body;
    expect(old).toEqual({ ...before, supersededById: again.body.id, current: false });
    ids.second = again.body.id;
    const list = await read('bureauA', `/api/statements?countyId=${ids.a}&round=2026-Q1`);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((i: { id: number; current: boolean }) => [i.id, i.current])).toEqual([[ids.second, true], [ids.first, false]]);
  });

  it('is audit-logged as the statement\'s creation', async () => {
    const log = await read('admin', `/api/audit?entity=statement&id=${ids.second}`);
    expect(log.body.items[0]).toMatchObject({ action: 'create', after: { countyId: ids.a, round: '2026-Q1', supersedesId: ids.first } });
  });
});

describe('GET /api/statements/:id as CSV and XLSX', () => {
  it('serves CSV with a BOM, its title, Chinese headings and yuan with two decimals', async () => {
    const res = await read('admin', `/api/statements/${ids.first}?format=csv`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(res.text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    expect(rows[0]![0]).toContain('通海县 2026-Q1 农村电影公益放映补贴结算单');
    expect(rows).toContainEqual(['放映公司', '合同编号', '计补贴场次', '影片部数', '补贴总额（元）', '中央（元）', '省级（元）', '市级（元）', '县级（元）', '片租（元）', '应付净额（元）']);
    expect(rows).toContainEqual(['合计', '', '7', '8', '2450.00', '1225.00', '490.00', '490.00', '245.00', '12.00', '2438.00']);
    expect(rows.some((r) => r[0] === String(ids.s5) && r.includes('照片不是本村'))).toBe(true);
  });

  it('serves XLSX: summary, paid list, pending and rejected, differences', async () => {
    const res = await read('admin', `/api/statements/${ids.second}?format=xlsx`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['汇总', '计补贴场次', '待核实及不计补贴', '变更']);
    const values = (i: number) => book.worksheets[i]!.getSheetValues().slice(3).map((r) => (r as unknown[]).slice(1));
    expect(values(0).at(-1)).toEqual(['合计', '', 6, 7, 2100, 1050, 420, 420, 210, 10.5, 2089.5]);
    // Yuan cells read as finance writes them: 2100.00, 10.50; counts stay whole numbers.
    const total = book.worksheets[0]!.getRow(book.worksheets[0]!.rowCount);
    expect([5, 6, 7, 8, 9, 10, 11].map((c) => total.getCell(c).numFmt)).toEqual(Array(7).fill('0.00'));
    expect([total.getCell(3).numFmt, total.getCell(4).numFmt]).not.toContain('0.00');
    expect([10, 11].map((c) => book.worksheets[1]!.getRow(3).getCell(c).numFmt)).toEqual(['0.00', '0.00']);
    expect(values(1)).toHaveLength(6);
    expect(values(3)).toContainEqual(['取消计补', expect.stringContaining(String(ids.s3)), '', '', '', '', '', '']);
    expect(values(3)).toContainEqual(['合计变动', '', 7, 6, 2450, 2100, 2438, 2089.5]);
  });
});

describe('who reads and issues statements', () => {
  it('keeps a bureau to its area (404 outside), the partner to its own part, and refuses partners and projectionists an issue', async () => {
    expectProblem(await read('bureauB', `/api/statements/${ids.first}`), 404);
    expectProblem(await issue('bureauB', ids.a!), 404);
    expect((await read('bureauB', '/api/statements')).body.items.every((i: { countyId: number }) => i.countyId === ids.b)).toBe(true);
    expectProblem(await read('p3', `/api/statements/${ids.first}`), 404);
    const mine = (await read('p2', `/api/statements/${ids.first}`)).body;
    expect(mine.partial).toBe(true);
    expect(mine.groups.map((g: { partnerId: number }) => g.partnerId)).toEqual([ids.p2]);
    expect(mine.totals).toMatchObject({ count: 2, gross: 700, net: 697 });
    expect(mine.paid.every((p: { partnerId: number }) => p.partnerId === ids.p2)).toBe(true);
    expect(mine.pending).toEqual([]);
    expectProblem(await issue('p1', ids.a!), 403);
    expectProblem(await issue('projectionist', ids.a!), 403);
    expectProblem(await read('projectionist', '/api/statements'), 403);
    expectProblem(await read('admin', '/api/statements/999999'), 404);
    expectProblem(await app.http.post('/api/statements').set(auth.admin!).send({ countyId: (await app.db('areas').where({ code: '5304' }).first('id')).id, round: '2026-Q1' }), 400, ['countyId']);
  });
});
