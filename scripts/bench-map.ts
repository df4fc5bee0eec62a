// npx tsx scripts/bench-map.ts — the coverage map in headless Chromium: time from navigation to the
// points drawn (the page's performance mark 'points-drawn'), cold (fresh browser context) and warm
// (second visit: the units revalidate by ETag), and the month feed's size raw and gzipped. Once on
// the Tonghai demo (embedded), once on the 50,000-village bench county on the real server.
//   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_VILLAGES (50000), BENCH_RUNS (5)
import zlib from 'node:zlib';
import knexFactory from 'knex';
import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { hashPassword } from '../server/auth/passwords.js';
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { start } from '../server/server.js';
import { launchChromium, startDemoServer, UNREACHABLE_TILES } from '../test/helpers/browser.js';
import { buildBenchCounty } from './bench-county.js';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const villages = Number(process.env.BENCH_VILLAGES ?? 50_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(browser: Browser, base: string, username: string, password: string, month: string, label: string) {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const res = await context.request.post(`${base}/api/session`, { data: { username, password } });
    if (!res.ok()) throw new Error(`sign-in: ${res.status()}`);
    const page = await context.newPage();
    const drawn = async () => {
      await page.goto(`${base}/?month=${month}`);
      await page.waitForFunction(() => performance.getEntriesByName('points-drawn').length > 0, undefined, { timeout: 120_000 });
      return page.evaluate(() => performance.getEntriesByName('points-drawn')[0]!.startTime);
    };
    cold.push(await drawn());
    warm.push(await drawn());
    await context.close();
  }
  const feed = await fetchFeed(base, username, password, month);
  console.log(`${label}: navigation → points drawn, median of ${runs}: cold ${median(cold).toFixed(0)} ms, warm ${median(warm).toFixed(0)} ms`);
  console.log(`${label}: month feed /api/coverage/statuses ${feed.raw} bytes, ${feed.gzip} gzipped; units ${feed.unitsRaw} bytes, ${feed.unitsGzip} gzipped (fetched once, then 304)`);
}

async function fetchFeed(base: string, username: string, password: string, month: string) {
  const s = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const { token } = (await s.json()) as { token: string };
  const get = async (path: string) => Buffer.from(await (await fetch(base + path, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
  const statuses = await get(`/api/coverage/statuses?month=${month}`);
  const units = await get('/api/coverage/units');
  return { raw: statuses.length, gzip: zlib.gzipSync(statuses).length, unitsRaw: units.length, unitsGzip: zlib.gzipSync(units).length };
}

const chromium = await launchChromium();
try {
  const demo = await startDemoServer();
  try {
    const month = DateTime.now().setZone('Asia/Shanghai').toFormat('yyyy-MM');
    await measure(chromium.browser, demo.url, 'bureau', 'bureau-2131', month, 'Tonghai demo (77 units, embedded)');
  } finally {
    await demo.close();
  }

  const dbName = 'film2131_map_bench';
  const admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`drop database if exists ${dbName} with (force)`);
  await admin.raw(`create database ${dbName}`);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  try {
    const config = loadConfig({ DATABASE_URL: url.toString(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', TILE_URL: UNREACHABLE_TILES });
    const running = await start(config, createLogger('silent'));
    try {
      const db = running.database.knex;
      await buildBenchCounty(db, villages, 2026, DateTime.fromISO('2026-09-15T12:00', { zone: 'Asia/Shanghai' }));
      await db('users').insert({ username: 'mapbench', password_hash: await hashPassword('mapbench-2131'), role: 'bureau' });
      await measure(chromium.browser, running.url, 'mapbench', 'mapbench-2131', '2026-06', `bench county (${villages} units, real server)`);
    } finally {
      await running.close();
    }
  } finally {
    await admin.raw(`drop database if exists ${dbName} with (force)`);
    await admin.destroy();
  }
} finally {
  await chromium.close();
}
