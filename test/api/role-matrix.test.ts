import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

// Who may do what, endpoint by endpoint: DOMAIN.md "Roles". Each row is one request; each column
// the status that role gets. 'own' rows act on the partner user's own records, 'other' rows on
// another partner's, which a partner must not even see (404). The partner's own team's
// projectionist has the phone page's routes only: every row here is 403 to it but its session
// (test/api/projectionist.test.ts tries every operation of the document, and those it may call).

type Who = 'anonymous' | 'admin' | 'bureau' | 'partner' | 'projectionist';
interface Row {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string | (() => Promise<string> | string);
  /** How the path reads in the test name when it is built per test. */
  as?: string;
  body?: () => object | string;
  /** The body's Content-Type when it is not JSON (a file to import). */
  type?: string;
  expect: Record<Who, number>;
}

const app = useApp({ as: ['admin', 'bureau', 'partner'] });
let ownPartnerId: number;
let ownTeamId: number;
let otherTeamId: number;
let otherPartnerId: number;
let villageId: number;
let townshipId: number;
let n = 0;
const uniq = () => `${Date.now().toString(36)}${++n}`;

beforeAll(async () => {
  ownPartnerId = app.as.partner.partnerId!;
  otherPartnerId = (await app.make.partner()).id;
  ownTeamId = (await app.make.team({ partner_id: ownPartnerId })).id;
  otherTeamId = (await app.make.team({ partner_id: otherPartnerId })).id;
  townshipId = (await app.make.township()).id;
  villageId = (await app.make.village({ township_id: townshipId })).id;
  await app.db('areas').insert([{ code: '61', name: '陕西省' }, { code: '6101', name: '西安市' }]);
  [{ id: countyId }] = await app.db('areas').insert({ code: '610102', name: '新城区' }).returning('id');
  projectionist = await newProjectionist();
  campaignFilm = (await app.make.film({ category: 'science', minutes: 20 })).id;
});
let projectionist: Record<string, string>;
let campaignFilm: number;
/** A campaign of the whole deployment: every signed-in role's scope touches it. */
const newCampaign = async () =>
  (await app.db('campaigns').insert({ name: `C${uniq()}`, film_ids: [campaignFilm], from_month: '2026-06', to_month: '2026-07' }).returning('id'))[0].id as number;

// issue 22 statements: a statement of the county, written past the API (issuing needs locked months).
const newStatement = async () => {
  const amounts = { count: 0, films: 0, gross: 0, shares: { central: 0, province: 0, prefecture: 0, county: 0 }, filmFees: 0, net: 0 };
  const round = `${2000 + ++n}-01`;
  const content = { countyId, countyCode: '610102', countyName: '新城区', round, months: [], settings: {}, groups: [], totals: amounts, paid: [], extra: [], pending: [], rejected: [] };
  return (await app.db('statements').insert({ county_id: countyId, round, content: JSON.stringify(content) }).returning('id'))[0].id as number;
};

/** A projectionist of the partner user's own team, made by that partner, signed in. */
async function newProjectionist(): Promise<Record<string, string>> {
  const username = `phone${uniq()}`;
  const made = await app.as.partner.post('/api/users').send({ username, password: 'phone-password-1', role: 'projectionist', teamId: ownTeamId });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  // Not through app.http: that agent would keep the cookie for the anonymous rows.
  const signedIn = await supertest(app.express).post('/api/session').send({ username, password: 'phone-password-1' });
  return { Authorization: `Bearer ${signedIn.body.token}` };
}
let countyId: number;
/** A villager's report on the matrix's village, naming no screening. */
const newReport = async () => (await app.db('villager_reports').insert({ village_id: villageId, kind: 'other', text: '反映' }).returning('id'))[0].id as number;
let province = 9;
// issue 22 sign-off: a county of its own for each sign-off row (under 西安市).
let countyNo = 10;
const newCounty = async () => (await app.db('areas').insert({ code: `6101${++countyNo}`, name: `区${countyNo}` }).returning('id'))[0].id as number;
let year = 2030;

const all = (s: number): Record<Who, number> => ({ anonymous: 401, admin: s, bureau: s, partner: s, projectionist: 403 });
const only = (ok: number, roles: Who[]): Record<Who, number> => ({
  anonymous: 401,
  admin: roles.includes('admin') ? ok : 403,
  bureau: roles.includes('bureau') ? ok : 403,
  partner: roles.includes('partner') ? ok : 403,
  projectionist: roles.includes('projectionist') ? ok : 403,
});
const fresh = {
  township: async () => `/api/townships/${(await app.make.township()).id}`,
  village: async () => `/api/villages/${(await app.make.village({ township_id: townshipId })).id}`,
};

