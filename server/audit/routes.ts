import type { Router } from 'express';
import type { AppContext } from '../context.js';
import { allow } from '../auth/guard.js';
import { resourceRoutes } from '../http/resource.js';
import { auditSchemas } from './schemas.js';
import { auditLog } from './service.js';

export const auditRoutes = (ctx: AppContext): Router => resourceRoutes(ctx, { path: '/api/audit', schemas: auditSchemas, guard: allow('admin', 'bureau') }, auditLog);
