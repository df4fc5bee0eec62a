import { audited } from '../audit/log.js';
import { hashPassword } from '../auth/passwords.js';
import { revokeUserSessions } from '../auth/sessions.js';
import type { Caller, User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { fetchPage } from '../db/page.js';
import { badRequest, conflict, forbidden, notFound, type FieldError } from '../http/problem.js';
import { anAdmin, enabledAdmins, insertUser, updateUserRow, userList, userMapper, userRow, type Account } from './queries.js';
import type { NewUser, UserPatch, UserQuery } from './schemas.js';

/** `by`: who asks (a partner sees its own projectionists only); null: the server itself. */
async function findUser(db: Db, by: User | null, id: number, zone: string): Promise<Account> {
  const row = await userRow(db, by, id);
  if (!row) throw notFound('User', id);
  return userMapper(zone)(row);
}

const writes = (by: User | null, zone: string) => audited('user', (db, id) => findUser(db, by, id, zone));

/**
 * A partner creates projectionists of its own teams, and no other account (403); a team that is
 * not its own is unknown to it, like every other partner's record (400, naming teamId). A
 * partnerId sent with a projectionist must be its team's.
 */
async function checkNewAccount(db: Db, by: User | null, u: NewUser): Promise<void> {
  if (by && by.role !== 'admin' && (by.role !== 'partner' || u.role !== 'projectionist')) {
    throw forbidden('A partner creates the projectionists of its own teams; other accounts are the admin\'s.');
  }
  if (u.role !== 'projectionist' || u.teamId === null) return;
  const team = await db('teams').where({ id: u.teamId }).first('partner_id');
  const errors: FieldError[] = [];
  if (!team || (by?.role === 'partner' && team.partner_id !== by.partnerId)) errors.push({ path: 'teamId', message: 'no such team' });
  else if (u.partnerId !== null && u.partnerId !== team.partner_id) errors.push({ path: 'partnerId', message: "not the team's partner" });
  if (errors.length) throw badRequest(`Invalid body: ${errors.map((e) => e.path).join(', ')}.`, errors);
}

/** The password is hashed before the transaction (argon2 takes a while); the audit row never holds it. */
export async function createUser(db: Db, u: NewUser, by: User | null, zone: string): Promise<Account> {
  await checkNewAccount(db, by, u);
  const passwordHash = await hashPassword(u.password);
  return writes(by, zone).create(db, by?.id ?? null, (trx) => insertUser(trx, { ...u, passwordHash }));
}

/**
 * A new password, or the account disabled or enabled again. A disabled account is signed out at
 * once and cannot sign in; someone else's reset signs them out too (the old password's sessions
 * end). An admin keeps their own account, and the deployment keeps an admin who can sign in (409).
 */
async function updateUser(c: Caller, id: number, change: UserPatch): Promise<Account> {
  const disabling = change.disabled === true;
  if (disabling && id === c.user.id) throw conflict('You cannot disable your own account.', [{ path: 'disabled', message: 'not your own account' }]);
  const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
  return writes(c.user, c.zone).update(c.db, c.user.id, id, async (trx, before) => {
    if (disabling && before.role === 'admin' && !(await enabledAdmins(trx)).some((other) => other !== id)) {
      throw conflict('The last admin who can sign in cannot be disabled.', [{ path: 'disabled', message: 'the last admin' }]);
    }
    if (change.areaId != null && before.role !== 'bureau') throw badRequest('Invalid body: areaId.', [{ path: 'areaId', message: 'only for the bureau role' }]);
    await updateUserRow(trx, id, { passwordHash, disabled: change.disabled, areaId: change.areaId });
    if (disabling || (passwordHash !== undefined && id !== c.user.id)) await revokeUserSessions(trx, id);
  });
}

/**
 * Users are listed, created and changed by the admin, and a partner's projectionists by the
 * partner too; the answers never carry the password or its hash.
 */
export const users = {
  list: (c: Caller, q: UserQuery) => fetchPage(userList(c.db, c.user, q), q, userMapper(c.zone)),
  create: (c: Caller, u: NewUser) => createUser(c.db, u, c.user, c.zone),
  update: updateUser,
};

/** ADMIN_USERNAME/ADMIN_PASSWORD: an admin on a fresh install, so someone can sign in at all. */
export async function ensureAdmin(db: Db, admin: { username: string; password: string } | undefined, zone: string): Promise<boolean> {
  if (!admin) return false;
  if (await anAdmin(db)) return false;
  await createUser(db, { ...admin, role: 'admin', partnerId: null, areaId: null, teamId: null }, null, zone);
  return true;
}
