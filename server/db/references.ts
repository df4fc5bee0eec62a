import type { Knex } from 'knex';
import type { Db } from './index.js';
import type { FieldError } from '../http/problem.js';

/**
 * The ids in a request body that name no row: `{ townshipId: ['townships', 'no such township'] }`.
 * Used when the body has other bad fields too, so the client hears of every bad field at once.
 * Values that are not plausible ids are left to the schema's own message.
 */
export async function unknownIds(
  db: Db,
  body: Record<string, unknown>,
  fields: Record<string, [table: string, message: string, inScope?: (query: Knex.QueryBuilder) => Knex.QueryBuilder]>,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const [path, [table, message, inScope]] of Object.entries(fields)) {
    const value = body[path];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2_147_483_647) continue;
    // A row outside the user's scope (inScope keeps the rows it may see) is as unknown as no row.
    const query = db(table).where({ id: value });
    if (!(await (inScope ? inScope(query) : query).first('id'))) errors.push({ path, message });
  }
  return errors;
}
