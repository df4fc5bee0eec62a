import http from 'node:http';
import fc from 'fast-check';
import type { Knex } from 'knex';
import { bodyFor, hostileStrings, idValue, imageBodyFor, oneIn, queryValueFor, toJsonText, type Schema } from './values.js';

// The project's own fuzzer: requests generated from the OpenAPI document — every path and method,
// valid and invalid bodies, hostile strings and numbers, odd headers and content types, each way
// of signing in — sent over a real socket to a running server. What must hold for every one:
//   - no answer is a 5xx;
//   - every error (4xx) is application/problem+json;
//   - a refused write changes no row (table counts and checksums compared before and after);
//   - /healthz stays up.
// The requests are a fast-check sample of a seed: the same seed and count give the same requests,
// so a run is replayable (`npm run fuzz -- --seed N --runs M`).

export type AuthMode = 'none' | 'bad-token' | 'admin' | 'bureau' | 'partner' | 'cookie' | 'cookie-cross-origin';

export interface FuzzRequest {
  /** The OpenAPI operation it was made from: 'POST /api/screenings', or 'GET (unknown)'. */
  operation: string;
  method: string;
  /** The raw path and query, percent-encoding as sent (possibly malformed). */
  path: string;
  auth: AuthMode;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface Tokens {
  admin: string;
  bureau: string;
  partner: string;
}

interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; schema: Schema }[];
  body?: Schema;
  bodyTypes: string[];
}

const WRITE = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** The tables whose rows a refused write must leave exactly as they were. */
export const GUARDED_TABLES = ['partners', 'townships', 'villages', 'teams', 'films', 'screenings', 'users', 'audit_log', 'idempotency_keys', 'screening_fixes', 'screening_photos', 'screening_flags', 'confirmations'];

function operationsOf(doc: { paths: Record<string, Record<string, Schema>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const content = ((op.requestBody as Schema | undefined)?.content ?? {}) as Record<string, { schema?: Schema }>;
      const bodyTypes = Object.keys(content);
      ops.push({
        method: method.toUpperCase(),
        path,
        params: ((op.parameters as { name: string; in: string; schema: Schema }[] | undefined) ?? []).filter((p) => p && p.name),
        body: bodyTypes.length ? (content[bodyTypes[0]!]!.schema ?? {}) : undefined,
        bodyTypes,
      });
    }
  }
  return ops;
}

/** Path segments a client should never send, but some do. */
const hostileSegments = ['%FF', '%E0%A4%A', '%ED%A0%80', '%', '%%', '%00', '%2F', '%C0%AF', '0', '-1', '1e3', '1.5', '0x1f', '00001', '2147483648', '99999999999999999999', 'abc', '..', '%E4%B8%80', '%20%207'];

const contentTypes = [
  'application/vnd.api+json',
  'application/problem+json',
  'APPLICATION/JSON',
  'Application/Json; Charset=UTF-8',
  '*/*',
  'application/json; boundary=x',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'text/plain',
  'text/csv',
  'application/geo+json',
  'image/png',
  'application/octet-stream',
  'application/json;;',
  'json',
];

const rawBodies = [
  'x',
  '{',
  '[]',
  'null',
  '"text"',
  '1',
  '{"a":1,"a":2}',
  '{"__proto__":{"admin":true}}',
  'name=x&townshipId=1',
  '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n',
  'code,name,township\n530423001001,一村,秀山街道\n',
  '\u0000\u0001\u0002',
  '\uFEFF{"name":"bom"}',
];
// A PNG's first bytes, and a gzip member that does not inflate.
const binaryBodies = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3])];

