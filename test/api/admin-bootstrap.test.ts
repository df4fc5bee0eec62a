import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../server/accounts/service.js';
import { useApp } from '../helpers/api.js';

// ADMIN_USERNAME / ADMIN_PASSWORD create that admin on start when no admin exists.

const app = useApp();

describe('the bootstrap admin', () => {
  it('when no admin exists, it is created and can sign in and manage users', async () => {
    expect(await ensureAdmin(app.db, { username: 'root', password: 'first-password' }, 'Asia/Shanghai')).toBe(true);
    const res = await app.http.post('/api/session').send({ username: 'root', password: 'first-password' });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ username: 'root', role: 'admin', partnerId: null });
    expect((await app.http.get('/api/users').auth(res.body.token, { type: 'bearer' })).status).toBe(200);
  });

  it('when an admin exists, a second start changes nothing, not even the password', async () => {
    expect(await ensureAdmin(app.db, { username: 'other-root', password: 'second-password' }, 'Asia/Shanghai')).toBe(false);
    expect(await app.db('users').where({ username: 'other-root' }).first()).toBeUndefined();
    expect((await app.http.post('/api/session').send({ username: 'root', password: 'first-password' })).status).toBe(201);
  });

  it('when nothing is configured, nobody is created', async () => {
    const before = await app.db('users').count({ n: '*' }).first();
    expect(await ensureAdmin(app.db, undefined, 'Asia/Shanghai')).toBe(false);
    expect(await app.db('users').count({ n: '*' }).first()).toEqual(before);
  });
});

describe('the first start with ADMIN_USERNAME on an empty embedded database', () => {
  it('loads the demo data and creates that admin; a demo user whose name is taken is skipped', async () => {
    const { freshDatabase } = await import('../helpers/app.js');
    const { loadConfig } = await import('../../server/config.js');
    const { createLogger } = await import('../../server/logger.js');
    const { start } = await import('../../server/server.js');
    const { default: supertest } = await import('supertest');
    // The demo's photos go to a directory of this test's own, not to ./data/photos.
    const photoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'film2131-bootstrap-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DEMO_DATA: 'true', ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'configured-password', PHOTO_DIR: photoDir });
    const running = await start(config, createLogger('silent'), await freshDatabase());
    try {
      const http = supertest(running.url);
      const admin = await http.post('/api/session').send({ username: 'admin', password: 'configured-password' });
      expect(admin.status).toBe(201);
      expect(admin.body.user.role).toBe('admin');
      expect((await http.post('/api/session').send({ username: 'admin', password: 'admin-2131' })).status).toBe(401);
      const bureau = await http.post('/api/session').send({ username: 'bureau', password: 'bureau-2131' });
      expect(bureau.status).toBe(201);
      const units = await http.get('/api/villages?kind=administrative').auth(bureau.body.token, { type: 'bearer' });
      expect(units.body.total).toBe(77);
    } finally {
      await running.close();
      fs.rmSync(photoDir, { recursive: true, force: true });
    }
  }, 120_000);
});
