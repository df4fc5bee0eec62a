import type { Knex } from 'knex';
import type { Db } from '../db/index.js';
import { withIndexesRebuilt } from '../db/rebuild.js';
import { readTogether } from '../db/together.js';
import type { StagedRow } from './rows.js';
import type { ImportCode } from './codes.js';
import { rowError, type ImportCounts, type MissingVillage, type RowError } from './result.js';

// The import stages the file's rows in a temporary table (dropped with the transaction), checks
// what needs the whole file and the registry in set-based queries, and writes every village in
// one statement, so the schema's parent rule is checked once, on the final state.

export const LISTED = 1000;

export async function createStaging(trx: Db): Promise<void> {
  await trx.raw(`
    create temp table import_rows (
      row_no int primary key, code text not null, name text not null, township_code text not null,
      township_name text, kind text not null, parent_code text, lat double precision, lng double precision
    ) on commit drop`);
  // An error is its code and its parameters (JSON text, the same on both engines); the message is made from them when read.
  await trx.raw("create temp table import_errors (row_no int not null, col text not null, code text not null, params text not null default '{}') on commit drop");
}

/**
 * A batch of rows in one statement of nine parameters: each column sent as one array and unnested
 * by the server, instead of a placeholder per value for knex to build and PostgreSQL to parse.
 */
export async function stageRows(trx: Db, rows: StagedRow[]): Promise<void> {
  if (!rows.length) return;
  // Each column one array, sent to the driver as it is; knex's Value type spells no array holding nulls.
  const column = (k: keyof StagedRow) => rows.map((r) => r[k]) as unknown as Knex.Value;
  await trx.raw(
    `insert into import_rows (row_no, code, name, township_code, township_name, kind, parent_code, lat, lng)
     select * from unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::float8[])`,
    [column('row'), column('code'), column('name'), column('township_code'), column('township_name'), column('kind'), column('parent_code'), column('lat'), column('lng')],
  );
}

export async function stageErrors(trx: Db, errors: RowError[]): Promise<void> {
  if (errors.length) await trx('import_errors').insert(errors.map((e) => ({ row_no: e.row, col: e.column, code: e.code, params: JSON.stringify(e.params) })));
}

/** Where an import reaches: the townships of the file (or of townshipCode), inside the importer's counties (null: all). */
export interface Reach {
  townshipCode?: string;
  counties: readonly number[] | null;
}

/** The checks that need other rows or the registry; each refused row lands in import_errors. */
export async function checkStaged(trx: Db, counties: readonly number[] | null): Promise<void> {
  await trx.raw('create index on import_rows (code)');
  await trx.raw('create index on import_rows (parent_code)');
  // Temporary tables are never analysed automatically; without statistics the joins below plan badly.
  await trx.raw('analyze import_rows');
  if (counties !== null) await checkOutsideArea(trx, counties);

  await trx.raw(`
    insert into import_errors
    select row_no, 'code', 'duplicate_code', json_build_object('firstRow', first_row)::text
    from (select row_no, min(row_no) over (partition by code) as first_row from import_rows) x
    where row_no <> first_row`);

  await trx.raw(`
    insert into import_errors
    select r.row_no, 'township_name', 'new_township_needs_name', json_build_object('townshipCode', r.township_code)::text
    from import_rows r
    where r.township_name is null
      and not exists (select 1 from townships t where t.code = r.township_code)
      and not exists (select 1 from import_rows o where o.township_code = r.township_code and o.township_name is not null)`);

  await trx.raw(`
    insert into import_errors
    select r.row_no, 'lat', 'needs_position', '{}'
    from import_rows r
    where r.lat is null and not exists (select 1 from villages v where v.code = r.code)`);

  // The parent as it will be: its row in the file if there is one, else the registry's.
  await trx.raw(`
    with firsts as (select distinct on (code) code, kind, township_code from import_rows order by code, row_no)
    insert into import_errors
    select row_no, 'parent_code', code, '{}' from (
      select r.row_no,
        case
          when coalesce(pf.kind, pv.kind) is null then 'parent_unknown'
          when coalesce(pf.kind, pv.kind) <> 'administrative' then 'parent_not_administrative'
          when coalesce(pf.township_code, pt.code) is distinct from r.township_code then 'parent_other_township'
        end as code
      from import_rows r
      left join firsts pf on pf.code = r.parent_code
      left join villages pv on pv.code = r.parent_code and pf.code is null
      left join townships pt on pt.id = pv.township_id
      where r.parent_code is not null
    ) x
    where code is not null`);

  // An administrative village cannot turn natural or move while natural villages the file does not
  // move along still hang under it.
  await trx.raw(`
    insert into import_errors
    select r.row_no, case when r.kind <> 'administrative' then 'kind' else 'township_code' end, 'has_children',
      json_build_object('children', (
        select string_agg(coalesce(c.code, c.name), ', ' order by c.code) from villages c
        where c.parent_id = v.id and (c.code is null or not exists (select 1 from import_rows rc where rc.code = c.code))
      ))::text
    from import_rows r
    join villages v on v.code = r.code
    join townships vt on vt.id = v.township_id
    where v.kind = 'administrative'
      and (r.kind <> 'administrative' or vt.code is distinct from r.township_code)
      and exists (
        select 1 from villages c
        where c.parent_id = v.id and (c.code is null or not exists (select 1 from import_rows rc where rc.code = c.code))
      )`);
}

