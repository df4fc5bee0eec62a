import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { invalidField } from '../http/problem.js';

/**
 * A scoped user's township and village codes lie under the code of their county, as the import's
 * do (server/imports/rows.ts): decided by the digits alone, so another county's code, which would
 * be a duplicate (409), reads like any other code outside the county (400).
 */
export async function checkCodeInCounty(db: Db, user: User, code: string | null | undefined, countyId: number | null | undefined): Promise<void> {
  if (user.counties === null || !code) return;
  const county = countyId ? await db('areas').where({ id: countyId }).first('code') : undefined;
  if (!county || !code.startsWith(county.code)) throw invalidField('code', `must begin with the code of its county${county ? ` (${county.code})` : ''}`);
}
