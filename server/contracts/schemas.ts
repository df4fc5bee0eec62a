import { z } from 'zod';
import { paging } from '../http/paging.js';
import { id } from '../http/validate.js';
import { monthSchema } from '../months.js';

const fields = {
  partnerId: id,
  countyId: id,
  /** The first month of the contract, and the last (null: open-ended); both in the county zone. */
  from: monthSchema,
  to: monthSchema.nullable().default(null),
};

const periodInOrder = (c: { from?: string; to?: string | null }) => !c.from || !c.to || c.to >= c.from;
const period = { error: 'must be the from month or later', path: ['to'] };

export const contractSchemas = {
  Create: z.strictObject(fields).refine(periodInOrder, period),
  /** A contract's partner and county are what it is: a change moves its period. */
  Patch: z.strictObject({ from: fields.from, to: monthSchema.nullable() }).partial().refine(periodInOrder, period),
  ListQuery: z.object({ partnerId: id.optional(), countyId: id.optional(), ...paging }),
};

export type NewContract = z.output<typeof contractSchemas.Create>;
export type ContractPatch = z.output<typeof contractSchemas.Patch>;
export type ContractQuery = z.output<typeof contractSchemas.ListQuery>;
