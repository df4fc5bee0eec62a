import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

// The first 100,000 village-level units of the national division codes (2023), from the shared
// reference data beside the repository, with their real township names and made-up positions (the
// source has none). Skipped where that data is absent; import-large.test.ts covers the size anyway.
const dir = path.resolve(import.meta.dirname, '../../../shared/data/china-divisions');
const present = fs.existsSync(path.join(dir, 'villages.csv.gz')) && fs.existsSync(path.join(dir, 'streets.csv'));
const ROWS = 100_000;

function nationalSlice(): { body: Buffer; townships: number } {
  const streets = new Map<string, string>(
    (parse(fs.readFileSync(path.join(dir, 'streets.csv')), { columns: true }) as { code: string; name: string }[]).map((s) => [s.code, s.name]),
  );
  const text = zlib.gunzipSync(fs.readFileSync(path.join(dir, 'villages.csv.gz'))).toString('utf8');
  const rows = (parse(text, { columns: true, to_line: ROWS + 1 }) as { code: string; name: string; streetCode: string }[]).slice(0, ROWS);
  const lines = ['code,name,township_code,township_name,lat,lng'];
  rows.forEach((r, i) => {
    const name = /[",]/.test(r.name) ? `"${r.name.replace(/"/g, '""')}"` : r.name;
    lines.push(`${r.code},${name},${r.streetCode},${streets.get(r.streetCode) ?? ''},${(20 + (i % 1000) / 100).toFixed(5)},${(100 + i / 10_000).toFixed(5)}`);
  });
  return { body: Buffer.from(lines.join('\n') + '\n'), townships: new Set(rows.map((r) => r.streetCode)).size };
}

const app = useApp({ as: ['admin'] });

describe('the national division codes', () => {
  it.skipIf(!present)('a 100,000-row slice imports whole, with its townships, and again as unchanged', { timeout: 600_000 }, async () => {
    const { body, townships } = nationalSlice();
    const post = (query: string) => app.as.admin.post(`/api/villages/import${query}`).set('Content-Type', 'text/csv').send(body);
    const res = await post('');
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body).toMatchObject({ created: ROWS, updated: 0, unchanged: 0, townshipsCreated: townships });
    expect(await app.db('villages').count({ n: '*' })).toEqual([{ n: ROWS }]);
    const beijing = await app.db('villages as v').join('townships as t', 't.id', 'v.township_id').where('v.code', '110101001001').first('v.name', 't.name as township');
    expect(beijing).toEqual({ name: '多福巷社区居委会', township: '东华门街道' });
    const again = await post('?dryRun=true');
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: ROWS, retired: 0 });
  });
});
