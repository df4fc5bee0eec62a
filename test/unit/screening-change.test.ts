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

  it('no service takes Express’s Request', () => {
    const server = path.resolve(import.meta.dirname, '../../server');
    const services = readdirSync(server, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(path.join(server, d.name)).filter((f) => f === 'service.ts').map((f) => path.join(server, d.name, f)));
    const screeningServices = services.filter((f) => /screenings|plans|evidence/.test(f));
    for (const f of screeningServices) expect(readFileSync(f, 'utf8'), f).not.toMatch(/\(\s*[a-z]+: Request\b|, req: Request\b/);
  });
});
