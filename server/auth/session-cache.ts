import type { Epochs } from '../coverage/log.js';
import { FreshReads } from '../db/freshReads.js';
import type { Db } from '../db/index.js';
import { findSession } from './sessions.js';
import type { User } from './user.js';

// Who a token is, kept in memory while the database says nothing it depends on has changed.
//
// The answer of findSession is read from sessions, users, teams, contracts and areas; a commit that
// writes any of them bumps the 'sessions' counter (migrations/202612100101_add_sessions_epoch.ts).
// Every request with a token reads the counters — one small query shared by the requests of one
// moment (server/db/freshReads.ts), the same that the coverage answers need (server/coverage/cache.ts),
// read once per request — and uses the kept user only while the counter (and the database) is the
// one it was read under and the session has not expired (by this process's clock, set at the lookup
// from the time the database gave the session left: off by at most that lookup's round trip). So a sign-out, a revoked or expired session, a disabled account or a changed role is
// refused on every server by every request that arrives after its commit, as when each request
// read the session afresh: there is no window. The counters are read before the session, so a
// user is never kept under a newer counter than the rows it came from.

interface Kept {
  user: User;
  expiresAt: number;
  stamp: string;
}

export class SessionUsers {
  private readonly kept = new Map<string, Kept>();
  /** Requests of one moment with the same token share one lookup. */
  private readonly lookups: FreshReads<string, { user: User; expiresAt: number } | undefined>;

  constructor(
    db: Db,
    /** The counters, as of a read that starts after the call. */
    private readonly readEpochs: () => Promise<Epochs>,
    private readonly maxKept = 10_000,
  ) {
    this.lookups = new FreshReads((token: string) => findSession(db, token));
  }

  /** The user behind a live token as of now, and the counters read to know it (a read begun after this call). */
  async get(token: string): Promise<{ user: User | undefined; epochs: Epochs }> {
    const epochs = await this.readEpochs();
    // Without the counter (NaN), nothing is kept: every request reads its session.
    const stamp = Number.isFinite(epochs.sessions) ? `${epochs.database}|${epochs.sessions}` : undefined;
    const kept = this.kept.get(token);
    if (kept && stamp && kept.stamp === stamp) return { user: kept.expiresAt > Date.now() ? kept.user : undefined, epochs };
    const found = await this.lookups.get(token);
    this.kept.delete(token);
    if (found && stamp) {
      if (this.kept.size >= this.maxKept) this.kept.delete(this.kept.keys().next().value!); // the oldest read
      // Shared by the requests that use it: frozen, so that none can change it for the others.
      Object.freeze(found.user.counties);
      this.kept.set(token, { user: Object.freeze(found.user), expiresAt: found.expiresAt, stamp });
    }
    return { user: found?.user, epochs };
  }
}
