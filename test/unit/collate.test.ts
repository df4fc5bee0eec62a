import { describe, expect, it } from 'vitest';
import { compareNames, numeralValue } from '../../domain/collate.js';

const sorted = (names: string[]) => [...names].sort(compareNames);

describe('names in the order a Chinese reader expects', () => {
  it('teams by the value of their numerals, not by code point or by pinyin alone', () => {
    expect(sorted(['第三放映队', '第十放映队', '第一放映队', '第二放映队', '第十一放映队'])).toEqual(['第一放映队', '第二放映队', '第三放映队', '第十放映队', '第十一放映队']);
    expect(sorted(['三队', '一队', '二队'])).toEqual(['一队', '二队', '三队']);
    expect(sorted(['队10', '队2', '队1'])).toEqual(['队1', '队2', '队10']);
  });

  it('other names by pinyin', () => {
    // 大 da, 河 he, 秀 xiu, 杨 yang — code points would give 大 河 杨 秀.
    expect(sorted(['秀山街道', '杨广镇', '大新村', '河西镇'])).toEqual(['大新村', '河西镇', '秀山街道', '杨广镇']);
    // A numeral in a place name is not counted against other text: 三义村 (san) after 大村 (da).
    expect(sorted(['三义村', '大村'])).toEqual(['大村', '三义村']);
  });

  it('reads Chinese numerals', () => {
    expect([numeralValue('一'), numeralValue('十'), numeralValue('十一'), numeralValue('二十三'), numeralValue('一百零五'), numeralValue('两'), numeralValue('42')]).toEqual([1, 10, 11, 23, 105, 2, 42]);
  });

  it('is a total order: equal only for equal names', () => {
    expect(compareNames('一村', '一村')).toBe(0);
    expect(compareNames('一村', '壹村')).not.toBe(0);
    expect(Math.sign(compareNames('a', 'b'))).toBe(-Math.sign(compareNames('b', 'a')));
  });
});
