import { describe, expect, it } from 'vitest';
import type { Response } from 'supertest';
import { useApp } from '../helpers/api.js';

// Every refusal a page can show, in the page's language: with Accept-Language: zh-CN the
// problem+json's title, detail and errors[].message hold no English words. Bodies are made from
// the served OpenAPI document — every POST, PUT and PATCH with a JSON body gets no body, a
// missing field, each field of the wrong type, out of range, a bad enum, too long, an unknown
// field, an unknown referenced id — and a few refusals only a service makes (an unknown id
// once the body is well formed, a duplicate, a conflict). Field names, enum values, paths and
// ids may stay as the API spells them; without Accept-Language the answers stay English.

// The village page's limits per address are high here: every bad body is read, none refused by count.
const app = useApp({ as: ['admin'], env: { REQUEST_RATE_MAX: '100000', REPORT_RATE_MAX: '100000' } });

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
};
type Doc = { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>; components: { schemas: Record<string, Schema> } };

/** Words a Chinese answer may carry: the API's own names (properties, enum values, paths). */
function apiTokens(doc: Doc): Set<string> {
  const tokens = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'properties' && x && typeof x === 'object') for (const name of Object.keys(x)) tokens.add(name);
      if (k === 'enum' && Array.isArray(x)) for (const e of x) if (typeof e === 'string') tokens.add(e);
      if (k === 'name' && typeof x === 'string') tokens.add(x);
      walk(x);
    }
  };
  walk(doc);
  for (const p of Object.keys(doc.paths)) for (const part of p.split(/[/{}.-]+/)) if (part) tokens.add(part);
  for (const literal of ['null', 'true', 'false']) tokens.add(literal);
  return tokens;
}

/** English words in a text: a word with a lower-case letter that is not one of the API's names or in `also`. */
function englishWords(text: string, tokens: Set<string>, also: string[] = []): string[] {
  const allowed = new Set([...also.flatMap((a) => a.split(/[^A-Za-z_]+/))]);
  return (text.match(/[A-Za-z][A-Za-z_]*/g) ?? []).filter((w) => /[a-z]/.test(w) && !tokens.has(w) && !allowed.has(w));
}

const resolve = (doc: Doc, s: Schema | undefined): Schema | undefined => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s);

function typeOf(s: Schema): string {
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  if (t) return t;
  const inner = s.oneOf ?? s.anyOf ?? s.allOf;
  return inner ? typeOf(inner.find((x) => x.type !== 'null') ?? inner[0]!) : 'string';
}

/** Bodies that break the schema one way each. */
function badBodies(doc: Doc, schema: Schema): unknown[] {
  const bodies: unknown[] = [[], 'text', 7, {}, { zzzUnknown: 1 }];
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const p = resolve(doc, raw) ?? {};
    const type = typeOf(p);
    const wrong: unknown[] = type === 'string' ? [12, true, {}] : type === 'integer' || type === 'number' ? ['x', 1.5, true, -1, 0] : type === 'boolean' ? ['yes', 3] : type === 'array' ? ['x', [{}], ['x']] : ['x', 3];
    if (p.enum) wrong.push('no-such-value');
    if (typeof p.maximum === 'number') wrong.push(p.maximum + 1);
    if (typeof p.minimum === 'number') wrong.push(p.minimum - 1);
    if (typeof p.maxLength === 'number') wrong.push('长'.repeat(p.maxLength + 1));
    if (p.pattern || type === 'string') wrong.push('', '2026-13-45', '\u0000');
    if (/Id$/.test(name)) wrong.push(999999);
    if (/Ids$|^ids$|^programme$/.test(name)) wrong.push([999999], [], Array(3000).fill(1));
    for (const w of wrong) bodies.push({ [name]: w });
  }
  return bodies;
}

