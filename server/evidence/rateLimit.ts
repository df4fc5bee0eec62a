import { createHmac } from 'node:crypto';
import type { Db } from '../db/index.js';
import { HttpError } from '../http/problem.js';

// A fixed-window counter per client in PostgreSQL (migrations/202611301200), so that several
// servers on one database share the count. The client's address is never stored: its key is an
// HMAC under the database's own salt. Old windows are swept by the request that opens a new one.

const salts = new WeakMap<Db, Promise<string>>();

function saltOf(db: Db): Promise<string> {
  let salt = salts.get(db);
  if (!salt) {
    salt = db('app_secrets')
      .where({ name: 'client_key_salt' })
      .first('value')
      .then((r: { value: string } | undefined) => {
        if (!r) throw new Error('app_secrets has no client_key_salt: run the migrations');
        return r.value;
      });
    salt.catch(() => salts.delete(db));
    salts.set(db, salt);
  }
  return salt;
}

/** The key a client is counted under: a salted hash of its address, never the address. */
export const clientKey = async (db: Db, address: string) => createHmac('sha256', await saltOf(db)).update(address).digest('hex');

/** Counts one request of `client` in `bucket`; past `max` in the window, a 429 with Retry-After. */
export async function rateLimit(db: Db, bucket: string, address: string, limit: { max: number; windowMs: number }, now: number): Promise<void> {
  const start = Math.floor(now / limit.windowMs) * limit.windowMs;
  const key = await clientKey(db, address);
  const [{ count }] = await db('rate_limits')
    .insert({ bucket, key, window_start: new Date(start), count: 1 })
    .onConflict(['bucket', 'key', 'window_start'])
    .merge({ count: db.raw('rate_limits.count + 1') })
    .returning('count');
  if (count === 1) await db('rate_limits').where({ bucket }).where('window_start', '<', new Date(start - limit.windowMs)).delete();
  if (count > limit.max) {
    const retry = Math.max(1, Math.ceil((start + limit.windowMs - now) / 1000));
    throw new HttpError(429, `Too many requests from this address; try again in ${retry} s.`, [], { 'Retry-After': String(retry) });
  }
}
