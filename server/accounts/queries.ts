import type { Knex } from 'knex';
import type { Role, User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { formatTime } from '../months.js';
import type { UserQuery } from './schemas.js';

export interface UserRow {
  id: number;
  username: string;
  role: Role;
  partner_id: number | null;
  area_id: number | null;
  team_id: number | null;
  disabled_at: Date | null;
  password_changed_at: Date;
}
// A projectionist's partner is its team's (migrations/202612060001).
const columns = ['u.id', 'u.username', 'u.role', 'u.area_id', 'u.team_id', 'u.disabled_at', 'u.password_changed_at'];
const accounts = (db: Db) => db('users as u').leftJoin('teams as t', 't.id', 'u.team_id').select(...columns, db.raw('coalesce(u.partner_id, t.partner_id) as partner_id'));

/** A user as the API shows it: never the password hash; when the password was last set, in the county zone. */
export const userMapper = (zone: string) => (r: UserRow) => ({
  id: r.id,
  username: r.username,
  role: r.role,
  partnerId: r.partner_id,
  areaId: r.area_id,
  teamId: r.team_id,
  disabled: r.disabled_at !== null,
  passwordChangedAt: formatTime(r.password_changed_at, zone),
});
export type Account = ReturnType<ReturnType<typeof userMapper>>;

/** One account as `user` may see it: the admin every one, a partner its own projectionists (null: the server itself). */
export const userRow = (db: Db, user: User | null, id: number): Promise<UserRow | undefined> => ownAccounts(accounts(db), user).where('u.id', id).first();

export function userList(db: Db, user: User, q: UserQuery) {
  const query = ownAccounts(accounts(db), user).orderBy('u.username');
  if (q.role) query.where('u.role', q.role);
  if (q.teamId) query.where('u.team_id', q.teamId);
  return query;
}

/** A partner manages the projectionists of its own teams, and no other account (DOMAIN.md roles). */
function ownAccounts(query: Knex.QueryBuilder, user: User | null): Knex.QueryBuilder {
  if (user && user.role !== 'admin') query.where('u.role', 'projectionist').where('t.partner_id', user.partnerId ?? 0);
  return query;
}

export const anAdmin = (db: Db) => db('users').where({ role: 'admin' }).first('id');

/**
 * The admins that may sign in, locked until the transaction ends: of two admins disabling each
 * other at once, the second waits, then finds the first disabled.
 */
export const enabledAdmins = async (db: Db): Promise<number[]> =>
  (await db('users').where({ role: 'admin' }).whereNull('disabled_at').forUpdate().select('id')).map((r: { id: number }) => r.id);

export async function insertUser(db: Db, u: { username: string; passwordHash: string; role: Role; partnerId: number | null; areaId?: number | null; teamId?: number | null }): Promise<number> {
  // A projectionist's partner is read through its team: the row holds the team alone.
  const [{ id }] = await db('users')
    .insert({ username: u.username, password_hash: u.passwordHash, role: u.role, partner_id: u.role === 'partner' ? u.partnerId : null, area_id: u.areaId ?? null, team_id: u.teamId ?? null })
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
