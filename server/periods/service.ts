import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { type ApprovalLevel, type Period, type PeriodAction, type PeriodState, type PeriodStep } from '../../domain/periods.js';
import { recordAudit } from '../audit/log.js';
import type { Caller, User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { readTogether } from '../db/together.js';
import { conflict, forbidden, notFound, type FieldError } from '../http/problem.js';
import { formatTime, monthRange } from '../months.js';
import { visibleArea } from '../voice/bureau-scope.js';

// DOMAIN.md "Periods and settlement", the sign-off of a county-month:
//   open ─submit─▶ submitted ─approve (each level of APPROVAL_LEVELS in turn)─▶ approved … ─▶ locked
//   submitted/approved ─return (reason)─▶ returned ─submit─▶ …      locked ─reopen (reason)─▶ open
// A month is submitted by each partner whose teams screened in the county that month (it is
// `submitted` once all have); a month no partner screened in, by a partner holding a contract for
// it or by the county bureau. Each step runs in one transaction holding the county's advisory lock
// (PERIOD_LOCK) exclusively: the database's trigger takes it shared for every write of a screening
// or its evidence (migrations/202612090001), so a step reads the month with no write of it in
// flight, and a write racing the approval that locks the month lands before it or is refused.

/** The advisory lock namespace of a county's sign-off (migrations/202612090001 takes it shared). */
export const PERIOD_LOCK = 2135;

export interface PeriodContext extends Caller {
  now: DateTime;
  /** APPROVAL_LEVELS: the levels that approve, lowest first. */
  levels: readonly ApprovalLevel[];
}

interface PeriodRow {
  county_id: number;
  county_name: string;
  county_code: string;
  state: PeriodState;
  approved_levels: ApprovalLevel[];
  submitted_partners: number[];
  county_submitted: boolean;
}

// --- Who may do what ----------------------------------------------------------------------------

/** The level of a bureau user's area (null: the whole deployment), or undefined for other roles. */
async function bureauLevel(db: Db, user: User): Promise<ApprovalLevel | null | undefined> {
  if (user.role !== 'bureau') return undefined;
  if (user.areaId === null) return null;
  const a: { level: ApprovalLevel } | undefined = await db('areas').where({ id: user.areaId }).first('level');
  return a?.level ?? null;
}

/** The level whose approval the period waits for (null: none). */
const awaitingLevel = (p: Pick<PeriodRow, 'state' | 'approved_levels'>, levels: readonly ApprovalLevel[]): ApprovalLevel | null =>
  p.state === 'submitted' || p.state === 'approved' ? (levels.find((l) => !p.approved_levels.includes(l)) ?? null) : null;

/** Whether a bureau user of that level (null: the whole deployment) or an admin acts for `level`. */
const actsFor = (user: User, own: ApprovalLevel | null | undefined, level: ApprovalLevel) => user.role === 'admin' || (user.role === 'bureau' && (own === null || own === level));

/** The level a reopening is made at: the bureau's own (the whole deployment and the admin: the highest approving level). */
const reopenLevel = (user: User, own: ApprovalLevel | null | undefined, levels: readonly ApprovalLevel[]): ApprovalLevel =>
  user.role === 'bureau' && own ? own : levels[levels.length - 1]!;

interface Facts {
  ended: boolean;
  /** Partners whose teams have a screening (not cancelled) in the county-month. */
  screened: Map<number, string>;
  /** Partners holding a contract for the county that month. */
  contracted: Map<number, string>;
}

/** The actions the user may take now on one period (what the page offers; the step itself checks again). */
function actionsFor(user: User, own: ApprovalLevel | null | undefined, p: PeriodRow, f: Facts, levels: readonly ApprovalLevel[]): PeriodAction[] {
  const out: PeriodAction[] = [];
  if ((p.state === 'open' || p.state === 'returned') && f.ended) {
    if (user.role === 'partner' && user.partnerId !== null) {
      const mine = f.screened.size ? f.screened.has(user.partnerId) : f.contracted.has(user.partnerId);
      if (mine && !p.submitted_partners.includes(user.partnerId)) out.push('submit');
    } else if (actsFor(user, own, 'county') && !f.screened.size) out.push('submit');
  }
  const awaiting = awaitingLevel(p, levels);
  if (awaiting && actsFor(user, own, awaiting)) out.push('approve', 'return');
  if (p.state === 'locked' && (user.role === 'admin' || user.role === 'bureau')) out.push('reopen');
  return out;
}

// --- Reading ----------------------------------------------------------------------------------

const partnerMaps = async (db: Db, countyIds: number[], month: string, zone: string) => {
  const range = monthRange(month, zone);
  const [screened, contracted] = await readTogether(db, [
    () =>
      db('screenings as s')
        .join('villages as v', 'v.id', 's.village_id')
        .join('townships as t', 't.id', 'v.township_id')
        .join('teams as tm', 'tm.id', 's.team_id')
        .join('partners as pa', 'pa.id', 'tm.partner_id')
        .whereIn('t.county_id', countyIds)
        .where('s.starts_at', '>=', range.start.toJSDate())
        .where('s.starts_at', '<', range.end.toJSDate())
        .whereNot('s.status', 'cancelled')
        .groupBy('t.county_id', 'pa.id', 'pa.name')
        .select('t.county_id', 'pa.id', 'pa.name', db.raw(`count(*) filter (where s.status = 'scheduled')::int as unreported`)),
    () =>
      db('contracts as k')
        .join('partners as pa', 'pa.id', 'k.partner_id')
        .whereIn('k.county_id', countyIds)
        .where('k.from_month', '<=', month)
        .where((w) => w.whereNull('k.to_month').orWhere('k.to_month', '>=', month))
        .distinct('k.county_id', 'pa.id', 'pa.name'),
  ]);
  return { screened: screened as { county_id: number; id: number; name: string; unreported: number }[], contracted: contracted as { county_id: number; id: number; name: string }[] };
};

/** The screenings of a county-month still scheduled (of one partner's teams, when given): what stops a submission or an approval. */
async function unreportedScreenings(db: Db, countyId: number, month: string, zone: string, partnerId?: number) {
  const range = monthRange(month, zone);
  const q = db('screenings as s')
    .join('villages as v', 'v.id', 's.village_id')
    .join('townships as t', 't.id', 'v.township_id')
    .join('teams as tm', 'tm.id', 's.team_id')
    .where('t.county_id', countyId)
    .where('s.status', 'scheduled')
    .where('s.starts_at', '>=', range.start.toJSDate())
    .where('s.starts_at', '<', range.end.toJSDate())
    .orderBy(['s.starts_at', 's.id'])
    .select('s.id', 's.starts_at', 'v.id as village_id', 'v.name as village', 'tm.name as team');
  if (partnerId !== undefined) q.where('tm.partner_id', partnerId);
  return (await q) as { id: number; starts_at: Date; village_id: number; village: string; team: string }[];
}

/** The counties the user may see, inside `areaId` when given (404 for an area it may not see); wrapped, as a query builder is a thenable. */
async function countiesQuery(c: PeriodContext, areaId: number | undefined): Promise<{ q: Knex.QueryBuilder }> {
  const q = c.db('areas as c').where('c.level', 'county');
  if (c.user.counties !== null) q.whereIn('c.id', c.user.counties);
  if (areaId !== undefined) {
    const area = await visibleArea(c.db, c.user, areaId);
    q.whereRaw(`c.code like ? || '%'`, [area.code]);
  }
  return { q };
}

export interface PeriodsQuery {
  month: string;
  areaId?: number;
  state?: PeriodState;
  countyId?: number;
  limit: number;
  offset: number;
}

/** GET /api/periods: one row per county-month in the user's scope, counties by code. */
export async function listPeriods(c: PeriodContext, q: PeriodsQuery): Promise<{ items: Period[]; total: number }> {
  const base = (await countiesQuery(c, q.areaId)).q.leftJoin('periods as p', (j) => j.on('p.county_id', 'c.id').andOnVal('p.month', q.month));
  if (q.countyId !== undefined) base.where('c.id', q.countyId);
  if (q.state) base.whereRaw(`coalesce(p.state, 'open') = ?`, [q.state]);
  const [{ n }] = await base.clone().count({ n: '*' });
  const rows: PeriodRow[] = await base
    .orderBy('c.code')
    .limit(q.limit)
    .offset(q.offset)
    .select(
      'c.id as county_id',
      'c.name as county_name',
      'c.code as county_code',
      c.db.raw(`coalesce(p.state, 'open') as state`),
      c.db.raw(`coalesce(p.approved_levels, '{}') as approved_levels`),
      c.db.raw(`coalesce(p.submitted_partners, '{}') as submitted_partners`),
      c.db.raw('coalesce(p.county_submitted, false) as county_submitted'),
    );
  return { items: await describe(c, rows, q.month), total: Number(n) };
}

/** The periods' partners, blockers, steps and the caller's actions, a few queries for the whole page. */
async function describe(c: PeriodContext, rows: PeriodRow[], month: string): Promise<Period[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.county_id);
  const [{ screened, contracted }, steps, own] = await readTogether(c.db, [
    () => partnerMaps(c.db, ids, month, c.zone),
    () =>
      c.db('period_steps as st')
        .leftJoin('users as u', 'u.id', 'st.user_id')
        .whereIn('st.county_id', ids)
        .where('st.month', month)
        .orderBy('st.id')
        .select('st.*', 'u.username as user_name'),
    () => bureauLevel(c.db, c.user),
  ]);
  const ended = c.now.toMillis() >= monthRange(month, c.zone).end.toMillis();
  return rows.map((p) => {
    const mine = screened.filter((s) => s.county_id === p.county_id);
    const facts: Facts = {
      ended,
      screened: new Map(mine.map((s) => [s.id, s.name])),
      contracted: new Map(contracted.filter((k) => k.county_id === p.county_id).map((k) => [k.id, k.name])),
    };
    const shown = facts.screened.size ? facts.screened : facts.contracted;
    const partners = [...shown]
      .filter(([id]) => c.user.role !== 'partner' || id === c.user.partnerId)
      .map(([id, name]) => ({ id, name, screened: facts.screened.has(id), submitted: p.submitted_partners.includes(id) }));
    return {
      countyId: p.county_id,
      countyName: p.county_name,
      countyCode: p.county_code,
      month,
      state: p.state,
      awaiting: awaitingLevel(p, c.levels),
      approvedLevels: p.approved_levels,
      ended,
      unreported: mine.filter((s) => c.user.role !== 'partner' || s.id === c.user.partnerId).reduce((a, s) => a + s.unreported, 0),
      partners,
      actions: actionsFor(c.user, own, p, facts, c.levels),
      steps: steps
        .filter((s) => s.county_id === p.county_id)
        .map(
          (s): PeriodStep => ({
            action: s.action,
            level: s.level,
            partnerId: s.partner_id,
            userId: s.user_id,
            userName: s.user_name ?? null,
            at: formatTime(s.at, c.zone)!,
            reason: s.reason,
          }),
        ),
    };
  });
}

