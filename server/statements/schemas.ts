import { z } from 'zod';
import { roundMonths } from '../../domain/periods.js';
import { paging } from '../http/paging.js';
import { id } from '../http/validate.js';

// What /api/statements reads from a client (DOMAIN.md "Periods and settlement").

export const ROUND_MESSAGE = 'must be a round: YYYY-Qn, YYYY-Hn or YYYY-MM';
const round = z.string({ error: ROUND_MESSAGE }).refine((r) => roundMonths(r) !== null, ROUND_MESSAGE);

/** POST /api/statements: the county and the round to settle. */
export const IssueBody = z.strictObject({ countyId: id, round });
export type IssueB = z.output<typeof IssueBody>;

/** GET /api/statements: newest first, of a county and a round if asked. */
export const StatementsQuery = z.object({ countyId: id.optional(), round: round.optional(), ...paging });
export type StatementsQ = z.output<typeof StatementsQuery>;

export const StatementPath = z.object({ id });
export const StatementFormat = z.object({ format: z.enum(['json', 'csv', 'xlsx'], { error: 'must be json, csv or xlsx' }).default('json') });
