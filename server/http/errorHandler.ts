import type { NextFunction, Request, Response } from 'express';
import { mapDbError } from '../db/errors.js';
import { langOf } from './language.js';
import { HttpError } from './problem.js';

interface FrameworkError {
  type?: string;
  status?: number;
  expose?: boolean;
  code?: string;
  message?: string;
}

/**
 * Errors that Express, its body parser, its router or its static files raise about a request:
 * each is the client's doing, so a 4xx saying what was wrong, never a 500.
 */
function fromFramework(err: unknown): HttpError | undefined {
  const e = err as FrameworkError;
  if (!e || typeof e !== 'object') return undefined;
  switch (e.type) {
    case 'entity.parse.failed':
      return new HttpError(400, 'The body is not valid JSON.', [{ path: '', message: 'malformed JSON' }]);
    case 'entity.too.large':
      return new HttpError(413, 'The body is larger than this route accepts (1 MB for JSON).');
    case 'charset.unsupported':
      return new HttpError(415, 'Send the body as UTF-8 JSON.', [{ path: 'Content-Type', message: 'charset must be utf-8' }]);
    case 'encoding.unsupported':
      return new HttpError(415, 'Send the body as it is, or compressed with gzip, deflate or br.', [{ path: 'Content-Encoding', message: 'must be gzip, deflate, br or identity' }]);
    case 'request.aborted':
      return new HttpError(400, 'The request was aborted.');
  }
  // A body that says it is compressed and does not inflate (zlib's Z_… codes, brotli's ERR__…).
  if (typeof e.code === 'string' && /^(Z_|ERR__|ERR_BROTLI)/.test(e.code)) {
    return new HttpError(400, 'The body does not decompress as its Content-Encoding says.', [{ path: 'Content-Encoding', message: 'does not match the body' }]);
  }
  // The router could not decode a path parameter: every path parameter of this API is an id.
  if (err instanceof URIError && e.status === 400) {
    return new HttpError(400, 'Invalid path parameter: id (not valid percent-encoded UTF-8).', [{ path: 'id', message: 'must be a positive integer' }]);
  }
  if (e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new HttpError(e.status, e.message ?? 'Bad request.');
  return undefined;
}

/** The problem+json of `error` in the language the request asked for (Accept-Language: zh-CN or English). */
export function sendProblem(res: Response, error: HttpError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  const lang = langOf(res.req);
  res.vary('Accept-Language').setHeader('Content-Language', lang);
  res.status(error.status).type('application/problem+json').send(JSON.stringify(error.toProblem(lang)));
}

/** The one place errors become responses; registered last. */
export function errorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const known = err instanceof HttpError ? err : (fromFramework(err) ?? mapDbError(err));
  if (known) {
    if (known.status >= 500) req.log.error({ err }, known.detail);
    return sendProblem(res, known);
  }
  // Not the client's doing: log everything, tell nothing.
  req.log.error({ err }, 'unhandled error');
  sendProblem(res, new HttpError(500, `Something went wrong on our side; the request id is ${String(req.id)}.`));
}
