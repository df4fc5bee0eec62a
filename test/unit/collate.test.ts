import { describe, expect, it } from 'vitest';
import { compareNames, numeralValue } from '../../domain/collate.js';

const sorted = (names: string[]) => [...names].sort(compareNames);

describe('names in the order a Chinese reader expects', () => {
  it('teams by the value of their numerals, not by code point or by pinyin alone', () => {
    expect(sorted(['第三放映队', '第十放映队', '第一放映队', '第二放映队', '第十一放映队'])).toEqual(['第一放映队', '第二放映队', '第三放映队', '第十放映队', '第十一放映队']);
    expect(sorted(['队10', '队2', '队1'])).toEqual(['队1', '队2', '队10']);
    expect(sorted(['10号', '2号', '1号'])).toEqual(['1号', '2号', '10号']);
  });

  it('other names by pinyin', () => {
    // 大 da, 河 he, 秀 xiu, 杨 yang — code points would give 大 河 杨 秀.
    expect(sorted(['秀山街道', '杨广镇', '大新村', '河西镇'])).toEqual(['大新村', '河西镇', '秀山街道', '杨广镇']);
    // Chinese numerals opening a name are part of it, read in pinyin: 三义村 (san) after 大村 (da),
    // 九龙 (jiu) between 河 (he) and 里 (li); so are 一队 (yi), 二队 (er), 三队 (san).
    expect(sorted(['三义村', '大村'])).toEqual(['大村', '三义村']);
    expect(sorted(['四街镇', '里山彝族乡', '九龙街道', '河西镇'])).toEqual(['河西镇', '九龙街道', '里山彝族乡', '四街镇']);
    expect(sorted(['三队', '一队', '二队'])).toEqual(['二队', '三队', '一队']);
  });

  it('reads Chinese numerals', () => {
    expect([numeralValue('一'), numeralValue('十'), numeralValue('十一'), numeralValue('二十三'), numeralValue('一百零五'), numeralValue('两'), numeralValue('42')]).toEqual([1, 10, 11, 23, 105, 2, 42]);
  });

  it('is a total order: equal only for equal names, antisymmetric and transitive, so any arrival order sorts the same', () => {
    expect(compareNames('一村', '一村')).toBe(0);
    expect(compareNames('一村', '壹村')).not.toBe(0);
    expect(compareNames('第2队', '第二队')).not.toBe(0);
    const names = ['四街镇', '九龙街道', '里山彝族乡', '秀山街道', '第一放映队', '第十放映队', '第2放映队', '第二放映队', '队10', '队2', '10号', 'A村', 'a村', '三义村', '大村', '第', '第十', '第十一', '二十三村', ''];
    for (const a of names) {
      for (const b of names) {
        expect(Math.sign(compareNames(a, b)) + Math.sign(compareNames(b, a)), `${a} ${b}`).toBe(0);
        for (const c of names) {
          if (compareNames(a, b) < 0 && compareNames(b, c) < 0) expect(compareNames(a, c), `${a} < ${b} < ${c}`).toBeLessThan(0);
        }
      }
    }
    const once = sorted(names);
    for (let i = 0; i < 5; i++) expect(sorted([...names].sort(() => Math.random() - 0.5))).toEqual(once);
  });
});
