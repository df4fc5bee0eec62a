import { beforeAll, describe, expect, it } from 'vitest';
import { licensedOn, qualifies, type FilmCategory } from '../../domain/programme.js';
import { useApp, type SignedIn } from '../helpers/api.js';

// The draft's programmes (DOMAIN.md, POST /api/plans/draft): a county A of two townships and a
// county B of one (6 units each), one partner's three teams; a science target of 0.5 set on the
// province for 2026 (both counties inherit it); a campaign in county B over November–December;
// a catalogue in which R (the newest feature, licensed until 3 December) and Q (the next newest)
// are what the teams carry, and some units saw R and Q less than a year ago.

interface Item {
  villageId: number;
  teamId: number;
  startsAt: string;
  programme: number[];
  films: { id: number; title: string; category: FilmCategory; minutes: number | null }[];
  reasons: { filmId: number | null; reason: string }[];
}

const app = useApp({ as: ['admin', 'partner'], now: '2026-11-26T12:00:00' });
let own: SignedIn;
let teams: number[];
let countyA: number[];
let countyB: number[];
let natural: number;
const film: Record<string, number> = {};
/** Unit → films it must not be given (shown or planned there within a year). */
const excluded = new Map<number, number[]>();

const dateOf = (startsAt: string) => startsAt.slice(0, 10);
const draft = async (body: object = { month: '2026-12' }) => {
  const res = await own.post('/api/plans/draft').send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: Item[]; science: { screenings: number; withScience: number; share: number | null; target: number | null } };
};
const itemOf = (items: Item[], unit: number) => items.find((i) => i.villageId === unit)!;

beforeAll(async () => {
  own = app.as.partner;
  await app.db('areas').insert([
    { code: '53', name: '云南省' },
    { code: '5304', name: '玉溪市' },
  ]);
  const [a] = await app.db('areas').insert({ code: '530423', name: '通海县' }).returning('id');
  const [b] = await app.db('areas').insert({ code: '530424', name: '华宁县' }).returning('id');
  const province = (await app.db('areas').where({ code: '53' }).first()).id;
  await app.db('area_targets').insert({ area_id: province, year: 2026, science_share: 0.5 });

  const row = async (county: number, lat: number) => {
    const tw = await app.make.township({ county_id: county });
    const out: number[] = [];
    for (let i = 0; i < 6; i++) out.push((await app.make.village({ township_id: tw.id, lat: lat + (i % 3) * 0.01, lng: 102.7 + Math.floor(i / 3) * 0.01 })).id);
    return out;
  };
  countyA = [...(await row(a.id, 24.0)), ...(await row(a.id, 24.1))];
  countyB = await row(b.id, 24.2);
  const tw = (await app.db('villages').where({ id: countyA[0] }).first()).township_id;
  natural = (await app.make.village({ township_id: tw, kind: 'natural', parent_id: countyA[0], lat: 24.001, lng: 102.701 })).id;
  teams = [];
  for (const base of [countyA[0]!, countyA[6]!, countyB[0]!]) teams.push((await app.make.team({ partner_id: own.partnerId, base_village_id: base })).id);

  const make = async (key: string, o: Record<string, unknown>) => (film[key] = (await app.make.film({ title: key, ...o })).id);
  await make('R', { category: 'feature', minutes: 95, year: 2028, available_to: '2026-12-03' });
  await make('Q', { category: 'feature', minutes: 100, year: 2027 });
  await make('P', { category: 'feature', minutes: 88, year: 2026 });
  await make('O', { category: 'opera', minutes: 120, year: 2025 });
  await make('X', { category: 'feature', minutes: 59, year: 2029 }); // not long
  await make('Z', { category: 'other', minutes: 150, year: 2029 }); // not long: other
  await make('gone', { category: 'feature', minutes: 90, year: 2029, retired_at: '2026-10-01T00:00:00+08:00' });
  await make('late', { category: 'feature', minutes: 90, year: 2029, available_from: '2027-01-01' });
  for (const [i, year] of [2026, 2025, 2024, 2023].entries()) await make(`S${i + 1}`, { category: 'science', minutes: 20, year });
  await make('C1', { category: 'feature', minutes: 100, year: 2000 });
  await make('C2', { category: 'science', minutes: 20, year: 2000 });
  await app.db('campaigns').insert({ name: '法治进乡村', area_id: b.id, film_ids: [film.C1, film.C2], from_month: '2026-11', to_month: '2026-12' });

  // History, by another partner's team, one day apart.
  const other = await app.make.team();
  let day = 0;
  const shown = async (village: number, startsAt: string, programme: number[], o: Record<string, unknown> = {}) => {
    const at = new Date(Date.parse(`${startsAt}T19:30:00+08:00`) + day++ * 60_000);
    await app.make.screening({ village_id: village, team_id: other.id, starts_at: at, programme, status: 'completed', audience: 50, ...o });
  };
  // 2026-12-01 − 100 days and − 400 days
  await shown(countyA[3]!, '2026-08-23', [film.R!, film.Q!]);
  excluded.set(countyA[3]!, [film.R!, film.Q!]);
  await shown(countyA[4]!, '2025-10-27', [film.R!, film.Q!]);
  // a natural village's screening counts for its parent
  await shown(natural, '2026-05-15', [film.R!, film.Q!]);
  excluded.set(countyA[0]!, [film.R!, film.Q!]);
  // planned for next year is as good as shown
  await shown(countyB[5]!, '2027-01-15', [film.R!, film.Q!], { status: 'scheduled', audience: null });
  excluded.set(countyB[5]!, [film.R!, film.Q!]);
  // a cancelled and a rejected screening count for nothing
  await shown(countyA[5]!, '2026-10-10', [film.R!, film.Q!], { status: 'cancelled', audience: null, cancel_reason: 'rain' });
  await shown(countyA[9]!, '2026-10-11', [film.R!, film.Q!], { review_decision: 'rejected', review_reason: 'no photo' });
  // campaign: B1 covered in the span; B2's only campaign screening rejected; B3's before the span
  await shown(countyB[1]!, '2026-11-10', [film.C2!]);
  await shown(countyB[2]!, '2026-11-11', [film.C1!], { review_decision: 'rejected', review_reason: 'no photo' });
  await shown(countyB[3]!, '2026-10-12', [film.C1!]);
});

