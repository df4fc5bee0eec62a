import { describe, expect, it } from 'vitest';
import { expectProblem, useApp } from '../helpers/api.js';

// The phone's outbox sends a fix again when its first answer was lost: with the same
// Idempotency-Key the fix is stored once and the first answer comes back.

const app = useApp({ as: ['partner'], now: '2026-11-21T12:00:00' });
const HERE = { lat: 24.1, lng: 102.75 };

async function completed() {
  const v = await app.make.village(HERE);
  const team = await app.make.team({ partner_id: app.as.partner.partnerId });
  const res = await app.as.partner.post('/api/screenings').send({ villageId: v.id, teamId: team.id, startsAt: '2026-11-20T19:30', status: 'completed', audience: 80 });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number };
}

const fix = (id: number, key: string | undefined, o: Record<string, unknown> = {}) => {
  const req = app.as.partner.post(`/api/screenings/${id}/fix`);
  if (key) req.set('Idempotency-Key', key);
  return req.send({ ...HERE, accuracy: 12, takenAt: '2026-11-20T21:00', ...o });
};
const fixes = async (id: number) => Number((await app.db('screening_fixes').where({ screening_id: id }).count('* as n').first())?.n);

describe('a fix sent again', () => {
  it('when the same key comes twice, one fix is stored and the first answer comes back marked as replayed', async () => {
    const s = await completed();
    const first = await fix(s.id, 'fix-key-1');
    expect(first.status).toBe(201);
    const again = await fix(s.id, 'fix-key-1');
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await fixes(s.id)).toBe(1);
  });

  it('when the same key comes with another position, it answers 409 naming the key and stores nothing more', async () => {
    const s = await completed();
    expect((await fix(s.id, 'fix-key-2')).status).toBe(201);
    expectProblem(await fix(s.id, 'fix-key-2', { lat: 24.2 }), 409, ['Idempotency-Key']);
    expect(await fixes(s.id)).toBe(1);
  });

  it('when the key is the same but the screening another, it is a different request (409), not the first answer', async () => {
    const a = await completed();
    const b = await completed();
    expect((await fix(a.id, 'fix-key-3')).status).toBe(201);
    expectProblem(await fix(b.id, 'fix-key-3'), 409, ['Idempotency-Key']);
    expect(await fixes(b.id)).toBe(0);
  });

  it('without a key, each fix is stored', async () => {
    const s = await completed();
    await fix(s.id, undefined);
    await fix(s.id, undefined);
    expect(await fixes(s.id)).toBe(2);
  });
});
