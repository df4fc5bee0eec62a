// `npm run photos:to-s3 -- [--from DIR] [--concurrency N]`: copy a photo folder (default: the
// configured PHOTO_DIR) into the configured bucket (S3_BUCKET, S3_ENDPOINT…), verifying each
// object's SHA-256 (./evidence/to-s3.ts). Stopped (Ctrl-C) or failed half-way, the same command
// goes on where it stopped. Exit 0: every file is in the bucket, verified; 1: some are not (listed).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { S3PhotoStore } from './evidence/s3-store.js';
import { LocalPhotoStore } from './evidence/store.js';
import { movePhotos, type MoveProgress } from './evidence/to-s3.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const stop = (message: string, code = 2): never => {
  process.stderr.write(`photos:to-s3: ${message}\n`);
  process.exit(code);
};

let args;
try {
  args = parseArgs({ options: { from: { type: 'string' }, concurrency: { type: 'string', default: '8' } }, allowPositionals: false }).values;
} catch (err) {
  stop(`${(err as Error).message}\nUsage: npm run photos:to-s3 -- [--from DIR] [--concurrency N]`);
}
const concurrency = Number(args!.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) stop('--concurrency: must be a whole number from 1 to 64');

let config;
try {
  config = loadConfig();
} catch (err) {
  stop((err as Error).message);
}
const s3 = config!.photos.s3 ?? stop('S3_BUCKET: the bucket to move the photos into is not configured (set S3_BUCKET, and S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE for MinIO and the like)');
const from = path.resolve(args!.from ?? config!.photos.dir);
if (!fs.statSync(from, { throwIfNoEntry: false })?.isDirectory()) stop(`--from: ${from} is not a folder${args!.from ? '' : ' (the configured PHOTO_DIR)'}`);

const to = new S3PhotoStore(s3);
try {
  await to.check();
} catch (err) {
  stop((err as Error).message);
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const line = (p: MoveProgress) =>
  `${p.done}/${p.total} (${p.total ? ((100 * p.done) / p.total).toFixed(1) : '100.0'}%)  sent ${p.uploaded + p.replaced} (${mb(p.bytes)}), already there ${p.alreadyThere}, damaged in the bucket and sent again ${p.replaced}, failed ${p.failed}`;

out(`photos:to-s3: ${from} -> ${to.where}`);
const abort = new AbortController();
process.once('SIGINT', () => {
  out('stopping: the objects under way finish; run the same command again to go on');
  abort.abort();
});
let shown = 0;
const report = await movePhotos(new LocalPhotoStore(from), to, {
  concurrency,
  signal: abort.signal,
  progress: (p) => {
    if (Date.now() - shown < 1000 && p.done < p.total) return;
    shown = Date.now();
    out(`  ${line(p)}`);
  },
});
to.close();

for (const f of report.failures) out(`  FAILED ${f.key}: ${f.why}`);
out(`done: ${line(report)}`);
if (report.interrupted) out('interrupted: run the same command again to go on where it stopped');
else if (report.failed === 0) out(`every file of ${from} is in ${to.where}, its SHA-256 verified. Set PHOTO_STORE=s3 on every server; keep the folder until they run on the bucket.`);
process.exit(report.failed > 0 || report.interrupted ? 1 : 0);