const rows: Row[] = [
  // A partner lists and manages its own teams' projectionists, and no other account.
  { method: 'get', path: '/api/users', expect: only(200, ['admin', 'partner']) },
  { method: 'post', path: '/api/users', body: () => ({ username: `u${uniq()}`, password: 'long-enough-1', role: 'bureau' }), expect: only(201, ['admin']) },
  { method: 'post', path: '/api/users', as: '/api/users (a projectionist of the partner’s team)', body: () => ({ username: `u${uniq()}`, password: 'long-enough-1', role: 'projectionist', teamId: ownTeamId }), expect: only(201, ['admin', 'partner']) },
  { method: 'patch', path: async () => `/api/users/${(await app.newUser('bureau')).id}`, as: '/api/users/:id', body: () => ({ password: 'long-enough-2' }), expect: { ...only(200, ['admin']), partner: 404 } },

  { method: 'get', path: '/api/partners', expect: all(200) },
  { method: 'post', path: '/api/partners', body: () => ({ name: `P${uniq()}` }), expect: only(201, ['admin', 'bureau']) },
  { method: 'get', path: () => `/api/partners/${ownPartnerId}`, as: '/api/partners/:own', expect: all(200) },
  { method: 'get', path: () => `/api/partners/${otherPartnerId}`, as: '/api/partners/:another', expect: { ...all(200), partner: 404 } },
  { method: 'patch', path: async () => `/api/partners/${(await app.make.partner()).id}`, as: '/api/partners/:id', body: () => ({ name: `P${uniq()}` }), expect: only(200, ['admin', 'bureau']) },
  { method: 'patch', path: () => `/api/partners/${ownPartnerId}`, as: '/api/partners/:own', body: () => ({ name: `P${uniq()}` }), expect: only(200, ['admin', 'bureau']) },

  { method: 'get', path: '/api/areas', expect: all(200) },
  { method: 'get', path: '/api/areas/deployment-county', expect: all(200) },
  { method: 'put', path: '/api/areas/deployment-county', body: () => ({ code: '610102', name: '新城区' }), expect: only(200, ['admin']) },
  { method: 'get', path: () => `/api/areas/${countyId}`, as: '/api/areas/:id', expect: all(200) },
  { method: 'post', path: '/api/areas', body: () => ({ code: String(++province), name: `省${uniq()}` }), expect: only(201, ['admin']) },
  { method: 'patch', path: () => `/api/areas/${countyId}`, as: '/api/areas/:id', body: () => ({ name: '新城区' }), expect: only(200, ['admin']) },
  { method: 'get', path: () => `/api/areas/${countyId}/targets/2026`, as: '/api/areas/:id/targets/:year', expect: all(200) },
  { method: 'put', path: () => `/api/areas/${countyId}/targets/2026`, as: '/api/areas/:id/targets/:year', body: () => ({ scienceShare: 0.5, newFilmShare: null }), expect: only(200, ['admin', 'bureau']) },
  { method: 'get', path: '/api/reports/programme', expect: all(200) },
  { method: 'get', path: '/api/reports/programme?year=2026&format=xlsx', expect: all(200) },
  { method: 'get', path: '/api/reports/villagers', expect: all(200) },
  { method: 'get', path: '/api/reports/villagers?month=2026-06&format=csv', expect: all(200) },
  // issue 22 progress
  { method: 'get', path: '/api/reports/progress?year=2026', expect: only(200, ['admin', 'bureau']) },
  { method: 'get', path: '/api/reports/progress?year=2026&groupBy=township&format=xlsx', expect: only(200, ['admin', 'bureau']) },
  { method: 'get', path: '/api/contracts', expect: all(200) },
  { method: 'post', path: '/api/contracts', body: () => ({ partnerId: otherPartnerId, countyId, from: `${++year}-01`, to: `${year}-12` }), expect: only(201, ['admin', 'bureau']) },
  { method: 'get', path: '/api/coverage/areas', expect: all(200) },
  { method: 'get', path: '/api/coverage/gaps', expect: all(200) },
  { method: 'get', path: '/api/coverage/gaps?format=xlsx', expect: all(200) },
  { method: 'get', path: '/api/townships', expect: all(200) },
  { method: 'post', path: '/api/townships', body: () => ({ name: `T${uniq()}` }), expect: only(201, ['admin', 'bureau']) },
  { method: 'get', path: () => `/api/townships/${townshipId}`, as: '/api/townships/:id', expect: all(200) },
  { method: 'patch', path: () => `/api/townships/${townshipId}`, as: '/api/townships/:id', body: () => ({ name: `T${uniq()}` }), expect: only(200, ['admin', 'bureau']) },
  { method: 'delete', path: fresh.township, as: '/api/townships/:id', expect: only(204, ['admin', 'bureau']) },

  { method: 'get', path: '/api/villages', expect: all(200) },
  {
    method: 'post',
    path: '/api/villages',
    body: () => ({ name: `V${uniq()}`, townshipId, kind: 'administrative', lat: 24, lng: 102 }),
    expect: only(201, ['admin', 'bureau']),
  },
  { method: 'get', path: () => `/api/villages/${villageId}`, as: '/api/villages/:id', expect: all(200) },
  { method: 'patch', path: () => `/api/villages/${villageId}`, as: '/api/villages/:id', body: () => ({ name: `V${uniq()}` }), expect: only(200, ['admin', 'bureau']) },
  // The village page's link (Villagers' voice): read and rotated by those who work the county (a partner without contracts: every county).
  { method: 'get', path: () => `/api/villages/${villageId}/link`, as: '/api/villages/:id/link', expect: only(200, ['admin', 'bureau', 'partner']) },
  { method: 'post', path: async () => `${await fresh.village()}/link`, as: '/api/villages/:id/link', expect: only(200, ['admin', 'bureau', 'partner']) },
  { method: 'delete', path: fresh.village, as: '/api/villages/:id', expect: only(204, ['admin', 'bureau']) },

  { method: 'get', path: '/api/teams', expect: all(200) },
  { method: 'post', path: '/api/teams', body: () => ({ name: `Team${uniq()}`, partnerId: ownPartnerId }), expect: only(201, ['admin', 'partner']) },
  { method: 'get', path: () => `/api/teams/${ownTeamId}`, as: '/api/teams/:own', expect: all(200) },
  { method: 'get', path: () => `/api/teams/${otherTeamId}`, as: '/api/teams/:another', expect: { ...all(200), partner: 404 } },
  { method: 'patch', path: () => `/api/teams/${ownTeamId}`, as: '/api/teams/:own', body: () => ({ phone: '0877-1234567' }), expect: only(200, ['admin', 'partner']) },
  { method: 'patch', path: () => `/api/teams/${otherTeamId}`, as: '/api/teams/:another', body: () => ({ phone: '0877-7654321' }), expect: { ...only(200, ['admin']), partner: 404 } },

  { method: 'get', path: '/api/films', expect: all(200) },
  { method: 'post', path: '/api/films', body: () => ({ title: `F${uniq()}`, category: 'feature' }), expect: only(201, ['admin', 'bureau']) },
  { method: 'get', as: '/api/films/:id', path: async () => `/api/films/${(await app.db('films').insert({ title: 'x', category: 'other' }).returning('id'))[0].id}`, expect: all(200) },
  {
    method: 'patch',
    as: '/api/films/:id',
    path: async () => `/api/films/${(await app.db('films').insert({ title: 'x', category: 'other' }).returning('id'))[0].id}`,
    body: () => ({ minutes: 90 }),
    expect: only(200, ['admin', 'bureau']),
  },
  { method: 'post', path: '/api/films/import?dryRun=true', type: 'text/csv', body: () => `title,category\nF${uniq()},feature\n`, expect: only(200, ['admin', 'bureau']) },

  // Campaigns: everyone but the projectionist reads (one of the whole deployment touches every scope); bureau and admin write.
  { method: 'get', path: '/api/campaigns', expect: all(200) },
  { method: 'post', path: '/api/campaigns', body: () => ({ name: `C${uniq()}`, filmIds: [campaignFilm], from: '2026-06', to: '2026-07', areaId: null }), expect: only(201, ['admin', 'bureau']) },
  { method: 'get', as: '/api/campaigns/:id', path: async () => `/api/campaigns/${await newCampaign()}`, expect: all(200) },
  { method: 'patch', as: '/api/campaigns/:id', path: async () => `/api/campaigns/${await newCampaign()}`, body: () => ({ name: `C${uniq()}` }), expect: only(200, ['admin', 'bureau']) },
  { method: 'delete', as: '/api/campaigns/:id', path: async () => `/api/campaigns/${await newCampaign()}`, expect: only(204, ['admin', 'bureau']) },
  { method: 'get', as: '/api/campaigns/:id/coverage', path: async () => `/api/campaigns/${await newCampaign()}/coverage`, expect: all(200) },
  { method: 'get', as: '/api/campaigns/:id/coverage/statuses', path: async () => `/api/campaigns/${await newCampaign()}/coverage/statuses`, expect: all(200) },

  // The villagers' voice, the bureau's side: a partner reads the reports on its own teams' screenings only (this one names none).
  { method: 'get', path: '/api/requests', expect: all(200) },
  { method: 'get', path: '/api/villager-reports', expect: all(200) },
  { method: 'get', path: async () => `/api/villager-reports/${await newReport()}`, as: '/api/villager-reports/:id', expect: { ...all(200), partner: 404 } },
  { method: 'patch', path: async () => `/api/villager-reports/${await newReport()}`, as: '/api/villager-reports/:id', body: () => ({ state: 'closed', note: '已核实' }), expect: only(200, ['admin', 'bureau']) },
  { method: 'get', path: () => `/api/areas/${countyId}/settings`, as: '/api/areas/:id/settings', expect: all(200) },
  { method: 'put', path: () => `/api/areas/${countyId}/settings`, as: '/api/areas/:id/settings', body: () => ({ supervisionPhone: '0877-3012131' }), expect: only(200, ['admin', 'bureau']) },
  // issue 22 statements: the bureau and the admin issue (409 here: no month of the round is locked); a partner reads its contract counties' only (this one holds none).
  { method: 'get', path: '/api/statements', expect: all(200) },
  { method: 'post', path: '/api/statements', body: () => ({ countyId, round: '2026-Q1' }), expect: only(409, ['admin', 'bureau']) },
  { method: 'get', path: async () => `/api/statements/${await newStatement()}`, as: '/api/statements/:id', expect: { ...all(200), partner: 404 } },
  { method: 'put', path: () => `/api/areas/${countyId}/settings`, as: '/api/areas/:id/settings (money)', body: () => ({ subsidyPerScreening: 300, paymentRound: 'month' }), expect: only(200, ['admin', 'bureau']) },

  { method: 'get', path: '/api/session', expect: { ...all(200), projectionist: 200 } },
  { method: 'get', path: '/api/audit', expect: only(200, ['admin', 'bureau']) },

  // The printed 公示 (server/voice/poster.ts): every signed-in role but the projectionist.
  { method: 'get', as: '/api/posters?villageId', path: () => `/api/posters?villageId=${villageId}&month=2026-06`, expect: all(200) },
  { method: 'get', as: '/api/posters?townshipId', path: () => `/api/posters?townshipId=${townshipId}&month=2026-06`, expect: all(200) },

  // issue 22 sign-off: every signed-in role but the projectionist reads the county-months (a partner: its contracts' counties);
  // a bureau (here of the whole deployment) and the admin submit a month nobody screened in; a partner without a contract (it sees
  // every county) may not submit it (409) and never approves (403); approving an open month is out of order (409).
  { method: 'get', path: '/api/periods', expect: all(200) },
  { method: 'post', as: '/api/periods/:countyId/:month/submit', path: async () => `/api/periods/${await newCounty()}/2026-01/submit`, body: () => ({}), expect: { ...only(200, ['admin', 'bureau']), partner: 409 } },
  { method: 'post', as: '/api/periods/:countyId/:month/approve', path: async () => `/api/periods/${await newCounty()}/2026-01/approve`, body: () => ({}), expect: only(409, ['admin', 'bureau']) },
];

