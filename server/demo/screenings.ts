import type { DateTime } from 'luxon';
import { daysOf } from '../../domain/months.js';
import type { Db } from '../db/index.js';
import { currentMonth, monthRange } from '../months.js';
import type { FilmCategory } from '../../domain/programme.js';
import { demoProgrammer } from './programmes.js';
import { seeded } from './tonghai.js';

const reasons = ['下雨，村民无法集中', '放映设备故障', '村里办红白事，改期', '道路塌方，车辆无法进村'];

/**
 * A few months of screenings laid out around the day the demo is loaded: past months mostly
 * covered with a few gaps; last month and this one with some screenings never reported (overdue);
 * every team working yesterday (the first team's screening still unreported) and tonight (none
 * reported yet), and this month's later evenings planned. Each team shows one programme an evening
 * (./programmes.ts: a long film, most evenings with a science short), so the 3-hour rule holds.
 */
export async function seedDemoScreenings(trx: Db, zone: string, now: DateTime, months = 4) {
  const random = seeded(2131);
  const units: { id: number; children: number[] }[] = [];
  const villages = await trx('villages').select('id', 'kind', 'parent_id').orderBy('id');
  for (const v of villages) if (v.kind === 'administrative') units.push({ id: v.id, children: [] });
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const v of villages) if (v.parent_id) byId.get(v.parent_id)?.children.push(v.id);
  const teams: number[] = (await trx('teams').orderBy('id').pluck('id')).slice(0, 3);
  const films = (await trx('films').select('id', 'category', 'minutes', 'available_from', 'available_to', 'retired_at').orderBy('id')).map((f) => ({
    id: f.id as number,
    category: f.category as FilmCategory,
    minutes: f.minutes as number | null,
    availableFrom: f.available_from as string | null,
    availableTo: f.available_to as string | null,
    retired: f.retired_at !== null,
  }));
  if (!teams.length || !films.length) return 0;
  const programmeOf = demoProgrammer(films, seeded(2132));

  const local = now.setZone(zone);
  const today = local.toISODate()!;
  const yesterday = local.minus({ days: 1 }).toISODate()!;
  const thisMonth = currentMonth(zone, now);
  const rows: Record<string, unknown>[] = [];
  for (let back = months - 1; back >= 0; back--) {
    const month = monthRange(currentMonth(zone, local.minus({ months: back })), zone);
    const evenings = workingEvenings(month.month, Math.ceil(units.length / teams.length), [today, yesterday], random);
    // The last evening may be part-filled: never yesterday or tonight, when every team works.
    const partial = evenings.length - 1;
    const swap = evenings.findLastIndex((d) => d !== today && d !== yesterday);
    if (units.length % teams.length && swap >= 0) [evenings[partial], evenings[swap]] = [evenings[swap]!, evenings[partial]!];
    const order = [...units].sort(() => random() - 0.5);
    order.forEach((unit, k) => {
      const day = evenings[Math.floor(k / teams.length)];
      if (!day) return; // more units than evenings: a gap
      const recent = day === today || day === yesterday;
      const roll = random();
      if (roll < 0.06 && !recent) return; // never planned: a gap
      const startsAt = month.start.set({ day: Number(day.slice(8)), hour: 19, minute: [0, 30][k % 2] });
      const place = unit.children.length && random() < 0.4 ? unit.children[Math.floor(random() * unit.children.length)]! : unit.id;
      const base = { village_id: place, team_id: teams[k % teams.length], programme: programmeOf(unit.id, day), starts_at: startsAt.toJSDate() };
      const lastOrThis = month.month === thisMonth || back === 1;
      // Tonight's are not reported yet, whatever the hour.
      if (startsAt > now || day === today) rows.push({ ...base, status: 'scheduled' });
      // Yesterday the first team did not report: the field page has something to report.
      else if (day === yesterday && k % teams.length === 0) rows.push({ ...base, status: 'scheduled' });
      else if (roll < 0.1 && !recent) rows.push({ ...base, status: 'cancelled', cancel_reason: reasons[k % reasons.length] });
      else if (roll < 0.16 && lastOrThis && !recent) rows.push({ ...base, status: 'scheduled' });
      else rows.push({ ...base, status: 'completed', audience: 40 + Math.floor(random() * 160) });
    });
  }
  for (let i = 0; i < rows.length; i += 500) await trx('screenings').insert(rows.slice(i, i + 500));
  return rows.length;
}

/**
 * `count` evenings of a month, in order: every day but a few rest days, which are never one of
 * `working` (yesterday and today) nor the month's first or last day.
 */
function workingEvenings(month: string, count: number, working: string[], random: () => number): string[] {
  const days = daysOf(month);
  const restable = days.filter((d, i) => i > 0 && i < days.length - 1 && !working.includes(d));
  const rest = new Set<string>();
  while (days.length - rest.size > count && rest.size < restable.length) rest.add(restable[Math.floor(random() * restable.length)]!);
  return days.filter((d) => !rest.has(d));
}
