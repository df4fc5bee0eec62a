import { z } from 'zod';
import { reportKinds, reportStates } from '../../domain/voice.js';
import { paging } from '../http/paging.js';
import { id } from '../http/validate.js';
import { monthSchema } from '../months.js';

// What the signed-in side of the villagers' voice reads from a client (DOMAIN.md "Villagers'
// voice"): the requests' and the reports' list filters, the bureau's handling of a report, and an
// area's settings.

/** GET /api/requests: the month (default: the current one in the county zone), an area, a unit. */
export const RequestsQuery = z.object({ month: monthSchema.optional(), areaId: id.optional(), villageId: id.optional(), ...paging });
export type RequestsQ = z.output<typeof RequestsQuery>;

/** GET /api/villager-reports: every filter optional; no month: every month. */
export const ReportsQuery = z.object({
  month: monthSchema.optional(),
  areaId: id.optional(),
  state: z.enum(reportStates, { error: 'must be new, looking or closed' }).optional(),
  kind: z.enum(reportKinds, { error: 'must be not_held, late or other' }).optional(),
  villageId: id.optional(),
  screeningId: id.optional(),
  ...paging,
});
export type ReportsQ = z.output<typeof ReportsQuery>;

/** The bureau's note on a report, in characters. */
export const REPORT_NOTE_MAX = 500;

const note = z
  .string({ error: (issue) => (issue.input === undefined ? 'required' : 'must be text, or null') })
  .trim()
  .max(REPORT_NOTE_MAX, `must be at most ${REPORT_NOTE_MAX} characters`)
  .transform((s) => (s === '' ? null : s))
  .nullable()
  .optional();

/** PATCH /api/villager-reports/:id: the state, and a note (closing needs one; a note left out keeps the one there). */
export const ReportPatch = z
  .strictObject({ state: z.enum(reportStates, { error: 'must be new, looking or closed' }), note })
  .superRefine((p, ctx) => {
    if (p.state === 'closed' && !p.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'required to close a report' });
  });
export type ReportPatchBody = z.output<typeof ReportPatch>;

/** A supervision phone: digits, spaces, hyphens and parentheses, a leading +; 3 to 40 characters (the table's check). */
export const PHONE = /^\+?[0-9 ()-]+$/;
export const PHONE_MESSAGE = 'must be a phone number of 3 to 40 characters: digits, spaces, hyphens, parentheses and a leading +';

/** PUT /api/areas/:id/settings: the area's own supervision phone; null (or empty) clears it, and it inherits again. */
export const SettingsBody = z.strictObject({
  supervisionPhone: z
    .string({ error: (issue) => (issue.input === undefined ? 'required' : PHONE_MESSAGE) })
    .trim()
    .transform((s) => (s === '' ? null : s))
    .refine((s) => s === null || (s.length >= 3 && s.length <= 40 && PHONE.test(s) && /[0-9]/.test(s)), PHONE_MESSAGE)
    .nullable(),
});
export type SettingsPut = z.output<typeof SettingsBody>;
export const SettingsPath = z.object({ id });
