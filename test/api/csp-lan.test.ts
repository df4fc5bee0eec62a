import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

const app = useApp();

describe('pages served over plain http on a county LAN', () => {
  it('are not told to upgrade their requests to https, nor to pin HSTS', async () => {
    const res = await app.http.get('/healthz');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('behind HTTPS (COOKIE_SECURE=true) upgrade and HSTS are on', async () => {
    const res = await app.withEnv({ COOKIE_SECURE: 'true' }).get('/healthz');
    expect(res.headers['content-security-policy']).toMatch(/upgrade-insecure-requests/);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
  });
});
