// npm run bench:national [-- --months 12 --rows 620573 --runs 7] — the whole country on one server:
// a fresh database on the real PostgreSQL server, the app started as `npm start` starts it (its own
// process, ADMIN_USERNAME/ADMIN_PASSWORD), the national registry built through the product's own
// imports (POST /api/areas/import with the division files, then POST /api/villages/import with
// every village of villages.csv.gz and made-up positions around each county's jittered centre),
// `--months` months of screenings up to the current one inserted by SQL (triggers skipped, then
// requestRebuild), and then, each against a baseline measured in the same run (the median of a
// bare count(*) over the month's screenings): the national and provincial coverage answers after
// a write and unchanged, the cold first answer after a restart, and the drill-down map in headless
// Chromium. The server's memory (VmRSS, VmHWM from /proc) is sampled every 200 ms throughout.
//
//   BENCH_DATABASE_URL  server to use (default postgres://postgres@127.0.0.1:5432/postgres); a
//                       database film2131_bench_national is created there and dropped at the end
//   BENCH_DB_NAME       another name for that database (two benches on one server at once)
//   BENCH_DATA          the china-divisions folder (default ../shared/data/china-divisions)
//   --months N (12)     months of screenings, the current one and the N-1 before it
//   --rows N (all)      only the first N villages (for trying the script out)
//   --runs N (7)        timed runs per figure (median)
//   --provinces 53,11   only the villages of these provinces (for trying the script out)
//   --keep              leave the database behind at the end (for --reuse)
//   --reuse             use the database a --keep run left (skip the imports and the screenings' load;
//                       the server still migrates it): for measuring a change again in minutes
//   --skip map          leave out the drill-down map in Chromium
//   --shots docs        also screenshots of the national, provincial (云南省) and county (通海县) views
//                       into that folder (map-national.png, map-province.png, map-county.png), after the figures
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { parse } from 'csv-parse';
import knexFactory from 'knex';
import { DateTime } from 'luxon';
import pg from 'pg';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { requestRebuild } from '../server/coverage/service.js';
import { seeded } from '../server/demo/tonghai.js';
import { monthRange } from '../server/months.js';

const { values: flags } = parseArgs({
  options: { months: { type: 'string', default: '12' }, rows: { type: 'string' }, runs: { type: 'string', default: '7' }, provinces: { type: 'string' }, shots: { type: 'string' }, keep: { type: 'boolean' }, reuse: { type: 'boolean' }, skip: { type: 'string' } },
});
const monthsWanted = Math.max(1, Math.min(12, Number(flags.months)));
const rowLimit = flags.rows ? Number(flags.rows) : Infinity;
const runs = Math.max(1, Number(flags.runs));
const skipped = new Set((flags.skip ?? '').split(','));
const onlyProvinces = flags.provinces ? new Set(flags.provinces.split(',')) : null;
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dataDir = path.resolve(process.env.BENCH_DATA ?? '../shared/data/china-divisions');
const dbName = process.env.BENCH_DB_NAME ?? 'film2131_bench_national';
const ZONE = 'Asia/Shanghai';
const ADMIN = { username: 'benchadmin', password: 'bench-national-2131' };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const UNREACHABLE_TILES = 'http://127.0.0.1:9/{z}/{x}/{y}.png';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const secs = (x: number) => `${(x / 1000).toFixed(1)} s`;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

// ---------------------------------------------------------------------------------------------
// The server process and its memory.

/** Samples VmRSS and VmHWM of the server process every 200 ms, per phase and overall (kB). */
class MemorySampler {
  pid = 0;
  phase = 'start';
  readonly phases = new Map<string, { rss: number; hwm: number }>();
  peakRss = 0;
  peakHwm = 0;
  private timer: NodeJS.Timeout | null = null;

  start() {
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
  }
  stop() {
    if (this.timer) clearInterval(this.timer);
  }
  setPhase(phase: string) {
    this.sample();
    this.phase = phase;
    this.sample();
  }
  sample() {
    if (!this.pid) return;
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    } catch {
      return; // the process has gone (a restart)
    }
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    const rss = kb('VmRSS');
    const hwm = kb('VmHWM');
    const p = this.phases.get(this.phase) ?? { rss: 0, hwm: 0 };
    this.phases.set(this.phase, { rss: Math.max(p.rss, rss), hwm: Math.max(p.hwm, hwm) });
    this.peakRss = Math.max(this.peakRss, rss);
    this.peakHwm = Math.max(this.peakHwm, hwm);
  }
}
const memory = new MemorySampler();
memory.start();

let server: { child: ChildProcess; base: string } | null = null;

async function freePort(): Promise<number> {
  const s = http.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Starts the app as `npm start` does (node --import tsx server/main.ts); resolves once /healthz answers. */
async function startServer(databaseUrl: string): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      TILE_URL: UNREACHABLE_TILES,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  memory.pid = child.pid!;
  const base = `http://127.0.0.1:${port}`;
  server = { child, base };
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not answer /healthz');
}

async function stopServer() {
  if (!server) return;
  const { child } = server;
  server = null;
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timeout);
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers.

let token = '';

function request(
  method: string,
  p: string,
  body?: string | AsyncIterable<string> | Buffer,
  contentType = 'application/json',
): Promise<{ status: number; body: Buffer; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = contentType;
    const req = http.request(server!.base + p, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: performance.now() - t0 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body === undefined) req.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
    else Readable.from(body).pipe(req);
  });
}
let agent = new http.Agent({ keepAlive: true });

