import fc from 'fast-check';

// JSON values for request bodies and query strings, generated from the OpenAPI document's
// schemas: mostly what the schema asks for (so requests get past validation and reach the rules
// and the database), sometimes a hostile value in its place, a required field left out or an
// unknown one added.

export type Schema = Record<string, unknown>;

/** A value from `arb` one time in `n`, else undefined. */
export const oneIn = <T>(n: number, arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: n - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

/** A token written into the JSON text as it is: numbers JSON.stringify cannot write (1e309) and escapes it would not (a lone surrogate). */
export class Raw {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may hold Raw tokens. */
export function toJsonText(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Strings a careless or hostile client sends. */
export const hostileStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  "'; drop table villages; --",
  '%',
  '%FF',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '=cmd|calc!A1',
  'null',
  'undefined',
  'NaN',
  '1e309',
  '-1',
  '0',
  '0x1f',
  '9999999999999999999999',
  '2026-13-01',
  '2026-02-30T25:61',
  '0001-01-01',
  '9999-12-31T23:59:59Z',
  '１２３',
  '通海县秀山街道',
  '\u202e\u202d',
  '😀'.repeat(50),
  'x'.repeat(5000),
];

/** Escapes JSON.stringify never writes, and numbers it cannot. */
export const hostileRaw = [
  new Raw('"\\ud800"'),
  new Raw('"a\\udc00b"'),
  new Raw('"\\udbff\\udfff\\ud800"'),
  new Raw('1e309'),
  new Raw('-1e309'),
  new Raw('1e-400'),
  new Raw('-0'),
  new Raw('1.0'),
  new Raw('2147483648'),
  new Raw('9007199254740993'),
  new Raw('1E2'),
];

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...hostileStrings),
  fc.constantFrom(...hostileRaw),
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2_147_483_648, Number.MAX_SAFE_INTEGER, [], {}, [1, 2], { a: 1 }),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double({ noNaN: true }),
);

/** Ids that often name existing rows (the demo county's: a few partners, teams and townships, some hundred villages) and sometimes do not. */
export const idValue = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 12 }) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 400 }) },
  { weight: 1, arbitrary: fc.integer({ min: 401, max: 2_147_483_647 }) },
);

const timeValue = fc.oneof(
  fc.date({ min: new Date('2025-01-01T00:00Z'), max: new Date('2027-12-31T00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-11-20T19:30', '2026-11-20T19:30+08:00', '2026-12-01', '2026-10-31T23:30:00+08:00'),
);
const monthValue = fc.tuple(fc.integer({ min: 2025, max: 2027 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);

interface Context {
  components: Record<string, Schema>;
  /** Share of fields replaced by a hostile value, 0..1. */
  hostility: number;
}

function resolve(schema: Schema, ctx: Context): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const target = ctx.components[ref.replace('#/components/schemas/', '')] ?? {};
  const { $ref: _, ...rest } = schema;
  return resolve({ ...target, ...rest }, ctx);
}

/** A value the schema allows (as far as a generator can tell), for a field named `name`. */
function valid(schema: Schema, ctx: Context, name = ''): fc.Arbitrary<unknown> {
  const s = resolve(schema, ctx);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) return fc.oneof(...((s.oneOf ?? s.anyOf) as Schema[]).map((x) => valid(x, ctx, name)));
  const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string | undefined];
  const options = types.map((type) => {
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        if (/id$/i.test(name) || name === 'id') return idValue;
        return fc.integer({ min: typeof s.minimum === 'number' ? s.minimum : 0, max: typeof s.maximum === 'number' ? s.maximum : 1000 });
      case 'number':
        if (name === 'lat') return fc.double({ min: 23.5, max: 24.5, noNaN: true });
        if (name === 'lng') return fc.double({ min: 102.5, max: 103, noNaN: true });
        return fc.double({ min: typeof s.minimum === 'number' ? s.minimum : -1000, max: typeof s.maximum === 'number' ? s.maximum : 1000, noNaN: true });
      case 'array':
        return fc.array(valid((s.items as Schema) ?? {}, ctx, name), { minLength: (s.minItems as number) ?? 0, maxLength: Math.min((s.maxItems as number) ?? 5, 5) });
      case 'object':
      case undefined:
        if (s.properties || type === 'object') return objectOf(s, ctx);
        return fc.oneof(fc.string(), fc.integer(), fc.constant(null));
      default:
        return stringFor(s, name);
    }
  });
  return options.length === 1 ? options[0]! : fc.oneof(...options);
}

