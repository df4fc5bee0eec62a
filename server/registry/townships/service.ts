import { whereCountyInScope } from '../../areas/scope.js';
import type { Caller, User } from '../../auth/user.js';
import { fetchPage } from '../../db/page.js';
import { badRequest } from '../../http/problem.js';
import { checkCodeInCounty } from '../codes.js';
import { auditedTable } from '../table.js';
import { filterTownships, toTownship, townshipColumns } from './queries.js';
import type { NewTownship, TownshipPatch, TownshipQuery } from './schemas.js';

const table = auditedTable({
  entity: 'township',
  table: 'townships',
  label: 'Township',
  columns: townshipColumns,
  toRecord: toTownship,
  visible: (_db, query, user) => whereCountyInScope(query, user, 'county_id'),
});

/** A user with a scope places townships only in its own counties (a township in none would be lost to it). */
function checkCounty(user: User, countyId: number | null | undefined): void {
  if (user.counties === null || countyId === undefined) return;
  if (countyId === null || !user.counties.includes(countyId)) {
    throw badRequest('Invalid body: countyId.', [{ path: 'countyId', message: countyId === null ? 'required: a county of your area' : 'no such county in your area' }]);
  }
}

const columnsOf = ({ countyId, ...rest }: Partial<NewTownship>) => ({ ...rest, ...(countyId !== undefined && { county_id: countyId }) });

/**
 * Townships keep few rules of their own: a unique code, a county that is a county, and no deletion
 * while villages remain, are the schema's; a scoped user's townships lie in its counties.
 */
export const townships = {
  ...table,
  list: (c: Caller, q: TownshipQuery) => fetchPage(filterTownships(table.select(c.db, c.user), q), q, toTownship),
  create: async (c: Caller, t: NewTownship) => {
    checkCounty(c.user, t.countyId);
    await checkCodeInCounty(c.db, c.user, t.code, t.countyId);
    return table.create(c, columnsOf(t));
  },
  update: async (c: Caller, id: number, t: TownshipPatch) => {
    checkCounty(c.user, t.countyId);
    if (t.code) await checkCodeInCounty(c.db, c.user, t.code, t.countyId ?? (await table.find(c, id)).countyId);
    return table.update(c, id, columnsOf(t));
  },
};
