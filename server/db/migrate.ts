import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';

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

export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource: source })) as [number, string[]];
  return applied;
}

export async function migrateRollbackAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ migrationSource: source }, true);
}
