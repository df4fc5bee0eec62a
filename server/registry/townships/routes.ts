import type { Router } from 'express';
import type { AppContext } from '../../context.js';
import { writableBy } from '../../auth/guard.js';
import { resourceRoutes } from '../../http/resource.js';
import { townshipSchemas } from './schemas.js';
import { townships } from './service.js';

export const townshipRoutes = (ctx: AppContext): Router =>
  resourceRoutes(ctx, { path: '/api/townships', schemas: townshipSchemas, guard: writableBy('admin', 'bureau') }, townships);
