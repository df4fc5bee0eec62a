import express, { type NextFunction, type Request, type Response } from 'express';
import { HttpError } from './problem.js';

// Request bodies of the JSON API. A body is JSON or nothing: another media type is a 415 that
// says what is accepted. Mounted after the sign-in check, so bad credentials are a 401 whatever
// the body, and nobody unknown makes the server read and inflate a body.

export const JSON_TYPES = ['application/json', 'application/*+json'];
// Not strict: a JSON number or string is read, and then refused by name ("must be a JSON object").
const json = express.json({ limit: '1mb', type: JSON_TYPES, strict: false });

const hasBody = (req: Request) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

export function jsonBody(req: Request, res: Response, next: NextFunction): void {
  if (!hasBody(req)) return next();
  if (!req.is(JSON_TYPES)) {
    const sent = req.headers['content-type'];
    throw new HttpError(415, `${sent ? `A body of type ${sent}` : 'A body without Content-Type'} is not accepted here: send application/json (or another application/*+json type), UTF-8.`, [
      { path: 'Content-Type', message: 'must be application/json' },
    ]);
  }
  json(req, res, next);
}
