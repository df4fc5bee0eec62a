import type { Router } from 'express';
import type { AppContext } from '../../context.js';
import { writableBy } from '../../auth/guard.js';
import { resourceRoutes } from '../../http/resource.js';
import { unknownVillageReferences } from './queries.js';
import { villageSchemas } from './schemas.js';
import { villages } from './service.js';

export const villageRoutes = (ctx: AppContext): Router =>
  resourceRoutes(
    ctx,
    { path: '/api/villages', schemas: villageSchemas(ctx.config.timezone), references: unknownVillageReferences, guard: writableBy('admin', 'bureau') },
    villages,
  );
