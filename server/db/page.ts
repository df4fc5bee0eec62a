import type { Knex } from 'knex';
import type { Page } from '../http/paging.js';

/** Runs a filtered query twice: once counted, once for the requested page. */
export async function fetchPage<Row extends object, T>(
  query: Knex.QueryBuilder,
  paging: { limit: number; offset: number },
  toItem: (row: Row) => T,
): Promise<Page<T>> {
  const [counted] = await query.clone().clearSelect().clearOrder().count({ total: '*' });
  const rows: Row[] = await query.limit(paging.limit).offset(paging.offset);
  return { items: rows.map(toItem), total: Number(counted?.total ?? 0) };
}