/** One county-month as the list answers it; 404 when the user may not see the county. */
export async function getPeriod(c: PeriodContext, countyId: number, month: string): Promise<Period> {
  const { items } = await listPeriods(c, { month, countyId, limit: 1, offset: 0 });
  if (!items[0]) throw notFound('County', countyId);
  return items[0];
}

// --- The steps ----------------------------------------------------------------------------------

const stateRow = async (trx: Db, countyId: number, month: string): Promise<PeriodRow> =>
  trx('periods as p').join('areas as c', 'c.id', 'p.county_id').where({ 'p.county_id': countyId, 'p.month': month }).forUpdate('p').first('p.*', 'c.name as county_name', 'c.code as county_code');

const outOfOrder = (action: PeriodAction, state: PeriodState) =>
  conflict(`The month is ${state}: it cannot be ${action === 'submit' ? 'submitted' : action === 'approve' ? 'approved' : action === 'return' ? 'returned' : 'reopened'} now.`, [
    { path: 'state', message: `is ${state}` },
  ]);

/** The unreported screenings as the 409's errors: one entry each, naming it. */
const unreportedErrors = (rows: Awaited<ReturnType<typeof unreportedScreenings>>, zone: string): FieldError[] =>
  rows.map((s, i) => ({ path: `screenings.${i}`, message: `screening ${s.id} in ${s.village} on ${formatTime(s.starts_at, zone)!.slice(0, 16).replace('T', ' ')} (${s.team}) is still scheduled` }));