async function json<T>(method: string, p: string, body?: unknown): Promise<T> {
  const res = await request(method, p, body === undefined ? undefined : JSON.stringify(body));
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${res.body.toString().slice(0, 1000)}`);
  return JSON.parse(res.body.toString()) as T;
}

async function signIn() {
  token = '';
  token = (await json<{ token: string }>('POST', '/api/session', ADMIN)).token;
}

// ---------------------------------------------------------------------------------------------
// The national registry: division files as they are, villages with made-up positions.

/** Approximate centre and half-extent (degrees) of each province, by its 2-digit code. */
const PROVINCES: Record<string, [lat: number, lng: number, dLat: number, dLng: number]> = {
  11: [40.2, 116.4, 0.4, 0.5], 12: [39.3, 117.3, 0.4, 0.4], 13: [38.5, 115.5, 2.0, 1.8], 14: [37.6, 112.3, 1.8, 1.0],
  15: [43.5, 114.0, 3.0, 8.0], 21: [41.3, 122.6, 1.2, 2.0], 22: [43.7, 126.2, 1.2, 2.2], 23: [47.5, 128.0, 2.5, 3.5],
  31: [31.2, 121.45, 0.25, 0.3], 32: [33.0, 119.5, 1.4, 1.3], 33: [29.2, 120.2, 1.0, 1.1], 34: [31.8, 117.2, 1.5, 1.0],
  35: [26.1, 118.0, 1.3, 1.3], 36: [27.6, 115.7, 1.6, 1.3], 37: [36.4, 118.3, 1.0, 2.2], 41: [33.9, 113.6, 1.6, 1.5],
  42: [30.9, 112.3, 1.0, 2.3], 43: [27.6, 111.7, 1.6, 1.3], 44: [23.3, 113.4, 1.0, 2.3], 45: [23.8, 108.8, 1.3, 2.0],
  46: [19.2, 109.8, 0.5, 0.6], 50: [30.0, 107.5, 1.0, 1.5], 51: [30.5, 103.5, 2.2, 3.0], 52: [26.8, 106.8, 1.1, 1.5],
  53: [24.9, 101.5, 2.4, 2.4], 54: [31.5, 88.5, 2.5, 6.0], 61: [35.2, 108.9, 2.3, 1.2], 62: [37.0, 102.0, 3.0, 4.5],
  63: [35.5, 96.0, 2.0, 4.5], 64: [37.3, 106.2, 1.0, 0.7], 65: [42.0, 86.0, 4.0, 8.0],
};

/** A deterministic generator per key: FNV-1a of the key seeds the demo's generator. */
function rng(key: string): () => number {
  let h = 2166136261 ^ 2131;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return seeded(h);
}

const countyCentres = new Map<string, [number, number]>();
function countyCentre(county: string): [number, number] {
  let c = countyCentres.get(county);
  if (!c) {
    const [lat, lng, dLat, dLng] = PROVINCES[county.slice(0, 2)] ?? [34, 108, 3, 5];
    const r = rng(`county:${county}`);
    c = [lat + (2 * r() - 1) * dLat, lng + (2 * r() - 1) * dLng];
    countyCentres.set(county, c);
  }
  return c;
}

function villagePosition(code: string): [string, string] {
  const [lat, lng] = countyCentre(code.slice(0, 6));
  const r = rng(`village:${code}`);
  // Roughly normal (the sum of three uniforms), ~0.15° either way.
  const n = () => (r() + r() + r() - 1.5) * 0.2;
  return [(lat + n()).toFixed(5), (lng + n()).toFixed(5)];
}

let villagesSent = 0;
/** The village file as CSV text, produced as it is sent (never whole in memory). */
async function* villageCsv(): AsyncGenerator<string> {
  yield 'code,name,township_code,lat,lng\n';
  const parser = fs.createReadStream(path.join(dataDir, 'villages.csv.gz')).pipe(zlib.createGunzip()).pipe(parse({ columns: true }));
  let lines: string[] = [];
  for await (const r of parser as AsyncIterable<{ code: string; name: string; streetCode: string }>) {
    if (villagesSent >= rowLimit) break;
    if (onlyProvinces && !onlyProvinces.has(r.code.slice(0, 2))) continue;
    villagesSent++;
    const [lat, lng] = villagePosition(r.code);
    lines.push(`${r.code},"${r.name.replace(/"/g, '""')}",${r.streetCode},${lat},${lng}`);
    if (lines.length === 2000) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  }
  if (lines.length) yield lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Screenings by SQL.

