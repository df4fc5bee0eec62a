import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { accountDisabled, HttpError, unauthorized } from '../http/problem.js';
import { FailureLog } from '../http/rateLimit.js';
import { parse } from '../http/validate.js';
import { formatTime } from '../months.js';
import { dummyHash, verifyPassword } from './passwords.js';
import { createSession, findSessionUser, revokeSession } from './sessions.js';
import type { User } from './user.js';
import { requestToken, requireUser, SESSION_COOKIE, currentUser } from './guard.js';

const SignIn = z.strictObject({
  username: z.string().trim().min(1, 'required').max(100),
  password: z.string().min(1, 'required').max(1000),
});

/** The signed-in user as the session routes answer it (DOMAIN.md: the role's partner, team and area). */
const shownUser = ({ id, username, role, partnerId, teamId, areaId }: User) => ({ id, username, role, partnerId, teamId, areaId });

export function sessionRoutes(ctx: AppContext): Router {
  const r = Router();
  const { maxAttempts, windowMs } = ctx.config.login;
  // Kept in the database: every server on it counts the same failures.
  const byIp = new FailureLog(ctx.db, 'sign-in:address', maxAttempts * 5, windowMs);
  const byName = new FailureLog(ctx.db, 'sign-in:username', maxAttempts, windowMs);

  r.post('/', async (req, res) => {
    const { username, password } = parse(SignIn, req.body);
    const ipKey = req.ip ?? 'unknown';
    const nameKey = username.toLowerCase();
    const now = ctx.config.now().toMillis();
    const wait = Math.max(await byIp.retryAfter(ipKey, now), await byName.retryAfter(nameKey, now));
    if (wait > 0) {
      throw new HttpError(429, `Too many failed sign-ins; try again in ${wait} s.`, [], { 'Retry-After': String(wait) });
    }
    const row = await ctx.db('users').whereRaw('lower(username) = ?', [nameKey]).first();
    const ok = await verifyPassword(row?.password_hash ?? (await dummyHash()), password);
    if (!row || !ok) {
      await byIp.fail(ipKey, now);
      await byName.fail(nameKey, now);
      throw unauthorized('Wrong username or password.');
    }
    // Said only to whoever knows the password: a guess learns nothing about the account.
    if (row.disabled_at) throw accountDisabled();
    await byName.reset(nameKey);
    const { token, expiresAt } = await createSession(ctx.db, row.id, ctx.config.sessionTtlHours);
    // Who the session is, as every request will read it (a projectionist's partner is its team's).
    const user = (await findSessionUser(ctx.db, token))!;
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.cookieSecure,
      path: '/',
      expires: expiresAt,
    });
    res.status(201).json({
      token,
      expiresAt: formatTime(expiresAt, ctx.config.timezone),
      user: shownUser(user),
    });
  });

  r.get('/', requireUser, (req, res) => {
    res.json({ user: shownUser(currentUser(req)) });
  });

  r.delete('/', requireUser, async (req, res) => {
    const sent = requestToken(req);
    if (sent) await revokeSession(ctx.db, sent.token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  return r;
}
