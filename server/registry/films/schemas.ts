import { z } from 'zod';
import { paging } from '../../http/paging.js';
import { requiredText } from '../../http/validate.js';

export const categories = ['feature', 'science', 'other'] as const;
export type Category = (typeof categories)[number];
const category = z.enum(categories, { error: 'must be feature, science or other' });

const fields = {
  title: requiredText(200),
  category,
  minutes: z
    .number({ error: 'must be a whole number of minutes' })
    .int('must be a whole number of minutes')
    .min(1, 'must be between 1 and 1000')
    .max(1000, 'must be between 1 and 1000')
    .nullish()
    .transform((v) => v ?? null),
};

export const filmSchemas = {
  Create: z.strictObject(fields),
  Patch: z.strictObject(fields).partial(),
  ListQuery: z.object({ q: z.string().trim().max(100).optional(), category: category.optional(), ...paging }),
};

export type NewFilm = z.output<typeof filmSchemas.Create>;
export type FilmPatch = z.output<typeof filmSchemas.Patch>;
export type FilmQuery = z.output<typeof filmSchemas.ListQuery>;
