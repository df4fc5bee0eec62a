import type { Router } from 'express';
import type { AppContext } from '../../context.js';
import { writableBy } from '../../auth/guard.js';
import { resourceRoutes } from '../../http/resource.js';
import { filmSchemas } from './schemas.js';
import { filmService } from './service.js';

export const filmRoutes = (ctx: AppContext): Router =>
  resourceRoutes(ctx, { path: '/api/films', schemas: filmSchemas(ctx.config.timezone), guard: writableBy('admin', 'bureau') }, filmService(ctx.config.timezone));
