import { z } from 'zod';
import { monthSchema, timeSchema } from '../months.js';
import { paging } from '../http/paging.js';
import { id } from '../http/validate.js';

export const statuses = ['scheduled', 'completed', 'cancelled'] as const;
export type ScreeningStatus = (typeof statuses)[number];

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));

export function screeningSchemas(zone: string) {
  const fields = {
    villageId: id,
    teamId: id,
    filmId: id.nullish().transform((v) => v ?? null),
    startsAt: timeSchema(zone),
    status: z.enum(statuses, { error: 'must be scheduled, completed or cancelled' }),
    audience: z
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .max(1_000_000, 'must be at most 1000000')
      .nullish(),
    cancelReason: text(500),
    notes: text(2000),
  };
  return {
    Create: z.strictObject({ ...fields, status: fields.status.default('scheduled') }),
    // A client may send back the version it read; If-Match is the header form of the same check.
    Patch: z.strictObject({ ...fields, version: z.number().int().positive() }).partial(),
    ListQuery: z.object({
      month: monthSchema.optional(),
      villageId: id.optional(),
      teamId: id.optional(),
      townshipId: id.optional(),
      status: z.enum(statuses, { error: 'must be scheduled, completed or cancelled' }).optional(),
      ...paging,
    }),
  };
}

type Schemas = ReturnType<typeof screeningSchemas>;
export type NewScreening = z.output<Schemas['Create']>;
export type ScreeningPatch = z.output<Schemas['Patch']>;
