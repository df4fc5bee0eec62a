import { z } from 'zod';
import { paging } from '../../http/paging.js';
import { optionalText, requiredText } from '../../http/validate.js';

const fields = {
  name: requiredText(100),
  code: optionalText(9).pipe(z.string().regex(/^\d{9}$/, 'must be 9 digits').nullable()),
};

export const townshipSchemas = {
  Create: z.strictObject(fields),
  Patch: z.strictObject(fields).partial(),
  ListQuery: z.object({ q: z.string().trim().max(100).optional(), ...paging }),
};

export type NewTownship = z.output<typeof townshipSchemas.Create>;
export type TownshipPatch = z.output<typeof townshipSchemas.Patch>;
export type TownshipQuery = z.output<typeof townshipSchemas.ListQuery>;
