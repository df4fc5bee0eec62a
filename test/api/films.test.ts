import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { expectProblem, useApp, type SignedIn } from '../helpers/api.js';

const app = useApp({ as: ['admin', 'bureau', 'partner'] });

const full = {
  title: '山村的希望',
  category: 'feature',
  minutes: 98,
  year: 2025,
  code: 'T-2025-001',
  availableFrom: '2026-01-01',
  availableTo: '2026-12-31',
  themes: ['乡村振兴', '法治'],
};

describe('films: the catalogue fields', () => {
  it('when a film is created with every field, it is answered with all of them', async () => {
    const res = await app.as.bureau.post('/api/films').send(full);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), ...full, retiredAt: null });
    expect((await app.as.partner.get(`/api/films/${res.body.id}`)).body).toEqual(res.body);
  });

  it('when only a title and category are given, the rest is empty', async () => {
    const res = await app.as.bureau.post('/api/films').send({ title: '科普', category: 'science' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), title: '科普', category: 'science', minutes: null, year: null, code: null, availableFrom: null, availableTo: null, themes: [], retiredAt: null });
  });

  it('takes each of the six categories', async () => {
    for (const category of ['feature', 'science', 'documentary', 'opera', 'children', 'other']) {
      expect((await app.as.bureau.post('/api/films').send({ title: `六类${category}`, category })).status).toBe(201);
    }
  });

  const bad: [string, object, string[]][] = [
    ['the category is unknown', { category: 'cartoon' }, ['category']],
    ['the category is missing', { category: undefined }, ['category']],
    ['minutes are 0', { minutes: 0 }, ['minutes']],
    ['minutes are over 1000', { minutes: 1001 }, ['minutes']],
    ['minutes are a fraction', { minutes: 90.5 }, ['minutes']],
    ['minutes are a string', { minutes: '90' }, ['minutes']],
    ['the title is empty', { title: '' }, ['title']],
    ['a field is unknown', { director: 'x' }, ['director']],
    ['the year is 1899', { year: 1899 }, ['year']],
    ['the year is 2101', { year: 2101 }, ['year']],
    ['availableFrom is not a date', { availableFrom: '2026-02-30' }, ['availableFrom']],
    ['availableTo is not YYYY-MM-DD', { availableTo: '2026/12/31' }, ['availableTo']],
    ['the window ends before it starts', { availableFrom: '2026-05-02', availableTo: '2026-05-01' }, ['availableTo']],
    ['themes are not a list', { themes: '乡村振兴' }, ['themes']],
    ['a theme is empty', { themes: [' '] }, ['themes.0']],
  ];
  for (const [when, change, paths] of bad) {
    it(`when ${when}, it answers 400 naming ${paths.join(', ')}`, async () => {
      expectProblem(await app.as.bureau.post('/api/films').send({ title: 'T', category: 'other', minutes: 80, ...change }), 400, paths);
    });
  }

  it('a window of one day is in order', async () => {
    expect((await app.as.bureau.post('/api/films').send({ title: '一日', category: 'science', availableFrom: '2026-05-01', availableTo: '2026-05-01' })).status).toBe(201);
  });

  it('when a code is taken, it answers 409 naming code; an empty code is none, and two films may have none', async () => {
    await app.make.film({ code: 'DUP-1' });
    expectProblem(await app.as.bureau.post('/api/films').send({ title: '重复', category: 'feature', code: 'DUP-1' }), 409, ['code']);
    const other = await app.make.film({ code: 'DUP-2' });
    expectProblem(await app.as.bureau.patch(`/api/films/${other.id}`).send({ code: 'DUP-1' }), 409, ['code']);
    for (const title of ['无号一', '无号二']) {
      const res = await app.as.bureau.post('/api/films').send({ title, category: 'science', code: '  ' });
      expect(res.status).toBe(201);
      expect(res.body.code).toBeNull();
    }
  });

  it('when a patch moves availableFrom past the stored availableTo, it answers 400 naming availableTo', async () => {
    const f = await app.make.film({ available_from: '2026-01-01', available_to: '2026-06-30' });
    expectProblem(await app.as.bureau.patch(`/api/films/${f.id}`).send({ availableFrom: '2026-07-01' }), 400, ['availableTo']);
  });

  it('when a patch changes only minutes, the other fields stay; retiredAt retires and null brings it back', async () => {
    const created = (await app.as.bureau.post('/api/films').send({ ...full, code: 'KEEP-1', title: '守岛人' })).body;
    const res = await app.as.bureau.patch(`/api/films/${created.id}`).send({ minutes: 112 });
    expect(res.body).toEqual({ ...created, minutes: 112 });
    const retired = await app.as.bureau.patch(`/api/films/${created.id}`).send({ retiredAt: '2026-03-01T10:00' });
    expect(retired.body.retiredAt).toBe('2026-03-01T10:00:00.000+08:00');
    expect((await app.as.bureau.patch(`/api/films/${created.id}`).send({ retiredAt: null })).body.retiredAt).toBeNull();
  });

  it('a partner reads the catalogue but may not write it', async () => {
    const f = await app.make.film();
    expect((await app.as.partner.get('/api/films')).status).toBe(200);
    expectProblem(await app.as.partner.post('/api/films').send({ title: 'x', category: 'feature' }), 403);
    expectProblem(await app.as.partner.patch(`/api/films/${f.id}`).send({ minutes: 3 }), 403);
  });

  it('when the film does not exist, GET and PATCH answer 404', async () => {
    expectProblem(await app.as.bureau.get('/api/films/555555'), 404);
    expectProblem(await app.as.bureau.patch('/api/films/555555').send({ minutes: 3 }), 404);
  });

  it('answers in Chinese when asked', async () => {
    const res = await app.as.bureau.post('/api/films').set('Accept-Language', 'zh-CN').send({ title: 'T', category: 'x' });
    expectProblem(res, 400, ['category']);
    expect(res.body.errors[0].message).toMatch(/^必须为 feature/);
    const window = await app.as.bureau.post('/api/films').set('Accept-Language', 'zh-CN').send({ title: 'T', category: 'feature', availableFrom: '2026-05-02', availableTo: '2026-05-01' });
    expectProblem(window, 400, ['availableTo']);
    expect(window.body.errors[0].message).toMatch(/^不能早于/);
  });
});

