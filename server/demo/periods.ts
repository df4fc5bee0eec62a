import { DateTime } from 'luxon';
import { shiftMonth } from '../../domain/months.js';
import { roundMonths, roundOf } from '../../domain/periods.js';
import type { User } from '../auth/user.js';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { currentMonth, monthRange } from '../months.js';
import { getPeriod, takeStep, type PeriodContext } from '../periods/service.js';

// The demo county's sign-off (DOMAIN.md "Periods and settlement", issue 22), through the service
// as the demo's partner and bureau would take the steps: the months three or more before the
// current one signed off and locked, the month two back submitted and awaiting the county, the
// last month left open. A month with a screening still scheduled is left as it is (the demo's
// past months are fully reported; only the last one and this one keep overdue screenings).

/** A demo sign-in as the service sees it (the admin when the name was taken by another role). */
async function demoUser(trx: Db, username: 'partner' | 'bureau'): Promise<User> {
  const row =
    (await trx('users').where({ username, role: username }).first('id', 'username', 'role', 'partner_id', 'area_id')) ??
    (await trx('users').where({ role: 'admin' }).orderBy('id').first('id', 'username', 'role', 'partner_id', 'area_id'));
  return { id: row.id, username: row.username, role: row.role, partnerId: row.partner_id, teamId: null, areaId: row.area_id ?? null, counties: null };
}

/** Whether a screening of the county-month is still scheduled. */
async function unreported(trx: Db, countyId: number, month: string, zone: string): Promise<boolean> {
  const range = monthRange(month, zone);
  const row = await trx('screenings as s')
    .join('villages as v', 'v.id', 's.village_id')
    .join('townships as t', 't.id', 'v.township_id')
    .where({ 't.county_id': countyId, 's.status': 'scheduled' })
    .where('s.starts_at', '>=', range.start.toJSDate())
    .where('s.starts_at', '<', range.end.toJSDate())
    .first('s.id');
  return Boolean(row);
}

/** The demo's signed-off months; answers the months locked and the one submitted. */
export async function seedDemoPeriods(trx: Db, config: Pick<Config, 'timezone' | 'now' | 'approvalLevels'>, countyId: number): Promise<{ locked: string[]; submitted: string[] }> {
  const zone = config.timezone;
  const now = config.now();
  const as = async (username: 'partner' | 'bureau'): Promise<PeriodContext> => ({ db: trx, user: await demoUser(trx, username), zone, now, levels: config.approvalLevels });
  const [partner, bureau] = [await as('partner'), await as('bureau')];
  const current = currentMonth(zone, now);
  const first = (await trx('screenings').min({ at: 'starts_at' }).first()) as { at: Date | null } | undefined;
  if (!first?.at) return { locked: [], submitted: [] };
  const out = { locked: [] as string[], submitted: [] as string[] };
  // From the first month of the quarter the demo's data begins in (the demo pays by quarter,
  // server/demo/statements.ts): the months before its first screening are empty, signed off by the
  // bureau, so that the quarter's statement can be issued.
  const start = roundMonths(roundOf(currentMonth(zone, DateTime.fromJSDate(first.at)), 'quarter'))![0]!;
  for (let month = start; month <= shiftMonth(current, -2); month = shiftMonth(month, 1)) {
    if (await unreported(trx, countyId, month, zone)) continue;
    // Each partner that screened submits (the demo has one); a month nobody screened in, the county bureau.
    const submitter = (await getPeriod(partner, countyId, month)).actions.includes('submit') ? partner : bureau;
    await takeStep(submitter, countyId, month, 'submit', null);
    if (month === shiftMonth(current, -2)) {
      out.submitted.push(month);
      continue;
    }
    // Approved at every level of APPROVAL_LEVELS: by the demo bureau where it acts for the level, else by the admin.
    for (let level = 0; level < config.approvalLevels.length; level++) {
      const by = (await getPeriod(bureau, countyId, month)).actions.includes('approve') ? bureau : { ...bureau, user: await adminOf(trx) };
      await takeStep(by, countyId, month, 'approve', null);
    }
    out.locked.push(month);
  }
  return out;
}

async function adminOf(trx: Db): Promise<User> {
  const row = await trx('users').where({ role: 'admin' }).orderBy('id').first('id', 'username');
  return { id: row.id, username: row.username, role: 'admin', partnerId: null, teamId: null, areaId: null, counties: null };
}
