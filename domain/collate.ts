// The order a Chinese reader expects in a list of names: by pinyin (汉语拼音), and numbers by their
// value wherever two names differ by one — Arabic (2 before 10) or Chinese (第二 before 第十,
// 第一放映队, 第二放映队, 第三放映队). Code-point order would put 第一, 第三, 第二.

const pinyin = new Intl.Collator('zh-CN-u-co-pinyin', { numeric: true, sensitivity: 'variant' });
const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const NUMERAL = /[0-9]+|[零〇一二两三四五六七八九十百千]+/g;

/** The value of a run of Arabic digits or Chinese numerals: 二十三 → 23, 一百零五 → 105, 十一 → 11. */
export function numeralValue(run: string): number {
  if (/^[0-9]+$/.test(run)) return Number(run);
  let total = 0;
  let digit = 0;
  for (const ch of run) {
    if (ch in DIGIT) digit = DIGIT[ch]!;
    else {
      total += (digit || 1) * UNIT[ch]!;
      digit = 0;
    }
  }
  return total + digit;
}

/** A name cut into text and numeral runs. */
function runs(name: string): (string | number)[] {
  const out: (string | number)[] = [];
  let at = 0;
  for (const m of name.matchAll(NUMERAL)) {
    if (m.index > at) out.push(name.slice(at, m.index));
    out.push(numeralValue(m[0]));
    at = m.index + m[0].length;
  }
  if (at < name.length) out.push(name.slice(at));
  return out;
}

export function compareNames(a: string, b: string): number {
  const x = runs(a);
  const y = runs(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i]!, y[i]!];
    if (typeof p === 'number' && typeof q === 'number') {
      if (p !== q) return p - q;
    } else if (typeof p === 'string' && typeof q === 'string') {
      if (p !== q) return pinyin.compare(p, q) || (p < q ? -1 : 1);
    } else {
      // A numeral against other text: the names as a whole, by pinyin.
      return pinyin.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
    }
  }
  return x.length - y.length || pinyin.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
