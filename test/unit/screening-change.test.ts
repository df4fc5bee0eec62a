import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkIfMatch, ifMatchOf } from '../../server/http/etag.js';

// The seams of a screening change (issue 18.1): the route reads If-Match into a plain value the
// service checks; verification (server/evidence) is a layer below the screenings and never calls up.

const header = (value: string | undefined) => ({ get: (name: string) => (name.toLowerCase() === 'if-match' ? value : undefined) }) as never;

describe('If-Match as a plain value', () => {
  it('absent or * lets any version through', () => {
    expect(ifMatchOf(header(undefined))).toBeUndefined();
    expect(ifMatchOf(header(' * '))).toBeUndefined();
    expect(() => checkIfMatch(undefined, 7)).not.toThrow();
  });

  it('reads strong and weak tags, and 412s when none is the current version', () => {
    const tags = ifMatchOf(header('W/"3", "5"'));
    expect(tags).toEqual(['3', '5']);
    expect(() => checkIfMatch(tags, 5)).not.toThrow();
    expect(() => checkIfMatch(tags, 4)).toThrow(expect.objectContaining({ status: 412 }));
  });
});

describe('verification is a lower layer', () => {
  const dir = path.resolve(import.meta.dirname, '../../server/evidence');
  it.each(readdirSync(dir).filter((f) => f.endsWith('.ts')))('server/evidence/%s imports nothing of server/screenings', (file) => {
    expect(readFileSync(path.join(dir, file), 'utf8')).not.toMatch(/from '\.\.\/screenings\//);
  });

  it('only the HTTP layer knows Express’s Request: no service, rule or query takes it', () => {
    const server = path.resolve(import.meta.dirname, '../../server');
    const files = (readdirSync(server, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    // Routers, the app, the http/ kernel, the auth guard and the role confinement, and the wrappers that send kept answers or feeds.
    const http = /(^|\/)([\w-]*routes|calendar)\.ts$|^app\.ts$|^http\/|^auth\/(guard|confine)\.ts$|^coverage\/(cache|send)\.ts$/;
    const knowing = files.filter((f) => /import (type )?\{[^}]*\bRequest\b[^}]*\} from 'express'/.test(readFileSync(path.join(server, f), 'utf8')));
    expect(knowing.length).toBeGreaterThan(3);
    expect(knowing.filter((f) => !http.test(f))).toEqual([]);
  });
});
