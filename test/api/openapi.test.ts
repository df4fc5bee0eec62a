import type { Router } from 'express';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiRouters, publicRouters, rawBodyRouters } from '../../server/app.js';
import { sessionRoutes } from '../../server/auth/routes.js';
import { useApp } from '../helpers/api.js';

// The document is hand-kept; this proves it and the mounted routes name the same paths and methods.

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: unknown[] };
}

const app = useApp();
interface Operation {
  operationId?: string;
  tags?: string[];
}
let doc: { openapi: string; paths: Record<string, Record<string, Operation>>; tags?: { name: string; description?: string }[] };
beforeAll(async () => {
  doc = (await app.http.get('/api/openapi.json')).body;
});

function routesOf(mount: string, router: Router): string[] {
  const out: string[] = [];
  for (const layer of router.stack as Layer[]) {
    if (!layer.route) {
      if (layer.handle?.stack) throw new Error(`${mount} mounts a nested router: teach this test to walk it`);
      continue;
    }
    for (const p of ([] as string[]).concat(layer.route.path)) {
      const path = (mount + (p === '/' ? '' : p)).replace(/:(\w+)/g, '{$1}');
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return out;
}

function mounted(): string[] {
  const ctx = app.ctx;
  const routers: [string, Router][] = [...apiRouters(ctx), ...publicRouters(ctx), ...rawBodyRouters(ctx), ['/api/session', sessionRoutes(ctx)]];
  const fixed = ['GET /healthz', 'GET /api/openapi.json', 'GET /api/docs'];
  return [...new Set([...routers.flatMap(([mount, router]) => routesOf(mount, router)), ...fixed])].sort();
}

const verbs = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];
function documented(): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, item]) => Object.keys(item).filter((k) => verbs.includes(k)).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

/** Every operation of the document, named by its method and path. */
function operations(): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([k]) => verbs.includes(k))
      .map(([m, op]): [string, Operation] => [`${m.toUpperCase()} ${path}`, op]),
  );
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and public', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
  });

  it('when a route is mounted, the document has its path and method', () => {
    const missing = mounted().filter((r) => !documented().includes(r));
    expect(missing).toEqual([]);
  });

  it('when the document names a path and method, the route exists', () => {
    const extra = documented().filter((r) => !mounted().includes(r));
    expect(extra).toEqual([]);
  });

  it('the walk finds the registry routes (so the comparison is not vacuous)', () => {
    expect(mounted()).toEqual(expect.arrayContaining(['GET /api/villages', 'PATCH /api/villages/{id}', 'DELETE /api/townships/{id}', 'POST /api/session', 'GET /api/audit']));
  });

  // A generated client (openapi-typescript, orval) names its calls by operationId: each operation has
  // one, verb then noun in camelCase, and no two share one.
  it('when an operation has no operationId, or not a verb and a noun in camelCase, it is named here', () => {
    const named = /^(list|get|create|update|delete|import|upload|draft|accept|review|recheck|confirm)[A-Z][A-Za-z]*$/;
    expect(operations().filter(([, op]) => !named.test(op.operationId ?? '')).map(([name, op]) => `${name}: ${op.operationId}`)).toEqual([]);
  });

  it('when two operations share an operationId, both are named here', () => {
    const byId = new Map<string | undefined, string[]>();
    for (const [name, op] of operations()) byId.set(op.operationId, [...(byId.get(op.operationId) ?? []), name]);
    expect([...byId].filter(([, names]) => names.length > 1).map(([id, names]) => `${id}: ${names.join(', ')}`)).toEqual([]);
  });

  it('the operationIds a client already calls stay as they are', () => {
    const ids = Object.fromEntries(operations().map(([name, op]) => [name, op.operationId]));
    expect(ids).toMatchObject({
      'GET /api/screenings': 'listScreenings',
      'POST /api/screenings': 'createScreening',
      'GET /api/screenings/{id}': 'getScreening',
      'PATCH /api/screenings/{id}': 'updateScreening',
      'DELETE /api/screenings/{id}': 'deleteScreening',
      'GET /api/coverage': 'getCoverage',
      'GET /api/coverage/villages': 'getCoverageVillages',
      'POST /api/villages/import': 'importVillages',
      'POST /api/session': 'createSession',
    });
  });

  it('every tag an operation names is declared with a description, and every declared tag is used', () => {
    const used = new Set(operations().flatMap(([, op]) => op.tags ?? []));
    const declared = doc.tags ?? [];
    expect([...used].filter((t) => !declared.some((d) => d.name === t && d.description?.trim()))).toEqual([]);
    expect(declared.map((d) => d.name).filter((t) => !used.has(t))).toEqual([]);
    expect(operations().filter(([, op]) => !op.tags?.length).map(([name]) => name)).toEqual([]);
  });

  it('every $ref points at a schema the document defines', () => {
    const text = JSON.stringify(doc);
    const refs = [...text.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1] ?? '');
    const defined = Object.keys((doc as unknown as { components: { schemas: object } }).components.schemas);
    expect(refs.filter((r) => !defined.includes(r))).toEqual([]);
  });

  it('when /api/docs is opened without signing in, it answers an HTML page that loads the document', async () => {
    const res = await app.http.get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('swagger-ui');
    const init = await app.http.get('/api/docs/init.js');
    expect(init.text).toContain('/api/openapi.json');
    expect((await app.http.get('/api/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
  });
});
