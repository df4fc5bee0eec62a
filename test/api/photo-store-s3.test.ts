import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { S3PhotoStore } from '../../server/evidence/s3-store.js';
import { createLogger } from '../../server/logger.js';
import { start } from '../../server/server.js';
import { s3rver, type S3Server } from '../helpers/s3.js';

// The S3 photo store itself (server/evidence/s3-store.ts) against s3rver: what it keeps is the very
// bytes put (no aws-chunked framing inside), a missing object is null and a missing bucket is not,
// a listing pages through, and a server with a wrong bucket or none refuses to start.

let s3: S3Server;
let store: S3PhotoStore;
beforeAll(async () => {
  s3 = await s3rver();
  // Pages of two keys: five objects are three pages.
  store = new S3PhotoStore((await s3.bucket()).settings, 2);
});
afterAll(() => store.close());

async function bytesOf(key: string): Promise<Buffer | null> {
  const o = await store.get(key);
  if (!o) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of o.body) chunks.push(chunk as Buffer);
  const all = Buffer.concat(chunks);
  expect(all.length).toBe(o.size);
  return all;
}

describe('the S3 photo store', () => {
  it('keeps the very bytes put, a megabyte of random ones included, with their SHA-256 as metadata', async () => {
    for (const bytes of [randomBytes(1024 * 1024 + 7), Buffer.from('x'), Buffer.alloc(0)]) {
      const key = `originals/ab/${randomBytes(8).toString('hex')}.jpg`;
      await store.put(key, bytes, 'image/jpeg');
      expect((await bytesOf(key))!.equals(bytes), `${bytes.length} bytes`).toBe(true);
      expect(await store.head(key)).toEqual({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
  });

  it('answers null for an object it does not have, and takes away one it has (twice is no error)', async () => {
    expect(await store.get('display/00/nothing.webp')).toBeNull();
    expect(await store.head('display/00/nothing.webp')).toBeNull();
    await store.put('display/00/gone.webp', Buffer.from('webp'), 'image/webp');
    await store.remove('display/00/gone.webp');
    await store.remove('display/00/gone.webp');
    expect(await store.get('display/00/gone.webp')).toBeNull();
  });

  it('lists every object through pages of ListObjectsV2', async () => {
    const listing = new S3PhotoStore((await s3.bucket()).settings, 2);
    try {
      const keys = ['a/1', 'a/2', 'b/3', 'c/4', 'd/5'];
      for (const [i, key] of keys.entries()) await listing.put(key, Buffer.alloc(i), 'application/octet-stream');
      const listed: { key: string; size: number }[] = [];
      for await (const o of listing.list()) listed.push(o);
      expect(listed.sort((x, y) => x.key.localeCompare(y.key))).toEqual(keys.map((key, size) => ({ key, size })));
    } finally {
      listing.close();
    }
  });

  it('when the bucket is not there, a read is a 503 (not a missing photo), and the check says which bucket', async () => {
    const wrong = new S3PhotoStore({ ...store.settings, bucket: 'no-such-bucket' });
    try {
      await expect(wrong.get('display/00/x.webp')).rejects.toMatchObject({ status: 503 });
      await expect(wrong.check()).rejects.toThrow(/no-such-bucket.*there is no such bucket.*S3_BUCKET/);
      await expect(store.check()).resolves.toBeUndefined();
    } finally {
      wrong.close();
    }
  });
});

describe('a server whose photo store cannot be used', () => {
  it('when S3_BUCKET names no bucket, the start fails saying so, before the database is opened', async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: '/nonexistent/film2131', PHOTO_STORE: 's3', S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'no-such-bucket', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: 'true' });
    await expect(start(config, createLogger('silent'))).rejects.toThrow(/photo store .*no-such-bucket .*PHOTO_STORE=s3.*no such bucket/);
  });

  it('when PHOTO_STORE=s3 comes without S3_BUCKET, npm start stops at once naming S3_BUCKET', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env: { ...process.env, PHOTO_STORE: 's3', S3_BUCKET: '', PORT: '0', DATA_DIR: '/nonexistent/film2131' }, timeout: 30_000 });
    const failed = await run.then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/^Invalid configuration:\n {2}S3_BUCKET: PHOTO_STORE=s3 needs the bucket/);
  });
});