async function loadScreenings(databaseUrl: string, months: string[], now: DateTime): Promise<number> {
  const setup = new pg.Client({ connectionString: databaseUrl });
  await setup.connect();
  try {
    // Which county each unit is in, its rank there; 8 teams per county (more where a county has
    // more than 8 × 60 units, so a team's month holds at most 60 evenings of 3 slots a day).
    await setup.query(`
      create unlogged table bench_units as
      select v.id as village_id, t.county_id,
             (row_number() over (partition by t.county_id order by v.id) - 1)::int as r,
             (count(*) over (partition by t.county_id))::int as n
      from villages v join townships t on t.id = v.township_id
      where v.kind = 'administrative' and v.retired_at is null and t.county_id is not null`);
    await setup.query(`insert into partners (name) select 'Bench partner ' || i from generate_series(1, 6) i`);
    const p0 = (await setup.query(`select min(id)::int as id from partners where name like 'Bench partner %'`)).rows[0].id as number;
    await setup.query(
      `insert into teams (name, partner_id)
       select 'T' || c.county_id || '-' || k, $1::int + c.county_id % 6
       from (select county_id, greatest(8, ceil(max(n) / 60.0))::int as nt from bench_units group by county_id) c
       cross join lateral generate_series(0, c.nt - 1) k`,
      [p0],
    );
    await setup.query(`
      create unlogged table bench_teams as
      select id as team_id, split_part(substr(name, 2), '-', 1)::int as county_id, split_part(name, '-', 2)::int as k
      from teams where name ~ '^T[0-9]+-[0-9]+$'`);
    await setup.query(`
      create unlogged table bench_slots as
      select u.village_id, b.team_id, u.idx, u.m
      from (select u.*, greatest(8, ceil(n / 60.0))::int as nt from bench_units u) u0
      cross join lateral (select u0.village_id, u0.county_id, u0.r % u0.nt as k, u0.r / u0.nt as idx,
                                 (u0.n - u0.r % u0.nt + u0.nt - 1) / u0.nt as m) u
      join bench_teams b on b.county_id = u.county_id and b.k = u.k`);
    await setup.query(`insert into films (title, category) values ('Bench film', 'feature')`);
  } finally {
    await setup.end();
  }
  // Two months at a time on two connections, the triggers skipped (a bulk load).
  const queue = [...months];
  const worker = async () => {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      await c.query('set session_replication_role = replica');
      for (let m = queue.shift(); m; m = queue.shift()) {
        const t0 = performance.now();
        const { start, end } = monthRange(m, ZONE);
        const days = Math.round(end.diff(start, 'days').days);
        // A team's units of the month spread over its days, up to three a day (10:00, 14:00, 19:00
        // local: 4 or 5 hours apart, so the 3-hour rule holds); ~92% of units get one.
        const res = await c.query(
          `insert into screenings (village_id, team_id, programme, starts_at, status, audience, cancel_reason)
           select s.village_id, s.team_id, array[(select min(id) from films)],
                  s.at,
                  case when s.h < 0.03 then 'cancelled' when s.at > $3 then 'scheduled' when s.h < 0.06 then 'scheduled' else 'completed' end,
                  case when s.h >= 0.06 and s.at <= $3 then 20 + (s.h * 1000)::int % 200 end,
                  case when s.h < 0.03 then 'rain' end
           from (select b.village_id, b.team_id, random() as h,
                        $1::timestamptz + floor(b.idx * $2::numeric / b.m) * interval '1 day' + (array[10, 14, 19])[1 + b.idx % 3] * interval '1 hour' as at
                 from bench_slots b) s
           where s.h < 0.98 and random() < 0.94`,
          [start.toJSDate(), days, now.toJSDate()],
        );
        log(`  screenings ${m}: ${res.rowCount} rows in ${secs(performance.now() - t0)}`);
      }
    } finally {
      await c.end();
    }
  };
  await Promise.all([worker(), worker()]);
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const t0 = performance.now();
    await c.query('vacuum analyze');
    log(`  vacuum analyze: ${secs(performance.now() - t0)}`);
    return (await c.query('select count(*)::int as n from screenings')).rows[0].n as number;
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------
// issue 22: the statements lane's figure, a hook for the lead (see its commented row in the run).

interface StatementFigure {
  countyId: number;
  county: string;
  units: number;
  round: string;
  /** Completed screenings the statement lists (paid, extra, pending, rejected), those paid, the net total (yuan). */
  screenings: number;
  paid: number;
  totalYuan: number;
  issueFirst: number;
  reissue: number;
  read: number;
}

/** The month locked through the API: the round's paymentRound, the partner submits, the admin approves at every level. */
async function lockMonth(county: { id: number; name: string; partner_id: number }, round: string): Promise<void> {
  await json('PUT', `/api/areas/${county.id}/settings`, { paymentRound: 'month' });
  const adminToken = token;
  const partner = { username: `benchpartner${county.id}`, password: 'bench-partner-2131' };
  await json('POST', '/api/users', { ...partner, role: 'partner', partnerId: county.partner_id });
  token = (await json<{ token: string }>('POST', '/api/session', partner)).token;
  await json('POST', `/api/periods/${county.id}/${round}/submit`, {});
  token = adminToken;
  let period = await json<{ state: string }>('POST', `/api/periods/${county.id}/${round}/approve`, {});
  for (let i = 0; period.state !== 'locked' && i < 4; i++) period = await json<{ state: string }>('POST', `/api/periods/${county.id}/${round}/approve`, {});
  if (period.state !== 'locked') throw new Error(`${county.name} ${round}: ${period.state} after the approvals, not locked`);
}

/**
 * A statement of a county — 通海县 (530423; else the one with the most units), or the one with the
 * most units (`which`), none of `skip` — its paymentRound set to `month` (PUT /api/areas/:id/settings, as the admin), one ended month locked through the API
 * (the month's still-scheduled screenings reported and its screenings verified by SQL first, then submitted by the partner
 * whose teams screened there — a partner user made for it — and approved by the admin), then
 * POST /api/statements {countyId, round} timed (the first issue, then reissues: each supersedes
 * the one before) and GET /api/statements/:id (the read), medians over `runs`.
 */
async function statementFigure(databaseUrl: string, which: 'tonghai' | 'biggest', skip: number[], round: string, runs: number): Promise<StatementFigure | null> {
  const k = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
  let county: { id: number; name: string; units: number; partner_id: number };
  let locked: boolean;
  try {
    county = (
      await k.raw(`select a.id, a.name, u.n::int as units, (select min(t.partner_id) from bench_teams b join teams t on t.id = b.team_id where b.county_id = a.id)::int as partner_id
                     from areas a join (select county_id, max(n) as n from bench_units group by county_id) u on u.county_id = a.id
                    where a.id <> all(?::int[])
                    order by ${which === 'tonghai' ? `(a.code = '530423') desc, ` : ''}u.n desc, a.id limit 1`, [skip])
    ).rows[0];
    if (!county) return null; // no (other) county with units
    // A --reuse run finds the month locked by the run that kept the database: issue at once.
    locked = (await k('periods').where({ county_id: county.id, month: round, state: 'locked' }).first('county_id')) !== undefined;
    if (!locked) {
    // Reported by SQL (a bulk stand-in for the partner's reports and the evidence checks): the
    // month's still-scheduled screenings of the county completed, and its completed ones verified
    // (the load left them unchecked: none would be paid).
    const { start, end } = monthRange(round, ZONE);
    await k.raw(
      `update screenings s set status = 'completed', audience = coalesce(s.audience, 40), reported_at = coalesce(s.reported_at, now()), verification = 'verified'
         from villages v join townships w on w.id = v.township_id
        where v.id = s.village_id and w.county_id = ? and s.status in ('scheduled', 'completed') and s.starts_at >= ? and s.starts_at < ?`,
      [county.id, start.toJSDate(), end.toJSDate()],
    );
    }
  } finally {
    await k.destroy();
  }
  if (!locked) await lockMonth(county, round);

  const issue = async () => {
    const res = await request('POST', '/api/statements', JSON.stringify({ countyId: county.id, round }));
    if (res.status !== 201) throw new Error(`POST /api/statements: ${res.status} ${res.body.toString().slice(0, 1000)}`);
    return { ms: res.ms, body: JSON.parse(res.body.toString()) as { id: number; screenings?: unknown[]; totals?: Record<string, unknown> } & Record<string, unknown> };
  };
  const first = await issue();
  const reissues: number[] = [];
  let last = first.body;
  for (let i = 0; i < runs; i++) {
    const r = await issue();
    reissues.push(r.ms);
    last = r.body;
  }
  const reads: number[] = [];
  let readBody: Buffer = Buffer.alloc(0);
  for (let i = 0; i <= runs; i++) {
    const res = await request('GET', `/api/statements/${last.id}`);
    if (res.status !== 200) throw new Error(`GET /api/statements/${last.id}: ${res.status} ${res.body.toString().slice(0, 1000)}`);
    if (i) reads.push(res.ms); // the first read warms the statement's route
    readBody = res.body;
  }
  const s = JSON.parse(readBody.toString()) as { paid: unknown[]; extra: unknown[]; pending: unknown[]; rejected: unknown[]; totals: { count: number; gross: number; net: number } };
  return {
    countyId: county.id,
    county: county.name,
    units: county.units,
    round,
    screenings: s.paid.length + s.extra.length + s.pending.length + s.rejected.length,
    paid: s.totals.count,
    totalYuan: s.totals.net,
    issueFirst: first.ms,
    reissue: median(reissues),
    read: median(reads),
  };
}

