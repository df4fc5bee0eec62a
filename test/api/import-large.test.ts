import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

// 100,000 rows, generated here (the national file lives outside the repository): 100 townships of
// 900 administrative and 100 natural villages each. Memory is measured by scripts/bench-import.ts.

const TOWNSHIPS = 100;
const PER_TOWNSHIP = 1000;

function file(): Buffer {
  const lines = ['乡镇代码,乡镇名称,编码,名称,类型,上级代码,纬度,经度'];
  for (let i = 0; i < TOWNSHIPS; i++) {
    const ts = `5399${String(i).padStart(5, '0')}`;
    for (let j = 0; j < PER_TOWNSHIP; j++) {
      const natural = j >= 900;
      const lat = (20 + (i % 10) + j / 2000).toFixed(5);
      const lng = (100 + Math.floor(i / 10) + j / 2000).toFixed(5);
      lines.push(`${ts},第${i}乡,${ts}${String(j).padStart(3, '0')},村${i}-${j},${natural ? '自然村' : '行政村'},${natural ? `${ts}000` : ''},${lat},${lng}`);
    }
  }
  return Buffer.from(lines.join('\n') + '\n');
}

const app = useApp({ as: ['admin'] });

const post = (query: string, body: Buffer) => app.as.admin.post(`/api/villages/import${query}`).set('Content-Type', 'text/csv').send(body);

/** The villages' indexes and constraints as the catalogue spells them (a run this large rebuilds them: server/db/rebuild.ts). */
const schema = async () =>
  (
    await app.db.raw(`select indexdef as def from pg_indexes where tablename = 'villages'
      union all select conname || ' ' || pg_get_constraintdef(oid) from pg_constraint where conrelid = 'villages'::regclass order by 1`)
  ).rows;

describe('a 100,000-row registry', () => {
  it('imports in one run, and a second run finds every row unchanged', { timeout: 600_000 }, async () => {
    const body = file();
    const indexes = await schema();
    const res = await post('', body);
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body).toMatchObject({ created: 100_000, updated: 0, unchanged: 0, townshipsCreated: TOWNSHIPS, errorCount: 0 });
    const [all] = await app.db('villages').count({ n: '*' });
    expect(Number(all?.n)).toBe(100_000);
    const [natural] = await app.db('villages').where({ kind: 'natural' }).whereNotNull('parent_id').count({ n: '*' });
    expect(Number(natural?.n)).toBe(10_000);
    expect(await schema()).toEqual(indexes);

    const again = await post('?dryRun=true', body);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 100_000, retired: 0 });
  });
});
