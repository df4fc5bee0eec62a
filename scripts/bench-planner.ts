// npx tsx scripts/bench-planner.ts — the month planner on two maps, improved routes against
// nearest neighbour alone (the same split among teams and the same evenings, routes not improved):
//
// 1. The Tonghai demo: an in-memory embedded database seeded as on a first start (77 units, 3
//    teams), drafting next month (every unit a gap) through the same code as POST /api/plans/draft.
// 2. A made-up county of 2,000 villages (30 townships, 60×45 km) and 20 teams, a 500-film
//    catalogue (features, science shorts, others; licence windows, some expired, some not yet
//    open, some retired), a year of history in 1,200 of the villages (programmes drawn mostly
//    from the newest films, to make the no-repeat rule bite), a campaign running in the county
//    (some villages covered in November) and a science share of 0.3: the draft through the
//    service (one month: 20 teams × 31 evenings reach 620 villages), and what it proposes counted
//    from the draft itself — repeats, unlicensed films, qualifying programmes, the science share,
//    campaign films, the spread of evenings between teams; and the villagers' requests of 700
//    villages (November and December count, October not), how many requested films it placed. Then the planner alone, one month and
//    with enough evenings to route all 2,000: improved against nearest neighbour, and the fair
//    split against the old one (up to 15% over the even share).
// 3. With BASE_DIR (a checkout of an earlier commit with its node_modules, e.g. `git worktree add ../base <commit>`): the base commit's draft on the
//    same database, runs alternating with this one's, and the ratio of the medians.
//
//   BENCH_RUNS  timed runs per measurement (median), default 5
//   BASE_DIR    a checkout of the commit to compare the draft time with ('' to skip)
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { loadConfig } from '../server/config.js';
import { openDatabase, type Db } from '../server/db/index.js';
import { migrateLatest } from '../server/db/migrate.js';
import { seedDemo } from '../server/demo/seed.js';
import { seeded } from '../server/demo/tonghai.js';
import { qualifies, licensedOn, REPEAT_DAYS } from '../domain/programme.js';
import { monthRange } from '../server/months.js';
import { plan, planNearestNeighbour, type PlanInput } from '../server/plans/planner.js';
import { Coverage } from '../server/coverage/service.js';
import { teamsWithBase } from '../server/plans/queries.js';
import { dayNumber } from '../server/plans/programmes.js';
import { localDateIn } from '../server/plans/facts.js';
import { draftPlan, gapUnits, monthEvenings, type PlanContext } from '../server/plans/service.js';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const zone = 'Asia/Shanghai';
const now = DateTime.fromISO('2026-11-26T12:00', { zone });
const month = '2026-12';
const baseDir = process.env.BASE_DIR ?? '';
const longFilmMinutes = loadConfig({}).evidence.longFilmMinutes;
const admin = { id: 1, username: 'bench', role: 'admin' as const, partnerId: null, teamId: null, areaId: null, counties: null };

async function time<T>(f: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = await f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, value };
}

/** Two functions timed in turns (a, b, a, b …): the medians, and the last values. */
async function timeAlternating<A, B>(a: () => Promise<A>, b: () => Promise<B>): Promise<{ a: { ms: number; value: A }; b: { ms: number; value: B } }> {
  const ta: number[] = [];
  const tb: number[] = [];
  let va!: A;
  let vb!: B;
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    va = await a();
    ta.push(performance.now() - t0);
    t0 = performance.now();
    vb = await b();
    tb.push(performance.now() - t0);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return { a: { ms: median(ta), value: va }, b: { ms: median(tb), value: vb } };
}

/** The planner's input as the draft builds it (no bookings next month). */
async function inputOf(db: Db, evenings = monthEvenings(monthRange(month, zone), undefined, '19:30', now, zone)): Promise<PlanInput> {
  const units = await gapUnits(new Coverage(db, { cacheBytes: 0 }), monthRange(month, zone), now);
  const teams = (await teamsWithBase(db, admin)).map((t) => ({ id: t.id, base: t.base_lat === null || t.base_lng === null ? null : { lat: t.base_lat, lng: t.base_lng } }));
  return { units, teams, evenings, busy: new Set() };
}

