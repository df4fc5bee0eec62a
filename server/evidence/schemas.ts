import { z } from 'zod';
import { flagCodes } from '../../domain/evidence.js';
import { reviewDecisions, verificationStates, type VerificationState } from '../../domain/status.js';
import { paging } from '../http/paging.js';
import { id, optionalText } from '../http/validate.js';
import { monthSchema, timeSchema } from '../months.js';

/** A phone's clock may run a little ahead of the server's. */
export const FIX_CLOCK_SKEW_MS = 10 * 60_000;
/** A fix sent more than a year after it was taken is no evidence of an evening. */
export const FIX_MAX_AGE_MS = 366 * 24 * 3_600_000;

const flag = z.enum(['1', '0', 'true', 'false'], { error: 'must be 1, 0, true or false' }).default('0').transform((v) => v === '1' || v === 'true');

export function evidenceSchemas(zone: string, now: () => number) {
  const degrees = (max: number) =>
    z.number({ error: 'must be a number of degrees' }).min(-max, `must be between -${max} and ${max}`).max(max, `must be between -${max} and ${max}`);
  return {
    Fix: z.strictObject({
      lat: degrees(90),
      lng: degrees(180),
      accuracy: z.number({ error: 'must be a number of metres' }).gt(0, 'must be more than 0 metres').max(100_000, 'must be at most 100000 metres'),
      takenAt: timeSchema(zone)
        .refine((d) => d.getTime() <= now() + FIX_CLOCK_SKEW_MS, 'must not be in the future')
        .refine((d) => d.getTime() >= now() - FIX_MAX_AGE_MS, 'must be within the last year'),
      kind: z.enum(['report', 'arrival'], { error: 'must be report or arrival' }).default('report'),
    }),
    Review: z
      .strictObject({
        decision: z.enum(reviewDecisions, { error: 'must be accepted, rejected or null' }).nullable(),
        reason: optionalText(500),
      })
      .superRefine((b, ctx) => {
        if (b.decision === 'rejected' && !b.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required to reject' });
      }),
    Accept: z.strictObject({
      ids: z.array(id, { error: 'must be a list of screening ids' }).min(1, 'must name at least one screening').max(1000, 'must name at most 1000 screenings'),
      reason: optionalText(500),
    }),
    Recheck: z.strictObject({ month: monthSchema }),
    ReviewQuery: z.object({
      month: monthSchema.optional(),
      // One state or several, comma-separated: the review page's default is flagged,unverified.
      state: z
        .string()
        .refine((v) => v.split(',').every((s) => (verificationStates as readonly string[]).includes(s)), 'must be verified, flagged or unverified, or several of them separated by commas')
        .transform((v) => [...new Set(v.split(','))] as VerificationState[])
        .optional(),
      decision: z.enum([...reviewDecisions, 'none'], { error: 'must be accepted, rejected or none' }).optional(),
      townshipId: id.optional(),
      teamId: id.optional(),
      flag: z.enum(flagCodes, { error: `must be one of ${flagCodes.join(', ')}` }).optional(),
      screeningId: id.optional(),
      ...paging,
    }),
    PhotoList: z.object(paging),
    PhotoQuery: z.object({ original: flag }),
    Confirmation: z.strictObject({
      rating: z.number({ error: 'must be a whole number from 1 to 5' }).int('must be a whole number from 1 to 5').min(1, 'must be at least 1').max(5, 'must be at most 5').nullish(),
      comment: optionalText(500),
    }),
  };
}

type Schemas = ReturnType<typeof evidenceSchemas>;
export type NewFix = z.output<Schemas['Fix']>;
export type ReviewBody = z.output<Schemas['Review']>;
export type ReviewQuery = z.output<Schemas['ReviewQuery']>;
export type NewConfirmation = z.output<Schemas['Confirmation']>;
