import { limitBytes } from '../lib/streams.js';
import type { Column, RawRow } from './columns.js';
import { decodeText, IMPORT_MAX_BYTES, tooLarge, type Encoding } from './decode.js';
import { HEAD_BYTES, notText } from './formats.js';
import { FileProblem } from './result.js';
import { csvRows, geojsonRows, type HeaderRead } from './sources.js';
import { xlsxRows } from './xlsx.js';

// An uploaded file to rows, for every import (villages, the film catalogue): the body's size
// limited, its first bytes telling what it is (a workbook is read as one, other binary files are
// refused with 415), text decoded as UTF-8 or GB18030, then CSV (or GeoJSON) records to rows.

/** What the route was told; an XLSX is known by its bytes whatever it was sent as. */
export type Format = 'csv' | 'geojson' | 'sniff';

export interface UploadOptions<C extends string> {
  format: Format;
  maxBytes?: number;
  onEncoding?: (e: Encoding) => void;
  /** How the header line is read (default: the village import's). GeoJSON is the village import's alone. */
  header?: HeaderRead<C>;
}

export async function uploadRows<C extends string = Column>(body: AsyncIterable<Buffer | string>, o: UploadOptions<C>): Promise<AsyncIterable<RawRow<C>>> {
  const bytes = limitBytes(uploaded(body), o.maxBytes ?? IMPORT_MAX_BYTES, tooLarge);
  const [head, rest] = await peek(bytes);
  const other = notText(head);
  const workbook = other?.code === 'excel_workbook' && other.params.format === 'XLSX';
  if (other && !workbook) throw new FileProblem(415, other.code, other.params);
  if (workbook) return xlsxRows(rest, o.header);
  const text = decodeText(rest, o.onEncoding);
  const format = o.format === 'sniff' ? sniff(head) : o.format;
  return format === 'geojson' && !o.header ? (geojsonRows(text) as AsyncIterable<RawRow<C>>) : csvRows(text, o.header);
}

/** The request stream, with a client that hangs up mid-upload reported as such (not as our 500). */
async function* uploaded(body: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer | string> {
  try {
    yield* body;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (err as Error).message === 'aborted') {
      throw new FileProblem(400, 'upload_cut_off');
    }
    throw err;
  }
}

/** The first HEAD_BYTES of the body (fewer when it is shorter), and the whole body again. */
async function peek(bytes: AsyncGenerator<Buffer>): Promise<[Buffer, AsyncGenerator<Buffer>]> {
  const chunks: Buffer[] = [];
  let size = 0;
  while (size < HEAD_BYTES) {
    const next = await bytes.next();
    if (next.done) break;
    chunks.push(next.value);
    size += next.value.length;
  }
  async function* replay() {
    yield* chunks;
    yield* bytes;
  }
  return [Buffer.concat(chunks).subarray(0, HEAD_BYTES), replay()];
}

/** A body sent without a useful content type: `{` first (after a BOM and blanks) is GeoJSON, anything else CSV. */
const sniff = (head: Buffer): 'csv' | 'geojson' => (head.toString('latin1').replace(/^(\xEF\xBB\xBF)?\s*/, '').startsWith('{') ? 'geojson' : 'csv');
