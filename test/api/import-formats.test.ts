import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { importCodes } from '../../server/imports/codes.js';
import { expectProblem, useApp } from '../helpers/api.js';

// Issue 11: what a county clerk may pick instead of the CSV (the workbook itself, a scan, a zipped
// folder) is recognised by its first bytes and refused as what it is; every import error carries a
// stable code and its parameters beside the English message.

const app = useApp({ as: ['bureau'], now: '2026-11-15T12:00:00' });

const post = (body: string | Buffer, type = 'text/csv') =>
  app.as.bureau.post('/api/villages/import?dryRun=true').set('Content-Type', type).send(body);
const csv = (lines: string[]) => lines.join('\r\n') + '\r\n';
const villages = async () => Number((await app.db('villages').count({ n: '*' }))[0]!.n);

/** A 415 that names the file and says what it is. */
function expectNotText(res: Awaited<ReturnType<typeof post>>, code: string, params: Record<string, unknown> = {}) {
  expectProblem(res, 415, ['file']);
  expect(res.body.errors).toEqual([{ path: 'file', code, params, message: res.body.detail }]);
}

async function xlsx(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('村').addRows([['code', 'name'], ['530423001001', '滨湖社区']]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A ZIP whose first entry is `name` (a local file header, stored, empty). */
function zipWith(name: string): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, Buffer.from(name, 'latin1'), Buffer.alloc(64)]);
}

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(200, 7)]);

describe('a file that is not CSV or GeoJSON text', () => {
  it('an XLSX is read whatever type it was sent as (issue 19); one that does not open is a 400 xlsx_unreadable; an XLS is still 415', async () => {
    const before = await villages();
    const res = await post(await xlsx());
    expect(res.status, JSON.stringify(res.body)).toBe(400); // read: its one row has no position and no township name
    expect(res.body.errors.map((e: { code: string }) => e.code)).toEqual(['needs_position', 'new_township_needs_name']);
    const broken = await post(zipWith('xl/workbook.xml'));
    expectProblem(broken, 400);
    expect(broken.body.errors).toEqual([expect.objectContaining({ row: 0, code: 'xlsx_unreadable' })]);
    const xls = await post(Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(100)]));
    expectNotText(xls, 'excel_workbook', { format: 'XLS' });
    expect(xls.body.detail).toContain('CSV UTF-8');
    expect(await villages()).toBe(before);
  });

  it('when a PNG is sent as CSV, or untyped, it answers 415 naming PNG, never the bytes as headers', async () => {
    for (const type of ['text/csv', 'application/octet-stream', 'text/plain']) {
      const res = await post(PNG, type);
      expectNotText(res, 'image_file', { format: 'PNG' });
      expect(res.body.detail).toBe('The file is a PNG image, not CSV or GeoJSON.');
      expect(JSON.stringify(res.body)).not.toMatch(/headers found|IHDR/);
    }
  });

  it.each([
    ['JPEG', Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.alloc(50)]), 'image_file', { format: 'JPEG' }],
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image_file', { format: 'GIF' }],
    ['PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj', 'latin1'), 'document_file', { format: 'PDF' }],
    ['DOCX', zipWith('word/document.xml'), 'document_file', { format: 'DOCX' }],
    ['ZIP', zipWith('villages.csv'), 'archive_file', { format: 'ZIP' }],
    ['GZIP', zlib.gzipSync('code,name\n530423001001,滨湖社区\n'), 'archive_file', { format: 'GZIP' }],
    ['XLS', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(100)]), 'excel_workbook', { format: 'XLS' }],
    ['HTML', Buffer.from('<!DOCTYPE html>\n<html><body><table><tr><td>code</td></tr></table></body></html>'), 'markup_file', { format: 'HTML' }],
    ['KML', Buffer.from('<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>'), 'markup_file', { format: 'KML' }],
    ['UTF-16 with its mark', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('code\tname\r\n530423001001\t滨湖社区\r\n', 'utf16le')]), 'utf16_text', {}],
    ['UTF-16 without its mark', iconv.encode('code,name\r\n530423001001,滨湖社区\r\n', 'utf16le'), 'utf16_text', {}],
    ['other binary data', Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256)), 'binary_file', {}],
  ])('when a %s file is sent, it answers 415 with its code', async (_what, body, code, params) => {
    expectNotText(await post(body), code, params);
  });

  it('when a CSV holds a stray control byte, or GB18030 Chinese, it is still read as CSV', async () => {
    const res = await post(csv(['code,name,township_code,township_name,lat,lng', '530423951001,一村\x01,530423951,试乡,24.1,102.7']));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const gb = await post(iconv.encode(csv(['代码,名称,乡镇代码,乡镇,纬度,经度', '530423951002,二村,530423951,试乡,24.1,102.7']), 'gb18030'));
    expect(gb.status, JSON.stringify(gb.body)).toBe(200);
    expect(gb.body.encoding).toBe('gb18030');
  });
});

