import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_RANK, severityRank, type Flag } from '../../domain/evidence.js';
import { seedDemo } from '../../server/demo/seed.js';
import type { Cases } from '../../server/demo/telling.js';
import { photoKeys } from '../../server/evidence/files.js';
import { hammingDistance } from '../../server/evidence/image.js';
import { useApp } from '../helpers/api.js';
import { photosInS3 } from '../helpers/s3.js';

// The demo's evidence as the bureau first sees it: most past screenings backed by a fix, and the
// telling cases of server/demo/telling.ts each raising the flag it is there to show, their photos
// in the photo store beside their rows, and the review queue worst first.

const zone = 'Asia/Shanghai';
const now = '2026-11-20T21:00:00';
const app = useApp({ as: ['bureau'], now });

interface Item {
  id: number;
  startsAt: string;
  audience: number | null;
  verification: { state: string; decision: string | null; flags: (Flag & { message: string })[] };
  fixes: { lat: number; lng: number }[];
  photos: { id: number; url: string }[];
  confirmations: { count: number; ratings: number[]; averageRating: number | null };
}

let cases: Cases;
const queue = new Map<string, Item[]>();
const byId = new Map<number, Item>();

beforeAll(async () => {
  cases = (await seedDemo(app.db, app.config)).cases;
  for (const month of ['2026-10', '2026-11']) {
    const res = await app.as.bureau.get(`/api/review?month=${month}&limit=1000`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.total).toBe(res.body.items.length);
    queue.set(month, res.body.items);
    for (const item of res.body.items as Item[]) byId.set(item.id, item);
  }
}, 120_000);

const one = (kind: keyof Cases) => {
  expect(cases[kind], kind).toHaveLength(1);
  return byId.get(cases[kind][0]!)!;
};
const flag = (item: Item, code: string) => item.verification.flags.find((f) => f.code === code);

describe('the demo’s telling cases', () => {
  it('are this month’s screenings at least four days old, each a different one', () => {
    const ids = Object.values(cases).flat();
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      const start = DateTime.fromISO(byId.get(id)!.startsAt, { zone });
      expect(start.toFormat('yyyy-MM'), String(id)).toBe('2026-11');
      expect(start <= DateTime.fromISO(now, { zone }).minus({ days: 4 }), String(id)).toBe(true);
    }
  });

  it('a screening started at 10:00 is flagged daytime_start', () => {
    const s = one('daytime');
    expect(DateTime.fromISO(s.startsAt, { zone }).toFormat('HH:mm')).toBe('10:00');
    expect(flag(s, 'daytime_start')?.params).toMatchObject({ time: '10:00', from: '17:00', to: '23:00' });
    expect(s.verification.state).toBe('flagged');
  });

  it('a fix about 15 km from the village is flagged far_from_village (a warning: the demo positions are approximate)', () => {
    const s = one('far');
    const f = flag(s, 'far_from_village');
    expect(f?.severity).toBe('warning');
    expect(f?.params.km).toBeGreaterThan(14.5);
    expect(f?.params.km).toBeLessThan(15.5);
    expect(s.verification.state).toBe('flagged');
  });

  it('one photo sent for two screenings of one team is flagged duplicate_photo on both, each naming the other', () => {
    const a = one('duplicate');
    const b = one('duplicateAgain');
    expect(flag(a, 'duplicate_photo')?.params).toMatchObject({ otherScreeningId: b.id, distance: 0 });
    expect(flag(b, 'duplicate_photo')?.params).toMatchObject({ otherScreeningId: a.id, distance: 0 });
    expect(flag(a, 'duplicate_photo')?.severity).toBe('critical');
    // The second evening's photo says by its EXIF that it was taken on the first.
    expect(flag(b, 'fix_time')?.params).toMatchObject({ what: 'photo' });
    expect(flag(a, 'fix_time')).toBeUndefined();
  });

  it('a report sent 70 hours after the start is flagged late_report', () => {
    expect(flag(one('late'), 'late_report')?.params).toMatchObject({ hours: 70, maxHours: 48 });
  });

  it('an audience above the village’s population is flagged audience_outlier naming the population', async () => {
    const s = one('crowd');
    const f = flag(s, 'audience_outlier');
    expect(f?.severity).toBe('warning');
    expect(f?.params.audience).toBe(s.audience);
    expect(s.audience).toBeGreaterThan(Number(f?.params.population));
  });

  it('the confirmation-rich screening is verified, with a fix, two photos and 14 villagers’ confirmations with ratings and comments', async () => {
    const s = one('rich');
    expect(s.verification).toMatchObject({ state: 'verified', decision: null, flags: [] });
    expect(s.fixes).toHaveLength(1);
    expect(s.photos).toHaveLength(2);
    expect(s.confirmations.count).toBe(14);
    expect(s.confirmations.averageRating).toBeGreaterThanOrEqual(4);
    const comments = await app.db('confirmations').where({ screening_id: s.id }).whereNotNull('comment').pluck('comment');
    expect(comments.length).toBeGreaterThan(5);
    // Other screenings have a few confirmations at most.
    expect(Math.max(...[...byId.values()].filter((x) => x.id !== s.id).map((x) => x.confirmations.count))).toBeLessThanOrEqual(3);
  });

  it('the photo cases are verified with one photo each, all different pictures', async () => {
    for (const id of cases.photo) expect(byId.get(id)!.verification.state, String(id)).toBe('verified');
    const rows: { sha256: string; phash: string; screening_id: number }[] = await app.db('screening_photos').select('sha256', 'phash', 'screening_id');
    expect(rows).toHaveLength(7);
    expect(new Set(rows.map((r) => r.sha256)).size).toBe(6);
    // Only the photo sent twice matches another by its perceptual hash.
    const distinct = [...new Map(rows.map((r) => [r.sha256, r.phash])).values()];
    for (let i = 0; i < distinct.length; i++) for (let j = i + 1; j < distinct.length; j++) expect(hammingDistance(distinct[i]!, distinct[j]!)).toBeGreaterThan(app.config.evidence.photoHashMaxDistance);
  });
});

