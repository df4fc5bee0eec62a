// npm run bench:coverage — builds a 50,000-village county-of-counties with 12 months of screenings on
// the real PostgreSQL server and prints each coverage endpoint's time next to a baseline measured
// in the same run: a plain count(*) over the screenings of the month.
//
//   BENCH_DATABASE_URL  server to use (default postgres://postgres@127.0.0.1:5432/postgres); a
//                       database film2131_bench is created there and dropped at the end
//   BENCH_VILLAGES      default 50000        BENCH_RUNS   timed runs per endpoint (median), default 7
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import knexFactory from 'knex';
import { DateTime } from 'luxon';
import { createApp } from '../server/app.js';
import { createSession } from '../server/auth/sessions.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/index.js';
import { migrateLatest } from '../server/db/migrate.js';
import { createLogger } from '../server/logger.js';
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

  const config = loadConfig({ LOG_LEVEL: 'silent', COUNTY_TIMEZONE: 'Asia/Shanghai' });
  config.now = () => now;
  const app = createApp({ db, engine: 'pg', config, logger: createLogger('silent') });
  const server = http.createServer(app).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
  const fetchAll = (path: string) => async () => {
    const res = await fetch(base + path, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'identity' } });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return res.arrayBuffer();
  };
  const sizes: Record<string, number> = {};
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
  console.log(`          select count(*) over the year's screenings:  ${yearBaseline.toFixed(1)} ms\n`);
  console.log(`${'endpoint'.padEnd(52)} ${'ms'.padStart(8)} ${'× baseline'.padStart(11)} ${'bytes'.padStart(10)}`);
  for (const path of endpoints) {
    sizes[path] = (await fetchAll(path)()).byteLength;
    const ms = await median(fetchAll(path));
    const vsYear = path.includes('/year') ? `  (${(ms / yearBaseline).toFixed(1)} × the year's count)` : '';
    console.log(`${path.padEnd(52)} ${ms.toFixed(1).padStart(8)} ${(ms / baseline).toFixed(1).padStart(11)} ${String(sizes[path]).padStart(10)}${vsYear}`);
  }
  server.close();
} finally {
  await database.close();
  if (!keep) await admin.raw(`drop database if exists ${dbName} with (force)`);
  await admin.destroy();
}
