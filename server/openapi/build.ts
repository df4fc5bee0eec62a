// Small builders for the hand-kept OpenAPI document. Each feature keeps its piece beside its routes
// (server/<feature>/openapi.ts); ./document.ts puts the pieces together.

import type { Config } from '../config.js';

export type Schema = Record<string, unknown>;

/** One feature's part of the document: its paths, and the schemas they name. */
export interface ApiPiece {
  paths: Record<string, unknown>;
  schemas?: Record<string, Schema>;
}
export type ApiPieceOf = (config: Config) => ApiPiece;

/** A time of the registry, sessions and the audit log, in the county zone. */
export const countyTime = (config: Config): Schema => ({
  type: 'string',
  format: 'date-time',
  description: `ISO 8601; output carries the county offset; input without an offset is read in ${config.timezone}`,
});
/** The same type, or null. */
export const nullable = (s: Schema): Schema => ({ ...s, type: [s.type as string, 'null'] });
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

export const integer: Schema = { type: 'integer' };
export const text: Schema = { type: 'string' };
export const nullableInteger = nullable(integer);
export const nullableText = nullable(text);
/**
 * One of these values. The values come from where the code decides them (domain/'s arrays, a zod
 * enum's `.options`), never typed again here, so the document cannot drift from what is checked.
 */
export const enumOf = (values: readonly (string | null)[], more: Schema = {}): Schema => ({ enum: [...values], ...more });
export const object = (properties: Record<string, Schema>, more: Schema = {}): Schema => ({ type: 'object', properties, ...more });
/** A stored row as the API answers it: its id, then its fields. */
export const record = (properties: Record<string, Schema>, more: Schema = {}): Schema => object({ id: integer, ...properties }, more);
export const page = (item: string): Schema => ({
  type: 'object',
  required: ['items', 'total'],
  properties: { items: { type: 'array', items: ref(item) }, total: { type: 'integer', minimum: 0 } },
});
export const json = (schema: Schema) => ({ content: { 'application/json': { schema } } });
export const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

export const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: 2147483647 }, description: 'digits only; anything else, or a number above 2147483647, is a 400' };
export const query = (name: string, schema: Schema, description?: string) => ({ name, in: 'query', schema, description });
export const monthPattern = '^[0-9]{4}-(0[1-9]|1[0-2])$';
/** The month filter of the screenings and the coverage. */
export const monthParam = query('month', { type: 'string', pattern: monthPattern }, 'YYYY-MM, counted in the county zone; default: the current month');
/** A yes-or-no query parameter, as the routes' zod flags read it (true or 1 is yes). */
export const booleanParam = (name: string, description: string, byDefault: 'false' | '0' = 'false') =>
  query(name, { enum: ['true', 'false', '1', '0'], default: byDefault }, description);
export const pagingParams = [
  query('limit', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }),
  query('offset', { type: 'integer', minimum: 0, default: 0 }),
];

export const common = {
  '401': problem('Not signed in'),
  '403': problem('Signed in, but this role may not do this (or a cookie-borne write came from another origin)'),
};
export const read = (summary: string, schema: Schema, params: unknown[] = [], extra: Record<string, unknown> = {}) => ({
  summary,
  parameters: params,
  responses: { '200': { description: 'OK', ...json(schema) }, '400': problem('A bad query parameter'), ...common, ...extra },
});
export const write = (summary: string, body: Schema, status: string, schema: Schema | null, extra: Record<string, unknown> = {}) => ({
  summary,
  requestBody: { required: true, ...json(body) },
  responses: {
    [status]: schema ? { description: 'OK', ...json(schema) } : { description: 'Done' },
    '400': problem('Invalid body: one `errors` entry per bad field'),
    ...common,
    '413': problem('Body over 1 MB'),
    '415': problem('A body that is not JSON (Content-Type other than application/json or application/*+json, a charset other than UTF-8, a Content-Encoding other than gzip, deflate or br)'),
    ...extra,
  },
});
export const remove = (summary: string) => ({
  summary,
  parameters: [idParam],
  responses: { '204': { description: 'Deleted' }, ...common, '404': problem('Unknown id'), '409': problem('Still referenced') },
});

