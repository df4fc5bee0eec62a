import { costShareKeys, roundMonths } from '../../domain/periods.js';
import { whereAreaVisible } from '../areas/scope.js';
import { recordAudit } from '../audit/log.js';
import type { Caller, User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { HttpError, invalidField, notFound } from '../http/problem.js';
import type { Page } from '../http/paging.js';
import { moneySettings } from '../money/settings.js';
import { formatTime } from '../months.js';
import { PERIOD_LOCK } from '../periods/service.js';
import { settle } from './compute.js';
import { contentOf, differencesOf, type AmountsYuan, type Before, type Differences, type StatementContent } from './content.js';
import { heldScreenings } from './queries.js';
import type { StatementsQ } from './schemas.js';

// DOMAIN.md "Periods and settlement", statements: issuing one for a county and a round (every
// month of it locked), reading them. Who: the admin everywhere, a bureau user for the counties
// inside its area (outside it 404, as a county that does not exist); a partner reads the
// statements of the counties it holds contracts in, cut to its own part — its contract groups,
// its teams' screenings, totals over its groups only — and never issues (403 at the route).
// An issued row never changes (the database's trigger, migrations/202612090001): issuing again
// supersedes it — the old row gets superseded_by_id, the new one supersedes_id and the differences.

/** The advisory lock namespace of a county's statements: one issue at a time per county. */
const STATEMENT_LOCK = 2136;

export interface StatementSummary {
  id: number;
  /** The statement number printed on the page: county code, round, id. */
  number: string;
  countyId: number;
  countyCode: string;
  countyName: string;
  round: string;
  issuedAt: string;
  issuedBy: string | null;
  supersedesId: number | null;
  supersededById: number | null;
  current: boolean;
  totals: AmountsYuan;
}

export type Statement = StatementSummary & Omit<StatementContent, 'countyId' | 'countyCode' | 'countyName' | 'round' | 'totals'> & { differences: Differences | null; partial: boolean };

interface Row {
  id: number;
  county_id: number;
  round: string;
  issued_at: Date;
  issued_by_name: string | null;
  supersedes_id: number | null;
  superseded_by_id: number | null;
  content: StatementContent | string;
  differences: Differences | string | null;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
export const statementNumber = (countyCode: string, round: string, id: number) => `${countyCode}-${round}-${String(id).padStart(4, '0')}`;

/** The statements the user may read (a partner: of its contract counties; none without a contract). */
function scoped(db: Db, user: User) {
  const q = db('statements as st').leftJoin('users as u', 'u.id', 'st.issued_by');
  if (user.role === 'partner') q.whereIn('st.county_id', user.counties ?? []);
  else if (user.counties !== null) q.whereIn('st.county_id', user.counties);
  return q.select('st.*', 'u.username as issued_by_name');
}

/** A partner's part of a statement: its own groups and screenings, the totals over its groups. */
function partOf(c: StatementContent, partnerId: number): StatementContent {
  const mine = <T extends { partnerId: number }>(xs: T[]) => xs.filter((x) => x.partnerId === partnerId);
  const groups = mine(c.groups);
  const sum = (k: 'count' | 'films' | 'gross' | 'filmFees' | 'net') => Math.round(groups.reduce((n, g) => n + g[k] * 100, 0)) / 100;
  const shares = Object.fromEntries(costShareKeys.map((k) => [k, Math.round(groups.reduce((n, g) => n + g.shares[k] * 100, 0)) / 100])) as AmountsYuan['shares'];
  const totals = { count: sum('count'), films: sum('films'), gross: sum('gross'), shares, filmFees: sum('filmFees'), net: sum('net') };
  return { ...c, groups, totals, paid: mine(c.paid), extra: mine(c.extra), pending: mine(c.pending), rejected: mine(c.rejected) };
}

function partOfDifferences(d: Differences, partnerId: number): Differences {
  const mine = <T extends { partnerId: number }>(xs: T[]) => xs.filter((x) => x.partnerId === partnerId);
  return { ...d, added: mine(d.added), removed: mine(d.removed), groups: mine(d.groups), totals: null };
}

function present(r: Row, user: User, zone: string): Statement {
  const partner = user.role === 'partner' ? user.partnerId : null;
  const full = json<StatementContent>(r.content);
  const c = partner === null ? full : partOf(full, partner ?? -1);
  const d = r.differences === null ? null : json<Differences>(r.differences);
  const { countyId, countyCode, countyName, round, totals, ...rest } = c;
  return {
    id: r.id,
    number: statementNumber(countyCode, round, r.id),
    countyId,
    countyCode,
    countyName,
    round,
    issuedAt: formatTime(r.issued_at, zone)!,
    issuedBy: r.issued_by_name,
    supersedesId: r.supersedes_id,
    supersededById: r.superseded_by_id,
    current: r.superseded_by_id === null,
    totals,
    ...rest,
    differences: d && partner !== null ? partOfDifferences(d, partner ?? -1) : d,
    partial: partner !== null,
  };
}

const summary = (s: Statement): StatementSummary => {
  const { id, number, countyId, countyCode, countyName, round, issuedAt, issuedBy, supersedesId, supersededById, current, totals } = s;
  return { id, number, countyId, countyCode, countyName, round, issuedAt, issuedBy, supersedesId, supersededById, current, totals };
};

export async function listStatements(c: Caller, q: StatementsQ): Promise<Page<StatementSummary>> {
  const base = () => {
    const query = scoped(c.db, c.user);
    if (q.countyId !== undefined) query.where('st.county_id', q.countyId);
    if (q.round !== undefined) query.where('st.round', q.round);
    return query;
  };
  const [counted] = (await c.db.from(base().as('x')).count({ n: '*' })) as { n: string | number }[];
  const rows: Row[] = await base().orderBy([{ column: 'st.issued_at', order: 'desc' }, { column: 'st.id', order: 'desc' }]).limit(q.limit).offset(q.offset);
  return { items: rows.map((r) => summary(present(r, c.user, c.zone))), total: Number(counted?.n ?? 0) };
}

export async function readStatement(c: Caller, id: number): Promise<Statement> {
  const r: Row | undefined = await scoped(c.db, c.user).where('st.id', id).first();
  if (!r) throw notFound('Statement', id);
  return present(r, c.user, c.zone);
}

/** The county, if the user may see it; a county unseen or unknown: 404; an area not a county: 400 naming countyId. */
async function countyFor(db: Db, user: User, countyId: number) {
  const a: { id: number; code: string; name: string; level: string } | undefined = await whereAreaVisible(db, db('areas').where({ id: countyId }), user).first('id', 'code', 'name', 'level');
  if (!a) throw notFound('County', countyId);
  if (a.level !== 'county') throw invalidField('countyId', 'must be a county');
  return a;
}

/** 409 unless every month of the round is locked, one error a month that is not. */
async function requireLocked(db: Db, countyId: number, months: string[]) {
  const rows: { month: string; state: string }[] = await db('periods').where({ county_id: countyId }).whereIn('month', months).select('month', 'state');
  const state = new Map(rows.map((r) => [r.month, r.state]));
  const open = months.filter((m) => state.get(m) !== 'locked').map((m) => ({ month: m, state: state.get(m) ?? 'open' }));
  if (!open.length) return;
  throw new HttpError(
    409,
    `Every month of the round must be locked before its statement is issued: ${open.map((o) => o.month).join(', ')} ${open.length === 1 ? 'is' : 'are'} not.`,
    open.map((o) => ({ path: `months.${o.month}`, message: `not locked (${o.state})` })),
    {},
    'round-not-locked',
    { months: open },
  );
}

/** The current statement of a county's round, as much of it as its differences need (content.ts Before). */
async function currentOf(trx: Db, countyId: number, round: string, paidNow: number[]): Promise<{ id: number; before: Before } | undefined> {
  const row: { id: number; groups: unknown; totals: unknown; settings: unknown; paid_ids: number[] | null; removed: unknown } | undefined = (
    await trx.raw(
      `select st.id, st.content->'groups' as groups, st.content->'totals' as totals, st.content->'settings' as settings,
              (select array_agg((p->>'screeningId')::int) from jsonb_array_elements(st.content->'paid') p) as paid_ids,
              (select coalesce(jsonb_agg(p order by n), '[]') from jsonb_array_elements(st.content->'paid') with ordinality x(p, n)
                where not ((p->>'screeningId')::int = any(?::int[]))) as removed
         from statements st where st.county_id = ? and st.round = ? and st.superseded_by_id is null`,
      [paidNow, countyId, round],
    )
  ).rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    before: { groups: json(row.groups as never), totals: json(row.totals as never), settings: json(row.settings as never), paidIds: row.paid_ids ?? [], removed: json(row.removed as never) },
  };
}

/** Issues the statement of a county's round (superseding the current one, if any); audit-logged. */
export async function issueStatement(c: Caller, countyId: number, round: string, defaultRateFen: number): Promise<Statement> {
  const months = roundMonths(round)!;
  const row = await c.db.transaction(async (trx): Promise<Row> => {
    const county = await countyFor(trx, c.user, countyId);
    await trx.raw('select pg_advisory_xact_lock(?, ?)', [STATEMENT_LOCK, countyId]);
    // The sign-off's lock, shared: no month of the county is reopened while it is read.
    await trx.raw('select pg_advisory_xact_lock_shared(?, ?)', [PERIOD_LOCK, countyId]);
    await requireLocked(trx, countyId, months);
    const m = await moneySettings(trx, countyId, defaultRateFen);
    const money = { subsidyPerScreeningFen: m.subsidyPerScreeningFen.value, costShares: m.costShares.value, filmFeePerFilmFen: m.filmFeePerFilmFen.value };
    const from = { subsidyPerScreening: m.subsidyPerScreeningFen.areaName, costShares: m.costShares.areaName, filmFeePerFilm: m.filmFeePerFilmFen.areaName };
    const content = contentOf({ countyId, countyCode: county.code, countyName: county.name, round, months }, settle(await heldScreenings(trx, countyId, months, c.zone), money), money, from);
    const current = await currentOf(trx, countyId, round, content.paid.map((p) => p.screeningId));
    const newId = ((await trx.raw(`select nextval(pg_get_serial_sequence('statements', 'id'))::int as id`)).rows as { id: number }[])[0]!.id;
    if (current) await trx('statements').where({ id: current.id }).update({ superseded_by_id: newId });
    const differences = current ? differencesOf(current.id, current.before, content) : null;
    const [inserted] = (await trx('statements')
      .insert({
        id: newId,
        county_id: countyId,
        round,
        issued_by: c.user.id,
        supersedes_id: current?.id ?? null,
        content: JSON.stringify(content),
        differences: differences && JSON.stringify(differences),
      })
      .returning('issued_at')) as { issued_at: Date }[];
    await recordAudit(trx, {
      entity: 'statement',
      entityId: newId,
      action: 'create',
      userId: c.user.id,
      after: { id: newId, countyId, round, supersedesId: current?.id ?? null, totals: content.totals },
    });
    // The answer from what was just written (not read back: a big county's content is parsed once).
    return { id: newId, county_id: countyId, round, issued_at: inserted!.issued_at, issued_by_name: c.user.username, supersedes_id: current?.id ?? null, superseded_by_id: null, content, differences };
  });
  return present(row, c.user, c.zone);
}
