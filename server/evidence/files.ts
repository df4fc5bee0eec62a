import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/index.js';

// Photo files under PHOTO_DIR, never in the database: originals/ab/<sha256>.<ext> as they came,
// display/ab/<sha256>.webp (resized, no EXIF). Named by the original's SHA-256, so the same bytes
// are kept once whoever sends them. A photo is written to tmp/ first, placed by rename while its
// row is inserted (under a lock on its hash), and taken away again when that fails: a row without
// its files, or files of no row, are never left behind.

export class PhotoFiles {
  constructor(readonly dir: string) {}

  original(sha256: string, ext: string): string {
    return path.join(this.dir, 'originals', sha256.slice(0, 2), `${sha256}.${ext}`);
  }

  display(sha256: string): string {
    return path.join(this.dir, 'display', sha256.slice(0, 2), `${sha256}.webp`);
  }

  /** Writes both files under temporary names (flushed to disk), ready to be placed. */
  async stage(sha256: string, ext: string, original: Buffer, display: Buffer): Promise<Staged> {
    const tmp = path.join(this.dir, 'tmp');
    await fs.mkdir(tmp, { recursive: true });
    const stem = path.join(tmp, `${sha256}.${randomBytes(6).toString('hex')}`);
    const files = [
      { from: `${stem}.original.${ext}`, to: this.original(sha256, ext), bytes: original },
      { from: `${stem}.display.webp`, to: this.display(sha256), bytes: display },
    ];
    const staged = new Staged(files);
    try {
      for (const f of files) await writeDurably(f.from, f.bytes);
    } catch (err) {
      await staged.discard();
      throw err;
    }
    return staged;
  }

  /** After a failed store: the placed files go unless a photo row (another screening's, the same bytes) still names them. Run under the hash's lock. */
  async removeUnreferenced(db: Db, sha256: string, ext: string): Promise<void> {
    await db.transaction(async (trx) => {
      await lockHash(trx, sha256);
      if (await trx('screening_photos').where({ sha256 }).first('id')) return;
      await Promise.all([this.original(sha256, ext), this.display(sha256)].map(removeQuietly));
    });
  }
}

export class Staged {
  constructor(private readonly files: { from: string; to: string }[]) {}

  /** Moves the files into place; the same bytes already kept are replaced by themselves. */
  async place(): Promise<void> {
    for (const f of this.files) {
      await fs.mkdir(path.dirname(f.to), { recursive: true });
      await fs.rename(f.from, f.to);
    }
  }

  /** Removes whatever is still under a temporary name. */
  async discard(): Promise<void> {
    await Promise.all(this.files.map((f) => removeQuietly(f.from)));
  }
}

/** Serialises the writers of one photo hash across servers (a transaction-scoped advisory lock). */
export const lockHash = (trx: Db, sha256: string) => trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 2131))', [sha256]);

async function writeDurably(file: string, bytes: Buffer): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function removeQuietly(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}
