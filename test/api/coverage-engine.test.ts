import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { unitRowsOf, yearRowsOf } from '../../server/coverage/counts.js';
import { CoverageEngine } from '../../server/coverage/engine.js';
import { pruneCoverageLog, readEpochs } from '../../server/coverage/log.js';
import { AnswerRenderer } from '../../server/coverage/render.js';
import { monthRange, yearMonths } from '../../server/months.js';
import { useApp } from '../helpers/api.js';

// The engine brings a kept month up to date by recomputing only the units a write or the clock
// touched (server/coverage/engine.ts). Whatever happens — screenings planned, reported, cancelled,
// moved across months, deleted, in bulk, verified, accepted or rejected; the clock going forward and back; villages retired,
// moved to another parent — a long-lived engine must hold exactly what a fresh one computes.

const app = useApp();

const text = (parts: Buffer[]) => Buffer.concat(parts).toString();

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('a kept month equals a fresh one', () => {
  // 200 steps of writes and reads take 10 to 25 seconds on the embedded engine: room for a busy machine.
  it('after 200 random writes and clock moves, at both levels, for three months', async () => {
    const zone = app.config.timezone;
    const random = prng(2131);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const ts = await app.make.township();
    const admins = [];
    for (let i = 0; i < 6; i++) admins.push(await app.make.village({ township_id: ts.id }));
    const naturals = [];
    for (let i = 0; i < 4; i++) naturals.push(await app.make.village({ township_id: ts.id, kind: 'natural', parent_id: admins[i % 2]!.id }));
    const teams = [await app.make.team(), await app.make.team(), await app.make.team()];
    const places = [...admins, ...naturals];
    const months = ['2026-10', '2026-11', '2026-12'].map((m) => monthRange(m, zone));
    // Never recompute whole for a large share of units touched: this county is small.
    const kept = new CoverageEngine(app.db, { wholeAbove: 1 });
    // Renderers keep blocks for all six level-months, so that kept blocks are reused across steps.
    const keptRender = new AnswerRenderer({ keepMonths: 6 });
    // October has ended (mostly: the clock wanders): its snapshots are saved and restored.
    let now = DateTime.fromISO('2026-11-03T12:00', { zone });

    const someStart = () =>
      DateTime.fromObject({ year: 2026, month: 10 + Math.floor(random() * 3), day: 1 + Math.floor(random() * 28), hour: pick([0, 9, 19, 23]) }, { zone })
        // The month edges, in the county zone, now and then.
        .plus({ minutes: random() < 0.1 ? -30 : 0 });
    const anyScreening = async () => {
      const all: { id: number }[] = await app.db('screenings').whereIn('village_id', places.map((p) => p.id)).select('id');
      return all.length ? pick(all) : undefined;
    };

    const steps: string[] = [];
    let restored = 0;
    for (let step = 0; step < 200; step++) {
      const op = random();
      try {
        if (op < 0.35) {
          const status = pick(['scheduled', 'scheduled', 'scheduled', 'completed', 'cancelled'] as const);
          await app.db('screenings').insert({
            village_id: pick(places).id,
            team_id: pick(teams).id,
            starts_at: someStart().toJSDate(),
            status,
            audience: status === 'completed' ? 10 : null,
            cancel_reason: status === 'cancelled' ? 'rain' : null,
          });
          steps.push('insert');
        } else if (op < 0.5) {
          const s = await anyScreening();
          if (s) await app.db('screenings').where({ id: s.id }).update({ status: 'completed', audience: 5, cancel_reason: null });
          steps.push(s ? 'report' : 'nothing to report');
        } else if (op < 0.6) {
          const s = await anyScreening();
          if (s) await app.db('screenings').where({ id: s.id }).update({ status: 'cancelled', cancel_reason: 'rain', audience: null });
          steps.push(s ? 'cancel' : 'nothing to cancel');
        } else if (op < 0.7) {
          const s = await anyScreening();
          if (s) await app.db('screenings').where({ id: s.id }).update({ starts_at: someStart().toJSDate(), village_id: pick(places).id });
          steps.push(s ? 'move' : 'nothing to move');
        } else if (op < 0.78) {
          const s = await anyScreening();
          if (s) await app.db('screenings').where({ id: s.id }).delete();
          steps.push(s ? 'delete' : 'nothing to delete');
        } else if (op < 0.8) {
          // One statement, many rows: all scheduled screenings of a team become completed.
          const rows = await app.db('screenings').where({ team_id: pick(teams).id, status: 'scheduled' }).update({ status: 'completed', audience: 1 });
          steps.push(rows > 1 ? 'bulk' : `small bulk of ${rows}`);
        } else if (op < 0.88) {
          now = now.plus({ hours: Math.round((random() - 0.4) * 24 * 8) });
          steps.push(`clock ${now.toISO()}`);
        } else if (op < 0.93) {
          // The evidence checks or the bureau change a completed screening's state or decision.
          const done: { id: number }[] = await app.db('screenings').whereIn('village_id', places.map((p) => p.id)).where('status', 'completed').select('id');
          const s = done.length ? pick(done) : undefined;
          const decision = pick([null, null, 'accepted', 'rejected'] as const);
          if (s) await app.db('screenings').where({ id: s.id }).update({ verification: pick(['verified', 'flagged', 'unverified']), review_decision: decision, review_reason: decision === 'rejected' ? 'no evidence' : null });
          steps.push(s ? 'review' : 'nothing to review');
        } else if (op < 0.97) {
          const v = pick(admins);
          await app.db('villages').where({ id: v.id }).update({ retired_at: random() < 0.5 ? null : someStart().toJSDate() });
          steps.push('retire');
        } else {
          await app.db('villages').where({ id: pick(naturals).id }).update({ parent_id: pick(admins).id });
          steps.push('reparent');
        }
      } catch (err) {
        // A random start may clash with the team's other screening (the 3-hour rule): skip it.
        if ((err as { code?: string }).code !== '23P01') throw err;
        steps.push('clash');
      }
      const epochs = await readEpochs(app.db);
      // Fresh: computed whole from the screenings. From snapshots: a server that never held the
      // months starts from what the engines saved of the ended ones, then applies the log since.
      const fresh = new CoverageEngine(app.db, { snapshots: false });
      const fromSnapshots = new CoverageEngine(app.db);
      const freshRender = new AnswerRenderer();
      for (const level of ['administrative', 'natural'] as const) {
        for (const range of months) {
          const a = await kept.month(range, level, now, epochs);
          const b = await fresh.month(range, level, now, epochs);
          const at = `step ${step} (${steps.slice(-3).join(', ')}), ${level} ${range.month}`;
          expect(a.units.id, at).toEqual(b.units.id);
          expect([...a.rank], at).toEqual([...b.rank]);
          expect([...a.screenings], at).toEqual([...b.screenings]);
          expect([...a.verified], at).toEqual([...b.verified]);
          if (step % 5 === 0) {
            const c = await fromSnapshots.month(range, level, now, epochs);
            expect([[...c.rank], [...c.screenings], [...c.verified]], `${at}, from its snapshot`).toEqual([[...b.rank], [...b.screenings], [...b.verified]]);
          }
          // The rendered pieces kept with the month follow its changes.
          expect(text(keptRender.villagesGeoJson(a)), at).toBe(text(freshRender.villagesGeoJson(b)));
          expect(text(keptRender.villagesGeoJson(a, { townshipId: ts.id }, 'planned')), at).toBe(text(freshRender.villagesGeoJson(b, { townshipId: ts.id }, 'planned')));
          for (const status of ['gap', 'covered'] as const) {
            const picked = JSON.parse(text(keptRender.villagesGeoJson(a, undefined, status))) as { features: { id: number; properties: { status: string } }[] };
            expect(picked.features.map((f) => [f.id, f.properties.status]), at).toEqual(unitRowsOf(b, undefined, status).map((r) => [r.id, status]));
          }
        }
      }
      restored += fromSnapshots.stats.restored;
      if (step % 20 === 19) {
        // The year read off twelve kept months (and its kept blocks) equals a fresh one.
        const year = yearMonths(2026, zone);
        for (const level of ['administrative', 'natural'] as const) {
          const [a, b] = [await kept.year(year, level, now, epochs), await fresh.year(year, level, now, epochs)];
          expect(yearRowsOf(a), `step ${step}, ${level} year`).toEqual(yearRowsOf(b));
          expect(text(keptRender.yearJson(2026, a))).toBe(text(freshRender.yearJson(2026, b)));
        }
      }
    }
    // Some months were restored from snapshots (the ended ones, once the clock had passed them).
    expect(restored).toBeGreaterThan(0);
    // The walk went through every kind of step, each doing something (a bulk step more than one row).
    for (const kind of ['insert', 'report', 'cancel', 'move', 'delete', 'bulk', 'clock', 'review', 'retire', 'reparent']) {
      expect(steps.some((s) => s.startsWith(kind)), kind).toBe(true);
    }
  }, 120_000);

  it('recomputes the whole month when the commit log no longer reaches back', async () => {
    const zone = app.config.timezone;
    const ts = await app.make.township();
    const v = await app.make.village({ township_id: ts.id });
    const tm = await app.make.team();
    const range = monthRange('2026-11', zone);
    const now = DateTime.fromISO('2026-11-20T12:00', { zone });
    const kept = new CoverageEngine(app.db);
    const position = async () => (await kept.unitsOf('administrative', await readEpochs(app.db))).id.indexOf(v.id);
    expect((await kept.month(range, 'administrative', now, await readEpochs(app.db))).rank[await position()]).toBe(0);
    await app.db('screenings').insert({ village_id: v.id, team_id: tm.id, starts_at: '2026-11-03T19:00+08:00', status: 'completed', audience: 3 });
    await app.db('coverage_commits').delete(); // as if a day had passed and the log been pruned
    const m = await kept.month(range, 'administrative', now, await readEpochs(app.db));
    expect(m.rank[await position()]).toBe(3);
    expect(m.screenings[await position()]).toBe(1);
  });

  it('keeps a day of the commit log: older commits and their changes are pruned, and a kept month still comes right', async () => {
    const zone = app.config.timezone;
    const v = await app.make.village();
    const tm = await app.make.team();
    const range = monthRange('2026-11', zone);
    const now = DateTime.fromISO('2026-11-20T12:00', { zone });
    const kept = new CoverageEngine(app.db);
    await kept.month(range, 'administrative', now, await readEpochs(app.db));
    await app.db('screenings').insert({ village_id: v.id, team_id: tm.id, starts_at: '2026-11-04T19:00+08:00', status: 'completed', audience: 3 });
    const old = await app.db('coverage_commits').update({ committed_at: app.db.raw(`now() - interval '25 hours'`) }).returning('txid');
    expect(old.length).toBeGreaterThan(0);
    await pruneCoverageLog(app.db);
    expect(await app.db('coverage_commits').count({ n: '*' }).first()).toMatchObject({ n: 0 });
    expect(await app.db('coverage_changes').whereIn('txid', old.map((r: { txid: number }) => r.txid)).count({ n: '*' }).first()).toMatchObject({ n: 0 });
    const epochs = await readEpochs(app.db);
    const m = await kept.month(range, 'administrative', now, epochs);
    const p = m.units.id.indexOf(v.id);
    expect([m.rank[p], m.screenings[p]]).toEqual([3, 1]);
  });
});

