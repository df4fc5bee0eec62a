import type { Router } from 'express';
import type { AppContext } from '../context.js';
import { whereCountyInScope } from '../areas/scope.js';
import { writableBy } from '../auth/guard.js';
import { unknownIds } from '../db/references.js';
import { resourceRoutes } from '../http/resource.js';
import { contractSchemas } from './schemas.js';
import { contracts } from './service.js';

export const contractRoutes = (ctx: AppContext): Router =>
  resourceRoutes(
    ctx,
    {
      path: '/api/contracts',
      schemas: contractSchemas,
      guard: writableBy('admin', 'bureau'),
      references: (db, user) => (body) =>
        unknownIds(db, body, { partnerId: ['partners', 'no such partner'], countyId: ['areas', 'no such county', (q) => whereCountyInScope(q, user, 'id')] }),
    },
    contracts,
  );
