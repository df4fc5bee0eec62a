import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { AppContext } from './context.js';
import { userRoutes } from './accounts/routes.js';
import { auditRoutes } from './audit/routes.js';
import { authenticate, requireUser } from './auth/guard.js';
import { confineRole } from './auth/confine.js';
import { sessionRoutes } from './auth/routes.js';
import { ping } from './db/index.js';
import { jsonBody } from './http/body.js';
import { chain } from './http/chain.js';
import { staticHeaders } from './http/static-headers.js';
import { shareShapes } from './http/shapes.js';
import { compressUnlessEncoded } from './http/compression.js';
import { requestLog } from './http/requestLog.js';
import { errorHandler, sendProblem } from './http/errorHandler.js';
import { HttpError } from './http/problem.js';
import { docsRoutes } from './openapi/routes.js';
import { filmRoutes } from './registry/films/routes.js';
import { filmImportRoutes } from './registry/films/import-routes.js';
import { partnerRoutes } from './registry/partners/routes.js';
import { teamRoutes } from './registry/teams/routes.js';
import { townshipRoutes } from './registry/townships/routes.js';
import { villageRoutes } from './registry/villages/routes.js';
import { webRoutes } from './web/routes.js';
import { screeningRoutes } from './screenings/routes.js';
import { coverageRoutes } from './coverage/routes.js';
import { calendarRoutes } from './plans/calendar.js';
import { planRoutes } from './plans/routes.js';
import { importRoutes } from './imports/routes.js';
import { reportRoutes } from './reports/routes.js';
import { areaImportRoutes, areaRoutes, deploymentCountyRoutes } from './areas/routes.js';
import { contractRoutes } from './contracts/routes.js';
import { targetRoutes } from './programmes/target-routes.js';
import { campaignRoutes } from './campaigns/routes.js';
import { confirmationRoutes } from './evidence/routes.js';
import { photoRoutes, photoUploadRoutes, reviewRoutes, screeningEvidenceRoutes } from './screenings/evidence-routes.js';
import { villageLinkRoutes } from './voice/link-routes.js';
import { posterRoutes } from './voice/poster-routes.js';
import { publicVoiceRoutes } from './voice/public-routes.js';
import { villagerReportRoutes } from './voice/report-routes.js';
import { requestRoutes } from './voice/request-routes.js';
import { areaSettingsRoutes } from './voice/settings-routes.js';
import { periodRoutes } from './periods/routes.js';
import { statementRoutes } from './statements/routes.js';
import { tileRoutes } from './tiles/routes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every signed-in API router and where it is mounted; the OpenAPI test walks this table. */
export function apiRouters(ctx: AppContext): [string, Router][] {
  return [
    ['/api/users', userRoutes(ctx)],
    ['/api/partners', partnerRoutes(ctx)],
    ['/api/areas/deployment-county', deploymentCountyRoutes(ctx)],
    // Before /api/areas, whose guard lets only the admin write under it.
    ['/api/areas', targetRoutes(ctx)],
    ['/api/areas', areaSettingsRoutes(ctx)],
    ['/api/areas', areaRoutes(ctx)],
    ['/api/contracts', contractRoutes(ctx)],
    ['/api/townships', townshipRoutes(ctx)],
    ['/api/villages', villageLinkRoutes(ctx)],
    ['/api/villages', villageRoutes(ctx)],
    ['/api/teams', teamRoutes(ctx)],
    ['/api/films', filmRoutes(ctx)],
    ['/api/campaigns', campaignRoutes(ctx)],
    ['/api/screenings', screeningRoutes(ctx)],
    ['/api/screenings', screeningEvidenceRoutes(ctx)],
    ['/api/photos', photoRoutes(ctx)],
    ['/api/review', reviewRoutes(ctx)],
    ['/api/coverage', coverageRoutes(ctx)],
    ['/api/audit', auditRoutes(ctx)],
    ['/api/plans', planRoutes(ctx)],
    ['/api/reports', reportRoutes(ctx)],
    ['/api/requests', requestRoutes(ctx)],
    ['/api/villager-reports', villagerReportRoutes(ctx)],
    ['/api/posters', posterRoutes(ctx)],
    ['/api/periods', periodRoutes(ctx)],
    ['/api/statements', statementRoutes(ctx)],
  ];
}

