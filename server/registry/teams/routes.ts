import type { NextFunction, Request, Response, Router } from 'express';
import type { AppContext } from '../../context.js';
import { currentUser } from '../../auth/guard.js';
import { resourceRoutes } from '../../http/resource.js';
import { unknownTeamReferences } from './queries.js';
import { teamSchemas } from './schemas.js';
import { checkTeamWriter, teams } from './service.js';

const writers = (req: Request, _res: Response, next: NextFunction) => {
  checkTeamWriter(currentUser(req));
  next();
};

export const teamRoutes = (ctx: AppContext): Router =>
  resourceRoutes(ctx, { path: '/api/teams', schemas: teamSchemas, references: unknownTeamReferences, writers }, teams);
