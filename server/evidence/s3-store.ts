import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { HttpError } from '../http/problem.js';
import type { PhotoStore, StoredObject } from './store.js';

// Photos in an S3-compatible bucket (PHOTO_STORE=s3: MinIO, Ceph, Alibaba OSS, Tencent COS, Amazon
// S3), under the same keys as the folder (./files.ts). Every object is put whole from a Buffer with
// its length and Content-MD5 known, so the storage checks what arrived and nothing is framed
// (aws-chunked) or checksummed in ways a third-party server may not speak; each carries the SHA-256
// of its own bytes as metadata (x-amz-meta-sha256), which photos:to-s3 and backups compare. A 200
// to the put is the storage's promise that the object is kept: durable once put() resolves. Reads
// stream the object's body (GetObject) through this server: see server/screenings/evidence-routes.ts.

/** S3_* as server/config.ts reads them. */
export interface S3Settings {
  endpoint?: string;
  bucket: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
}

/** What HeadObject tells of an object: its size and the SHA-256 its metadata carries (null when it carries none). */
export interface ObjectHead {
  size: number;
  sha256: string | null;
}

/** The storage did not answer, or refused: nothing was stored (503, the phone's outbox sends it again). */
function unavailable(doing: string, err: unknown): HttpError {
  const e = new HttpError(503, `The photo store did not answer (${doing}): nothing was changed; try again shortly.`, [], { 'Retry-After': '10' });
  return Object.assign(e, { cause: err });
}

const status = (err: unknown) => (err instanceof S3ServiceException ? err.$metadata.httpStatusCode : (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode);
/** No such object (NoSuchKey; a HEAD's bare 404) — but not a missing bucket, which is the configuration's fault. */
const missing = (err: unknown) => status(err) === 404 && (err as Error).name !== 'NoSuchBucket';

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export class S3PhotoStore implements PhotoStore {
  readonly kind = 's3' as const;
  readonly client: S3Client;

  constructor(
    readonly settings: S3Settings,
    /** Keys a ListObjectsV2 page holds (1000 is the most S3 gives); the tests page through smaller ones. */
    private readonly pageSize = 1000,
  ) {
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      credentials: settings.credentials,
      forcePathStyle: settings.forcePathStyle,
      // Content-MD5 is the check every S3-compatible server knows; the SDK's newer CRC32 headers and
      // streamed trailers are not (and a streamed body would be framed inside some servers' objects).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // A photo read holds a connection while its body streams to a (slow) phone: room for many.
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000, httpAgent: { keepAlive: true, maxSockets: 256 }, httpsAgent: { keepAlive: true, maxSockets: 256 } },
      maxAttempts: 3,
    });
  }

  get where() {
    return `${this.settings.endpoint ?? 's3'}/${this.settings.bucket}`;
  }

  /** Whether the bucket is there and these credentials reach it (at start: a wrong bucket stops the server, not the first upload). */
  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }));
    } catch (err) {
      const code = status(err);
      const why = code === 404 ? 'there is no such bucket' : code === 403 ? 'the access key may not use it' : `${(err as Error).name}: ${(err as Error).message}`;
      throw new Error(`The photo store ${this.where} (PHOTO_STORE=s3) cannot be used: ${why}. Check S3_ENDPOINT, S3_BUCKET and the S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY pair.`, { cause: err });
    }
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.settings.bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: contentType,
          ContentMD5: createHash('md5').update(bytes).digest('base64'),
          Metadata: { sha256: sha256Of(bytes) },
        }),
      );
    } catch (err) {
      throw unavailable('storing a photo', err);
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return { body: res.Body as Readable, size: Number(res.ContentLength) };
    } catch (err) {
      if (missing(err)) return null;
      throw unavailable('reading a photo', err);
    }
  }

  /** The object's size and recorded SHA-256, or null when there is none. */
  async head(key: string): Promise<ObjectHead | null> {
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return { size: Number(res.ContentLength), sha256: res.Metadata?.sha256 ?? null };
    } catch (err) {
      if (missing(err)) return null;
      throw unavailable('looking up a photo', err);
    }
  }

  async remove(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
    } catch (err) {
      if (missing(err)) return;
      throw unavailable('removing a photo', err);
    }
  }

  async *list(): AsyncIterable<{ key: string; size: number }> {
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({ Bucket: this.settings.bucket, ContinuationToken: token, MaxKeys: this.pageSize }));
      } catch (err) {
        throw unavailable('listing photos', err);
      }
      for (const o of page.Contents ?? []) if (o.Key) yield { key: o.Key, size: Number(o.Size ?? 0) };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Lets go of the connections (commands and tests that end). */
  close(): void {
    this.client.destroy();
  }
}
