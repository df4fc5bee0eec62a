import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Db } from '../db/index.js';
import { sha256File, type Meta, type TableEntry } from './format.js';

// The database as rows both engines load: every table of the app's schema but the derived ones,
// each row as to_jsonb() text, one a line, read in the caller's one snapshot; loaded back with
// jsonb_populate_record, so PostgreSQL's own text forms carry every type (timestamps with their
// offset, numerics, arrays, bytea) unchanged between a server and PGlite, whatever their versions.
// The load runs in one transaction with the tables' own triggers off (the rows come back as they
// were: the period lock, the coverage log and the defaults do not fire again) and the foreign keys
// on: each table is one INSERT (a table that refers to itself loads in any order), in the order
// of the foreign keys between tables.

/**
 * Not written: kept by the database for itself and rebuilt from the rows. The migrations' own
 * record (a restore migrates instead); the coverage counters and commit log (a fresh database
 * starts them afresh, and every server builds its coverage at start: migrations/202611270001);
 * the progress report's counts (refilled on the first report: server/reports/progressCounts.ts),
 * the months' coverage snapshots (kept for one database's unit lists: server/coverage/snapshots.ts).
 */
export const DERIVED = [
  'knex_migrations',
  'knex_migrations_lock',
  'coverage_epochs',
  'coverage_touches',
  'coverage_changes',
  'coverage_commits',
  'progress_counts',
  'progress_months',
  'progress_state',
  'coverage_snapshots',
];

/** Tables a migration fills (app_secrets' salt): written, and on load the migration's rows give way to the backup's. */
export const SEEDED = ['app_secrets'];

/** The app's tables on this database, derived ones left out, referenced tables before those that refer to them. */
export async function tablesInOrder(db: Db): Promise<string[]> {
  const names: string[] = (
    await db.raw(`select relname from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') and not (relname = any(?)) order by relname`, [DERIVED])
  ).rows.map((r: { relname: string }) => r.relname);
  const refs: { t: string; r: string }[] = (
    await db.raw(`select conrelid::regclass::text as t, confrelid::regclass::text as r from pg_constraint
                   where contype = 'f' and conrelid <> confrelid and connamespace = 'public'::regnamespace`)
  ).rows;
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: string) => {
    if (state.get(t) === 'done') return;
    if (state.get(t) === 'visiting') throw new Error(`foreign keys between tables form a cycle through ${t}: a restore cannot order them`);
    state.set(t, 'visiting');
    for (const { r } of refs.filter((x) => x.t === t)) if (names.includes(r)) visit(r);
    state.set(t, 'done');
    order.push(t);
  };
  for (const t of names) visit(t);
  return order;
}

