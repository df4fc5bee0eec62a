import fs from 'node:fs/promises';
import { Router, type Request } from 'express';
import type { AppContext } from '../context.js';
import { allow, currentUser } from '../auth/guard.js';
import { jsonBody } from '../http/body.js';
import { checkKey, idempotent } from '../http/idempotency.js';
import { HttpError, forbidden, notFound } from '../http/problem.js';
import { parse, parseId } from '../http/validate.js';
import { limitBytes } from '../lib/streams.js';
import { confirm, confirmationUrl, confirmationView, deviceOf, setDeviceCookie } from './confirmations.js';
import { PhotoFiles } from './files.js';
import { photoTypes, type PhotoType } from './image.js';
import { rateLimit } from '../http/rateLimit.js';
import { acceptAll, decide, recheckMonth, reviewQueue } from './review.js';
import { evidenceSchemas } from './schemas.js';
import { addFix, addPhoto, listPhotos, photoFile, visibleScreening, type EvidenceContext } from './service.js';

// The evidence routes (DOMAIN.md "Evidence and verification"), in the routers app.ts mounts:
// under /api/screenings (fix, photos list, confirmation link, review), /api/photos, /api/review,
// the public /api/confirmations, and the photo upload, which reads its own body.

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
// The phone reports; the bureau reviews.
const reporters = allow('admin', 'partner');
const reviewers = allow('admin', 'bureau');

/** /api/screenings/:id/… (signed in, JSON). */
export function screeningEvidenceRoutes(ctx: AppContext): Router {
  const r = Router();
  const { Fix, Review, PhotoList } = schemas(ctx);
  const c = context(ctx, new PhotoFiles(ctx.config.photos.dir));

  r.post('/:id/fix', reporters, async (req, res) => {
    const id = parseId(req.params.id);
    const key = checkKey(req.get('idempotency-key'));
    const fix = parse(Fix, req.body);
    const e = c(req);
    // The phone's outbox sends a fix again when the answer was lost: its key stores it once.
    const answer = await idempotent(ctx.db, e.user.id, key, { screeningId: id, fix: req.body }, async (trx) => ({ status: 201, body: await addFix({ ...e, db: trx }, id, fix) }));
    if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(answer.status).json(answer.body);
  });

  r.get('/:id/photos', async (req, res) => {
    res.json(await listPhotos(c(req), parseId(req.params.id), parse(PhotoList, req.query, 'query')));
  });

  r.get('/:id/confirmation', async (req, res) => {
    const s = await visibleScreening(c(req), parseId(req.params.id));
    res.json({ url: confirmationUrl(req, s.confirmation_token), token: s.confirmation_token });
  });

  r.post('/:id/review', reviewers, async (req, res) => {
    const id = parseId(req.params.id);
    const body = parse(Review, req.body);
    res.json(await decide({ ...c(req), now: ctx.config.now().toJSDate() }, id, body));
  });

  return r;
}

/** /api/photos/:id: the display copy, or (?original=1, admin and bureau) the file as it came. */
export function photoRoutes(ctx: AppContext): Router {
  const r = Router();
  const { PhotoQuery } = schemas(ctx);
  const c = context(ctx, new PhotoFiles(ctx.config.photos.dir));

  r.get('/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const { original } = parse(PhotoQuery, req.query, 'query');
    if (original && currentUser(req).role === 'partner') throw forbidden('Originals are for the bureau and the admin; the display copy is at the same address without ?original.');
    const f = await photoFile(c(req), id, original);
    try {
      await fs.access(f.file);
    } catch {
      req.log.error({ file: f.file }, 'photo file missing from PHOTO_DIR');
      throw notFound(`The file of photo ${id}`);
    }
    res.setHeader('Cache-Control', 'private, max-age=86400');
    res.type(f.type).sendFile(f.file);
  });

  return r;
}

/** /api/review: the queue, a bulk accept, a month checked again. */
export function reviewRoutes(ctx: AppContext): Router {
  const r = Router();
  const { ReviewQuery, Accept, Recheck } = schemas(ctx);
  const zone = ctx.config.timezone;

  r.get('/', async (req, res) => {
    res.json(await reviewQueue({ db: ctx.db, user: currentUser(req), zone }, parse(ReviewQuery, req.query, 'query')));
  });

  r.post('/accept', reviewers, async (req, res) => {
    const body = parse(Accept, req.body);
    res.json(await acceptAll({ db: ctx.db, user: currentUser(req), zone, now: ctx.config.now().toJSDate() }, body.ids, body.reason));
  });

  r.post('/recheck', reviewers, async (req, res) => {
    const { month } = parse(Recheck, req.body);
    res.json(await recheckMonth(ctx.db, zone, month, ctx.config.evidence));
  });

  return r;
}

/**
 * /api/confirmations/:token: the villagers' page's data and their confirmation, no sign-in (a
 * public router, like the calendar feed): a write from any origin is fine, as no session rides on it.
 */
export function confirmationRoutes(ctx: AppContext): Router {
  const r = Router();
  const { Confirmation } = schemas(ctx);
  const zone = ctx.config.timezone;
  const now = () => ctx.config.now().toMillis();
  const phone = (req: Request, res: Parameters<typeof setDeviceCookie>[0]) => {
    const device = deviceOf(req);
    if (device.fresh) setDeviceCookie(res, device.id, ctx.config.cookieSecure);
    return device.id;
  };

  r.get('/:token', async (req, res) => {
    const view = await confirmationView(ctx.db, zone, String(req.params.token), phone(req, res), now());
    res.setHeader('Cache-Control', 'no-store');
    res.json(view);
  });

  r.post(
    '/:token',
    async (req, _res, next) => {
      // Counted before anything is read, refused or not: guessing tokens costs the same.
      await rateLimit(ctx.db, 'confirm', req.ip ?? '', ctx.config.confirmRate, now());
      next();
    },
    jsonBody,
    async (req, res) => {
      // An empty body is a confirmation without a rating or a comment.
      const body = parse(Confirmation, req.body ?? {});
      res.status(201).json(await confirm(ctx.db, zone, String(req.params.token), body, phone(req, res), now()));
    },
  );

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
  const c = context(ctx, new PhotoFiles(ctx.config.photos.dir));
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