const oddHeaders: Record<string, fc.Arbitrary<string>> = {
  accept: fc.constantFrom('*/*', 'application/json', 'text/csv', 'application/xml', 'text/html', 'image/png;q=0', ';;;', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  'accept-encoding': fc.constantFrom('gzip', 'br', 'identity;q=0', '*;q=0', 'deflate, gzip;q=abc'),
  'if-match': fc.constantFrom('"1"', '"2"', '*', 'W/"1"', 'garbage', '"', '""'),
  'if-none-match': fc.constantFrom('*', '"x"', 'garbage', 'W/"y"'),
  'idempotency-key': fc.oneof(fc.uuid(), fc.constantFrom('', ' ', 'k', 'x'.repeat(300), 'ü-key', 'a b')),
  'x-request-id': fc.constantFrom('abc', '', 'x'.repeat(100), '../..', '\u00e9'),
  'content-encoding': fc.constantFrom('gzip', 'br', 'deflate', 'identity', 'bogus'),
  cookie: fc.constantFrom('film2131_session=garbage', 'film2131_session=%ZZ', 'a=b; c', '=;=;'),
  range: fc.constantFrom('bytes=0-10', 'bytes=abc'),
  'x-forwarded-for': fc.constantFrom('1.2.3.4', 'garbage', '::1, 10.0.0.1'),
};
/** One to three odd headers at a time. */
const extraHeaders: fc.Arbitrary<Record<string, string>> = fc
  .subarray(Object.keys(oddHeaders), { minLength: 1, maxLength: 3 })
  .chain((keys) => fc.tuple(...keys.map((k) => oddHeaders[k]!.map((v) => [k, v] as const))))
  .map((entries) => Object.fromEntries(entries));

function pathArbitrary(op: Operation, components: Record<string, Schema>): fc.Arbitrary<string> {
  const segments = op.path.split('/').map((seg) => {
    const m = /^\{(\w+)\}(.*)$/.exec(seg);
    if (!m) return fc.constant(seg);
    const rest = m[2]!;
    return fc.oneof({ weight: 5, arbitrary: idValue.map(String) }, { weight: 2, arbitrary: fc.constantFrom(...hostileSegments) }).map((v) => v + rest);
  });
  const query = op.params
    .filter((p) => p.in === 'query')
    .map((p) => queryValueFor(p.schema ?? {}, components, p.name).map((v) => (v === undefined ? undefined : `${p.name}=${encodeQueryValue(v)}`)));
  return fc
    .tuple(
      fc.tuple(...segments),
      fc.tuple(...query),
      // Now and then a parameter the operation does not take, one sent twice, or malformed encoding.
      oneIn(5, fc.constantFrom('foo=bar', 'limit=1&limit=2', 'month=%FF', 'q=%ED%A0%80', 'x=%', 'limit=1e3', 'offset=-1', 'level=NATURAL', 'format=pdf')),
    )
    .map(([segs, qs, extra]) => {
      const q = [...qs.filter((x): x is string => x !== undefined), ...(extra ? [extra] : [])];
      return segs.join('/') + (q.length ? `?${q.join('&')}` : '');
    });
}

/** A query value percent-encoded, except for the hostile encodings the generator meant to send raw. */
const encodeQueryValue = (v: string) => (/%[0-9A-F]{0,2}$|^%|%ED%A0%80|%FF/i.test(v) && hostileStrings.includes(v) ? v : encodeURIComponent(v));

function requestArbitrary(op: Operation, components: Record<string, Schema>): fc.Arbitrary<FuzzRequest> {
  const write = WRITE.has(op.method);
  // A route whose body is an image (a photo upload): images, broken ones, and the usual hostile bodies now and then.
  const images = op.bodyTypes.filter((t) => t.startsWith('image/'));
  const bodyArb: fc.Arbitrary<{ type?: string; body?: string | Buffer }> = write && images.length
    ? fc.oneof(
        { weight: 10, arbitrary: imageBodyFor(images) },
        { weight: 2, arbitrary: fc.tuple(fc.option(fc.constantFrom(...contentTypes), { nil: undefined }), fc.constantFrom<string | Buffer>(...rawBodies, ...binaryBodies)).map(([type, body]) => ({ type, body })) },
        { weight: 1, arbitrary: fc.constant({}) },
      )
    : write
    ? fc.oneof(
        { weight: 10, arbitrary: (op.body ? bodyFor(op.body, components) : fc.jsonValue({ maxDepth: 2 })).map((v) => ({ type: op.bodyTypes[0] ?? 'application/json', body: toJsonText(v) })) },
        {
          weight: 3,
          arbitrary: fc
            .tuple(fc.constantFrom(...contentTypes), op.body ? bodyFor(op.body, components).map(toJsonText) : fc.constant('{}'))
            .map(([type, body]) => ({ type, body })),
        },
        { weight: 2, arbitrary: fc.tuple(fc.option(fc.constantFrom(...contentTypes), { nil: undefined }), fc.constantFrom<string | Buffer>(...rawBodies, ...binaryBodies)).map(([type, body]) => ({ type, body })) },
        { weight: 1, arbitrary: fc.constant({}) },
      )
    : fc.oneof({ weight: 9, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.constant({ type: 'application/json', body: '{"unexpected":"body"}' }) });
  return fc
    .record({
      path: pathArbitrary(op, components),
      auth: fc.constantFrom<AuthMode>('admin', 'admin', 'admin', 'bureau', 'bureau', 'partner', 'partner', 'none', 'bad-token', 'cookie', 'cookie-cross-origin'),
      content: bodyArb,
      headers: oneIn(4, extraHeaders),
      head: fc.boolean(),
    })
    .map(({ path, auth, content, headers, head }) => {
      const h: Record<string, string> = { ...(headers ?? {}) };
      if (content.type) h['content-type'] = content.type;
      const method = op.method === 'GET' && head && !content.body ? 'HEAD' : op.method;
      return { operation: `${op.method} ${op.path}`, method, path, auth, headers: h, body: content.body };
    });
}

/** Requests to paths no operation has: unknown routes, methods a route does not take, the pages' paths. */
const strayRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
    path: fc.constantFrom('/api', '/api/', '/api/nope', '/api/villages/1/2', '/api/%', '/%', '/api/screenings/%FF/x', '/plan%FF', '/registry', '/vendor/leaflet/%ED%A0%80', '/api/teams/1/calendar.ics?token=%FF', '/api/openapi.json', '/api/docs/assets/%FF', '//api//villages', '/api/villages/import?dryRun=maybe'),
    auth: fc.constantFrom<AuthMode>('admin', 'none', 'bad-token', 'cookie-cross-origin'),
    body: fc.option(fc.constantFrom(...rawBodies), { nil: undefined }),
    type: fc.option(fc.constantFrom(...contentTypes, 'application/json'), { nil: undefined }),
  })
  .map(({ method, path, auth, body, type }): FuzzRequest => {
    const headers: Record<string, string> = type ? { 'content-type': type } : {};
    return { operation: `${method} (unmatched)`, method, path, auth, headers, body: method === 'GET' ? undefined : body };
  });