describe('films: list filters', () => {
  const ids = (res: { body: { items: { id: number }[] } }) => res.body.items.map((f) => f.id);
  const list = (query: Record<string, string>) => app.as.bureau.get('/api/films').query({ limit: 1000, ...query });

  it('category keeps that category; a bad one is 400', async () => {
    await app.make.film({ category: 'opera', title: '花灯戏' });
    const res = await list({ category: 'opera' });
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((f: { category: string }) => f.category === 'opera')).toBe(true);
    expectProblem(await list({ category: 'x' }), 400, ['category']);
  });

  it('q finds a part of the title or of the code', async () => {
    const a = await app.make.film({ title: '查找片名甲', code: 'QQ-7781' });
    const b = await app.make.film({ title: '另一部', code: 'ZZ-QQ-0001' });
    expect(ids(await list({ q: '片名甲' }))).toEqual([a.id]);
    expect(ids(await list({ q: 'qq-' })).sort()).toEqual([a.id, b.id].sort());
    expect(ids(await list({ q: '7781' }))).toEqual([a.id]);
  });

  it('availableOn keeps the films licensed that day: both ends of the window count, open ends are open, a retired film is never licensed', async () => {
    const win = await app.make.film({ title: '窗口', themes: ['边界测试'], available_from: '2026-03-01', available_to: '2026-03-31' });
    const openStart = await app.make.film({ title: '无起', themes: ['边界测试'], available_to: '2026-03-31' });
    const openEnd = await app.make.film({ title: '无止', themes: ['边界测试'], available_from: '2026-03-01' });
    const always = await app.make.film({ title: '常年', themes: ['边界测试'] });
    const retired = await app.make.film({ title: '退役', themes: ['边界测试'], retired_at: new Date('2026-01-01T00:00:00Z') });
    const on = async (day: string) => ids(await list({ availableOn: day, theme: '边界测试' })).sort((x, y) => x - y);
    const sorted = (...xs: { id: number }[]) => xs.map((x) => x.id).sort((x, y) => x - y);
    expect(await on('2026-02-28')).toEqual(sorted(openStart, always));
    expect(await on('2026-03-01')).toEqual(sorted(win, openStart, openEnd, always));
    expect(await on('2026-03-31')).toEqual(sorted(win, openStart, openEnd, always));
    expect(await on('2026-04-01')).toEqual(sorted(openEnd, always));
    expect(ids(await list({ theme: '边界测试' }))).toContain(retired.id);
    expectProblem(await list({ availableOn: '2026-13-01' }), 400, ['availableOn']);
  });

  it('theme keeps the films with that theme', async () => {
    const a = await app.make.film({ themes: ['禁毒', '健康'] });
    await app.make.film({ themes: ['健康'] });
    expect(ids(await list({ theme: '禁毒' }))).toEqual([a.id]);
  });
});

