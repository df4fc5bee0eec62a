import { z } from 'zod';
import { level } from '../coverage/schemas.js';
import { id } from '../http/validate.js';
import { monthSchema, yearSchema } from '../months.js';

const format = z.enum(['json', 'csv', 'xlsx'], { error: 'must be json, csv or xlsx' }).default('json');

/** /api/reports/month: a month (default: the current county month), a level, an area. */
export const MonthReportQuery = z.object({ month: monthSchema.optional(), level, areaId: id.optional(), format });
/** /api/reports/year: a year (default: the current one), a level, an area. */
export const YearReportQuery = z.object({ year: yearSchema.optional(), level, areaId: id.optional(), format });
/** /api/reports/subsidy: a month and an area; always of administrative units (the 2131 promise). */
export const SubsidyQuery = z.object({ month: monthSchema.optional(), areaId: id.optional(), format });

export type MonthReportQ = z.output<typeof MonthReportQuery>;
export type YearReportQ = z.output<typeof YearReportQuery>;
export type SubsidyQ = z.output<typeof SubsidyQuery>;
/** /api/reports/villagers: what villagers said in a month (default: the current one), inside an area. */
export const VillagersReportQuery = z.object({ month: monthSchema.optional(), areaId: id.optional(), format });
export type VillagersReportQ = z.output<typeof VillagersReportQuery>;
