import iconv from 'iconv-lite';
import { FileProblem } from './result.js';

/** The import's own body limit: a county registry with its natural villages, with room to spare. */
export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;

// Close the connection: draining the rest of an oversized upload helps nobody.
export const tooLarge = () => new FileProblem(413, 'too_large', { maxMb: IMPORT_MAX_BYTES / 1024 / 1024 }, { Connection: 'close' });

/** Evidence needed after the first non-ASCII byte before the encoding is decided. */
const SNIFF_BYTES = 4096;

/** What a CSV body may be read as (valid UTF-8 is UTF-8). */
export const encodings = ['utf-8', 'gb18030'] as const;
export type Encoding = (typeof encodings)[number];

function isValidUtf8(bytes: Buffer, final: boolean): boolean {
  try {
    // stream: true leaves a sequence cut at the end of the sample pending instead of failing on it.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !final });
    return true;
  } catch {
    return false;
  }
}

/**
 * Bytes to text. Valid UTF-8 (with or without a BOM) is read as UTF-8; anything else as GB18030,
 * which is what Excel on a Chinese Windows saves as "CSV". ASCII reads the same in both, so it
 * passes through at once; the choice is made on the first 4 KB that follow the first non-ASCII byte
 * (or the end of the file), and GB18030 Chinese text stops being valid UTF-8 within a character or two.
 * `onEncoding` tells the caller what was chosen.
 */
export async function* decodeText(source: AsyncIterable<Buffer>, onEncoding?: (e: Encoding) => void): AsyncGenerator<string> {
  let decode: ((b: Buffer) => string) | undefined;
  let finish: (() => string) | undefined;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let firstHigh = -1;

  const choose = (sample: Buffer, final: boolean) => {
    if (isValidUtf8(sample, final)) {
      const d = new TextDecoder('utf-8', { fatal: true });
      decode = (b) => {
        try {
          return d.decode(b, { stream: true });
        } catch {
          throw new FileProblem(400, 'not_utf8');
        }
      };
      finish = () => {
        try {
          return d.decode();
        } catch {
          throw new FileProblem(400, 'utf8_truncated');
        }
      };
      onEncoding?.('utf-8');
    } else {
      const d = iconv.getDecoder('gb18030');
      decode = (b) => d.write(b);
      finish = () => d.end() ?? '';
      onEncoding?.('gb18030');
    }
  };

  for await (const chunk of source) {
    if (decode) {
      const text = decode(chunk);
      if (text) yield text;
      continue;
    }
    if (firstHigh < 0) {
      const at = chunk.findIndex((b) => b > 0x7f);
      if (at < 0) {
        yield chunk.toString('latin1'); // pure ASCII so far: identical in every candidate encoding
        continue;
      }
      firstHigh = at;
    }
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes - firstHigh >= SNIFF_BYTES) {
      const sample = Buffer.concat(pending);
      pending = [];
      choose(sample, false);
      const text = decode!(sample);
      if (text) yield text;
    }
  }
  if (!decode) {
    if (!pending.length) return;
    const sample = Buffer.concat(pending);
    choose(sample, true);
    const text = decode!(sample);
    if (text) yield text;
  }
  const rest = finish!();
  if (rest) yield rest;
}
