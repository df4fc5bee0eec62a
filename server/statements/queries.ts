import { unitOfVillage } from '../../domain/units.js';
import type { ReviewDecision, VerificationState } from '../../domain/status.js';
import type { Db } from '../db/index.js';
import { formatTime } from '../months.js';
import type { HeldScreening } from './compute.js';

// The completed screenings of a county's months as a statement settles them: each with its month
// (the county-month whose bounds, kept on the period, hold its start), the unit it counts for (a
// natural village: its parent, domain/units.ts), and the contract of its team's partner covering
// that county and month (the lowest id, should two overlap; null: none).

interface Row {
  id: number;
  month: string;
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
  contract_id: number | null;
  verification: VerificationState | null;
  review_decision: ReviewDecision | null;
  review_reason: string | null;
  films: string[] | null;
}

export async function heldScreenings(db: Db, countyId: number, months: readonly string[], zone: string): Promise<HeldScreening[]> {
  const rows: Row[] = (
    await db.raw(
      `select s.id, p.month, s.starts_at, v.id as village_id, v.name as village_name, v.kind as village_kind, v.parent_id, pv.name as parent_name,
              w.name as township_name, t.name as team_name, t.partner_id, pa.name as partner_name,
              (select min(k.id) from contracts k
                where k.partner_id = t.partner_id and k.county_id = w.county_id and k.from_month <= p.month and (k.to_month is null or k.to_month >= p.month)) as contract_id,
              s.verification, s.review_decision, s.review_reason,
              (select array_agg(f.title order by x.n) from unnest(s.programme) with ordinality as x(film_id, n) join films f on f.id = x.film_id) as films
         from screenings s
         join villages v on v.id = s.village_id
         left join villages pv on pv.id = v.parent_id
         join townships w on w.id = v.township_id
         join periods p on p.county_id = w.county_id and s.starts_at >= p.starts_at and s.starts_at < p.ends_at
         join teams t on t.id = s.team_id
         join partners pa on pa.id = t.partner_id
        where w.county_id = ? and p.month = any(?::text[]) and s.status = 'completed'
        order by s.starts_at, s.id`,
      [countyId, [...months]],
    )
  ).rows;
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
      contractId: r.contract_id,
      verification: r.verification,
      reviewDecision: r.review_decision,
      reviewReason: r.review_reason,
      films: r.films ?? [],
    };
  });
}
