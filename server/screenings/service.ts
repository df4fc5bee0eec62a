import type { Request } from 'express';
import type { DateTime } from 'luxon';
import { recordAudit } from '../audit/log.js';
import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import type { Thresholds } from '../evidence/checks.js';
import { relatedScreenings } from '../evidence/facts.js';
import { touchesEvidence, verify } from '../evidence/verify.js';
import { checkIfMatch } from '../http/etag.js';
import { conflict, notFound, preconditionFailed, type FieldError } from '../http/problem.js';
import { explainSlotClash } from './slot.js';
import { formatTime, monthOf } from '../months.js';
import { references, screeningMapper, selectScreenings, toColumns, toState, type Screening, type ScreeningRow } from './queries.js';
import { applyPatch, screeningErrors, throwIfInvalid, type ScreeningState } from './rules.js';
import type { NewScreening, ScreeningPatch } from './schemas.js';

export interface ScreeningContext {
  db: Db;
  user: User;
  zone: string;
  now: DateTime;
  /** What the evidence checks compare with: a completed screening is verified as it is written (server/evidence/verify.ts). */
  evidence: Thresholds;
}

/** When a screening becomes completed, it was reported now (by the app's clock; the trigger of migrations/202611301000 keeps it after). */
const reported = (c: ScreeningContext, before: ScreeningState | undefined, next: ScreeningState) =>
  next.status === 'completed' && before?.status !== 'completed' ? { reported_at: c.now.toJSDate() } : {};

/**
 * After the commit of a write to screening `id`: the screenings whose flags it may change (team
 * neighbours, reports sent with it, photos like its own), and those it affected before (`before`), verified again.
 */
export const verifyRelated = async (c: ScreeningContext, id: number, before: number[] = []) =>
  verify(c.db, [...before, ...(await relatedScreenings(c.db, [id], c.evidence))].filter((x) => x !== id), c.evidence);

async function findRow(db: Db, user: User, id: number, lock = false): Promise<ScreeningRow> {
  // Lock first, then read with the joins: FOR UPDATE cannot lock the outer side of a left join.
  if (lock) await db('screenings').where({ id }).forUpdate().first('id');
  const row = await selectScreenings(db, user).where('s.id', id).first();
  if (!row) throw notFound('Screening', id);
  return row;
}

export async function getScreening(c: ScreeningContext, id: number): Promise<Screening> {
  return screeningMapper(c.zone)(await findRow(c.db, c.user, id));
}

/** The referenced village, team and film must exist, be visible to the user, and the village not retired by then. */
async function referenceErrors(c: ScreeningContext, db: Db, s: ScreeningState): Promise<FieldError[]> {
  const month = monthOf(s.startsAt, c.zone);
  const ref = await references(db, c.user, s, month);
  const errors: FieldError[] = [];
  if (!ref.village_exists) errors.push({ path: 'villageId', message: 'no such village' });
  else if (!ref.contract_ok) errors.push({ path: 'villageId', message: `your company holds no contract for this village's county in ${month}` });
  else if (ref.village_retired_at && ref.village_retired_at.getTime() <= s.startsAt.getTime()) {
    errors.push({ path: 'villageId', message: `the village was retired on ${formatTime(ref.village_retired_at, c.zone)}` });
  }
  if (!ref.team_ok) errors.push({ path: 'teamId', message: 'no such team' });
  if (!ref.film_ok) errors.push({ path: 'filmId', message: 'no such film' });
  return errors;
}

/** The rules and the references at once, so that one 400 names every bad field. */
async function checkScreening(c: ScreeningContext, db: Db, s: ScreeningState, sent: { audience?: unknown }): Promise<void> {
  throwIfInvalid([...(await referenceErrors(c, db, s)), ...screeningErrors(s, c.now, sent)]);
}

/**
 * The exclusion constraint refuses a double booking, even between two racing requests; after the
 * rollback, this answers the 409 naming the screening in the way (server/screenings/slot.ts).
 */