/**
 * A scoped importer's rows name codes of its counties only (rows.ts); a township or village that
 * carries such a code but lies in another county (placed there by hand) is outside all the same,
 * and refused with the same code, never changed or moved.
 */
async function checkOutsideArea(trx: Db, counties: readonly number[]): Promise<void> {
  const hidden = (table: string) => `${table}.county_id is null or not (${table}.county_id = any(?::int[]))`;
  await trx.raw(
    `insert into import_errors
     select r.row_no, x.col, 'outside_area', '{}' from import_rows r
     cross join lateral (
       select 'township_code' as col where exists (select 1 from townships t where t.code = r.township_code and (${hidden('t')}))
       union all
       select 'code' where exists (select 1 from villages v join townships t on t.id = v.township_id where v.code = r.code and (${hidden('t')}))
       union all
       select 'parent_code' where exists (select 1 from villages v join townships t on t.id = v.township_id where v.code = r.parent_code and (${hidden('t')}))
     ) x`,
    Array(3).fill([...counties]) as Knex.Value[],
  );
}

export async function stagedErrors(trx: Db): Promise<{ errors: RowError[]; count: number }> {
  const [rows, [counted]] = await readTogether(trx, [
    () => trx('import_errors').orderBy(['row_no', 'col']).limit(LISTED).select('row_no', 'col', 'code', 'params'),
    () => trx('import_errors').count({ n: '*' }),
  ]);
  const errors = rows.map((e: { row_no: number; col: string; code: ImportCode; params: string }) => rowError(e.row_no, e.col, e.code, JSON.parse(e.params)));
  return { errors, count: Number(counted?.n ?? 0) };
}

const changed = `(v.name <> r.name or vt.code is distinct from r.township_code or v.kind <> r.kind
  or vp.code is distinct from r.parent_code or v.retired_at is not null
  or (r.lat is not null and (v.lat <> r.lat or v.lng <> r.lng or v.position_approximate)))`;

/** What the rows without errors would do, and which villages the file leaves out. */
export async function plannedCounts(trx: Db, reach: Reach): Promise<Omit<ImportCounts, 'retired'>> {
  const counts = (
    await trx.raw(`
      select
        count(*) filter (where v.id is null)::int as created,
        count(*) filter (where v.id is not null and ${changed})::int as updated,
        count(*) filter (where v.id is not null and not ${changed})::int as unchanged,
        (select count(distinct i.township_code) from import_rows i
          where not exists (select 1 from townships t where t.code = i.township_code)
            and not exists (select 1 from import_errors e where e.row_no = i.row_no))::int as townships_created
      from import_rows r
      left join villages v on v.code = r.code
      left join townships vt on vt.id = v.township_id
      left join villages vp on vp.id = v.parent_id
      where not exists (select 1 from import_errors e where e.row_no = r.row_no)`)
  ).rows[0];
  const missing = missingQuery(trx, reach);
  const [listed, [counted], newTownships] = await readTogether(trx, [
    () => missing.clone().orderBy('v.code').limit(LISTED).select('v.id', 'v.code', 'v.name', 't.name as township_name'),
    () => missing.clone().count({ n: '*' }),
    () => newTownshipsQuery(trx),
  ]);
  return {
    created: counts.created,
    updated: counts.updated,
    unchanged: counts.unchanged,
    townshipsCreated: counts.townships_created,
    newTownships: newTownships.map((t: { code: string; name: string | null; villages: number }) => ({ code: t.code, name: t.name, villages: Number(t.villages) })),
    missing: listed.map((m: { id: number; code: string; name: string; township_name: string }): MissingVillage => ({ id: m.id, code: m.code, name: m.name, townshipName: m.township_name })),
    missingTotal: Number(counted?.n ?? 0),
  };
}

