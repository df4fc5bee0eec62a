// Why the planner put each film into a proposed programme (issue 20 point 7), read from either
// shape the draft may answer with, so the draft view shows the reasons whichever the planner sends;
// a requested film's entry may carry `requests`, how many villagers asked (issue 21).
import type { DraftItem, ProgrammeReason } from './api.js';

/** A film the partner put in by hand: no reason of the planner's. */
export const BY_PARTNER = 'partner';
export type Why = ProgrammeReason | typeof BY_PARTNER;

/**
 * The planner's reasons for an item, read from either shape it may answer with:
 * `programmeReasons: [{filmId, reason}]` (filmId null: about the whole programme), or `reasons` as
 * one reason, a list in programme order (or of {filmId, reason}), or a record by film id.
 */
export function reasonsOf(item: DraftItem): { byFilm: Map<number, Why>; overall: Why[]; requests: Map<number, number> } {
  const byFilm = new Map<number, Why>();
  /** A requested film's count of villagers who asked (`requests` on its entry). */
  const requests = new Map<number, number>();
  const count = (filmId: number | null | undefined, r: unknown) => {
    const n = r && typeof r === 'object' && 'requests' in r ? Number((r as { requests: unknown }).requests) : NaN;
    if (filmId !== null && filmId !== undefined && Number.isInteger(n) && n > 0 && !requests.has(filmId)) requests.set(filmId, n);
  };
  const overall: Why[] = [];
  const ids = item.programme ?? (item.filmId ? [item.filmId] : []);
  const put = (filmId: number | null | undefined, reason: Why) => {
    if (filmId === null || filmId === undefined) overall.push(reason);
    else if (!byFilm.has(filmId)) byFilm.set(filmId, reason);
  };
  for (const r of item.programmeReasons ?? []) {
    put(r.filmId, r.reason);
    count(r.filmId, r);
  }
  const rs: unknown = item.reasons;
  if (typeof rs === 'string') overall.push(rs as Why);
  else if (Array.isArray(rs)) {
    rs.forEach((r: unknown, i) => {
      if (typeof r === 'string') put(ids[i] ?? null, r as Why);
      else if (r && typeof r === 'object' && 'reason' in r) {
        put((r as { filmId?: number | null }).filmId ?? null, (r as { reason: Why }).reason);
        count((r as { filmId?: number | null }).filmId, r);
      }
    });
  } else if (rs && typeof rs === 'object') for (const [id, r] of Object.entries(rs)) put(Number(id), r as Why);
  return { byFilm, overall: [...new Set(overall)], requests };
}

