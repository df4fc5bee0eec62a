import { z } from 'zod';
import { unitStatuses } from '../../domain/status.js';
import { levels } from '../../domain/units.js';
import { groupLevels } from '../areas/schemas.js';
import { id } from '../http/validate.js';
import { monthSchema, yearSchema } from '../months.js';

export const level = z.enum(levels, { error: 'must be administrative or natural' }).default('administrative');
const format = z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional();

/** A month (default: the current county month), a level, a township, a format. */
export const MonthQuery = z.object({ month: monthSchema.optional(), level, townshipId: id.optional(), areaId: id.optional(), format });
/** /api/coverage: beside the township answer, one row per area (or township) of a level inside the area. */
export const SummaryQuery = MonthQuery.extend({ groupBy: z.enum(groupLevels, { error: 'must be province, prefecture, county or township' }).optional() });
/** /api/coverage/areas: the child areas' places, for the map (no month). */
export const AreasQuery = z.object({ level, areaId: id.optional(), groupBy: SummaryQuery.shape.groupBy });
export const VillagesQuery = MonthQuery.extend({ status: z.enum(unitStatuses, { error: 'must be covered, planned, overdue or gap' }).optional() });
export const UnitQuery = MonthQuery.omit({ townshipId: true, format: true });
export const StatusesQuery = MonthQuery.omit({ format: true });
export const YearQuery = z.object({ year: yearSchema.optional(), level, townshipId: id.optional(), areaId: id.optional(), format });
export const UnitsQuery = z.object({ level, areaId: id.optional() });
/** /api/coverage/gaps: the month's gap units as JSON, or a CSV or XLSX download. */
export const GapsQuery = MonthQuery.extend({ format: z.enum(['json', 'csv', 'xlsx'], { error: 'must be json, csv or xlsx' }).default('json') });
