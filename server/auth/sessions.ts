import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/index.js';
import { countiesOfUserSql, partnerOfUserSql } from '../areas/scope.js';
import type { User } from './user.js';

const digest = (token: string) => createHash('sha256').update(token).digest();

export async function createSession(db: Db, userId: number, ttlHours: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await db('sessions').insert({ token_hash: digest(token), user_id: userId, expires_at: expiresAt });
  return { token, expiresAt };
}

/** The user behind a live token: not expired, not revoked, the account not disabled. */
export async function findSessionUser(db: Db, token: string): Promise<User | undefined> {
  return (await findSession(db, token))?.user;
}

/**
 * The user behind a live token, and until when the session lasts: ms since the epoch by this
 * process's clock, set from the database's (the time left by the database's clock at the lookup).
 */
export async function findSession(db: Db, token: string): Promise<{ user: User; expiresAt: number } | undefined> {
  const row = await db('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .where('s.token_hash', digest(token))
    .whereNull('s.revoked_at')
    .where('s.expires_at', '>', db.fn.now())
    .whereNull('u.disabled_at')
    .first(
      'u.id',
      'u.username',
      'u.role',
      'u.area_id',
      'u.team_id',
      db.raw('(extract(epoch from (s.expires_at - now())) * 1000)::float8 as remaining_ms'),
      db.raw(`${partnerOfUserSql} as partner_id`),
      db.raw(`${countiesOfUserSql} as counties`),
    );
  if (!row) return undefined;
  const user: User = { id: row.id, username: row.username, role: row.role, partnerId: row.partner_id, teamId: row.team_id, areaId: row.area_id, counties: row.counties };
  return { user, expiresAt: Date.now() + Number(row.remaining_ms) };
}

export async function revokeSession(db: Db, token: string): Promise<void> {
  await db('sessions').where('token_hash', digest(token)).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
}

/** Sign-out everywhere, e.g. when a password changes. */
export async function revokeUserSessions(db: Db, userId: number): Promise<void> {
  await db('sessions').where('user_id', userId).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
}

/** Expired and revoked sessions are dead weight after a day. */
export async function pruneSessions(db: Db): Promise<number> {
  // Counted from returning(): knex-pglite answers a bare delete with a result object, not a count.
  const gone = await db('sessions')
    .where('expires_at', '<', db.raw(`now() - interval '1 day'`))
    .orWhere('revoked_at', '<', db.raw(`now() - interval '1 day'`))
    .delete()
    .returning('id');
  return gone.length;
}
