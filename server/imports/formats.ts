import type { ImportCode, ImportParams } from './codes.js';

// What a file is, by its first bytes (magic numbers), before any of it is read as text: a county
// clerk picks the workbook, a scan or a zipped folder as readily as the CSV, and those bytes read as
// GB18030 make "CSV" with nonsense headers. Whatever the Content-Type said, a recognised binary
// format is refused (415) with a code that says what it was and what to send instead.

/** Enough to see a ZIP's first entries (an XLSX names xl/…, a DOCX word/…) and an XML root. */
export const HEAD_BYTES = 4096;

export type NotText = { code: ImportCode; params: ImportParams };

const starts = (head: Buffer, ...bytes: number[]) => bytes.every((b, i) => head[i] === b);
const ascii = (head: Buffer, text: string, at = 0) => head.subarray(at, at + text.length).toString('latin1') === text;

const magic: [test: (head: Buffer) => boolean, code: ImportCode, format: string][] = [
  [(h) => starts(h, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'image_file', 'PNG'],
  [(h) => starts(h, 0xff, 0xd8, 0xff), 'image_file', 'JPEG'],
  [(h) => ascii(h, 'GIF87a') || ascii(h, 'GIF89a'), 'image_file', 'GIF'],
  [(h) => ascii(h, 'RIFF') && ascii(h, 'WEBP', 8), 'image_file', 'WEBP'],
  [(h) => starts(h, 0x49, 0x49, 0x2a, 0x00) || starts(h, 0x4d, 0x4d, 0x00, 0x2a), 'image_file', 'TIFF'],
  [(h) => ascii(h, 'BM') && h.length >= 26 && h.readUInt32LE(2) > 26 && h.readUInt16LE(6) === 0 && h.readUInt16LE(8) === 0, 'image_file', 'BMP'],
  [(h) => ascii(h, '%PDF-'), 'document_file', 'PDF'],
  // The compound file of Office 97–2003: .xls (a .doc is as useless, and far rarer here).
  [(h) => starts(h, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), 'excel_workbook', 'XLS'],
  [(h) => starts(h, 0x1f, 0x8b), 'archive_file', 'GZIP'],
  [(h) => starts(h, 0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c), 'archive_file', '7Z'],
  [(h) => ascii(h, 'Rar!\x1a\x07'), 'archive_file', 'RAR'],
  [(h) => /^BZh[1-9]1AY&SY/.test(h.subarray(0, 10).toString('latin1')), 'archive_file', 'BZIP2'],
  [(h) => starts(h, 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00), 'archive_file', 'XZ'],
  [(h) => starts(h, 0x00, 0x00, 0x27, 0x0a), 'shapefile', 'SHP'],
  [(h) => ascii(h, 'SQLite format 3\0'), 'binary_file', 'SQLite'],
];

/** A ZIP by what its first entries are called: Office and OpenDocument files are ZIPs. */
function zipKind(head: Buffer): NotText {
  const names = head.toString('latin1');
  if (/mimetypeapplication\/vnd\.oasis\.opendocument\.spreadsheet/.test(names)) return { code: 'excel_workbook', params: { format: 'ODS' } };
  if (/mimetypeapplication\/vnd\.oasis\.opendocument\.text/.test(names)) return { code: 'document_file', params: { format: 'ODT' } };
  if (names.includes('xl/')) return { code: 'excel_workbook', params: { format: 'XLSX' } };
  if (names.includes('word/')) return { code: 'document_file', params: { format: 'DOCX' } };
  if (names.includes('ppt/')) return { code: 'document_file', params: { format: 'PPTX' } };
  return { code: 'archive_file', params: { format: 'ZIP' } };
}

/** Markup (after a BOM and blanks): a KML, an XML spreadsheet, or a page saved from a browser or Excel. */
function markupKind(head: Buffer): NotText | null {
  const text = head.toString('utf8').replace(/^\uFEFF?\s*/, '');
  if (!text.startsWith('<')) return null;
  const lower = text.slice(0, HEAD_BYTES).toLowerCase();
  if (lower.includes('urn:schemas-microsoft-com:office:spreadsheet')) return { code: 'excel_workbook', params: { format: 'XML' } };
  if (lower.includes('<kml')) return { code: 'markup_file', params: { format: 'KML' } };
  if (lower.startsWith('<!doctype html') || lower.includes('<html')) return { code: 'markup_file', params: { format: 'HTML' } };
  return { code: 'markup_file', params: { format: 'XML' } };
}

/**
 * Controls that no CSV or GeoJSON holds: NUL, and most of C0 (a tab, the line ends, a form feed,
 * an old DOS end-of-file mark pass). A stray one may happen; many are binary data.
 */
function controlBytes(head: Buffer): { nul: number; other: number } {
  let nul = 0;
  let other = 0;
  for (const b of head) {
    if (b === 0) nul++;
    else if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) || b === 0x7f) other++;
  }
  return { nul, other };
}

/** UTF-16 without its mark: most of the bytes at one parity are NUL (the high byte of ASCII), few at the other. */
function looksUtf16(head: Buffer): boolean {
  const n = head.length & ~1;
  if (n < 8) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  const half = n / 2;
  return (odd > half * 0.5 && even < half * 0.05) || (even > half * 0.5 && odd < half * 0.05);
}

/** What the first bytes of a file say it is, when it is not CSV or GeoJSON text; null for text. */
export function notText(head: Buffer): NotText | null {
  if (!head.length) return null;
  if (starts(head, 0xff, 0xfe) || starts(head, 0xfe, 0xff)) return { code: 'utf16_text', params: {} };
  for (const [test, code, format] of magic) if (test(head)) return { code, params: { format } };
  if (ascii(head, 'PK\x03\x04') || ascii(head, 'PK\x05\x06') || ascii(head, 'PK\x07\x08')) return zipKind(head);
  const markup = markupKind(head);
  if (markup) return markup;
  const { nul, other } = controlBytes(head);
  if (nul && looksUtf16(head)) return { code: 'utf16_text', params: {} };
  if (nul || (other >= 4 && other * 100 > head.length)) return { code: 'binary_file', params: {} };
  return null;
}
