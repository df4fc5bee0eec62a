// The English page reads as English: no Chinese punctuation (full-width brackets, the enumeration
// comma, full stop, colon …) in the English catalogue, nor in a string a page module writes by
// itself, where it would show on the English page too. Punctuation that differs by language
// lives in the catalogues (text.paren, text.listSeparator, text.label). Chinese letters may stay:
// a village's or a column's Chinese name is data. Regular expressions (reading Chinese input) and
// comments are not text on the page.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.js';

/**
 * CJK symbols and punctuation (、。「」 in U+3001–303F) and the full-width forms (（），：；！？ in
 * U+FF00–FFEF). Not the ideographic space U+3000: the area picker indents with it, a space in any language.
 */
const CJK_PUNCTUATION = /[\u3001-\u303f\uff00-\uffef]/u;
const WEB = path.resolve(import.meta.dirname, '../../web/src');
const CHINESE_CATALOGUE = path.join(WEB, 'i18n', 'zh-CN.ts');
/** The villagers' page's own Chinese words (taken into the app's catalogue above). */
const VILLAGE_CATALOGUE = path.join(WEB, 'i18n', 'village', 'zh-CN.ts');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && full !== CHINESE_CATALOGUE && full !== VILLAGE_CATALOGUE ? [full] : [];
  });
}

/** The string and template literals of a file that hold CJK punctuation, as "file:line text". */
function punctuatedLiterals(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) && CJK_PUNCTUATION.test(node.text)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      found.push(`${path.relative(WEB, file)}:${line} ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('Chinese punctuation on the English page', () => {
  it('is in no message of the English catalogue', () => {
    const punctuated = Object.entries(en).filter(([, text]) => CJK_PUNCTUATION.test(text));
    expect(punctuated).toEqual([]);
  });

  it('is in no string a page module writes by itself (only the Chinese catalogue holds it)', () => {
    const files = sourceFiles(WEB);
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap(punctuatedLiterals)).toEqual([]);
  });

  it('is found where it is: a message with （） or 、 fails the check', () => {
    expect(CJK_PUNCTUATION.test('Villages（3）')).toBe(true);
    expect(CJK_PUNCTUATION.test('a、b')).toBe(true);
    expect(CJK_PUNCTUATION.test('Villages (3): “a”, b.')).toBe(false);
    expect(CJK_PUNCTUATION.test('村委会')).toBe(false);
  });
});
