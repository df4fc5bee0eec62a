import { z } from 'zod';
import { paging } from '../../http/paging.js';
import { id, optionalText, requiredText } from '../../http/validate.js';

const fields = {
  name: requiredText(100),
  partnerId: id,
  baseVillageId: id.nullish().transform((v) => v ?? null),
  phone: optionalText(40).pipe(z.string().regex(/^[0-9+()\- ]{3,40}$/, 'must be a phone number').nullable()),
};

export const teamSchemas = {
  // A partner's user may leave partnerId out: it is their own.
  Create: z.strictObject({ ...fields, partnerId: id.optional() }),
  Patch: z.strictObject(fields).partial(),
  ListQuery: z.object({ partnerId: id.optional(), q: z.string().trim().max(100).optional(), ...paging }),
};

export type NewTeam = z.output<typeof teamSchemas.Create>;
export type TeamPatch = z.output<typeof teamSchemas.Patch>;
export type TeamQuery = z.output<typeof teamSchemas.ListQuery>;
