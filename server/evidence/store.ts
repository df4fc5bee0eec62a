import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { S3PhotoStore, type S3Settings } from './s3-store.js';

// Where photo bytes are kept: a store of objects named by key. Photos are content-addressed
// (./files.ts names the keys by SHA-256), so the same key always holds the same bytes and a put
// may replace an object by itself. The local folder is the embedded default; PHOTO_STORE=s3 keeps
// them in S3-compatible object storage. Backups and the folder-to-bucket move go through the
// same interface (list, get, put).

export interface StoredObject {
  body: Readable;
  size: number;
}

export interface PhotoStore {
  readonly kind: 'local' | 's3';
  /** Where the objects are, for logs and messages (a folder, or endpoint/bucket). */
  readonly where: string;
  /** Keeps `bytes` under `key` durably: once it resolves, the object survives a crash. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The object to stream, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  /** Takes the object away (nothing when there is none). */
  remove(key: string): Promise<void>;
  /** Every object, key and size, in no particular order. */
  list(): AsyncIterable<{ key: string; size: number }>;
  /** Throws, saying what to fix, when the store cannot be used (checked once at start). */
  check?(): Promise<void>;
}

/** Photos under a folder: each key a file, written to tmp/ first and renamed into place. */
export class LocalPhotoStore implements PhotoStore {
  readonly kind = 'local' as const;
  constructor(readonly dir: string) {}

  get where() {
    return this.dir;
  }

  private file(key: string): string {
    const file = path.resolve(this.dir, key);
    if (!file.startsWith(path.resolve(this.dir) + path.sep) || key.startsWith('tmp/')) throw new Error(`photo key outside the store: ${key}`);
    return file;
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const to = this.file(key);
    const tmp = path.join(this.dir, 'tmp');
    await fs.mkdir(tmp, { recursive: true });
    const from = path.join(tmp, `${path.basename(key)}.${randomBytes(6).toString('hex')}`);
    try {
      const handle = await fs.open(from, 'wx');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.mkdir(path.dirname(to), { recursive: true });
      await fs.rename(from, to);
    } finally {
      await fs.rm(from, { force: true });
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const file = this.file(key);
    try {
      const stat = await fs.stat(file);
      return { body: createReadStream(file), size: stat.size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }

  async *list(): AsyncIterable<{ key: string; size: number }> {
    let entries: string[];
    try {
      entries = (await fs.readdir(this.dir, { recursive: true })) as string[];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const rel of entries.sort()) {
      const key = rel.split(path.sep).join('/');
      if (key === 'tmp' || key.startsWith('tmp/')) continue;
      const stat = await fs.stat(path.join(this.dir, rel)).catch(() => null);
      if (stat?.isFile()) yield { key, size: stat.size };
    }
  }
}

/** The configured store (PHOTO_STORE): the folder PHOTO_DIR by default, or the bucket S3_BUCKET (./s3-store.ts). */
export function photoStoreOf(photos: { store?: 'local' | 's3'; dir: string; s3?: S3Settings }): PhotoStore {
  if (photos.store === 's3') {
    if (!photos.s3) throw new Error('PHOTO_STORE=s3 needs S3_BUCKET');
    return new S3PhotoStore(photos.s3);
  }
  return new LocalPhotoStore(photos.dir);
}
