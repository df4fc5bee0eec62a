import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { allow, currentUser } from '../auth/guard.js';
import { parse } from '../http/validate.js';
import { IMPORT_MAX_BYTES, tooLarge } from './decode.js';
import { FileProblem } from './result.js';
import { runImport, type Format } from './service.js';

export const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .default('false')
  .transform((v) => v === 'true' || v === '1');

const Query = z.object({
  dryRun: flag,
  retireMissing: flag,
  townshipCode: z.string().regex(/^\d{9}$/, 'must be 9 digits').optional(),
});

const csvTypes = ['text/csv', 'text/plain', 'application/csv', 'text/comma-separated-values', 'application/vnd.ms-excel'];
const geoTypes = ['application/geo+json', 'application/json'];
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** CSV or GeoJSON by the content type; a body sent as octet-stream, untyped or as XLSX is sniffed. `geojson: false`: an import of tables only. */
export function formatOf(req: Request, geojson = true): Format {
  const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (csvTypes.includes(type)) return 'csv';
  if (geojson && geoTypes.includes(type)) return 'geojson';
  // A workbook is read as what its bytes are (service.ts).
  if (type === '' || type === 'application/octet-stream' || type === xlsxType) return 'sniff';
  throw new FileProblem(415, type.startsWith('multipart/') ? 'form_upload' : 'unsupported_type', { type });
}

/**
 * POST /api/villages/import: mounted before the JSON parser, so the body is read here, as a stream.
 */
export function importRoutes(ctx: AppContext): Router {
  const r = Router();

  r.post('/', allow('admin', 'bureau'), async (req, res) => {
    const q = parse(Query, req.query, 'query');
    refuseBody(req);
    const result = await runImport(
      ctx.db,
      req,
      {
        format: formatOf(req),
        dryRun: q.dryRun,
        retireMissing: q.retireMissing,
        townshipCode: q.townshipCode,
        userId: currentUser(req).id,
        counties: currentUser(req).counties,
        now: ctx.config.now().toJSDate(),
      },
      req.log,
    );
    res.json(result);
  });

  return r;
}

/** What no import reads, refused before its first byte: a declared length over the limit, a compressed body. */
export function refuseBody(req: Request): void {
  if (Number(req.get('content-length') ?? 0) > IMPORT_MAX_BYTES) throw tooLarge();
  const coding = req.get('content-encoding');
  if (coding && coding.toLowerCase() !== 'identity') throw new FileProblem(415, 'compressed_body', { encoding: coding });
}
