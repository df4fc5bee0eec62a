// Which villages are the units the 2131 promise is counted on (DOMAIN.md "Levels"). Only here: the
// engine reads its screenings per village and folds them into units with these two functions
// (server/coverage/units.ts, counts.ts), so no SQL repeats them.

export const levels = ['administrative', 'natural'] as const;
export type Level = (typeof levels)[number];
export type VillageKind = Level;

/**
 * The unit a village's screenings count for at a level: at the administrative level a natural
 * village counts for its parent; at the natural level only natural villages are units (an
 * administrative village's own screenings count for no unit).
 */
export function unitOfVillage(v: { id: number; kind: VillageKind; parentId: number | null }, level: Level): number | null {
  if (level === 'natural') return v.kind === 'natural' ? v.id : null;
  return v.kind === 'natural' && v.parentId !== null ? v.parentId : v.id;
}

/** A village is a unit of a month unless it was retired at or before the month's first instant (ms). */
export const isUnitInMonth = (retiredAt: number | null, monthStart: number) => retiredAt === null || retiredAt > monthStart;
