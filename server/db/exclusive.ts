import type { Knex } from 'knex';

/** The advisory locks the processes of one deployment take on its database, each a (2131, n) pair. */
export const LOCKS = { startup: 0, migrations: 1 } as const;

/**
 * Runs `work` while no other process on the PostgreSQL database runs work under the same lock: a
 * transaction-scoped advisory lock held by a transaction left open on one connection of the pool,
 * while the work runs on the others; it ends with that transaction, also when the process dies.
 * PGlite belongs to one process, and a one-connection pool cannot lend a second connection:
 * there the work just runs.
 */
export async function exclusively<T>(knex: Knex, lock: keyof typeof LOCKS, work: () => Promise<T>): Promise<T> {
  const pool = (knex.client as { pool?: { max?: number } }).pool;
  if (knex.client.config.client !== 'pg' || (pool?.max ?? 1) < 2) return work();
  return knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(2131, ?)', [LOCKS[lock]]);
    return work();
  });
}
