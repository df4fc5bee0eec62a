import { REVIEW_RANK } from '../../domain/evidence.js';
import type { Db } from '../db/index.js';
import { readTogether } from '../db/together.js';
import { fetchPage } from '../db/page.js';
import type { ReviewBody, ReviewQuery } from '../evidence/schemas.js';
import { verify } from '../evidence/verify.js';
import { badRequest, conflict, notFound, type FieldError } from '../http/problem.js';
import { groupBy } from '../lib/collections.js';
import { formatTime, monthRange, whereInMonth } from '../months.js';
import { changeScreening, type ScreeningContext } from './change.js';
import { fixMapper, photoMapper } from './evidence.js';
import { screeningMapper, selectScreenings, type Screening, type ScreeningRow } from './queries.js';

// The bureau's review: a decision on completed screenings (accepted or rejected, with a reason;
// null takes it back), which overrides their verification state wherever screenings are counted —
// a change of the screening (./change.ts) that leaves its flags as they are; and the queue of
// completed screenings worst first, each with its evidence.

/** domain/evidence.ts REVIEW_RANK of the screening aliased `s`, in SQL. */
const reviewRankSql = `case
  when s.review_decision is not null then ${REVIEW_RANK.decided}
  when s.verification = 'flagged' then case when exists (select 1 from screening_flags f where f.screening_id = s.id and f.severity = 'critical') then ${REVIEW_RANK.critical} else ${REVIEW_RANK.warning} end
  when s.verification = 'verified' then ${REVIEW_RANK.verified}
  else ${REVIEW_RANK.unverified} end`;

const decisionColumns = (userId: number, body: ReviewBody, now: Date) =>
  body.decision === null
    ? { review_decision: null, review_reason: null, reviewed_by: null, reviewed_at: null }
    : { review_decision: body.decision, review_reason: body.reason, reviewed_by: userId, reviewed_at: now };

/** The listed screenings as this user may see them; `missing` names the unknown ones (ids.N), `open` those not completed. */
async function decidable(trx: Db, c: ScreeningContext, ids: number[]) {
  const toScreening = screeningMapper(c.zone);
  const before = new Map<number, Screening>((await selectScreenings(trx, c).whereIn('s.id', ids)).map((r: ScreeningRow) => [r.id, toScreening(r)]));
  const missing: FieldError[] = [];
  const open: FieldError[] = [];
  ids.forEach((id, i) => {
    const s = before.get(id);
    if (!s) missing.push({ path: `ids.${i}`, message: 'no such screening' });
    else if (s.status !== 'completed') open.push({ path: `ids.${i}`, message: `the screening is ${s.status}` });
  });
  return { before, missing, open };
}
type Decidable = Awaited<ReturnType<typeof decidable>>;

/**
 * Sets (or, with a null decision, clears) the bureau's decision on completed screenings, all or
 * none; each audit-logged, `version` untouched (it counts the partner's edits); the flags checked
 * again (a decision ends a villager_dispute raised before it).
 */
async function review<T>(c: ScreeningContext, ids: number[], body: ReviewBody, refuse: (found: Decidable) => void, answer: (after: Screening[]) => T): Promise<T> {
  const wanted = [...new Set(ids)].sort((a, b) => a - b);
  let before = new Map<number, Screening>();
  return changeScreening(c, {
    lock: { ids: wanted, strength: 'noKeyUpdate' },
    check: async (trx) => {
      const found = await decidable(trx, c, ids);
      refuse(found);
      before = found.before;
    },
    write: async (trx) => {
      await trx('screenings').whereIn('id', wanted).update(decisionColumns(c.user.id, body, c.now.toJSDate()));
      // The villagers' not_held reports count since the last decision (villager_dispute): checked
      // again here, the decided ones only — nothing of theirs that the screenings around them read moved.
      await verify(trx, wanted, c.evidence);
      return [];
    },
    record: async (trx) => {
      const after: Screening[] = (await selectScreenings(trx, c).whereIn('s.id', wanted).orderBy('s.id')).map(screeningMapper(c.zone));
      return { result: answer(after), audit: after.map((a) => ({ entityId: a.id, action: 'update' as const, before: before.get(a.id), after: a })) };
    },
  });
}

/** One screening's decision: 404 when the user may not see it, 409 when it is not completed. */
export function decide(c: ScreeningContext, id: number, body: ReviewBody): Promise<Screening> {
  const refuse = ({ missing, open }: Decidable) => {
    if (missing.length) throw notFound('Screening', id);
    if (open.length) throw conflict('Only a completed screening is reviewed.', [{ path: 'decision', message: open[0]!.message }]);
  };
  return review(c, [id], body, refuse, ([after]) => after!);
}

