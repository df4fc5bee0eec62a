import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

// gzip for every answer, except those whose route encodes them itself: kept answers are gzipped
// once and sent as they are (server/coverage/cache.ts), under an ETag of those bytes.

/** Marks a response whose route chose its encoding itself: the app's compression leaves it as it is. */
export function markEncoded(res: Response): void {
  res.locals.encoded = true;
}

/** The app's compression, which skips the responses marked by markEncoded. */
export const compressUnlessEncoded = (): RequestHandler =>
  compression({ filter: (req: Request, res: Response) => res.locals.encoded !== true && compression.filter(req, res) });