describe('the demo’s photos', () => {
  it('every photo row has its original and its display copy in the photo store, and nothing else is there', async () => {
    expect(app.ctx.photos.kind).toBe(photosInS3() ? 's3' : 'local');
    const rows: { sha256: string }[] = await app.db('screening_photos').distinct('sha256');
    const expected = rows.flatMap((r) => [photoKeys.original(r.sha256, 'jpg'), photoKeys.display(r.sha256)]).sort();
    const stored: string[] = [];
    for await (const o of app.ctx.photos.list()) stored.push(o.key);
    expect(stored.sort()).toEqual(expected);
    // The folder's half-written files, which list() leaves out: none.
    if (app.ctx.photos.kind === 'local') expect(fs.readdirSync(path.join(app.config.photos.dir, 'tmp'), { recursive: true }).length).toBe(0);
  });

  it('a demo photo is served to the bureau as its display copy', async () => {
    const [photo] = one('rich').photos;
    const res = await app.as.bureau.get(photo!.url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
  });
});

describe('the demo’s review queue', () => {
  const rank = (s: Item) => {
    if (s.verification.decision) return REVIEW_RANK.decided;
    if (s.verification.state === 'flagged') return s.verification.flags.some((f) => severityRank[f.severity] === severityRank.critical) ? REVIEW_RANK.critical : REVIEW_RANK.warning;
    return s.verification.state === 'verified' ? REVIEW_RANK.verified : REVIEW_RANK.unverified;
  };

  it('this month’s and last month’s are not empty, worst first, each with flagged, verified and unverified screenings and no decision', () => {
    for (const [month, items] of queue) {
      expect(items.length, month).toBeGreaterThan(20);
      const ranks = items.map(rank);
      expect(ranks, month).toEqual([...ranks].sort((a, b) => a - b));
      for (const state of ['flagged', 'verified', 'unverified']) expect(items.some((s) => s.verification.state === state), `${month} ${state}`).toBe(true);
      expect(items.every((s) => s.verification.decision === null), month).toBe(true);
    }
    // This month's opens with the photo sent twice.
    expect(rank(queue.get('2026-11')![0]!)).toBe(REVIEW_RANK.critical);
  });

  it('most past screenings are backed by a fix, and none is rejected', async () => {
    const [{ completed, fixed, decided }] = (
      await app.db.raw(`select count(*)::int as completed, count(*) filter (where exists (select 1 from screening_fixes f where f.screening_id = s.id))::int as fixed,
                               count(*) filter (where review_decision is not null)::int as decided
                          from screenings s where status = 'completed'`)
    ).rows;
    expect(fixed / completed).toBeGreaterThan(0.8);
    expect(decided).toBe(0);
  });
});

describe('the demo loaded on the second day of a month', () => {
  const early = useApp({ as: ['bureau'], now: '2026-12-02T09:00:00' });

  it('takes its telling cases from last month, whose queue shows every state and opens with a critical flag', async () => {
    const { cases: lastMonth } = await seedDemo(early.db, early.config);
    const ids = Object.values(lastMonth).flat();
    expect(ids).toHaveLength(10);
    const res = await early.as.bureau.get('/api/review?month=2026-11&limit=1000');
    const items: Item[] = res.body.items;
    const found = items.filter((s) => ids.includes(s.id));
    expect(found).toHaveLength(ids.length);
    expect(flag(found.find((s) => s.id === lastMonth.daytime[0])!, 'daytime_start')).toBeDefined();
    for (const state of ['flagged', 'verified', 'unverified']) expect(items.some((s) => s.verification.state === state), state).toBe(true);
    expect(items[0]!.verification.flags.some((f) => f.severity === 'critical')).toBe(true);
  });
}, 120_000);
