import type { Role } from '../auth/user.js';
import type { Db } from '../db/index.js';
import type { UserQuery } from './schemas.js';

export interface UserRow {
  id: number;
  username: string;
  role: Role;
  partner_id: number | null;
}
const columns = ['id', 'username', 'role', 'partner_id'];

/** A user as the API shows it: never the password hash. */
export const toUser = (r: UserRow) => ({ id: r.id, username: r.username, role: r.role, partnerId: r.partner_id });
export type Account = ReturnType<typeof toUser>;

export const userRow = (db: Db, id: number): Promise<UserRow | undefined> => db('users').where({ id }).first(columns);

export function userList(db: Db, q: UserQuery) {
  const query = db('users').select(columns).orderBy('username');
  if (q.role) query.where('role', q.role);
  return query;
}

export const anAdmin = (db: Db) => db('users').where({ role: 'admin' }).first('id');

export async function insertUser(db: Db, u: { username: string; passwordHash: string; role: Role; partnerId: number | null }): Promise<number> {
  const [{ id }] = await db('users').insert({ username: u.username, password_hash: u.passwordHash, role: u.role, partner_id: u.partnerId }).returning('id');
  return id;
}
