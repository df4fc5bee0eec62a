import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { appServer, shareShapes } from '../../server/http/shapes.js';

// server/http/shapes.ts: requests and responses made with the app's prototypes from the start.

const servers: http.Server[] = [];
afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))));

/** An app whose one route answers with what Express's request and response give it. */
function echoApp(name: string): Express {
  const app = express();
  app.set('query parser', 'simple');
  shareShapes(app);
  app.get('/echo', (req, res) => {
    res.locals.seen = true;
    res.set('X-App', (req.app as Express).get('name') as string).json({ q: req.query.q, host: req.hostname, path: req.path, ua: req.get('user-agent'), same: req.res === res && res.req === req, locals: res.locals.seen });
  });
  app.set('name', name);
  return app;
}

async function listen(server: http.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('appServer', () => {
  it("makes each request and response with the app's prototypes, before Express sees them", async () => {
    const app = echoApp('a');
    const server = appServer(app);
    const protos: boolean[] = [];
    // Runs before the app: what Node made, not what Express turned it into.
    server.prependListener('request', (req, res) => protos.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response));
    const base = await listen(server);
    await fetch(`${base}/echo`);
    await fetch(`${base}/echo`);
    expect(protos).toEqual([true, true]);
  });

  it("keeps Express's methods, getters and app on them, each app its own", async () => {
    const [a, b] = await Promise.all([listen(appServer(echoApp('a'))), listen(appServer(echoApp('b')))]);
    for (const [base, name] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      const res = await fetch(`${base}/echo?q=1`, { headers: { 'user-agent': 'shapes' } });
      expect(res.headers.get('x-app')).toBe(name);
      expect(await res.json()).toEqual({ q: '1', host: '127.0.0.1', path: '/echo', ua: 'shapes', same: true, locals: true });
    }
  });

  it("serves as before on a server made without it (supertest's): Express switches the prototypes", async () => {
    const app = echoApp('plain');
    const base = await listen(http.createServer(app));
    const res = await fetch(`${base}/echo?q=2`, { headers: { 'user-agent': 'plain' } });
    expect(res.headers.get('x-app')).toBe('plain');
    expect(await res.json()).toEqual({ q: '2', host: '127.0.0.1', path: '/echo', ua: 'plain', same: true, locals: true });
  });
});
