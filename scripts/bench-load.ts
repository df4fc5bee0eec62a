// npm run bench:load — throughput on loopback with autocannon, against a baseline measured in the
// same run: a hello-world Express 5 server started by this script. The app runs as `npm start`
// runs it (node --import tsx server/main.ts, its own process) on a fresh database on the real
// PostgreSQL server with the Tonghai demo loaded; each endpoint is loaded at 50 and 200
// connections and printed as requests/s (and its ratio to hello world), p50/p99 latency, errors
// (sockets, timeouts) and answers that were not 2xx/304. Hello world and the endpoint are measured
// by the same client with the same headers, in alternating slices (hello, endpoint, endpoint,
// hello…), so that the load of other processes on the machine weighs on both alike; the ratio is
// of the two mean rates. The target (issue 23): the two cached coverage GETs at 50 connections at
// least 0.7× hello world, printed PASS or MISS.
//   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_SECONDS (10:
//   the length of each measurement, split into its slices), BENCH_ROUNDS (2: slices of each),
//   BENCH_DB_NAME (film2131_bench_load: another name for two benches on one server at once)
//   -- --only TEXT          only the endpoints whose label contains TEXT (e.g. coverage)
//   -- --connections 50     only these connection counts (comma-separated)
//   -- --profile DIR        the app runs with node --cpu-prof into DIR; where its time went during
//                           the load is printed at the end (scripts/cpuprofile-summary.ts)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import knexFactory from 'knex';
import { DateTime } from 'luxon';
import { createSession } from '../server/auth/sessions.js';
import { openDatabase } from '../server/db/index.js';
import { report, summarise } from './cpuprofile-summary.js';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const { values: options } = parseArgs({ options: { only: { type: 'string' }, connections: { type: 'string', default: '50,200' }, profile: { type: 'string' } } });
const connectionCounts = options.connections.split(',').map(Number);
const TARGET = 0.7;
const targeted = ['GET /api/coverage', 'GET /api/coverage/statuses'];
const dbName = process.env.BENCH_DB_NAME ?? 'film2131_bench_load';

