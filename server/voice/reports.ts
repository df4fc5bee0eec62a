import { recordAudit } from '../audit/log.js';
import { whereVillageInScope } from '../areas/scope.js';
import type { Caller, User } from '../auth/user.js';
import { registerConstraint } from '../db/errors.js';
import type { Db } from '../db/index.js';
import type { Page } from '../http/paging.js';
import { notFound } from '../http/problem.js';
import { formatTime, monthRange, whereInMonth } from '../months.js';
import type { ReviewDecision, ScreeningStatus, VerificationState } from '../../domain/status.js';
import type { ReportKind, ReportState, VillagerReport } from '../../domain/voice.js';

export type { VillagerReport };
import type { ReportPatchBody, ReportsQ } from './bureau-schemas.js';
import { visibleArea, whereVillageInArea } from './bureau-scope.js';

// /api/villager-reports (DOMAIN.md "Villagers' voice"): the problem reports villagers sent through
// their village's page, and the bureau's handling of them (new → looking → closed with a note).
// Who reads which: the admin all; a bureau user those of the villages inside its area (its
// counties: server/areas/scope.ts); a partner only those naming one of its own teams' screenings —
// the rest, about another company or about no screening, are the bureau's business; a report
// outside the reader's share answers 404 like one that does not exist. Writes: admin, bureau.
// A report's month is the local month (COUNTY_TIMEZONE) of its creation.

// The table's own rule (a closed report has a note), should a write ever pass the schema without meeting it.
registerConstraint('villager_reports_closed_note', 'note', 'required to close a report');


interface Row {
  id: number;
  village_id: number;
  village_name: string;
  township_name: string;
  kind: ReportKind;
  text: string | null;
  state: ReportState;
  note: string | null;
  created_at: Date;
  handled_at: Date | null;
  handled_by: number | null;
  handled_by_name: string | null;
  screening_id: number | null;
  starts_at: Date | null;
  team_name: string | null;
  status: ScreeningStatus | null;
  verification: VerificationState | null;
  review_decision: ReviewDecision | null;
  total?: number | string;
}

/** The reports the user may read, with what an answer shows of each. */
function reportsOf(db: Db, user: User) {
  const query = db('villager_reports as r')
    .join('villages as v', 'v.id', 'r.village_id')
    .join('townships as t', 't.id', 'v.township_id')
    .leftJoin('users as h', 'h.id', 'r.handled_by')
    .leftJoin('screenings as s', 's.id', 'r.screening_id')
    .leftJoin('teams as tm', 'tm.id', 's.team_id')
    .select(
      'r.id', 'r.village_id', 'v.name as village_name', 't.name as township_name', 'r.kind', 'r.text', 'r.state', 'r.note', 'r.created_at', 'r.handled_at',
      'r.handled_by', 'h.username as handled_by_name', 'r.screening_id', 's.starts_at', 'tm.name as team_name', 's.status', 's.verification', 's.review_decision',
    );
  if (user.role === 'partner') query.where('tm.partner_id', user.partnerId ?? -1);
  else if (user.role !== 'admin') whereVillageInScope(db, query, user, 'r.village_id');
  return query;
}

const toReport = (zone: string) => (r: Row): VillagerReport => ({
  id: r.id,
  villageId: r.village_id,
  villageName: r.village_name,
  townshipName: r.township_name,
  kind: r.kind,
  text: r.text,
  state: r.state,
  note: r.note,
  createdAt: formatTime(r.created_at, zone)!,
  handledAt: formatTime(r.handled_at, zone),
  handledBy: r.handled_by_name,
  handledById: r.handled_by,
  screening:
    r.screening_id === null
      ? null
      : {
          id: r.screening_id,
          startsAt: formatTime(r.starts_at, zone)!,
          teamName: r.team_name!,
          status: r.status!,
          verification: r.status === 'completed' ? (r.verification ?? 'unverified') : null,
          decision: r.review_decision,
        },
});

/** The reports in the caller's share, filtered; newest first. */
export async function listReports(c: Caller, q: ReportsQ): Promise<Page<VillagerReport>> {
  const { db, user } = c;
  const query = reportsOf(db, user);
  if (q.areaId !== undefined) whereVillageInArea(db, query, await visibleArea(db, user, q.areaId), 'r.village_id');
  if (q.month !== undefined) whereInMonth(query, 'r.created_at', monthRange(q.month, c.zone));
  if (q.state) query.where('r.state', q.state);
  if (q.kind) query.where('r.kind', q.kind);
  // A unit, with its natural villages (as the requests count them); a natural village alone, its own.
  if (q.villageId !== undefined) query.where((w) => w.where('r.village_id', q.villageId!).orWhere('v.parent_id', q.villageId!));
  if (q.screeningId !== undefined) query.where('r.screening_id', q.screeningId);
  const counted = query.clone().clearSelect();
  const rows: Row[] = await query
    .select(db.raw('(count(*) over ())::int as total'))
    .orderBy([{ column: 'r.created_at', order: 'desc' }, { column: 'r.id', order: 'desc' }])
    .limit(q.limit)
    .offset(q.offset);
  // Past the last page the window count has no row to ride on: count alone.
  const total = rows.length ? Number(rows[0]!.total) : q.offset > 0 ? Number(((await counted.count({ n: '*' }).first()) as { n: number | string }).n) : 0;
  return { items: rows.map(toReport(c.zone)), total };
}

/** One report in the caller's share; else 404 as for an id that names nothing. */
export async function findReport(c: Caller, id: number): Promise<VillagerReport> {
  const row: Row | undefined = await reportsOf(c.db, c.user).where('r.id', id).first();
  if (!row) throw notFound('Villager report', id);
  return toReport(c.zone)(row);
}

/**
 * The bureau's handling: the new state and note (a note left out keeps the one there; closing
 * needs one, the schema's rule and the table's), who and when; audit-logged with the report
 * before and after, in one transaction.
 */
export async function handleReport(c: Caller, id: number, patch: ReportPatchBody): Promise<VillagerReport> {
  return c.db.transaction(async (trx) => {
    const inner: Caller = { ...c, db: trx };
    await trx('villager_reports').where({ id }).forUpdate().first('id');
    const before = await findReport(inner, id);
    await trx('villager_reports')
      .where({ id })
      .update({
        state: patch.state,
        ...(patch.note !== undefined && { note: patch.note }),
        handled_by: c.user.id,
        handled_at: trx.fn.now(),
        updated_at: trx.fn.now(),
      });
    const after = await findReport(inner, id);
    await recordAudit(trx, { entity: 'villager_report', entityId: id, action: 'update', userId: c.user.id, before, after });
    return after;
  });
}
