import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { photoTypes } from './image.js';
import { sha256Of, type S3PhotoStore } from './s3-store.js';
import type { LocalPhotoStore } from './store.js';

// `npm run photos:to-s3` (../photos-to-s3.ts): a photo folder copied into the bucket, key for key
// (the folder's relative paths are the keys, ./files.ts). Each file is read and hashed; an original
// whose bytes are not the hash its name says is reported and left out. An object already in the
// bucket with the same size and recorded SHA-256 is not sent again — a run stopped half-way goes on
// where it stopped — but every object, sent or found, is read back from the bucket and hashed: one
// that does not match (damaged at rest, or by a half-finished copy of another tool) is put again.
// The folder is never changed: remove it once every server has PHOTO_STORE=s3.

export interface MoveProgress {
  done: number;
  total: number;
  bytes: number;
  uploaded: number;
  alreadyThere: number;
  replaced: number;
  failed: number;
}

export interface MoveReport extends MoveProgress {
  /** Stopped (the signal) before every object was looked at: run it again to go on. */
  interrupted: boolean;
  /** What could not be moved, and why. */
  failures: { key: string; why: string }[];
}

export interface MoveOptions {
  /** Objects moved at the same time. */
  concurrency?: number;
  /** Called after each object. */
  progress?: (p: MoveProgress) => void;
  /** Aborted: no new object is begun; those under way finish. */
  signal?: AbortSignal;
}

const typeOf: Record<string, string> = Object.fromEntries(Object.entries(photoTypes).map(([type, ext]) => [ext, type]));
const contentType = (key: string) => typeOf[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
/** The hash an original's key names (originals/ab/<sha256>.<ext>), or null for any other key. */
const namedHash = (key: string) => /^originals\/[0-9a-f]{2}\/([0-9a-f]{64})\.[a-z0-9]+$/.exec(key)?.[1] ?? null;

async function read(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The SHA-256 of the bucket's copy, streamed (null when there is none). */
async function hashInBucket(to: S3PhotoStore, key: string): Promise<string | null> {
  const o = await to.get(key);
  if (!o) return null;
  const hash = createHash('sha256');
  for await (const chunk of o.body) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function movePhotos(from: LocalPhotoStore, to: S3PhotoStore, options: MoveOptions = {}): Promise<MoveReport> {
  const keys: string[] = [];
  for await (const o of from.list()) keys.push(o.key);
  const r: MoveReport = { done: 0, total: keys.length, bytes: 0, uploaded: 0, alreadyThere: 0, replaced: 0, failed: 0, interrupted: false, failures: [] };
  const fail = (key: string, why: string) => {
    r.failed++;
    r.failures.push({ key, why });
  };

  async function moveOne(key: string): Promise<void> {
    const source = await from.get(key);
    if (!source) return fail(key, 'gone from the folder while the move ran');
    const bytes = await read(source.body);
    const sha = sha256Of(bytes);
    const named = namedHash(key);
    if (named && named !== sha) return fail(key, `the folder's file is damaged: its SHA-256 is ${sha}, its name says ${named}; not copied`);
    const head = await to.head(key);
    let damaged = false;
    if (head && head.size === bytes.length && head.sha256 === sha) {
      if ((await hashInBucket(to, key)) === sha) {
        r.alreadyThere++;
        return;
      }
      damaged = true;
    }
    await to.put(key, bytes, contentType(key));
    const back = await hashInBucket(to, key);
    if (back !== sha) return fail(key, `the bucket's copy reads back as ${back ?? 'nothing'}, not ${sha}`);
    if (damaged) r.replaced++;
    else r.uploaded++;
    r.bytes += bytes.length;
  }

  let next = 0;
  const worker = async () => {
    while (next < keys.length && !options.signal?.aborted) {
      const key = keys[next++]!;
      try {
        await moveOne(key);
      } catch (err) {
        const cause = (err as Error).cause as Error | undefined;
        fail(key, cause ? `${(err as Error).message} (${cause.name}: ${cause.message})` : (err as Error).message);
      }
      r.done++;
      options.progress?.({ ...r });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  r.interrupted = r.done < r.total;
  return r;
}
