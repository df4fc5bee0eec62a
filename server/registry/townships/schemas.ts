import { z } from 'zod';
import { paging } from '../../http/paging.js';
import { id, optionalText, requiredText } from '../../http/validate.js';

const fields = {
  name: requiredText(100),
  code: optionalText(9).pipe(z.string().regex(/^\d{9}$/, 'must be 9 digits').nullable()),
  /** The county it lies in (an area of level county); null: none (a deployment without areas). */
  countyId: id.nullish().transform((v) => v ?? null),
};

export const townshipSchemas = {
  Create: z.strictObject(fields),
  Patch: z.strictObject({ ...fields, countyId: id.nullable() }).partial(),
  ListQuery: z.object({ q: z.string().trim().max(100).optional(), countyId: id.optional(), ...paging }),
};

export type NewTownship = z.output<typeof townshipSchemas.Create>;
export type TownshipPatch = z.output<typeof townshipSchemas.Patch>;
export type TownshipQuery = z.output<typeof townshipSchemas.ListQuery>;
