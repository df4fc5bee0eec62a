import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

// The core of a county-month's sign-off (DOMAIN.md "Periods and settlement"): a partner submits
// once the month has ended and nothing of it is still scheduled, the county bureau approves, and
// the locked month then refuses a change of its screenings from inside the database.

const app = useApp({ as: ['admin', 'bureau'], now: '2026-04-02T12:00:00' });
const ids = {} as Record<string, number>;
let partner: Awaited<ReturnType<typeof app.newUser>>;

beforeAll(async () => {
  const [county] = await app.db('areas').insert([{ code: '53', name: '云南省' }, { code: '5304', name: '玉溪市' }, { code: '530423', name: '通海县' }]).returning('id').then((r) => r.slice(2));
  ids.county = county.id;
  const t = await app.make.township({ county_id: county.id, name: 'T' });
  ids.village = (await app.make.village({ township_id: t.id, name: 'V' })).id;
  partner = await app.newUser('partner');
  await app.db('contracts').insert({ partner_id: partner.partnerId!, county_id: county.id, from_month: '2026-01' });
  ids.team = (await app.make.team({ partner_id: partner.partnerId! })).id;
  ids.screening = (await app.make.screening({ village_id: ids.village, team_id: ids.team, starts_at: '2026-03-10T19:00:00+08:00' })).id;
});

describe('a county-month signed off', () => {
  it('is refused while a screening is scheduled, then submitted, approved and locked', async () => {
    const step = (who: Record<string, string>, action: string, body = {}) => app.http.post(`/api/periods/${ids.county}/2026-03/${action}`).set(who).send(body);
    const refused = await step(partner.auth, 'submit');
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].path).toBe('screenings.0');
    expect((await app.http.patch(`/api/screenings/${ids.screening}`).set(partner.auth).send({ status: 'completed', audience: 40 })).status).toBe(200);
    const submitted = await step(partner.auth, 'submit');
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.state).toBe('submitted');
    const locked = await step(app.as.bureau.auth, 'approve');
    expect(locked.body.state).toBe('locked');
    const edit = await app.http.patch(`/api/screenings/${ids.screening}`).set(partner.auth).send({ audience: 41 });
    expect(edit.status).toBe(409);
    expect(edit.body.type).toBe('https://film2131.example/problems/period-locked');
    expect(edit.body.period).toEqual({ countyId: ids.county, month: '2026-03' });
    const list = await app.http.get('/api/periods?month=2026-03').set(app.as.bureau.auth);
    expect(list.body.items[0]).toMatchObject({ countyId: ids.county, state: 'locked', actions: ['reopen'] });
    expect((await step(app.as.bureau.auth, 'reopen')).status).toBe(400);
    expect((await step(app.as.bureau.auth, 'reopen', { reason: 'audience miscounted' })).body.state).toBe('open');
    expect((await app.http.patch(`/api/screenings/${ids.screening}`).set(partner.auth).send({ audience: 41 })).status).toBe(200);
  });
});
