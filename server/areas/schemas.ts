import { z } from 'zod';
import { paging } from '../http/paging.js';
import { id, requiredText } from '../http/validate.js';

export const areaLevels = ['province', 'prefecture', 'county'] as const;
export type AreaLevel = (typeof areaLevels)[number];
/** What coverage may be grouped by: an area level, or the townships. */
export const groupLevels = [...areaLevels, 'township'] as const;
export type GroupLevel = (typeof groupLevels)[number];

/** The digits of each level's code (the national statistical codes: 2, 4 and 6 of a village's 12). */
export const codeDigits: Record<AreaLevel, number> = { province: 2, prefecture: 4, county: 6 };
export const levelOfCode = (code: string): AreaLevel | undefined => areaLevels.find((l) => codeDigits[l] === code.length);

const code = z.string().trim().regex(/^(\d{2}|\d{4}|\d{6})$/, 'must be 2 (province), 4 (prefecture) or 6 (county) digits');

export const areaSchemas = {
  Create: z.strictObject({ code, name: requiredText(100) }),
  /** The code places the area (its level and parent): it does not change; a rename does. */
  Patch: z.strictObject({ name: requiredText(100) }),
  ListQuery: z.object({
    level: z.enum(areaLevels, { error: 'must be province, prefecture or county' }).optional(),
    parentId: id.optional(),
    q: z.string().trim().max(100).optional(),
    ...paging,
  }),
};

export type NewArea = z.output<typeof areaSchemas.Create>;
export type AreaPatch = z.output<typeof areaSchemas.Patch>;
export type AreaQuery = z.output<typeof areaSchemas.ListQuery>;
