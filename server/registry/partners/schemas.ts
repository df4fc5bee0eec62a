import { z } from 'zod';
import { paging } from '../../http/paging.js';
import { requiredText } from '../../http/validate.js';

const Create = z.strictObject({ name: requiredText(200) });

export const partnerSchemas = {
  Create,
  /** A partner has only its name to change: a rename. */
  Patch: Create,
  ListQuery: z.object({ ...paging }),
};

export type NewPartner = z.output<typeof partnerSchemas.Create>;
export type PartnerQuery = z.output<typeof partnerSchemas.ListQuery>;
