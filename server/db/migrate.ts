import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import { exclusively } from './exclusive.js';

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

// Migrations are loaded by import() rather than by knex's file loader, so the same code runs under
// tsx, under vitest and from a compiled build. Names are the file names without extension.
const source: Knex.MigrationSource<string> = {
  async getMigrations() {
    const files = await fs.readdir(migrationsDir);
    return files.filter((f) => /^\d{12}_[a-z0-9_]+\.(ts|js)$/.test(f)).sort();
  },
  getMigrationName: (file) => file.replace(/\.(ts|js)$/, ''),
  async getMigration(file) {
    return import(pathToFileURL(path.join(migrationsDir, file)).href) as Promise<Knex.Migration>;
  },
};

/**
 * Migrations run by one process at a time on a PostgreSQL database (exclusively): knex's own lock
 * is a row that two processes creating knex's tables at once can both insert, after which every
 * attempt finds "already locked" for good. Under the advisory lock a second process waits, then
 * finds the work done. Without it (a one-connection pool), a process that loses knex's lock or the
 * race to its tables waits and tries again; a lock still held after `waitMs` is one left by a
 * process killed mid-migration: said so, with how to free it.
 */
export async function migrateLatest(knex: Knex, waitMs = 120_000): Promise<string[]> {
  return exclusively(knex, 'migrations', async () => {
    const until = Date.now() + waitMs;
    for (let pause = 100; ; pause = Math.min(pause * 2, 2_000)) {
      try {
        const [, applied] = (await knex.migrate.latest({ migrationSource: source })) as [number, string[]];
        return applied;
      } catch (err) {
        if (!lostRace(err)) throw err;
        if (Date.now() + pause > until) {
          throw new Error(`Migrations stayed locked for ${waitMs / 1000} s: another server is migrating, or one was stopped mid-migration (then, when no server runs: update knex_migrations_lock set is_locked = 0).`, { cause: err });
        }
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  });
}

/** Another server holds the lock, or created knex's tables a moment before this one. */
function lostRace(err: unknown): boolean {
  const e = err as { name?: string; code?: string };
  // 42P07 the table, 42710 its row type, 23505 a catalog row: whichever the race hit first.
  return e.name === 'MigrationLocked' || e.code === '42P07' || e.code === '42710' || e.code === '23505';
}

export async function migrateRollbackAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ migrationSource: source }, true);
}

/** Undoes the migrations applied from `name` on, newest first (tests of a migration's data step run it down and up again). */
export async function migrateDownTo(knex: Knex, name: string): Promise<void> {
  for (;;) {
    const last: { name: string } | undefined = await knex('knex_migrations').orderBy('id', 'desc').first('name');
    if (!last || last.name.replace(/\.(ts|js)$/, '') < name) return;
    await knex.migrate.down({ migrationSource: source });
  }
}

// Backups (server/backup/): a backup names the migration its schema was at; a restore migrates an
// empty database to exactly that one, loads the rows, then migrates to the latest.

/** Every migration this version knows, oldest first. */
export async function knownMigrations(): Promise<string[]> {
  return (await source.getMigrations([])).map((f) => source.getMigrationName(f));
}

/** The migrations applied to the database, oldest first ([] when it has none: a blank database). */
export async function appliedMigrations(knex: Knex): Promise<string[]> {
  if (!(await knex.schema.hasTable('knex_migrations'))) return [];
  const names: string[] = await knex('knex_migrations').orderBy('id').pluck('name');
  return names.map((n) => n.replace(/\.(ts|js)$/, ''));
}

/** Applies the pending migrations up to `name` and no further. */
export async function migrateUpTo(knex: Knex, name: string): Promise<void> {
  await exclusively(knex, 'migrations', async () => {
    for (let before = -1; ; ) {
      const applied = await appliedMigrations(knex);
      if (applied.includes(name)) return;
      if (applied.length === before) throw new Error(`Migration ${name} is not among this version's migrations`);
      before = applied.length;
      await knex.migrate.up({ migrationSource: source });
    }
  });
}
