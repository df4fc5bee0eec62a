import sharp from 'sharp';
import type { Response } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions.js';
import { bearer, expectProblem, useApp } from '../helpers/api.js';

// The scope matrix (DOMAIN.md "Areas and scopes", STYLE.md "Access is one policy"): two counties
// under one prefecture, each with a bureau user of that county and a partner contracted there,
// each county with its township, villages, team, screenings (one completed, with a fix and a
// photo) and contract. Each of the four users tries every operation of the OpenAPI document with
// the other county's ids, bodies and filters, and gets exactly what an id naming nothing gets:
// the same status and the same body, with the ids left out. Every answer any of them gets is
// also searched for the other county's names (each county's places carry 甲地 or 乙地 in their
// names, each partner's teams and name 甲商 or 乙商): nothing of another scope is read. A new
// operation without a row here fails the test.

const app = useApp({ as: ['admin'], now: '2026-06-15T12:00:00' });
const MONTH = '2026-06';
/** A valid id that names nothing. */
const MISSING = 2_000_000_001;

interface Side {
  name: 'A' | 'B';
  /** Marks the names of this county's places; a bureau or partner of the other county never reads it. */
  place: string;
  /** Marks the names of this side's partner and teams; the other partner never reads it (the bureaus do: partners and teams are not in a county). */
  firm: string;
  countyCode: string;
  townshipCode: string;
  county: number;
  township: number;
  village: number;
  natural: number;
  villageCode: string;
  team: number;
  partner: number;
  contract: number;
  completed: number;
  scheduled: number;
  photo: number;
  bureau: Record<string, string>;
  partnerAuth: Record<string, string>;
  /** Administrative villages (units) and completed screenings of the county. */
  units: number;
}

const sides = {} as Record<'A' | 'B', Side>;

const divisions = `code,name
53,云南省
5304,玉溪市
530423,通海县甲地
530402,红塔区乙地
530423100,秀山街道甲地
530402001,玉兴街道乙地
`;
// County B has one unit more than A, so a count of the other's units shows in every total.
const villages = `code,name,township_code,kind,parent_code,lat,lng
530423100001,秀山社区甲地,530423100,administrative,,24.11,102.75
530423100002,北山村甲地,530423100,administrative,,24.12,102.76
530423100003,北山上村甲地,530423100,natural,530423100002,24.125,102.765
530402001001,玉兴社区乙地,530402001,administrative,,24.35,102.54
530402001002,北苑村乙地,530402001,administrative,,24.36,102.55
530402001004,南苑村乙地,530402001,administrative,,24.37,102.56
530402001003,北苑上村乙地,530402001,natural,530402001002,24.365,102.555
`;

async function bureauOf(areaId: number): Promise<Record<string, string>> {
  const [u] = await app.db('users').insert({ username: `bureau_area_${areaId}`, password_hash: 'x', role: 'bureau', area_id: areaId }).returning('id');
  return bearer((await createSession(app.db, u.id, 1)).token);
}

async function photo(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: { r: seed * 40, g: 90, b: 140 }, noise: { type: 'gaussian', mean: 128, sigma: 30 + seed } } })
    .jpeg()
    .toBuffer();
}

async function makeSide(name: 'A' | 'B', countyCode: string, townshipCode: string, codes: string[]): Promise<Side> {
  const id = async (table: string, code: string) => (await app.db(table).where({ code }).first('id')).id as number;
  const place = name === 'A' ? '甲地' : '乙地';
  const firm = name === 'A' ? '甲商' : '乙商';
  const county = await id('areas', countyCode);
  const partnerUser = await app.newUser('partner');
  const partner = partnerUser.partnerId!;
  await app.db('partners').where({ id: partner }).update({ name: `放映公司${firm}` });
  const village = await id('villages', codes[0]!);
  const team = (await app.make.team({ partner_id: partner, name: `一队${firm}`, base_village_id: village, phone: '0877-1234567' })).id;
  const contract = (await app.as.admin.post('/api/contracts').send({ partnerId: partner, countyId: county, from: '2026-01' })).body.id as number;
  const film = (await app.make.film({ title: `影片${name}`, minutes: 95 })).id;
  const made = await partnerUser.post('/api/screenings').send({ villageId: village, teamId: team, filmId: film, startsAt: '2026-06-10T19:30', status: 'completed', audience: 80, notes: `放映于${place}` });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const scheduled = await partnerUser.post('/api/screenings').send({ villageId: await id('villages', codes[1]!), teamId: team, filmId: film, startsAt: '2026-06-25T19:30' });
  expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
  const v = await app.db('villages').where({ id: village }).first('lat', 'lng');
  const fix = await partnerUser.post(`/api/screenings/${made.body.id}/fix`).send({ lat: v.lat, lng: v.lng, accuracy: 20, takenAt: '2026-06-10T19:40' });
  expect(fix.status, JSON.stringify(fix.body)).toBe(201);
  const uploaded = await partnerUser.post(`/api/screenings/${made.body.id}/photos`).set('Content-Type', 'image/jpeg').send(await photo(name === 'A' ? 1 : 2));
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  return {
    name,
    place,
    firm,
    countyCode,
    townshipCode,
    county,
    township: await id('townships', townshipCode),
    village,
    natural: await id('villages', codes[2]!),
    villageCode: codes[0]!,
    team,
    partner,
    contract,
    completed: made.body.id,
    scheduled: scheduled.body.id,
    photo: uploaded.body.id,
    bureau: await bureauOf(county),
    partnerAuth: partnerUser.auth,
    units: codes.length - 1,
  };
}

beforeAll(async () => {
  // Ids of each table in a range of their own, far from any count an answer holds: an id in an answer is never a count, nor another table's id.
  const tables = ['areas', 'townships', 'villages', 'partners', 'teams', 'films', 'screenings', 'contracts', 'screening_photos'];
  for (const [i, table] of tables.entries()) await app.db.raw(`select setval(pg_get_serial_sequence('${table}', 'id'), ${(i + 1) * 1000})`);
  const csv = (url: string, body: string) => app.as.admin.post(url).set('Content-Type', 'text/csv').send(body);
  expect((await csv('/api/areas/import', divisions)).status).toBe(200);
  const imported = await csv('/api/villages/import', villages);
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  app.setNow('2026-06-10T21:00:00');
  sides.A = await makeSide('A', '530423', '530423100', ['530423100001', '530423100002', '530423100003']);
  sides.B = await makeSide('B', '530402', '530402001', ['530402001001', '530402001002', '530402001003', '530402001004']);
  app.setNow('2026-06-15T12:00:00');
});

