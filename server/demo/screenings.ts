import type { DateTime } from 'luxon';
import type { Db } from '../db/index.js';
import { currentMonth, monthRange } from '../months.js';
import { seeded } from './tonghai.js';

const reasons = ['下雨，村民无法集中', '放映设备故障', '村里办红白事，改期', '道路塌方，车辆无法进村'];

/**
 * A few months of history for the demo map: past months mostly covered with a few gaps, last month
 * with some screenings never reported (overdue), the current month partly done and partly planned.
 * Each team shows at most one film an evening, so the 3-hour rule holds by construction.
 */
export async function seedDemoScreenings(trx: Db, zone: string, now: DateTime, months = 4) {
  const random = seeded(2131);
  const units: { id: number; children: number[] }[] = [];
  const villages = await trx('villages').select('id', 'kind', 'parent_id').orderBy('id');
  for (const v of villages) if (v.kind === 'administrative') units.push({ id: v.id, children: [] });
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const v of villages) if (v.parent_id) byId.get(v.parent_id)?.children.push(v.id);
  const teams: number[] = (await trx('teams').orderBy('id').pluck('id')).slice(0, 3);
  const films: { id: number; category: string }[] = await trx('films').select('id', 'category').orderBy('id');
  if (!teams.length || !films.length) return 0;

  const rows: Record<string, unknown>[] = [];
  const thisMonth = currentMonth(zone, now);
  for (let back = months - 1; back >= 0; back--) {
    const month = monthRange(currentMonth(zone, now.setZone(zone).minus({ months: back })), zone);
    const order = [...units].sort(() => random() - 0.5);
    order.forEach((unit, k) => {
      const roll = random();
      if (roll < 0.06) return; // never planned: a gap
      const evening = Math.floor(k / teams.length);
      const startsAt = month.start.plus({ days: evening + 1, hours: 19, minutes: [0, 30][k % 2] });
      const place = unit.children.length && random() < 0.4 ? unit.children[Math.floor(random() * unit.children.length)]! : unit.id;
      const film = films[Math.floor(random() * films.length)]!;
      const base = { village_id: place, team_id: teams[k % teams.length], film_id: film.id, starts_at: startsAt.toJSDate() };
      const past = startsAt < now;
      const lastMonth = month.month !== thisMonth && back === 1;
      if (!past) rows.push({ ...base, status: 'scheduled' });
      else if (roll < 0.1) rows.push({ ...base, status: 'cancelled', cancel_reason: reasons[k % reasons.length] });
      else if (roll < 0.16 && (lastMonth || month.month === thisMonth)) rows.push({ ...base, status: 'scheduled' });
      else rows.push({ ...base, status: 'completed', audience: 40 + Math.floor(random() * 160) });
    });
  }
  for (let i = 0; i < rows.length; i += 500) await trx('screenings').insert(rows.slice(i, i + 500));
  return rows.length;
}
