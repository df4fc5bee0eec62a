// npx tsx scripts/bench-planner.ts — the month planner on two maps, improved routes against
// nearest neighbour alone (the same split among teams and the same evenings, routes not improved):
//
// 1. The Tonghai demo: an in-memory embedded database seeded as on a first start (77 units, 3
//    teams), drafting next month (every unit a gap) through the same code as POST /api/plans/draft.
// 2. A made-up county of 2,000 villages (30 townships, 60×45 km) and 20 teams: also through the
//    draft code on an in-memory database (one month: 20 teams × 30 evenings reach 600 villages),
//    then the planner alone with enough evenings to route all 2,000.
//
//   BENCH_RUNS  timed runs per measurement (median), default 5
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { loadConfig } from '../server/config.js';
import { openDatabase, type Db } from '../server/db/index.js';
import { migrateLatest } from '../server/db/migrate.js';
import { seedDemo } from '../server/demo/seed.js';
import { seeded } from '../server/demo/tonghai.js';
import { monthRange } from '../server/months.js';
import { plan, planNearestNeighbour, type PlanInput } from '../server/plans/planner.js';
import { Coverage } from '../server/coverage/service.js';
import { teamsWithBase } from '../server/plans/queries.js';
import { draftPlan, gapUnits, monthEvenings, type PlanContext } from '../server/plans/service.js';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const zone = 'Asia/Shanghai';
const now = DateTime.fromISO('2026-11-26T12:00', { zone });
const month = '2026-12';
const admin = { id: 1, username: 'bench', role: 'admin' as const, partnerId: null, teamId: null, areaId: null, counties: null };

async function time<T>(f: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = await f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, value };
}

/** The planner's input as the draft builds it (no bookings next month). */
async function inputOf(db: Db, evenings = monthEvenings(monthRange(month, zone), undefined, '19:30', now, zone)): Promise<PlanInput> {
  const units = await gapUnits(new Coverage(db, { cacheBytes: 0 }), monthRange(month, zone), now);
  const teams = (await teamsWithBase(db, admin)).map((t) => ({ id: t.id, base: t.base_lat === null || t.base_lng === null ? null : { lat: t.base_lat, lng: t.base_lng } }));
  return { units, teams, evenings, busy: new Set() };
}

function row(label: string, ms: number, km: number, placed: number, uncovered: number) {
  console.log(`${label.padEnd(60)} ${ms.toFixed(1).padStart(9)} ms ${km.toFixed(1).padStart(9)} km  ${String(placed).padStart(5)} placed ${String(uncovered).padStart(5)} uncovered`);
}

async function compare(title: string, input: PlanInput) {
  const improved = await time(() => plan(input));
  const greedy = await time(() => planNearestNeighbour(input));
  row(`${title}: planner, 2-opt + Or-opt`, improved.ms, improved.value.routeKm, improved.value.items.length, improved.value.uncovered.length);
  row(`${title}: planner, nearest neighbour alone`, greedy.ms, greedy.value.routeKm, greedy.value.items.length, greedy.value.uncovered.length);
  const saved = 1 - improved.value.routeKm / greedy.value.routeKm;
  console.log(`${''.padEnd(60)} improved routes are ${(saved * 100).toFixed(1)}% shorter`);
}

async function draftOn(title: string, db: Db) {
  const c: PlanContext = { db, user: admin, zone, now, coverage: new Coverage(db, { cacheBytes: 0 }), evidence: loadConfig({ COUNTY_TIMEZONE: zone }).evidence, longFilmMinutes: loadConfig({}).longFilmMinutes };
  const draft = await time(() => draftPlan(c, { month, evenings: { startTime: '19:30', unavailable: [] } }));
  row(`${title}: POST /api/plans/draft (service)`, draft.ms, draft.value.routeKm, draft.value.items.length, draft.value.uncovered.length);
}

// 1. Tonghai
{
  const database = await openDatabase({});
  // The demo's photos in a directory of their own, removed with the database.
  const photoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'film2131-bench-photos-'));
  const config = loadConfig({ COUNTY_TIMEZONE: zone, LOG_LEVEL: 'silent', PHOTO_DIR: photoDir });
  config.now = () => now;
  await migrateLatest(database.knex);
  await seedDemo(database.knex, config);
  console.log(`Tonghai demo: ${(await inputOf(database.knex)).units.length} gap units in ${month}, 3 teams, ${runs} runs each (median)`);
  await draftOn('Tonghai', database.knex);
  await compare('Tonghai', await inputOf(database.knex));
  await database.close();
  await fs.rm(photoDir, { recursive: true, force: true });
}

// 2. A made-up county of 2,000 villages and 20 teams
{
  const database = await openDatabase({});
  const db = database.knex;
  await migrateLatest(db);
  const random = seeded(2000);
  const townships = await db('townships')
    .insert(Array.from({ length: 30 }, (_, i) => ({ name: `乡镇${i + 1}` })))
    .returning('id');
  // Townships on a 6×5 grid over about 60×45 km, villages scattered around their centres.
  const villages = Array.from({ length: 2000 }, (_, i) => {
    const t = i % 30;
    const lat = 24 + Math.floor(t / 6) * 0.08 + (random() - 0.5) * 0.08;
    const lng = 102.5 + (t % 6) * 0.1 + (random() - 0.5) * 0.1;
    return { name: `村${i + 1}`, township_id: townships[t].id, kind: 'administrative', lat, lng };
  });
  const ids: number[] = [];
  for (let i = 0; i < villages.length; i += 500) ids.push(...(await db('villages').insert(villages.slice(i, i + 500)).returning('id')).map((r: { id: number }) => r.id));
  const [partner] = await db('partners').insert({ name: 'Bench' }).returning('id');
  await db('teams').insert(Array.from({ length: 20 }, (_, i) => ({ name: `队${i + 1}`, partner_id: partner.id, base_village_id: ids[Math.floor((i * ids.length) / 20)] })));
  console.log(`\nMade-up county: 2000 villages, 20 teams, ${runs} runs each (median)`);
  await draftOn('2,000 villages, one month', db);
  await compare('2,000 villages, one month', await inputOf(db));
  const enough = Array.from({ length: 110 }, (_, i) => {
    const day = DateTime.fromISO('2026-12-01T19:30', { zone }).plus({ days: i });
    return { date: day.toISODate()!, startsAt: day.toJSDate() };
  });
  await compare('2,000 villages, all routed', await inputOf(db, enough));
  await database.close();
}
