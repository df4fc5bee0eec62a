import { pipeline } from 'node:stream/promises';
import { Router, type Request } from 'express';
import type { AppContext } from '../context.js';
import { allow, currentUser } from '../auth/guard.js';
import { confirmationUrl } from '../evidence/confirmations.js';
import { PhotoFiles } from '../evidence/files.js';
import { photoTypes, type PhotoType } from '../evidence/image.js';
import { recheckMonth } from '../evidence/recheck.js';
import { evidenceSchemas } from '../evidence/schemas.js';
import { checkKey } from '../http/idempotency.js';
import { HttpError, forbidden, notFound } from '../http/problem.js';
import { parse, parseId } from '../http/validate.js';
import { limitBytes } from '../lib/streams.js';
import { changeOnce } from './change.js';
import { addPhoto, fixChange, listPhotos, photoFile, visibleScreening, type EvidenceContext } from './evidence.js';
import { acceptAll, decide, reviewQueue } from './review.js';

// The routes of a screening's evidence and its review (DOMAIN.md "Evidence and verification"), in
// the routers app.ts mounts: under /api/screenings (fix, photos list, confirmation link, review),
// /api/photos, /api/review, and the photo upload, which reads its own body. The villagers' public
// routes are server/evidence/routes.ts.

function context(ctx: AppContext, files: PhotoFiles) {
  return (req: Request): EvidenceContext => ({
    db: ctx.db,
    user: currentUser(req),
    zone: ctx.config.timezone,
    now: ctx.config.now(),
    evidence: ctx.config.evidence,
    photos: ctx.config.photos,
    files,
  });
}

const schemas = (ctx: AppContext) => evidenceSchemas(ctx.config.timezone, () => ctx.config.now().toMillis());
// The phone reports (the partner's or its projectionist's); the bureau reviews.
const reporters = allow('admin', 'partner', 'projectionist');
const reviewers = allow('admin', 'bureau');

/** /api/screenings/:id/… (signed in, JSON). */
export function screeningEvidenceRoutes(ctx: AppContext): Router {
  const r = Router();
  const { Fix, Review, PhotoList } = schemas(ctx);
  const c = context(ctx, new PhotoFiles(ctx.photos));

  r.post('/:id/fix', reporters, async (req, res) => {
    const id = parseId(req.params.id);
    const key = checkKey(req.get('idempotency-key'));
    const fix = parse(Fix, req.body);
    const e = c(req);
    // The phone's outbox sends a fix again when the answer was lost: its key stores it once.
    const answer = await changeOnce(e, key, { screeningId: id, fix: req.body }, 201, (trx, changes) => changes.apply(trx, fixChange(e, id, fix)));
    if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(answer.status).json(answer.body);
  });

  r.get('/:id/photos', async (req, res) => {
    res.json(await listPhotos(c(req), parseId(req.params.id), parse(PhotoList, req.query, 'query')));
  });

  r.get('/:id/confirmation', async (req, res) => {
    const s = await visibleScreening(c(req), parseId(req.params.id));
    res.json({ url: confirmationUrl(`${req.protocol}://${req.host}`, s.confirmation_token), token: s.confirmation_token });
  });

  r.post('/:id/review', reviewers, async (req, res) => {
    const id = parseId(req.params.id);
    const body = parse(Review, req.body);
    res.json(await decide(c(req), id, body));
  });

  return r;
}

