import { z } from 'zod';
import { PERIOD_REASON_MAX, periodActions, periodStates } from '../../domain/periods.js';
import { paging } from '../http/paging.js';
import { id } from '../http/validate.js';
import { monthSchema } from '../months.js';

// What the sign-off routes read from a client (DOMAIN.md "Periods and settlement").

/** GET /api/periods: the month (default: the last one that has ended, in the county zone), an area, a state. */
export const PeriodsQuery = z.object({
  month: monthSchema.optional(),
  areaId: id.optional(),
  state: z.enum(periodStates, { error: 'must be open, submitted, returned, approved or locked' }).optional(),
  ...paging,
});

/** POST /api/periods/:countyId/:month/:action. */
export const StepPath = z.object({
  countyId: id,
  month: monthSchema,
  action: z.enum(periodActions, { error: 'must be submit, approve, return or reopen' }),
});

/** A return and a reopening need a reason; a submission and an approval may carry one. */
export const StepBody = z.strictObject({
  reason: z
    .string({ error: 'must be text' })
    .trim()
    .max(PERIOD_REASON_MAX, `must be at most ${PERIOD_REASON_MAX} characters`)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional(),
});
