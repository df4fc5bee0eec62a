import type { Db } from '../db/index.js';
import type { PhotoStore, StoredObject } from './store.js';

// Photo bytes in the photo store (./store.ts), never in the database: originals/ab/<sha256>.<ext>
// as they came, display/ab/<sha256>.webp (resized, no EXIF). Named by the original's SHA-256, so
// the same bytes are kept once whoever sends them. Both objects are put while the photo's row is
// inserted (under a lock on its hash, inside the row's transaction) and taken away again when that
// fails: a row without its objects, or objects of no row, are never left behind.

export const photoKeys = {
  original: (sha256: string, ext: string) => `originals/${sha256.slice(0, 2)}/${sha256}.${ext}`,
  display: (sha256: string) => `display/${sha256.slice(0, 2)}/${sha256}.webp`,
};

export class PhotoFiles {
  constructor(readonly store: PhotoStore) {}

  /** Puts both objects (the same bytes already kept are replaced by themselves). Run under the hash's lock. */
  async place(sha256: string, ext: string, mediaType: string, original: Buffer, display: Buffer): Promise<void> {
    await this.store.put(photoKeys.original(sha256, ext), original, mediaType);
    await this.store.put(photoKeys.display(sha256), display, 'image/webp');
  }

  /** The original as it came, or the display copy; null when the store has lost it. */
  open(sha256: string, ext: string, original: boolean): Promise<StoredObject | null> {
    return this.store.get(original ? photoKeys.original(sha256, ext) : photoKeys.display(sha256));
  }

  /** After a failed store: the objects go unless a photo row (another screening's, the same bytes) still names them. Run under the hash's lock. */
  async removeUnreferenced(db: Db, sha256: string, ext: string): Promise<void> {
    await db.transaction(async (trx) => {
      await lockHash(trx, sha256);
      if (await trx('screening_photos').where({ sha256 }).first('id')) return;
      await Promise.all([photoKeys.original(sha256, ext), photoKeys.display(sha256)].map((k) => this.store.remove(k)));
    });
  }
}

/** Serialises the writers of one photo hash across servers (a transaction-scoped advisory lock). */
export const lockHash = (trx: Db, sha256: string) => trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 2131))', [sha256]);