/**
 * Takes one step on a county-month (POST /api/periods/:countyId/:month/:action): the checks and
 * the change under the county's lock, the step and the audit row in the same transaction.
 */
export async function takeStep(c: PeriodContext, countyId: number, month: string, action: PeriodAction, reason: string | null): Promise<Period> {
  if (c.user.role === 'projectionist') throw forbidden();
  // Approving, returning and reopening are a bureau's (or the admin's), whatever the month's state.
  if (action !== 'submit' && c.user.role !== 'bureau' && c.user.role !== 'admin') throw forbidden(`Only a bureau ${action === 'approve' ? 'approves' : action === 'return' ? 'returns' : 'reopens'} a month.`);
  const county = await (await countiesQuery(c, undefined)).q.where('c.id', countyId).first('c.id');
  if (!county) throw notFound('County', countyId);
  const range = monthRange(month, c.zone);
  const own = await bureauLevel(c.db, c.user);
  await c.db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?, ?)', [PERIOD_LOCK, countyId]);
    await trx('periods').insert({ county_id: countyId, month, starts_at: range.start.toJSDate(), ends_at: range.end.toJSDate() }).onConflict(['county_id', 'month']).ignore();
    const p = await stateRow(trx, countyId, month);
    const { screened, contracted } = await partnerMaps(trx, [countyId], month, c.zone);
    const facts: Facts = { ended: c.now.toMillis() >= range.end.toMillis(), screened: new Map(screened.map((s) => [s.id, s.name])), contracted: new Map(contracted.map((k) => [k.id, k.name])) };
    const before = { countyId, month, state: p.state, approvedLevels: p.approved_levels };
    const change = await stepChange(c, trx, { p, facts, own, action, reason, countyId, month });
    await trx('periods').where({ county_id: countyId, month }).update({ ...change.columns, updated_at: trx.fn.now() });
    await trx('period_steps').insert({ county_id: countyId, month, action, level: change.level, partner_id: change.partnerId, user_id: c.user.id, reason });
    await recordAudit(trx, {
      entity: 'period',
      entityId: countyId,
      action: 'update',
      userId: c.user.id,
      before,
      after: { countyId, month, state: change.columns.state ?? p.state, approvedLevels: change.columns.approved_levels ?? p.approved_levels, step: { action, level: change.level, reason } },
    });
  });
  return getPeriod(c, countyId, month);
}

