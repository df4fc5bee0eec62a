import { beforeAll, describe, expect, it } from 'vitest';
import { useApp, type SignedIn } from '../helpers/api.js';

// The villagers' requests in the draft (DOMAIN.md "Villagers' voice": the planner drafting month M
// reads the requests made in M − 1 and M). Six units of one county and one team; the film rows are
// the contract of film_requests (village_id, month, device_hash, film_ids, comment), written here
// directly. Without requests every unit would get NEW, the newest feature.

interface Item {
  villageId: number;
  programme: number[];
  reasons: { filmId: number | null; reason: string; requests?: number }[];
}

const app = useApp({ as: ['admin', 'partner'], now: '2026-11-26T12:00:00' });
let own: SignedIn;
let v: number[];
let natural: number;
const film: Record<string, number> = {};

const draft = async () => {
  const res = await own.post('/api/plans/draft').send({ month: '2026-12' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { items: Item[] }).items;
};
const itemOf = (items: Item[], unit: number) => items.find((i) => i.villageId === unit)!;
let phone = 0;
const ask = async (village: number, month: string, films: string[], device = `phone-${++phone}`) =>
  app.db('film_requests').insert({ village_id: village, month, device_hash: device, film_ids: films.map((k) => film[k]!), comment: null });

beforeAll(async () => {
  own = app.as.partner;
  await app.db('areas').insert([
    { code: '53', name: '云南省' },
    { code: '5304', name: '玉溪市' },
  ]);
  const [county] = await app.db('areas').insert({ code: '530423', name: '通海县' }).returning('id');
  const tw = await app.make.township({ county_id: county.id });
  v = [];
  for (let i = 0; i < 6; i++) v.push((await app.make.village({ township_id: tw.id, lat: 24 + (i % 3) * 0.01, lng: 102.7 + Math.floor(i / 3) * 0.01 })).id);
  natural = (await app.make.village({ township_id: tw.id, kind: 'natural', parent_id: v[5], lat: 24.021, lng: 102.711 })).id;
  await app.make.team({ partner_id: own.partnerId, base_village_id: v[0] });

  const make = async (key: string, o: Record<string, unknown>) => (film[key] = (await app.make.film({ title: key, ...o })).id);
  await make('NEW', { category: 'feature', minutes: 95, year: 2029 });
  await make('MOST', { category: 'feature', minutes: 100, year: 2010 });
  await make('LESS', { category: 'feature', minutes: 90, year: 2011 });
  await make('SEEN', { category: 'feature', minutes: 90, year: 2012 });
  await make('OTHER', { category: 'opera', minutes: 110, year: 2009 });
  await make('ENDED', { category: 'feature', minutes: 90, year: 2013, available_to: '2026-11-30' });
  await make('GONE', { category: 'feature', minutes: 90, year: 2014, retired_at: '2026-10-01T00:00:00+08:00' });
  await make('OLD', { category: 'feature', minutes: 90, year: 2015 });
  await make('NAT', { category: 'children', minutes: 85, year: 2008 });

  // v0: MOST by three phones (one of them asked in November and again in December: once), LESS by one.
  await ask(v[0]!, '2026-11', ['MOST', 'LESS'], 'p1');
  await ask(v[0]!, '2026-12', ['MOST'], 'p1');
  await ask(v[0]!, '2026-11', ['MOST']);
  await ask(v[0]!, '2026-12', ['MOST']);
  // v1: SEEN was shown there 150 days ago: not again within 365 days; OTHER, asked once, is usable.
  for (let i = 0; i < 4; i++) await ask(v[1]!, '2026-11', ['SEEN']);
  await ask(v[1]!, '2026-11', ['OTHER']);
  const other = await app.make.team();
  await app.make.screening({ village_id: v[1]!, team_id: other.id, starts_at: new Date('2026-07-04T19:30:00+08:00'), programme: [film.SEEN!], status: 'completed', audience: 40 });
  // v2: ENDED's licence ends before December; GONE is retired.
  for (let i = 0; i < 5; i++) await ask(v[2]!, '2026-12', ['ENDED', 'GONE']);
  // v3: requests of October (M − 2) count for nothing.
  for (let i = 0; i < 3; i++) await ask(v[3]!, '2026-10', ['OLD']);
  // v5: its natural village's requests are its own.
  await ask(natural, '2026-11', ['NAT']);
  await ask(natural, '2026-12', ['NAT']);
});

describe("the draft and the villagers' requests", () => {
  it("puts the most requested film in that village's programme, with the number of villagers who asked", async () => {
    const items = await draft();
    expect(items).toHaveLength(6);
    const i = itemOf(items, v[0]!);
    expect(i.programme[0]).toBe(film.MOST);
    expect(i.reasons[0]).toEqual({ filmId: film.MOST, reason: 'requested', requests: 3 });
    // one 场: the less requested long film waits, and the newest feature is not added on top
    expect(i.programme).not.toContain(film.LESS);
    expect(i.programme).not.toContain(film.NEW);
  });

  it('never picks a requested film shown there within 365 days, nor an unlicensed or retired one', async () => {
    const items = await draft();
    const seen = itemOf(items, v[1]!);
    expect(seen.programme).not.toContain(film.SEEN);
    expect(seen.programme[0]).toBe(film.OTHER);
    expect(seen.reasons[0]).toEqual({ filmId: film.OTHER, reason: 'requested', requests: 1 });
    const ended = itemOf(items, v[2]!);
    expect(ended.programme).toEqual([film.NEW]);
    expect(ended.reasons).toEqual([{ filmId: film.NEW, reason: 'feature' }]);
  });

  it("ignores requests of the month before last, and one village's requests never reach another", async () => {
    const items = await draft();
    expect(itemOf(items, v[3]!).programme).toEqual([film.NEW]);
    expect(itemOf(items, v[4]!).programme).toEqual([film.NEW]);
    for (const i of items.filter((x) => x.villageId !== v[0])) expect(i.programme).not.toContain(film.MOST);
  });

  it("counts a natural village's requests for its administrative village", async () => {
    const items = await draft();
    const i = itemOf(items, v[5]!);
    expect(i.programme[0]).toBe(film.NAT);
    expect(i.reasons[0]).toEqual({ filmId: film.NAT, reason: 'requested', requests: 2 });
    expect(items.some((x) => x.villageId === natural)).toBe(false);
  });
});