// ---------------------------------------------------------------------------------------------
// Who asks, and the requests.

type Role = 'bureau' | 'partner';
interface Actor {
  role: Role;
  me: Side;
  other: Side;
  auth: Record<string, string>;
  label: string;
}
const actors = (): Actor[] =>
  (['bureau', 'partner'] as const).flatMap((role) =>
    (['A', 'B'] as const).map((n) => {
      const me = sides[n];
      const other = sides[n === 'A' ? 'B' : 'A'];
      return { role, me, other, auth: role === 'bureau' ? me.bureau : me.partnerAuth, label: `${role} ${n}` };
    }),
  );

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Req {
  method: Method;
  path: string;
  body?: unknown;
  type?: string;
  headers?: Record<string, string>;
}

/** Sends as the actor, and checks the answer names nothing of the other side. */
async function send(a: Actor, r: Req): Promise<Response> {
  let req = app.http[r.method](r.path).set(a.auth);
  if (r.headers) req = req.set(r.headers);
  if (r.type) req = req.set('Content-Type', r.type);
  if (r.body !== undefined) req = req.send(r.body as object);
  const res = await req;
  const text = res.text ?? JSON.stringify(res.body);
  expect(text, `${a.label} ${r.method.toUpperCase()} ${r.path}: reads ${a.other.place}`).not.toContain(a.other.place);
  if (a.role === 'partner') expect(text, `${a.label} ${r.method.toUpperCase()} ${r.path}: reads ${a.other.firm}`).not.toContain(a.other.firm);
  expect(res.status, `${a.label} ${r.method.toUpperCase()} ${r.path}: ${text}`).toBeLessThan(500);
  return res;
}

/** An answer with the given ids written as ID: what is left must not tell them apart. */
function shape(res: Response, ids: (number | string)[]): string {
  let text = `${res.status} ${res.text || JSON.stringify(res.body)}`;
  for (const id of ids) text = text.replace(new RegExp(`(?<![\\w-])${id}(?![\\w-])`, 'g'), 'ID');
  return text;
}

/**
 * The request built with the other side's id (or ids) answers exactly like the one built with an
 * id that names nothing; answers the first, for more checks.
 */
async function likeMissing<T extends number | string>(a: Actor, build: (id: T) => Req, otherId: T, missingId = MISSING as T): Promise<Response> {
  const seen = await send(a, build(otherId));
  const missing = await send(a, build(missingId));
  expect(shape(seen, [otherId]), `${a.label}: ${build(otherId).method.toUpperCase()} ${build(otherId).path} tells ${otherId} from a missing id`).toBe(shape(missing, [missingId]));
  return seen;
}

/** Each of these requests built with one of the other side's ids answers like it built with a missing id. */
const each = (...builds: ((a: Actor) => [(id: number) => Req, number])[]) =>
  async (a: Actor) => {
    for (const b of builds) {
      const [build, id] = b(a);
      await likeMissing(a, build, id);
    }
  };

const get = (path: string): Req => ({ method: 'get', path });
const post = (path: string, body?: unknown): Req => ({ method: 'post', path, body });
const patch = (path: string, body: unknown, headers?: Record<string, string>): Req => ({ method: 'patch', path, body, headers });
const del = (path: string, headers?: Record<string, string>): Req => ({ method: 'delete', path, headers });

/** A plain read: its answer is searched for the other's names; and each filter naming one of the other's ids answers like a missing one. */
const read = (path: string, filters: Record<string, (a: Actor) => number> = {}) =>
  async (a: Actor) => {
    await send(a, get(path));
    const join = path.includes('?') ? '&' : '?';
    for (const [name, of] of Object.entries(filters)) await likeMissing(a, (id) => get(`${path}${join}${name}=${id}`), of(a));
  };

/** The record of the other side at this path (`{id}` in it) answers like a missing one. */
const byId = (path: string, of: (a: Actor) => number, req: (p: string) => Req = get) => each((a) => [(id) => req(path.replace('{id}', String(id))), of(a)]);

const other = {
  county: (a: Actor) => a.other.county,
  township: (a: Actor) => a.other.township,
  village: (a: Actor) => a.other.village,
  natural: (a: Actor) => a.other.natural,
  team: (a: Actor) => a.other.team,
  partner: (a: Actor) => a.other.partner,
  contract: (a: Actor) => a.other.contract,
  screening: (a: Actor) => a.other.completed,
  scheduled: (a: Actor) => a.other.scheduled,
  photo: (a: Actor) => a.other.photo,
};

/** What the other side's data is to a bureau user: partners, their teams and films lie in no county (DOMAIN.md); only their screenings do. */
const forPartners = (probe: (a: Actor) => Promise<void>, bureau: (a: Actor) => Promise<void> = async () => {}) => async (a: Actor) => (a.role === 'partner' ? probe(a) : bureau(a));

const csvRow = (code: string, township: string, name = '新村') => `code,name,township_code,township_name,lat,lng\n${code},${name},${township},新镇,24.2,102.6\n`;
const geoRow = (code: string, township: string) =>
  JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [102.6, 24.2] }, properties: { code, name: '新村', township_code: township } }] });
const importAs = (query: string, body: string, type = 'text/csv'): Req => ({ method: 'post', path: `/api/villages/import${query}`, body, type });
const importFilmsAs = (query: string, body: string): Req => ({ method: 'post', path: `/api/films/import${query}`, body, type: 'text/csv' });

// ---------------------------------------------------------------------------------------------
// The matrix: one row per operation of the document, keyed by METHOD and path.