async function columnsOf(db: Db, table: string): Promise<{ columns: string[]; key: string[] }> {
  const columns: string[] = (
    await db.raw(`select attname from pg_attribute where attrelid = ?::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`, [`public.${table}`])
  ).rows.map((r: { attname: string }) => r.attname);
  const key: string[] = (
    await db.raw(
      `select a.attname from pg_index i cross join lateral unnest(i.indkey) with ordinality k(attnum, n)
         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
        where i.indrelid = ?::regclass and i.indisprimary order by k.n`,
      [`public.${table}`],
    )
  ).rows.map((r: { attname: string }) => r.attname);
  return { columns, key };
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Writes every table's rows under dir/data, read through `trx` (a transaction holding one snapshot). */
export async function dumpTables(trx: Db, dir: string): Promise<{ tables: TableEntry[]; sequences: Meta['sequences'] }> {
  await fs.mkdir(path.join(dir, 'data'), { recursive: true });
  const tables: TableEntry[] = [];
  for (const name of await tablesInOrder(trx)) {
    const { columns, key } = await columnsOf(trx, name);
    const file = `data/${name}.jsonl.gz`;
    const gzip = createGzip();
    const out = createWriteStream(path.join(dir, file));
    gzip.pipe(out);
    const order = key.length ? ` order by ${key.map(ident).join(', ')}` : '';
    await trx.raw(`declare backup_rows no scroll cursor for select to_jsonb(x)::text as j from (select ${columns.map(ident).join(', ')} from public.${ident(name)}${order}) x`);
    let rows = 0;
    for (;;) {
      const batch: { j: string }[] = (await trx.raw('fetch forward 2000 from backup_rows')).rows;
      if (!batch.length) break;
      rows += batch.length;
      if (!gzip.write(batch.map((r) => r.j).join('\n') + '\n')) await once(gzip, 'drain');
    }
    await trx.raw('close backup_rows');
    gzip.end();
    await finished(out);
    tables.push({ name, columns, rows, file, ...(await sha256File(path.join(dir, file))) });
  }
  const sequences: Meta['sequences'] = (
    await trx.raw(
      `select s.sequencename as name, s.last_value as value from pg_sequences s
         join pg_class c on c.relname = s.sequencename and c.relnamespace = 'public'::regnamespace
         join pg_depend d on d.objid = c.oid and d.deptype in ('a', 'i')
         join pg_class t on t.oid = d.refobjid
        where s.schemaname = 'public' and not (t.relname = any(?)) order by 1`,
      [DERIVED],
    )
  ).rows.map((r: { name: string; value: number | string | null }) => ({ name: r.name, value: r.value === null ? null : Number(r.value) }));
  return { tables, sequences };
}

/** Tables of the app holding rows (a migration's own rows aside): a restore goes only into a database with none. */
export async function tablesWithRows(db: Db): Promise<string[]> {
  const found: string[] = [];
  for (const name of await tablesInOrder(db)) {
    if (SEEDED.includes(name)) continue;
    if ((await db.raw(`select exists (select 1 from public.${ident(name)}) as any`)).rows[0].any) found.push(name);
  }
  return found;
}

const BATCH_CHARS = 4 << 20;

/** Loads the rows of `meta` from dir into the database at meta.migration, in `trx` (one transaction). */
export async function loadTables(trx: Db, dir: string, meta: Meta): Promise<void> {
  const order = await tablesInOrder(trx);
  const unknown = meta.tables.filter((t) => !order.includes(t.name)).map((t) => t.name);
  if (unknown.length) throw new Error(`the database at ${meta.migration} has no table ${unknown.join(', ')}`);
  const entries = order.flatMap((name) => meta.tables.filter((t) => t.name === name));
  for (const t of entries) await trx.raw(`alter table public.${ident(t.name)} disable trigger user`);
  for (const name of SEEDED) if (entries.some((t) => t.name === name)) await trx.raw(`delete from public.${ident(name)}`);
  await trx.raw('create temp table backup_rows (n bigint not null, line jsonb not null) on commit drop');
  for (const t of entries) {
    let n = 0;
    let batch: string[] = [];
    let chars = 0;
    const flush = async () => {
      if (!batch.length) return;
      await trx.raw('insert into backup_rows (n, line) select ? + o, v from jsonb_array_elements(?::jsonb) with ordinality e(v, o)', [n, `[${batch.join(',')}]`]);
      n += batch.length;
      batch = [];
      chars = 0;
    };
    const lines = readline.createInterface({ input: createReadStream(path.join(dir, t.file)).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line) continue;
      batch.push(line);
      chars += line.length;
      if (chars >= BATCH_CHARS) await flush();
    }
    await flush();
    if (n !== t.rows) throw new Error(`${t.file} holds ${n} rows, the backup says ${t.rows}`);
    const cols = t.columns.map(ident).join(', ');
    const inserted = await trx.raw(
      `insert into public.${ident(t.name)} (${cols}) select ${t.columns.map((c) => `r.${ident(c)}`).join(', ')}
         from backup_rows b cross join lateral jsonb_populate_record(null::public.${ident(t.name)}, b.line) r order by b.n`,
    );
    const count = Number(inserted.rowCount ?? inserted.affectedRows ?? n);
    if (count !== t.rows) throw new Error(`${t.name}: ${count} rows loaded, the backup holds ${t.rows}`);
    await trx.raw('truncate backup_rows');
  }
  for (const s of meta.sequences) {
    await trx.raw(`select setval(format('public.%I', ?::text)::regclass, ?, ?)`, [s.name, s.value ?? 1, s.value !== null]);
  }
  for (const t of entries) await trx.raw(`alter table public.${ident(t.name)} enable trigger user`);
}
