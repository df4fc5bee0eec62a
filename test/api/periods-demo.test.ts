import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.js';
import { useApp } from '../helpers/api.js';

// The demo's sign-off (server/demo/periods.ts): loaded on 29 November, its screenings from August
// on — July (the first month of their quarter, empty) and August locked through the service
// (submitted by the demo partner, approved by the demo bureau), September submitted and
// awaiting the county, October (with overdue screenings) open.

const app = useApp({ as: ['admin'], now: '2026-11-29T10:00:00' });
const zone = 'Asia/Shanghai';
let county: number;

beforeAll(async () => {
  await seedDemo(app.db, { ...app.config, now: () => DateTime.fromISO('2026-11-29T10:00', { zone }) });
  county = (await app.db('areas').where({ code: '530423' }).first('id')).id;
});

const period = async (month: string) => (await app.as.admin.get(`/api/periods?month=${month}&areaId=${county}`)).body.items[0];

describe('the demo county-months', () => {
  it('three months back is locked, signed off by the demo partner and bureau, and its screenings answer locked', async () => {
    const aug = await period('2026-08');
    expect(aug).toMatchObject({ state: 'locked', approvedLevels: ['county'], unreported: 0 });
    expect(aug.steps.map((s: { action: string; userName: string }) => [s.action, s.userName])).toEqual([
      ['submit', 'partner'],
      ['approve', 'bureau'],
    ]);
    const [one] = (await app.as.admin.get('/api/screenings?month=2026-08&limit=1')).body.items;
    expect(one.locked).toBe(true);
    // July, before the demo's first screening but in its quarter (Q3): empty, submitted by the contract holder, approved by the bureau.
    const jul = await period('2026-07');
    expect(jul.state).toBe('locked');
    expect(jul.steps.map((s: { action: string; userName: string }) => [s.action, s.userName])).toEqual([
      ['submit', 'partner'],
      ['approve', 'bureau'],
    ]);
    expect((await period('2026-06')).state).toBe('open');
    expect(await app.db('audit_log').where({ entity: 'period', entity_id: county })).toHaveLength(5);
  });

  it('two months back awaits the county bureau; the last month is open, its overdue screenings unreported', async () => {
    expect(await period('2026-09')).toMatchObject({ state: 'submitted', awaiting: 'county', actions: ['approve', 'return'] });
    const oct = await period('2026-10');
    expect(oct).toMatchObject({ state: 'open', steps: [] });
    expect(oct.unreported).toBeGreaterThan(0);
    expect((await period('2026-11')).state).toBe('open');
    expect((await app.as.admin.get('/api/screenings?month=2026-10&limit=1')).body.items[0].locked).toBe(false);
  });
});