/** Spawns a server and resolves with its base URL once /healthz (or /) answers. */
async function spawnServer(args: string[], env: Record<string, string>, probe: string): Promise<{ base: string; child: ChildProcess }> {
  const port = 3500 + Math.floor(Math.random() * 400);
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    if (await fetch(base + probe).then((r) => r.ok, () => false)) return { base, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${args.join(' ')} did not answer`);
}

const helloWorld = `
  const express = require('express');
  const app = express();
  app.get('/', (req, res) => { res.json({ hello: 'world' }); });
  app.listen(Number(process.env.PORT), process.env.HOST);
`;

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  other: number;
  /** Answers counted, and the CPU time (user + system, ms) the server's process spent meanwhile. */
  requests: number;
  cpuMs: number;
}

/** CPU time (ms, user + system) a process has used so far, from /proc (Linux; clock ticks of 10 ms). */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Loads a server (whose process is `pid`) for `duration` seconds. */
async function load(opts: autocannon.Options, duration: number, pid?: number): Promise<Figures> {
  const cpu = cpuMsOf(pid);
  const r = await autocannon({ ...opts, duration });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, other: r.non2xx, requests: r.requests.total, cpuMs: cpuMsOf(pid) - cpu };
}

/** Figures of slices of equal length, as one measurement: mean rate, worst p50/p99 of a slice, summed errors. */
const merged = (fs: Figures[]): Figures => ({
  rps: fs.reduce((n, f) => n + f.rps, 0) / fs.length,
  p50: Math.max(...fs.map((f) => f.p50)),
  p99: Math.max(...fs.map((f) => f.p99)),
  errors: fs.reduce((n, f) => n + f.errors, 0),
  other: fs.reduce((n, f) => n + f.other, 0),
  requests: fs.reduce((n, f) => n + f.requests, 0),
  cpuMs: fs.reduce((n, f) => n + f.cpuMs, 0),
});

/** What to load, and the process of the server that answers. */
interface Target {
  opts: autocannon.Options;
  pid?: number;
}

/**
 * An endpoint against hello world, measured the same way in alternating slices (hello, endpoint,
 * endpoint, hello, …: a load that drifts during the run weighs on both alike) with the same
 * client, connections and headers.
 */
async function paired(hello: Target, endpoint: Target, connections: number): Promise<{ base: Figures; f: Figures }> {
  const slice = seconds / rounds;
  const base: Figures[] = [];
  const f: Figures[] = [];
  for (let i = 0; i < rounds; i++) {
    const helloFirst = i % 2 === 0;
    if (helloFirst) base.push(await load({ ...hello.opts, connections }, slice, hello.pid));
    f.push(await load({ ...endpoint.opts, connections }, slice, endpoint.pid));
    if (!helloFirst) base.push(await load({ ...hello.opts, connections }, slice, hello.pid));
  }
  return { base: merged(base), f: merged(f) };
}

/** Waits for a child to exit (at most `ms`). */
const exited = (child: ChildProcess, ms: number) =>
  child.exitCode !== null ? Promise.resolve() : new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });

const admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
await admin.raw(`drop database if exists ${dbName} with (force)`);
await admin.raw(`create database ${dbName}`);
const url = new URL(serverUrl);
url.pathname = `/${dbName}`;
const children: ChildProcess[] = [];
const profileDir = options.profile && path.resolve(options.profile);
let app: { base: string; child: ChildProcess } | undefined;
let loadFrom: number | undefined;
try {
  const hello = await spawnServer(['-e', helloWorld], {}, '/');
  children.push(hello.child);
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const spawnedAt = Date.now();
  const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  app = await spawnServer([...profiling, '--import', 'tsx', 'server/main.ts'], { DATABASE_URL: url.toString(), DEMO_DATA: 'true', LOG_LEVEL: 'warn' }, '/healthz');
  children.push(app.child);
  const database = await openDatabase({ url: url.toString(), poolMax: 1 });
  const db = database.knex;
  const users: { id: number; role: string }[] = await db('users').whereIn('username', ['bureau', 'partner']).select('id', 'role');
  const token = async (role: string) => (await createSession(db, users.find((u) => u.role === role)!.id, 2)).token;
  const [bureau, partner] = [await token('bureau'), await token('partner')];
  const teams: number[] = await db('teams').orderBy('id').pluck('id');
  const villages: number[] = await db('villages').where('kind', 'administrative').orderBy('id').pluck('id');
  await database.close();

  // POST /api/screenings: every request a new screening that keeps the 3-hour rule, the teams in turn.
  const firstStart = DateTime.now().plus({ years: 1 }).startOf('day').plus({ hours: 19 });
  let n = 0;
  const newScreening = () => {
    const i = n++;
    return JSON.stringify({
      villageId: villages[i % villages.length],
      teamId: teams[i % teams.length],
      startsAt: firstStart.plus({ hours: 3 * Math.floor(i / teams.length) }).toISO(),
    });
  };
  const month = DateTime.now().setZone('Asia/Shanghai').toFormat('yyyy-MM');
  const all: { label: string; opts: autocannon.Options }[] = [
    { label: 'GET /api/coverage', opts: { url: `${app.base}/api/coverage?month=${month}`, headers: { authorization: `Bearer ${bureau}` } } },
    { label: 'GET /api/coverage/statuses', opts: { url: `${app.base}/api/coverage/statuses?month=${month}`, headers: { authorization: `Bearer ${bureau}` } } },
    { label: 'GET /api/villages?limit=100', opts: { url: `${app.base}/api/villages?limit=100`, headers: { authorization: `Bearer ${bureau}` } } },
    {
      label: 'POST /api/screenings',
      opts: {
        url: `${app.base}/api/screenings`,
        method: 'POST',
        headers: { authorization: `Bearer ${partner}`, 'content-type': 'application/json' },
        requests: [{ setupRequest: (req) => ({ ...req, body: newScreening() }) }],
      },
    },
  ];
  const endpoints = all.filter((e) => !options.only || e.label.includes(options.only));
  // Hello world gets the same request as the endpoint it is compared with (its headers too; it ignores them).
  const helloLike = (e: autocannon.Options): autocannon.Options => ({ url: `${hello.base}/`, headers: e.headers });

  // Warm-up, not counted: each server's code compiled hot, each kept answer made.
  for (const e of endpoints) {
    await load({ ...helloLike(e.opts), connections: 10 }, 1);
    await load({ ...e.opts, connections: 10 }, 1);
  }
  loadFrom = Date.now() - spawnedAt;

  console.log(
    `bench:load — autocannon on loopback, ${seconds} s per measurement in ${rounds} slices alternating with hello world, app on PostgreSQL (Tonghai demo), 2 cores shared by client and servers${profileDir ? ', app profiled (--cpu-prof)' : ''}\n`,
  );
  const row = (label: string, c: number, f: Figures, base?: Figures) =>
    console.log(
      `${label.padEnd(30)} ${String(c).padStart(5)} ${f.rps.toFixed(0).padStart(9)} ${(base ? `${(f.rps / base.rps).toFixed(2)}×` : '1.00×').padStart(8)} ${`${f.p50} ms`.padStart(9)} ${`${f.p99} ms`.padStart(9)} ${String(f.errors).padStart(7)} ${String(f.other).padStart(9)} ${`${((1000 * f.cpuMs) / f.requests).toFixed(0)} µs`.padStart(11)}`,
    );
  console.log(`${'endpoint'.padEnd(30)} ${'conns'.padStart(5)} ${'req/s'.padStart(9)} ${'× hello'.padStart(8)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'errors'.padStart(7)} ${'not 2xx'.padStart(9)} ${'server CPU/req'.padStart(11)}`);
  const verdicts: string[] = [];
  for (const connections of connectionCounts) {
    for (const e of endpoints) {
      const { base, f } = await paired({ opts: helloLike(e.opts), pid: hello.child.pid }, { opts: e.opts, pid: app.child.pid }, connections);
      row('  hello world (Express 5)', connections, base);
      row(e.label, connections, f, base);
      if (connections === 50 && targeted.includes(e.label)) {
        const ratio = f.rps / base.rps;
        verdicts.push(`${e.label} at 50 connections: ${ratio.toFixed(2)}× hello world, target ≥ ${TARGET}×: ${ratio >= TARGET && f.errors + f.other === 0 ? 'PASS' : 'MISS'}`);
      }
    }
  }
  if (verdicts.length) console.log(`\n${verdicts.join('\n')}`);
} finally {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => exited(c, 10_000)));
  await admin.raw(`drop database if exists ${dbName} with (force)`);
  await admin.destroy();
}

if (profileDir && app) {
  const profiles = readdirSync(profileDir)
    .filter((f) => /\.0\.\d+\.cpuprofile$/.test(f)) // the main thread's (CPU.date.time.pid.thread.seq), not the loader's
    .map((f) => path.join(profileDir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!profiles[0]) throw new Error(`no .cpuprofile written in ${profileDir}`);
  console.log(`\nthe app's profile during the load (${profiles[0]}):\n`);
  console.log(report(summarise(JSON.parse(readFileSync(profiles[0], 'utf8')), loadFrom ?? 0)));
}
