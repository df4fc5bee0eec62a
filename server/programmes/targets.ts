import type { Db } from '../db/index.js';

// DOMAIN.md "Targets": per area and year, inherited downward — a county without its own takes its
// prefecture's, then its province's; none set: no target. Each share is inherited on its own
// (a county may set scienceShare and take newFilmShare from its province).

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

const none: EffectiveTarget = { value: null, areaId: null };

/** The effective targets of one area for a year: its own, else the nearest ancestor's, for each share. */
export async function effectiveTargets(db: Db, areaId: number, year: number): Promise<EffectiveTargets> {
  const rows: { area_id: number; science_share: string | null; new_film_share: string | null }[] = (
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
  const first = (pick: (r: (typeof rows)[number]) => string | null): EffectiveTarget => {
    const r = rows.find((row) => pick(row) !== null);
    return r ? { value: Number(pick(r)), areaId: r.area_id } : none;
  };
  return { scienceShare: first((r) => r.science_share), newFilmShare: first((r) => r.new_film_share) };
}
