import { z } from 'zod';
import { MAX_REQUESTED_FILMS, REPORT_TEXT_MAX, REQUEST_COMMENT_MAX, reportKinds } from '../../domain/voice.js';
import { id, optionalText } from '../http/validate.js';

// What a village page (/v/<token>) sends (DOMAIN.md "Villagers' voice"): a film request (点单) and
// a problem report (反映问题). Unknown keys are refused by name, as the confirmation's are
// (server/evidence/schemas.ts Confirmation): a form that sends more than it should is a bug to see.

/** A village page's form is small: a larger body is refused before it is read (413). */
export const VILLAGER_BODY_BYTES = 4096;

export const VillagerRequest = z.strictObject({
  filmIds: z
    .array(id, { error: `must be a list of 1 to ${MAX_REQUESTED_FILMS} film ids` })
    .min(1, 'must name at least one film')
    .max(MAX_REQUESTED_FILMS, `must name at most ${MAX_REQUESTED_FILMS} films`)
    .refine((ids) => new Set(ids).size === ids.length, 'must not name a film twice'),
  comment: optionalText(REQUEST_COMMENT_MAX),
});

export const VillagerReport = z.strictObject({
  kind: z.enum(reportKinds, { error: `must be one of ${reportKinds.join(', ')}` }),
  screeningId: id.nullish().transform((v) => v ?? null),
  text: optionalText(REPORT_TEXT_MAX),
});

export type NewVillagerRequest = z.output<typeof VillagerRequest>;
export type NewVillagerReport = z.output<typeof VillagerReport>;
