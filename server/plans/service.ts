import { DateTime } from 'luxon';
import { SLOT_MS, slotsClash } from '../../domain/slot.js';
import { RANK } from '../../domain/status.js';
import { whereVillageInScope } from '../areas/scope.js';
import { unitRowsOf } from '../coverage/counts.js';
import type { Coverage } from '../coverage/service.js';
import type { Db } from '../db/index.js';
import type { User } from '../auth/user.js';
import type { Answer } from '../http/idempotency.js';
import { badRequest, conflict, HttpError, type FieldError } from '../http/problem.js';
import { formatTime, monthRange, type MonthRange } from '../months.js';
import type { Screening } from '../screenings/queries.js';
import { explainSlotClash, SLOT_RULE } from '../screenings/slot.js';
import { changeOnce, type ScreeningContext } from '../screenings/change.js';
import { createChange } from '../screenings/service.js';
import { lockUnits } from '../programmes/repeats.js';
import type { MonthStatuses } from '../coverage/engine.js';
import { programmeFacts } from './facts.js';
import { liveScreenings, teamsWithBase, type TeamRow } from './queries.js';
import { plan, type PlanEvening } from './planner.js';
import { proposeProgrammes, type ProgrammeReasonEntry } from './programmes.js';
import type { AcceptRequest, DraftRequest } from './schemas.js';

/** A plan's accepted items are written as screenings are, by the one use case (server/screenings/change.ts). */
export interface PlanContext extends ScreeningContext {
  coverage: Coverage;
  /** LONG_FILM_MINUTES: what makes a film long (DOMAIN.md "One 场"). */
  longFilmMinutes: number;
}

/** A proposed screening: what POST /api/plans/accept takes back (films and reasons it ignores). */
export interface DraftItem {
  villageId: number;
  teamId: number;
  startsAt: string;
  programme: number[];
  films: { id: number; title: string; category: string; minutes: number | null }[];
  reasons: ProgrammeReasonEntry[];
}

/** The chosen teams: the ones named (each must be visible to the user), else every visible one. */
async function chooseTeams(c: PlanContext, teamIds: number[] | undefined): Promise<TeamRow[]> {
  const visible: TeamRow[] = await teamsWithBase(c.db, c.user).modify((q) => {
    if (teamIds) q.whereIn('teams.id', teamIds);
  });
  if (!teamIds) return visible;
  const found = new Set(visible.map((t) => t.id));
  // Another partner's team does not exist for a partner, like any unknown id: 400 naming it.
  const errors: FieldError[] = teamIds.flatMap((id, i) => (found.has(id) ? [] : [{ path: `teamIds.${i}`, message: 'no such team' }]));
  if (errors.length) throw badRequest(`Invalid teamIds: ${errors.map((e) => e.path).join(', ')}.`, errors);
  return visible;
}

/** One evening a day from `from` to the month's end at the local start time, those still ahead. */
export function monthEvenings(month: MonthRange, from: string | undefined, startTime: string, now: DateTime, zone: string): PlanEvening[] {
  const tomorrow = now.setZone(zone).startOf('day').plus({ days: 1 });
  const asked: DateTime = from ? DateTime.fromISO(from, { zone }) : tomorrow;
  let day: DateTime = asked < month.start ? month.start : asked;
  const [hour, minute] = startTime.split(':').map(Number);
  const out: PlanEvening[] = [];
  for (; day < month.end; day = day.plus({ days: 1 })) {
    const startsAt = day.set({ hour, minute, second: 0, millisecond: 0 });
    if (startsAt > now) out.push({ date: day.toISODate()!, startsAt: startsAt.toJSDate() });
  }
  return out;
}

/** `${teamId}|${date}` for every evening a team has a live screening in the way of (domain/slot.ts). */
async function bookedEvenings(db: Db, teamIds: number[], evenings: PlanEvening[]): Promise<Set<string>> {
  const busy = new Set<string>();
  if (!evenings.length) return busy;
  const times = evenings.map((e) => e.startsAt.getTime());
  const rows = await liveScreenings(db, teamIds, new Date(Math.min(...times) - SLOT_MS), new Date(Math.max(...times) + SLOT_MS));
  for (const r of rows) {
    const at = r.starts_at.getTime();
    for (const e of evenings) if (slotsClash(e.startsAt.getTime(), at)) busy.add(`${r.team_id}|${e.date}`);
  }
  return busy;
}

/** The month's gap units (DOMAIN.md "gap") of the statuses' level, by id: what the planner routes. */
export function gapUnitsOf(statuses: MonthStatuses, counties: readonly number[] | null = null) {
  return unitRowsOf(statuses, { counties }, 'gap')
    .map(({ id, lat, lng }) => ({ id, lat, lng }))
    .sort((a, b) => a.id - b.id);
}

/** The month's gap units at the administrative level. */
export async function gapUnits(coverage: Coverage, month: MonthRange, now: DateTime, counties: readonly number[] | null = null) {
  return gapUnitsOf(await coverage.month(month, 'administrative', now), counties);
}

/**
 * Where the user may plan in the month: a partner holding contracts, the counties they cover that
 * month (server/contracts/service.ts); a bureau user with an area, its counties; else everywhere.
 */
async function plannableCounties(db: Db, user: User, month: string): Promise<number[] | null> {
  if (user.role !== 'partner' || user.counties === null) return user.counties;
  return db('contracts')
    .where('partner_id', user.partnerId)
    .where('from_month', '<=', month)
    .where((w) => w.whereNull('to_month').orWhere('to_month', '>=', month))
    .pluck('county_id');
}

/**
 * A proposal covering the month's gap units with the chosen teams, each screening with a programme
 * (./programmes.ts) and why each film is in it. Nothing is stored.
 */
