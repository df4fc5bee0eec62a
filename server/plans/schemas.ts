import { DateTime } from 'luxon';
import { z } from 'zod';
import { id } from '../http/validate.js';
import { monthSchema, timeSchema } from '../months.js';
import { programmeSchema, withProgramme } from '../screenings/schemas.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const dateSchema = z
  .string()
  .regex(DATE, 'must be a date as YYYY-MM-DD')
  .refine((s) => DateTime.fromISO(s).isValid, 'is not a real date');

export function planSchemas(zone: string) {
  const item = z
    .strictObject({
      villageId: id,
      teamId: id,
      startsAt: timeSchema(zone),
      filmId: id.nullish(),
      programme: programmeSchema.optional(),
      repeatReason: z.string().trim().min(1).max(500).optional(),
      // What the draft said of its programme: a draft item may come back as it was answered; ignored.
      films: z.array(z.unknown()).max(50).optional(),
      reasons: z.array(z.unknown()).max(50).optional(),
    })
    .transform(({ films: _films, reasons: _reasons, ...rest }, ctx) => withProgramme(rest, ctx));
  return {
    Draft: z.strictObject({
      month: monthSchema,
      /** Default: the partner's own teams, or every team for admin and bureau. */
      teamIds: z.array(id).min(1, 'name at least one team, or leave teamIds out').max(500).optional(),
      /** First date to plan, in the county zone; default tomorrow (or the month's first day if later). */
      from: dateSchema.optional(),
      evenings: z
        .strictObject({
          /** Local start of every planned screening; default 19:30. */
          startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:mm').default('19:30'),
          /** Evenings a team cannot show (rest day, repairs): never planned. */
          unavailable: z.array(z.strictObject({ teamId: id, date: dateSchema })).max(20_000).default([]),
        })
        .default({ startTime: '19:30', unavailable: [] }),
    }),
    Accept: z.strictObject({
      month: monthSchema,
      items: z.array(item).min(1, 'send at least one item').max(2000, 'at most 2000 items at once'),
    }),
    RunsheetQuery: z.object({ teamId: id, month: monthSchema.optional() }),
  };
}

type Schemas = ReturnType<typeof planSchemas>;
export type DraftRequest = z.output<Schemas['Draft']>;
export type AcceptRequest = z.output<Schemas['Accept']>;
