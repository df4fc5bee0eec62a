import { audited, type Entity } from '../audit/log.js';
import type { Knex } from 'knex';
import type { Caller, User } from '../auth/user.js';
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
  /** Keeps the rows the user may see (server/areas/scope.ts); others are 404 to it. */
  visible?: (db: Db, query: Knex.QueryBuilder, user: User) => Knex.QueryBuilder;
}) {
  const { table, columns, toRecord } = spec;
  const select = (db: Db, user: User) => {
    const query = db(table).select(columns);
    return spec.visible ? spec.visible(db, query, user) : query;
  };
  const find = async (db: Db, user: User, id: number): Promise<T> => {
    const row = (await select(db, user).where({ id }).first()) as Row | undefined;
    if (!row) throw notFound(spec.label, id);
    return toRecord(row);
  };
  const writesOf = (user: User) => audited(spec.entity, (db, id) => find(db, user, id));
  return {
    find: (c: Caller, id: number) => find(c.db, c.user, id),
    select,
    create: (c: Caller, values: object) =>
      writesOf(c.user).create(c.db, c.user.id, async (trx) => {
        const [{ id }] = await trx(table).insert(values).returning('id');
        return id as number;
      }),
    update: (c: Caller, id: number, values: object) =>
      writesOf(c.user).update(c.db, c.user.id, id, (trx) =>
        trx(table)
          .where({ id })
          .update({ ...values, updated_at: trx.fn.now() }),
      ),
    remove: (c: Caller, id: number) => writesOf(c.user).remove(c.db, c.user.id, id, (trx) => trx(table).where({ id }).delete()),
  };
}