describe('a month from its snapshot', () => {
  it('is saved when an ended month is computed whole, restored by a server that never held it, and brought up to date from the log', async () => {
    const zone = app.config.timezone;
    const ts = await app.make.township();
    const [v1, v2] = [await app.make.village({ township_id: ts.id }), await app.make.village({ township_id: ts.id })];
    const tm = await app.make.team();
    const range = monthRange('2025-03', zone);
    const now = DateTime.fromISO('2025-05-10T12:00', { zone });
    await app.db('screenings').insert({ village_id: v1.id, team_id: tm.id, starts_at: '2025-03-03T19:00+08:00', status: 'completed', audience: 3 });
    const first = new CoverageEngine(app.db);
    await first.month(range, 'administrative', now, await readEpochs(app.db));
    expect(first.stats).toEqual({ built: 1, restored: 0 });
    await expect.poll(() => app.db('coverage_snapshots').where({ level: 'administrative', month: '2025-03' }).first('month')).toBeTruthy();
    // A write after the snapshot: the restoring engine applies it from the log.
    await app.db('screenings').insert({ village_id: v2.id, team_id: tm.id, starts_at: '2025-03-10T19:00+08:00', status: 'scheduled' });
    const epochs = await readEpochs(app.db);
    const second = new CoverageEngine(app.db, { wholeAbove: 1 }); // this county is small: never whole for a share touched
    const restored = await second.month(range, 'administrative', now, epochs);
    expect(second.stats).toEqual({ built: 0, restored: 1 });
    const fresh = await new CoverageEngine(app.db, { snapshots: false }).month(range, 'administrative', now, epochs);
    expect([[...restored.rank], [...restored.screenings], [...restored.verified]]).toEqual([[...fresh.rank], [...fresh.screenings], [...fresh.verified]]);
    const p2 = fresh.units.id.indexOf(v2.id);
    expect(restored.rank[p2]).toBe(1); // overdue: scheduled, its start passed
    // Another unit list (a village added: the registry moved) never reads that snapshot.
    await app.make.village({ township_id: ts.id });
    const third = new CoverageEngine(app.db);
    await third.month(range, 'administrative', now, await readEpochs(app.db));
    expect(third.stats).toEqual({ built: 1, restored: 0 });
    // Nor a month that has not ended: none is saved.
    await new CoverageEngine(app.db).month(monthRange('2025-05', zone), 'administrative', now, await readEpochs(app.db));
    expect(await app.db('coverage_snapshots').where({ month: '2025-05' }).first('month')).toBeUndefined();
  });
});

