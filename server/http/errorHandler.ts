import type { NextFunction, Request, Response } from 'express';
import { mapDbError } from '../db/errors.js';
import { HttpError } from './problem.js';

interface BodyParserError {
  type?: string;
  status?: number;
}

function fromBodyParser(err: unknown): HttpError | undefined {
  const e = err as BodyParserError;
  switch (e?.type) {
    case 'entity.parse.failed':
      return new HttpError(400, 'The body is not valid JSON.', [{ path: '', message: 'malformed JSON' }]);
    case 'entity.too.large':
      return new HttpError(413, 'The body is larger than this route accepts (1 MB for JSON).');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'Send the body as UTF-8 JSON.');
    case 'request.aborted':
      return new HttpError(400, 'The request was aborted.');
    default:
      return undefined;
  }
}

export function sendProblem(res: Response, error: HttpError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(error.status).type('application/problem+json').send(JSON.stringify(error.toProblem()));
}

/** The one place errors become responses; registered last. */
export function errorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const known = err instanceof HttpError ? err : (fromBodyParser(err) ?? mapDbError(err));
  if (known) {
    if (known.status >= 500) req.log.error({ err }, known.detail);
    return sendProblem(res, known);
  }
  // Not the client's doing: log everything, tell nothing.
  req.log.error({ err }, 'unhandled error');
  sendProblem(res, new HttpError(500, `Something went wrong on our side; the request id is ${String(req.id)}.`));
}
