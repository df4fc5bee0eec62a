import { describe, expect, it } from 'vitest';
import { expectProblem, useApp } from '../helpers/api.js';

// Nothing is ever silently cascaded away: deleting something still referenced is 409.

const app = useApp({ as: ['admin'] });

describe('deleting referenced records', () => {
  it('when a township has villages, DELETE answers 409 and both stay', async () => {
    const ts = await app.make.township();
    const v = await app.make.village({ township_id: ts.id });
    expectProblem(await app.as.admin.delete(`/api/townships/${ts.id}`), 409);
    expect(await app.db('townships').where({ id: ts.id }).pluck('id')).toEqual([ts.id]);
    expect(await app.db('villages').where({ township_id: ts.id }).pluck('id')).toEqual([v.id]);
  });

  it('when a village has natural villages, DELETE answers 409 and it stays', async () => {
    const adm = await app.make.village();
    const nat = await app.make.village({ township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    expectProblem(await app.as.admin.delete(`/api/villages/${adm.id}`), 409);
    expect(await app.db('villages').whereIn('id', [adm.id, nat.id]).count({ n: '*' }).first()).toEqual({ n: 2 });
  });

  it('when a village is a team base, DELETE answers 409 and the team keeps its base', async () => {
    const base = await app.make.village();
    const tm = await app.make.team({ base_village_id: base.id });
    expectProblem(await app.as.admin.delete(`/api/villages/${base.id}`), 409);
    expect((await app.db('teams').where({ id: tm.id }).first()).base_village_id).toBe(base.id);
  });

  it('when a natural village is deleted, its parent stays and can then be deleted', async () => {
    const adm = await app.make.village();
    const nat = await app.make.village({ township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    expect((await app.as.admin.delete(`/api/villages/${nat.id}`)).status).toBe(204);
    expect((await app.as.admin.delete(`/api/villages/${adm.id}`)).status).toBe(204);
  });

  it('when a refused delete is answered, no audit row claims it happened', async () => {
    const ts = await app.make.township();
    await app.make.village({ township_id: ts.id });
    await app.as.admin.delete(`/api/townships/${ts.id}`);
    expect(await app.db('audit_log').where({ entity: 'township', entity_id: ts.id, action: 'delete' }).first()).toBeUndefined();
  });
});
