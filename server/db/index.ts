import fs from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';

export type Db = Knex;
export type Engine = 'pg' | 'pglite';

// The two drivers disagree on bigint (pg: string, PGlite: number) and on date (Date vs string).
// Normalise here, once: counts are numbers, calendar dates stay 'YYYY-MM-DD' strings.
const INT8 = 20;
const DATE = 1082;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(DATE, (v) => v);
const pgliteParsers = { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v };

// knex-pglite names a delete's command 'DEL', which knex does not know, so `delete()` answered
// the raw result instead of the row count that pg gives. Name it as knex expects.
interface ResponseProcessor {
  processResponse(obj: { method?: string }, runner: unknown): unknown;
}
const Base = ClientPgLite as unknown as new (config: Knex.Config) => ResponseProcessor;
class EmbeddedClient extends Base {
  override processResponse(obj: { method?: string }, runner: unknown) {
    return super.processResponse(obj.method === 'del' ? { ...obj, method: 'delete' } : obj, runner);
  }
}

export interface Database {
  knex: Db;
  engine: Engine;
  close(): Promise<void>;
  /** Embedded only: the data directory as a tarball (tests clone a migrated one). */
  dump?(): Promise<Blob>;
}

export interface DatabaseOptions {
  /** postgres://… for a real server; otherwise embedded. */
  url?: string;
  /** Embedded: the data directory (created if missing). Unset: in memory. */
  dataDir?: string;
  /** Embedded: a data-directory tarball to start from (tests clone a migrated one). */
  loadDataDir?: Blob;
  /** Pool size on a real server. */
  poolMax?: number;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) {
    const knex = knexFactory({
      client: 'pg',
      connection: { connectionString: opts.url },
      pool: {
        min: 0,
        max: opts.poolMax ?? 10,
        // JIT compilation pays off for queries that run for seconds; the year's coverage took
        // 230 ms longer with it (1.2 s against 1.0 s, 550,000 screenings). None of ours gains.
        afterCreate: (conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void) => {
          conn.query('set jit = off').then(() => done(null, conn), (err: Error) => done(err, conn));
        },
      },
    });
    return { knex, engine: 'pg', close: () => knex.destroy() };
  }
  if (opts.dataDir) await fs.mkdir(opts.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir: opts.dataDir,
    loadDataDir: opts.loadDataDir,
    extensions: { btree_gist },
    parsers: pgliteParsers,
  });
  const knex = knexFactory({ client: EmbeddedClient, dialect: 'postgres', connection: { pglite } } as unknown as Knex.Config);
  return {
    knex,
    engine: 'pglite',
    dump: () => pglite.dumpDataDir('none'),
    async close() {
      await knex.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** Resolves when the database answers a trivial query. */
export async function ping(db: Db): Promise<void> {
  await db.raw('select 1');
}
