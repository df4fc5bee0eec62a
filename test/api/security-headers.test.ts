import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

const app = useApp();

describe('security headers', () => {
  it('when any answer goes out, helmet headers come with it and Express does not announce itself', async () => {
    for (const path of ['/healthz', '/api/films', '/api/openapi.json']) {
      const res = await app.http.get(path);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('when a request id is sent, it is echoed; otherwise one is made', async () => {
    expect((await app.http.get('/healthz').set('X-Request-Id', 'abc-123')).headers['x-request-id']).toBe('abc-123');
    expect((await app.http.get('/healthz')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await app.http.get('/healthz').set('X-Request-Id', 'bad id with spaces')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when an error is answered, it carries no stack trace or SQL', async () => {
    const res = await app.http.get('/api/villages/abc');
    expect(res.text).not.toMatch(/at .*\.ts:\d+|select |node_modules/i);
  });
});