/** /api/photos/:id: the display copy, or (?original=1, admin and bureau) the file as it came. */
export function photoRoutes(ctx: AppContext): Router {
  const r = Router();
  const { PhotoQuery } = schemas(ctx);
  const c = context(ctx, new PhotoFiles(ctx.photos));

  r.get('/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const { original } = parse(PhotoQuery, req.query, 'query');
    if (original && currentUser(req).role === 'partner') throw forbidden('Originals are for the bureau and the admin; the display copy is at the same address without ?original.');
    const f = await photoFile(c(req), id, original);
    // Streamed from the store through this server (not a redirect to a presigned URL of the
    // bucket): the bucket stays private and its address unknown to phones, which on a county's
    // network may reach only this server; the pages need one origin; the same answer (and ETag)
    // comes from every store. The price is this server's bandwidth (README "Photo storage").
    // A copy the browser has (the ETag names the bytes) is a 304 without asking the store.
    res.setHeader('ETag', f.etag);
    if (req.fresh) {
      res.setHeader('Cache-Control', 'private, max-age=86400');
      res.status(304).end();
      return;
    }
    const object = await f.open();
    if (!object) {
      res.removeHeader('ETag');
      req.log.error({ photo: id, store: ctx.photos.where }, 'photo object missing from the photo store');
      throw notFound(`The file of photo ${id}`);
    }
    res.setHeader('Cache-Control', 'private, max-age=86400');
    res.type(f.type).setHeader('Content-Length', String(object.size));
    await pipeline(object.body, res).catch((err: Error) => {
      if (!res.headersSent) throw err;
      req.log.warn({ photo: id, err: err.message }, 'photo stream ended early');
    });
  });

  return r;
}

/** /api/review: the queue, a bulk accept, a month checked again. */
export function reviewRoutes(ctx: AppContext): Router {
  const r = Router();
  const { ReviewQuery, Accept, Recheck } = schemas(ctx);
  const zone = ctx.config.timezone;
  const c = context(ctx, new PhotoFiles(ctx.photos));

  r.get('/', async (req, res) => {
    res.json(await reviewQueue(c(req), parse(ReviewQuery, req.query, 'query')));
  });

  r.post('/accept', reviewers, async (req, res) => {
    const body = parse(Accept, req.body);
    res.json(await acceptAll(c(req), body.ids, body.reason));
  });

  r.post('/recheck', reviewers, async (req, res) => {
    const { month } = parse(Recheck, req.body);
    res.json(await recheckMonth(ctx.db, zone, month, ctx.config.evidence, currentUser(req).counties));
  });

  return r;
}

const accepted = Object.keys(photoTypes).join(', ');

/** The type the body says it is; image/jpg is what some phones call a JPEG. */
function photoType(req: Request): PhotoType {
  const sent = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const type = sent === 'image/jpg' ? 'image/jpeg' : sent;
  if (type in photoTypes) return type as PhotoType;
  throw new HttpError(415, `${sent ? `A body of type ${sent}` : 'A body without Content-Type'} is not a photo: send the image itself as ${accepted}.`, [
    { path: 'Content-Type', message: `must be ${accepted}` },
  ]);
}

/** POST /api/screenings/:id/photos: mounted before the JSON parser; the body is the image, read here. */
export function photoUploadRoutes(ctx: AppContext): Router {
  const r = Router({ mergeParams: true });
  const c = context(ctx, new PhotoFiles(ctx.photos));
  const max = ctx.config.photos.maxBytes;
  // Close the connection: draining the rest of an oversized upload helps nobody.
  const tooLarge = () => new HttpError(413, `A photo may be at most ${max / 1024 / 1024} MB.`, [{ path: 'body', message: `more than ${max} bytes` }], { Connection: 'close' });

  r.post('/', reporters, async (req, res) => {
    const id = parseId(req.params.id);
    const type = photoType(req);
    const coding = req.get('content-encoding');
    if (coding && coding.toLowerCase() !== 'identity') {
      throw new HttpError(415, 'Send the photo as it is: an image is compressed already.', [{ path: 'Content-Encoding', message: 'must be identity' }]);
    }
    if (Number(req.get('content-length') ?? 0) > max) throw tooLarge();
    // A chunked body says nothing of its size before it comes: counted as it comes.
    const read = async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of limitBytes(req, max, tooLarge)) chunks.push(chunk);
      return Buffer.concat(chunks);
    };
    const answer = await addPhoto(c(req), id, type, read);
    res.status(answer.status).location(answer.body.url).json(answer.body);
  });

  return r;
}
