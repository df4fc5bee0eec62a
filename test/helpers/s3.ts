import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { S3PhotoStore, type S3Settings } from '../../server/evidence/s3-store.js';

// An S3-protocol server for the tests: s3rver, started once per test file (on demand) on a free
// port with a folder of its own, and a fresh bucket for each app that asks. TEST_PHOTO_STORE=s3
// makes testApp() (./app.ts) keep its photos there; test/api/s3/ runs the photo suites so.

export interface S3Server {
  endpoint: string;
  /** A new empty bucket: its settings, and the environment that points a server at it. */
  bucket(): Promise<{ settings: S3Settings; env: Record<string, string> }>;
}

let started: Promise<S3Server> | undefined;

/** This file's s3rver (started by the first call). */
export function s3rver(): Promise<S3Server> {
  return (started ??= start());
}

/** Whether this run's apps keep photos in S3 (test/api/s3/ sets it; or by hand: TEST_PHOTO_STORE=s3 npx vitest run …). */
export const photosInS3 = () => process.env.TEST_PHOTO_STORE === 's3';

async function start(): Promise<S3Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'film2131-s3rver-'));
  const child: ChildProcess = fork(path.join(import.meta.dirname, 's3rver.mjs'), [dir], { execArgv: ['--openssl-legacy-provider'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`s3rver stopped before it answered (exit ${code})`)));
  });
  child.unref();
  (child.channel as { unref?: () => void } | undefined)?.unref?.();
  process.once('exit', () => {
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  return {
    endpoint,
    async bucket() {
      const settings: S3Settings = { endpoint, bucket: `film2131-${randomBytes(4).toString('hex')}`, region: 'us-east-1', credentials, forcePathStyle: true };
      const store = new S3PhotoStore(settings);
      await store.client.send(new CreateBucketCommand({ Bucket: settings.bucket }));
      store.close();
      const env = {
        PHOTO_STORE: 's3',
        S3_ENDPOINT: endpoint,
        S3_BUCKET: settings.bucket,
        S3_REGION: settings.region,
        S3_ACCESS_KEY_ID: credentials.accessKeyId,
        S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        S3_FORCE_PATH_STYLE: 'true',
      };
      return { settings, env };
    },
  };
}
