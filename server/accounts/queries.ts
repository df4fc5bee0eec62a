import type { Role } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { formatTime } from '../months.js';
import type { UserQuery } from './schemas.js';

export interface UserRow {
  id: number;
  username: string;
  role: Role;
  partner_id: number | null;
  area_id: number | null;
  disabled_at: Date | null;
  password_changed_at: Date;
}
const columns = ['id', 'username', 'role', 'partner_id', 'area_id', 'disabled_at', 'password_changed_at'];

/** A user as the API shows it: never the password hash; when the password was last set, in the county zone. */
export const userMapper = (zone: string) => (r: UserRow) => ({
  id: r.id,
  username: r.username,
  role: r.role,
  partnerId: r.partner_id,
  areaId: r.area_id,
  disabled: r.disabled_at !== null,
  passwordChangedAt: formatTime(r.password_changed_at, zone),
});
export type Account = ReturnType<ReturnType<typeof userMapper>>;

export const userRow = (db: Db, id: number): Promise<UserRow | undefined> => db('users').where({ id }).first(columns);

export function userList(db: Db, q: UserQuery) {
  const query = db('users').select(columns).orderBy('username');
  if (q.role) query.where('role', q.role);
  return query;
}

export const anAdmin = (db: Db) => db('users').where({ role: 'admin' }).first('id');

/**
 * The admins that may sign in, locked until the transaction ends: of two admins disabling each
 * other at once, the second waits, then finds the first disabled.
 */
export const enabledAdmins = async (db: Db): Promise<number[]> =>
  (await db('users').where({ role: 'admin' }).whereNull('disabled_at').forUpdate().select('id')).map((r: { id: number }) => r.id);

export async function insertUser(db: Db, u: { username: string; passwordHash: string; role: Role; partnerId: number | null; areaId?: number | null }): Promise<number> {
  const [{ id }] = await db('users')
    .insert({ username: u.username, password_hash: u.passwordHash, role: u.role, partner_id: u.partnerId, area_id: u.areaId ?? null })
    .returning('id');
  return id;
}

/** A new password (dated now), and disabled (since the first time, if it already was) or enabled. */
export async function updateUserRow(db: Db, id: number, change: { passwordHash?: string; disabled?: boolean; areaId?: number | null }): Promise<void> {
  const values: Record<string, unknown> = {};
  if (change.areaId !== undefined) values.area_id = change.areaId;
  if (change.passwordHash !== undefined) Object.assign(values, { password_hash: change.passwordHash, password_changed_at: db.fn.now() });
  if (change.disabled !== undefined) values.disabled_at = change.disabled ? db.raw('coalesce(disabled_at, now())') : null;
  if (Object.keys(values).length) await db('users').where({ id }).update(values);
}
