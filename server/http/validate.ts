import { z } from 'zod';
import { badRequest, HttpError, type FieldError } from './problem.js';
import { zodMessageZh } from './zh-CN.js';

// A field left out says so, in every schema that gives no message of its own.
z.config({ customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined) });

/**
 * One entry per bad field. `zh`: the same issues parsed again with zod's messages in Chinese
 * (./zh-CN.ts zodMessageZh); a schema's own English message is the same in both, and the
 * catalogue says it when the answer goes out.
 */
function issuesToErrors(issues: z.core.$ZodIssue[], zh: z.core.$ZodIssue[]): FieldError[] {
  const errors: FieldError[] = [];
  issues.forEach((issue, i) => {
    const base = issue.path.map(String).join('.');
    const other = zh[i]?.message;
    const messageZh = other !== undefined && other !== issue.message ? other : undefined;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ path: base ? `${base}.${key}` : key, message: 'unknown field' });
    } else if (!errors.some((e) => e.path === base)) {
      // One entry per bad field: the first rule it breaks says enough.
      errors.push({ path: base, message: issue.message, ...(messageZh && { messageZh }) });
    }
  });
  return errors;
}

/** What PostgreSQL text cannot hold: U+0000, and a UTF-16 surrogate without its pair (no UTF-8 for it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);

function unstorablePaths(input: unknown, base = '', depth = 0): string[] {
  if (typeof input === 'string') return unstorable(input) ? [base] : [];
  if (!input || typeof input !== 'object' || depth > 5) return [];
  return Object.entries(input).flatMap(([k, v]) => unstorablePaths(v, base ? `${base}.${k}` : k, depth + 1));
}

/** Parses `input` with `schema` or throws a 400 with one entry per bad field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what = 'body'): z.output<S> {
  if (what === 'body' && (input === undefined || input === null || typeof input !== 'object' || Array.isArray(input))) {
    throw badRequest('The request body must be a JSON object.', [{ path: '', message: 'expected a JSON object' }]);
  }
  const result = schema.safeParse(input);
  // Text PostgreSQL cannot store: named here, rather than refused unnamed or stored as U+FFFD.
  const unstorable = unstorablePaths(input);
  if (result.success && !unstorable.length) return result.data;
  const errors = result.success ? [] : issuesToErrors(result.error.issues, schema.safeParse(input, { error: zodMessageZh }).error?.issues ?? []);
  for (const path of unstorable) if (!errors.some((e) => e.path === path)) errors.push({ path, message: 'must not contain U+0000 or a lone UTF-16 surrogate' });
  throw badRequest(`Invalid ${what}: ${errors.map((e) => e.path || '(root)').join(', ')}.`, errors);
}

/**
 * `parse`, and when the body is refused, also `more(body)`'s errors for fields the schema did not
 * already name (e.g. an unknown townshipId beside a bad lat): every bad field in one answer.
 */
export async function parseAll<S extends z.ZodType>(schema: S, input: unknown, more: (body: Record<string, unknown>) => Promise<FieldError[]>): Promise<z.output<S>> {
  try {
    return parse(schema, input);
  } catch (err) {
    if (!(err instanceof HttpError) || err.status !== 400 || !input || typeof input !== 'object' || Array.isArray(input)) throw err;
    const extra = (await more(input as Record<string, unknown>)).filter((e) => !err.errors.some((x) => x.path === e.path));
    if (!extra.length) throw err;
    const errors = [...err.errors, ...extra];
    throw badRequest(`Invalid body: ${errors.map((e) => e.path || '(root)').join(', ')}.`, errors);
  }
}

/**
 * A positive integer id: a JSON number, or (from a path or query string) a string of digits.
 * Plain coercion would also take '0x1f', '1e3', ' 7' or '7.0' as ids.
 */
export const id = z.preprocess(
  (v) => (typeof v === 'string' && /^[0-9]{1,12}$/.test(v) ? Number(v) : v),
  z
    .number({ error: 'must be a positive integer' })
    .int('must be a positive integer')
    .positive('must be a positive integer')
    .max(2_147_483_647, 'is too large'),
);

/** A LIKE pattern that finds `text` as typed: % and _ in it are not wildcards. */
export const likeText = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Optional text: trimmed; an empty string means "none". */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

export const requiredText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export function parseId(raw: unknown, path = 'id'): number {
  const r = id.safeParse(raw);
  if (!r.success) throw badRequest(`Invalid path parameter: ${path}.`, [{ path, message: 'must be a positive integer' }]);
  return r.data;
}
