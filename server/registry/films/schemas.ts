import { z } from 'zod';
import { filmCategories, type FilmCategory } from '../../../domain/programme.js';
import { paging } from '../../http/paging.js';
import { optionalText, requiredText } from '../../http/validate.js';
import { timeSchema } from '../../months.js';
import { dateSchema } from '../../plans/schemas.js';

export const categories = filmCategories;
export type Category = FilmCategory;
const category = z.enum(categories, { error: 'must be feature, science, documentary, opera, children or other' });

/** A theme of the catalogue (乡村振兴, 安全生产…): trimmed text, each once. */
const theme = z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters');
const themes = z
  .array(theme, { error: 'must be a list of themes' })
  .max(20, 'must be at most 20 themes')
  .transform((list) => [...new Set(list)]);

const nullableDate = dateSchema.nullish().transform((v) => v ?? null);

function fieldsOf(zone: string) {
  return {
    title: requiredText(200),
    category,
    minutes: z
      .number({ error: 'must be a whole number of minutes' })
      .int('must be a whole number of minutes')
      .min(1, 'must be between 1 and 1000')
      .max(1000, 'must be between 1 and 1000')
      .nullish()
      .transform((v) => v ?? null),
    year: z
      .number({ error: 'must be a year between 1900 and 2100' })
      .int('must be a year between 1900 and 2100')
      .min(1900, 'must be a year between 1900 and 2100')
      .max(2100, 'must be a year between 1900 and 2100')
      .nullish()
      .transform((v) => v ?? null),
    code: optionalText(50),
    availableFrom: nullableDate,
    availableTo: nullableDate,
    themes: themes.nullish().transform((v) => v ?? []),
    retiredAt: timeSchema(zone).nullish().transform((v) => v ?? null),
  };
}

/** The licence window's order, checked where both ends are in the body (the schema's constraint checks a patch against the row). */
const windowInOrder = (f: { availableFrom?: string | null; availableTo?: string | null }) => !f.availableFrom || !f.availableTo || f.availableFrom <= f.availableTo;
const windowIssue = { message: 'must be on or after availableFrom', path: ['availableTo'] };

export function filmSchemas(zone: string) {
  const fields = fieldsOf(zone);
  return {
    Create: z.strictObject(fields).refine(windowInOrder, windowIssue),
    Patch: z.strictObject(fields).partial().refine(windowInOrder, windowIssue),
    ListQuery: z.object({
      q: z.string().trim().max(100).optional(),
      category: category.optional(),
      /** Licensed that day (window inclusive) and not retired. */
      availableOn: dateSchema.optional(),
      theme: z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters').optional(),
      ...paging,
    }),
  };
}

type Schemas = ReturnType<typeof filmSchemas>;
export type NewFilm = z.output<Schemas['Create']>;
export type FilmPatch = z.output<Schemas['Patch']>;
export type FilmQuery = z.output<Schemas['ListQuery']>;
