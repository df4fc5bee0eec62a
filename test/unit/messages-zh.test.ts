import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldMessageZh } from '../../server/http/zh-CN.js';

// Every field message the server's code writes has its Chinese in the catalogue (server/http/zh-CN.ts):
// a new English message without one would reach a Chinese reader as the bare 取值无效. The messages
// are the literals the code passes as one: `message: '…'`, zod's `{ error: '…' }` and its checks'
// second argument, invalidField's and registerConstraint's. Messages with values (template literals) are the catalogue's
// patterns, tried by test/api/messages-zh.test.ts.

const root = path.resolve(import.meta.dirname, '../../server');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

/** Lower-case English phrases in a message's place. */
function messagesIn(source: string): string[] {
  const found = new Set<string>();
  const re = /(?:message: |error: |invalidField\([^,]+, |registerConstraint\('[^']+', '[^']+', |\.(?:min|max|int|positive|nonnegative|regex|refine|length)\([^,()]+, )'([a-z][^'\\]*(?:\\.[^'\\]*)*)'/g;
  for (const m of source.matchAll(re)) found.add(m[1]!.replace(/\\'/g, "'"));
  return [...found];
}

describe('the Chinese catalogue of the server’s field messages', () => {
  it('says every field message the code writes', () => {
    // Reports and imports keep their own catalogues (codes the pages translate); openapi.ts holds descriptions.
    const sources = files(root).filter((f) => !/[/\\](reports|demo|imports)[/\\]|openapi\.ts$|config\.ts$/.test(f));
    const missing: string[] = [];
    let seen = 0;
    for (const file of sources) {
      for (const message of messagesIn(readFileSync(file, 'utf8'))) {
        seen++;
        if (fieldMessageZh(message) === '取值无效。') missing.push(`${path.relative(root, file)}: ${message}`);
      }
    }
    expect(seen).toBeGreaterThan(80);
    expect(missing).toEqual([]);
  });
});