interface StepInput {
  p: PeriodRow;
  facts: Facts;
  own: ApprovalLevel | null | undefined;
  action: PeriodAction;
  reason: string | null;
  countyId: number;
  month: string;
}

interface StepChange {
  columns: Partial<Pick<PeriodRow, 'state' | 'approved_levels' | 'submitted_partners' | 'county_submitted'>>;
  level: ApprovalLevel | null;
  partnerId: number | null;
}

const cleared = { approved_levels: [] as ApprovalLevel[], submitted_partners: [] as number[], county_submitted: false };

/** What a step changes, or the 409/403 that refuses it. */
async function stepChange(c: PeriodContext, trx: Db, s: StepInput): Promise<StepChange> {
  const { p, own, action } = s;
  switch (action) {
    case 'submit':
      return submitChange(c, trx, s);
    case 'approve':
    case 'return': {
      const awaiting = awaitingLevel(p, c.levels);
      if (!awaiting) throw outOfOrder(action, p.state);
      if (!actsFor(c.user, own, awaiting)) throw forbidden(`The month waits for the ${awaiting} bureau's approval.`);
      if (action === 'return') return { columns: { state: 'returned', ...cleared }, level: awaiting, partnerId: null };
      // A screening planned after the submission stops the approval as it stopped the submission.
      const open = await unreportedScreenings(trx, s.countyId, s.month, c.zone);
      if (open.length) throw conflict(`${open.length} screening(s) of the month are still scheduled: each is reported (completed or cancelled) before the month is approved.`, unreportedErrors(open, c.zone));
      const approved = [...p.approved_levels, awaiting];
      return { columns: { state: c.levels.every((l) => approved.includes(l)) ? 'locked' : 'approved', approved_levels: approved }, level: awaiting, partnerId: null };
    }
    case 'reopen':
      if (p.state !== 'locked') throw outOfOrder(action, p.state);
      return { columns: { state: 'open', ...cleared }, level: reopenLevel(c.user, own, c.levels), partnerId: null };
  }
}

