// The order a Chinese reader expects in a list of names: by pinyin (汉语拼音), with numbers by their
// value — Arabic digits anywhere (队2 before 队10), Chinese numerals after a common beginning
// (第二 before 第十: 第一放映队, 第二放映队, 第三放映队). Code-point order would put 第一, 第三, 第二.
//
// A name is cut into a key of runs, text and numbers, and keys are compared run by run: numbers by
// value and before text, text by pinyin. Comparing keys this way is a total order (transitive), so
// sorting gives one answer whatever order the names come in. Chinese numerals at the very start of
// a name stay text: 三义村 and 九龙街道 are names, read in pinyin among the others, not 3 and 9.

const pinyin = new Intl.Collator('zh-CN-u-co-pinyin', { sensitivity: 'variant' });
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

/** A name as runs of text and numbers. */
function key(name: string): (string | number)[] {
  const out: (string | number)[] = [];
  let at = 0;
  const text = (s: string) => {
    if (!s) return;
    if (typeof out[out.length - 1] === 'string') out[out.length - 1] += s;
    else out.push(s);
  };
  for (const m of name.matchAll(NUMERAL)) {
    text(name.slice(at, m.index));
    // Chinese numerals opening the name are part of the name.
    if (m.index === 0 && !/^[0-9]/.test(m[0])) text(m[0]);
    else out.push(numeralValue(m[0]));
    at = m.index + m[0].length;
  }
  text(name.slice(at));
  return out;
}

const codePoints = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function compareNames(a: string, b: string): number {
  const x = key(a);
  const y = key(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i]!, y[i]!];
    if (typeof p === 'number' && typeof q === 'number') {
      if (p !== q) return p - q;
    } else if (typeof p === 'number' || typeof q === 'number') {
      return typeof p === 'number' ? -1 : 1;
    } else if (p !== q) {
      return pinyin.compare(p, q) || codePoints(p, q);
    }
  }
  return x.length - y.length || codePoints(a, b);
}