export const explainClash = <T>(c: ScreeningContext, s: () => ScreeningState | undefined, exceptId: number | undefined, work: () => Promise<T>): Promise<T> =>
  explainSlotClash(c.db, c.zone, () => {
    const state = s();
    return state && { teamId: state.teamId, startsAt: state.startsAt, exceptId };
  }, work);

export const newState = (body: NewScreening): ScreeningState => ({ ...body, audience: body.audience ?? null });

/** Inserts inside the caller's transaction (the idempotency key shares it); wrap in explainClash outside it. */
export async function createScreening(c: ScreeningContext, trx: Db, body: NewScreening): Promise<Screening> {
  const state = newState(body);
  await checkScreening(c, trx, state, body);
  // Coverage hears of this write from the table's triggers at commit, not from here: the path is
  // drawn at the top of server/coverage/service.ts.
  const [{ id }] = await trx('screenings').insert({ ...toColumns(state), ...reported(c, undefined, state), created_by: c.user.id }).returning('id');
  // Its own verification in this transaction, so the answer (and a replay of it) carries it; the
  // screenings around it after the commit (verifyRelated).
  if (state.status === 'completed') await verify(trx, [id], c.evidence);
  const created = screeningMapper(c.zone)(await findRow(trx, c.user, id));
  await recordAudit(trx, { entity: 'screening', entityId: id, action: 'create', userId: c.user.id, after: created });
  return created;
}

/** Any change, including the correction of a completed screening; the audit keeps the before and after. */
export async function updateScreening(c: ScreeningContext, req: Request, id: number, patch: ScreeningPatch): Promise<Screening> {
  let next: ScreeningState | undefined;
  let evidence = false;
  let affected: number[] = [];
  const after = await explainClash(c, () => next, id, () =>
    c.db.transaction(async (trx) => {
      const row = await findRow(trx, c.user, id, true);
      checkIfMatch(req, row.version);
      if (patch.version !== undefined && patch.version !== row.version) {
        throw preconditionFailed(`You edited version ${patch.version}, but the screening is now at version ${row.version}; reload it.`);
      }
      const { version: _, ...change } = patch;
      next = applyPatch(toState(row), change);
      await checkScreening(c, trx, next, change);
      const before = toState(row);
      evidence = touchesEvidence(before, next);
      // What the screening affected where it was (its old team, its old evening), found before it moves.
      if (evidence) affected = await relatedScreenings(trx, [id], c.evidence);
      await trx('screenings')
        .where({ id })
        .update({ ...toColumns(next), ...reported(c, before, next), version: row.version + 1, updated_at: trx.fn.now() });
      if (evidence) await verify(trx, [id], c.evidence);
      const toScreening = screeningMapper(c.zone);
      const after = toScreening(await findRow(trx, c.user, id));
      await recordAudit(trx, { entity: 'screening', entityId: id, action: 'update', userId: c.user.id, before: toScreening(row), after });
      return after;
    }),
  );
  if (evidence) await verifyRelated(c, id, affected);
  return after;
}

export async function deleteScreening(c: ScreeningContext, req: Request, id: number): Promise<void> {
  // Its photos may be what flags another screening's as a duplicate.
  const affected = await c.db.transaction(async (trx) => {
    const row = await findRow(trx, c.user, id, true);
    checkIfMatch(req, row.version);
    if (row.status === 'completed') {
      throw conflict('A completed screening is never deleted; correct it instead (PATCH), and the audit log keeps both versions.');
    }
    const affected = await relatedScreenings(trx, [id], c.evidence);
    await trx('screenings').where({ id }).delete();
    await recordAudit(trx, { entity: 'screening', entityId: id, action: 'delete', userId: c.user.id, before: screeningMapper(c.zone)(row) });
    return affected;
  });
  await verify(c.db, affected, c.evidence);
}
