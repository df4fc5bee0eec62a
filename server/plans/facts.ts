import { REPEAT_DAYS } from '../../domain/programme.js';
import type { Units } from '../coverage/units.js';
import { villagesOfUnit } from '../coverage/units.js';
import type { Db } from '../db/index.js';
import { readTogether } from '../db/together.js';
import { monthRange, type MonthRange } from '../months.js';
import { effectiveTargets } from '../programmes/targets.js';
import { dayNumber, type ProgrammeFacts } from './programmes.js';
import { catalogueForPlan, programmesShown, requestedFilms, runningCampaigns, villagesShowing } from './queries.js';

// What the draft's programmes are chosen from (./programmes.ts), for the units the route placed:
// a handful of set-based queries whatever the number of units — the catalogue, the units' live
// programmes a year either side, each running campaign's covered villages, each county's targets,
// the villagers' requests. Which village counts for which unit is the coverage engine's unit list
// (domain/units.ts): a natural village's screening is its administrative village's.

/** The local calendar date (YYYY-MM-DD) of an instant in the zone. */
export function localDateIn(zone: string): (at: Date) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (at) => format.format(at);
}

const DAY_MS = 86_400_000;

export interface FactsInput {
  units: Units;
  /** The administrative units the draft places, by id. */
  unitIds: number[];
  month: MonthRange;
  /** The first and last evening planned. */
  first: Date;
  last: Date;
  zone: string;
  longMinutes: number;
}

export async function programmeFacts(db: Db, input: FactsInput): Promise<ProgrammeFacts> {
  const { units, unitIds, month, zone } = input;
  const villagesOf = (ids: number[]) => ids.flatMap((id) => Array.from(villagesOfUnit(units, units.unitOf.get(id)!)));
  const unitOfVillage = (v: number) => units.id[units.unitOf.get(v)!]!;
  const villages = villagesOf(unitIds);
  const countyOf = new Map(unitIds.map((id) => [id, units.countyId[units.unitOf.get(id)!]!]));

  const year = Number(month.month.slice(0, 4));
  const counties = [...new Set(countyOf.values())].filter((c) => c > 0);
  // Independent reads, together: side by side on the pool, in turn in a transaction (readTogether).
  const [shown, running, films, requested, targets] = await readTogether(db, [
    // A day either side of the year: the rule counts local days, the query instants.
    () => programmesShown(db, villages, new Date(input.first.getTime() - (REPEAT_DAYS + 1) * DAY_MS), new Date(input.last.getTime() + (REPEAT_DAYS + 1) * DAY_MS)),
    () => runningCampaigns(db, month.month),
    () => catalogueForPlan(db),
    () => requestedFilms(db, villages, month.month, unitOfVillage),
    () => readTogether(db, counties.map((county) => async () => [county, (await effectiveTargets(db, county, year)).scienceShare.value] as const)),
  ]);

  const localDate = localDateIn(zone);
  const seen = new Map<number, Map<number, number[]>>();
  for (const s of shown) {
    const unit = unitOfVillage(s.village_id);
    const films = seen.get(unit) ?? new Map<number, number[]>();
    seen.set(unit, films);
    const day = dayNumber(localDate(new Date(s.starts_at)));
    for (const f of s.programme) films.set(f, [...(films.get(f) ?? []), day]);
  }

  const campaigns = await readTogether(
    db,
    running.map((c) => async () => {
      const inside = unitIds.filter((id) => c.area_code === null || (units.areas.get(countyOf.get(id)!)?.code.startsWith(c.area_code) ?? false));
      const span = { from: monthRange(c.from_month, zone).start.toJSDate(), to: monthRange(c.to_month, zone).end.toJSDate() };
      const covered = new Set((await villagesShowing(db, villagesOf(inside), c.film_ids, span.from, span.to)).map(unitOfVillage));
      return { id: c.id, filmIds: c.film_ids, units: new Set(inside.filter((id) => !covered.has(id))) };
    }),
  );

  const shares = new Map<number, number | null>(targets);
  const scienceShare = new Map(unitIds.map((id) => [id, shares.get(countyOf.get(id)!) ?? null]));
  return {
    films,
    longMinutes: input.longMinutes,
    seen,
    campaigns,
    requested: new Map([...requested].map(([unit, asked]) => [unit, asked.map((r) => r.filmId)])),
    requests: new Map([...requested].map(([unit, asked]) => [unit, new Map(asked.map((r) => [r.filmId, r.requests]))])),
    scienceShare,
  };
}
