import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { township, village } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('villages', () => {
  it('when a township still has villages, deleting it answers 409 and keeps it', async () => {
    const token = await t.tokenFor('bureau');
    const ts = await township(t.db);
    await village(t.db, { township_id: ts.id });
    const res = await t.http.delete(`/api/townships/${ts.id}`).auth(token, { type: 'bearer' });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await t.db('townships').where({ id: ts.id }).first()).toBeTruthy();
  });
});