describe('a restored database', () => {
  // A database of its own: its counters' table is dropped and made again.
  const restored = useApp();

  it('recomputes when the counters are another table’s, as after a restore, even with the same values', async () => {
    const zone = restored.config.timezone;
    const v = await restored.make.village();
    const tm = await restored.make.team();
    const range = monthRange('2026-11', zone);
    const now = DateTime.fromISO('2026-11-20T12:00', { zone });
    const kept = new CoverageEngine(restored.db);
    const rank = async () => {
      const m = await kept.month(range, 'administrative', now, await readEpochs(restored.db));
      return m.rank[m.units.id.indexOf(v.id)];
    };
    expect(await rank()).toBe(0);
    // Data loaded behind the triggers' back, and the counters' table put back with the same
    // values: what a restore does.
    const before = await readEpochs(restored.db);
    await restored.db.raw('alter table screenings disable trigger user');
    await restored.db('screenings').insert({ village_id: v.id, team_id: tm.id, starts_at: '2026-11-04T19:00+08:00', status: 'completed', audience: 3 });
    await restored.db.raw('alter table screenings enable trigger user');
    await restored.db.raw('alter table coverage_epochs rename to coverage_epochs_old');
    await restored.db.raw('create table coverage_epochs (like coverage_epochs_old including all)');
    await restored.db.raw('insert into coverage_epochs select * from coverage_epochs_old');
    await restored.db.raw('drop table coverage_epochs_old');
    const after = await readEpochs(restored.db);
    expect({ ...after, database: '' }).toEqual({ ...before, database: '' });
    expect(after.database).not.toBe(before.database);
    expect(await rank()).toBe(3);
  });
});
