import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { recordAudit } from '../audit/log.js';
import { allow, currentUser } from '../auth/guard.js';
import { hashPassword } from '../auth/passwords.js';
import { roles } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { fetchPage } from '../db/page.js';
import { paging } from '../http/paging.js';
import { id, parse } from '../http/validate.js';

const Create = z
  .strictObject({
    username: z
      .string()
      .trim()
      .min(1, 'must be 1 to 50 characters')
      .max(50, 'must be 1 to 50 characters')
      .regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits and . _ @ - only'),
    password: z.string().min(8, 'must be at least 8 characters').max(200, 'must be at most 200 characters'),
    role: z.enum(roles, { error: 'must be admin, bureau or partner' }),
    partnerId: id.nullish().transform((v) => v ?? null),
  })
  .superRefine((u, ctx) => {
    if (u.role === 'partner' && u.partnerId === null) ctx.addIssue({ code: 'custom', path: ['partnerId'], message: 'required for the partner role' });
    if (u.role !== 'partner' && u.partnerId !== null) ctx.addIssue({ code: 'custom', path: ['partnerId'], message: 'only for the partner role' });
  });
const ListQuery = z.object({ role: z.enum(roles, { error: 'must be admin, bureau or partner' }).optional(), ...paging });

interface Row {
  id: number;
  username: string;
  role: (typeof roles)[number];
  partner_id: number | null;
}
const toUser = (r: Row) => ({ id: r.id, username: r.username, role: r.role, partnerId: r.partner_id });
const cols = ['id', 'username', 'role', 'partner_id'];

export async function createUser(db: Db, u: z.output<typeof Create>, byUserId: number | null) {
  const password_hash = await hashPassword(u.password);
  return db.transaction(async (trx) => {
    const [row] = await trx('users')
      .insert({ username: u.username, password_hash, role: u.role, partner_id: u.partnerId })
      .returning(cols);
    const user = toUser(row);
    await recordAudit(trx, { entity: 'user', entityId: user.id, action: 'create', userId: byUserId, after: user });
    return user;
  });
}

/** ADMIN_USERNAME/ADMIN_PASSWORD: an admin on a fresh install, so someone can sign in at all. */
export async function ensureAdmin(db: Db, admin: { username: string; password: string } | undefined): Promise<boolean> {
  if (!admin) return false;
  const existing = await db('users').where({ role: 'admin' }).first('id');
  if (existing) return false;
  await createUser(db, { ...admin, role: 'admin', partnerId: null }, null);
  return true;
}

export function userRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(allow('admin'));

  r.get('/', async (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    const query = ctx.db('users').select(cols).orderBy('username');
    if (q.role) query.where('role', q.role);
    res.json(await fetchPage(query, q, toUser));
  });

  r.post('/', async (req, res) => {
    const body = parse(Create, req.body);
    const user = await createUser(ctx.db, body, currentUser(req).id);
    res.status(201).location(`/api/users/${user.id}`).json(user);
  });

  return r;
}
