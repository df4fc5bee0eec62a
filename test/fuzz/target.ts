import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../server/app.js';
import { appServer } from '../../server/http/shapes.js';
import { createSession } from '../../server/auth/sessions.js';
import type { Config } from '../../server/config.js';
import { createContext } from '../../server/context.js';
import type { Database } from '../../server/db/index.js';
import { seedDemo } from '../../server/demo/seed.js';
import { createLogger } from '../../server/logger.js';
import { openApiDocument } from '../../server/openapi/document.js';
import type { Tokens } from './fuzzer.js';

/** The server a fuzz run talks to: the demo county on a migrated database, listening on loopback. */
export async function startTarget(database: Database, given: Config) {
  const db = database.knex;
  // Photos the run uploads go to a directory of its own, removed at the end.
  const photoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'film2131-fuzz-photos-'));
  const config: Config = { ...given, photos: { ...given.photos, dir: photoDir } };
  await seedDemo(db, config);
  const server = appServer(createApp(createContext({ db, engine: database.engine, config, logger: createLogger((process.env.FUZZ_LOG as 'error' | undefined) ?? 'silent') })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const renewTokens = async (): Promise<Tokens> => {
    const users: { id: number; role: keyof Tokens }[] = await db('users').whereIn('username', ['admin', 'bureau', 'partner']).select('id', 'role');
    const entries = await Promise.all(users.map(async (u) => [u.role, (await createSession(db, u.id, 24)).token] as const));
    return Object.fromEntries(entries) as unknown as Tokens;
  };
  return {
    base,
    db,
    doc: openApiDocument(config) as unknown as Parameters<typeof import('./fuzzer.js').requestsOf>[0],
    tokens: await renewTokens(),
    renewTokens,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(photoDir, { recursive: true, force: true });
    },
  };
}
