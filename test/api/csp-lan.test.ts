import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';

describe('pages served over plain http on a county LAN', () => {
  it('are not told to upgrade their requests to https, nor to pin HSTS', async () => {
    const t = await testApp();
    try {
      const res = await t.http.get('/healthz');
      expect(res.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('behind HTTPS (COOKIE_SECURE=true) upgrade and HSTS are on', async () => {
    const t = await testApp({ COOKIE_SECURE: 'true' });
    try {
      const res = await t.http.get('/healthz');
      expect(res.headers['content-security-policy']).toMatch(/upgrade-insecure-requests/);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    } finally {
      await t.close();
    }
  });
});
