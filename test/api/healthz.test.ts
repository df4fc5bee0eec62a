import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';

describe('GET /healthz', () => {
  it('when the database answers, it answers 200 {status: "ok"} without signing in', async () => {
    const t = await testApp();
    try {
      const res = await t.http.get('/healthz');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    } finally {
      await t.close();
    }
  });

  it('when the database is closed, it answers 503', async () => {
    const t = await testApp();
    await t.close();
    const res = await t.http.get('/healthz');
    expect(res.status).toBe(503);
    expect(res.body.status).not.toBe('ok');
  });
});
