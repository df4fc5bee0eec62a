import { createHmac } from 'node:crypto';
import type { Db } from '../db/index.js';
import { HttpError } from './problem.js';

// Counters of clients in PostgreSQL (rate_limits, migrations/202611301200), so that several
// servers on one database count together: a client throttled on one is throttled on all. A
// client's address or name is never stored as it came: its key is an HMAC under the database's
// own salt (app_secrets). Two kinds:
//   rateLimit   every request of a public route, in fixed windows (the villagers' confirmations);
//   FailureLog  the failed sign-ins of a key, each kept for the window after it (a sliding log):
//               locked while the window holds `max` of them.

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

/** The key a client is counted under: a salted hash of its address (or name), never the thing itself. */
export const clientKey = async (db: Db, client: string) => createHmac('sha256', await saltOf(db)).update(client).digest('hex');

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

/** Failures of one key within the window, oldest first: when each happened and how many then. */
export type Failures = readonly { at: number; count: number }[];

/**
 * Whole seconds until a key with these failures may try again (0: now). Locked while the last
 * `windowMs` hold `max` failures; free again once enough of the oldest have left the window.
 */
export function waitAfter(failures: Failures, max: number, windowMs: number, now: number): number {
  const live = failures.filter((f) => f.at > now - windowMs);
  let left = live.reduce((n, f) => n + f.count, 0);
  for (const f of live) {
    if (left < max) return 0;
    left -= f.count;
    if (left < max) return Math.ceil((f.at + windowMs - now) / 1000);
  }
  return 0;
}

/** Failed attempts per key in one bucket of rate_limits, each row a moment's failures. */
export class FailureLog {
  constructor(
    private readonly db: Db,
    private readonly bucket: string,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  async retryAfter(client: string, now: number): Promise<number> {
    const rows: { window_start: Date; count: number }[] = await this.db('rate_limits')
      .where({ bucket: this.bucket, key: await clientKey(this.db, client) })
      .where('window_start', '>', new Date(now - this.windowMs))
      .orderBy('window_start')
      .select('window_start', 'count');
    return waitAfter(
      rows.map((r) => ({ at: r.window_start.getTime(), count: r.count })),
      this.max,
      this.windowMs,
      now,
    );
  }

  /** One more failure now; the bucket's failures older than the window go. */
  async fail(client: string, now: number): Promise<void> {
    const key = await clientKey(this.db, client);
    await this.db('rate_limits')
      .insert({ bucket: this.bucket, key, window_start: new Date(now), count: 1 })
      .onConflict(['bucket', 'key', 'window_start'])
      .merge({ count: this.db.raw('rate_limits.count + 1') });
    await this.db('rate_limits').where({ bucket: this.bucket }).where('window_start', '<=', new Date(now - this.windowMs)).delete();
  }

  async reset(client: string): Promise<void> {
    await this.db('rate_limits').where({ bucket: this.bucket, key: await clientKey(this.db, client) }).delete();
  }
}
