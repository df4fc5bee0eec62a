import type { NextFunction, Request, Response } from 'express';
import { forbidden } from '../http/problem.js';
import { currentUser } from './guard.js';

// What a projectionist's account may reach (DOMAIN.md "HTTP contract", roles): the phone page of
// its one team — that team's screenings, their reports, fixes, photos and confirmation links — and
// nothing else. Refused by default: a route added tomorrow is closed to it until it is named here.
// Which screenings it sees, and which fields of one it may change, are the screenings' own rules
// (server/screenings/queries.ts selectScreenings, server/screenings/rules.ts).

const id = '[^/]+';
const projectionistRoutes: readonly (readonly [method: string, path: RegExp])[] = [
  ['GET', /^\/api\/screenings\/?$/],
  ['GET', new RegExp(`^/api/screenings/${id}/?$`)],
  ['PATCH', new RegExp(`^/api/screenings/${id}/?$`)],
  ['POST', new RegExp(`^/api/screenings/${id}/fix/?$`)],
  ['POST', new RegExp(`^/api/screenings/${id}/photos/?$`)],
  ['GET', new RegExp(`^/api/screenings/${id}/confirmation/?$`)],
];

const sameMethod = (route: string, asked: string) => route === asked || (route === 'GET' && asked === 'HEAD');

/** Whether a projectionist may call this method on this path (under /api). */
export const projectionistMay = (method: string, path: string) => projectionistRoutes.some(([m, p]) => sameMethod(m, method) && p.test(path));

/** 403 for a projectionist outside its routes; every other role passes to the routes' own guards. */
export function confineRole(req: Request, _res: Response, next: NextFunction) {
  const user = currentUser(req);
  if (user.role === 'projectionist' && !projectionistMay(req.method, req.baseUrl + req.path)) {
    throw forbidden("A projectionist's account works its team's phone page (/report) only.");
  }
  next();
}
