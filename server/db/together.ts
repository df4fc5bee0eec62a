import type { Db } from './index.js';

/**
 * Independent reads of one answer: side by side on the pool, one after another in a transaction.
 * A transaction is one connection, and a connection answers one query at a time: handing it
 * several at once only queues them inside the driver (pg warns that this goes away in pg 9).
 */
export async function readTogether<T extends readonly unknown[]>(db: Db, reads: { [K in keyof T]: () => PromiseLike<T[K]> }): Promise<T> {
  const thunks = reads as readonly (() => PromiseLike<unknown>)[];
  if (!db.isTransaction) return (await Promise.all(thunks.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const read of thunks) results.push(await read());
  return results as unknown as T;
}
