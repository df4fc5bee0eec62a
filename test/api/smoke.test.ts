import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

const app = useApp({ as: ['bureau'] });

describe('villages', () => {
  it('when a township still has villages, deleting it answers 409 and keeps it', async () => {
    const ts = await app.make.township();
    await app.make.village({ township_id: ts.id });
    const res = await app.as.bureau.delete(`/api/townships/${ts.id}`);
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await app.db('townships').where({ id: ts.id }).first('id', 'name')).toEqual({ id: ts.id, name: ts.name });
  });
});
