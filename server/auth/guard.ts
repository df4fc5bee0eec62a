import type { NextFunction, Request, Response } from 'express';
import { forbidden, unauthorized } from '../http/problem.js';
import type { AppContext } from '../context.js';
import { SessionUsers } from './session-cache.js';
import type { Role, User } from './user.js';

export const SESSION_COOKIE = 'film2131_session';

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The session token sent with a request, and how it came. */
export function requestToken(req: Request): { token: string; via: 'cookie' | 'bearer' } | undefined {
  const auth = req.get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    return m?.[1] ? { token: m[1], via: 'bearer' } : undefined;
  }
  const cookie = readCookie(req.get('cookie'), SESSION_COOKIE);
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser sends the cookie with any request to this host, whoever made the page: a write that
 * rides on the cookie must prove it came from our own pages (Origin, or Sec-Fetch-Site).
 */
function sameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (origin && origin !== 'null') {
    try {
      // req.host: the Host header, or X-Forwarded-Host behind a trusted proxy (TRUST_PROXY).
      return new URL(origin).host === req.host;
    } catch {
      return false;
    }
  }
  return req.get('sec-fetch-site') === 'same-origin';
}

/** One kept set of session users per server (authenticate is mounted in several places). */
const sessionUsers = new WeakMap<AppContext, SessionUsers>();

/** Attaches `req.user` when a live session came along; refuses nothing by itself. */
export function authenticate(ctx: AppContext) {
  // Who a token is, kept while the counters say nothing it was read from changed; each request
  // still sees every sign-out committed before it arrived (./session-cache.ts). The counters read
  // for it go with the request: the coverage answers use them (server/coverage/cache.ts).
  let sessions = sessionUsers.get(ctx);
  if (!sessions) sessionUsers.set(ctx, (sessions = new SessionUsers(ctx.db, () => ctx.coverage.epochs())));
  return async (req: Request, _res: Response, next: NextFunction) => {
    const sent = requestToken(req);
    if (sent) {
      const { user, epochs } = await sessions.get(sent.token);
      req.epochs = epochs;
      if (user) {
        req.user = user;
        req.authVia = sent.via;
      }
    }
    next();
  };
}

/** 401 without a user; 403 for a cookie-borne write from another origin. */
export function requireUser(req: Request, _res: Response, next: NextFunction) {
  if (!req.user) throw unauthorized();
  if (req.authVia === 'cookie' && !SAFE_METHODS.has(req.method) && !sameOrigin(req)) {
    throw forbidden('Cross-origin request refused: send an Origin header matching this server.');
  }
  next();
}

export function currentUser(req: Request): User {
  if (!req.user) throw unauthorized();
  return req.user;
}

/** Only these roles pass. */
export function allow(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!roles.includes(currentUser(req).role)) throw forbidden();
    next();
  };
}

/** Reads for everyone signed in; writes for these roles. */
export function writableBy(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!SAFE_METHODS.has(req.method) && !roles.includes(currentUser(req).role)) throw forbidden();
    next();
  };
}
