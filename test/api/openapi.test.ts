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
let doc: { openapi: string; paths: Record<string, Record<string, unknown>> };
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

function documented(): string[] {
  const verbs = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];
  return Object.entries(doc.paths)
    .flatMap(([path, item]) => Object.keys(item).filter((k) => verbs.includes(k)).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
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
