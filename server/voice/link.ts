import { villagePageUrl } from '../../domain/voice.js';
import { recordAudit } from '../audit/log.js';
import { villageVisible } from '../areas/scope.js';
import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { notFound } from '../http/problem.js';

// A unit's village page link (DOMAIN.md "Villagers' voice"): read by those who work its county
// (the admin, a bureau inside its area, a partner holding a contract for it — or any partner while
// none has contracts, as a single county runs: server/areas/scope.ts), and rotated by them: the
// old link is unknown at once. The audit log keeps that it was rotated, and the first digits of
// each token only: a live token in the log would be a second way in.

const NEW_TOKEN = `replace(gen_random_uuid()::text, '-', '')`;

/** The village, when this user may see it; 404 otherwise (one answer for "none" and "not yours"). */
async function visible(db: Db, user: User, id: number): Promise<{ id: number; name: string; public_token: string }> {
  const row = (await villageVisible(db, user, id)) ? await db('villages').where({ id }).first('id', 'name', 'public_token') : undefined;
  if (!row) throw notFound('Village', id);
  return row;
}

const link = (origin: string, token: string) => ({ url: villagePageUrl(origin, token), token });

export async function villageLink(db: Db, user: User, id: number, origin: string) {
  return link(origin, (await visible(db, user, id)).public_token);
}

const forAudit = (v: { id: number; name: string }, token: string) => ({ id: v.id, name: v.name, publicTokenPrefix: token.slice(0, 6) });

/** A new token: the old link 404s from the commit on. */
export async function rotateVillageLink(db: Db, user: User, id: number, origin: string) {
  await visible(db, user, id);
  return db.transaction(async (trx) => {
    const before: { id: number; name: string; public_token: string } | undefined = await trx('villages').where({ id }).forUpdate().first('id', 'name', 'public_token');
    if (!before) throw notFound('Village', id);
    const [after] = await trx('villages').where({ id }).update({ public_token: trx.raw(NEW_TOKEN) }, ['id', 'name', 'public_token']);
    await recordAudit(trx, { entity: 'village', entityId: id, action: 'update', userId: user.id, before: forAudit(before, before.public_token), after: forAudit(after, after.public_token) });
    return link(origin, after.public_token as string);
  });
}
