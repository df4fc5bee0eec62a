import { recordAudit } from '../audit/log.js';
import { whereAreaVisible } from '../areas/scope.js';
import type { Caller } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { notFound } from '../http/problem.js';
import type { TargetsPatch } from './schemas.js';
import { effectiveTargets, ownTargets, type EffectiveTarget } from './targets.js';

// GET and PUT /api/areas/:id/targets/:year. Who may see an area is the one scope policy
// (../areas/scope.ts whereAreaVisible): a bureau user inside its area, a partner the areas holding
// its counties, the others all; outside it the area does not exist (404). Who may write is the
// route's guard (admin, bureau): for them the visible areas are the writable ones.

/** The area, if the user may see it; else 404 as for an id that names nothing. */
async function visibleArea(db: Db, c: Caller, areaId: number): Promise<{ id: number }> {
  const area = await whereAreaVisible(db, db('areas').where({ id: areaId }), c.user).first('id');
  if (!area) throw notFound('Area', areaId);
  return area as { id: number };
}

/** The effective targets, each naming the area it comes from (its name too: a county bureau may not read its prefecture). */
async function answer(db: Db, areaId: number, year: number) {
  const t = await effectiveTargets(db, areaId, year);
  const sources = [t.scienceShare.areaId, t.newFilmShare.areaId].filter((id): id is number => id !== null);
  const names = new Map<number, string>(sources.length ? (await db('areas').whereIn('id', sources).select('id', 'name')).map((a: { id: number; name: string }) => [a.id, a.name]) : []);
  const named = (e: EffectiveTarget) => ({ ...e, areaName: e.areaId === null ? null : (names.get(e.areaId) ?? null) });
  return { year, areaId, scienceShare: named(t.scienceShare), newFilmShare: named(t.newFilmShare) };
}
export type TargetsAnswer = Awaited<ReturnType<typeof answer>>;

export async function readTargets(c: Caller, areaId: number, year: number): Promise<TargetsAnswer> {
  await visibleArea(c.db, c, areaId);
  return answer(c.db, areaId, year);
}

/** Sets the area's own shares for the year (null clears one: it inherits again); audit-logged as the area's change. */
export async function writeTargets(c: Caller, areaId: number, year: number, patch: TargetsPatch): Promise<TargetsAnswer> {
  return c.db.transaction(async (trx) => {
    await visibleArea(trx, c, areaId);
    // One writer of an area's year at a time: the before and after the log keeps are what happened.
    await trx.raw('select pg_advisory_xact_lock(2133, ?)', [areaId * 10000 + year]);
    const before = await ownTargets(trx, areaId, year);
    const after = {
      scienceShare: patch.scienceShare !== undefined ? patch.scienceShare : before.scienceShare,
      newFilmShare: patch.newFilmShare !== undefined ? patch.newFilmShare : before.newFilmShare,
    };
    if (after.scienceShare === null && after.newFilmShare === null) await trx('area_targets').where({ area_id: areaId, year }).delete();
    else {
      await trx('area_targets')
        .insert({ area_id: areaId, year, science_share: after.scienceShare, new_film_share: after.newFilmShare })
        .onConflict(['area_id', 'year'])
        .merge({ science_share: after.scienceShare, new_film_share: after.newFilmShare, updated_at: trx.fn.now() });
    }
    await recordAudit(trx, { entity: 'area', entityId: areaId, action: 'update', userId: c.user.id, before: { id: areaId, targets: { year, ...before } }, after: { id: areaId, targets: { year, ...after } } });
    return answer(trx, areaId, year);
  });
}
