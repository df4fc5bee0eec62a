// npm run bench:load — throughput on loopback with autocannon, against a baseline measured in the
// same run: a hello-world Express 5 server started by this script. The app runs as `npm start`
// runs it (node --import tsx server/main.ts, its own process) on a fresh database on the real
// PostgreSQL server with the Tonghai demo loaded; each endpoint is loaded at 50 and 200
// connections and printed as requests/s (and its ratio to hello world), p50/p99 latency, errors
// (sockets, timeouts) and answers that were not 2xx/304.
//   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_SECONDS (10)
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import knexFactory from 'knex';
import { DateTime } from 'luxon';
import { createSession } from '../server/auth/sessions.js';
import { openDatabase } from '../server/db/index.js';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const dbName = 'film2131_bench_load';

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
}

async function load(opts: autocannon.Options): Promise<Figures> {
  const r = await autocannon({ duration: seconds, ...opts });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, other: r.non2xx };
}

const admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
await admin.raw(`drop database if exists ${dbName} with (force)`);
await admin.raw(`create database ${dbName}`);
const url = new URL(serverUrl);
url.pathname = `/${dbName}`;
const children: ChildProcess[] = [];
try {
  const hello = await spawnServer(['-e', helloWorld], {}, '/');
  children.push(hello.child);
  const app = await spawnServer(['--import', 'tsx', 'server/main.ts'], { DATABASE_URL: url.toString(), DEMO_DATA: 'true', LOG_LEVEL: 'warn' }, '/healthz');
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
  const endpoints: { label: string; opts: autocannon.Options }[] = [
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

  console.log(`bench:load — autocannon on loopback, ${seconds} s per measurement, app on PostgreSQL (Tonghai demo), 2 cores shared by client and servers\n`);
  const row = (label: string, c: number, f: Figures, base?: Figures) =>
    console.log(
      `${label.padEnd(30)} ${String(c).padStart(5)} ${f.rps.toFixed(0).padStart(9)} ${(base ? `${(f.rps / base.rps).toFixed(2)}×` : '1.00×').padStart(8)} ${`${f.p50} ms`.padStart(9)} ${`${f.p99} ms`.padStart(9)} ${String(f.errors).padStart(7)} ${String(f.other).padStart(9)}`,
    );
  console.log(`${'endpoint'.padEnd(30)} ${'conns'.padStart(5)} ${'req/s'.padStart(9)} ${'× hello'.padStart(8)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'errors'.padStart(7)} ${'not 2xx'.padStart(9)}`);
  for (const connections of [50, 200]) {
    const base = await load({ url: `${hello.base}/`, connections });
    row('hello world (Express 5)', connections, base);
    for (const e of endpoints) row(e.label, connections, await load({ ...e.opts, connections }), base);
  }
} finally {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  await admin.raw(`drop database if exists ${dbName} with (force)`);
  await admin.destroy();
}
