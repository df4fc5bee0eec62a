import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import type { Database } from '../../server/db/index.js';
import { describeRequest, fuzz, formatSummary, sampleRequests } from '../fuzz/fuzzer.js';
import { startTarget } from '../fuzz/target.js';
import { freshDatabase } from '../helpers/app.js';

// A short run of the project's fuzzer (test/fuzz/): requests generated from the OpenAPI document
// against the demo county. `npm run fuzz -- --runs 10000 --seed N` runs a long one.
const SEED = Number(process.env.FUZZ_SEED ?? 2131);
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

let database: Database;
let target: Awaited<ReturnType<typeof startTarget>>;
beforeAll(async () => {
  database = await freshDatabase();
  target = await startTarget(database, loadConfig({ LOG_LEVEL: 'silent', COUNTY_TIMEZONE: 'Asia/Shanghai' }));
});
afterAll(async () => {
  await target?.close();
  await database?.close();
});

describe('fuzzing the API from its OpenAPI document', () => {
  it('the same seed gives the same requests, and they reach every operation', () => {
    const a = sampleRequests(target.doc, SEED, 50).map(describeRequest);
    expect(sampleRequests(target.doc, SEED, 50).map(describeRequest)).toEqual(a);
    expect(sampleRequests(target.doc, SEED + 1, 50).map(describeRequest)).not.toEqual(a);
    const operations = new Set(sampleRequests(target.doc, SEED, RUNS * 5).map((r) => r.operation));
    const documented = Object.entries(target.doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.filter((op) => !operations.has(op))).toEqual([]);
  });

  it(`${RUNS} requests: no 5xx, every error problem+json, refused writes change no row, /healthz up`, async () => {
    const summary = await fuzz({ ...target, seed: SEED, runs: RUNS });
    expect(summary.failures, formatSummary(summary)).toEqual([]);
    // The run reached past validation: some writes were accepted and some refused.
    expect(summary.byStatus['201'] ?? 0).toBeGreaterThan(0);
    expect(summary.byStatus['400'] ?? 0).toBeGreaterThan(0);
  }, 300_000);
});