// Each side's campaign, of its county, named with its place: the other side neither reads nor writes it.
const campaignOf = {} as Record<'A' | 'B', number>;
let campaignFilm: number;
beforeAll(async () => {
  // Far from any count an answer holds, like the other tables' ids.
  await app.db.raw(`select setval(pg_get_serial_sequence('campaigns', 'id'), 20000)`);
  campaignFilm = (await app.make.film({ title: '主题影片', category: 'science', minutes: 20 })).id;
  for (const s of [sides.A, sides.B]) {
    const made = await app.as.admin.post('/api/campaigns').send({ name: `主题${s.place}`, filmIds: [campaignFilm], from: '2026-06', to: '2026-06', areaId: s.county });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    campaignOf[s.name] = made.body.id;
  }
});
const otherCampaign = (a: Actor) => campaignOf[a.other.name];

// The villagers' voice: each side's unit asked for a film this month, and reported a problem with
// its completed screening (handled once by the admin, so the audit log holds it) and one without.
const reportOf = {} as Record<'A' | 'B', number>;
beforeAll(async () => {
  await app.db.raw(`select setval(pg_get_serial_sequence('villager_reports', 'id'), 30000)`);
  await app.db.raw(`select setval(pg_get_serial_sequence('film_requests', 'id'), 31000)`);
  for (const s of [sides.A, sides.B]) {
    await app.db('film_requests').insert({ village_id: s.village, month: MONTH, device_hash: `phone${s.name}`, film_ids: [campaignFilm], comment: `想看${s.place}` });
    const [r] = await app.db('villager_reports').insert({ village_id: s.village, kind: 'not_held', screening_id: s.completed, text: `没放映${s.place}`, created_at: '2026-06-11T09:00+08:00' }).returning('id');
    await app.db('villager_reports').insert({ village_id: s.natural, kind: 'other', text: `声音小${s.place}`, created_at: '2026-06-12T09:00+08:00' });
    reportOf[s.name] = r.id;
    expect((await app.as.admin.patch(`/api/villager-reports/${r.id}`).send({ state: 'looking', note: `核查${s.place}` })).status).toBe(200);
  }
  // Written past the API, the not_held reports' dispute flags are stored by a recheck, as after an upgrade.
  expect((await app.as.admin.post('/api/review/recheck').send({ month: MONTH })).body).toMatchObject({ changed: 2 });
});
const otherReport = (a: Actor) => reportOf[a.other.name];

