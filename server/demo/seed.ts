// issue 22 statements
import { seedDemoStatements } from './statements.js';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { hashPassword } from '../auth/passwords.js';
import { readTonghai, seeded, shortName, townshipCentres } from './tonghai.js';
import { seedDemoEvidence } from './evidence.js';
import { seedDemoFilms } from './films.js';
import { seedDemoScreenings } from './screenings.js';
// issue 22 sign-off
import { seedDemoPeriods } from './periods.js';
import { seedDemoTargets } from './targets.js';
import { seedDemoCampaign } from './campaigns.js';
import { seedDemoVoice } from './voice.js';

export async function isEmpty(db: Db): Promise<boolean> {
  const [t, u] = await Promise.all([db('townships').first('id'), db('users').first('id')]);
  return !t && !u;
}

export const demoSignIns = [
  { username: 'admin', password: 'admin-2131', role: 'admin' },
  { username: 'bureau', password: 'bureau-2131', role: 'bureau' },
  { username: 'partner', password: 'partner-2131', role: 'partner' },
  // The phone in the first team's pocket (第一放映队).
  { username: 'projectionist', password: 'projectionist-2131', role: 'projectionist' },
] as const;

const hamlets = ['上村', '下村', '新村', '大村', '小营', '山脚'];

/** Where the demo county lies: the national statistical codes of its province, prefecture and itself. */
export const demoAreas = [
  { code: '53', name: '云南省' },
  { code: '5304', name: '玉溪市' },
  { code: '530423', name: '通海县' },
];
export const DEMO_COUNTY_CODE = '530423';
const DEMO_CONTRACT_FROM = '2024-01';

/** The Tonghai demo county: its real 77 units, approximate positions, a partner, teams, films, sign-ins, screenings and their evidence (with the telling cases' ids). */
export async function seedDemo(db: Db, config: Config) {
  const passwordHashes = await Promise.all(demoSignIns.map((s) => hashPassword(s.password)));
  return db.transaction(async (trx) => {
    const { countyId, villageIds } = await seedRegistry(trx);
    const signIns = await seedPartner(trx, countyId, villageIds, passwordHashes);
    await seedDemoFilms(trx, config.now().toJSDate());
    await seedDemoScreenings(trx, config.timezone, config.now());
    await seedDemoTargets(trx, config.timezone, config.now());
    await seedDemoCampaign(trx, config.timezone, config.now());
    // The evidence goes through the screenings' one use case (server/screenings/change.ts), as a phone's would.
    const cases = await seedDemoEvidence(trx, config);
    // The villagers' voice: after the evidence, so the dispute lands on a screening as the demo shows it.
    await seedDemoVoice(trx, config, countyId, cases);
    // issue 22 sign-off: the old months locked, the month two back awaiting the county (after every write of their screenings).
    await seedDemoPeriods(trx, config, countyId);
    // issue 22 statements: the money settings, and a statement for every quarter whose months are all locked.
    await seedDemoStatements(trx, config, countyId);
    return { signIns: signIns.map((s) => ({ ...s })), cases };
  });
}

/** The county in its place among the national codes (云南省 › 玉溪市 › 通海县), its townships and villages; answers the county and the administrative villages. */
async function seedRegistry(trx: Db): Promise<{ countyId: number; villageIds: number[] }> {
  const units = readTonghai();
  const random = seeded(530423);
  // Its own generator, so the positions stay those of the demo before villages had a population.
  const people = seeded(530424);
  await trx('areas').insert(demoAreas);
  const county = await trx('areas').where({ code: DEMO_COUNTY_CODE }).first('id');
  const townshipIds = new Map<string, number>();
  for (const u of units) {
    if (townshipIds.has(u.townshipCode)) continue;
    const [row] = await trx('townships').insert({ name: u.townshipName, code: u.townshipCode, county_id: county.id }).returning('id');
    townshipIds.set(u.townshipCode, row.id);
  }

  const villageIds: number[] = [];
  for (const [i, u] of units.entries()) {
    const [clat, clng] = townshipCentres[u.townshipCode] ?? [24.09, 102.75];
    // Communities cluster near the township seat, village committees spread further out.
    const spread = u.committee === 'community' ? 0.015 : 0.045;
    const lat = clat + (random() - 0.5) * 2 * spread;
    const lng = clng + (random() - 0.5) * 2 * spread;
    const [row] = await trx('villages')
      .insert({
        name: shortName(u.name),
        code: u.code,
        township_id: townshipIds.get(u.townshipCode),
        kind: 'administrative',
        lat: round(lat),
        lng: round(lng),
        position_approximate: true,
        // Made up, of the order of Tonghai's: a village committee 1,200–4,200 people, a community more.
        population: Math.round(((u.committee === 'community' ? 2500 : 1200) + people() * 3000) / 10) * 10,
      })
      .returning('id');
    villageIds.push(row.id);
    // Some village committees get two to four of their natural villages.
    if (u.committee === 'village' && i % 3 === 0) {
      const count = 2 + Math.floor(random() * 3);
      for (let k = 0; k < count; k++) {
        await trx('villages').insert({
          name: `${shortName(u.name).replace(/村$/, '')}${hamlets[k]}`,
          township_id: townshipIds.get(u.townshipCode),
          kind: 'natural',
          parent_id: row.id,
          lat: round(lat + (random() - 0.5) * 0.012),
          lng: round(lng + (random() - 0.5) * 0.012),
          position_approximate: true,
        });
      }
    }
  }
  return { countyId: county.id, villageIds };
}

/** The partner, its contract and teams; the demo sign-ins whose usernames are free (answered). */
async function seedPartner(trx: Db, countyId: number, villageIds: number[], passwordHashes: string[]) {
  const [partner] = await trx('partners').insert({ name: '通海县星光农村电影放映有限公司' }).returning('id');
  // Its contract with the county, open-ended from well before the demo's screenings.
  await trx('contracts').insert({ partner_id: partner.id, county_id: countyId, from_month: DEMO_CONTRACT_FROM, to_month: null });
  const bases = [villageIds[0], villageIds[Math.floor(villageIds.length / 2)], villageIds[villageIds.length - 1]];
  const [firstTeam] = await trx('teams').insert(
    ['第一放映队', '第二放映队', '第三放映队'].map((name, i) => ({
      name,
      partner_id: partner.id,
      base_village_id: bases[i],
      phone: `1388770${String(1001 + i)}`,
    })),
    'id',
  );
  // A demo user is skipped when its username is taken (ADMIN_USERNAME=admin on the first start).
  const taken = new Set((await trx('users').whereIn('username', demoSignIns.map((s) => s.username)).select('username')).map((u) => u.username as string));
  const users = demoSignIns.flatMap((s, i) =>
    taken.has(s.username)
      ? []
      : [{ username: s.username, password_hash: passwordHashes[i], role: s.role, partner_id: s.role === 'partner' ? partner.id : null, team_id: s.role === 'projectionist' ? firstTeam.id : null }],
  );
  if (users.length) await trx('users').insert(users);
  return demoSignIns.filter((s) => !taken.has(s.username));
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;
