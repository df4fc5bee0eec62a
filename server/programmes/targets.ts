import type { AreaTree } from '../areas/scope.js';
import type { Db } from '../db/index.js';

// DOMAIN.md "Targets": per area and year, inherited downward — a county without its own takes its
// prefecture's, then its province's; none set: no target. Each share is inherited on its own
// (a county may set scienceShare and take newFilmShare from its province). The rule is `inherit`,
// over an area's chain of settings nearest first; the one area (effectiveTargets, a SQL walk up)
// and the many (effectiveTargetsOf, the year's settings walked up the area tree in memory) ask it.

export interface EffectiveTarget {
  /** 0..1, or null: no target. */
  value: number | null;
  /** The area whose setting this is (null: none set up the chain). */
  areaId: number | null;
}

export interface EffectiveTargets {
  scienceShare: EffectiveTarget;
  newFilmShare: EffectiveTarget;
}

/** One area's own setting for a year, as stored (numeric comes back as text from one driver, a number from the other). */
export interface TargetRow {
  area_id: number;
  science_share: string | number | null;
  new_film_share: string | number | null;
}

const none: EffectiveTarget = { value: null, areaId: null };

/** The effective targets from an area's settings up its chain, nearest first: each share the nearest one set. */
export function inherit(chain: readonly TargetRow[]): EffectiveTargets {
  const first = (pick: (r: TargetRow) => string | number | null): EffectiveTarget => {
    const r = chain.find((row) => pick(row) !== null);
    return r ? { value: Number(pick(r)), areaId: r.area_id } : none;
  };
  return { scienceShare: first((r) => r.science_share), newFilmShare: first((r) => r.new_film_share) };
}

/** The effective targets of one area for a year: its own, else the nearest ancestor's, for each share. */
export async function effectiveTargets(db: Db, areaId: number, year: number): Promise<EffectiveTargets> {
  const rows: TargetRow[] = (
    await db.raw(
      `with recursive chain(id, parent_id, depth) as (
         select id, parent_id, 0 from areas where id = ?
         union all
         select a.id, a.parent_id, c.depth + 1 from areas a join chain c on a.id = c.parent_id where c.depth < 10
       )
       select t.area_id, t.science_share, t.new_film_share
         from chain c join area_targets t on t.area_id = c.id and t.year = ?
        order by c.depth`,
      [areaId, year],
    )
  ).rows;
  return inherit(rows);
}

/** The effective targets of many areas for a year, by area id: the year's settings read once, walked up the tree. */
export async function effectiveTargetsOf(db: Db, tree: AreaTree, areaIds: readonly number[], year: number): Promise<Map<number, EffectiveTargets>> {
  const rows: TargetRow[] = await db('area_targets').where({ year }).select('area_id', 'science_share', 'new_film_share');
  const own = new Map(rows.map((r) => [r.area_id, r]));
  const out = new Map<number, EffectiveTargets>();
  for (const id of areaIds) {
    const chain: TargetRow[] = [];
    for (let a = tree.get(id), depth = 0; a && depth < 10; a = a.parentId === null ? undefined : tree.get(a.parentId), depth++) {
      const r = own.get(a.id);
      if (r) chain.push(r);
    }
    out.set(id, inherit(chain));
  }
  return out;
}

/** An area's own setting for a year (null where it inherits), as the audit log keeps it. */
export async function ownTargets(db: Db, areaId: number, year: number) {
  const r: TargetRow | undefined = await db('area_targets').where({ area_id: areaId, year }).first('area_id', 'science_share', 'new_film_share');
  const value = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return { scienceShare: value(r?.science_share), newFilmShare: value(r?.new_film_share) };
}
