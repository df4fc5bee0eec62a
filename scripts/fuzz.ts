// npm run fuzz -- [--runs 10000] [--seed N] [--only K] [--engine pglite|pg]
// The project's fuzzer (test/fuzz/) against the demo county on a fresh database: embedded PGlite in
// memory, or (--engine pg) a database created on FUZZ_DATABASE_URL (default the machine's
// PostgreSQL) and dropped afterwards. Prints a summary; exits 1 when any request failed a check.
// --only K sends only request K of the seed's sample (its earlier requests' writes are not replayed).
import { parseArgs } from 'node:util';
import knexFactory from 'knex';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/index.js';
import { migrateLatest } from '../server/db/migrate.js';
import { formatSummary, fuzz } from '../test/fuzz/fuzzer.js';
import { startTarget } from '../test/fuzz/target.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    only: { type: 'string' },
    engine: { type: 'string', default: 'pglite' },
  },
});
const runs = Number(values.runs);
const seed = Number(values.seed);
const serverUrl = process.env.FUZZ_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `film2131_fuzz_${process.pid}`;
const admin = values.engine === 'pg' ? knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } }) : undefined;
if (admin) await admin.raw(`create database ${dbName}`);
const url = new URL(serverUrl);
url.pathname = `/${dbName}`;
const database = await openDatabase(admin ? { url: url.toString() } : {});
try {
  await migrateLatest(database.knex);
  const target = await startTarget(database, loadConfig({ LOG_LEVEL: 'silent', COUNTY_TIMEZONE: 'Asia/Shanghai' }));
  process.stdout.write(`fuzzing ${target.base} on ${database.engine}: seed ${seed}, ${runs} requests\n`);
  const summary = await fuzz({
    ...target,
    seed,
    runs,
    only: values.only === undefined ? undefined : Number(values.only),
    onProgress: (done, s) => {
      if (done % 1000 === 0) process.stdout.write(`  ${done} sent, ${s.failures.length} failures\n`);
    },
  });
  await target.close();
  process.stdout.write(`${formatSummary(summary)}\n`);
  process.exitCode = summary.failures.length ? 1 : 0;
} finally {
  await database.close();
  if (admin) {
    await admin.raw(`drop database if exists ${dbName} with (force)`);
    await admin.destroy();
  }
}
