// The villagers' requests (点单) as the plan reads them: GET /api/requests for the month planned and
// the month before (the draft of month M reads the requests made in M − 1 and M, DOMAIN.md
// "Villagers' voice"), merged per unit and film, most requested first. A natural village's
// requests are its administrative village's, as the plan counts units. Shown beside each gap and
// offered first in the programme picker.
import { shiftMonth } from '../../../domain/months.js';
import { unitOfVillage } from '../../../domain/units.js';
import type { FilmCategory } from '../../../domain/programme.js';
import { t } from '../i18n/index.js';
import type { Village } from '../shared/api.js';
import { get, query } from '../shared/http.js';

/** One row of GET /api/requests. */
export interface RequestRow {
  villageId: number;
  villageName: string;
  filmId: number;
  title: string;
  category: FilmCategory;
  requests: number;
}

/** A film a unit's villagers asked for, and how many asked. */
export interface Requested {
  filmId: number;
  title: string;
  category: FilmCategory;
  requests: number;
}

/** "requested by 3 villagers" / "村民点播 3 人" (one: "requested by 1 villager"). */
export const requestedBy = (count: number) => (count === 1 ? t('plan.requests.countOne') : t('plan.requests.count', { count }));

/** Rows asked for at once (GET /api/requests's most). */
const REQUESTS_PAGE = 1000;

/** How many a gap line shows. */
export const TOP_REQUESTS = 3;

/** Merges the rows of both months per unit and film, most requested first (then title). */
export function mergeRequests(rows: readonly RequestRow[], unitOf: (villageId: number) => number): Map<number, Requested[]> {
  const byUnit = new Map<number, Map<number, Requested>>();
  for (const r of rows) {
    const unit = unitOf(r.villageId);
    const films = byUnit.get(unit) ?? new Map<number, Requested>();
    byUnit.set(unit, films);
    const had = films.get(r.filmId);
    films.set(r.filmId, { filmId: r.filmId, title: r.title, category: r.category, requests: (had?.requests ?? 0) + r.requests });
  }
  return new Map([...byUnit].map(([unit, films]) => [unit, [...films.values()].sort((a, b) => b.requests - a.requests || a.filmId - b.filmId)]));
}

export class VillagerRequests {
  private byUnit = new Map<number, Requested[]>();
  private month: string | null = null;

  constructor(private villages: () => Map<number, Village>) {}

  /** The unit a village's requests count for (the plan's administrative units). */
  private unitOf = (villageId: number) => {
    const v = this.villages().get(villageId);
    return (v && unitOfVillage(v, 'administrative')) ?? villageId;
  };

  /** Loads the requests for planning `month`; a failure leaves none (the plan works without them). */
  async load(month: string): Promise<void> {
    // Every page: the list is one row a unit and film, far more than the default 100 in a county.
    const ask = async (m: string) => {
      const rows: RequestRow[] = [];
      for (;;) {
        const page = await get<{ items: RequestRow[]; total: number }>(`/api/requests?${query({ month: m, limit: REQUESTS_PAGE, offset: rows.length })}`);
        rows.push(...page.items);
        if (!page.items.length || rows.length >= page.total) return rows;
      }
    };
    try {
      const [before, during] = await Promise.all([ask(shiftMonth(month, -1)), ask(month)]);
      this.byUnit = mergeRequests([...before, ...during], this.unitOf);
    } catch (err) {
      console.error(err);
      this.byUnit = new Map();
    }
    this.month = month;
  }

  loadedFor(month: string) {
    return this.month === month;
  }

  /** A village's (its unit's) requested films, most requested first. */
  of(villageId: number | null | undefined): Requested[] {
    if (!villageId) return [];
    return this.byUnit.get(this.unitOf(villageId)) ?? [];
  }
}