/** The townships the good rows name that the registry lacks, each with the file's first name for it (what applyStaged creates). */
const newTownshipsQuery = (trx: Db) =>
  trx
    .select('r.township_code as code')
    .count({ villages: '*' })
    // The first name in the file, in the same pass as the count (not a lookup per township).
    .select(trx.raw('(array_agg(r.township_name order by r.row_no) filter (where r.township_name is not null))[1] as name'))
    .from('import_rows as r')
    .whereNotExists(trx('townships as t').whereRaw('t.code = r.township_code').select(trx.raw('1')))
    .whereNotExists(trx('import_errors as e').whereRaw('e.row_no = r.row_no').select(trx.raw('1')))
    .groupBy('r.township_code')
    .orderBy('r.township_code')
    .limit(LISTED);

/** Villages with a code, not retired, in the townships of the file (or of townshipCode) the importer may see, that the file does not name. */
function missingQuery(trx: Db, { townshipCode, counties }: Reach) {
  const query = trx('villages as v')
    .join('townships as t', 't.id', 'v.township_id')
    .whereNotNull('v.code')
    .whereNull('v.retired_at')
    .where((w) => {
      w.whereIn('t.code', trx('import_rows').distinct('township_code'));
      if (townshipCode) w.orWhere('t.code', townshipCode);
    })
    .whereNotExists(trx('import_rows as r').whereRaw('r.code = v.code').select(trx.raw('1')));
  if (counties !== null) query.whereIn('t.county_id', counties);
  return query;
}

/** A village in the audit log: the API's names for its fields. */
const villageKeys = {
  id: 'id', name: 'name', township_id: 'townshipId', township_name: 'townshipName', kind: 'kind', parent_id: 'parentId', code: 'code',
  lat: 'lat', lng: 'lng', position_approximate: 'positionApproximate', retired_at: 'retiredAt',
} as const;
type VillageFields = Record<keyof typeof villageKeys, string>;
const fieldsOf = (row: string) => Object.fromEntries(Object.keys(villageKeys).map((k) => [k, `${row}.${k}`])) as VillageFields;

/** The audit's JSON of a village from SQL expressions, one a field: a row's to_jsonb (the same value as jsonb_build_object, 1.9 s against 2.4 s for 620,573 rows). */
const villageJson = (f: VillageFields) =>
  `(select to_jsonb(x) from (select ${Object.entries(villageKeys).map(([k, key]) => `${f[k as keyof VillageFields]} as "${key}"`).join(', ')}) x)`;

/**
 * From this many villages created or changed (and at least half of the registry as it will be), the
 * write sets the villages' indexes and foreign keys aside and rebuilds them (server/db/rebuild.ts):
 * the national file's first write, 620,573 villages with their audit rows, took 20–23 s of the
 * server's time with them kept up row by row, 13–14 s with them rebuilt (the rebuild included).
 * Below it, and for a small share of a large registry, a rebuild would cost more than it saves,
 * and would keep the registry locked while it runs.
 */
export const BULK_WRITES = 50_000;

export async function writesInBulk(trx: Db, created: number, updated: number): Promise<boolean> {
  if (created + updated < BULK_WRITES) return false;
  const [counted] = await trx('villages').count({ n: '*' });
  return 2 * (created + updated) >= Number(counted?.n ?? 0) + created;
}

/**
 * Writes the staged rows: new townships, then every new or changed village in one statement, each
 * audited; `bulk` (writesInBulk) sets the villages' indexes aside for it and rebuilds them after.
 */
export async function applyStaged(trx: Db, userId: number, bulk = false): Promise<{ created: number; updated: number; townshipsCreated: number }> {
  const townshipsCreated = await createTownships(trx, userId);
  const write = () => writeVillages(trx, userId);
  const { created, updated } = bulk ? await withIndexesRebuilt(trx, 'villages', write) : await write();
  return { created, updated, townshipsCreated };
}

/** The townships the good rows name that the registry lacks, each audited; answers how many. */
async function createTownships(trx: Db, userId: number): Promise<number> {
  const townships = await trx.raw(
    `with ins as (
       insert into townships (code, name)
       select distinct on (township_code) township_code, township_name from import_rows
       where township_name is not null and not exists (select 1 from townships t where t.code = import_rows.township_code)
       order by township_code, row_no
       returning id, name, code
     ),
     aud as (
       insert into audit_log (entity, entity_id, action, user_id, after)
       select 'township', id, 'create', ?, jsonb_build_object('id', id, 'name', name, 'code', code) from ins
       returning 1
     )
     select count(*)::int as n from aud`,
    [userId],
  );
  return townships.rows[0].n;
}

