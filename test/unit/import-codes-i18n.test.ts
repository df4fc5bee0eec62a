import { describe, expect, it } from 'vitest';
import { importCodes } from '../../server/imports/codes.js';
import { en } from '../../web/src/i18n/en.js';
import { zhCN } from '../../web/src/i18n/zh-CN.js';

// The registry page says every import error in the reader's language: each code of the server has
// its words in both catalogues, naming only parameters the server sends.

const params = (text: string) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));

describe('the import error codes in the page catalogues', () => {
  it.each([
    ['zh-CN', zhCN as Record<string, string>],
    ['en', en as Record<string, string>],
  ])('%s has words for every code, with no parameter the server does not send', (_lang, catalogue) => {
    for (const [code, entry] of Object.entries(importCodes)) {
      const text = catalogue[`importError.${code}`];
      expect(text, code).toBeTypeOf('string');
      for (const p of params(text!)) expect(params(entry.en), `${code}: {${p}}`).toContain(p);
    }
    const extra = Object.keys(catalogue).filter((k) => k.startsWith('importError.') && !(k.slice(12) in importCodes));
    expect(extra).toEqual([]);
  });
});
