import { z } from 'zod';
import { paging } from '../../http/paging.js';
import { requiredText } from '../../http/validate.js';

export const partnerSchemas = {
  Create: z.strictObject({ name: requiredText(200) }),
  ListQuery: z.object({ ...paging }),
};

export type NewPartner = z.output<typeof partnerSchemas.Create>;
export type PartnerQuery = z.output<typeof partnerSchemas.ListQuery>;
