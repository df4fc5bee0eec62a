import { z } from 'zod';
import { paging } from '../../http/paging.js';
import { id, optionalText, requiredText } from '../../http/validate.js';
import { timeSchema } from '../../months.js';

export const kinds = ['administrative', 'natural'] as const;
export type Kind = (typeof kinds)[number];
const kind = z.enum(kinds, { error: 'must be administrative or natural' });

export function villageSchemas(zone: string) {
  const fields = {
    name: requiredText(100),
    townshipId: id,
    kind,
    parentId: id.nullish().transform((v) => v ?? null),
    code: optionalText(12).pipe(z.string().regex(/^\d{12}$/, 'must be 12 digits').nullable()),
    lat: z.number({ error: 'must be a number' }).min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90'),
    lng: z.number({ error: 'must be a number' }).min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180'),
    positionApproximate: z.boolean().default(false),
    retiredAt: timeSchema(zone).nullish().transform((v) => v ?? null),
  };
  return {
    Create: z.strictObject(fields),
    Patch: z.strictObject({ ...fields, positionApproximate: z.boolean() }).partial(),
    ListQuery: z.object({
      townshipId: id.optional(),
      parentId: id.optional(),
      kind: kind.optional(),
      q: z.string().trim().max(100).optional(),
      retired: z.enum(['true', 'false', 'all'], { error: 'must be true, false or all' }).default('all'),
      ...paging,
    }),
  };
}

type Schemas = ReturnType<typeof villageSchemas>;
export type NewVillage = z.output<Schemas['Create']>;
export type VillagePatch = z.output<Schemas['Patch']>;
export type VillageQuery = z.output<Schemas['ListQuery']>;
