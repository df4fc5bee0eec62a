// The one fetch of the pages: JSON in and out, and every failure thrown as one Problem carrying the
// status and the server's problem+json (detail, errors[]). A 401 sends the reader to the sign-in
// page and back, unless the caller keeps the page: the field page's outbox keeps a report waiting
// rather than lose the page it was made on. Every request names the page's language
// (Accept-Language), so the server's refusals come in it.
import { currentLang } from '../i18n/lang.js';

export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  [field: string]: unknown;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly body: ProblemBody,
    /** Seconds to wait before asking again (a 429's or 503's Retry-After), when the server said. */
    readonly retryAfter: number | null = null,
  ) {
    super(body.detail ?? body.title ?? `HTTP ${status}`);
  }
}

export interface RequestOptions {
  /** Sent as JSON, or as it is when a Blob (a file) with `contentType`. */
  body?: unknown;
  contentType?: string;
  /** The version the change was made on (ETag / If-Match). */
  ifMatch?: number;
  idempotencyKey?: string;
  /** On a 401 throw, rather than leave for the sign-in page. */
  keepPage?: boolean;
  signal?: AbortSignal;
}

/** Leaves for the sign-in page, which comes back here after it; what waits on this never goes on. */
function toSignIn(): Promise<never> {
  location.replace(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
  return new Promise<never>(() => undefined);
}

export async function request<T>(method: string, url: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLang() };
  const raw = opts.body instanceof Blob;
  if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
  if (opts.ifMatch !== undefined) headers['If-Match'] = `"${opts.ifMatch}"`;
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  const body = opts.body === undefined ? undefined : raw ? (opts.body as Blob) : JSON.stringify(opts.body);
  const res = await fetch(url, { method, headers, body, signal: opts.signal });
  if (res.status === 401 && !opts.keepPage) return toSignIn();
  // Not JSON (a 204, a proxy's error page): the status says enough.
  const json = (res.headers.get('content-type') ?? '').includes('json') ? ((await res.json().catch(() => null)) as unknown) : null;
  if (!res.ok) throw new Problem(res.status, { ...(json as ProblemBody | null), status: res.status }, retryAfterOf(res.headers.get('retry-after')));
  return json as T;
}

/** Retry-After in seconds: a number of seconds, or an HTTP date from now; null when absent or unreadable. */
export function retryAfterOf(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export const get = <T>(url: string, opts: Omit<RequestOptions, 'body'> = {}) => request<T>('GET', url, opts);

/** A query string of the given parameters, leaving out the empty ones. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  return q.toString();
}
