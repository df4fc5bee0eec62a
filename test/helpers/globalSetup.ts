import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import knexFactory from 'knex';
import { openDatabase } from '../../server/db/index.js';
import { migrateLatest } from '../../server/db/migrate.js';

/**
 * Prepares one migrated database that every test file clones: a template database on a real
 * server, or a PGlite data-directory tarball (initdb costs seconds; loading a tarball far less).
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = `film2131_tpl_${process.pid}`;
    const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
    await admin.raw(`drop database if exists ${template}`);
    await admin.raw(`create database ${template}`);
    const db = await openDatabase({ url: withDatabase(url, template), poolMax: 1 });
    await migrateLatest(db.knex);
    await db.close();
    project.provide('template', { engine: 'pg', url, template });
    return async () => {
      await admin.raw(`drop database if exists ${template} with (force)`);
      await admin.destroy();
    };
  }
  const db = await openDatabase({});
  await migrateLatest(db.knex);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'film2131-test-'));
  const file = path.join(dir, 'migrated.tar.gz');
  if (!db.dump) throw new Error('embedded database expected');
  await fs.writeFile(file, Buffer.from(await (await db.dump()).arrayBuffer()));
  await db.close();
  project.provide('template', { engine: 'pglite', file });
  return async () => {
    await fs.rm(dir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    template: { engine: 'pg'; url: string; template: string } | { engine: 'pglite'; file: string };
  }
}