describe('the codes of import errors', () => {
  it('when a CSV has a quote inside an unquoted field, the file is refused as csv_unreadable at that row, saying the case and the line', async () => {
    const res = await post(csv(['code,name', '530423001001,一村', '530423001002,二"村', '530423001003,三村']));
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ row: 2, code: 'csv_unreadable', params: { reason: 'INVALID_OPENING_QUOTE', detail: expect.stringContaining('at line 3') } }),
    ]);
  });

  it('when the header has no code column, the error is no_code_column with the headers as printable text, cut short', async () => {
    const long = '很长的表头'.repeat(20);
    const res = await post(csv([`名称,\x07坏\uFFFD列\u200B,${long},a,b,c,d,e,f,g,h,i`, '一村,x,y']));
    expectProblem(res, 400, ['rows.0.code']);
    const [e] = res.body.errors;
    expect(e).toMatchObject({ row: 0, column: 'code', code: 'no_code_column' });
    expect(e.message).toBe(`no code column (headers found: ${e.params.headers})`);
    expect(e.params.headers).toMatch(/^名称, 坏 列, 很长的表头/);
    expect([...e.params.headers].filter((c) => c < ' ' || c === '\uFFFD' || c === '\u200B')).toEqual([]);
    expect(e.params.headers).toContain('…');
    expect(e.params.headers.length).toBeLessThan(200);
  });

  it('when rows are refused, each error has its code and parameters beside the same English message and path', async () => {
    const res = await post(
      csv([
        'code,name,township_code,lat,lng,kind',
        '53042395200,一村,530423952,24.1,102.7,',
        '530423952002,二村,530423952,24.1,102.7,',
        '530423952002,二村,530423952,24.1,102.7,',
        '530423952004,四村,530423952,24.1,102.7,city',
        '530423952005,五村,530423952,north,102.7,',
      ]),
    );
    expectProblem(res, 400);
    const byRow = Object.fromEntries(res.body.errors.map((e: { row: number; column: string }) => [`${e.row}.${e.column}`, e]));
    expect(byRow['1.code']).toEqual({ row: 1, column: 'code', path: 'rows.1.code', code: 'digits', params: { digits: 12 }, message: 'must be 12 digits' });
    expect(byRow['5.lat']).toMatchObject({ code: 'not_a_number', params: {}, message: 'must be a number (decimal degrees, WGS-84)' });
    expect(byRow['3.code']).toMatchObject({ code: 'duplicate_code', params: { firstRow: 2 }, message: 'repeats the code of row 2' });
    expect(byRow['4.kind']).toMatchObject({ code: 'bad_kind', message: 'must be administrative (行政村) or natural (自然村)' });
    // The township is new and nameless: set-based checks carry codes too.
    expect(byRow['2.township_name']).toMatchObject({ code: 'new_township_needs_name', params: { townshipCode: '530423952' } });
    for (const e of res.body.errors) expect(Object.keys(importCodes)).toContain(e.code);
  });

  it('when the body is a form, of another type, or compressed, the 415 carries its code', async () => {
    const form = await post('x', 'multipart/form-data; boundary=x');
    expectProblem(form, 415, ['file']);
    expect(form.body.errors[0]).toMatchObject({ code: 'form_upload', params: { type: 'multipart/form-data' } });
    expect((await post('x', 'image/png')).body.errors[0]).toMatchObject({ code: 'unsupported_type', params: { type: 'image/png' } });
    const gz = await app.as.bureau.post('/api/villages/import').set('Content-Type', 'text/csv').set('Content-Encoding', 'gzip').send(zlib.gzipSync('code,name\n'));
    expect(gz.body.errors[0]).toMatchObject({ path: 'file', code: 'compressed_body' });
  });

  it('the OpenAPI document lists every code', async () => {
    const doc = (await app.http.get('/api/openapi.json')).body;
    expect(doc.components.schemas.ImportErrorCode.enum).toEqual(Object.keys(importCodes));
    expect(doc.components.schemas.ImportErrorCode.description).toContain('no_code_column');
  });
});