const post = (body: string | Buffer, query = '', who: SignedIn = app.as.bureau, type = 'text/csv; charset=utf-8') =>
  who.post(`/api/films/import${query}`).set('Content-Type', type).send(body);
const csv = (...lines: string[]) => lines.join('\r\n') + '\r\n';
const byCode = (code: string) => app.db('films').where({ code }).first();
const count = async () => Number((await app.db('films').count({ n: '*' }))[0]!.n);

describe('POST /api/films/import', () => {
  const english = csv(
    'title,category,minutes,year,code,available_from,available_to,themes',
    '稻田里的新农人,feature,102,2025,IMP-E-1,2026-01-01,2027-12-31,乡村振兴;农业技术',
    '果树修剪技术,science,18,2024,IMP-E-2,,,农业技术',
    '防范电信诈骗,science,15,2026,IMP-E-3,2026-02-01,2028-01-31,防诈骗、法治',
  );

  it('a dry run counts and stores nothing; the import creates the films with every field and an audit row each; the same file again is unchanged', async () => {
    const before = await count();
    const audits = Number((await app.db('audit_log').where({ entity: 'film' }).count({ n: '*' }))[0]!.n);
    const dry = await post(english, '?dryRun=true');
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, created: 3, updated: 0, unchanged: 0, errors: [], errorCount: 0 });
    expect(await count()).toBe(before);

    const res = await post(english);
    expect(res.body).toMatchObject({ dryRun: false, created: 3, updated: 0, unchanged: 0, errors: [], encoding: 'utf-8' });
    const f = await byCode('IMP-E-3');
    const film = (await app.as.bureau.get(`/api/films/${f.id}`)).body;
    expect(film).toMatchObject({ title: '防范电信诈骗', category: 'science', minutes: 15, year: 2026, availableFrom: '2026-02-01', availableTo: '2028-01-31', themes: ['防诈骗', '法治'], retiredAt: null });
    expect(Number((await app.db('audit_log').where({ entity: 'film' }).count({ n: '*' }))[0]!.n)).toBe(audits + 3);

    const again = await post(english);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, errors: [] });
    expect(Number((await app.db('audit_log').where({ entity: 'film' }).count({ n: '*' }))[0]!.n)).toBe(audits + 3);
  });

  it('reads Chinese headers and category words in another order, in GBK, with 、 between themes', async () => {
    const text = csv('编号,片名,类别,片长,年份,起始日期,截止日期,主题', 'IMP-Z-1,花灯情缘,戏曲片,95,2023,2025/1/1,2027年12月31日,乡村振兴、健康', 'IMP-Z-2,小小消防员,少儿片,80分钟,2024年,,,安全生产');
    const res = await post(iconv.encode(text, 'gbk'), '', app.as.admin, 'text/csv');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: 2, encoding: 'gb18030', errors: [] });
    expect(await byCode('IMP-Z-1')).toMatchObject({ title: '花灯情缘', category: 'opera', minutes: 95, year: 2023, available_from: '2025-01-01', available_to: '2027-12-31', themes: ['乡村振兴', '健康'] });
    expect(await byCode('IMP-Z-2')).toMatchObject({ category: 'children', minutes: 80, year: 2024 });
  });

  it('reads an XLSX workbook, its date cells as dates', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('目录');
    sheet.addRow(['片名', '类别', '片长', '年份', '编号', '起始日期', '截止日期', '主题']);
    sheet.addRow(['高原禁毒行', '纪录片', 52, 2022, 'IMP-X-1', new Date(Date.UTC(2026, 0, 1)), new Date(Date.UTC(2026, 11, 31)), '禁毒;法治']);
    const res = await post(Buffer.from(await book.xlsx.writeBuffer()), '', app.as.bureau, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: 1, errors: [] });
    expect(await byCode('IMP-X-1')).toMatchObject({ title: '高原禁毒行', category: 'documentary', minutes: 52, available_from: '2026-01-01', available_to: '2026-12-31', themes: ['禁毒', '法治'] });
  });

  it('a row with a code updates the film with that code; a row without one the film with its title and year; else it creates', async () => {
    const byCodeFilm = await app.make.film({ title: '旧名', category: 'feature', minutes: 90, code: 'UPD-1', year: 2020 });
    const byTitle = await app.make.film({ title: '同名影片', category: 'science', minutes: 20, year: 2021 });
    const otherYear = await app.make.film({ title: '同名影片', category: 'science', minutes: 20, year: 2019 });
    const res = await post(csv('title,category,minutes,year,code', '新名,feature,91,2020,UPD-1', '同名影片,science,25,2021,', '同名影片,science,20,2018,'));
    expect(res.body).toMatchObject({ created: 1, updated: 2, unchanged: 0, errors: [] });
    expect(await app.db('films').where({ id: byCodeFilm.id }).first()).toMatchObject({ title: '新名', minutes: 91 });
    expect(await app.db('films').where({ id: byTitle.id }).first()).toMatchObject({ minutes: 25, code: null });
    expect(await app.db('films').where({ id: otherYear.id }).first()).toMatchObject({ minutes: 20 });
    expect(await app.db('films').where({ title: '同名影片', year: 2018 }).first()).toBeTruthy();
  });

  it('a column the file leaves out keeps the film\'s value; an empty cell clears it', async () => {
    await app.make.film({ title: '留值', code: 'KEEP-T', minutes: 100, themes: ['健康'], available_to: '2027-01-01' });
    const res = await post(csv('code,title,category,available_to', 'KEEP-T,留值,feature,'));
    expect(res.body).toMatchObject({ updated: 1 });
    expect(await byCode('KEEP-T')).toMatchObject({ minutes: 100, themes: ['健康'], available_to: null });
  });

  it('a catalogue file with one bad row stores nothing: every refused row is named by row and column, with the counts of the others', async () => {
    const before = await count();
    const file = csv(
      'title,category,minutes,year,code,available_from,available_to,themes',
      '好片,feature,100,2025,BAD-1,2026-01-01,2026-12-31,健康',
      '坏类别,cartoon,100,2025,BAD-2,,,',
      ',science,abc,1800,BAD-3,2026-02-30,,',
      '倒序,science,20,2025,BAD-4,2026-05-02,2026-05-01,',
      '重复,science,20,2025,BAD-1,,,',
    );
    const res = await post(file);
    expectProblem(res, 400);
    expect(res.body.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual([
      [2, 'category', 'bad_category'],
      [3, 'title', 'required'],
      [3, 'minutes', 'not_whole_number'],
      [3, 'year', 'not_whole_number'],
      [3, 'available_from', 'bad_date'],
      [4, 'available_to', 'date_order'],
      [5, 'code', 'duplicate_film'],
    ]);
    expect(res.body.errors[0]).toMatchObject({ path: 'rows.2.category', message: expect.stringContaining('feature') });
    expect(res.body).toMatchObject({ created: 1, errorCount: 7 });
    expect(await count()).toBe(before);
    expect(await byCode('BAD-1')).toBeUndefined();
  });

  it('says the row errors in Chinese when the request asks for Chinese', async () => {
    const res = await post(csv('片名,类别', '某片,动作片')).set('Accept-Language', 'zh-CN,zh;q=0.9');
    expectProblem(res, 400);
    expect(res.body.errors[0]).toMatchObject({ row: 1, column: 'category', code: 'bad_category', message: expect.stringMatching(/^必须为故事片/) });
    expect(res.body.detail).toMatch(/没有导入任何内容/);
  });

  it('a file without a title or category column is refused at its header', async () => {
    const res = await post(csv('film,minutes', 'x,90'));
    expectProblem(res, 400);
    expect(res.body.errors[0]).toMatchObject({ row: 0, column: 'title', code: 'no_title_column' });
    const noCategory = await post(csv('片名,片长', 'x,90'));
    expect(noCategory.body.errors[0]).toMatchObject({ row: 0, column: 'category', code: 'no_category_column' });
  });

  it('a PDF or a GeoJSON body is refused with 415', async () => {
    expectProblem(await post(Buffer.from('%PDF-1.4 ...'), '', app.as.bureau, 'application/octet-stream'), 415);
    expectProblem(await post('{"type":"FeatureCollection","features":[]}', '', app.as.bureau, 'application/geo+json'), 415);
  });

  it('a partner may not import', async () => {
    expectProblem(await post(english, '', app.as.partner), 403);
  });
});
