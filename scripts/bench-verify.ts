// npm run bench:verify — the evidence checks on a 50,000-village county's month, and the review page.
//
// Builds the bench county (scripts/bench-county.ts) with May and June 2026 in a scratch database
// film2131_verify_bench on the real PostgreSQL server, then gives June's completed screenings
// their evidence in SQL: reported three hours after the start, a fix near the village for nearly
// all, photo rows for one in ten (synthetic SHA-256 and perceptual hashes: the checks read only the
// rows; files only for the queue's, which the page shows), 1–3 villagers' confirmations for one in
// five, and exactly 1,000 deliberately in trouble — 400 without a fix (unverified), 200 with a fix
// 11 km away, 100 reported 72 h late, 100 started at 10:00, 100 with an audience of 400 (eight
// times the team's usual 50), 100 whose photo is another one's (50 pairs) — so the review queue of
// June holds 1,000.
//
// Then, against a baseline measured in the same run — the coverage of June computed from cold
// (a new Coverage engine: the units loaded and the month built whole, as a server's first request
// does; median of BENCH_RUNS) — it times the figures below. Each (the baseline too) is timed after
// one untimed run of the same in this process, printed as the warm-up: the first run of either
// pays V8's first compilation of its code (the first recheck took 40–60% longer than the next,
// 7 December 2026), which a server that has verified reports all day has long paid.
// It times:
//   verify, whole month  recheckMonth (POST /api/review/recheck's batches, RECHECK_BATCH) over every
//                        completed screening of June after their flags and states were cleared
//                        (every one written again), and again with nothing changed since (reads and
//                        checks, writes nothing); median of BENCH_RUNS each
//   GET /api/review      June's queue as the review page asks for it (flagged and unverified, not
//                        decided, 50 a page), and 1,000 at once; time to the last byte and bytes
//   the review page      /review?month=2026-06 in headless Chromium (Debian's /usr/bin/chromium
//                        through playwright-core, a fresh context each run), when web/review.html
//                        exists. First usable paint, in the page's own clock from the navigation's
//                        start: the later of (a) the first animation frame in which the first item
//                        of the queue (#queue li) is in the DOM with a non-empty box and (b) the
//                        moment a task posted at (a) runs — the main thread free again, so a key
//                        or a click would be handled. The page's own mark 'review-usable' (list and
//                        first item's evidence drawn) is printed beside it when the page sets one.
//
//   BENCH_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/postgres
//   BENCH_VILLAGES      default 50000          BENCH_RUNS  default 3
//   BENCH_KEEP=1        keeps the database afterwards (to look at a query plan)
//   BENCH_REUSE=1       uses the database a BENCH_KEEP=1 run left (skips building it; keeps it again)
//   BENCH_PAGE=0        skips the review page (section 5)
//
// Target (issue 23): verify over the month, every one written again and nothing changed, each at
// most 5× the baseline; printed with PASS or MISS.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory from 'knex';
import { DateTime } from 'luxon';
import sharp from 'sharp';
import { hashPassword } from '../server/auth/passwords.js';
import { loadConfig } from '../server/config.js';
import { Coverage } from '../server/coverage/service.js';
import { demoPhoto } from '../server/demo/photos.js';
import { photoKeys } from '../server/evidence/files.js';
import { RECHECK_BATCH, RECHECK_LANES, recheckMonth } from '../server/evidence/recheck.js';
import { createLogger } from '../server/logger.js';
import { monthRange } from '../server/months.js';
import { start } from '../server/server.js';
import { launchChromium, UNREACHABLE_TILES } from '../test/helpers/browser.js';
import { buildBenchCounty } from './bench-county.js';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const villages = Number(process.env.BENCH_VILLAGES ?? 50_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const zone = 'Asia/Shanghai';
const month = '2026-06';
const now = DateTime.fromISO('2026-09-15T12:00', { zone });
const dbName = 'film2131_verify_bench';
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

const admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
const reuse = process.env.BENCH_REUSE === '1' && (await admin.raw('select 1 from pg_database where datname = ?', [dbName])).rows.length > 0;
const keep = process.env.BENCH_KEEP === '1' || process.env.BENCH_REUSE === '1';
const target = 5;
if (!reuse) {
  await admin.raw(`drop database if exists ${dbName} with (force)`);
  await admin.raw(`create database ${dbName}`);
}
const url = new URL(serverUrl);
url.pathname = `/${dbName}`;
// The photo files of the queue's photo rows (the page shows them), in a directory removed at the end.
const photoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'film2131-verify-bench-'));
const config = loadConfig({ DATABASE_URL: url.toString(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', TILE_URL: UNREACHABLE_TILES, COUNTY_TIMEZONE: zone, PHOTO_DIR: photoDir });
config.now = () => now;
const running = await start(config, createLogger('silent'));
const db = running.database.knex;
const t = config.evidence;

try {
  // 1. The county and June's evidence.
  const built = await timed(async () => {
    if (reuse) return;
    await buildBenchCounty(db, villages, 2026, now, [5, 6]);
    await addEvidence();
  });
  const { start: from, end: to } = monthRange(month, zone);
  const range = [from.toJSDate(), to.toJSDate()];
  const [counts] = (
    await db.raw(
      `select count(*)::int as screenings, count(*) filter (where status = 'completed')::int as completed,
              (select count(*)::int from screening_fixes) as fixes, (select count(*)::int from screening_photos) as photos,
              (select count(*)::int from confirmations) as confirmations
         from screenings where starts_at >= ? and starts_at < ?`,
      range,
    )
  ).rows;
  console.log(`built ${villages} villages (+${villages / 5} natural), June: ${counts.screenings} screenings, ${counts.completed} completed, ${counts.fixes} fixes, ${counts.photos} photo rows, ${counts.confirmations} confirmations${reuse ? ` (the database a BENCH_KEEP=1 run left)` : `, in ${(built.ms / 1000).toFixed(1)} s`}`);

  // 2. The baseline: June's coverage from cold (its caches empty), after one untimed run.
  const coldCoverage = () => new Coverage(db, { cacheBytes: 0 }).month(monthRange(month, zone), 'administrative', now);
  const coverageWarmUp = await timed(coldCoverage);
  const coverage: number[] = [];
  for (let i = 0; i < runs; i++) coverage.push((await timed(coldCoverage)).ms);
  const base = median(coverage);
  console.log(`\nbaseline  June's coverage from cold (units loaded, month built whole): ${ms(base)} (median of ${runs}: ${coverage.map(ms).join(', ')}; warm-up ${ms(coverageWarmUp.ms)})`);

  // 3. verify() over the month, as the recheck runs it, after one untimed round.
  const writtenAgain = async () => {
    await db.raw(`delete from screening_flags f using screenings s where s.id = f.screening_id and s.starts_at >= ? and s.starts_at < ?`, range);
    await db.raw(`update screenings set verification = 'unverified' where status = 'completed' and starts_at >= ? and starts_at < ?`, range);
    await db.raw('analyze screenings, screening_flags');
    return timed(() => recheckMonth(db, zone, month, t));
  };
  const verifyWarmUp = [(await writtenAgain()).ms, (await timed(() => recheckMonth(db, zone, month, t))).ms];
  const fresh: number[] = [];
  const again: number[] = [];
  let result = { checked: 0, changed: 0 };
  for (let i = 0; i < runs; i++) {
    const first = await writtenAgain();
    fresh.push(first.ms);
    result = first.value;
    again.push((await timed(() => recheckMonth(db, zone, month, t))).ms);
  }
  const states = Object.fromEntries(
    (await db.raw(`select verification as state, count(*)::int as n from screenings where status = 'completed' and starts_at >= ? and starts_at < ? group by 1 order by 1`, range)).rows.map(
      (r: { state: string; n: number }) => [r.state, r.n],
    ),
  );
  const flags = (await db.raw(`select f.code, count(*)::int as n from screening_flags f join screenings s on s.id = f.screening_id where s.starts_at >= ? and s.starts_at < ? group by 1 order by 1`, range)).rows
    .map((r: { code: string; n: number }) => `${r.code} ${r.n}`)
    .join(', ');
  const perK = (x: number) => (x / (result.checked / 1000)).toFixed(1);
  console.log(`\nverify    ${result.checked} completed screenings of June, batches of whole teams, at most about ${RECHECK_BATCH}, ${RECHECK_LANES} at a time (recheckMonth); states: ${JSON.stringify(states)}`);
  console.log(`          flags: ${flags}`);
  console.log(`          every one written again: ${ms(median(fresh))} (${perK(median(fresh))} ms per 1,000)  ${(median(fresh) / base).toFixed(1)}× the baseline   [${fresh.map(ms).join(', ')}]`);
  console.log(`          nothing changed:         ${ms(median(again))} (${perK(median(again))} ms per 1,000)  ${(median(again) / base).toFixed(1)}× the baseline   [${again.map(ms).join(', ')}]`);
  console.log(`          (warm-up round, untimed: written again ${ms(verifyWarmUp[0]!)}, nothing changed ${ms(verifyWarmUp[1]!)})`);
  const worst = Math.max(median(fresh), median(again)) / base;
  console.log(`          target ≤ ${target}× the baseline (both): ${worst.toFixed(1)}×  ${worst <= target ? 'PASS' : 'MISS'}`);

  // 4. The queue's answer.
  if (!(await db('users').where('username', 'verifybench').first())) await db('users').insert({ username: 'verifybench', password_hash: await hashPassword('verifybench-2131'), role: 'bureau' });
  const token = await signIn(running.url);
  const agent = new http.Agent({ keepAlive: true });
  const get = (p: string) =>
    new Promise<{ bytes: number; total: number }>((resolve, reject) => {
      http
        .get(running.url + p, { agent, headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'identity' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(new Error(`${p}: ${res.statusCode}`));
            const body = Buffer.concat(chunks);
            resolve({ bytes: body.length, total: JSON.parse(body.toString()).total });
          });
        })
        .on('error', reject);
    });
  console.log('');
  for (const p of [`/api/review?month=${month}&state=flagged,unverified&decision=none&limit=50`, `/api/review?month=${month}&state=flagged,unverified&decision=none&limit=1000`, `/api/review?month=${month}&limit=100`]) {
    const first = await get(p);
    const times: number[] = [];
    for (let i = 0; i < Math.max(runs, 5); i++) times.push((await timed(() => get(p))).ms);
    console.log(`GET ${p.padEnd(84)} ${ms(median(times)).padStart(7)}  ${(median(times) / base).toFixed(2)}× the baseline  ${String(first.bytes).padStart(9)} bytes  (total ${first.total})`);
  }
  agent.destroy();

  // 5. The review page, built as npm start builds the pages.
  if (process.env.BENCH_PAGE === '0') {
    console.log('\nreview page: skipped (BENCH_PAGE=0)');
  } else if (!fs.existsSync(path.join(root, 'web', 'review.html'))) {
    console.log('\nreview page: skipped (there is no web/review.html)');
  } else if (spawnSync('npm', ['run', 'build:web', '--silent'], { cwd: root, stdio: 'inherit' }).status !== 0) {
    console.log('\nreview page: skipped (npm run build:web failed)');
  } else {
    await reviewPage(running.url).catch((err: unknown) => console.log(`\nreview page: failed — ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`));
  }
} finally {
  await running.close();
  if (!keep) await admin.raw(`drop database if exists ${dbName} with (force)`);
  fs.rmSync(photoDir, { recursive: true, force: true });
  await admin.destroy();
}

async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'verifybench', password: 'verifybench-2131' }) });
  if (!res.ok) throw new Error(`sign-in: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

async function reviewPage(base: string) {
  const chromium = await launchChromium();
  try {
    const usable: number[] = [];
    const marks: number[] = [];
    let shown = '';
    for (let i = 0; i < Math.max(runs, 5); i++) {
      const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const res = await context.request.post(`${base}/api/session`, { data: { username: 'verifybench', password: 'verifybench-2131' } });
      if (!res.ok()) throw new Error(`sign-in: ${res.status()}`);
      const page = await context.newPage();
      page.on('pageerror', (err) => console.log(`  page error: ${err.message}`));
      page.on('response', (r) => {
        if (r.status() >= 400) console.log(`  ${r.status()} from ${r.url()}`);
      });
      await page.goto(`${base}/review?month=${month}`, { waitUntil: 'commit' });
      // (a): polled every animation frame; (b): a task posted then.
      const visible = await (
        await page.waitForFunction(
          () => {
            const li = document.querySelector('#queue li');
            const box = li?.getBoundingClientRect();
            return box && box.width > 0 && box.height > 0 ? performance.now() : false;
          },
          undefined,
          { polling: 'raf', timeout: 60_000 },
        )
        .catch(async (err: Error) => {
          const state = await page.evaluate(() => `body data-state=${document.body.dataset.state}, load error: ${document.getElementById('load-error')?.textContent || 'none'}`);
          throw new Error(`no queue item within 60 s (${state}): ${err.message}`);
        })
      ).jsonValue();
      const free = await page.evaluate(() => new Promise<number>((resolve) => setTimeout(() => resolve(performance.now()), 0)));
      usable.push(Math.max(visible as number, free));
      const mark = await page
        .waitForFunction(() => performance.getEntriesByName('review-usable')[0]?.startTime ?? false, undefined, { timeout: 10_000 })
        .then((h) => h.jsonValue() as Promise<number>, () => null);
      if (mark !== null) marks.push(mark);
      shown = await page.$eval('#queue-count', (e) => e.textContent ?? '').catch(() => '');
      await context.close();
    }
    console.log(`\nreview page /review?month=${month} (June's queue: 1,000 flagged or unverified; the page shows "${shown.trim()}")`);
    console.log(`          navigation → first usable paint: median ${ms(median(usable))} of ${usable.length} fresh contexts [${usable.map(ms).join(', ')}]`);
    if (marks.length) console.log(`          the page's own mark 'review-usable': median ${ms(median(marks))}`);
  } finally {
    await chromium.close();
  }
}

