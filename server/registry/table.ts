import { audited, type Entity } from '../audit/log.js';
import type { Caller } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { notFound } from '../http/problem.js';

/**
 * A registry table whose rows are the API's records one for one (townships, films): a record is
 * read by id (404 when there is none), and created, changed or deleted with its audit row.
 * The schema's constraints refuse what the rules forbid (a duplicate code, a township that still
 * has villages); the error middleware names the field.
 */
export function auditedTable<Row, T extends { id: number }>(spec: {
  entity: Entity;
  table: string;
  /** How a 404 names the record: 'Township'. */
  label: string;
  columns: string[];
  toRecord: (row: Row) => T;
}) {
  const { table, columns, toRecord } = spec;
  const find = async (db: Db, id: number): Promise<T> => {
    const row = (await db(table).where({ id }).first(columns)) as Row | undefined;
    if (!row) throw notFound(spec.label, id);
    return toRecord(row);
  };
  const writes = audited(spec.entity, find);
  return {
    find: (c: Caller, id: number) => find(c.db, id),
    select: (db: Db) => db(table).select(columns),
    create: (c: Caller, values: object) =>
      writes.create(c.db, c.user.id, async (trx) => {
        const [{ id }] = await trx(table).insert(values).returning('id');
        return id as number;
      }),
    update: (c: Caller, id: number, values: object) =>
      writes.update(c.db, c.user.id, id, (trx) =>
        trx(table)
          .where({ id })
          .update({ ...values, updated_at: trx.fn.now() }),
      ),
    remove: (c: Caller, id: number) => writes.remove(c.db, c.user.id, id, (trx) => trx(table).where({ id }).delete()),
  };
}