function stringFor(s: Schema, name: string): fc.Arbitrary<unknown> {
  if (s.format === 'date-time' || /At$/.test(name) || name === 'from') return timeValue;
  if (name === 'month' || String(s.pattern ?? '').includes('(0[1-9]|1[0-2])')) return monthValue;
  if (name === 'code') return fc.oneof(fc.stringMatching(/^[0-9]{12}$/), fc.stringMatching(/^[0-9]{9}$/), fc.constant(null));
  if (name === 'password') return fc.constantFrom('password-123', 'short', 'x'.repeat(300));
  if (name === 'username') return fc.stringMatching(/^[a-z0-9._-]{1,12}$/);
  if (name === 'startTime') return fc.constantFrom('19:30', '25:00', '7pm');
  if (name === 'phone') return fc.constantFrom('0877-1234567', '+86 138 0000 0000', 'call me');
  const max = typeof s.maxLength === 'number' ? Math.min(s.maxLength, 40) : 40;
  return fc.oneof(fc.string({ minLength: (s.minLength as number) ?? 0, maxLength: max }), fc.constantFrom('一村', '秀山街道', '放映队', 'Test'));
}

function objectOf(s: Schema, ctx: Context): fc.Arbitrary<Record<string, unknown>> {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set((s.required as string[]) ?? []);
  const keys = Object.keys(props);
  const field = (k: string) =>
    fc.oneof(
      { weight: Math.round(100 * (1 - ctx.hostility)), arbitrary: valid(props[k]!, ctx, k) },
      { weight: Math.max(1, Math.round(100 * ctx.hostility)), arbitrary: hostileValue },
    );
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const k of keys) record[k] = required.has(k) ? field(k) : fc.option(field(k), { nil: undefined, freq: 2 });
  // Now and then (one body in eight, one in ten): a field left out, or one the schema does not know.
  return fc
    .tuple(
      fc.record(record),
      oneIn(8, fc.constantFrom(...(keys.length ? keys : ['x']))),
      oneIn(10, fc.constantFrom('unknownField', '__proto__', 'constructor', 'id', 'version')),
    )
    .map(([obj, drop, extra]) => {
      const out: Record<string, unknown> = { ...obj };
      if (drop) delete out[drop];
      if (extra) Object.defineProperty(out, extra, { value: 1, enumerable: true, configurable: true, writable: true });
      return out;
    });
}

/** A body for a schema: mostly close to valid, sometimes something else entirely. */
export function bodyFor(schema: Schema, components: Record<string, Schema>, hostility = 0.08): fc.Arbitrary<unknown> {
  const ctx = { components, hostility };
  return fc.oneof(
    { weight: 8, arbitrary: valid(schema, ctx) },
    { weight: 1, arbitrary: hostileValue },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

/** A query parameter's value: usually what its schema allows, sometimes hostile text. */
export function queryValueFor(schema: Schema, components: Record<string, Schema>, name: string): fc.Arbitrary<string | undefined> {
  const ctx = { components, hostility: 0 };
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 6, arbitrary: valid(schema, ctx, name).map((v) => (v === null || v === undefined ? undefined : typeof v === 'object' ? JSON.stringify(v) : String(v))) },
    { weight: 2, arbitrary: fc.constantFrom(...hostileStrings) },
  );
}

/** Tiny real images (8×8, one colour) and broken ones, for the routes whose body is an image. */
const tinyImages: Record<string, Buffer> = {
  'image/jpeg': Buffer.from(
    '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAP/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABf/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKABiz//2Q==',
    'base64',
  ),
  'image/png': Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEUlEQVQImWM4UaGBFTEMLQkAUtVaAUH78mEAAAAASUVORK5CYII=', 'base64'),
  'image/webp': Buffer.from('UklGRjYAAABXRUJQVlA4ICoAAACwAQCdASoIAAgAAsBMJaACdLoABdQAAP3HH/hWuYfmHtb/3BmfV1/gAAA=', 'base64'),
};

/** A body for an image route: a real image of its type or another, cut short, one bit flipped, or bytes that are no image. */
export function imageBodyFor(types: string[]): fc.Arbitrary<{ type: string; body: Buffer }> {
  const images = Object.values(tinyImages);
  const bytes = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...images) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...images), fc.integer({ min: 1, max: 120 })).map(([b, n]) => b.subarray(0, Math.max(1, b.length - n))) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...images), fc.nat(), fc.integer({ min: 0, max: 7 })).map(([b, at, bit]) => { const c = Buffer.from(b); c[at % c.length]! ^= 1 << bit; return c; }) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 0, maxLength: 200 }).map((a) => Buffer.from(a)) },
  );
  return fc.tuple(fc.constantFrom(...types, ...types, 'image/jpg', 'image/gif'), bytes).map(([type, body]) => ({ type, body }));
}
