import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photoKeys } from '../../server/evidence/files.js';
import { S3PhotoStore } from '../../server/evidence/s3-store.js';
import { LocalPhotoStore } from '../../server/evidence/store.js';
import { movePhotos, type MoveReport } from '../../server/evidence/to-s3.js';
import { s3rver, type S3Server } from '../helpers/s3.js';

// `npm run photos:to-s3` (server/evidence/to-s3.ts, server/photos-to-s3.ts): a photo folder into a
// bucket. Stopped half-way, it goes on where it stopped; an object damaged in the bucket is found
// by its SHA-256 and sent again; a damaged file in the folder is reported, not copied.

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A photo folder of `n` photos (an original and a display copy each), a half-written temporary file, and their bytes by key. */
function folder(n: number): { dir: string; files: Map<string, Buffer> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'film2131-to-s3-'));
  dirs.push(dir);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < n; i++) {
    const original = randomBytes(2000 + i * 100);
    files.set(photoKeys.original(sha(original), i % 2 ? 'png' : 'jpg'), original);
    files.set(photoKeys.display(sha(original)), randomBytes(500 + i));
  }
  for (const [key, bytes] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
    fs.writeFileSync(path.join(dir, key), bytes);
  }
  fs.mkdirSync(path.join(dir, 'tmp'));
  fs.writeFileSync(path.join(dir, 'tmp', 'half-written.abc123'), 'partial');
  return { dir, files };
}

async function inBucket(store: S3PhotoStore): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  for await (const { key } of store.list()) {
    const chunks: Buffer[] = [];
    for await (const c of (await store.get(key))!.body) chunks.push(c as Buffer);
    found.set(key, Buffer.concat(chunks));
  }
  return found;
}

let s3: S3Server;
beforeAll(async () => {
  s3 = await s3rver();
});

describe('moving a photo folder into a bucket', () => {
  it('stopped after a few objects, it goes on where it stopped, sends a damaged object again and leaves a damaged file out', async () => {
    const { dir, files } = folder(6);
    const to = new S3PhotoStore((await s3.bucket()).settings);
    try {
      // A file of the folder whose bytes are not the hash its name says.
      const bad = photoKeys.original('ab'.repeat(32), 'jpg');
      fs.mkdirSync(path.dirname(path.join(dir, bad)), { recursive: true });
      fs.writeFileSync(path.join(dir, bad), 'not the bytes its name says');

      // First run: stopped after 5 objects (Ctrl-C): those under way finish.
      const stop = new AbortController();
      const first = await movePhotos(new LocalPhotoStore(dir), to, { concurrency: 2, signal: stop.signal, progress: (p) => p.done >= 5 && stop.abort() });
      expect(first).toMatchObject({ interrupted: true, total: 13 });
      expect(first.done).toBeGreaterThanOrEqual(5);
      expect(first.done).toBeLessThan(13);
      const moved = [...(await inBucket(to)).keys()];
      expect(moved.length).toBe(first.uploaded);

      // One object already there is damaged at rest: same size, its metadata still naming the right hash.
      const damaged = moved[0]!;
      const right = files.get(damaged)!;
      await to.client.send(new PutObjectCommand({ Bucket: to.settings.bucket, Key: damaged, Body: Buffer.alloc(right.length, 7), ContentLength: right.length, Metadata: { sha256: sha(right) } }));

      // Second run: the rest is sent, the damaged object sent again, the damaged file reported.
      const lines: MoveReport[] = [];
      const second = await movePhotos(new LocalPhotoStore(dir), to, { progress: (p) => lines.push(p as MoveReport) });
      expect(second).toMatchObject({ interrupted: false, total: 13, done: 13, alreadyThere: moved.length - 1, replaced: 1, uploaded: 12 - moved.length, failed: 1 });
      expect(second.failures).toEqual([{ key: bad, why: expect.stringMatching(/damaged: its SHA-256 is [0-9a-f]{64}, its name says (ab){32}; not copied/) }]);
      expect(lines.map((l) => l.done)).toEqual([...Array(13).keys()].map((i) => i + 1));

      // The bucket holds every file of the folder, byte for byte, and nothing else (no tmp/, not the damaged file).
      const bucket = await inBucket(to);
      expect([...bucket.keys()].sort()).toEqual([...files.keys()].sort());
      for (const [key, bytes] of files) expect(bucket.get(key)!.equals(bytes), key).toBe(true);
      for (const key of files.keys()) expect((await to.head(key))?.sha256, key).toBe(sha(files.get(key)!));

      // Third run: nothing to send.
      expect(await movePhotos(new LocalPhotoStore(dir), to)).toMatchObject({ alreadyThere: 12, uploaded: 0, replaced: 0, failed: 1 });
    } finally {
      to.close();
    }
  });

  it('npm run photos:to-s3 moves the configured PHOTO_DIR into the configured bucket, printing progress and a summary, exit 1 naming what it left out', async () => {
    const { dir, files } = folder(2);
    const bad = photoKeys.original('cd'.repeat(32), 'png');
    fs.mkdirSync(path.dirname(path.join(dir, bad)), { recursive: true });
    fs.writeFileSync(path.join(dir, bad), 'damaged');
    const { settings, env } = await s3.bucket();
    const root = path.resolve(import.meta.dirname, '../..');
    const result = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/photos-to-s3.ts', '--concurrency', '3'], {
      cwd: root,
      env: { ...process.env, ...env, PHOTO_STORE: 'local', PHOTO_DIR: dir },
      timeout: 60_000,
    }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
    );
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain(`photos:to-s3: ${dir} -> ${settings.endpoint}/${settings.bucket}`);
    expect(result.stdout).toMatch(new RegExp(`FAILED ${bad}: the folder's file is damaged`));
    expect(result.stdout).toMatch(/done: 5\/5 \(100\.0%\) {2}sent 4 \(0\.0 MB\), already there 0, damaged in the bucket and sent again 0, failed 1/);
    const to = new S3PhotoStore(settings);
    try {
      expect([...(await inBucket(to)).keys()].sort()).toEqual([...files.keys()].sort());
    } finally {
      to.close();
    }
  });
});
