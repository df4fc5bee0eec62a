import { audited } from '../audit/log.js';
import { hashPassword } from '../auth/passwords.js';
import type { Caller } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { fetchPage } from '../db/page.js';
import { notFound } from '../http/problem.js';
import { anAdmin, insertUser, toUser, userList, userRow, type Account } from './queries.js';
import type { NewUser, UserQuery } from './schemas.js';

async function findUser(db: Db, id: number): Promise<Account> {
  const row = await userRow(db, id);
  if (!row) throw notFound('User', id);
  return toUser(row);
}

const writes = audited('user', findUser);

/** The password is hashed before the transaction (argon2 takes a while); the audit row never holds it. */
export async function createUser(db: Db, u: NewUser, byUserId: number | null): Promise<Account> {
  const passwordHash = await hashPassword(u.password);
  return writes.create(db, byUserId, (trx) => insertUser(trx, { ...u, passwordHash }));
}

/** Users are listed and created by the admin; the answers never carry the password or its hash. */
export const users = {
  list: (c: Caller, q: UserQuery) => fetchPage(userList(c.db, q), q, toUser),
  create: (c: Caller, u: NewUser) => createUser(c.db, u, c.user.id),
};

/** ADMIN_USERNAME/ADMIN_PASSWORD: an admin on a fresh install, so someone can sign in at all. */
export async function ensureAdmin(db: Db, admin: { username: string; password: string } | undefined): Promise<boolean> {
  if (!admin) return false;
  if (await anAdmin(db)) return false;
  await createUser(db, { ...admin, role: 'admin', partnerId: null }, null);
  return true;
}
