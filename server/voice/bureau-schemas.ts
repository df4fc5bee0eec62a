import { z } from 'zod';
import { costShareKeys, paymentRounds, toFen } from '../../domain/periods.js';
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

const phone = z
  .string({ error: PHONE_MESSAGE })
  .trim()
  .transform((s) => (s === '' ? null : s))
  .refine((s) => s === null || (s.length >= 3 && s.length <= 40 && PHONE.test(s) && /[0-9]/.test(s)), PHONE_MESSAGE)
  .nullable();

// issue 22 statements: the money settings (DOMAIN.md "Periods and settlement", "Money"), each optional, null clears it.
export const YUAN_MESSAGE = 'must be an amount in yuan, 0 to 1000000, with at most two decimals';
const yuan = z
  .number({ error: YUAN_MESSAGE })
  .min(0, YUAN_MESSAGE)
  .max(1_000_000, YUAN_MESSAGE)
  .refine((y) => Number.isFinite(toFen(y)), YUAN_MESSAGE)
  .nullable()
  .optional();
export const SHARES_MESSAGE = 'must be the four levels\' shares (central, province, prefecture, county), each 0 to 1, summing to 1';
const share = z.number({ error: SHARES_MESSAGE }).min(0, SHARES_MESSAGE).max(1, SHARES_MESSAGE);
const costShares = z
  .strictObject({ central: share, province: share, prefecture: share, county: share }, { error: SHARES_MESSAGE })
  .refine((s) => Math.abs(costShareKeys.reduce((n, k) => n + s[k], 0) - 1) < 1e-6, SHARES_MESSAGE)
  .nullable()
  .optional();

/**
 * PUT /api/areas/:id/settings: any of the area's own settings — the supervision phone and the
 * money settings; each null (the phone: or empty) clears it, and the area inherits it again; one
 * left out stays as it is. An empty body names nothing to set: 400 (on supervisionPhone, as before).
 */
export const SettingsBody = z
  .strictObject({
    supervisionPhone: phone.optional(),
    subsidyPerScreening: yuan,
    costShares,
    filmFeePerFilm: yuan,
    annualPlanPerUnit: z.number({ error: 'must be a whole number from 1 to 366' }).int('must be a whole number from 1 to 366').min(1, 'must be a whole number from 1 to 366').max(366, 'must be a whole number from 1 to 366').nullable().optional(),
    paymentRound: z.enum(paymentRounds, { error: 'must be month, quarter or half' }).nullable().optional(),
  })
  .superRefine((b, ctx) => {
    if (Object.values(b).every((v) => v === undefined)) ctx.addIssue({ code: 'custom', path: ['supervisionPhone'], message: 'required: name at least one setting' });
  });
export type SettingsPut = z.output<typeof SettingsBody>;
export const SettingsPath = z.object({ id });
