import { describe, expect, it } from 'vitest';
import { CsvProblem, CsvReader } from '../../server/imports/csv.js';

// server/imports/csv.ts: the registry import's CSV reader (RFC 4180, read chunk by chunk).

/** The records of `text` given to the reader in `chunks` pieces cut at the given places (none: whole). */
function read(text: string, cuts: number[] = [], max = 64 * 1024): string[][] {
  const reader = new CsvReader(max);
  const records: string[][] = [];
  const take = (r: string[]) => records.push(r);
  let from = 0;
  for (const at of [...cuts, text.length]) {
    reader.push(text.slice(from, at), take);
    from = at;
  }
  reader.end(take);
  return records;
}

function problem(text: string, max?: number): CsvProblem {
  try {
    read(text, [], max);
  } catch (err) {
    if (err instanceof CsvProblem) return err;
    throw err;
  }
  throw new Error('read without a problem');
}

const tricky = '\uFEFFcode,name,note\r\n530423001001,"秀山, 街道","说""好""\r\n第二行"\r\n\r\n530423001002,,\n530423001003,"",x\r530423001004,末行,';

describe('the import’s CSV reader', () => {
  it('reads quoted commas, doubled quotes and line breaks, empty fields, any line break, and skips a BOM and empty lines', () => {
    expect(read(tricky)).toEqual([
      ['code', 'name', 'note'],
      ['530423001001', '秀山, 街道', '说"好"\r\n第二行'],
      ['530423001002', '', ''],
      ['530423001003', '', 'x'],
      ['530423001004', '末行', ''],
    ]);
  });

  it('reads the same records wherever the chunks are cut (one cut at each place, then cuts everywhere)', () => {
    const whole = read(tricky);
    for (let at = 0; at <= tricky.length; at++) expect(read(tricky, [at]), `cut at ${at}`).toEqual(whole);
    expect(read(tricky, Array.from({ length: tricky.length }, (_, i) => i))).toEqual(whole);
  });

  it('a CR LF cut between its two characters ends one record, not two', () => {
    expect(read('a,b\r\nc,d\r\n', [4])).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('a quote inside an unquoted field, text after a closing quote, a quote left open, a record too long: refused with csv-parse’s codes, saying the line', () => {
    expect(problem('code,name\n1,ab"c\n')).toMatchObject({ code: 'INVALID_OPENING_QUOTE', message: expect.stringContaining('line 2') });
    expect(problem('code,name\n1, "x"\n')).toMatchObject({ code: 'INVALID_OPENING_QUOTE' });
    expect(problem('code,name\n1,"x"y\n')).toMatchObject({ code: 'CSV_INVALID_CLOSING_QUOTE', message: expect.stringContaining('got "y" at line 2') });
    expect(problem('code,name\n1,"x\n2,y\n')).toMatchObject({ code: 'CSV_QUOTE_NOT_CLOSED', message: expect.stringContaining('opened at line 2') });
    expect(problem(`code,name\n1,${'长'.repeat(101)}\n`, 100)).toMatchObject({ code: 'CSV_MAX_RECORD_SIZE' });
    expect(read(`code,name\n1,${'长'.repeat(98)}\n`, [], 100)).toHaveLength(2);
  });
});