/** A fast-check arbitrary over every operation of the document, and some stray requests. */
export function requestsOf(doc: { paths: Record<string, Record<string, Schema>>; components: { schemas: Record<string, Schema> } }): fc.Arbitrary<FuzzRequest> {
  const ops = operationsOf(doc);
  const components = doc.components.schemas;
  return fc.oneof({ weight: 12, arbitrary: fc.oneof(...ops.map((op) => requestArbitrary(op, components))) }, { weight: 1, arbitrary: strayRequest });
}

/** The requests of a seed, in order: the same seed and count, the same requests. */
export function sampleRequests(doc: Parameters<typeof requestsOf>[0], seed: number, runs: number): FuzzRequest[] {
  return fc.sample(requestsOf(doc), { seed, numRuns: runs });
}

export interface Answer {
  status: number;
  type: string;
  body: Buffer;
}

/** Sends a request as it is (raw path, raw body) over a fresh socket. */
export function send(base: URL, req: FuzzRequest, tokens: Tokens): Promise<Answer> {
  const headers: Record<string, string | number> = { ...req.headers };
  const origin = `http://${base.host}`;
  if (req.auth === 'admin' || req.auth === 'bureau' || req.auth === 'partner') headers.authorization = `Bearer ${tokens[req.auth]}`;
  if (req.auth === 'bad-token') headers.authorization = 'Bearer not-a-token';
  if (req.auth === 'cookie' || req.auth === 'cookie-cross-origin') {
    headers.cookie = `film2131_session=${tokens.admin}`;
    headers.origin = req.auth === 'cookie' ? origin : 'http://evil.example';
  }
  if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
  return new Promise((resolve, reject) => {
    const r = http.request({ host: base.hostname, port: base.port, method: req.method, path: req.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    r.setTimeout(60_000, () => r.destroy(new Error('timed out after 60 s')));
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** Row counts and a checksum of every guarded table. */
export async function tableChecksums(db: Knex): Promise<Record<string, string>> {
  const parts = GUARDED_TABLES.map((t) => `select '${t}' as name, count(*)::text || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as sum from ${t} x`);
  const rows: { name: string; sum: string }[] = (await db.raw(parts.join(' union all '))).rows;
  return Object.fromEntries(rows.map((r) => [r.name, r.sum]));
}

export interface Failure {
  index: number;
  request: FuzzRequest;
  status: number;
  problem: string;
  answer: string;
}

export interface Summary {
  seed: number;
  runs: number;
  ms: number;
  byStatus: Record<string, number>;
  byOperation: Record<string, Record<string, number>>;
  failures: Failure[];
  healthChecks: number;
}

export interface FuzzOptions {
  base: URL;
  db: Knex;
  tokens: Tokens;
  doc: Parameters<typeof requestsOf>[0];
  seed: number;
  runs: number;
  /** Only the request of this index (a replay; earlier requests' writes are not replayed). */
  only?: number;
  /** Fresh tokens when a request signed a session out. */
  renewTokens: () => Promise<Tokens>;
  onProgress?: (done: number, summary: Summary) => void;
}

const describe = (r: FuzzRequest) => {
  const headers = Object.entries(r.headers).map(([k, v]) => `${k}: ${v.slice(0, 40)}`);
  const body = r.body === undefined ? '' : ` body ${JSON.stringify(String(r.body).slice(0, 160))}`;
  return `${r.method} ${r.path} [${r.auth}]${headers.length ? ` {${headers.join('; ')}}` : ''}${body}`;
};
export const describeRequest = describe;

export async function fuzz(o: FuzzOptions): Promise<Summary> {
  const requests = sampleRequests(o.doc, o.seed, o.runs);
  const summary: Summary = { seed: o.seed, runs: 0, ms: 0, byStatus: {}, byOperation: {}, failures: [], healthChecks: 0 };
  let tokens = o.tokens;
  const t0 = performance.now();
  const fail = (index: number, request: FuzzRequest, status: number, problem: string, answer = '') => summary.failures.push({ index, request, status, problem, answer: answer.slice(0, 300) });
  const health = async (index: number) => {
    summary.healthChecks++;
    const res = await send(o.base, { operation: 'GET /healthz', method: 'GET', path: '/healthz', auth: 'none', headers: {} }, tokens).catch((err: Error) => ({ status: 0, type: '', body: Buffer.from(err.message) }));
    if (res.status !== 200) fail(index, requests[index]!, res.status, '/healthz is down after this request', res.body.toString());
  };
  for (const [i, req] of requests.entries()) {
    if (o.only !== undefined && i !== o.only) continue;
    const write = WRITE.has(req.method);
    const before = write ? await tableChecksums(o.db) : undefined;
    let res: Answer;
    try {
      res = await send(o.base, req, tokens);
    } catch (err) {
      fail(i, req, 0, `no answer: ${(err as Error).message}`);
      await health(i);
      continue;
    }
    summary.runs++;
    summary.byStatus[res.status] = (summary.byStatus[res.status] ?? 0) + 1;
    const perOp = (summary.byOperation[req.operation] ??= {});
    perOp[res.status] = (perOp[res.status] ?? 0) + 1;
    if (res.status >= 500) fail(i, req, res.status, 'a 5xx answer', res.body.toString());
    else if (res.status >= 400 && req.method !== 'HEAD' && !/^application\/problem\+json/.test(res.type)) fail(i, req, res.status, `an error that is not application/problem+json (${res.type || 'no type'})`, res.body.toString());
    if (before && res.status >= 400) {
      const after = await tableChecksums(o.db);
      const changed = GUARDED_TABLES.filter((t) => before[t] !== after[t]);
      if (changed.length) fail(i, req, res.status, `a refused write changed ${changed.join(', ')}`, res.body.toString());
    }
    if (req.method === 'DELETE' && req.path.startsWith('/api/session') && res.status < 300) tokens = await o.renewTokens();
    if (i % 50 === 49) await health(i);
    o.onProgress?.(i + 1, summary);
  }
  await health(requests.length - 1);
  summary.ms = performance.now() - t0;
  return summary;
}

/** A few lines a person reads: what was sent, what came back, what failed and how to replay it. */
export function formatSummary(s: Summary): string {
  const lines = [`fuzz seed ${s.seed}: ${s.runs} requests in ${(s.ms / 1000).toFixed(1)} s, /healthz checked ${s.healthChecks} times`];
  lines.push(`answers: ${Object.entries(s.byStatus).sort().map(([k, v]) => `${k}×${v}`).join('  ')}`);
  const fives = Object.entries(s.byStatus).filter(([k]) => Number(k) >= 500).reduce((n, [, v]) => n + v, 0);
  lines.push(`5xx: ${fives}; failures: ${s.failures.length}`);
  for (const f of s.failures.slice(0, 30)) lines.push(`  #${f.index} ${f.status} ${f.problem}: ${describe(f.request)} → ${f.answer}`);
  if (s.failures.length > 30) lines.push(`  … ${s.failures.length - 30} more`);
  if (s.failures.length) lines.push(`replay one: npm run fuzz -- --seed ${s.seed} --runs ${s.failures[0]!.index + 1} --only ${s.failures[0]!.index}`);
  return lines.join('\n');
}
