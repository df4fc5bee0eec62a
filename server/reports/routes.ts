import { Router } from 'express';
import type { AppContext } from '../context.js';

// Placeholder: the routes land with their issue.
export function reportRoutes(_ctx: AppContext): Router {
  return Router();
}