// issue 22 sign-off: each county bureau submits May (nobody screened in it), so each county has a period and its audit row.
beforeAll(async () => {
  for (const s of [sides.A, sides.B]) {
    const res = await app.http.post(`/api/periods/${s.county}/2026-05/submit`).set(s.bureau).send({});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
});
// issue 22 statements: each county has a statement of 2026-Q1, written past the API (issuing needs locked months).
const statementOf = {} as Record<'A' | 'B', number>;
beforeAll(async () => {
  for (const s of [sides.A, sides.B]) {
    const amounts = { count: 1, films: 1, gross: 200, shares: { central: 100, province: 40, prefecture: 40, county: 20 }, filmFees: 0, net: 200 };
    const content = {
      countyId: s.county, countyCode: s.countyCode, countyName: `县${s.place}`, round: '2026-Q1', months: ['2026-01', '2026-02', '2026-03'],
      settings: { subsidyPerScreening: 200, costShares: { central: 0.5, province: 0.2, prefecture: 0.2, county: 0.1 }, filmFeePerFilm: 0, from: {} },
      groups: [{ contractId: s.contract, partnerId: s.partner, partnerName: `放映公司${s.firm}`, ...amounts }], totals: amounts, paid: [], extra: [], pending: [], rejected: [],
    };
    const [row] = await app.db('statements').insert({ county_id: s.county, round: '2026-Q1', content: JSON.stringify(content) }).returning('id');
    statementOf[s.name] = row.id;
  }
});
const otherStatement = (a: Actor) => statementOf[a.other.name];

type Probe = (a: Actor) => Promise<void>;
/** A probe, or why the operation has no scope at stake (it is still sent once by each user, and searched). */
type Row = Probe | { open: string; req?: (a: Actor) => Req };

const matrix: Record<string, Row> = {
  // Screenings: a partner's are its teams', a bureau's those in its counties.
  'GET /api/screenings': read(`/api/screenings?month=${MONTH}`, { villageId: other.village, teamId: other.team, townshipId: other.township }),
  'POST /api/screenings': each(
    (a) => [(id) => post('/api/screenings', { villageId: id, teamId: a.me.team, startsAt: '2026-06-27T19:30' }), a.other.village],
    (a) => [(id) => post('/api/screenings', { villageId: a.me.village, teamId: id, startsAt: '2026-06-27T19:30' }), a.other.team],
  ),
  'GET /api/screenings/{id}': byId('/api/screenings/{id}', other.screening),
  'PATCH /api/screenings/{id}': each(
    (a) => [(id) => patch(`/api/screenings/${id}`, { notes: 'x' }, { 'If-Match': '"1"' }), a.other.scheduled],
    (a) => [(id) => patch(`/api/screenings/${a.me.scheduled}`, { villageId: id }, { 'If-Match': '"999"' }), a.other.village],
  ),
  'DELETE /api/screenings/{id}': byId('/api/screenings/{id}', other.scheduled, (p) => del(p, { 'If-Match': '"1"' })),

  // Coverage: counts of the user's own units only.
  'GET /api/coverage': async (a) => {
    await read(`/api/coverage?month=${MONTH}`, { townshipId: other.township, areaId: other.county })(a);
    const own = await send(a, get(`/api/coverage?month=${MONTH}`));
    expect(own.body.totals, a.label).toMatchObject({ units: a.me.units, covered: 1 });
    await read(`/api/coverage?month=${MONTH}&groupBy=county`)(a);
    await read(`/api/coverage?month=${MONTH}&format=csv`, { areaId: other.county })(a);
  },
  'GET /api/coverage/villages': async (a) => {
    await read(`/api/coverage/villages?month=${MONTH}`, { townshipId: other.township, areaId: other.county })(a);
    const own = await send(a, get(`/api/coverage/villages?month=${MONTH}`));
    expect(own.body.features, a.label).toHaveLength(a.me.units);
    await read(`/api/coverage/villages?month=${MONTH}&format=csv`)(a);
  },
  'GET /api/coverage/gaps': async (a) => {
    await read(`/api/coverage/gaps?month=${MONTH}`, { townshipId: other.township, areaId: other.county })(a);
    await read(`/api/coverage/gaps?month=${MONTH}&format=csv`, { areaId: other.county })(a);
  },
  'GET /api/coverage/villages/{id}': each((a) => [(id) => get(`/api/coverage/villages/${id}?month=${MONTH}`), a.other.village]),
  'GET /api/coverage/year': read('/api/coverage/year?year=2026', { townshipId: other.township, areaId: other.county }),
  'GET /api/coverage/units': async (a) => {
    await read('/api/coverage/units', { areaId: other.county })(a);
    expect((await send(a, get('/api/coverage/units'))).body.units.id, a.label).toHaveLength(a.me.units);
  },
  'GET /api/coverage/areas': read('/api/coverage/areas?groupBy=county', { areaId: other.county }),
  'GET /api/coverage/statuses': read(`/api/coverage/statuses?month=${MONTH}`, { townshipId: other.township, areaId: other.county }),

  // Plans.
  'POST /api/plans/draft': async (a) => {
    // Teams lie in no county: a bureau user drafts with any, but only for its own villages.
    if (a.role === 'partner') await likeMissing(a, (id) => post('/api/plans/draft', { month: '2026-07', teamIds: [id] }), a.other.team);
    const own = await send(a, post('/api/plans/draft', { month: '2026-07' }));
    const others = [a.other.village, a.other.natural];
    for (const item of own.body.items ?? []) expect(others, a.label).not.toContain(item.villageId);
  },
  'POST /api/plans/accept': each(
    // The other's village with a screening this month, and one without.
    (a) => [(id) => post('/api/plans/accept', { month: MONTH, items: [{ villageId: id, teamId: a.me.team, startsAt: '2026-06-28T19:30' }] }), a.other.village],
    (a) => [(id) => post('/api/plans/accept', { month: MONTH, items: [{ villageId: id, teamId: a.me.team, startsAt: '2026-06-28T19:30' }] }), a.other.natural],
    (a) => [(id) => post('/api/plans/accept', { month: MONTH, items: [{ villageId: a.me.village, teamId: id, startsAt: '2026-06-28T19:30' }] }), a.other.team],
  ),
  'GET /api/plans/runsheet': async (a) => {
    const other = await send(a, get(`/api/plans/runsheet?teamId=${a.other.team}&month=${MONTH}`));
    if (a.role === 'partner') await likeMissing(a, (id) => get(`/api/plans/runsheet?teamId=${id}&month=${MONTH}`), a.other.team);
    else expect(other.body.rows, a.label).toEqual([]);
  },
  // The feed is opened by its secret token, not by a user: without it any team is the same 404.
  'GET /api/teams/{id}/calendar.ics': byId('/api/teams/{id}/calendar.ics?token=00000000-0000-0000-0000-000000000000', other.team),
  'GET /api/teams/{id}/calendar-link': byId('/api/teams/{id}/calendar-link', other.team),

  // The village import: another county's codes are refused like codes of no county; the dry run lists only the importer's villages.
  'POST /api/villages/import': async (a) => {
    const unknownCounty = '530499';
    const probes: [string, string, string][] = [
      // [query, other's file, the same file with codes of a county that does not exist]
      ['?dryRun=true', csvRow(`${a.other.villageCode}`, a.other.townshipCode), csvRow(`${unknownCounty}001001`, `${unknownCounty}001`)],
      ['', csvRow(`${a.other.villageCode}`, a.other.townshipCode), csvRow(`${unknownCounty}001001`, `${unknownCounty}001`)],
      ['?dryRun=true&retireMissing=true', csvRow(`${a.other.townshipCode}999`, a.other.townshipCode), csvRow(`${unknownCounty}001999`, `${unknownCounty}001`)],
      [`?dryRun=true&townshipCode=${a.other.townshipCode}`, 'code,name,lat,lng\n', 'code,name,lat,lng\n'],
      [`?dryRun=true&retireMissing=true&townshipCode=${a.other.townshipCode}`, csvRow(`${a.me.villageCode}`, a.me.townshipCode), csvRow(`${a.me.villageCode}`, a.me.townshipCode)],
    ];
    for (const [query, seen, missing] of probes) {
      const q2 = query.replace(a.other.townshipCode, `${unknownCounty}001`);
      const x = await send(a, importAs(query, seen));
      const y = await send(a, importAs(q2, missing));
      const codes = [a.other.villageCode, `${a.other.townshipCode}999`, a.other.townshipCode, `${unknownCounty}001001`, `${unknownCounty}001999`, `${unknownCounty}001`];
      expect(shape(x, codes), `${a.label} import${query}`).toBe(shape(y, codes));
    }
    const geo = await send(a, importAs('?dryRun=true', geoRow(a.other.villageCode, a.other.townshipCode), 'application/geo+json'));
    const geoMissing = await send(a, importAs('?dryRun=true', geoRow(`${unknownCounty}001001`, `${unknownCounty}001`), 'application/geo+json'));
    expect(shape(geo, [a.other.villageCode, a.other.townshipCode]), a.label).toBe(shape(geoMissing, [`${unknownCounty}001001`, `${unknownCounty}001`]));
  },

  // Reports: the user's own counties only (and their CSV alike).
  'GET /api/reports/month': async (a) => {
    const res = await send(a, get(`/api/reports/month?month=${MONTH}`));
    if (a.role === 'bureau') expect(res.body, a.label).toMatchObject({ county: { units: a.me.units, covered: 1 }, screenings: { held: 1, audience: 80 } });
    await read(`/api/reports/month?month=${MONTH}&format=csv`)(a);
  },
  'GET /api/reports/year': read('/api/reports/year?year=2026'),
  // issue 22 progress: a bureau its own county's progress; the other county's id answers as a missing one.
  'GET /api/reports/progress': async (a) => {
    await read('/api/reports/progress?year=2026', { areaId: other.county })(a);
    await read('/api/reports/progress?year=2026&groupBy=township&format=csv', { areaId: other.county })(a);
  },
  // The programme report: a bureau its area's screenings, a partner its own teams' in its counties.
  'GET /api/reports/programme': async (a) => {
    await read(`/api/reports/programme?month=${MONTH}`, { areaId: other.county })(a);
    const own = await send(a, get(`/api/reports/programme?month=${MONTH}`));
    expect(own.body.totals, a.label).toMatchObject({ screenings: 1, qualifying: 1 });
    await read(`/api/reports/programme?year=2026&groupBy=township&format=csv`, { areaId: other.county })(a);
  },
  // What villagers said: a bureau its area's, a partner its counties' requests and its own teams' confirmations and reports.
  'GET /api/reports/villagers': async (a) => {
    await read(`/api/reports/villagers?month=${MONTH}`, { areaId: other.county })(a);
    const own = await send(a, get(`/api/reports/villagers?month=${MONTH}`));
    expect(own.body.confirmations.totals, a.label).toMatchObject({ screenings: 1, confirmations: 0 });
    await read(`/api/reports/villagers?month=${MONTH}&format=csv`, { areaId: other.county })(a);
    await read(`/api/reports/villagers?month=${MONTH}&format=xlsx`)(a);
  },
  'GET /api/reports/subsidy': async (a) => {
    await read(`/api/reports/subsidy?month=${MONTH}`)(a);
    await read(`/api/reports/subsidy?month=${MONTH}&format=csv`)(a);
  },

  'GET /healthz': { open: 'no data' },
  'POST /api/session': { open: 'signs in by name and password', req: () => post('/api/session', { username: 'nobody', password: 'nothing-at-all' }) },
  'GET /api/session': { open: 'the user itself' },
  'DELETE /api/session': { open: 'signs the user out; sent last, by a user of its own', req: () => get('/api/session') },

  // Users: the admin's alone.
  'GET /api/users': { open: 'the admin’s alone (403 to both roles)' },
  'POST /api/users': each((a) => [(id) => post('/api/users', { username: 'someone', password: 'long-enough-1', role: 'partner', partnerId: id }), a.other.partner]),
  'PATCH /api/users/{id}': { open: 'the admin’s alone (403 to both roles)', req: () => patch(`/api/users/${MISSING}`, { password: 'long-enough-2' }) },

  // Partners and teams lie in no county: to a bureau every one is visible; to a partner only its own.
  'GET /api/partners': read('/api/partners'),
  'POST /api/partners': { open: 'a new partner is in no scope', req: () => post('/api/partners', { name: '' }) },
  'GET /api/partners/{id}': forPartners(byId('/api/partners/{id}', other.partner)),
  'PATCH /api/partners/{id}': forPartners(byId('/api/partners/{id}', other.partner, (p) => patch(p, { name: '新名' }))),

  // Areas and contracts.
  'GET /api/areas': read('/api/areas?limit=1000', { parentId: other.county }),
  'POST /api/areas': { open: 'the admin’s alone (403 to both roles)', req: () => post('/api/areas', { code: '54', name: '西藏' }) },
  'GET /api/areas/{id}': byId('/api/areas/{id}', other.county),
  'PATCH /api/areas/{id}': byId('/api/areas/{id}', other.county, (p) => patch(p, { name: '改名' })),
  'DELETE /api/areas/{id}': byId('/api/areas/{id}', other.county, del),
  // Targets: the other county is no area (a partner never writes: 403 either way).
  'GET /api/areas/{id}/targets/{year}': byId('/api/areas/{id}/targets/2026', other.county),
  'PUT /api/areas/{id}/targets/{year}': byId('/api/areas/{id}/targets/2026', other.county, (p) => ({ method: 'put', path: p, body: { scienceShare: 0.5 } })),
  'GET /api/areas/deployment-county': { open: 'the deployment’s one county or null: a name every page may show (here several counties: null)' },
  'PUT /api/areas/deployment-county': { open: 'the admin’s alone (403 to both roles)', req: () => ({ method: 'put', path: '/api/areas/deployment-county', body: { code: '530423', name: '通海县' } }) },
  'POST /api/areas/import': { open: 'the admin’s alone (403 to both roles)', req: () => ({ method: 'post', path: '/api/areas/import', body: 'code,name\n', type: 'text/csv' }) },
  'GET /api/contracts': read('/api/contracts', { countyId: other.county, partnerId: other.partner }),
  'POST /api/contracts': each(
    (a) => [(id) => post('/api/contracts', { partnerId: a.me.partner, countyId: id, from: '2027-01' }), a.other.county],
    (a) => [(id) => post('/api/contracts', { partnerId: a.me.partner, countyId: id, from: 'soon' }), a.other.county],
    (a) => [(id) => post('/api/contracts', { partnerId: id, countyId: a.me.county, from: '2027-01', to: '2027-01' }), a.role === 'partner' ? a.other.partner : MISSING - 1],
  ),
  'GET /api/contracts/{id}': byId('/api/contracts/{id}', other.contract),
  'PATCH /api/contracts/{id}': byId('/api/contracts/{id}', other.contract, (p) => patch(p, { to: '2030-12' })),
  'DELETE /api/contracts/{id}': byId('/api/contracts/{id}', other.contract, del),

  // Campaigns: those touching the user's scope; another county's is as missing, to read and to write.
  'GET /api/campaigns': async (a) => {
    await read('/api/campaigns?month=2026-06', { areaId: other.county })(a);
    expect((await send(a, get('/api/campaigns'))).body.items.map((c: { id: number }) => c.id), a.label).toEqual([campaignOf[a.me.name]]);
  },
  'POST /api/campaigns': each((a) => [(id) => post('/api/campaigns', { name: '新主题', filmIds: [campaignFilm], from: '2026-07', to: '2026-07', areaId: id }), a.other.county]),
  'GET /api/campaigns/{id}': byId('/api/campaigns/{id}', otherCampaign),
  'PATCH /api/campaigns/{id}': byId('/api/campaigns/{id}', otherCampaign, (p) => patch(p, { name: '改名' })),
  'DELETE /api/campaigns/{id}': byId('/api/campaigns/{id}', otherCampaign, del),
  'GET /api/campaigns/{id}/coverage': async (a) => {
    await byId('/api/campaigns/{id}/coverage', otherCampaign)(a);
    await read(`/api/campaigns/${campaignOf[a.me.name]}/coverage`, { areaId: other.county })(a);
    expect((await send(a, get(`/api/campaigns/${campaignOf[a.me.name]}/coverage`))).body.totals, a.label).toMatchObject({ units: a.me.units, covered: 0 });
  },
  'GET /api/campaigns/{id}/coverage/statuses': async (a) => {
    await byId('/api/campaigns/{id}/coverage/statuses', otherCampaign)(a);
    await read(`/api/campaigns/${campaignOf[a.me.name]}/coverage/statuses`, { areaId: other.county })(a);
  },

  // The registry.
  'GET /api/townships': read('/api/townships', { countyId: other.county }),
  'POST /api/townships': async (a) => {
    await each((a) => [(id) => post('/api/townships', { name: '新镇', countyId: id }), a.other.county])(a);
    // Another county's township code, in the user's own county: like a code no township has.
    await likeMissing(a, (code) => post('/api/townships', { name: '新镇', code, countyId: a.me.county }), a.other.townshipCode, `${a.other.countyCode}999`);
  },
  'GET /api/townships/{id}': byId('/api/townships/{id}', other.township),
  'PATCH /api/townships/{id}': async (a) => {
    await byId('/api/townships/{id}', other.township, (p) => patch(p, { name: '改名' }))(a);
    await likeMissing(a, (code) => patch(`/api/townships/${a.me.township}`, { code }), a.other.townshipCode, `${a.other.countyCode}999`);
  },
  'DELETE /api/townships/{id}': byId('/api/townships/{id}', other.township, del),
  'GET /api/villages': read('/api/villages?limit=1000', { townshipId: other.township, parentId: other.village }),
  'POST /api/villages': each(
    (a) => [(id) => post('/api/villages', { name: '新村', townshipId: id, kind: 'administrative', lat: 24.2, lng: 102.6 }), a.other.township],
    (a) => [(id) => post('/api/villages', { name: '新村', townshipId: a.me.township, kind: 'natural', parentId: id, lat: 24.2, lng: 102.6 }), a.other.village],
    // With another bad field: the ids named are checked beside it (http/resource.ts references).
    (a) => [(id) => post('/api/villages', { name: '', townshipId: id, kind: 'administrative', lat: 24.2, lng: 102.6 }), a.other.township],
    (a) => [(id) => post('/api/villages', { name: '', townshipId: a.me.township, kind: 'natural', parentId: id, lat: 24.2, lng: 102.6 }), a.other.village],
  ),
  'POST /api/villages (code)': async (a) => {
    await likeMissing(a, (code) => post('/api/villages', { name: '新村', townshipId: a.me.township, kind: 'administrative', code, lat: 24.2, lng: 102.6 }), a.other.villageCode, `${a.other.townshipCode}999`);
  },
  'GET /api/villages/{id}': byId('/api/villages/{id}', other.village),
  'PATCH /api/villages/{id}': each(
    (a) => [(id) => patch(`/api/villages/${id}`, { name: '改名' }), a.other.village],
    (a) => [(id) => patch(`/api/villages/${a.me.natural}`, { parentId: id }), a.other.village],
    (a) => [(id) => patch(`/api/villages/${a.me.village}`, { townshipId: id }), a.other.township],
  ),
  'PATCH /api/villages/{id} (code)': async (a) => {
    await likeMissing(a, (code) => patch(`/api/villages/${a.me.natural}`, { code }), a.other.villageCode, `${a.other.townshipCode}999`);
  },
  'DELETE /api/villages/{id}': byId('/api/villages/{id}', other.natural, del),
  'GET /api/teams': forPartners(read('/api/teams', { partnerId: other.partner }), read('/api/teams')),
  'POST /api/teams': each(
    (a) => [(id) => post('/api/teams', { name: `新队${a.role}`, baseVillageId: id }), a.other.village],
    (a) => [(id) => post('/api/teams', { name: '', baseVillageId: id }), a.other.village],
  ),
  'GET /api/teams/{id}': forPartners(byId('/api/teams/{id}', other.team)),
  'PATCH /api/teams/{id}': async (a) => {
    if (a.role === 'partner') await byId('/api/teams/{id}', other.team, (p) => patch(p, { phone: '0877-7654321' }))(a);
    await likeMissing(a, (id) => patch(`/api/teams/${a.me.team}`, { baseVillageId: id }), a.other.village);
  },
  'GET /api/films': read('/api/films'),
  'POST /api/films': { open: 'the catalogue is national', req: () => post('/api/films', { title: '' }) },
  'GET /api/films/{id}': { open: 'the catalogue is national' },
  'PATCH /api/films/{id}': { open: 'the catalogue is national', req: () => patch(`/api/films/${MISSING}`, { minutes: 0 }) },
  'POST /api/films/import': { open: 'the catalogue is national', req: () => importFilmsAs('?dryRun=true', 'title,category\n某片,feature\n') },
  'GET /api/audit': async (a) => {
    await read('/api/audit?entity=village&limit=1000', { id: other.village })(a);
    await read('/api/audit?entity=township&limit=1000', { id: other.township })(a);
    await read('/api/audit?entity=contract&limit=1000', { id: other.contract })(a);
    await read('/api/audit?entity=screening&limit=1000', { id: other.screening })(a);
  },

  // Evidence and review.
  'POST /api/screenings/{id}/fix': byId('/api/screenings/{id}/fix', other.screening, (p) => post(p, { lat: 24.1, lng: 102.7, accuracy: 10, takenAt: '2026-06-10T19:45' })),
  'GET /api/screenings/{id}/photos': byId('/api/screenings/{id}/photos', other.screening),
  'POST /api/screenings/{id}/photos': byId('/api/screenings/{id}/photos', other.screening, (p) => ({ method: 'post', path: p, body: Buffer.from('not a photo'), type: 'image/jpeg' })),
  'GET /api/screenings/{id}/confirmation': byId('/api/screenings/{id}/confirmation', other.screening),
  'POST /api/screenings/{id}/review': byId('/api/screenings/{id}/review', other.screening, (p) => post(p, { decision: 'rejected', reason: '看不到' })),
  'GET /api/photos/{id}': byId('/api/photos/{id}', other.photo),
  'GET /api/review': read(`/api/review?month=${MONTH}`, { townshipId: other.township, teamId: other.team }),
  'POST /api/review/accept': each((a) => [(id) => post('/api/review/accept', { ids: [id], reason: null }), a.other.completed]),
  'POST /api/review/recheck': async (a) => {
    const res = await send(a, post('/api/review/recheck', { month: MONTH }));
    if (a.role === 'bureau') expect(res.body, a.label).toMatchObject({ checked: 1 });
  },
  'GET /api/confirmations/{token}': { open: 'the villagers’ page, opened by its secret token', req: () => get('/api/confirmations/00000000-0000-0000-0000-000000000000') },
  'POST /api/confirmations/{token}': { open: 'the villagers’ page, opened by its secret token', req: () => post('/api/confirmations/00000000-0000-0000-0000-000000000000', {}) },

  // The villagers' voice, the bureau's side: requests and reports of the user's counties (a
  // partner: the reports on its own teams' screenings), the other county's area no area.
  'GET /api/requests': async (a) => {
    await read(`/api/requests?month=${MONTH}`, { areaId: other.county, villageId: other.village })(a);
    expect((await send(a, get(`/api/requests?month=${MONTH}`))).body.items, a.label).toEqual([expect.objectContaining({ villageId: a.me.village, requests: 1 })]);
  },
  'GET /api/villager-reports': async (a) => {
    await read('/api/villager-reports', { areaId: other.county, villageId: other.village, screeningId: other.screening })(a);
    expect((await send(a, get('/api/villager-reports'))).body.total, a.label).toBe(a.role === 'bureau' ? 2 : 1);
  },
  'GET /api/villager-reports/{id}': byId('/api/villager-reports/{id}', otherReport),
  'PATCH /api/villager-reports/{id}': byId('/api/villager-reports/{id}', otherReport, (p) => patch(p, { state: 'closed', note: '已核实' })),
  'GET /api/areas/{id}/settings': byId('/api/areas/{id}/settings', other.county),
  'PUT /api/areas/{id}/settings': byId('/api/areas/{id}/settings', other.county, (p) => ({ method: 'put', path: p, body: { supervisionPhone: '0877-3012131' } })),
  'GET /api/audit (villager reports)': read('/api/audit?entity=villager_report&limit=1000', { id: otherReport }),
  // issue 22 sign-off: the county-months of the user's counties; another county is as missing (to a partner: its contracts' counties).
  'GET /api/periods': async (a) => {
    await read(`/api/periods?month=${MONTH}`, { areaId: other.county })(a);
    await read('/api/periods?month=2026-05&state=submitted', { areaId: other.county })(a);
    const own = await send(a, get(`/api/periods?month=${MONTH}`));
    expect(own.body.items.map((p: { countyId: number }) => p.countyId), a.label).toEqual([a.me.county]);
    if (a.role === 'partner') expect(own.body.items[0].partners.map((p: { id: number }) => p.id), a.label).toEqual([a.me.partner]);
  },
  'POST /api/periods/{countyId}/{month}/{action}': each(
    (a) => [(id) => post(`/api/periods/${id}/2026-05/submit`, {}), a.other.county],
    (a) => [(id) => post(`/api/periods/${id}/2026-05/approve`, {}), a.other.county],
    (a) => [(id) => post(`/api/periods/${id}/2026-05/return`, { reason: '重报' }), a.other.county],
    (a) => [(id) => post(`/api/periods/${id}/2026-05/reopen`, { reason: '重开' }), a.other.county],
  ),
  'GET /api/audit (periods)': async (a) => {
    await read('/api/audit?entity=period&limit=1000', { id: other.county })(a);
    if (a.role === 'bureau') expect((await send(a, get('/api/audit?entity=period&limit=1000'))).body.items.map((e: { entityId: number }) => e.entityId), a.label).toEqual([a.me.county]);
  },
  // issue 22 statements: a bureau's county's and a partner's contract counties' statements only; issuing another county's: 404 (a partner: 403 both).
  'GET /api/statements': async (a) => {
    await read('/api/statements', { countyId: other.county })(a);
    expect((await send(a, get('/api/statements'))).body.items.map((i: { id: number }) => i.id), a.label).toEqual([statementOf[a.me.name]]);
  },
  'POST /api/statements': each((a) => [(id) => post('/api/statements', { countyId: id, round: '2026-Q1' }), a.other.county]),
  'GET /api/statements/{id}': byId('/api/statements/{id}', otherStatement),
  'GET /api/openapi.json': { open: 'the document' },
  // issue 23 base maps: a tile of the server's archive says nothing of any county's data.
  'GET /tiles/{z}/{x}/{y}.{ext}': { open: 'a base-map tile, public like the pages\' scripts', req: () => get('/tiles/0/0/0.png') },
  'GET /api/docs': { open: 'the document' },
  // Villagers' voice: the village page is opened by its secret token; its link is the county's.
  'GET /api/public/villages/{token}': { open: 'the village page, opened by its secret token', req: () => get(`/api/public/villages/${'0'.repeat(32)}`) },
  'POST /api/public/villages/{token}/requests': { open: 'the village page, opened by its secret token', req: () => post(`/api/public/villages/${'0'.repeat(32)}/requests`, { filmIds: [1] }) },
  'POST /api/public/villages/{token}/reports': { open: 'the village page, opened by its secret token', req: () => post(`/api/public/villages/${'0'.repeat(32)}/reports`, { kind: 'other' }) },
  'GET /api/villages/{id}/link': async (a) => {
    await byId('/api/villages/{id}/link', other.village)(a);
    await byId('/api/villages/{id}/link', other.natural)(a);
    const own = await send(a, get(`/api/villages/${a.me.village}/link`));
    expect(own.status, a.label).toBe(200);
  },
  'POST /api/villages/{id}/link': async (a) => {
    const before = await app.db('villages').where({ id: a.other.village }).first('public_token');
    await byId('/api/villages/{id}/link', other.village, (p) => post(p))(a);
    expect(await app.db('villages').where({ id: a.other.village }).first('public_token'), a.label).toEqual(before);
    expect((await send(a, post(`/api/villages/${a.me.natural}/link`))).status, a.label).toBe(200);
  },

  // The printed 公示 (server/voice/poster.ts): another county's unit, natural village or township is one that does not exist.
  'GET /api/posters': async (a) => {
    await each(
      (b) => [(id) => get(`/api/posters?month=${MONTH}&villageId=${id}`), b.other.village],
      (b) => [(id) => get(`/api/posters?month=${MONTH}&villageId=${id}`), b.other.natural],
      (b) => [(id) => get(`/api/posters?month=${MONTH}&townshipId=${id}`), b.other.township],
    )(a);
    const own = await send(a, get(`/api/posters?month=${MONTH}&townshipId=${a.me.township}`));
    expect(own.body.units, a.label).toHaveLength(a.me.units);
  },
};

const methods = ['get', 'post', 'put', 'patch', 'delete'];

// The five holes of issue 18 point 5, each as the behaviour it should have (the matrix above tries them too).
describe('scope holes found from outside', () => {
  const a = () => actors()[0]!; // bureau A
  const p = () => actors()[2]!; // partner A

  it('a county bureau’s village import neither changes nor lists another county: its codes are refused like codes of no county', async () => {
    const { other } = a();
    const before = await app.db('villages').where({ code: other.villageCode }).first('name', 'township_id', 'retired_at');
    const renamed = await send(a(), importAs('', csvRow(other.villageCode, other.townshipCode, '改名村')));
    expectProblem(renamed, 400, ['rows.1.code', 'rows.1.township_code']);
    expect(renamed.body.errors.map((e: { code: string }) => e.code)).toEqual(['outside_area', 'outside_area']);
    const newTownship = await send(a(), importAs('', csvRow(`${other.townshipCode.slice(0, 6)}555001`, `${other.townshipCode.slice(0, 6)}555`)));
    expect(newTownship.body.errors.map((e: { code: string }) => e.code)).toEqual(['outside_area', 'outside_area']);
    const retire = await send(a(), importAs(`?retireMissing=true&townshipCode=${other.townshipCode}`, 'code,name,lat,lng\n'));
    expect(retire.body).toMatchObject({ missing: [], missingTotal: 0 });
    const dry = await send(a(), importAs('?dryRun=true&retireMissing=true', csvRow(a().me.villageCode, a().me.townshipCode, '秀山社区甲地')));
    expect(dry.body.missing.map((m: { code: string }) => m.code)).toEqual(['530423100002', '530423100003']);
    expect(await app.db('villages').where({ code: other.villageCode }).first('name', 'township_id', 'retired_at')).toEqual(before);
    expect(await app.db('townships').where('code', 'like', `${other.countyCode}555%`).first()).toBeUndefined();
  });

  it('the run sheet of another county’s team shows a bureau none of that county’s screenings, and is no team to a partner', async () => {
    const sheet = await send(a(), get(`/api/plans/runsheet?teamId=${a().other.team}&month=${MONTH}`));
    expect(sheet.status).toBe(200);
    expect(sheet.body.rows).toEqual([]);
    expect((await send(a(), get(`/api/plans/runsheet?teamId=${a().me.team}&month=${MONTH}`))).body.rows).toHaveLength(2);
    expectProblem(await send(p(), get(`/api/plans/runsheet?teamId=${p().other.team}&month=${MONTH}`)), 400, ['teamId']);
  });

  it('a county bureau’s recheck checks its own county’s screenings only', async () => {
    expect((await send(a(), post('/api/review/recheck', { month: MONTH }))).body).toEqual({ month: MONTH, checked: 1, changed: 0 });
    expect((await app.as.admin.post('/api/review/recheck').send({ month: MONTH })).body).toMatchObject({ checked: 2 });
  });

  it('accepting a plan with another county’s village answers as for a village that does not exist, screened or not', async () => {
    const item = (villageId: number) => ({ month: MONTH, items: [{ villageId, teamId: p().me.team, startsAt: '2026-06-28T19:30' }] });
    for (const id of [p().other.village, p().other.natural, MISSING]) expectProblem(await send(p(), post('/api/plans/accept', item(id))), 400, ['items.0.villageId']);
  });

  it('a partner cannot base a team in another county: baseVillageId is no such village', async () => {
    expectProblem(await send(p(), post('/api/teams', { name: '基地队', baseVillageId: p().other.village })), 400, ['baseVillageId']);
    expectProblem(await send(p(), patch(`/api/teams/${p().me.team}`, { baseVillageId: p().other.village })), 400, ['baseVillageId']);
    expect((await app.db('teams').where({ id: p().me.team }).first('base_village_id')).base_village_id).toBe(p().me.village);
  });
});

describe('the scope matrix', () => {
  it('has a row for every operation of the OpenAPI document, and none for an operation it lacks', async () => {
    const doc = (await app.http.get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => methods.includes(m)).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations.filter((op) => !(op in matrix)), 'operations without a row in the scope matrix').toEqual([]);
    expect(Object.keys(matrix).filter((op) => !operations.includes(op.replace(/ \(.*\)$/, ''))), 'rows for operations the document does not have').toEqual([]);
  });

  for (const [op, row] of Object.entries(matrix)) {
    it(`${op}: a bureau user and a partner of one county get nothing of the other's`, async () => {
      for (const a of actors()) {
        if (typeof row === 'function') await row(a);
        else {
          const [method, path] = op.split(' ') as [string, string];
          await send(a, row.req?.(a) ?? { method: method.toLowerCase() as Method, path: path.replace('{id}', String(MISSING)) });
        }
      }
    });
  }
});