/** June's evidence in SQL (see the header): nearly every completed screening backed, exactly 1,000 in trouble. */
async function addEvidence() {
  const { start: from, end: to } = monthRange(month, zone);
  // The screenings in trouble: the first 1,000 of June's completed by a hash of their id, in bands.
  await db.raw(
    `create table trouble as
       select id, row_number() over (order by md5(id::text)) as n from screenings
        where status = 'completed' and starts_at >= ? and starts_at < ? order by md5(id::text) limit 1000`,
    [from.toJSDate(), to.toJSDate()],
  );
  const band = (lo: number, hi: number) => `(select id from trouble where n between ${lo} and ${hi})`;
  // The bench county's one film gets its length: a 90-minute feature makes each programme one 场, so
  // programme_incomplete flags none and the queue holds the 1,000 above (without minutes it flagged every one).
  await db('films').update({ minutes: 90 });
  // Every completed screening was reported three hours after its start (the trigger stamped the build's time: a bulk report).
  await db.raw(`update screenings set reported_at = starts_at + interval '3 hours' where status = 'completed'`);
  await db.raw(`update screenings set starts_at = (date_trunc('day', starts_at at time zone ?) at time zone ?) + interval '10 hours' where id in ${band(701, 800)}`, [zone, zone]);
  await db.raw(`update screenings set reported_at = starts_at + interval '72 hours' where id in ${band(601, 700)}`);
  await db.raw(`update screenings set audience = 400 where id in ${band(801, 900)}`);
  await db.raw(
    `insert into screening_fixes (screening_id, kind, lat, lng, accuracy, taken_at)
     select s.id, 'report', v.lat + case when s.id in ${band(201, 400)} then 0.1 else (random() - 0.5) * 0.004 end, v.lng + (random() - 0.5) * 0.004,
            10 + floor(random() * 50), s.starts_at + interval '2 hours'
       from screenings s join villages v on v.id = s.village_id
      where s.status = 'completed' and s.starts_at >= ? and s.starts_at < ? and s.id not in ${band(1, 200)} and s.id not in ${band(401, 600)}`,
    [from.toJSDate(), to.toJSDate()],
  );
  // Photo rows: one screening in ten, and the 100 whose photo is another one's (pairs: n and n + 50 share a perceptual hash).
  await db.raw(
    `insert into screening_photos (screening_id, sha256, phash, media_type, bytes, width, height, taken_at)
     select s.id, md5('a' || s.id) || md5('b' || s.id), substr(md5('p' || coalesce(d.pair, s.id)), 1, 16), 'image/jpeg', 900000, 4000, 3000, s.starts_at + interval '1 hour'
       from screenings s
       left join (select id, case when n <= 950 then id else (select t2.id from trouble t2 where t2.n = trouble.n - 50) end as pair from trouble where n between 901 and 1000) d on d.id = s.id
      where s.status = 'completed' and s.starts_at >= ? and s.starts_at < ?
        and s.id not in ${band(1, 200)} and s.id not in ${band(401, 600)}
        and (d.id is not null or (s.id % 10 = 0 and s.id not in (select id from trouble)))`,
    [from.toJSDate(), to.toJSDate()],
  );
  await db.raw(
    `insert into confirmations (screening_id, device_hash, rating, comment, created_at)
     select s.id, md5(s.id || ':' || k), 3 + floor(random() * 3), null, s.starts_at + interval '1 hour'
       from screenings s cross join generate_series(1, 3) k
      where s.status = 'completed' and s.starts_at >= ? and s.starts_at < ? and s.id % 5 = 1 and k <= 1 + s.id % 3`,
    [from.toJSDate(), to.toJSDate()],
  );
  // The queue's photos (the duplicated ones) get real files: one demo picture under each row's name.
  const picture = await demoPhoto(1);
  const display = await sharp(picture).webp({ quality: 80 }).toBuffer();
  for (const { sha256 } of await db('screening_photos').whereIn('screening_id', db('trouble').select('id')).select('sha256')) {
    for (const [file, bytes] of [[path.join(photoDir, photoKeys.original(sha256, 'jpg')), picture], [path.join(photoDir, photoKeys.display(sha256)), display]] as const) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes);
    }
  }
  await db.raw('drop table trouble');
  await db.raw('vacuum analyze');
}
