import { z } from 'zod';
import { monthSchema, timeSchema } from '../months.js';
import { paging } from '../http/paging.js';
import { id } from '../http/validate.js';
import { PROGRAMME_MAX } from '../../domain/programme.js';

export const statuses = ['scheduled', 'completed', 'cancelled'] as const;
export type ScreeningStatus = (typeof statuses)[number];

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));

/**
 * A programme: up to 6 distinct film ids in the order shown (DOMAIN.md "Films and programmes").
 * The film too many and a film's second appearance are named by their place: programme.6, programme.N.
 */
export const programmeSchema = z.array(id, { error: 'must be a list of film ids' }).superRefine((ids, ctx) => {
  if (ids.length > PROGRAMME_MAX) ctx.addIssue({ code: 'custom', path: [PROGRAMME_MAX], message: `at most ${PROGRAMME_MAX} films` });
  ids.forEach((film, i) => {
    if (ids.indexOf(film) !== i) ctx.addIssue({ code: 'custom', path: [i], message: 'a film appears twice' });
  });
});

/**
 * `filmId` is shorthand for `programme: [filmId]` (null: an empty programme); both given and
 * different is a 400 naming `programme`. Afterwards only `programme` is left.
 */
export function withProgramme<T extends { filmId?: number | null; programme?: number[] }>(body: T, ctx: z.RefinementCtx): Omit<T, 'filmId'> & { viaFilmId?: true } {
  const { filmId, ...rest } = body;
  if (filmId === undefined) return rest;
  const short = filmId === null ? [] : [filmId];
  if (body.programme !== undefined && (body.programme.length !== short.length || body.programme.some((f, i) => f !== short[i]))) {
    ctx.addIssue({ code: 'custom', path: ['programme'], message: 'filmId and programme disagree: send one of them' });
    return rest;
  }
  // Errors about the film then name the field the client sent (./service.ts referenceErrors).
  return { ...rest, programme: short, viaFilmId: true };
}

export function screeningSchemas(zone: string) {
  const fields = {
    villageId: id,
    teamId: id,
    filmId: id.nullish(),
    programme: programmeSchema,
    repeatReason: text(500),
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
    Create: z.strictObject({ ...fields, status: fields.status.default('scheduled') }).partial({ filmId: true, programme: true, repeatReason: true }).transform(withProgramme),
    // A client may send back the version it read; If-Match is the header form of the same check.
    Patch: z.strictObject({ ...fields, version: z.number().int().positive() }).partial().transform(withProgramme),
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
