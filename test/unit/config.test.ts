import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';

describe('configuration', () => {
  it('when nothing is set, the defaults apply: port 3000, embedded under ./data with demo data, Asia/Shanghai', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: undefined, dataDir: path.resolve('./data'), demoData: true, timezone: 'Asia/Shanghai', admin: undefined });
    expect(c.login).toEqual({ maxAttempts: 10, windowMs: 15 * 60_000 });
  });

  it('when DATABASE_URL is set, there is no demo data unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).demoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', DEMO_DATA: 'true' }).demoData).toBe(true);
  });

  it('when DATABASE_URL is unset and PGHOST is set, the server comes from libpq\'s variables, a password with @ : / # intact', async () => {
    const c = loadConfig({ PGHOST: 'db', PGPORT: '5433', PGUSER: 'film2131', PGPASSWORD: 'p@ss:w/rd#1 %', PGDATABASE: 'film2131' });
    expect(c.demoData).toBe(false);
    const { parse } = await import('pg-connection-string');
    expect(parse(c.databaseUrl!)).toMatchObject({ host: 'db', port: '5433', user: 'film2131', password: 'p@ss:w/rd#1 %', database: 'film2131' });
    // DATABASE_URL wins when both are set.
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', PGHOST: 'db' }).databaseUrl).toBe('postgres://u@h/db');
  });

  it('when a variable is an empty string, it counts as unset', () => {
    expect(loadConfig({ PORT: '', COUNTY_TIMEZONE: '' })).toMatchObject({ port: 3000, timezone: 'Asia/Shanghai' });
  });

  const bad: [Record<string, string>, string][] = [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ COUNTY_TIMEZONE: 'Mars/Olympus_Mons' }, 'COUNTY_TIMEZONE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SESSION_TTL_HOURS: '0' }, 'SESSION_TTL_HOURS'],
    [{ COOKIE_SECURE: 'maybe' }, 'COOKIE_SECURE'],
    [{ LOGIN_MAX_ATTEMPTS: '-1' }, 'LOGIN_MAX_ATTEMPTS'],
    [{ DEMO_DATA: 'sometimes' }, 'DEMO_DATA'],
    [{ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_USERNAME: 'root' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_PASSWORD: 'long enough' }, 'ADMIN_USERNAME'],
  ];
  for (const [env, name] of bad) {
    it(`when ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')}, it stops with a message naming ${name}`, () => {
      expect(() => loadConfig(env)).toThrow(new RegExp(`Invalid configuration[\\s\\S]*${name}`));
    });
  }

  it('when several values are bad, the message names each of them', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*PORT/);
  });

  it('when the admin is given in full, it is kept', () => {
    expect(loadConfig({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'long enough' }).admin).toEqual({ username: 'root', password: 'long enough' });
  });
});