describe('a Chinese reader', () => {
  it('reads every refusal of every write in Chinese: title, detail and each field message', { timeout: 180_000 }, async () => {
    const db = app.db;
    const township = await app.make.township({ code: '530423101' });
    const village = await app.make.village({ township_id: township.id });
    const partner = await app.make.partner();
    const team = await app.make.team({ partner_id: partner.id });
    const film = await app.make.film();
    const screening = await app.make.screening({ village_id: village.id, team_id: team.id, starts_at: '2026-11-20T19:30:00+08:00' });
    const [province] = await db('areas').insert({ code: '53', name: '云南省' }).returning('id');
    await db('areas').insert({ code: '5304', name: '玉溪市' });
    const [county] = await db('areas').insert({ code: '530423', name: '通海县' }).returning('id');
    const [contract] = await db('contracts').insert({ partner_id: partner.id, county_id: county.id, from_month: '2026-01' }).returning('id');
    const link = await app.as.admin.get(`/api/screenings/${screening.id}/confirmation`);
    const idFor: Record<string, number | string> = {
      screenings: screening.id,
      users: app.as.admin.id,
      partners: partner.id,
      areas: province.id,
      contracts: contract.id,
      townships: township.id,
      villages: village.id,
      teams: team.id,
      films: film.id,
      confirmations: link.body.token,
      // The village page (/api/public/villages/{token}/…).
      public: (await db('villages').where({ id: village.id }).first('public_token')).public_token,
    };

    const doc = (await app.http.get('/api/openapi.json')).body as Doc;
    const tokens = apiTokens(doc);
    const english: string[] = [];
    let answered = 0;
    const check = (what: string, res: Response) => {
      if (res.status < 400) return;
      answered++;
      const b = res.body as { title?: string; detail?: string; errors?: { path: string; message: string }[] };
      for (const [part, text, also] of [
        ['title', b.title ?? '', []],
        ['detail', b.detail ?? '', [what.split(' ')[1] ?? '', ...(b.errors ?? []).map((e) => e.path)]],
        ...(b.errors ?? []).map((e) => [`errors[${e.path}]`, e.message, [e.path]] as const),
      ] as const) {
        const words = englishWords(text, tokens, [...also]);
        if (words.length) english.push(`${what} → ${res.status} ${part}: ${text}`);
      }
    };
    const send = (method: string, path: string, body: unknown) =>
      app.as.admin[method as 'post' | 'patch' | 'put'](path).set('Accept-Language', 'zh-CN,zh;q=0.9').set('Content-Type', 'application/json').send(JSON.stringify(body));

    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const method of ['post', 'patch', 'put']) {
        const schema = resolve(doc, ops[method]?.requestBody?.content?.['application/json']?.schema);
        if (!schema) continue;
        const path = template.replace(/\{(\w+)\}/g, () => String(idFor[template.split('/')[2]!] ?? 1));
        for (const body of badBodies(doc, schema)) check(`${method.toUpperCase()} ${path} ${JSON.stringify(body).slice(0, 60)}`, await send(method, path, body));
      }
    }
    // Refusals the services make once the body is well formed.
    const more: [string, string, unknown][] = [
      ['post', '/api/screenings', { villageId: 999999, teamId: 999999, filmId: 999999, startsAt: '2026-11-21T19:30+08:00' }],
      ['post', '/api/screenings', { villageId: village.id, teamId: team.id, startsAt: '2026-11-20T20:30+08:00' }],
      ['post', '/api/screenings', { villageId: village.id, teamId: team.id, startsAt: '2026-11-24T20:30+08:00', status: 'completed' }],
      ['post', '/api/teams', { name: 'x', partnerId: 999999, baseVillageId: 999999 }],
      ['post', '/api/villages', { name: 'x', townshipId: 999999, kind: 'natural', lat: 24, lng: 102 }],
      ['post', '/api/villages', { name: 'x', townshipId: township.id, kind: 'natural', parentId: 999999, lat: 24, lng: 102 }],
      ['post', '/api/users', { username: 'x1', password: 'long enough pw', role: 'partner', partnerId: 999999 }],
      ['post', '/api/users', { username: 'x2', password: 'long enough pw', role: 'partner' }],
      ['post', '/api/users', { username: 'x3', password: 'long enough pw', role: 'admin', areaId: 999999 }],
      ['post', '/api/partners', { name: partner.name }],
      ['post', '/api/townships', { name: 'x', code: '530423101' }],
      ['post', '/api/areas', { name: 'x', code: '9901' }],
      ['post', '/api/areas', { name: 'x', code: '53' }],
      ['post', '/api/contracts', { partnerId: 999999, countyId: 999999, from: '2026-01' }],
      ['post', '/api/contracts', { partnerId: partner.id, countyId: province.id, from: '2026-05', to: '2026-02' }],
      ['post', '/api/contracts', { partnerId: partner.id, countyId: county.id, from: '2026-05' }],
      ['post', '/api/plans/draft', { month: '2026-11', teamIds: [999999] }],
      ['post', `/api/screenings/${screening.id}/review`, { decision: 'rejected' }],
      ['post', '/api/review/accept', { ids: [999999] }],
      ['patch', `/api/users/${app.as.admin.id}`, { disabled: true }],
      ['post', '/api/session', { username: 'nobody', password: 'wrong password' }],
      // The village page's refusals once the body is well formed.
      ['post', `/api/public/villages/${idFor.public}/requests`, { filmIds: [999999] }],
      ['post', `/api/public/villages/${idFor.public}/reports`, { kind: 'not_held', screeningId: screening.id }],
      ['post', `/api/public/villages/${'0'.repeat(32)}/reports`, { kind: 'other' }],
      ['post', `/api/public/villages/${idFor.public}/requests`, { filmIds: [film.id], comment: 'x'.repeat(5000) }],
    ];
    for (const [method, path, body] of more) check(`${method.toUpperCase()} ${path} ${JSON.stringify(body)}`, await send(method, path, body));
    for (const path of ['/api/teams/999999', '/api/screenings/abc', '/api/nothing-here', `/api/screenings?month=2026-13`]) {
      check(`GET ${path}`, await app.as.admin.get(path).set('Accept-Language', 'zh-CN'));
    }
    check('DELETE a referenced partner', await app.as.admin.delete(`/api/partners/${partner.id}`).set('Accept-Language', 'zh-CN'));

    expect(answered).toBeGreaterThan(300);
    expect(english, english.slice(0, 40).join('\n')).toEqual([]);
  });

  it('without Accept-Language, or asking for English, reads the English messages scripts match', async () => {
    for (const lang of [undefined, 'en-US,en;q=0.9', 'fr']) {
      const req = app.as.admin.post('/api/partners');
      if (lang) req.set('Accept-Language', lang);
      const res = await req.send({});
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ title: 'Bad Request', errors: [{ path: 'name', message: 'required' }] });
      expect(res.headers['content-language']).toBe('en');
    }
    const zh = await app.as.admin.post('/api/partners').set('Accept-Language', 'en;q=0.5, zh-CN').send({ name: 7 });
    expect(zh.body).toMatchObject({ title: '请求有误', errors: [{ path: 'name', message: '应为文本。' }] });
    expect(zh.headers['content-language']).toBe('zh-CN');
    expect(zh.headers.vary).toMatch(/Accept-Language/i);
  });
});
