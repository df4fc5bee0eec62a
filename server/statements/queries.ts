import { unitOfVillage } from '../../domain/units.js';
import type { ReviewDecision, VerificationState } from '../../domain/status.js';
import type { Db } from '../db/index.js';
import { readTogether } from '../db/together.js';
import { formatTime } from '../months.js';
import type { HeldScreening } from './compute.js';

// The completed screenings of a county's months as a statement settles them: each with its month
// (the county-month whose bounds, kept on the period, hold its start), the unit it counts for (a
// natural village: its parent, domain/units.ts), and the contract of its team's partner covering
// that county and month (the lowest id, should two overlap; null: none).

interface Row {
  id: number;
  starts_at: Date;
  village_id: number;
  village_name: string;
  village_kind: 'administrative' | 'natural';
  parent_id: number | null;
  parent_name: string | null;
  township_name: string;
  team_name: string;
  partner_id: number;
  partner_name: string;
  verification: VerificationState | null;
  review_decision: ReviewDecision | null;
  review_reason: string | null;
  programme: number[] | null;
}

export async function heldScreenings(db: Db, countyId: number, months: readonly string[], zone: string): Promise<HeldScreening[]> {
  // The months' bounds as the periods keep them; each screening belongs to the one holding its start.
  const periods: { month: string; starts_at: Date; ends_at: Date }[] = await db('periods').where({ county_id: countyId }).whereIn('month', [...months]).orderBy('starts_at').select('month', 'starts_at', 'ends_at');
  if (!periods.length) return [];
  const monthOf = (at: Date) => periods.find((p) => at >= p.starts_at && at < p.ends_at)?.month;
  // The county's villages by township, then each village's screenings of the months through its
  // (village_id, starts_at) index: the OFFSET 0 keeps the planner from scanning the months of the
  // whole country. The county's contracts and the programmes' film titles are read once each and
  // looked up here (a subquery per screening cost a big county's statement as much as the rest).
  const [all, contracts] = await readTogether(db, [
    () =>
      db.raw(
        `select s.id, s.starts_at, v.id as village_id, v.name as village_name, v.kind as village_kind, v.parent_id, pv.name as parent_name,
                w.name as township_name, t.name as team_name, t.partner_id, pa.name as partner_name,
                s.verification, s.review_decision, s.review_reason, s.programme
           from townships w
           join villages v on v.township_id = w.id
           left join villages pv on pv.id = v.parent_id
           cross join lateral (
             select * from screenings s where s.village_id = v.id and s.starts_at >= ? and s.starts_at < ? and s.status = 'completed' offset 0
           ) s
           join teams t on t.id = s.team_id
           join partners pa on pa.id = t.partner_id
          where w.county_id = ?
          order by s.starts_at, s.id`,
        [periods[0]!.starts_at, periods.at(-1)!.ends_at, countyId],
      ).then((r: { rows: Row[] }) => r.rows),
    () => db('contracts').where({ county_id: countyId }).orderBy('id').select('id', 'partner_id', 'from_month', 'to_month') as Promise<{ id: number; partner_id: number; from_month: string; to_month: string | null }[]>,
  ]);
  const rows = all.flatMap((r) => {
    const month = monthOf(r.starts_at);
    return month ? [{ ...r, month }] : [];
  });
  const filmIds = [...new Set(rows.flatMap((r) => r.programme ?? []))];
  const titles = new Map<number, string>(filmIds.length ? ((await db('films').whereIn('id', filmIds).select('id', 'title')) as { id: number; title: string }[]).map((f) => [f.id, f.title]) : []);
  const contractOf = (partnerId: number, month: string) => contracts.find((k) => k.partner_id === partnerId && k.from_month <= month && (k.to_month === null || k.to_month >= month))?.id ?? null;
  return rows.map((r) => {
    const unitId = unitOfVillage({ id: r.village_id, kind: r.village_kind, parentId: r.parent_id }, 'administrative')!;
    return {
      id: r.id,
      month: r.month,
      startsAt: formatTime(r.starts_at, zone)!,
      villageId: r.village_id,
      villageName: r.village_name,
      unitId,
      unitName: unitId === r.village_id ? r.village_name : (r.parent_name ?? r.village_name),
      townshipName: r.township_name,
      teamName: r.team_name,
      partnerId: r.partner_id,
      partnerName: r.partner_name,
      contractId: contractOf(r.partner_id, r.month),
      verification: r.verification,
      reviewDecision: r.review_decision,
      reviewReason: r.review_reason,
      films: (r.programme ?? []).flatMap((id) => titles.get(id) ?? []),
    };
  });
}
