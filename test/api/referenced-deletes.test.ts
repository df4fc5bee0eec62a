import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { team, township, village } from '../helpers/factories.js';
import { bearer, expectProblem } from './support.js';

// Nothing is ever silently cascaded away: deleting something still referenced is 409.

let t: TestApp;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await testApp();
  auth = bearer(await t.tokenFor('admin'));
});
afterAll(() => t.close());

describe('deleting referenced records', () => {
  it('when a township has villages, DELETE answers 409 and both stay', async () => {
    const ts = await township(t.db);
    await village(t.db, { township_id: ts.id });
    expectProblem(await t.http.delete(`/api/townships/${ts.id}`).set(auth), 409);
    expect(await t.db('townships').where({ id: ts.id }).first()).toBeTruthy();
  });

  it('when a village has natural villages, DELETE answers 409 and it stays', async () => {
    const adm = await village(t.db);
    const nat = await village(t.db, { township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    expectProblem(await t.http.delete(`/api/villages/${adm.id}`).set(auth), 409);
    expect(await t.db('villages').whereIn('id', [adm.id, nat.id]).count({ n: '*' }).first()).toEqual({ n: 2 });
  });

  it('when a village is a team base, DELETE answers 409 and the team keeps its base', async () => {
    const base = await village(t.db);
    const tm = await team(t.db, { base_village_id: base.id });
    expectProblem(await t.http.delete(`/api/villages/${base.id}`).set(auth), 409);
    expect((await t.db('teams').where({ id: tm.id }).first()).base_village_id).toBe(base.id);
  });

  it('when a natural village is deleted, its parent stays and can then be deleted', async () => {
    const adm = await village(t.db);
    const nat = await village(t.db, { township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    expect((await t.http.delete(`/api/villages/${nat.id}`).set(auth)).status).toBe(204);
    expect((await t.http.delete(`/api/villages/${adm.id}`).set(auth)).status).toBe(204);
  });

  it('when a refused delete is answered, no audit row claims it happened', async () => {
    const ts = await township(t.db);
    await village(t.db, { township_id: ts.id });
    await t.http.delete(`/api/townships/${ts.id}`).set(auth);
    expect(await t.db('audit_log').where({ entity: 'township', entity_id: ts.id, action: 'delete' }).first()).toBeUndefined();
  });
});