/** Routers that need no sign-in: secret-link feeds (a team's calendar) and the villagers' confirmations. */
export function publicRouters(ctx: AppContext): [string, Router][] {
  return [
    ['/api/teams', calendarRoutes(ctx)],
    ['/api/confirmations', confirmationRoutes(ctx)],
    ['/api/public', publicVoiceRoutes(ctx)],
    // Base-map tiles of the local archive (TILE_PRESET=archive): public, like the pages' scripts.
    ['/tiles', tileRoutes(ctx)],
  ];
}

/** Signed-in routers that read their own request bodies (streamed uploads over the 1 MB JSON limit). */
export function rawBodyRouters(ctx: AppContext): [string, Router][] {
  return [
    ['/api/villages/import', importRoutes(ctx)],
    ['/api/films/import', filmImportRoutes(ctx)],
    ['/api/areas/import', areaImportRoutes(ctx)],
    ['/api/screenings/:id/photos', photoUploadRoutes(ctx)],
  ];
}

export function createApp(ctx: AppContext) {
  const app = express();
  // Requests and responses with the app's prototypes from the start, when served by appServer (http/shapes.ts).
  shareShapes(app);
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy);
  app.set('query parser', 'simple');

  app.use(requestLog(ctx.logger));
  // helmet's headers are the same for every response: worked out once (http/static-headers.ts).
  app.use(
    staticHeaders(
      helmet({
        contentSecurityPolicy: {
          directives: {
            // Map tiles come from the configured tile server.
            'img-src': ["'self'", 'data:', 'blob:', 'https:', 'http:'],
            // …and the phone page's service worker fetches them to keep for use without signal (server/tiles/presets.ts).
            'connect-src': ["'self'", ...ctx.config.tiles.origins],
            // A county office often serves this over plain http on its LAN; upgrading every request
            // to https there would break the pages. Behind HTTPS (COOKIE_SECURE) the upgrade stays.
            'upgrade-insecure-requests': ctx.config.cookieSecure ? [] : null,
          },
        },
        // HSTS only makes sense when the site is served over HTTPS.
        strictTransportSecurity: ctx.config.cookieSecure,
      }),
    ),
  );
  // A route that encodes its answers itself (kept gzip bytes) marks them so (http/compression.ts).
  app.use(compressUnlessEncoded());
  for (const [mount, router] of rawBodyRouters(ctx)) app.use(mount, chain(authenticate(ctx), requireUser, confineRole, router));

  app.get('/healthz', async (req: Request, res: Response) => {
    try {
      await ping(ctx.db);
      res.json({ status: 'ok' });
    } catch (err) {
      req.log.warn({ err }, 'health check: database did not answer');
      res.status(503).json({ status: 'unavailable' });
    }
  });

  app.use('/api', authenticate(ctx));
  app.use('/api/session', jsonBody, sessionRoutes(ctx));
  for (const [mount, router] of publicRouters(ctx)) app.use(mount, router);
  app.use('/api', docsRoutes(ctx));
  // Sign-in is checked per router, so a path that matches no route is a 404 for anyone; the body
  // is read only after it.
  // A projectionist reaches its phone page's routes only (auth/confine.ts), before any router's own guard.
  // Each mount's guards and router are one layer (http/chain.ts): a request passes every mount
  // before its own, so the busiest, /api/coverage, goes first (no other mount's path shares a
  // prefix with it, so the order between them changes nothing else).
  const routers = apiRouters(ctx);
  const first = (mount: string) => (mount === '/api/coverage' ? 0 : 1);
  for (const [mount, router] of routers.sort((a, b) => first(a[0]) - first(b[0]))) app.use(mount, chain(requireUser, confineRole, jsonBody, router));
  app.use('/api', (req: Request, res: Response) => {
    sendProblem(res, new HttpError(404, `No route ${req.method} ${req.originalUrl.split('?')[0]}.`));
  });

  app.use(webRoutes(ctx));
  app.use('/vendor/leaflet', express.static(path.join(root, 'node_modules/leaflet/dist'), { maxAge: '7d' }));
  // Shared chunks carry their content's hash in their names: a browser keeps them for good.
  app.use('/chunks', express.static(path.join(root, 'web/dist/chunks'), { immutable: true, maxAge: '1y' }));
  app.use(express.static(path.join(root, 'web/dist'), { extensions: ['html'] }));
  app.use((req: Request, res: Response) => {
    sendProblem(res, new HttpError(404, `Nothing at ${req.path}.`));
  });

  app.use(errorHandler);
  return app;
}
