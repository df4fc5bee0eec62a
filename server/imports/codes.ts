import { zhCN } from '../../web/src/i18n/zh-CN.js';
import type { Lang } from '../http/language.js';
// Every import problem has a stable code beside its English message, so a page can say it in the
// reader's language (web/src/i18n: `importError.<code>`) and a script can act on it. The English
// message is made here, from the code's template and its parameters, and nowhere else; the
// OpenAPI document lists this table.

interface CodeEntry {
  /** The English message; {name} is a parameter. */
  en: string;
  /** Where it comes from, for the OpenAPI text. */
  when: string;
}

export const importCodes = {
  // One row, one column.
  required: { en: 'is required', when: 'a required value (code, name) is empty' },
  digits: { en: 'must be {digits} digits', when: 'a code that is not 12 digits (village, parent) or 9 (township)' },
  too_long: { en: 'must be at most {max} characters', when: 'a name over 100 characters' },
  outside_township: { en: 'is outside the township of this import ({townshipCode})', when: 'townshipCode scopes the import and the row names another township' },
  outside_area: { en: 'is outside your area: a scoped importer names only codes of its own counties', when: 'a bureau user with an area names a township, village or parent code outside its counties (an unknown one and another county’s alike)' },
  own_parent: { en: 'a village cannot be its own parent', when: 'parent_code equals code' },
  bad_kind: { en: 'must be administrative (行政村) or natural (自然村)', when: 'kind is none of the accepted values' },
  natural_needs_parent: { en: 'a natural village needs the code of its administrative village', when: 'kind natural without parent_code' },
  administrative_has_parent: { en: 'an administrative village has no parent', when: 'kind administrative with a parent_code' },
  not_a_number: { en: 'must be a number (decimal degrees, WGS-84)', when: 'lat or lng is not a decimal number' },
  out_of_range: { en: 'must be between -{limit} and {limit}', when: 'lat beyond ±90 or lng beyond ±180' },
  lat_lng_pair: { en: 'give both lat and lng, or neither', when: 'one coordinate without the other' },
  not_a_point: { en: 'must be a Point with [lng, lat]', when: 'a GeoJSON feature whose geometry is not a Point' },
  // The film catalogue (POST /api/films/import), one row, one column.
  bad_category: { en: 'must be feature, science, documentary, opera, children or other (故事片, 科教片, 纪录片, 戏曲片, 少儿片, 其他)', when: 'a film category none of the six, in English or Chinese' },
  not_whole_number: { en: 'must be a whole number from {min} to {max}', when: 'a film\'s minutes (1 to 1000) or year (1900 to 2100) that is not one' },
  bad_date: { en: 'must be a date as YYYY-MM-DD', when: 'a licence date (available_from, available_to) that is not a real date' },
  date_order: { en: 'must be on or after available_from ({from})', when: 'a licence window that ends before it starts' },
  bad_themes: { en: 'at most {max} themes, each at most {length} characters', when: 'too many themes, or one too long' },
  duplicate_film: { en: 'the same film as row {firstRow}', when: 'two rows of a catalogue file with one code, or one title and year, or that match one film' },
  // One row against the others and the registry.
  duplicate_code: { en: 'repeats the code of row {firstRow}', when: 'a village code given twice in the file' },
  new_township_needs_name: { en: 'township code {townshipCode} is new: give its name to create it', when: 'an unknown township code (given, or the first 9 digits of the village code) without township_name' },
  needs_position: { en: 'a new village needs its position (lat and lng)', when: 'a village not yet in the registry without lat/lng' },
  parent_unknown: { en: 'no village with this code in the file or the registry', when: 'parent_code names no village' },
  parent_not_administrative: { en: 'must be an administrative village', when: 'parent_code names a natural village' },
  parent_other_township: { en: 'must be in the same township', when: 'the parent lies in another township' },
  area_digits: { en: 'must be 2 (province), 4 (prefecture), 6 (county) or 9 (township) digits', when: 'an area import row whose code has another length' },
  area_parent_unknown: { en: 'no area with code {parentCode} in the file or the registry: import it first', when: 'an area or township import row whose parent area (the code without its last 2 or 3 digits) is missing' },
  has_children: { en: 'has natural villages under it that the file leaves in place ({children})', when: 'an administrative village turned natural or moved while natural villages still hang under it' },
  // The file as a whole (row 0, or the row where reading stopped).
  empty_file: { en: 'the file is empty', when: 'no header line, no GeoJSON object' },
  no_code_column: { en: 'no code column (headers found: {headers})', when: 'no header means code; headers: the first ones found, printable text only, cut short' },
  no_name_column: { en: 'no name column (headers found: {headers})', when: 'no header means name' },
  no_title_column: { en: 'no title column (headers found: {headers})', when: 'a catalogue file where no header means title (片名)' },
  no_category_column: { en: 'no category column (headers found: {headers})', when: 'a catalogue file where no header means category (类别)' },
  duplicate_column: { en: 'two columns mean {column}', when: 'two headers are names of one column' },
  csv_unreadable: { en: 'the CSV cannot be read here ({reason}): {detail}', when: 'a quote or a record the CSV reader cannot read; reason: its code (CSV_…), detail: its text, cut short' },
  geojson_not_object: { en: 'the body is not a GeoJSON FeatureCollection (an object was expected)', when: 'a GeoJSON body that does not start with {' },
  geojson_bad_text: { en: 'a key or value of the FeatureCollection is not valid JSON text', when: 'a broken string in the document' },
  geojson_trailing_text: { en: 'text after the end of the GeoJSON document', when: 'more after the closing }' },
  geojson_truncated: { en: 'the GeoJSON document ends too early', when: 'the document is cut off' },
  not_feature_collection: { en: 'must be a FeatureCollection', when: 'type is not FeatureCollection' },
  no_features: { en: 'a FeatureCollection needs a features array', when: 'no features' },
  feature_bad_json: { en: 'this feature is not valid JSON', when: 'one feature cannot be parsed' },
  // What was sent (path `file`, no row): 415 for a file that is not CSV or GeoJSON, 413, 400.
  excel_workbook: { en: 'The file is an Excel workbook ({format}) that this import cannot read: in Excel choose Save As → “CSV UTF-8 (comma delimited)” (the village import also reads “Excel Workbook (*.xlsx)”) and import that file.', when: '415: XLS, ODS or an XML spreadsheet, recognised by its first bytes (an XLSX is read)' },
  xlsx_unreadable: { en: 'The workbook cannot be read (a damaged or password-protected XLSX): save it again in Excel, or as “CSV UTF-8 (comma delimited)”.', when: '400: bytes that start like an XLSX but do not open as one' },
  image_file: { en: 'The file is a {format} image, not CSV or GeoJSON.', when: '415: PNG, JPEG, GIF, WEBP, BMP, TIFF' },
  document_file: { en: 'The file is a {format} document, not CSV or GeoJSON.', when: '415: PDF, DOCX, PPTX, ODT' },
  archive_file: { en: 'The file is a {format} archive: unpack it and import the CSV or GeoJSON inside.', when: '415: ZIP, GZIP, 7Z, RAR, BZIP2, XZ' },
  shapefile: { en: 'The file is a shapefile: export the layer as GeoJSON (or CSV with lat and lng) and import that.', when: '415: an ESRI .shp' },
  markup_file: { en: 'The file is {format}, not CSV or GeoJSON.', when: '415: XML, KML or HTML (a spreadsheet saved as a web page)' },
  utf16_text: { en: 'The file is UTF-16 text (Excel’s “Unicode Text”): save it as “CSV UTF-8 (comma delimited)” instead.', when: '415: UTF-16 with or without its byte order mark' },
  binary_file: { en: 'The file is not text (it holds binary data): send a CSV or GeoJSON file.', when: '415: other binary data (NUL or control bytes)' },
  unsupported_type: { en: 'Send the registry as text/csv or application/geo+json, not {type}.', when: '415: another Content-Type' },
  form_upload: { en: 'Send the registry as text/csv or application/geo+json, not {type}. Send the file itself as the body, not a form.', when: '415: a multipart form' },
  compressed_body: { en: 'Send the file uncompressed (no Content-Encoding).', when: '415: a Content-Encoding' },
  too_large: { en: 'The file is larger than this route accepts ({maxMb} MB).', when: '413' },
  not_utf8: { en: 'The file starts as UTF-8 but has bytes further on that are not UTF-8; save it again as UTF-8 (or GB18030).', when: '400' },
  utf8_truncated: { en: 'The file ends in the middle of a UTF-8 character.', when: '400' },
  upload_cut_off: { en: 'The upload was cut off before the end of the file.', when: '400: the client hung up mid-upload' },
} as const satisfies Record<string, CodeEntry>;

