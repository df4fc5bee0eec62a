import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

// The staging of an import (server/imports/copy.ts): COPY's text format on a server, arrays on the
// embedded engine. Names with COPY's special characters arrive as written, and a file with more
// refused rows than a staging pause holds (BATCH) stages every good row around them.
const app = useApp({ as: ['admin'], now: '2026-11-15T12:00:00' });

const post = (query: string, body: string) => app.as.admin.post(`/api/villages/import${query}`).set('Content-Type', 'text/csv; charset=utf-8').send(body);
const quoted = (s: string) => `"${s.replace(/"/g, '""')}"`;

describe('import staging', () => {
  it('keeps a name with a tab, a backslash, a line break, \\N and quotes as written; positions to the last digit', async () => {
    const names = ['甲\t村', 'C:\\村\\N', '乙\n村', '\\N', '丙"村"', '丁\r\n村'];
    const lines = names.map((n, i) => `53042399910${i},${quoted(n)},530423999,测试镇,24.123456789012${i},102.98765432101${i}`);
    const res = await post('', ['code,name,township_code,township_name,lat,lng', ...lines].join('\n') + '\n');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: names.length, errorCount: 0 });
    const rows = await app.db('villages').where('code', 'like', '53042399910%').orderBy('code').select('name', 'lat', 'lng', 'position_approximate');
    expect(rows.map((r: { name: string }) => r.name)).toEqual(names);
    expect(rows[2]).toMatchObject({ lat: 24.1234567890122, lng: 102.987654321012, position_approximate: false });
    // The same file again changes nothing and audits nothing.
    const audits = Number((await app.db('audit_log').count({ n: '*' }))[0]!.n);
    const again = await post('', ['code,name,township_code,township_name,lat,lng', ...lines].join('\n') + '\n');
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: names.length });
    expect(Number((await app.db('audit_log').count({ n: '*' }))[0]!.n)).toBe(audits);
  });

  it('when more rows are refused than one pause holds, every error is counted and the good rows around them are staged (the dry run counts them)', async () => {
    // 10,400 rows: the even ones good, the odd ones without a name (one error each): 5,200 errors, more than BATCH (5,000).
    const lines = Array.from({ length: 10_400 }, (_, i) => `5304239${70_000 + i},${i % 2 ? '' : `好村${i}`},530423998,又一镇,24.5,102.5`);
    const body = ['code,name,township_code,township_name,lat,lng', ...lines].join('\n') + '\n';
    const res = await post('?dryRun=true', body);
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(400);
    expect(res.body.result ?? res.body).toMatchObject({ errorCount: 5200, created: 5200 });
  });
});
