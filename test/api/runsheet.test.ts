import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

// The printed run sheet names each evening's programme: its films in order, as the screening holds them.

const app = useApp({ as: ['partner'], now: '2026-11-26T12:00:00' });
let teamId: number;
let films: { id: number; title: string }[];

beforeAll(async () => {
  teamId = (await app.make.team({ partner_id: app.as.partner.partnerId, phone: '13887701000' })).id;
  const tw = await app.make.township({ name: '秀山街道' });
  const v = await app.make.village({ township_id: tw.id, name: '三义村' });
  films = [
    await app.make.film({ title: '喜盈门', category: 'feature', minutes: 95 }),
    await app.make.film({ title: '种子; 土壤, 水', category: 'science', minutes: 20 }),
  ];
  // Stored in the order the programme says, not by id: the second film first.
  await app.make.screening({ village_id: v.id, team_id: teamId, programme: [films[1]!.id, films[0]!.id], starts_at: '2026-12-05T19:30+08:00' });
  await app.make.screening({ village_id: v.id, team_id: teamId, starts_at: '2026-12-08T19:30+08:00' });
});

describe("the run sheet's programme", () => {
  it('lists both films of a two-film evening in the programme’s order, and an evening not yet programmed as empty', async () => {
    const res = await app.as.partner.get(`/api/plans/runsheet?teamId=${teamId}&month=2026-12`);
    expect(res.status).toBe(200);
    const [two, none] = res.body.rows;
    expect(two).toMatchObject({ villageName: '三义村', filmTitle: '种子; 土壤, 水', programme: [films[1]!.id, films[0]!.id] });
    expect(two.films).toEqual([
      { id: films[1]!.id, title: '种子; 土壤, 水', category: 'science', minutes: 20 },
      { id: films[0]!.id, title: '喜盈门', category: 'feature', minutes: 95 },
    ]);
    expect(none).toMatchObject({ filmTitle: null, programme: [], films: [] });
  });
});
