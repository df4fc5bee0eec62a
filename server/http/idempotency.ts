import { createHash } from 'node:crypto';
import type { Db } from '../db/index.js';
import { badRequest, conflict } from './problem.js';

export interface Answer<T = unknown> {
  status: number;
  body: T;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed?: boolean;
}

/** Keys are kept at least 24 hours (DOMAIN.md); older ones are swept now and then. */
const KEEP_HOURS = 48;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export function checkKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw badRequest('Idempotency-Key must be 1 to 200 visible ASCII characters.', [{ path: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }]);
  }
  return key;
}

/**
 * Runs `work` in a transaction at most once per (user, key). A retry with the same body gets the
 * first answer back and stores nothing; the same key with another body is a 409. The key row is
 * written in the same transaction as the work, so a failed attempt leaves no key behind, and a
 * concurrent retry waits on the key's unique index until the first attempt commits.
 */
export async function idempotent<T>(db: Db, userId: number, key: string | undefined, body: unknown, work: (trx: Db) => Promise<Answer<T>>): Promise<Answer<T>> {
  if (!key) return db.transaction(work);
  const hash = createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex');
  const answer = await db.transaction(async (trx) => {
    await trx('idempotency_keys').where({ user_id: userId, key }).where('created_at', '<', trx.raw(`now() - interval '${KEEP_HOURS} hours'`)).delete();
    const inserted = await trx('idempotency_keys').insert({ user_id: userId, key, request_hash: hash }).onConflict(['user_id', 'key']).ignore().returning('key');
    if (inserted.length === 0) {
      const prior = await trx('idempotency_keys').where({ user_id: userId, key }).first();
      if (prior.request_hash !== hash) {
        throw conflict('This Idempotency-Key was used with a different request body.', [{ path: 'Idempotency-Key', message: 'already used with a different body' }]);
      }
      return { status: prior.status_code as number, body: prior.response as T, replayed: true };
    }
    const result = await work(trx);
    await trx('idempotency_keys').where({ user_id: userId, key }).update({ status_code: result.status, response: JSON.stringify(result.body) });
    return result;
  });
  if (Math.random() < 0.02) {
    await db('idempotency_keys').where('created_at', '<', db.raw(`now() - interval '${KEEP_HOURS} hours'`)).delete();
  }
  return answer;
}
