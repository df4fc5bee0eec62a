import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../helpers/app.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { start, type Running } from '../../server/server.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { createSession } from '../../server/auth/sessions.js';

// Graceful shutdown: stop accepting, let the request in flight finish, then close the database.
// The request is held open by sending its body in two halves, closing the server in between.

let running: Running;
let token: string;
beforeAll(async () => {
  const database = await freshDatabase();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DEMO_DATA: 'false', SHUTDOWN_TIMEOUT_SECONDS: '20' });
  running = await start(config, createLogger('silent'), database);
  const [u] = await database.knex('users').insert({ username: 'closer', password_hash: await hashPassword('x-password'), role: 'bureau' }).returning('id');
  token = (await createSession(database.knex, u.id, 1)).token;
});
afterAll(() => running.close());

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('graceful shutdown', () => {
  it('when close() is called with a request in flight, the request completes, new connections are refused, then the database closes', async () => {
    expect(await get(`${running.url}/healthz`)).toBe(200);

    const body = JSON.stringify({ name: '关门镇' });
    const half = Math.floor(body.length / 2);
    const { port } = new URL(running.url);
    let answered: (v: { status: number; body: string }) => void;
    const response = new Promise<{ status: number; body: string }>((r) => (answered = r));
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/townships', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${token}` } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => answered({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.write(body.slice(0, half));
    await new Promise((r) => setTimeout(r, 150)); // the server has the headers and half the body

    const closed = running.close();
    let dbClosed = false;
    void closed.then(() => (dbClosed = true));

    await expect(get(`${running.url}/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await new Promise((r) => setTimeout(r, 100));
    expect(dbClosed).toBe(false); // still waiting for the request in flight

    req.end(body.slice(half));
    const res = await response;
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({ name: '关门镇' });

    // Closed as soon as the answer is out: not after the keep-alive timeout, nor the 20 s one.
    const t1 = Date.now();
    await closed;
    expect(Date.now() - t1).toBeLessThan(1000);
    await expect(running.database.knex.raw('select 1')).rejects.toThrow();
  });
});
