import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { finished, pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { photoTypes } from '../evidence/image.js';
import type { PhotoStore } from '../evidence/store.js';
import { BackupError, sha256File } from './format.js';

// The photo store in a backup: photos/manifest.jsonl names every object (key, size, SHA-256, one a
// line) and photos/<key> holds its bytes, read and put through the PhotoStore interface only, so
// any store (the folder, a bucket) backs up to and restores from any other. Objects never change
// once written (named by the original's SHA-256: server/evidence/files.ts), so the store listed
// after the database's snapshot was taken holds every object a row of that snapshot names.

export interface ManifestEntry {
  key: string;
  size: number;
  sha256: string;
}

const MANIFEST = 'photos/manifest.jsonl';
/** An original's key names its own SHA-256 (originals/ab/<sha256>.<ext>): what it read can be checked against it. */
const ORIGINAL = /^originals\/[0-9a-f]{2}\/([0-9a-f]{64})\.[a-z0-9]+$/;

function safeKey(key: string): string {
  if (!key || key.startsWith('/') || key.split('/').some((p) => p === '..' || p === '' || p === '.')) throw new BackupError(`A photo key the backup cannot hold as a file: ${JSON.stringify(key)}`);
  return key;
}

/** Hashes and counts what streams through. */
function hasher() {
  const hash = createHash('sha256');
  let size = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  return { t, result: () => ({ sha256: hash.digest('hex'), size }) };
}

/** Copies every object of the store under dir/photos with its manifest; names the damaged and the missing. */
export async function dumpPhotos(store: PhotoStore, dir: string, referenced: string[]) {
  await fs.mkdir(path.join(dir, 'photos'), { recursive: true });
  const manifest = createWriteStream(path.join(dir, MANIFEST));
  const damaged: string[] = [];
  const seen = new Set<string>();
  let bytes = 0;
  for await (const { key, size } of store.list()) {
    const object = await store.get(safeKey(key));
    if (!object) continue; // gone since the listing: no row of the snapshot names it (objects of a row are never removed)
    const file = path.join(dir, 'photos', key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const h = hasher();
    await pipeline(object.body, h.t, createWriteStream(file));
    const got = h.result();
    const own = ORIGINAL.exec(key)?.[1];
    if (got.size !== size || got.size !== object.size || (own && own !== got.sha256)) damaged.push(key);
    manifest.write(JSON.stringify({ key, size: got.size, sha256: got.sha256 } satisfies ManifestEntry) + '\n');
    seen.add(key);
    bytes += got.size;
  }
  manifest.end();
  await finished(manifest);
  const { sha256 } = await sha256File(path.join(dir, MANIFEST));
  return { manifest: MANIFEST, manifestSha256: sha256, objects: seen.size, bytes, damaged, missing: referenced.filter((k) => !seen.has(k)) };
}

async function* entries(dir: string): AsyncIterable<ManifestEntry> {
  const lines = readline.createInterface({ input: createReadStream(path.join(dir, MANIFEST)), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as ManifestEntry;
}

/** True when the store holds no object at all. */
export async function storeIsEmpty(store: PhotoStore): Promise<boolean> {
  for await (const _ of store.list()) return false;
  return true;
}

/**
 * Puts every object of the manifest into the store, each checked against its SHA-256 and size
 * before it is put (without a store: only checked). A mismatch stops it: the objects put so far
 * are taken away again and the error names the file.
 */
export async function restorePhotos(store: PhotoStore | undefined, dir: string): Promise<{ objects: number; bytes: number; undo(): Promise<void> }> {
  const put: string[] = [];
  const undo = async () => {
    for (const key of put) await store?.remove(key);
  };
  let bytes = 0;
  let objects = 0;
  try {
    for await (const e of entries(dir)) {
      const file = path.join(dir, 'photos', safeKey(e.key));
      const body = await fs.readFile(file).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') throw new BackupError(`The backup lacks photos/${e.key}, which its manifest lists.`);
        throw err;
      });
      const sha256 = createHash('sha256').update(body).digest('hex');
      if (sha256 !== e.sha256 || body.length !== e.size) {
        throw new BackupError(`photos/${e.key} is damaged: ${body.length} bytes with SHA-256 ${sha256}, the manifest says ${e.size} bytes with ${e.sha256}.`);
      }
      if (store) {
        await store.put(e.key, body, contentTypeOf(e.key));
        put.push(e.key);
      }
      bytes += body.length;
      objects++;
    }
  } catch (err) {
    await undo();
    throw err;
  }
  return { objects, bytes, undo };
}

/** The media type an object is put with, from its key's extension (server/evidence/image.ts photoTypes). */
function contentTypeOf(key: string): string {
  const ext = path.extname(key).slice(1);
  return Object.entries(photoTypes).find(([, e]) => e === ext)?.[0] ?? 'application/octet-stream';
}
