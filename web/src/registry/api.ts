// The registry's JSON as this page uses it.
import type { VillageKind as Kind } from '../../../domain/units.js';
import { isMessageKey, t } from '../i18n/index.js';
import { get, Problem, query, request } from '../shared/http.js';

export type { Kind };
export type RetiredFilter = 'true' | 'false' | 'all';

export interface Village {
  id: number;
  name: string;
  townshipId: number;
  townshipName: string;
  kind: Kind;
  parentId: number | null;
  code: string | null;
  lat: number;
  lng: number;
  positionApproximate: boolean;
  retiredAt: string | null;
}

export interface Township {
  id: number;
  name: string;
  code: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ImportError {
  row: number;
  column: string | null;
  /** Stable (server/imports/codes.ts), said in the reader's language by importErrorText; `message` is the server's English. */
  code?: string;
  params?: Record<string, string | number>;
  message: string;
}

/** What a dry or a real run answers; a refused file carries the same counts beside its errors. */
export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  /** The village import's: retired by the run. */
  retired?: number;
  errors: ImportError[];
  /** All refused rows when `errors` lists only the first ones. */
  errorCount?: number;
  townshipsCreated?: number;
  /** The townships created (in a dry run: to be created) from the village codes and the file's 乡镇 names. */
  newTownships?: { code: string; name: string | null; villages: number }[];
  /** Villages of the file's townships that the file leaves out (the first ones), and how many. */
  missing?: { id: number; code: string; name: string; townshipName: string }[];
  missingTotal?: number;
}

export interface ListQuery {
  q: string;
  townshipId: number | null;
  kind: Kind | null;
  retired: RetiredFilter;
  limit: number;
  offset: number;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GeoJSON or a workbook by its name or type; everything else is sent as CSV and the server detects the encoding (and a workbook by its bytes). */
export function contentTypeOf(file: File): string {
  if (/\.(geo)?json$/i.test(file.name) || /json/.test(file.type)) return 'application/geo+json';
  if (/\.xlsx$/i.test(file.name) || file.type === XLSX_TYPE) return XLSX_TYPE;
  return 'text/csv';
}

/** An import error in the reader's language: the catalogue's words for its code, else the server's message. */
export function importErrorText(e: Pick<ImportError, 'code' | 'params' | 'message'>): string {
  const key = `importError.${e.code}`;
  return e.code && isMessageKey(key) ? t(key, e.params ?? {}) : e.message;
}

export const registryApi = {
  townships: () => get<Page<Township>>('/api/townships?limit=1000'),
  villages: (q: ListQuery) =>
    get<Page<Village>>(
      `/api/villages?${query({ q: q.q.trim(), townshipId: q.townshipId, kind: q.kind, retired: q.retired, limit: q.limit, offset: q.offset })}`,
    ),
  patch: (id: number, body: Partial<Pick<Village, 'lat' | 'lng' | 'positionApproximate' | 'retiredAt'>>) =>
    request<Village>('PATCH', `/api/villages/${id}`, { body }),
  /**
   * The file goes as the raw body (no multipart): the server streams it. A 400 answers the same
   * shape as a 200 plus the errors, so both come back as an ImportResult.
   */
  import: (file: File, opts: { dryRun: boolean; retireMissing: boolean }): Promise<ImportResult> =>
    postImport(`/api/villages/import?${query({ dryRun: opts.dryRun ? 'true' : null, retireMissing: opts.retireMissing ? 'true' : null })}`, file, contentTypeOf(file)),
};

/** A file to an import route (villages, the film catalogue): its answer, a refusal of rows as the same shape. */
export async function postImport(url: string, file: File, contentType: string): Promise<ImportResult> {
  try {
    return await request<ImportResult>('POST', url, { body: file, contentType });
  } catch (err) {
    if (err instanceof Problem && err.status === 400 && Array.isArray(err.body.errors)) return asResult(err.body);
    throw err;
  }
}

/**
 * A 400 of the import carries rows ({row, column, code, params, message}); one about the file as a
 * whole names it (path 'file'); one about the request itself carries {path, message}.
 */
function asResult(body: Record<string, unknown>): ImportResult {
  const num = (k: string) => (typeof body[k] === 'number' ? (body[k] as number) : 0);
  const errors = (body.errors as Record<string, unknown>[]).map((e) => ({
    row: typeof e.row === 'number' ? e.row : 0,
    column: typeof e.column === 'string' ? e.column : typeof e.path === 'string' && e.path !== 'file' ? e.path : null,
    code: typeof e.code === 'string' ? e.code : undefined,
    params: e.params && typeof e.params === 'object' ? (e.params as Record<string, string | number>) : undefined,
    message: String(e.message ?? body.detail ?? ''),
  }));
  return {
    ...(body as Partial<ImportResult>),
    created: num('created'),
    updated: num('updated'),
    unchanged: num('unchanged'),
    retired: num('retired'),
    errors,
    errorCount: typeof body.errorCount === 'number' ? body.errorCount : errors.length,
  };
}
