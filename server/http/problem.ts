import type { Lang } from './language.js';
import type { FieldError } from './field-error.js';
import { detailZh, fieldMessageZh, sentence, titlesZh } from './zh-CN.js';

export type { FieldError };

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * An error with its HTTP status, thrown from anywhere and rendered once as problem+json. Its `type`
 * names the status, or `kind` where a client must tell one refusal from another of that status
 * (a disabled account from a wrong password).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
    readonly kind?: string,
    /** Members the problem carries beside the standard ones (RFC 9457 extensions), e.g. the locked period. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'HttpError';
  }

  get title(): string {
    return titles[this.status] ?? 'Error';
  }

  /** The problem+json body in the request's language (./language.ts): English unless asked. */
  toProblem(lang: Lang = 'en') {
    const zh = lang === 'zh-CN';
    return {
      type: `https://film2131.example/problems/${this.kind ?? this.status}`,
      title: zh ? (titlesZh[this.status] ?? this.title) : this.title,
      status: this.status,
      detail: zh ? detailZh(this.status, this.detail, this.errors) : this.detail,
      errors: this.errors.map((e) => ({ path: e.path, message: zh ? (e.messageZh ? sentence(e.messageZh) : fieldMessageZh(e.message)) : e.message })),
      ...this.extensions,
    };
  }
}

export const badRequest = (detail: string, errors: FieldError[] = []) => new HttpError(400, detail, errors);
/** 400 for a single field: the common case of a referenced id that does not exist. */
export const invalidField = (path: string, message: string) => new HttpError(400, `${path}: ${message}`, [{ path, message }]);
export const unauthorized = (detail = 'Sign in first.', kind?: string) =>
  new HttpError(401, detail, [], { 'WWW-Authenticate': 'Bearer realm="film2131"' }, kind);
/** A right password for an account the admin has disabled. */
export const accountDisabled = () => unauthorized('This account is disabled; ask an administrator.', 'account-disabled');
export const forbidden = (detail = 'Your role may not do this.') => new HttpError(403, detail);
export const notFound = (what: string, id?: number | string) =>
  new HttpError(404, id === undefined ? `${what} not found.` : `${what} ${id} not found.`);
export const conflict = (detail: string, errors: FieldError[] = []) => new HttpError(409, detail, errors);
/**
 * 409 …/period-locked: the county-month is signed off and locked (DOMAIN.md "Periods and
 * settlement"); `period` names it. Raised by the database inside the write's own transaction
 * (migrations/202612090001), translated by server/db/errors.ts.
 */
export const periodLocked = (countyId: number, month: string) =>
  new HttpError(409, `The month ${month} of county ${countyId} is signed off and locked: nothing of its screenings, evidence or decisions changes until a bureau reopens it.`, [{ path: 'period', message: `${countyId}/${month} is locked` }], {}, 'period-locked', { period: { countyId, month } });
export const preconditionFailed = (detail: string) => new HttpError(412, detail);
