import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';
import { testApp } from '../helpers/app.js';

const app = useApp();

describe('GET /healthz', () => {
  it('when the database answers, it answers 200 {status: "ok"} without signing in', async () => {
    const res = await app.http.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('when the database is closed, it answers 503', async () => {
    // A database of its own: closing the suite's would end the other tests.
    const closed = await testApp();
    await closed.close();
    const res = await closed.http.get('/healthz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'unavailable' });
  });
});