// ---------------------------------------------------------------------------------------------
// The run.

interface Row {
  what: string;
  value: string;
  target: string;
  pass: boolean | null;
}
const rows: Row[] = [];
const row = (what: string, value: string, target = '', pass: boolean | null = null) => rows.push({ what, value, target, pass });

const admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
const url = new URL(serverUrl);
url.pathname = `/${dbName}`;
const databaseUrl = url.toString();
let context: BrowserContext | null = null;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'film2131-bench-national-'));

let cleaning: Promise<void> | null = null;
const cleanUp = () => (cleaning ??= cleanUpOnce());
async function cleanUpOnce() {
  memory.stop();
  await context?.close().catch(() => undefined);
  context = null;
  await stopServer();
  agent.destroy();
  if (!flags.keep) await admin.raw(`drop database if exists ${dbName} with (force)`).catch((e) => console.error('drop database:', e));
  await admin.destroy();
  fs.rmSync(profile, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // process.on, not once: tsx's own handler exits at once when it sees no other listener.
  process.on(signal, () => {
    console.error(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

const now = DateTime.now().setZone(ZONE);
const month = now.toFormat('yyyy-MM');
const months = Array.from({ length: monthsWanted }, (_, i) => now.minus({ months: monthsWanted - 1 - i }).toFormat('yyyy-MM'));
const started = performance.now();

try {
  console.log(`bench:national — ${os.cpus().length} cores, ${mb(os.totalmem() / 1024)} RAM, PostgreSQL at ${url.host}; now ${now.toISO()} (${ZONE})`);
  memory.setPhase('build web');
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-web.ts'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`build:web failed (${build.status})`);
  const reusing = flags.reuse && (await admin.raw('select 1 from pg_database where datname = ?', [dbName])).rows.length > 0;
  if (flags.reuse && !reusing) log(`--reuse: no database ${dbName} yet; building it`);
  if (!reusing) {
    await admin.raw(`drop database if exists ${dbName} with (force)`);
    await admin.raw(`create database ${dbName}`);
  }

  memory.setPhase('start (migrations)');
  const firstStart = await startServer(databaseUrl);
  log(`server up on a fresh database in ${secs(firstStart)} (pid ${memory.pid}, ${server!.base})`);
  await signIn();

  let areasMs = 0;
  let imp = { ms: 0 };
  let screenings = 0;
  let loadMs = 0;
  if (reusing) {
    log(`--reuse: ${dbName} as a --keep run left it (no imports, no load)`);
    screenings = Number((await admin.raw(`select reltuples::bigint as n from pg_class where relname = 'screenings'`).catch(() => ({ rows: [{ n: 0 }] }))).rows[0]?.n ?? 0);
  } else {
    // 1. The registry through the product's imports.
    memory.setPhase('areas import');
    for (const file of ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv']) {
      const res = await request('POST', '/api/areas/import', fs.readFileSync(path.join(dataDir, file)), 'text/csv');
      if (res.status !== 200) throw new Error(`areas import ${file}: ${res.status} ${res.body.toString().slice(0, 2000)}`);
      areasMs += res.ms;
      const b = JSON.parse(res.body.toString());
      log(`areas import ${file}: ${ms(res.ms)}; created ${b.created}, townships ${b.townshipsCreated}, errors ${b.errorCount}`);
    }
    memory.setPhase('village import');
    const vi = await request('POST', '/api/villages/import', villageCsv() as AsyncIterable<string>, 'text/csv');
    if (vi.status !== 200) throw new Error(`village import: ${vi.status} ${vi.body.toString().slice(0, 2000)}`);
    imp = vi;
    const ib = JSON.parse(vi.body.toString());
    log(`village import: ${villagesSent} rows in ${secs(vi.ms)}; created ${ib.created}, updated ${ib.updated}, townships ${ib.townshipsCreated}, errors ${ib.errorCount ?? ib.errors?.length ?? 0}`);

    // 2. Screenings by SQL, then the refresh the product offers.
    memory.setPhase('screenings (SQL)');
    const t0 = performance.now();
    log(`screenings for ${months.length} month(s) ${months[0]}..${months.at(-1)}:`);
    screenings = await loadScreenings(databaseUrl, months, now);
    loadMs = performance.now() - t0;
  }
  const scratch = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
  // The load skipped the triggers that tell the servers their answers are stale: the product's refresh.
  await requestRebuild(scratch);
  const facts = (
    await scratch.raw(`select (select count(*) from villages where kind = 'administrative')::int as units,
      (select count(*) from teams)::int as teams, (select count(*) from areas where level = 'county')::int as counties,
      (select count(*) from townships)::int as townships`)
  ).rows[0] as { units: number; teams: number; counties: number; townships: number };
  await scratch.destroy();
  log(`${screenings} screenings in ${secs(loadMs)}; ${facts.units} units, ${facts.townships} townships, ${facts.counties} counties, ${facts.teams} teams; coverage rebuild requested`);

  // 3. Baseline: a bare count of the month's screenings.
  const { start: mStart, end: mEnd } = monthRange(month, ZONE);
  const base = new pg.Client({ connectionString: databaseUrl });
  await base.connect();
  const baselineTimes: number[] = [];
  for (let i = 0; i <= Math.max(runs, 9); i++) {
    const t = performance.now();
    await base.query('select count(*) from screenings where starts_at >= $1 and starts_at < $2', [mStart.toJSDate(), mEnd.toJSDate()]);
    if (i) baselineTimes.push(performance.now() - t);
  }
  const baseline = median(baselineTimes);
  const monthCount = (await base.query('select count(*)::int as n from screenings where starts_at >= $1 and starts_at < $2', [mStart.toJSDate(), mEnd.toJSDate()])).rows[0].n;
  await base.end();
  log(`baseline: count(*) of ${month}'s ${monthCount} screenings, median ${ms(baseline)}`);

  // 4. Coverage answers, after a write and unchanged.
  memory.setPhase('coverage answers');
  const provinces = await json<{ items: { id: number; code: string; name: string }[] }>('GET', '/api/areas?level=province&limit=100');
  const yunnan = provinces.items.find((a) => a.code === '53');
  if (!yunnan) throw new Error('云南省 (53) not among the areas');
  // Writes: a screening at 23:00 on the month's last day, each by another team (free then: its
  // latest slot of a day ends at 22:00), in a village of that team's county.
  const writeSlots = (
    await (async () => {
      const k = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
      try {
        return (await k.raw(`select b.team_id, (select min(u.village_id) from bench_units u where u.county_id = b.county_id) as village_id from bench_teams b where b.k = 0 order by b.county_id limit 200`)).rows as {
          team_id: number;
          village_id: number;
        }[];
      } finally {
        await k.destroy();
      }
    })()
  ).filter((s) => s.village_id);
  let writes = 0;
  const writeAt = mEnd.minus({ hours: 1 });
  if (reusing) {
    // the writes of the run that kept the database, gone (they would collide with these)
    const k = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
    await k('screenings').where({ starts_at: writeAt.toJSDate() }).delete().finally(() => k.destroy());
  }
  const write = async () => {
    const s = writeSlots[writes++ % writeSlots.length]!;
    const res = await request('POST', '/api/screenings', JSON.stringify({ villageId: s.village_id, teamId: s.team_id, startsAt: writeAt.toISO(), status: 'scheduled' }));
    if (res.status !== 201 && res.status !== 200) throw new Error(`POST /api/screenings: ${res.status} ${res.body.toString().slice(0, 1000)}`);
  };
  const get = async (p: string) => {
    const res = await request('GET', p);
    if (res.status !== 200) throw new Error(`GET ${p}: ${res.status} ${res.body.toString().slice(0, 1000)}`);
    return res;
  };
  const coverageFigures: { label: string; path: string; first: number; written: number; unchanged: number; bytes: number; gzip: number; groups: number }[] = [];
  const answerPaths = [
    { label: 'national  groupBy=province', path: `/api/coverage?month=${month}&groupBy=province` },
    { label: '云南省    groupBy=prefecture', path: `/api/coverage?month=${month}&areaId=${yunnan.id}&groupBy=prefecture` },
  ];
  for (const { label, path: p } of answerPaths) {
    const first = await get(p); // the first answer of the month after the rebuild
    const written: number[] = [];
    for (let i = 0; i < runs; i++) {
      await write();
      written.push((await get(p)).ms);
    }
    const unchanged: number[] = [];
    for (let i = 0; i < runs; i++) unchanged.push((await get(p)).ms);
    const body = (await get(p)).body;
    const groups = (JSON.parse(body.toString()) as { groups: unknown[] }).groups.length;
    coverageFigures.push({ label, path: p, first: first.ms, written: median(written), unchanged: median(unchanged), bytes: body.length, gzip: zlib.gzipSync(body).length, groups });
    log(`${label}: first ${ms(first.ms)}, after a write ${ms(median(written))}, unchanged ${ms(median(unchanged))}, ${body.length} bytes (${groups} groups)`);
  }
  // issue 23: a month other than the current and the previous one. Its first answer in this
  // process is computed whole (what every first answer of such a month cost before the snapshots:
  // about 3 s), and its snapshot kept; after the restart below, the first answer of the new process
  // is measured against the warm one.
  const oldMonth = now.minus({ months: Math.min(4, monthsWanted - 1) }).toFormat('yyyy-MM');
  const oldPath = `/api/coverage?month=${oldMonth}&groupBy=province`;
  const oldFirstEver = (await get(oldPath)).ms;
  log(`national ${oldMonth} (an older month): first answer, computed whole, ${ms(oldFirstEver)}`);
  for (const f of coverageFigures) {
    row(`${f.label}: first after rebuild`, `${ms(f.first)}  ${(f.first / baseline).toFixed(1)}×`, 'info', null);
    row(`${f.label}: after a write (median ${runs})`, `${ms(f.written)}  ${(f.written / baseline).toFixed(1)}×`, '≤ 2.5× baseline', f.written / baseline <= 2.5);
    row(`${f.label}: unchanged (median ${runs})`, `${ms(f.unchanged)}  ${(f.unchanged / baseline).toFixed(1)}×`, '≤ 2.5× baseline', f.unchanged / baseline <= 2.5);
    row(`${f.label}: answer size`, `${f.bytes} B (${f.gzip} gzipped), ${f.groups} groups`, 'a few KB (≤ 8 KB)', f.bytes <= 8192);
  }

  // issue 22 progress: the nation's progress of the year by province (GET /api/reports/progress):
  // the first ever (its kept counts, server/reports/progressCounts.ts, filled for the year), then
  // after a write (each write above's kind: one county-month to recompute), then unchanged.
  memory.setPhase('progress report');
  const progressPath = `/api/reports/progress?year=${now.year}&groupBy=province`;
  const progressFirst = (await get(progressPath)).ms;
  const progressWritten: number[] = [];
  for (let i = 0; i < runs; i++) {
    await write();
    progressWritten.push((await get(progressPath)).ms);
  }
  const progressAfterWrite = median(progressWritten);
  const progressWarmTimes: number[] = [];
  for (let i = 0; i < runs; i++) progressWarmTimes.push((await get(progressPath)).ms);
  const progressWarm = median(progressWarmTimes);
  const progressBody = JSON.parse((await get(progressPath)).body.toString()) as { groups: unknown[]; totals: { units: number; held: number; progress: number | null } };
  log(`progress by province: first ever ${ms(progressFirst)}, after a write ${ms(progressAfterWrite)}, warm ${ms(progressWarm)}; ${progressBody.groups.length} groups, totals ${JSON.stringify(progressBody.totals)}`);
  row(`progress ${now.year} groupBy=province: first ever (counts filled)`, `${ms(progressFirst)}  ${(progressFirst / baseline).toFixed(1)}×`, 'info', null);
  row(`progress ${now.year} groupBy=province: after a write (median ${runs})`, `${ms(progressAfterWrite)}  ${(progressAfterWrite / baseline).toFixed(1)}×`, '≤ 2× baseline', progressAfterWrite / baseline <= 2);
  row(`progress ${now.year} groupBy=province: warm (median ${runs})`, `${ms(progressWarm)}  ${(progressWarm / baseline).toFixed(1)}×`, '≤ 2× baseline', progressWarm / baseline <= 2);
  // issue 22 statements: a county's statement of one ended month (issued, reissued, read), against the same baseline.
  memory.setPhase('statement');
  const round = months.at(-2) ?? now.minus({ months: 1 }).toFormat('yyyy-MM');
  const against = (x: number) => `${ms(x)}  ${(x / baseline).toFixed(1)}×`;
  const stated: number[] = [];
  for (const which of ['tonghai', 'biggest'] as const) {
    const st = await statementFigure(databaseUrl, which, stated, round, runs);
    if (!st) continue;
    stated.push(st.countyId);
    log(`statement ${st.county} ${st.round} (${st.units} units): ${st.screenings} completed screenings listed, ${st.paid} paid, net ${st.totalYuan.toFixed(2)} yuan; issue first ${ms(st.issueFirst)}, reissue ${ms(st.reissue)}, read ${ms(st.read)}`);
    row(`statement ${st.county} ${st.round} (${st.units} units, ${st.screenings} screenings): first issue`, against(st.issueFirst), 'info', null);
    row(`statement ${st.county} ${st.round}: reissue, superseding (median ${runs})`, against(st.reissue), '≤ 2× baseline', st.reissue / baseline <= 2);
    row(`statement ${st.county} ${st.round}: GET /api/statements/:id (median ${runs})`, against(st.read), '≤ 2× baseline', st.read / baseline <= 2);
  }

  // 5. Cold first request after a restart, against the warm one.
  const progressPhase = memory.phases.get('progress report');
  if (progressPhase) row('server peak VmRSS in the progress report phase', mb(progressPhase.rss), 'info', null);
  memory.setPhase('restart');
  await stopServer();
  agent.destroy();
  agent = new http.Agent({ keepAlive: true });
  const restartMs = await startServer(databaseUrl);
  log(`restarted in ${secs(restartMs)} (pid ${memory.pid}, ${server!.base})`);
  memory.setPhase('cold answer');
  const nationalPath = `/api/coverage?groupBy=province`;
  const cold = (await get(nationalPath)).ms;
  const warmTimes: number[] = [];
  for (let i = 0; i < runs; i++) warmTimes.push((await get(nationalPath)).ms);
  const warm = median(warmTimes);
  log(`cold ${ms(cold)}, warm ${ms(warm)}`);
  row('restart: server up (/healthz answers)', secs(restartMs), 'info', null);
  row('restart: cold first GET /api/coverage?groupBy=province', `${ms(cold)}  ${(cold / warm).toFixed(1)}× warm`, '≤ 2× warm', cold / warm <= 2);
  row('restart: warm GET /api/coverage?groupBy=province', `${ms(warm)}  ${(warm / baseline).toFixed(1)}× baseline`, 'info', null);
  // issue 23: the older month's first answer in the new process (its snapshot), against its warm answer.
  const oldFirst = (await get(oldPath)).ms;
  const oldWarmTimes: number[] = [];
  for (let i = 0; i < runs; i++) oldWarmTimes.push((await get(oldPath)).ms);
  const oldWarm = median(oldWarmTimes);
  log(`national ${oldMonth} after restart: first ${ms(oldFirst)}, warm ${ms(oldWarm)}`);
  row(`national ${oldMonth} (older month): first answer ever (computed whole)`, `${ms(oldFirstEver)}  ${(oldFirstEver / oldWarm).toFixed(1)}× its warm`, 'info', null);
  row(`restart: first GET ${oldMonth} national (from its snapshot)`, `${ms(oldFirst)}  ${(oldFirst / oldWarm).toFixed(1)}× its warm (${ms(oldWarm)})`, '≤ 5× warm', oldFirst / oldWarm <= 5);
  // issue 22 progress: its first answer after the restart (its counts read from their table), then warm.
  const progressCold = (await get(progressPath)).ms;
  const progressWarm2: number[] = [];
  for (let i = 0; i < runs; i++) progressWarm2.push((await get(progressPath)).ms);
  log(`progress after restart: cold ${ms(progressCold)}, warm ${ms(median(progressWarm2))}`);
  row('restart: cold first GET /api/reports/progress?groupBy=province', `${ms(progressCold)}  ${(progressCold / baseline).toFixed(1)}× baseline`, '≤ 2× baseline', progressCold / baseline <= 2);
  row('restart: warm GET /api/reports/progress?groupBy=province', `${ms(median(progressWarm2))}  ${(median(progressWarm2) / baseline).toFixed(1)}× baseline`, '≤ 2× baseline', median(progressWarm2) / baseline <= 2);

  // 6. The drill-down map in headless Chromium (unless --skip map).
  if (!skipped.has('map')) {
    memory.setPhase('browser');
    const base2 = server!.base;
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const signin = await context.request.post(`${base2}/api/session`, { data: ADMIN });
    if (!signin.ok()) throw new Error(`browser sign-in: ${signin.status()}`);
    const page: Page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => console.error('page error:', e.message));
    const mapState = () => page.evaluate(() => ({ ...document.getElementById('map')!.dataset }));
    /** Waits until #map says `mode` for `area` (and `month`) with something drawn; resolves with the page's performance.now(). */
    const drawn = (mode: 'areas' | 'villages', area: string, m: string) =>
      page
        .waitForFunction(
          ([mode, area, m]) => {
            const d = document.getElementById('map')?.dataset;
            if (!d || d.mode !== mode || d.area !== area || d.month !== m) return false;
            if (mode === 'areas' ? Number(d.symbols) > 0 && document.querySelector('.area-symbol') : Number(d.drawn) > 0) return performance.now();
            return false;
          },
          [mode, area, m] as const,
          { timeout: 180_000, polling: 'raf' },
        )
        .then((h) => h.jsonValue() as Promise<number>);
    const pageNow = () => page.evaluate(() => performance.now());

    // National first render: navigation (fresh profile) → the province symbols drawn.
    await page.goto(`${base2}/?month=${month}`);
    const firstRender = await drawn('areas', '', month).catch(async (e) => {
      throw new Error(`national map: ${e} (map state ${JSON.stringify(await mapState())})`);
    });
    const symbols = (await mapState()).symbols;
    log(`national map first render: ${ms(firstRender)} (${symbols} symbols)`);
    row('map: national first render (navigation → symbols)', `${ms(firstRender)}, ${symbols} symbols`, '≤ 3 s', firstRender <= 3000);
    await page.goto(`${base2}/?month=${month}`);
    const secondRender = await drawn('areas', '', month);
    row('map: national render, second visit', ms(secondRender), 'info', null);

    // Drill-down by clicks: 云南省 → 玉溪市 → 通海县 (a symbol when areas are drawn, else the panel's row).
    const areaIds = new Map<string, { id: number; name: string }>();
    for (const code of ['5304', '530423']) {
      const found = await json<{ items: { id: number; code: string; name: string }[] }>('GET', `/api/areas?q=${code}&limit=10`).catch(() => ({ items: [] }));
      let hit = found.items.find((a) => a.code === code);
      if (!hit) {
        const level = code.length === 4 ? 'prefecture' : 'county';
        const parent = code.length === 4 ? yunnan.id : areaIds.get(code.slice(0, 4))!.id;
        hit = (await json<{ items: { id: number; code: string; name: string }[] }>('GET', `/api/areas?level=${level}&parentId=${parent}&limit=500`)).items.find((a) => a.code === code);
      }
      if (!hit) throw new Error(`area ${code} not found`);
      areaIds.set(code, hit);
    }
    const path3 = [
      { id: yunnan.id, name: yunnan.name, mode: 'areas' as const },
      { id: areaIds.get('5304')!.id, name: areaIds.get('5304')!.name, mode: null },
      { id: areaIds.get('530423')!.id, name: areaIds.get('530423')!.name, mode: 'villages' as const },
    ];
    for (const step of path3) {
      const before = await mapState();
      const t = await pageNow();
      const symbol = page.locator(`.area-symbol[data-area="${step.id}"]`);
      const panelRow = page.locator(`#township-bars [data-area="${step.id}"]`);
      let how: string;
      if (before.mode === 'areas' && (await symbol.count())) {
        await symbol.first().click({ force: true });
        how = 'symbol click';
      } else if (await panelRow.count()) {
        await panelRow.first().click();
        how = 'panel row click';
      } else {
        await page.evaluate((id) => {
          history.pushState(null, '', `${location.pathname}?area=${id}&${location.search.slice(1).replace(/(^|&)area=\d+/, '')}`);
          dispatchEvent(new PopStateEvent('popstate'));
        }, step.id);
        how = 'URL ?area= (popstate)';
      }
      // The mode below a prefecture depends on its units (villages at ≤ 5000): take what comes.
      const done = await page
        .waitForFunction(
          ([area, m]) => {
            const d = document.getElementById('map')?.dataset;
            if (!d || d.area !== area || d.month !== m) return false;
            if (d.mode === 'areas' ? Number(d.symbols) > 0 : Number(d.drawn) > 0) return [performance.now(), d.mode] as const;
            return false;
          },
          [String(step.id), month] as const,
          { timeout: 180_000, polling: 'raf' },
        )
        .then((h) => h.jsonValue() as Promise<[number, string]>);
      const took = done[0] - t;
      const st = await mapState();
      log(`drill-down to ${step.name} (${how}): ${ms(took)}, ${st.mode} drawn (symbols ${st.symbols}, villages ${st.drawn})`);
      const isCounty = step === path3[2];
      row(`map: drill-down → ${step.name} (${how}; ${st.mode}: ${st.mode === 'areas' ? `${st.symbols} symbols` : `${st.drawn} villages`})`, ms(took), isCounty ? '≤ 1 s' : 'info', isCounty ? took <= 1000 : null);
    }
    // The biggest county by URL, a fresh navigation.
    const big = (await (async () => {
      const k = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
      try {
        return (await k.raw(`select a.id, a.name, u.n from (select county_id, max(n) as n from bench_units group by county_id) u join areas a on a.id = u.county_id order by u.n desc limit 1`)).rows[0];
      } finally {
        await k.destroy();
      }
    })()) as { id: number; name: string; n: number };
    await page.goto(`${base2}/?area=${big.id}&month=${month}`);
    const bigDrawn = await drawn('villages', String(big.id), month);
    row(`map: navigation to ?area= of the biggest county (${big.name}, ${big.n} units)`, ms(bigDrawn), 'info', null);
    log(`navigation to the biggest county ${big.name} (${big.n} units): ${ms(bigDrawn)}`);

    // A month switch at national level: the ‹ button, from the national view.
    await page.goto(`${base2}/?month=${month}`);
    await drawn('areas', '', month);
    const prev = DateTime.fromFormat(month, 'yyyy-MM').minus({ months: 1 }).toFormat('yyyy-MM');
    const seen: Promise<{ url: string; encoded: number; decoded: number }>[] = [];
    const onFinished = (req: import('playwright-core').Request) => {
      seen.push(
        (async () => {
          const sizes = await req.sizes();
          const res = await req.response();
          const decoded = res ? (await res.body().catch(() => Buffer.alloc(0))).length : 0;
          return { url: req.url().replace(base2, ''), encoded: sizes.responseBodySize, decoded };
        })(),
      );
    };
    page.on('requestfinished', onFinished);
    const ts = await pageNow();
    await page.click('#month-prev');
    const switched = (await drawn('areas', '', prev)) - ts;
    page.off('requestfinished', onFinished);
    const wire = await Promise.all(seen);
    const encoded = wire.reduce((s, w) => s + w.encoded, 0);
    const decoded = wire.reduce((s, w) => s + w.decoded, 0);
    log(`month switch ${month} → ${prev}: ${ms(switched)}; ${wire.length} responses, ${encoded} B on the wire (${decoded} B decoded): ${wire.map((w) => `${w.url} ${w.encoded}/${w.decoded}`).join('; ')}`);
    row(`map: month switch at national level (${month} → ${prev})`, ms(switched), '≤ 0.5 s', switched <= 500);
    row(`map: month switch bytes (response bodies, ${wire.length} responses)`, `${encoded} B (${decoded} decoded) = ${(encoded / facts.units).toFixed(4)} B/unit`, '≤ 1 B/unit', encoded <= facts.units);
    await context.close();
    context = null;

    // The README's pictures of the three levels, in Chinese, after the figures (not timed).
    if (flags.shots) {
      context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-national-shots-')), {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1280, height: 800 },
        locale: 'zh-CN',
        timezoneId: ZONE,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=zh-CN'],
      });
      await context.request.post(`${base2}/api/session`, { data: ADMIN });
      const shot = context.pages()[0] ?? (await context.newPage());
      for (const [file, area, mode] of [
        ['map-national.png', '', 'areas'],
        ['map-province.png', String(yunnan.id), 'areas'],
        ['map-county.png', String(areaIds.get('530423')!.id), 'villages'],
      ] as const) {
        await shot.goto(`${base2}/?month=${month}${area ? `&area=${area}` : ''}`);
        await shot.waitForFunction(
          ([mode, area]) => {
            const d = document.getElementById('map')?.dataset;
            return d?.mode === mode && d.area === area && (mode === 'areas' ? Number(d.symbols) > 0 : Number(d.drawn) > 0);
          },
          [mode, area] as const,
          { timeout: 180_000 },
        );
        await shot.mouse.move(0, 0);
        await shot.waitForTimeout(300);
        await shot.screenshot({ path: path.join(flags.shots, file) });
        log(`screenshot ${path.join(flags.shots, file)}`);
      }
      await context.close();
      context = null;
    }
  }

  // 7. The import and the memory.
  memory.setPhase('end');
  memory.sample();
  row(`national village import (${villagesSent} rows)`, secs(imp.ms), 'info', null);
  row('areas import (4 division files)', secs(areasMs), 'info', null);
  row(`screenings by SQL (${screenings} in ${months.length} month(s))`, secs(loadMs), 'info', null);
  row('server peak VmRSS (sampled every 200 ms)', mb(memory.peakRss), '< 1 GB', memory.peakRss < 1024 * 1024);
  row('server VmHWM (kernel high-water mark)', mb(memory.peakHwm), '< 1 GB', memory.peakHwm < 1024 * 1024);

  console.log(`\nGenerated: ${villagesSent} villages sent (${facts.units} units, ${facts.townships} townships, ${facts.counties} counties), ${facts.teams} teams under 6 partners,`);
  console.log(`${screenings} screenings over ${months.length} month(s) ${months[0]}..${months.at(-1)}; measured month ${month} (${monthCount} screenings); baseline ${ms(baseline)} (median count(*) of the month).`);
  console.log(`\nServer memory by phase (peak VmRSS / VmHWM):`);
  for (const [phase, p] of memory.phases) console.log(`  ${phase.padEnd(22)} ${mb(p.rss).padStart(8)} ${mb(p.hwm).padStart(8)}`);
  const w = Math.max(...rows.map((r) => r.what.length));
  const v = Math.max(...rows.map((r) => r.value.length));
  console.log(`\n${'figure'.padEnd(w)}  ${'value'.padEnd(v)}  ${'target'.padEnd(18)} result`);
  for (const r of rows) console.log(`${r.what.padEnd(w)}  ${r.value.padEnd(v)}  ${r.target.padEnd(18)} ${r.pass === null ? '' : r.pass ? 'PASS' : 'MISS'}`);
  console.log(`\ntotal ${secs(performance.now() - started)}`);
} catch (err) {
  console.error('bench:national failed:', err, server ? `(server exit code ${server.child.exitCode})` : '');
  process.exitCode = 1;
} finally {
  await cleanUp();
}
