import type { Router } from 'express';
import type { AppContext } from '../../context.js';
import { writableBy } from '../../auth/guard.js';
import { resourceRoutes } from '../../http/resource.js';
import { partnerSchemas } from './schemas.js';
import { partners } from './service.js';

export const partnerRoutes = (ctx: AppContext): Router =>
  resourceRoutes(ctx, { path: '/api/partners', schemas: partnerSchemas, guard: writableBy('admin', 'bureau') }, partners);
