import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context.js';
import { HttpError, invalidField } from '../http/problem.js';
import { TileArchive } from './archive.js';

// GET /tiles/{z}/{x}/{y}.{ext}: a tile of the archive of TILE_PRESET=archive, public like the
// pages' scripts (tiles say nothing of the county's data, and the villagers' pages may show them).
// A tile the archive lacks is a 404, which Leaflet takes quietly (an empty square, no retry);
// the pages ask only within the archive's bounds and zooms.

/** How long a browser and the phone's cache keep a tile before asking again (a new archive means a new ETag). */
const MAX_AGE_SECONDS = 7 * 24 * 3600;
/** A missing tile is asked for again sooner: the archive may be replaced by a fuller one. */
const MISSING_MAX_AGE_SECONDS = 3600;
const MAX_Z = 26;

const whole = (raw: string, path: string, max: number) => {
  if (!/^\d{1,8}$/.test(raw) || Number(raw) > max) throw invalidField(path, `must be a whole number from 0 to ${max}`);
  return Number(raw);
};

export function tileRoutes(ctx: AppContext): Router {
  const r = Router();
  const info = ctx.config.tiles.archive;
  const archive = info ? new TileArchive(info) : null;
  r.get('/:z/:x/:y.:ext', async (req: Request, res: Response) => {
    if (!archive) throw new HttpError(404, `This server keeps no tile archive (TILE_PRESET is ${ctx.config.tiles.preset}).`);
    const p = req.params as Record<string, string>;
    const z = whole(p.z!, 'z', MAX_Z);
    const x = whole(p.x!, 'x', 2 ** z - 1);
    const y = whole(p.y!, 'y', 2 ** z - 1);
    if (p.ext !== archive.info.ext) throw invalidField('ext', `must be ${archive.info.ext}: the archive holds ${archive.info.ext} tiles`);
    const bytes = await archive.tile(z, x, y);
    if (!bytes) throw new HttpError(404, `The archive has no tile ${z}/${x}/${y}.`, [], { 'Cache-Control': `public, max-age=${MISSING_MAX_AGE_SECONDS}` });
    res.setHeader('Cache-Control', `public, max-age=${MAX_AGE_SECONDS}`);
    res.setHeader('ETag', `"${archive.info.version}-${z}-${x}-${y}"`);
    if (archive.info.encoding) res.setHeader('Content-Encoding', archive.info.encoding);
    res.type(archive.info.contentType).send(bytes);
  });
  return r;
}