function row(label: string, ms: number, km: number, placed: number, uncovered: number) {
  console.log(`${label.padEnd(60)} ${ms.toFixed(1).padStart(9)} ms ${km.toFixed(1).padStart(9)} km  ${String(placed).padStart(5)} placed ${String(uncovered).padStart(5)} uncovered`);
}

/** Evenings per team: fewest and most, over the teams of the input. */
function spread(input: PlanInput, items: { teamId: number }[]) {
  const counts = input.teams.map((t) => items.filter((i) => i.teamId === t.id).length);
  return `evenings per team ${Math.min(...counts)}–${Math.max(...counts)}`;
}

async function compare(title: string, input: PlanInput) {
  const improved = await time(() => plan(input));
  const greedy = await time(() => planNearestNeighbour(input));
  const old = await time(() => plan(input, { fair: false }));
  row(`${title}: planner, 2-opt + Or-opt`, improved.ms, improved.value.routeKm, improved.value.items.length, improved.value.uncovered.length);
  row(`${title}: planner, nearest neighbour alone`, greedy.ms, greedy.value.routeKm, greedy.value.items.length, greedy.value.uncovered.length);
  const saved = 1 - improved.value.routeKm / greedy.value.routeKm;
  console.log(`${''.padEnd(60)} improved routes are ${(saved * 100).toFixed(1)}% shorter`);
  row(`${title}: planner, old split (15% over the even share)`, old.ms, old.value.routeKm, old.value.items.length, old.value.uncovered.length);
  const longer = improved.value.routeKm / old.value.routeKm - 1;
  console.log(`${''.padEnd(60)} fair split: ${spread(input, improved.value.items)}, routes ${Math.abs(longer * 100).toFixed(1)}% ${longer >= 0 ? 'longer' : 'shorter'} than the old split's (${spread(input, old.value.items)})`);
}

const contextOf = (db: Db): PlanContext => ({ db, user: admin, zone, now, coverage: new Coverage(db, { cacheBytes: 0 }), evidence: loadConfig({ COUNTY_TIMEZONE: zone }).evidence, longFilmMinutes });
const draftBody = { month, evenings: { startTime: '19:30', unavailable: [] } };
type Draft = Awaited<ReturnType<typeof draftPlan>>;

async function draftOn(title: string, db: Db) {
  const draft = await time(() => draftPlan(contextOf(db), draftBody));
  row(`${title}: POST /api/plans/draft (service)`, draft.ms, draft.value.routeKm, draft.value.items.length, draft.value.uncovered.length);
  return draft.value;
}

/** The base commit's draft on the same database, timed in turns with this one's. */
async function againstBase(title: string, db: Db) {
  if (!baseDir) return;
  const base = await import(path.join(baseDir, 'server/plans/service.ts'));
  const { Coverage: BaseCoverage } = await import(path.join(baseDir, 'server/coverage/service.ts'));
  const baseContext = { ...contextOf(db), coverage: new BaseCoverage(db, { cacheBytes: 0 }) };
  const ours = contextOf(db);
  const { a, b } = await timeAlternating(
    () => draftPlan(ours, draftBody),
    () => base.draftPlan(baseContext, draftBody) as Promise<{ items: unknown[]; uncovered: unknown[]; routeKm: number }>,
  );
  row(`${title}: draft, this commit`, a.ms, a.value.routeKm, a.value.items.length, a.value.uncovered.length);
  row(`${title}: draft, base ${path.basename(baseDir)}`, b.ms, b.value.routeKm, b.value.items.length, b.value.uncovered.length);
  console.log(`${''.padEnd(60)} draft time ${(a.ms / b.ms).toFixed(2)}× the base's (at most 2× wanted), runs alternating`);
}