async function submitChange(c: PeriodContext, trx: Db, { p, facts, own, countyId, month }: StepInput): Promise<StepChange> {
  if (p.state !== 'open' && p.state !== 'returned') throw outOfOrder('submit', p.state);
  if (!facts.ended) {
    throw conflict(`The month ${month} has not ended in the county's zone: it is submitted from ${formatTime(monthRange(month, c.zone).end.toJSDate(), c.zone)}.`, [{ path: 'month', message: 'has not ended' }]);
  }
  const partnerId = c.user.role === 'partner' ? c.user.partnerId : null;
  if (partnerId !== null) {
    if (facts.screened.size ? !facts.screened.has(partnerId) : !facts.contracted.has(partnerId)) {
      throw conflict(
        facts.screened.size
          ? `Your teams screened nothing in this county in ${month}: the month is submitted by ${[...facts.screened.values()].join(', ')}.`
          : `Your company holds no contract for this county in ${month}.`,
        [{ path: 'countyId', message: 'not yours to submit this month' }],
      );
    }
    if (p.submitted_partners.includes(partnerId)) throw conflict('Your company has submitted this month already.', [{ path: 'state', message: 'submitted by you' }]);
  } else if (c.user.role !== 'bureau' && c.user.role !== 'admin') {
    throw forbidden();
  } else if (!actsFor(c.user, own, 'county')) {
    // "a month no partner screened in is submitted by a partner holding a contract for it or by the county bureau"
    throw forbidden('A month no partner screened in is submitted by the county bureau.');
  } else if (facts.screened.size) {
    throw conflict(`Partners screened in this county in ${month}: each submits its own (${[...facts.screened.values()].join(', ')}).`, [{ path: 'countyId', message: 'submitted by its partners' }]);
  }
  const open = await unreportedScreenings(trx, countyId, month, c.zone, partnerId ?? undefined);
  if (open.length) throw conflict(`${open.length} screening(s) of the month are still scheduled: report each (completed or cancelled) before submitting.`, unreportedErrors(open, c.zone));
  const submitted = partnerId === null ? p.submitted_partners : [...p.submitted_partners, partnerId];
  const all = partnerId === null || [...facts.screened.keys()].every((id) => submitted.includes(id)) || !facts.screened.size;
  return {
    columns: { submitted_partners: submitted, county_submitted: partnerId === null, ...(all ? { state: 'submitted' as const } : {}) },
    level: null,
    partnerId,
  };
}
