import type { Router } from 'express';
import type { AppContext } from '../../context.js';
import { writableBy } from '../../auth/guard.js';
import { resourceRoutes } from '../../http/resource.js';
import { filmSchemas } from './schemas.js';
import { films } from './service.js';

export const filmRoutes = (ctx: AppContext): Router => resourceRoutes(ctx, { path: '/api/films', schemas: filmSchemas, guard: writableBy('admin', 'bureau') }, films);
