// npm run bench:coverage — builds a 50,000-village county-of-counties with 12 months of screenings on
// the real PostgreSQL server and prints each coverage endpoint's time next to a baseline measured
// in the same run: a plain count(*) over the screenings of the month. Two times per endpoint:
//   after a write  a screening was just written (committed), so the answer is computed afresh;
//   unchanged      nothing was written since the last request: the kept answer is sent.
//
//   BENCH_DATABASE_URL  server to use (default postgres://postgres@127.0.0.1:5432/postgres); a
//                       database film2131_bench is created there and dropped at the end
//   BENCH_VILLAGES      default 50000        BENCH_RUNS   timed runs per endpoint (median), default 7
import http from 'node:http';
import { Worker } from 'node:worker_threads';
import knexFactory from 'knex';
import { DateTime } from 'luxon';
import { createSession } from '../server/auth/sessions.js';
import { openDatabase } from '../server/db/index.js';
import { migrateLatest } from '../server/db/migrate.js';
import { monthRange } from '../server/months.js';
import { buildBenchCounty } from './bench-county.js';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const villages = Number(process.env.BENCH_VILLAGES ?? 50_000);
const runs = Number(process.env.BENCH_RUNS ?? 7);
const year = 2026;
const month = '2026-06';
const dbName = 'film2131_bench';
// "Now" is mid-September: earlier months are history, later ones planned.
const now = DateTime.fromISO(`${year}-09-15T12:00`, { zone: 'Asia/Shanghai' });

// BENCH_KEEP=1 keeps the database afterwards; BENCH_REUSE=1 measures a kept one without rebuilding.
const keep = process.env.BENCH_KEEP === '1';
const reuse = process.env.BENCH_REUSE === '1';
const admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
if (!reuse) {
  await admin.raw(`drop database if exists ${dbName} with (force)`);
  await admin.raw(`create database ${dbName}`);
}
const url = new URL(serverUrl);
url.pathname = `/${dbName}`;
const database = await openDatabase({ url: url.toString() });
const db = database.knex;

try {
  await migrateLatest(db);
  const t0 = performance.now();
  if (!reuse) await buildBenchCounty(db, villages, year, now);
  const userId = (await db('users').where({ username: 'bench' }).first('id')).id;
  const [{ n }] = (await db.raw('select count(*)::int as n from screenings')).rows;
  console.log(`built ${villages} villages (+${villages / 5} natural), ${n} screenings in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // The worker loads TypeScript through tsx's loader, registered in the worker itself.
  const entry = new URL('./bench-coverage-server.ts', import.meta.url).href;
  const server = new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, {
    eval: true,
    workerData: { url: url.toString(), now: now.toISO() },
  });
  const base = await new Promise<string>((resolve, reject) => server.once('message', resolve).once('error', reject));
  const { token } = await createSession(db, userId, 1);

  const median = async (fn: () => Promise<unknown>) => {
    await fn();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  };
  const { start, end } = monthRange(month, 'Asia/Shanghai');
  const baseline = await median(() => db.raw('select count(*) from screenings where starts_at >= ? and starts_at < ?', [start.toJSDate(), end.toJSDate()]));
  // Time to the last byte, as a client that reads and drops the bytes sees it (a fetch that also
  // gathers 13 MB into one buffer would add its own copying to the server's time).
  const agent = new http.Agent({ keepAlive: true });
  const fetchAll = (path: string) => () =>
    new Promise<number>((resolve, reject) => {
      const req = http.get(base + path, { agent, headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'identity' } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`${path}: ${res.statusCode}`))));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  // A real write to a screening of the month measured, committed through the trigger that tells
  // every server its answers are stale.
  const write = () =>
    db.raw(`update screenings set notes = coalesce(notes, '') where id = (select min(id) from screenings where starts_at >= ? and starts_at < ?)`, [start.toJSDate(), end.toJSDate()]);
  const afterWrite = (fn: () => Promise<unknown>) => async () => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      await write();
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  };
  const endpoints = [
    `/api/coverage?month=${month}`,
    `/api/coverage?month=${month}&level=natural`,
    `/api/coverage/villages?month=${month}`,
    `/api/coverage/villages?month=${month}&status=gap`,
    `/api/coverage/statuses?month=${month}`,
    `/api/coverage/year?year=${year}`,
  ];
  // The year endpoint reads twelve months: it is also shown against a count over the whole year.
  const yearStart = monthRange(`${year}-01`, 'Asia/Shanghai').start.toJSDate();
  const yearEnd = monthRange(`${year}-12`, 'Asia/Shanghai').end.toJSDate();
  const yearBaseline = await median(() => db.raw('select count(*) from screenings where starts_at >= ? and starts_at < ?', [yearStart, yearEnd]));
  console.log(`\nbaseline  select count(*) over the month's screenings: ${baseline.toFixed(1)} ms (median of ${runs})`);
  console.log(`          select count(*) over the year's screenings:  ${yearBaseline.toFixed(1)} ms`);
  // What any fresh answer listing every unit must at least do: read the units' rows.
  const floor = await median(() => db('villages').where('kind', 'administrative').select('id', 'name', 'code', 'township_id', 'kind', 'lat', 'lng'));
  console.log(`floor     reading the ${villages} units' rows alone:          ${floor.toFixed(1)} ms (${(floor / baseline).toFixed(1)}× the baseline)\n`);
  const col = (ms: number) => `${ms.toFixed(1).padStart(8)} ${`${(ms / baseline).toFixed(1)}×`.padStart(7)}`;
  console.log(`${''.padEnd(52)} ${'after a write'.padStart(16)}   ${'unchanged'.padStart(16)}`);
  console.log(`${'endpoint'.padEnd(52)} ${'ms'.padStart(8)} ${'× base'.padStart(7)}   ${'ms'.padStart(8)} ${'× base'.padStart(7)} ${'bytes'.padStart(10)}`);
  let worstWarm = 0;
  let worstCold = 0;
  for (const path of endpoints) {
    const bytes = await fetchAll(path)();
    const cold = await afterWrite(fetchAll(path))();
    const warm = await median(fetchAll(path));
    worstWarm = Math.max(worstWarm, warm / baseline);
    worstCold = Math.max(worstCold, cold / baseline);
    const vsYear = path.includes('/year') ? `  (after a write: ${(cold / yearBaseline).toFixed(1)}× the year's count)` : '';
    console.log(`${path.padEnd(52)} ${col(cold)}   ${col(warm)} ${String(bytes).padStart(10)}${vsYear}`);
  }
  console.log(`\nworst × baseline: unchanged ${worstWarm.toFixed(1)}×, after a write ${worstCold.toFixed(1)}× (target 5×)`);
  agent.destroy();
  server.postMessage('close');
  await new Promise((r) => server.once('exit', r));
} finally {
  await database.close();
  if (!keep) await admin.raw(`drop database if exists ${dbName} with (force)`);
  await admin.destroy();
}
