import type { Knex } from 'knex';
import { compareNames } from '../../domain/collate.js';
import { isBacked, type ReviewDecision, type VerificationState } from '../../domain/status.js';
import { whereVillageInCounties } from '../areas/scope.js';
import type { Units } from '../coverage/units.js';
import type { Db } from '../db/index.js';
import { formatTime, whereInMonth, type MonthRange } from '../months.js';
import { programmeFilms, type ProgrammeFilmRow } from '../programmes/films.js';

/** Teams as every report lists them: by partner, then team name (domain/collate.ts), then id. */
const byTeam =
  <T>(key: (t: T) => { partnerName: string; name: string; id: number }) =>
  (a: T, b: T) => {
    const [x, y] = [key(a), key(b)];
    return compareNames(x.partnerName, y.partnerName) || compareNames(x.name, y.name) || x.id - y.id;
  };

/** Keeps the screenings (alias s) of villages in these counties; null: every screening. */
const inCounties = (db: Db, query: Knex.QueryBuilder, counties: readonly number[] | null) => whereVillageInCounties(db, query, counties, 's.village_id');

/** Screenings of the month: held (completed), cancelled, audience, and the share of science films among those held. */
export async function screeningTotals(db: Db, month: MonthRange, counties: readonly number[] | null = null) {
  const row = await inCounties(db, whereInMonth(db('screenings as s'), 's.starts_at', month), counties)
    .leftJoin('films as f', 'f.id', 's.film_id')
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
export async function teamTotals(db: Db, month: MonthRange, counties: readonly number[] | null = null) {
  const held = inCounties(db, whereInMonth(db('screenings as s').where('s.status', 'completed'), 's.starts_at', month), counties)
    .select('s.id', 's.team_id', 's.audience')
    .as('s');
  const query = db('teams as t')
    .join('partners as p', 'p.id', 't.partner_id')
    .leftJoin(held, 's.team_id', 't.id');
  // Inside an area: the teams that held a screening there (a whole deployment lists every team).
  if (counties !== null) query.whereNotNull('s.id');
  const rows = await query
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
  partner_id: number;
  partner_name: string;
  village_name: string;
  county_id: number | null;
  contract_id: number | null;
  verification: VerificationState | null;
  review_decision: ReviewDecision | null;
  review_reason: string | null;
  programme_films: ProgrammeFilmRow[];
}

/** Yuan amounts added to the fen (no binary fractions creeping in). */
const addYuan = (a: number, b: number) => Math.round(a * 100 + b * 100) / 100;

/** The rate per paid screening, yuan: each county's own (its inherited money setting), and the one the report names. */
export interface SubsidyRates {
  rateOf: (countyId: number | null) => number;
  shownYuan: number;
}

/**
 * The month's completed screenings, paid "show first, subsidy after" (先放后补): per administrative
 * unit (the units say which unit a village's screening counts for), the first backed screening by
 * start time (domain/status.ts isBacked: verified, or accepted by the bureau) is paid; the unit's
 * other screenings are extra. A unit with no backed screening yet has its screenings pending; a
 * rejected screening is listed apart and counts for nothing.
 */
export async function subsidy(db: Db, units: Units, month: MonthRange, rates: SubsidyRates, zone: string, counties: readonly number[] | null = null) {
  const { shownYuan: perScreeningYuan, rateOf } = rates;
  const rows: Held[] = await inCounties(db, whereInMonth(db('screenings as s'), 's.starts_at', month), counties)
    .join('villages as v', 'v.id', 's.village_id')
    .join('townships as w', 'w.id', 'v.township_id')
    .join('teams as t', 't.id', 's.team_id')
    .join('partners as p', 'p.id', 't.partner_id')
    .leftJoin('contracts as k', (j) =>
      j
        .on('k.partner_id', 't.partner_id')
        .andOn('k.county_id', 'w.county_id')
        .andOnVal('k.from_month', '<=', month.month)
        .andOn((o) => o.onNull('k.to_month').orOnVal('k.to_month', '>=', month.month)),
    )
    .where('s.status', 'completed')
    .orderBy(['s.starts_at', 's.id'])
    .select(
      's.id', 's.starts_at', 's.village_id', 's.team_id', 't.name as team_name', 't.partner_id', 'p.name as partner_name', 'v.name as village_name',
      's.verification', 's.review_decision', 's.review_reason', 'w.county_id', 'k.id as contract_id', programmeFilms(db, 's.programme'),
    );
  const teams = new Map<number, { teamId: number; teamName: string; partnerName: string; counted: number; amountYuan: number }>();
  const item = (r: Held) => ({ screeningId: r.id, villageName: r.village_name, teamName: r.team_name, startsAt: formatTime(r.starts_at, zone), films: r.programme_films });
  const unitOf = (r: Held) => units.unitOf.get(r.village_id) ?? -r.village_id;
  const backed = (r: Held) => isBacked({ status: 'completed', verification: r.verification ?? 'unverified', reviewDecision: r.review_decision });
  const paidUnits = new Set(rows.filter(backed).map(unitOf));
  const paid = new Set<number>();
  // The paid screenings per partner and county: the contract that pays them (null: none covers that county and month).
  const byContract = new Map<string, { contractId: number | null; partnerId: number; partnerName: string; countyId: number | null; countyCode: string | null; countyName: string | null; counted: number; amountYuan: number }>();
  const countyOf = (id: number | null) => {
    const county = id === null ? undefined : units.areas.get(id);
    return { countyId: id, countyCode: county?.code ?? null, countyName: county?.name ?? null };
  };
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
      team.amountYuan = addYuan(team.amountYuan, rateOf(r.county_id));
      const key = `${r.partner_id}|${r.county_id ?? 0}`;
      const line = byContract.get(key) ?? { contractId: r.contract_id, partnerId: r.partner_id, partnerName: r.partner_name, ...countyOf(r.county_id), counted: 0, amountYuan: 0 };
      byContract.set(key, line);
      line.counted++;
      line.amountYuan = addYuan(line.amountYuan, rateOf(r.county_id));
    } else extra.push({ ...item(r), reason: EXTRA_REASON });
  }
  const list = [...teams.values()].sort(byTeam((t) => ({ partnerName: t.partnerName, name: t.teamName, id: t.teamId })));
  // What is at stake, at most one screening a unit: the pending units once backed; the rejected
  // ones' units that nothing else pays.
  // One screening a unit, at its county's rate.
  const unitsOf = (rs: Held[]) => [...new Map(rs.map((r) => [unitOf(r), rateOf(r.county_id)])).values()].reduce(addYuan, 0);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const held = (items: { screeningId: number }[]) => items.map((i) => byId.get(i.screeningId)!);
  return {
    month: month.month,
    perScreeningYuan,
    teams: list,
    contracts: [...byContract.values()].sort((a, b) => (a.countyCode ?? '~').localeCompare(b.countyCode ?? '~') || compareNames(a.partnerName, b.partnerName)),
    counties: perCounty([...byContract.values()]),
    totalYuan: list.map((t) => t.amountYuan).reduce(addYuan, 0),
    extra,
    pending,
    pendingYuan: unitsOf(held(pending)),
    rejected,
    rejectedYuan: unitsOf(held(rejected).filter((r) => !paidUnits.has(unitOf(r)))),
  };
}

/** The contract lines summed per county, by code. */
function perCounty(lines: { countyId: number | null; countyCode: string | null; countyName: string | null; counted: number; amountYuan: number }[]) {
  const counties = new Map<number, { countyId: number | null; countyCode: string | null; countyName: string | null; counted: number; amountYuan: number }>();
  for (const l of lines) {
    const c = counties.get(l.countyId ?? 0) ?? { countyId: l.countyId, countyCode: l.countyCode, countyName: l.countyName, counted: 0, amountYuan: 0 };
    counties.set(l.countyId ?? 0, c);
    c.counted += l.counted;
    c.amountYuan = addYuan(c.amountYuan, l.amountYuan);
  }
  return [...counties.values()].sort((a, b) => (a.countyCode ?? '~').localeCompare(b.countyCode ?? '~'));
}
