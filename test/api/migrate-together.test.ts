import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/index.js';
import { migrateLatest } from '../../server/db/migrate.js';

// Servers started together on one empty PostgreSQL database (a province's two app servers behind
// a proxy) all come up: one migrates, the others wait for it. PGlite is one process's own
// database, so this is for the server engine only.

const url = process.env.TEST_DATABASE_URL;
const name = `film2131_migrate_${process.pid}`;
const admin = url ? knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } }) : undefined;

afterAll(async () => {
  await admin?.raw(`drop database if exists ${name} with (force)`);
  await admin?.destroy();
});

describe.skipIf(!url)('migrations started by several servers at once', () => {
  it('when three servers migrate an empty database together, all succeed, once between them', async () => {
    await admin!.raw(`drop database if exists ${name} with (force)`);
    await admin!.raw(`create database ${name}`);
    const at = new URL(url!);
    at.pathname = `/${name}`;
    const servers = await Promise.all([1, 2, 3].map(() => openDatabase({ url: at.toString() })));
    try {
      const settled = await Promise.allSettled(servers.map((s) => migrateLatest(s.knex)));
      expect(settled.map((r) => (r.status === 'rejected' ? String(r.reason) : 'applied'))).toEqual(['applied', 'applied', 'applied']);
      const applied = settled.map((r) => (r.status === 'fulfilled' ? r.value : []));
      // knex's own lock is one row: two would leave it locked for good.
      expect(await servers[0]!.knex('knex_migrations_lock').count({ n: '*' })).toEqual([{ n: 1 }]);
      const total = (await servers[0]!.knex('knex_migrations').count({ n: '*' }))[0]!.n;
      expect(Number(total)).toBeGreaterThan(5);
      // Every migration applied by exactly one of them.
      expect(applied.flat().sort()).toEqual((await servers[0]!.knex('knex_migrations').orderBy('name').pluck('name')).map((n: string) => n));
      expect(await servers[1]!.knex('knex_migrations_lock').first('is_locked')).toEqual({ is_locked: 0 });
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });

  it('when the lock stays held past the wait, the error says what to do', async () => {
    const at = new URL(url!);
    at.pathname = `/${name}`;
    const db = await openDatabase({ url: at.toString() });
    try {
      await db.knex('knex_migrations_lock').update({ is_locked: 1 });
      // Nothing to apply still takes knex's lock: a stuck lock is found on every start.
      await expect(migrateLatest(db.knex, 300)).rejects.toThrow(/knex_migrations_lock set is_locked = 0/);
      await db.knex('knex_migrations_lock').update({ is_locked: 0 });
      await expect(migrateLatest(db.knex, 300)).resolves.toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe.skipIf(!url)('servers started together on one empty database', () => {
  it('when three servers start at once with the demo and an admin configured, all listen, with one admin and one demo', async () => {
    const { loadConfig } = await import('../../server/config.js');
    const { createLogger } = await import('../../server/logger.js');
    const { start } = await import('../../server/server.js');
    await admin!.raw(`drop database if exists ${name} with (force)`);
    await admin!.raw(`create database ${name}`);
    const at = new URL(url!);
    at.pathname = `/${name}`;
    // The demo's photos go to a directory of the test's own, not ./data/photos.
    const photoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'film2131-together-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATABASE_URL: at.toString(), DEMO_DATA: 'true', ADMIN_USERNAME: 'chief', ADMIN_PASSWORD: 'chief-password', PHOTO_DIR: photoDir });
    const started = await Promise.allSettled([1, 2, 3].map(() => start(config, createLogger('silent'))));
    const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    try {
      expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'listening'))).toEqual(['listening', 'listening', 'listening']);
      const db = running[0]!.database.knex;
      expect(await db('users').where('username', 'chief').count({ n: '*' })).toEqual([{ n: 1 }]);
      // The demo once: its partner company and its registry not doubled.
      expect(await db('partners').count({ n: '*' })).toEqual([{ n: 1 }]);
    } finally {
      await Promise.all(running.map((r) => r.close()));
      await fs.rm(photoDir, { recursive: true, force: true });
    }
  }, 120_000);
});
