import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { allow, currentUser, writableBy } from '../auth/guard.js';
import { parse } from '../http/validate.js';
import { resourceRoutes } from '../http/resource.js';
import { FileProblem } from '../imports/result.js';
import { AREA_IMPORT_MAX_BYTES, importAreas } from './import.js';
import { deploymentCounty, nameDeploymentCounty, NamedCounty } from './county.js';
import { areaSchemas } from './schemas.js';
import { areas } from './service.js';

/**
 * GET /api/areas/deployment-county (everyone signed in): the deployment's one county, or null;
 * PUT (admin) names it ./county.ts. Mounted before /api/areas, whose /:id it would be.
 */
export function deploymentCountyRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/', async (_req, res) => {
    res.json({ county: await deploymentCounty(ctx.db) });
  });
  r.put('/', allow('admin'), async (req, res) => {
    const body = parse(NamedCounty, req.body);
    const named = await nameDeploymentCounty({ db: ctx.db, user: currentUser(req), zone: ctx.config.timezone }, body);
    res.status(named.created ? 201 : 200).json({ county: named.county, townshipsPlaced: named.townshipsPlaced });
  });
  return r;
}

/** GET /api/areas, GET /api/areas/:id for everyone (within their scope); the admin writes. */
export const areaRoutes = (ctx: AppContext): Router => resourceRoutes(ctx, { path: '/api/areas', schemas: areaSchemas, guard: writableBy('admin') }, areas);

const ImportQuery = z.object({
  dryRun: z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

const textTypes = ['text/csv', 'text/plain', 'application/csv', 'text/comma-separated-values', 'application/vnd.ms-excel', 'application/octet-stream', ''];

function checkType(req: Request): void {
  const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!textTypes.includes(type)) throw new FileProblem(415, type.startsWith('multipart/') ? 'form_upload' : 'unsupported_type', { type });
  const coding = req.get('content-encoding');
  if (coding && coding.toLowerCase() !== 'identity') throw new FileProblem(415, 'compressed_body', { encoding: coding });
  if (Number(req.get('content-length') ?? 0) > AREA_IMPORT_MAX_BYTES) {
    throw new FileProblem(413, 'too_large', { maxMb: AREA_IMPORT_MAX_BYTES / 1024 / 1024 }, { Connection: 'close' });
  }
}

/** POST /api/areas/import: the divisions files (CSV, code and name) as the body; mounted before the JSON parser. */
export function areaImportRoutes(ctx: AppContext): Router {
  const r = Router();
  r.post('/', allow('admin'), async (req, res) => {
    const q = parse(ImportQuery, req.query, 'query');
    checkType(req);
    res.json(await importAreas(ctx.db, req, { dryRun: q.dryRun }));
  });
  return r;
}