export type ImportCode = keyof typeof importCodes;
export type ImportParams = Record<string, string | number>;

const fill = (template: string, params: ImportParams) => template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));

/** The English message of a code with its parameters. */
export const importMessage = (code: ImportCode, params: ImportParams = {}): string => fill(importCodes[code].en, params);

/** The message in the request's language: Chinese from the pages' catalogue (web/src/i18n, `importError.<code>`), which has every code. */
export const importMessageIn = (lang: Lang | undefined, code: ImportCode, params: ImportParams = {}): string =>
  lang === 'zh-CN' ? fill(zhCN[`importError.${code}`], params) : importMessage(code, params);

/**
 * Text taken from the file, as it may be shown back: printable characters only (no control,
 * format, private-use or unassigned code points, no U+FFFD from undecodable bytes), spaces
 * collapsed, cut to `max` characters.
 */
export function printable(text: string, max = 24): string {
  const clean = [...text.replace(/[\p{C}\uFFFD]+/gu, ' ').replace(/\s+/g, ' ').trim()];
  return clean.length > max ? `${clean.slice(0, max - 1).join('')}…` : clean.join('');
}

/** A file's header line as it may be shown back: its first names, each printable and short. */
export function printableHeaders(record: string[], count = 10): string {
  const names = record.map((h) => printable(h, 24)).filter(Boolean);
  const shown = names.slice(0, count).join(', ');
  return names.length > count ? `${shown}, …` : shown || '—';
}