/** What the draft proposes, counted from the draft itself against the database. */
async function audit(db: Db, draft: Draft) {
  const units = [...new Set(draft.items.map((i) => i.villageId))];
  const films = new Map(
    (await db('films').select('id', 'category', 'minutes', 'year', 'retired_at', db.raw(`to_char(available_from, 'YYYY-MM-DD') as "availableFrom"`), db.raw(`to_char(available_to, 'YYYY-MM-DD') as "availableTo"`))).map((f) => [f.id, f]),
  );
  const history: { village_id: number; starts_at: Date; programme: number[] }[] = await db('screenings')
    .whereIn('village_id', units)
    .whereNot('status', 'cancelled')
    .whereRaw(`review_decision is distinct from 'rejected'`)
    .select('village_id', 'starts_at', 'programme');
  const localDate = localDateIn(zone);
  const shown = new Map<number, { day: number; programme: number[] }[]>();
  for (const h of history) shown.set(h.village_id, [...(shown.get(h.village_id) ?? []), { day: dayNumber(localDate(new Date(h.starts_at))), programme: h.programme }]);
  let repeats = 0;
  let unlicensed = 0;
  let qualifying = 0;
  let withScience = 0;
  let filmsProposed = 0;
  const perTeam = new Map<number, { n: number; science: number }>();
  const seenInDraft = new Set<string>();
  for (const item of draft.items) {
    const date = localDate(new Date(item.startsAt));
    const day = dayNumber(date);
    for (const id of item.programme) {
      filmsProposed++;
      const f = films.get(id)!;
      if (f.retired_at !== null || !licensedOn(f, date)) unlicensed++;
      const key = `${item.villageId}|${id}`;
      if (seenInDraft.has(key) || (shown.get(item.villageId) ?? []).some((h) => h.programme.includes(id) && Math.abs(h.day - day) < REPEAT_DAYS)) repeats++;
      seenInDraft.add(key);
    }
    const programme = item.programme.map((id) => films.get(id)!);
    const team = perTeam.get(item.teamId) ?? { n: 0, science: 0 };
    perTeam.set(item.teamId, team);
    if (!qualifies(programme, longFilmMinutes)) continue;
    qualifying++;
    team.n++;
    if (programme.some((f) => f.category === 'science')) {
      withScience++;
      team.science++;
    }
  }
  const n = draft.items.length;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const teamShares = [...perTeam.values()].map((t) => t.science / t.n);
  const counts = [...perTeam.values()].map((t) => t.n);
  console.log(`${''.padEnd(60)} ${filmsProposed} films in ${n} programmes: ${repeats} repeats, ${unlicensed} unlicensed`);
  console.log(`${''.padEnd(60)} qualifying programmes ${qualifying} of ${n} (${pct(qualifying / n)}); science share ${pct(withScience / qualifying)} (target ${draft.science.target === null ? 'none' : pct(draft.science.target)}; the teams' months ${pct(Math.min(...teamShares))}–${pct(Math.max(...teamShares))})`);
  const reasons = new Map<string, number>();
  for (const i of draft.items) for (const r of i.reasons) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
  console.log(`${''.padEnd(60)} reasons: ${[...reasons].map(([r, k]) => `${r} ${k}`).join(', ')}`);
  // The villagers' requests: of the units in the draft that asked for a film in November or December, how many got one.
  const asked: { village_id: number }[] = await db('film_requests').whereIn('village_id', units).whereIn('month', ['2026-11', '2026-12']).distinct('village_id');
  const askedUnits = new Set(asked.map((r) => r.village_id));
  const requested = draft.items.filter((i) => i.reasons.some((r) => r.reason === 'requested'));
  const placed = draft.items.reduce((n, i) => n + i.reasons.filter((r) => r.reason === 'requested').length, 0);
  console.log(`${''.padEnd(60)} requests: ${askedUnits.size} units of the draft asked; ${placed} requested films placed, in ${requested.length} programmes (${requested.filter((i) => askedUnits.has(i.villageId)).length} of them units that asked)`);
  console.log(`${''.padEnd(60)} evenings per team ${Math.min(...counts)}–${Math.max(...counts)} (${perTeam.size} teams)`);
}

// 1. Tonghai
{
  const database = await openDatabase({});
  // The demo's photos in a directory of their own, removed with the database.
  const photoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'film2131-bench-photos-'));
  const config = loadConfig({ COUNTY_TIMEZONE: zone, LOG_LEVEL: 'silent', PHOTO_DIR: photoDir });
  config.now = () => now;
  await migrateLatest(database.knex);
  await seedDemo(database.knex, config);
  console.log(`Tonghai demo: ${(await inputOf(database.knex)).units.length} gap units in ${month}, 3 teams, ${runs} runs each (median)`);
  await draftOn('Tonghai', database.knex);
  await againstBase('Tonghai', database.knex);
  await compare('Tonghai', await inputOf(database.knex));
  await database.close();
  await fs.rm(photoDir, { recursive: true, force: true });
}

