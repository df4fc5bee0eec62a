import { audited } from '../audit/log.js';
import { hashPassword } from '../auth/passwords.js';
import { revokeUserSessions } from '../auth/sessions.js';
import type { Caller } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { fetchPage } from '../db/page.js';
import { badRequest, conflict, notFound } from '../http/problem.js';
import { anAdmin, enabledAdmins, insertUser, updateUserRow, userList, userMapper, userRow, type Account } from './queries.js';
import type { NewUser, UserPatch, UserQuery } from './schemas.js';

async function findUser(db: Db, id: number, zone: string): Promise<Account> {
  const row = await userRow(db, id);
  if (!row) throw notFound('User', id);
  return userMapper(zone)(row);
}

const writes = (zone: string) => audited('user', (db, id) => findUser(db, id, zone));

/** The password is hashed before the transaction (argon2 takes a while); the audit row never holds it. */
export async function createUser(db: Db, u: NewUser, byUserId: number | null, zone: string): Promise<Account> {
  const passwordHash = await hashPassword(u.password);
  return writes(zone).create(db, byUserId, (trx) => insertUser(trx, { ...u, passwordHash }));
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
  return writes(c.zone).update(c.db, c.user.id, id, async (trx, before) => {
    if (disabling && before.role === 'admin' && !(await enabledAdmins(trx)).some((other) => other !== id)) {
      throw conflict('The last admin who can sign in cannot be disabled.', [{ path: 'disabled', message: 'the last admin' }]);
    }
    if (change.areaId != null && before.role !== 'bureau') throw badRequest('Invalid body: areaId.', [{ path: 'areaId', message: 'only for the bureau role' }]);
    await updateUserRow(trx, id, { passwordHash, disabled: change.disabled, areaId: change.areaId });
    if (disabling || (passwordHash !== undefined && id !== c.user.id)) await revokeUserSessions(trx, id);
  });
}

/** Users are listed, created and changed by the admin; the answers never carry the password or its hash. */
export const users = {
  list: (c: Caller, q: UserQuery) => fetchPage(userList(c.db, q), q, userMapper(c.zone)),
  create: (c: Caller, u: NewUser) => createUser(c.db, u, c.user.id, c.zone),
  update: updateUser,
};

/** ADMIN_USERNAME/ADMIN_PASSWORD: an admin on a fresh install, so someone can sign in at all. */
export async function ensureAdmin(db: Db, admin: { username: string; password: string } | undefined, zone: string): Promise<boolean> {
  if (!admin) return false;
  if (await anAdmin(db)) return false;
  await createUser(db, { ...admin, role: 'admin', partnerId: null, areaId: null }, null, zone);
  return true;
}
