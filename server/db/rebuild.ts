import type { Db } from './index.js';

// A write of very many rows into a table goes faster when the table's indexes and foreign keys
// are not kept up row by row (pg_restore's order: rows first, then indexes, then constraints). The
// table is locked against every other session, its secondary indexes, its unique constraints and
// its foreign keys are dropped, `write` runs, and each is made again from the definition the
// catalogue gave: a unique index re-reads every row, a foreign key is validated whole (one join
// instead of one lookup a row: the lookups were a third of the national import's write). All in
// the caller's transaction: should a row break any of them, the transaction fails and nothing was
// written, the indexes included.
//
// Dropping a foreign key to another table locks that table as well. Holding the first lock, the
// second is only tried, for less than the deadlock timeout: a reader that holds the other table
// while it waits for ours would otherwise make a deadlock, and one of the two would fail. When the
// other table is busy, its foreign key stays and is checked row by row, as before. An index that
// another table's foreign key uses stays too (setting it aside would lock that table for a
// re-validation of all its rows).

interface Constraint {
  /** The table, as the catalogue quotes it. */
  owner: string;
  name: string;
  def: string;
}

/**
 * Runs `write` on `table` with its secondary indexes, their constraints and its foreign keys set
 * aside (ACCESS EXCLUSIVE: nobody reads the table half-indexed, others wait for the commit; a
 * foreign key to a table that cannot be locked at once stays), then builds them again, with
 * `maintenance_work_mem` raised for the rest of the transaction.
 */
export async function withIndexesRebuilt<T>(trx: Db, table: string, write: () => Promise<T>): Promise<T> {
  await trx.raw('lock table ?? in access exclusive mode', [table]);
  // A definition is SQL to run as it is: a ? in it (a jsonb operator) is no binding.
  const run = (sql: string) => trx.raw(sql.replace(/\?/g, '\\?'));
  const read = async <R>(sql: string) => (await trx.raw(`with t as (select ?::regclass as oid) ${sql}`, [table])).rows as R[];
  // The indexes set aside: not the primary key, nor one a foreign key of another table uses.
  const aside = `not i.indisprimary and not exists (
    select 1 from pg_constraint f where f.contype = 'f' and f.conindid = i.indexrelid and f.conrelid <> t.oid)`;
  // Constraint-backed ones (unique, exclusion) come back through their constraint.
  const indexes = await read<{ name: string; def: string }>(`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
    from t join pg_index i on i.indrelid = t.oid
    where ${aside} and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.conrelid = t.oid and c.contype in ('u', 'x'))`);
  const constraints = (where: string) =>
    read<Constraint>(`
      select c.conrelid::regclass::text as owner, quote_ident(c.conname) as name, pg_get_constraintdef(c.oid) as def
      from t join pg_constraint c on ${where} order by c.conname`);
  const unique = await constraints(`c.conrelid = t.oid and c.contype in ('u', 'x')
    and exists (select 1 from pg_index i where i.indexrelid = c.conindid and ${aside})`);
  const own = await constraints(`c.contype = 'f' and c.conrelid = t.oid and c.confrelid = t.oid`);
  const outgoing = await read<Constraint & { target: string }>(`
    select c.conrelid::regclass::text as owner, quote_ident(c.conname) as name, pg_get_constraintdef(c.oid) as def, c.confrelid::regclass::text as target
    from t join pg_constraint c on c.contype = 'f' and c.conrelid = t.oid and c.confrelid <> t.oid order by c.conname`);
  const targets = [...new Set(outgoing.map((f) => f.target))];
  const foreign = [...own, ...(targets.length && (await lockBriefly(trx, targets)) ? outgoing : [])];

  for (const f of foreign) await run(`alter table ${f.owner} drop constraint ${f.name}`);
  for (const u of unique) await run(`alter table ${u.owner} drop constraint ${u.name}`);
  for (const i of indexes) await run(`drop index ${i.name}`);

  const result = await write();

  await trx.raw(`set local maintenance_work_mem = '256MB'`);
  for (const i of indexes) await run(i.def);
  for (const u of unique) await run(`alter table ${u.owner} add constraint ${u.name} ${u.def}`);
  for (const f of foreign) await run(`alter table ${f.owner} add constraint ${f.name} ${f.def}`);
  return result;
}

/**
 * Locks `tables` against every other session if that can be done in a quarter of the deadlock
 * timeout (at most 200 ms); answers whether it was. When not, nothing was taken.
 */
async function lockBriefly(trx: Db, tables: string[]): Promise<boolean> {
  const { ms, before } = (
    await trx.raw(`select least(200, extract(epoch from current_setting('deadlock_timeout')::interval) * 250)::int as ms, current_setting('lock_timeout') as before`)
  ).rows[0] as { ms: number; before: string };
  await trx.raw('savepoint lock_briefly');
  try {
    await trx.raw(`select set_config('lock_timeout', ?, true)`, [`${ms}ms`]);
    await trx.raw(`lock table ${tables.join(', ')} in access exclusive mode`);
    await trx.raw(`select set_config('lock_timeout', ?, true)`, [before]);
    await trx.raw('release savepoint lock_briefly');
    return true;
  } catch (err) {
    if ((err as { code?: string }).code !== '55P03') throw err; // lock_not_available: another session holds one
    await trx.raw('rollback to savepoint lock_briefly');
    return false;
  }
}
