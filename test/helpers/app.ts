import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { DateTime } from 'luxon';
import type { Express } from 'express';
import supertest from 'supertest';
import { inject } from 'vitest';
import { createApp } from '../../server/app.js';
import { createContext, type AppContext } from '../../server/context.js';
import { loadConfig, type Config } from '../../server/config.js';
import { openDatabase, type Database } from '../../server/db/index.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { createSession } from '../../server/auth/sessions.js';
import { createLogger } from '../../server/logger.js';
import { withDatabase } from './globalSetup.js';
import { photosInS3, s3rver } from './s3.js';

/** A fresh database cloned from the migrated template, on the engine this run tests. */
export async function freshDatabase(): Promise<Database> {
  const t = inject('template');
  if (t.engine === 'pglite') {
    const blob = new Blob([await fs.readFile(t.file)]);
    return openDatabase({ loadDataDir: blob });
  }
  const name = `film2131_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: t.url, pool: { min: 0, max: 1 } });
  // CREATE DATABASE … TEMPLATE needs the template to have no other sessions; retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.raw(`create database ${name} template ${t.template}`);
      break;
    } catch (err) {
      if (attempt > 20 || (err as { code?: string }).code !== '55006') throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const db = await openDatabase({ url: withDatabase(t.url, name), poolMax: 5 });
  return {
    ...db,
    async close() {
      await db.close();
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}

export type Role = 'admin' | 'bureau' | 'partner';

/** A user made straight in the database, with a live session. */
export interface TestUser {
  id: number;
  /** The partner a partner user belongs to; null for the other roles. */
  partnerId: number | null;
  token: string;
}

export interface TestApp {
  http: supertest.Agent;
  db: Database['knex'];
  engine: Database['engine'];
  config: Config;
  /** What the app was built with: for routers or a second app on the same database. */
  ctx: AppContext;
  /** The Express app itself, e.g. to listen on a real port. */
  express: Express;
  /** Moves the app's clock; `undefined` puts back the real one. */
  setNow(iso: string | undefined): void;
  /** A fresh user of this role with a session (a partner user belongs to `partnerId`, made if absent). */
  userFor(role: Role, partnerId?: number): Promise<TestUser>;
  /** Requests to another app on this same database (so the same users and data), built with more environment. */
  withEnv(env: Record<string, string>): supertest.Agent;
  close(): Promise<void>;
}

let hashed: Promise<string> | undefined;

export async function testApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await freshDatabase();
  // Photos (the demo's too) go to a directory of this app's own, never to ./data/photos.
  const photoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'film2131-test-photos-'));
  // …or, with TEST_PHOTO_STORE=s3 (test/api/s3/), to a bucket of its own on this file's s3rver.
  const s3 = photosInS3() ? (await (await s3rver()).bucket()).env : {};
  let fixedNow: DateTime | undefined;
  const appWith = (more: Record<string, string>) => {
    const config = loadConfig({ COUNTY_TIMEZONE: 'Asia/Shanghai', LOG_LEVEL: 'silent', PHOTO_DIR: photoDir, ...s3, ...env, ...more });
    config.now = () => fixedNow ?? DateTime.now();
    const ctx = createContext({ db: database.knex, engine: database.engine, config, logger: createLogger('silent') });
    return { config, ctx, express: createApp(ctx) };
  };
  const { config, ctx, express } = appWith({});
  let n = 0;
  async function userFor(role: Role, partnerId?: number): Promise<TestUser> {
    hashed ??= hashPassword('password-123');
    if (role === 'partner' && partnerId === undefined) {
      const [p] = await database.knex('partners').insert({ name: `Partner ${randomBytes(3).toString('hex')}` }).returning('id');
      partnerId = p.id as number;
    }
    const own = role === 'partner' ? (partnerId ?? null) : null;
    const [u] = await database
      .knex('users')
      .insert({ username: `${role}${++n}_${randomBytes(3).toString('hex')}`, password_hash: await hashed, role, partner_id: own })
      .returning('id');
    return { id: u.id, partnerId: own, token: (await createSession(database.knex, u.id, 1)).token };
  }
  return {
    http: supertest.agent(express),
    db: database.knex,
    engine: database.engine,
    config,
    ctx,
    express,
    setNow(iso) {
      fixedNow = iso === undefined ? undefined : DateTime.fromISO(iso, { zone: config.timezone });
    },
    userFor,
    withEnv: (more) => supertest.agent(appWith(more).express),
    async close() {
      await database.close();
      await fs.rm(photoDir, { recursive: true, force: true });
    },
  };
}
