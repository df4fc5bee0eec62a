import type { Router } from 'express';
import type { AppContext } from '../context.js';
import { allow } from '../auth/guard.js';
import { resourceRoutes } from '../http/resource.js';
import { userSchemas } from './schemas.js';
import { users } from './service.js';

export const userRoutes = (ctx: AppContext): Router => resourceRoutes(ctx, { path: '/api/users', schemas: userSchemas, guard: allow('admin') }, users);