const isLong = (f: Item['films'][number]) => f.category !== 'other' && f.minutes !== null && f.minutes >= 60;

describe('the programmes of a draft', () => {
  it('every proposed programme qualifies, films and reasons match the programme, and the teams share the 18 units 6, 6, 6', async () => {
    const { items } = await draft();
    expect(items).toHaveLength(18);
    for (const i of items) {
      expect(qualifies(i.films, 60), JSON.stringify(i)).toBe(true);
      expect(i.films.map((f) => f.id)).toEqual(i.programme);
      expect(i.reasons.map((r) => r.filmId)).toEqual(i.programme);
      expect(isLong(i.films[0]!)).toBe(true);
      for (const r of i.reasons) expect(['requested', 'campaign', 'feature', 'science_share']).toContain(r.reason);
    }
    expect(teams.map((t) => items.filter((i) => i.teamId === t).length)).toEqual([6, 6, 6]);
  });

  it('no film repeats in a unit within 365 days (a natural village counting for its parent, a planned one too); cancelled, rejected and older ones do not count', async () => {
    const { items } = await draft();
    for (const [unit, films] of excluded) for (const f of films) expect(itemOf(items, unit).programme).not.toContain(f);
    // against the stored history, counted apart: no unit gets a film shown or planned there within 365 days
    const history = await app
      .db('screenings as s')
      .join('villages as v', 'v.id', 's.village_id')
      .whereNot('s.status', 'cancelled')
      .whereRaw(`s.review_decision is distinct from 'rejected'`)
      .select(app.db.raw('coalesce(v.parent_id, v.id) as unit'), 's.starts_at', 's.programme');
    for (const i of items) {
      for (const h of history.filter((x) => x.unit === i.villageId)) {
        const days = Math.abs(Date.parse(i.startsAt) - new Date(h.starts_at).getTime()) / 86_400_000;
        if (days < 366) for (const f of h.programme) expect(i.programme).not.toContain(f);
      }
    }
    // 400 days ago, cancelled, rejected: the teams' film R (until the 3rd) or Q
    for (const unit of [countyA[4]!, countyA[5]!, countyA[9]!]) expect([film.R, film.Q]).toContain(itemOf(items, unit).programme[0]);
  });

  it('only films licensed on the evening (both window ends inclusive), never a retired one', async () => {
    const { items } = await draft();
    const rows = await app.db('films').select('id', 'retired_at', app.db.raw(`to_char(available_from, 'YYYY-MM-DD') as "availableFrom"`), app.db.raw(`to_char(available_to, 'YYYY-MM-DD') as "availableTo"`));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const i of items) {
      for (const id of i.programme) {
        expect(licensedOn(byId.get(id), dateOf(i.startsAt)), `${id} on ${i.startsAt}`).toBe(true);
        expect(byId.get(id).retired_at).toBeNull();
      }
    }
    // R is licensed until the 3rd: the teams carry it that evening, and from the 4th not
    const carriers = items.filter((i) => dateOf(i.startsAt) === '2026-12-03' && countyA.includes(i.villageId) && !excluded.has(i.villageId));
    expect(carriers.length).toBeGreaterThan(0);
    for (const i of carriers) expect(i.programme[0]).toBe(film.R);
    expect(items.filter((i) => dateOf(i.startsAt) > '2026-12-03' && i.programme.includes(film.R!))).toEqual([]);
    for (const key of ['gone', 'late', 'X', 'Z']) expect(items.some((i) => i.programme.includes(film[key]!))).toBe(false);
  });

  it("gives a running campaign's film to each unit of its area not yet covered, not to covered units nor to units outside", async () => {
    const { items } = await draft();
    const campaign = [film.C1, film.C2];
    const wanting = [countyB[0]!, countyB[2]!, countyB[3]!, countyB[4]!, countyB[5]!];
    for (const unit of wanting) {
      const i = itemOf(items, unit);
      const given = i.programme.filter((f) => campaign.includes(f));
      expect(given, JSON.stringify(i)).toHaveLength(1);
      expect(i.reasons.find((r) => r.filmId === given[0])!.reason).toBe('campaign');
    }
    for (const unit of [countyB[1]!, ...countyA]) expect(itemOf(items, unit).programme.filter((f) => campaign.includes(f))).toEqual([]);
  });

  it("meets the county's science share in the draft and in each team's month", async () => {
    const { items, science } = await draft();
    const withScience = (list: Item[]) => list.filter((i) => i.films.some((f) => f.category === 'science')).length / list.length;
    expect(science.target).toBe(0.5);
    expect(science.screenings).toBe(18);
    expect(science.share).toBeGreaterThanOrEqual(0.5);
    expect(science.share).toBe(withScience(items));
    for (const t of teams) expect(withScience(items.filter((i) => i.teamId === t))).toBeGreaterThanOrEqual(0.5);
    expect(items.some((i) => i.reasons.some((r) => r.reason === 'science_share'))).toBe(true);
  });

  it('without a target no science film is added for the share', async () => {
    await app.db('area_targets').update({ science_share: null });
    try {
      const { items, science } = await draft();
      expect(science.target).toBeNull();
      expect(items.some((i) => i.reasons.some((r) => r.reason === 'science_share'))).toBe(false);
    } finally {
      await app.db('area_targets').update({ science_share: 0.5 });
    }
  });

  it('when the catalogue cannot make one 场, it proposes the best it can and says so', async () => {
    const long = [film.R!, film.Q!, film.P!, film.O!, film.C1!, film.S3!, film.S4!, film.C2!];
    await app.db('films').whereIn('id', long).update({ retired_at: '2026-11-01T00:00:00+08:00' });
    try {
      const { items, science } = await draft();
      expect(items).toHaveLength(18);
      for (const i of items) {
        expect(i.programme).toEqual([film.S1, film.S2]);
        expect(i.reasons.at(-1)).toEqual({ filmId: null, reason: 'no_qualifying_programme' });
      }
      expect(science.screenings).toBe(0);
    } finally {
      await app.db('films').whereIn('id', long).update({ retired_at: null });
    }
  });
});

describe('accepting a draft with programmes', () => {
  it("stores each item's programme, the partner's edits included", async () => {
    const { items } = await draft();
    const edited = items.map((i, k) => (k === 0 ? { ...i, programme: [film.P!, film.S4!] } : i));
    const res = await own.post('/api/plans/accept').send({ month: '2026-12', items: edited });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const stored = await app.db('screenings').whereIn('id', res.body.created.map((s: { id: number }) => s.id)).select('village_id', 'programme', 'film_id');
    for (const i of edited) {
      const s = stored.find((x) => x.village_id === i.villageId)!;
      expect(s.programme).toEqual(i.programme);
      expect(s.film_id).toBe(i.programme[0]);
    }
  });
});
