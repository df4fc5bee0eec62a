import { z } from 'zod';
import { paging } from '../http/paging.js';
import { id } from '../http/validate.js';
import { entities } from './log.js';

export const auditSchemas = {
  ListQuery: z.object({
    entity: z.enum(entities, { error: `must be one of ${entities.join(', ')}` }).optional(),
    id: id.optional(),
    userId: id.optional(),
    ...paging,
  }),
};

export type AuditQuery = z.output<typeof auditSchemas.ListQuery>;
