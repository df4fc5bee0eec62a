import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { appServer } from '../../server/http/shapes.js';
import { loadConfig } from '../../server/config.js';
import { createContext } from '../../server/context.js';
import { createLogger } from '../../server/logger.js';
import { bearer } from '../helpers/api.js';
import { testApp, type TestApp } from '../helpers/app.js';
import * as make from '../helpers/factories.js';
import { s3rver } from '../helpers/s3.js';

// Two app servers on one database and one bucket, as docker-compose's scaled profile runs them: a
// photo a phone uploads through one is served, the same bytes, by the other. A third server with a
// folder of its own finds the row but not the photo: what the two share is the bucket.

let t: TestApp;
const servers: http.Server[] = [];
let a: string;
let b: string;
let loner: string;
let partner: Record<string, string>;
let bureau: Record<string, string>;
let screeningId: number;

async function listen(env: Record<string, string>): Promise<string> {
  const config = loadConfig({ COUNTY_TIMEZONE: 'Asia/Shanghai', LOG_LEVEL: 'silent', ...env });
  const ctx = createContext({ db: t.db, engine: t.engine, config, logger: createLogger('silent') });
  const server = appServer(createApp(ctx)).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const { env } = await (await s3rver()).bucket();
  t = await testApp(env);
  expect(t.ctx.photos.kind).toBe('s3');
  // Two servers of their own (not t's): each builds its own store from the same settings.
  [a, b] = [await listen(env), await listen(env)];
  loner = await listen({ PHOTO_DIR: path.join(os.tmpdir(), `film2131-loner-${process.pid}`) });
  const p = await t.userFor('partner');
  partner = bearer(p.token);
  bureau = bearer((await t.userFor('bureau')).token);
  const village = await make.village(t.db, { lat: 24.1, lng: 102.75 });
  const team = await make.team(t.db, { partner_id: p.partnerId });
  screeningId = (await make.screening(t.db, { village_id: village.id, team_id: team.id, starts_at: '2026-11-20T19:30+08:00', status: 'completed', audience: 40 })).id;
});
afterAll(async () => {
  for (const s of servers) s.close();
  await t?.close();
});

const get = async (url: string) => {
  const res = await fetch(url, { headers: bureau });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
};

describe('two servers, one database, one bucket', () => {
  it('a photo uploaded through one is served by the other: the original byte for byte, the same display copy', async () => {
    const photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#3a7' } }).jpeg().toBuffer();
    const up = await fetch(`${a}/api/screenings/${screeningId}/photos`, { method: 'POST', headers: { ...partner, 'Content-Type': 'image/jpeg' }, body: photo });
    expect(up.status, await up.clone().text()).toBe(201);
    const { id } = (await up.json()) as { id: number };

    const original = await get(`${b}/api/photos/${id}?original=1`);
    expect(original).toMatchObject({ status: 200, type: 'image/jpeg' });
    expect(original.bytes.equals(photo)).toBe(true);

    const [fromA, fromB] = [await get(`${a}/api/photos/${id}`), await get(`${b}/api/photos/${id}`)];
    expect(fromB).toMatchObject({ status: 200, type: 'image/webp' });
    expect(fromB.bytes.equals(fromA.bytes)).toBe(true);
    expect(await sharp(fromB.bytes).metadata()).toMatchObject({ format: 'webp', width: 400, height: 300 });

    // A server with its own folder has the row (the same database) but not the photo.
    expect((await get(`${loner}/api/photos/${id}`)).status).toBe(404);
  });
});
