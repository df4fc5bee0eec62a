import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { printable, printableHeaders } from '../../server/imports/codes.js';
import { notText } from '../../server/imports/formats.js';

describe('notText: what the first bytes say', () => {
  it.each([
    ['an English CSV', 'code,name,township_code\r\n530423001001,滨湖社区,530423001\r\n'],
    ['a CSV whose first header starts like a BMP', 'BMcode,name\n1,2\n'],
    ['a CSV whose first header starts like a ZIP', 'PK,name\n1,2\n'],
    ['a GeoJSON document', '\uFEFF  {"type":"FeatureCollection","features":[]}'],
    ['a tab-separated file with a form feed', 'code\tname\f\r\n1\t2\r\n'],
  ])('reads %s as text', (_what, text) => {
    expect(notText(Buffer.from(text))).toBeNull();
  });

  it('reads GB18030 Chinese as text', () => {
    expect(notText(iconv.encode('代码,名称,乡镇\r\n530423001001,滨湖社区,秀山街道\r\n', 'gb18030'))).toBeNull();
  });

  it('says nothing of an empty body (the reader says it is empty)', () => {
    expect(notText(Buffer.alloc(0))).toBeNull();
  });
});

describe('printable: file text shown back', () => {
  it('keeps printable characters only and cuts long text short', () => {
    expect(printable('a\u0000b\u0007c\uFFFD\u200Bd\uE000e')).toBe('a b c d e');
    expect([...printable('长'.repeat(100), 10)]).toHaveLength(10);
    expect(printable('长'.repeat(100), 10).endsWith('…')).toBe(true);
  });

  it('lists the first headers only, and says when there are more', () => {
    const headers = Array.from({ length: 30 }, (_, i) => `h${i}`);
    expect(printableHeaders(headers, 3)).toBe('h0, h1, h2, …');
    expect(printableHeaders(['\u0001', ''])).toBe('—');
  });
});
