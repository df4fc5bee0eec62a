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
  if (!reuse) await build();
  async function build() {
  const townships = Math.ceil(villages / 100);
  const teams = Math.ceil(villages / 25);
  await db.raw(`insert into townships (name, code) select 'T' || i, lpad(i::text, 9, '0') from generate_series(1, ?) i`, [townships]);
  // One village in ten has two natural villages; positions spread over a 5°×5° box.
  await db.raw(
    `insert into villages (name, township_id, kind, code, lat, lng)
     select 'V' || i, 1 + (i - 1) / 100, 'administrative', lpad(i::text, 12, '0'), 20 + random() * 5, 100 + random() * 5
     from generate_series(1, ?) i`,
    [villages],
  );
  await db.raw(
    `insert into villages (name, township_id, kind, parent_id, lat, lng)
     select v.name || '-' || k, v.township_id, 'natural', v.id, v.lat, v.lng
     from villages v cross join generate_series(1, 2) k where v.id % 10 = 0`,
  );
  await db.raw(`insert into partners (name) values ('Bench partner')`);
  await db.raw(`insert into teams (name, partner_id) select 'Team ' || i, 1 from generate_series(1, ?) i`, [teams]);
  await db.raw(`insert into films (title, category) values ('Film', 'feature')`);
  await db('users').insert({ username: 'bench', password_hash: 'x', role: 'bureau' });
  // Each month: ~92% of units get a screening, team = village mod teams, one evening per 25 villages of a team.
  for (let m = 1; m <= 12; m++) {
    const { start } = monthRange(`${year}-${String(m).padStart(2, '0')}`, 'Asia/Shanghai');
    await db.raw(
      `insert into screenings (village_id, team_id, film_id, starts_at, status, audience, cancel_reason)
       select v.id, 1 + (v.id - 1) % ?, 1,
              ?::timestamptz + ((v.id - 1) / ?) * interval '1 day' + interval '19 hours',
              case when h < 0.03 then 'cancelled' when ?::timestamptz + ((v.id - 1) / ?) * interval '1 day' > ? then 'scheduled'
                   when h < 0.06 then 'scheduled' else 'completed' end,
              case when h >= 0.06 and ?::timestamptz + ((v.id - 1) / ?) * interval '1 day' <= ? then 50 end,
              case when h < 0.03 then 'rain' end
       from (select id, random() as h from villages where kind = 'administrative') v
       where v.h < 0.98 and random() < 0.94`,
      [teams, start.toJSDate(), teams, start.toJSDate(), teams, now.toJSDate(), start.toJSDate(), teams, now.toJSDate()],
    );
  }
  await db.raw('vacuum analyze');
  }
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