// 2. A made-up county of 2,000 villages and 20 teams
{
  const database = await openDatabase({});
  const db = database.knex;
  await migrateLatest(db);
  const random = seeded(2000);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  await db('areas').insert([
    { code: '53', name: '云南省' },
    { code: '5304', name: '玉溪市' },
  ]);
  const [county] = await db('areas').insert({ code: '530423', name: '通海县' }).returning('id');
  await db('area_targets').insert({ area_id: county.id, year: 2026, science_share: 0.3 });
  const townships = await db('townships')
    .insert(Array.from({ length: 30 }, (_, i) => ({ name: `乡镇${i + 1}`, county_id: county.id })))
    .returning('id');
  // Townships on a 6×5 grid over about 60×45 km, villages scattered around their centres.
  const villages = Array.from({ length: 2000 }, (_, i) => {
    const t = i % 30;
    const lat = 24 + Math.floor(t / 6) * 0.08 + (random() - 0.5) * 0.08;
    const lng = 102.5 + (t % 6) * 0.1 + (random() - 0.5) * 0.1;
    return { name: `村${i + 1}`, township_id: townships[t].id, kind: 'administrative', lat, lng };
  });
  const ids: number[] = [];
  for (let i = 0; i < villages.length; i += 500) ids.push(...(await db('villages').insert(villages.slice(i, i + 500)).returning('id')).map((r: { id: number }) => r.id));
  const [partner] = await db('partners').insert({ name: 'Bench' }).returning('id');
  const teamIds: number[] = (await db('teams').insert(Array.from({ length: 20 }, (_, i) => ({ name: `队${i + 1}`, partner_id: partner.id, base_village_id: ids[Math.floor((i * ids.length) / 20)] }))).returning('id')).map(
    (r: { id: number }) => r.id,
  );

  // 500 films: 250 features, 150 science shorts, 50 long documentaries, operas and children's films, 50 others.
  const kinds = [
    ...Array.from({ length: 250 }, () => ({ category: 'feature', minutes: 85 + Math.floor(random() * 50) })),
    ...Array.from({ length: 150 }, () => ({ category: 'science', minutes: 10 + Math.floor(random() * 25) })),
    ...Array.from({ length: 50 }, () => ({ category: pick(['documentary', 'opera', 'children']), minutes: 40 + Math.floor(random() * 80) })),
    ...Array.from({ length: 50 }, () => ({ category: 'other', minutes: 5 + Math.floor(random() * 100) })),
  ];
  const catalogue = kinds.map((k, i) => {
    const r = random();
    // a fifth expired before December, a tenth not open until next year, a tenth closing mid-December, a twentieth retired
    const window =
      r < 0.2 ? { available_from: '2024-01-01', available_to: '2026-11-15' } : r < 0.3 ? { available_from: '2027-01-01', available_to: null } : r < 0.4 ? { available_from: '2026-01-01', available_to: '2026-12-15' } : { available_from: null, available_to: null };
    return { title: `片${i + 1}`, code: `B-${String(i + 1).padStart(4, '0')}`, year: 2000 + Math.floor(random() * 27), ...k, ...window, retired_at: random() < 0.05 ? '2026-06-01T00:00:00+08:00' : null };
  });
  const filmIds: number[] = (await db('films').insert(catalogue).returning('id')).map((r: { id: number }) => r.id);
  // The newest films, which the draft reaches for first: what the history shows most.
  const byYear = filmIds.map((id, i) => ({ id, year: catalogue[i]!.year, category: catalogue[i]!.category })).sort((a, b) => b.year - a.year);
  const newestLong = byYear.filter((f) => f.category === 'feature').slice(0, 30).map((f) => f.id);
  const newestScience = byYear.filter((f) => f.category === 'science').slice(0, 20).map((f) => f.id);

  // A campaign over the county, November to January, of three films; 300 villages covered in November.
  const open = (f: { id: number }) => {
    const c = catalogue[filmIds.indexOf(f.id)]!;
    return c.available_to === null && c.available_from === null && c.retired_at === null;
  };
  const campaignFilms = [byYear.find((f) => f.category === 'feature' && f.year < 2010 && open(f))!.id, ...byYear.filter((f) => f.category === 'science' && f.year < 2010 && open(f)).slice(0, 2).map((f) => f.id)];
  await db('campaigns').insert({ name: '法治进乡村', area_id: county.id, film_ids: campaignFilms, from_month: '2026-11', to_month: '2027-01' });

  // History: about 1,200 villages with 1–5 screenings over the past year, shown by the same teams.
  const historyTeams = teamIds;
  const shown: Record<string, unknown>[] = [];
  const start = DateTime.fromISO('2025-12-10T19:30', { zone });
  for (const village of ids.filter(() => random() < 0.6)) {
    for (let k = 1 + Math.floor(random() * 5); k > 0; k--) {
      const n = shown.length;
      const at = start.plus({ days: Math.floor(n / historyTeams.length) % 320, minutes: n % 7 });
      shown.push({ village_id: village, team_id: historyTeams[n % historyTeams.length], starts_at: at.toJSDate(), status: 'completed', audience: 60, programme: [pick(newestLong), pick(newestScience)] });
    }
  }
  // Covered for the campaign in November: 300 villages.
  for (const village of ids.slice(0, 300)) {
    const n = shown.length;
    shown.push({ village_id: village, team_id: historyTeams[n % historyTeams.length], starts_at: DateTime.fromISO('2026-11-02T19:30', { zone }).plus({ days: Math.floor(n / historyTeams.length) % 20, minutes: n % 7 }).toJSDate(), status: 'completed', audience: 60, programme: [campaignFilms[0]] });
  }
  // Planned for January in 200 villages: as good as shown.
  for (const village of ids.slice(1000, 1200)) {
    const n = shown.length;
    shown.push({ village_id: village, team_id: historyTeams[n % historyTeams.length], starts_at: DateTime.fromISO('2027-01-05T19:30', { zone }).plus({ days: Math.floor(n / historyTeams.length) % 20, minutes: n % 7 }).toJSDate(), status: 'scheduled', programme: [newestLong[0], newestScience[0]] });
  }
  // Keep one per team and slot (the rule of domain/slot.ts) where the days above wrap round.
  const slots = new Set<string>();
  const rows = shown.filter((r) => {
    const key = `${r.team_id}|${Math.floor((r.starts_at as Date).getTime() / (4 * 3600_000))}`;
    if (slots.has(key)) return false;
    slots.add(key);
    return true;
  });
  for (let i = 0; i < rows.length; i += 500) await db('screenings').insert(rows.slice(i, i + 500));

  // The villagers' requests (issue 21): 700 villages, 1–5 phones each, 1–3 films a phone, most of
  // them from 40 popular films (some expired, retired or seen there); made in November and December
  // (both count for December's draft) and a tenth in October (ignored).
  const popular = Array.from({ length: 40 }, () => pick(filmIds));
  const requestRows: Record<string, unknown>[] = [];
  for (const village of ids.filter(() => random() < 0.35)) {
    for (let k = 1 + Math.floor(random() * 5); k > 0; k--) {
      const asked = new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => (random() < 0.7 ? pick(popular) : pick(filmIds))));
      const r = random();
      requestRows.push({ village_id: village, month: r < 0.1 ? '2026-10' : r < 0.55 ? '2026-11' : '2026-12', device_hash: `bench-${village}-${k}`, film_ids: [...asked] });
    }
  }
  for (let i = 0; i < requestRows.length; i += 500) await db('film_requests').insert(requestRows.slice(i, i + 500));

  console.log(`\nMade-up county: 2000 villages, 20 teams, ${filmIds.length} films, ${rows.length} screenings of history, ${requestRows.length} villagers' requests, a campaign, science share 0.3; ${runs} runs each (median)`);
  const draft = await draftOn('2,000 villages, one month', db);
  await audit(db, draft);
  await againstBase('2,000 villages, one month', db);
  await compare('2,000 villages, one month', await inputOf(db));
  const enough = Array.from({ length: 110 }, (_, i) => {
    const day = DateTime.fromISO('2026-12-01T19:30', { zone }).plus({ days: i });
    return { date: day.toISODate()!, startsAt: day.toJSDate() };
  });
  await compare('2,000 villages, all routed', await inputOf(db, enough));
  // Fewer villages than evenings: where the fair split shows.
  const few = await inputOf(db);
  await compare('500 gap villages, one month', { ...few, units: few.units.filter((_, i) => i % 4 === 0) });
  await database.close();
}