/** Every new or changed village of the staged rows, in one statement, each audited. */
async function writeVillages(trx: Db, userId: number): Promise<{ created: number; updated: number }> {
  // New villages get their ids first, so a natural village can name a parent created by the same
  // statement; the parent rule (a foreign key) is then checked once, on the final state. Only the
  // rows that create or change a village are written (an unchanged registry costs a join, not
  // 620,000 conflicts); the sequence is named once (a name per row is a catalogue lookup per row);
  // the old row and its township's name are read in the same join (the audit's `before`). New
  // villages are inserted and changed ones updated by id, not upserted: a village created by hand
  // meanwhile under one of the file's new codes is the unique index's conflict (409, nothing
  // stored), never an update audited from a row the plan did not read. The audit rows are made
  // from the plan itself (no join back by code): a created village is exactly its planned row
  // (the insert writes all or fails), a changed one is audited when the update found it.
  const sequence = (await trx.raw("select pg_get_serial_sequence('villages', 'id') as name")).rows[0].name as string;
  const before = villageJson({
    id: 'd.old_id', name: 'd.old_name', township_id: 'd.old_township_id', township_name: 'd.old_township_name', kind: 'd.old_kind', parent_id: 'd.old_parent_id',
    code: 'd.old_code', lat: 'd.old_lat', lng: 'd.old_lng', position_approximate: 'd.old_approximate', retired_at: 'd.old_retired_at',
  });
  const after = villageJson({ ...fieldsOf('d'), retired_at: 'null::timestamptz' });
  return (
    await trx.raw(
      `with ids as materialized (
         select r.code, r.name, r.township_code, r.kind, r.parent_code, r.lat as new_lat, r.lng as new_lng, r.row_no,
           coalesce(v.id, nextval(?::regclass)::int) as id, v.id as old_id, ot.name as old_township_name,
           v.name as old_name, v.township_id as old_township_id, v.kind as old_kind, v.parent_id as old_parent_id, v.code as old_code,
           v.lat as old_lat, v.lng as old_lng, v.position_approximate as old_approximate, v.retired_at as old_retired_at
         from import_rows r left join villages v on v.code = r.code left join townships ot on ot.id = v.township_id
       ),
       src as (
         select i.*, t.id as township_id, t.name as township_name, coalesce(pi.id, pv.id) as parent_id,
           coalesce(i.new_lat, i.old_lat) as lat, coalesce(i.new_lng, i.old_lng) as lng,
           case when i.new_lat is null then coalesce(i.old_approximate, false) else false end as position_approximate
         from ids i
         join townships t on t.code = i.township_code
         left join ids pi on pi.code = i.parent_code
         left join villages pv on pv.code = i.parent_code and pi.id is null
       ),
       todo as materialized (
         select * from src
         where old_id is null
            or (old_name, old_township_id, old_kind, old_parent_id, old_lat, old_lng, old_approximate, old_retired_at)
               is distinct from (name, township_id, kind, parent_id, lat, lng, position_approximate, null::timestamptz)
       ),
       ins as (
         insert into villages (id, code, name, township_id, kind, parent_id, lat, lng, position_approximate)
         select id, code, name, township_id, kind, parent_id, lat, lng, position_approximate from todo where old_id is null order by row_no
         returning 1
       ),
       upd as (
         update villages v set
           name = d.name, township_id = d.township_id, kind = d.kind, parent_id = d.parent_id,
           lat = d.lat, lng = d.lng, position_approximate = d.position_approximate, retired_at = null, updated_at = now()
         from todo d where d.old_id is not null and v.id = d.old_id
         returning v.id
       ),
       aud as (
         insert into audit_log (entity, entity_id, action, user_id, before, after)
         select 'village', d.id, case when d.old_id is null then 'create' else 'update' end, ?,
           case when d.old_id is not null then ${before} end, ${after}
         from todo d
         where d.old_id is null or d.id in (select id from upd)
       )
       select (select count(*) from ins)::int as created, (select count(*) from upd)::int as updated`,
      [sequence, userId],
    )
  ).rows[0] as { created: number; updated: number };
}

/** Retires the villages the file leaves out (in its townships); each retirement audited. */
export async function retireMissing(trx: Db, reach: Reach, at: Date, userId: number): Promise<number> {
  const ids = missingQuery(trx, reach).select('v.id');
  const result = await trx.raw(
    `with old as (select v.*, t.name as township_name from villages v join townships t on t.id = v.township_id where v.id in (${ids.toQuery()})),
     gone as (
       update villages v set retired_at = ?, updated_at = now() from old where old.id = v.id returning v.*, old.township_name
     ),
     aud as (
       insert into audit_log (entity, entity_id, action, user_id, before, after)
       select 'village', gone.id, 'update', ?, ${villageJson(fieldsOf('old'))}, ${villageJson(fieldsOf('gone'))}
       from gone join old on old.id = gone.id
       returning 1
     )
     select count(*)::int as n from aud`,
    [at, userId],
  );
  return result.rows[0].n;
}
