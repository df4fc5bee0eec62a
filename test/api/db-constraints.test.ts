import { beforeAll, describe, expect, it } from 'vitest';
import { knownConstraints } from '../../server/db/errors.js';
import '../../server/app.js'; // every feature registers its constraints on import
import { useApp } from '../helpers/api.js';

// The error mapper names a field by constraint name; a renamed constraint silently loses the field
// (a duplicate code once answered 409 without saying `code`). Both lists must agree.

const app = useApp();
interface Named {
  name: string;
  tbl: string;
  type: string;
}
let rows: Named[];
let schema: string[];
beforeAll(async () => {
  const result = await app.db.raw(`
    select conname as name, conrelid::regclass::text as tbl, contype as type from pg_constraint where connamespace = 'public'::regnamespace
    union all
    select indexname, tablename, 'i' from pg_indexes where schemaname = 'public'`);
  rows = result.rows;
  schema = rows.map((r) => r.name);
});

describe('database constraints and the error mapper', () => {
  it('every constraint the mapper explains exists in the migrated schema', () => {
    expect(knownConstraints().filter((name) => !schema.includes(name))).toEqual([]);
  });

  it('every unique, foreign-key and check constraint a registry or account write can trip is explained', () => {
    // Guarded before the database by the request schema, or never reached by a client's write.
    const internal = new Set(['villages_kind', 'villages_id_township_kind', 'users_role', 'sessions_user_id_foreign', 'sessions_token_hash_unique', 'audit_log_action', 'audit_log_user_id_foreign']);
    const tables = new Set(['partners', 'townships', 'villages', 'teams', 'films', 'users', 'sessions', 'audit_log']);
    const reachable = rows.filter((r) => tables.has(r.tbl) && ['u', 'f', 'c'].includes(r.type) && !internal.has(r.name)).map((r) => r.name);
    expect(reachable.filter((name) => !knownConstraints().includes(name))).toEqual([]);
  });
});