export async function draftPlan(c: PlanContext, body: DraftRequest) {
  const month = monthRange(body.month, c.zone);
  const teams = await chooseTeams(c, body.teamIds);
  const statuses = await c.coverage.month(month, 'administrative', c.now);
  const units = gapUnitsOf(statuses, await plannableCounties(c.db, c.user, month.month));
  const evenings = monthEvenings(month, body.from, body.evenings.startTime, c.now, c.zone);
  const busy = await bookedEvenings(
    c.db,
    teams.map((t) => t.id),
    evenings,
  );
  for (const u of body.evenings.unavailable) busy.add(`${u.teamId}|${u.date}`);

  const result = plan({
    units,
    teams: teams.map((t) => ({ id: t.id, base: t.base_lat === null || t.base_lng === null ? null : { lat: t.base_lat, lng: t.base_lng } })),
    evenings,
    busy,
  });
  const ordered = [...result.items].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.teamId - b.teamId);
  const facts = await programmeFacts(c.db, {
    units: statuses.units,
    unitIds: ordered.map((it) => it.unitId),
    month,
    first: ordered[0]?.startsAt ?? month.start.toJSDate(),
    last: ordered.at(-1)?.startsAt ?? month.start.toJSDate(),
    zone: c.zone,
    longMinutes: c.longFilmMinutes,
  });
  const { programmes, science } = proposeProgrammes(
    ordered.map((it) => ({ unitId: it.unitId, teamId: it.teamId, date: it.date })),
    facts,
  );
  const films = new Map(facts.films.map((f) => [f.id, { id: f.id, title: f.title, category: f.category, minutes: f.minutes }]));
  const items: DraftItem[] = ordered.map((it, i) => ({
    villageId: it.unitId,
    teamId: it.teamId,
    startsAt: formatTime(it.startsAt, c.zone)!,
    programme: programmes[i]!.programme,
    films: programmes[i]!.programme.map((id) => films.get(id)!),
    reasons: programmes[i]!.reasons,
  }));
  return { month: month.month, items, uncovered: result.uncovered, routeKm: Math.round(result.routeKm * 10) / 10, science };
}

const prefixed = (err: HttpError, i: number) =>
  new HttpError(
    err.status,
    `Item ${i}: ${err.detail}`,
    err.errors.map((e) => ({ path: `items.${i}.${e.path}`, message: e.message })),
    err.headers,
  );

/** Checks that need no database: every start in the month, no team twice in one slot (domain/slot.ts). */
function checkItems(body: AcceptRequest, month: MonthRange) {
  const outside: FieldError[] = [];
  body.items.forEach((it, i) => {
    const t = it.startsAt.getTime();
    if (t < month.start.toMillis() || t >= month.end.toMillis()) outside.push({ path: `items.${i}.startsAt`, message: `must lie in ${month.month}` });
  });
  if (outside.length) throw badRequest(`Invalid items: ${outside.map((e) => e.path).join(', ')}.`, outside);
  const clashes: FieldError[] = [];
  body.items.forEach((a, i) => {
    const j = body.items.findIndex((b, k) => k < i && b.teamId === a.teamId && slotsClash(b.startsAt.getTime(), a.startsAt.getTime()));
    if (j >= 0) clashes.push({ path: `items.${i}.startsAt`, message: `in the slot of items.${j} of the same team` });
  });
  if (clashes.length) throw conflict(`Two items book the same team too close together; ${SLOT_RULE}.`, clashes);
}

/**
 * Stores the whole plan in one transaction with the rules of a single screening, or nothing: a
 * bad item is a 400 naming items.N.field; an item whose team is booked by now, or whose village
 * has been given a screening this month since the draft, is a 409.
 */
export async function acceptPlan(c: PlanContext, body: AcceptRequest, key: string | undefined, raw: unknown): Promise<Answer<{ created: Screening[] }>> {
  const month = monthRange(body.month, c.zone);
  checkItems(body, month);
  // Read before the transaction (the embedded engine has one connection, which the transaction holds).
  const statuses = await c.coverage.month(month, 'administrative', c.now);
  // A village outside the user's counties is never "taken": the write below refuses it as no such village.
  const visible = new Set(await whereVillageInScope(c.db, c.db('villages').whereIn('id', body.items.map((it) => it.villageId)), c.user, 'id').pluck('id'));
  const taken = body.items.flatMap((it, i) => {
    const p = statuses.units.unitOf.get(it.villageId);
    return visible.has(it.villageId) && p !== undefined && statuses.rank[p] !== RANK.gap ? [{ path: `items.${i}.villageId`, message: `already has a screening in ${month.month}` }] : [];
  });
  let current = -1;
  const booking = () => {
    const it = body.items[current];
    return it && { teamId: it.teamId, startsAt: it.startsAt, path: `items.${current}.startsAt`, then: ` Item ${current}: nothing was stored; draft again.` };
  };
  return explainSlotClash(c.db, c.zone, booking, () =>
    changeOnce(c, key, raw, 201, async (trx, changes) => {
      if (taken.length) throw conflict('Some villages were given a screening since the draft was made; draft again.', taken);
      // Every unit's repeat lock first, in unit order: two plans accepted at once never deadlock.
      await lockUnits(trx, body.items.map((it) => it.villageId));
      const created: Screening[] = [];
      for (const [i, it] of body.items.entries()) {
        current = i;
        try {
          created.push(await changes.apply(trx, createChange(c, { ...it, status: 'scheduled', audience: null, cancelReason: null, notes: null })));
        } catch (err) {
          throw err instanceof HttpError ? prefixed(err, i) : err;
        }
      }
      return { created };
    }),
  );
}
