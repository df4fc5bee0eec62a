import { compareNames } from '../../domain/collate.js';
import { isBacked, type ReviewDecision, type VerificationState } from '../../domain/status.js';
import type { Units } from '../coverage/units.js';
import type { Db } from '../db/index.js';
import { formatTime, type MonthRange } from '../months.js';

/** Teams as every report lists them: by partner, then team name (domain/collate.ts), then id. */
const byTeam =
  <T>(key: (t: T) => { partnerName: string; name: string; id: number }) =>
  (a: T, b: T) => {
    const [x, y] = [key(a), key(b)];
    return compareNames(x.partnerName, y.partnerName) || compareNames(x.name, y.name) || x.id - y.id;
  };

const inMonth = (m: MonthRange) => [m.start.toJSDate(), m.end.toJSDate()] as const;

/** Screenings of the month: held (completed), cancelled, audience, and the share of science films among those held. */
export async function screeningTotals(db: Db, month: MonthRange) {
  const [start, end] = inMonth(month);
  const row = await db('screenings as s')
    .leftJoin('films as f', 'f.id', 's.film_id')
    .where('s.starts_at', '>=', start)
    .where('s.starts_at', '<', end)
    .first(
      db.raw(`count(*) filter (where s.status = 'completed')::int as held`),
      db.raw(`count(*) filter (where s.status = 'cancelled')::int as cancelled`),
      db.raw(`coalesce(sum(s.audience) filter (where s.status = 'completed'), 0)::int as audience`),
      db.raw(`count(*) filter (where s.status = 'completed' and f.category = 'science')::int as science`),
    );
  const { held, cancelled, audience, science } = row as { held: number; cancelled: number; audience: number; science: number };
  return { held, cancelled, audience, scienceShare: held === 0 ? 0 : science / held };
}

/** Every team with what it held in the month (teams that held nothing are listed too). */
export async function teamTotals(db: Db, month: MonthRange) {
  const [start, end] = inMonth(month);
  const rows = await db('teams as t')
    .join('partners as p', 'p.id', 't.partner_id')
    .leftJoin('screenings as s', (j) => j.on('s.team_id', 't.id').andOnVal('s.status', 'completed').andOnVal('s.starts_at', '>=', start).andOnVal('s.starts_at', '<', end))
    .groupBy('t.id', 'p.name')
    .select('t.id', 't.name', 'p.name as partner_name', db.raw('count(s.id)::int as held'), db.raw('coalesce(sum(s.audience), 0)::int as audience'));
  return rows
    .map((r: { id: number; name: string; partner_name: string; held: number; audience: number }) => ({ id: r.id, name: r.name, partnerName: r.partner_name, held: r.held, audience: r.audience }))
    .sort(byTeam((t: { partnerName: string; name: string; id: number }) => t));
}

export const EXTRA_REASON = 'second screening of the unit this month';

interface Held {
  id: number;
  starts_at: Date;
  village_id: number;
  team_id: number;
  team_name: string;
  partner_name: string;
  village_name: string;
  verification: VerificationState | null;
  review_decision: ReviewDecision | null;
  review_reason: string | null;
}

/**
 * The month's completed screenings, paid "show first, subsidy after" (先放后补): per administrative
 * unit (the units say which unit a village's screening counts for), the first backed screening by
 * start time (domain/status.ts isBacked: verified, or accepted by the bureau) is paid; the unit's
 * other screenings are extra. A unit with no backed screening yet has its screenings pending; a
 * rejected screening is listed apart and counts for nothing.
 */
export async function subsidy(db: Db, units: Units, month: MonthRange, perScreeningYuan: number, zone: string) {
  const [start, end] = inMonth(month);
  const rows: Held[] = await db('screenings as s')
    .join('villages as v', 'v.id', 's.village_id')
    .join('teams as t', 't.id', 's.team_id')
    .join('partners as p', 'p.id', 't.partner_id')
    .where('s.status', 'completed')
    .where('s.starts_at', '>=', start)
    .where('s.starts_at', '<', end)
    .orderBy(['s.starts_at', 's.id'])
    .select('s.id', 's.starts_at', 's.village_id', 's.team_id', 't.name as team_name', 'p.name as partner_name', 'v.name as village_name', 's.verification', 's.review_decision', 's.review_reason');
  const teams = new Map<number, { teamId: number; teamName: string; partnerName: string; counted: number; amountYuan: number }>();
  const item = (r: Held) => ({ screeningId: r.id, villageName: r.village_name, teamName: r.team_name, startsAt: formatTime(r.starts_at, zone) });
  const unitOf = (r: Held) => units.unitOf.get(r.village_id) ?? -r.village_id;
  const backed = (r: Held) => isBacked({ status: 'completed', verification: r.verification ?? 'unverified', reviewDecision: r.review_decision });
  const paidUnits = new Set(rows.filter(backed).map(unitOf));
  const paid = new Set<number>();
  const extra = [];
  const pending = [];
  const rejected = [];
  for (const r of rows) {
    const team = teams.get(r.team_id) ?? { teamId: r.team_id, teamName: r.team_name, partnerName: r.partner_name, counted: 0, amountYuan: 0 };
    teams.set(r.team_id, team);
    const unit = unitOf(r);
    if (r.review_decision === 'rejected') rejected.push({ ...item(r), reason: r.review_reason ?? '' });
    else if (!paidUnits.has(unit)) pending.push({ ...item(r), state: r.verification ?? 'unverified' });
    else if (backed(r) && !paid.has(unit)) {
      paid.add(unit);
      team.counted++;
      team.amountYuan = team.counted * perScreeningYuan;
    } else extra.push({ ...item(r), reason: EXTRA_REASON });
  }
  const list = [...teams.values()].sort(byTeam((t) => ({ partnerName: t.partnerName, name: t.teamName, id: t.teamId })));
  // What is at stake, at most one screening a unit: the pending units once backed; the rejected
  // ones' units that nothing else pays.
  const unitsOf = (rs: Held[]) => new Set(rs.map(unitOf)).size;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const held = (items: { screeningId: number }[]) => items.map((i) => byId.get(i.screeningId)!);
  return {
    month: month.month,
    perScreeningYuan,
    teams: list,
    totalYuan: list.reduce((n, t) => n + t.amountYuan, 0),
    extra,
    pending,
    pendingYuan: unitsOf(held(pending)) * perScreeningYuan,
    rejected,
    rejectedYuan: unitsOf(held(rejected).filter((r) => !paidUnits.has(unitOf(r)))) * perScreeningYuan,
  };
}