const whos: Who[] = ['anonymous', 'admin', 'bureau', 'partner', 'projectionist'];

describe('role matrix', () => {
  for (const row of rows) {
    const shown = row.as ?? (typeof row.path === 'string' ? row.path : '');
    for (const who of whos) {
      it(`when ${who} sends ${row.method.toUpperCase()} ${shown}, it gets ${row.expect[who]}`, async () => {
        const path = await (typeof row.path === 'string' ? row.path : row.path());
        let req = app.http[row.method](path);
        if (who !== 'anonymous') req = req.set(who === 'projectionist' ? projectionist : app.as[who].auth);
        if (row.type) req = req.set('Content-Type', row.type);
        if (row.body) req = req.send(row.body());
        const res = await req;
        expect(res.status, JSON.stringify(res.body)).toBe(row.expect[who]);
        if (res.status >= 400) expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      });
    }
  }

  for (const who of whos) {
    const expected = who === 'anonymous' ? 401 : 204;
    it(`when ${who} sends DELETE /api/session, it gets ${expected}`, async () => {
      let req = app.http.delete('/api/session');
      if (who === 'projectionist') req = req.set(await newProjectionist());
      else if (who !== 'anonymous') req = req.set((await app.newUser(who, who === 'partner' ? ownPartnerId : undefined)).auth);
      expect((await req).status).toBe(expected);
    });
  }
});
