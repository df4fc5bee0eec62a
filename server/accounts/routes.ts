import type { Router } from 'express';
import type { AppContext } from '../context.js';
import { allow } from '../auth/guard.js';
import { unknownIds } from '../db/references.js';
import { resourceRoutes } from '../http/resource.js';
import { userSchemas } from './schemas.js';
import { users } from './service.js';

export const userRoutes = (ctx: AppContext): Router => resourceRoutes(
    ctx,
    {
      path: '/api/users',
      schemas: userSchemas,
      // The admin manages every account; a partner its own teams' projectionists (./service.ts).
      guard: allow('admin', 'partner'),
      references: (db) => (body) => unknownIds(db, body, { partnerId: ['partners', 'no such partner'], areaId: ['areas', 'no such area'], teamId: ['teams', 'no such team'] }),
    },
    users,
  );
