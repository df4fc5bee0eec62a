import type { Caller } from '../../auth/user.js';
import { fetchPage } from '../../db/page.js';
import { auditedTable } from '../table.js';
import { filterTownships, toTownship, townshipColumns } from './queries.js';
import type { TownshipQuery } from './schemas.js';

const table = auditedTable({ entity: 'township', table: 'townships', label: 'Township', columns: townshipColumns, toRecord: toTownship });

/** Townships keep no rules of their own: a unique code, and no deletion while villages remain, are the schema's. */
export const townships = { ...table, list: (c: Caller, q: TownshipQuery) => fetchPage(filterTownships(table.select(c.db), q), q, toTownship) };