/** Accepts every listed screening, or none: each must exist and be completed (ids.N names the one that is not). */
export function acceptAll(c: ScreeningContext, ids: number[], reason: string | null): Promise<{ accepted: number; ids: number[] }> {
  const refuse = ({ missing, open }: Decidable) => {
    if (missing.length) throw badRequest(`Nothing was accepted: ${missing.length} unknown ${missing.length === 1 ? 'screening' : 'screenings'}.`, missing);
    if (open.length) throw conflict('Nothing was accepted: only completed screenings are reviewed.', open);
  };
  return review(c, ids, { decision: 'accepted', reason }, refuse, (after) => ({ accepted: after.length, ids: after.map((a) => a.id) }));
}

/** The queue: completed screenings, worst first, each with its fixes, photos and villagers' confirmations. */
export async function reviewQueue(c: ScreeningContext, q: ReviewQuery) {
  const query = selectScreenings(c.db, c).where('s.status', 'completed').orderByRaw(`${reviewRankSql}, s.starts_at, s.id`);
  if (q.month) whereInMonth(query, 's.starts_at', monthRange(q.month, c.zone));
  if (q.state) query.whereRaw(`coalesce(s.verification, 'unverified') in (${q.state.map(() => '?').join(', ')})`, q.state);
  if (q.decision === 'none') query.whereNull('s.review_decision');
  else if (q.decision) query.where('s.review_decision', q.decision);
  if (q.townshipId) query.where('v.township_id', q.townshipId);
  if (q.teamId) query.where('s.team_id', q.teamId);
  if (q.screeningId) query.where('s.id', q.screeningId);
  if (q.flag) query.whereExists((sub) => sub.select(c.db.raw('1')).from('screening_flags as f').whereRaw('f.screening_id = s.id').where('f.code', q.flag!));
  // The village's position beside each item: the review page draws the fix against it.
  query.select('v.position_approximate as village_approximate'); // its position is every screening's (./queries.ts)
  const toScreening = screeningMapper(c.zone);
  const page = await fetchPage(query, q, (r: ScreeningRow & { village_lat: number; village_lng: number; village_approximate: boolean }) => ({
    ...toScreening(r),
    village: { lat: r.village_lat, lng: r.village_lng, approximate: r.village_approximate },
  }));
  const evidence = await evidenceOf(c.db, c.zone, page.items.map((s) => s.id));
  return { items: page.items.map((s) => ({ ...s, ...evidence(s.id) })), total: page.total };
}

/** How many of a screening's villager comments the queue carries (the newest). */
const COMMENTS_SHOWN = 5;

/** The fixes, photos and confirmations of some screenings, four queries for all of them. */
async function evidenceOf(db: Db, zone: string, ids: number[]) {
  const [fixes, photos, confirmations, comments] = await readTogether(db, [
    () => db('screening_fixes').whereIn('screening_id', ids).orderBy(['taken_at', 'id']),
    () => db('screening_photos').whereIn('screening_id', ids).orderBy('id'),
    () =>
      db('confirmations')
        .whereIn('screening_id', ids)
        .groupBy('screening_id')
        .select('screening_id', db.raw('count(*)::int as count'), db.raw('avg(rating)::float8 as average'), ...[1, 2, 3, 4, 5].map((n) => db.raw(`count(*) filter (where rating = ${n})::int as r${n}`))),
    // The latest few comments of each, newest first: what villagers said is evidence a person reads.
    () =>
      db
        .select('screening_id', 'rating', 'comment', 'created_at')
        .from(
          db('confirmations')
            .whereIn('screening_id', ids)
            .whereNotNull('comment')
            .select('screening_id', 'rating', 'comment', 'created_at', db.raw('row_number() over (partition by screening_id order by created_at desc, id desc) as n'))
            .as('c'),
        )
        .where('n', '<=', COMMENTS_SHOWN)
        .orderBy([{ column: 'screening_id' }, { column: 'n' }]),
  ]);
  const toFix = fixMapper(zone);
  const toPhoto = photoMapper(zone);
  const fixesOf = groupBy(fixes, (f) => f.screening_id);
  const photosOf = groupBy(photos, (p) => p.screening_id);
  const confirmationsOf = new Map(confirmations.map((r) => [r.screening_id as number, r]));
  const commentsOf = groupBy(comments as { screening_id: number; rating: number | null; comment: string; created_at: Date }[], (r) => r.screening_id);
  return (id: number) => {
    const conf = confirmationsOf.get(id);
    return {
      fixes: (fixesOf.get(id) ?? []).map(toFix),
      photos: (photosOf.get(id) ?? []).map((p) => {
        const { id: photoId, takenAt, width, height, url } = toPhoto(p);
        return { id: photoId, takenAt, width, height, url };
      }),
      confirmations: {
        count: conf?.count ?? 0,
        ratings: [1, 2, 3, 4, 5].map((n) => (conf?.[`r${n}`] as number | undefined) ?? 0),
        averageRating: conf?.average === null || conf?.average === undefined ? null : Math.round(Number(conf.average) * 10) / 10,
        comments: (commentsOf.get(id) ?? []).map((r) => ({ rating: r.rating, comment: r.comment, createdAt: formatTime(r.created_at, zone) })),
      },
    };
  };
}
