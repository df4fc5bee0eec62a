import { touchesEvidence } from '../evidence/verify.js';
import { checkIfMatch, type IfMatch } from '../http/etag.js';
import { conflict, notFound, preconditionFailed, type FieldError } from '../http/problem.js';
import type { Db } from '../db/index.js';
import { formatTime, monthOf } from '../months.js';
import { refuseRepeats } from '../programmes/repeats.js';
import { changeScreening, type ScreeningChange, type ScreeningContext } from './change.js';
import { references, screeningMapper, selectScreenings, toColumns, toState, type Screening, type ScreeningRow, type Viewer } from './queries.js';
import { applyPatch, refuseBeyondReport, screeningErrors, throwIfInvalid, type ScreeningState } from './rules.js';
import type { NewScreening, ScreeningPatch } from './schemas.js';
import { explainSlotClash } from './slot.js';

// A screening's own writes — create, change (a report included), delete — each described as a
// ScreeningChange and run by the one use case (./change.ts).

/** When a screening becomes completed, it was reported now (by the app's clock; the trigger of migrations/202611301000 keeps it after). */
const reported = (c: ScreeningContext, before: ScreeningState | undefined, next: ScreeningState) =>
  next.status === 'completed' && before?.status !== 'completed' ? { reported_at: c.now.toJSDate() } : {};

async function findRow(db: Db, viewer: Viewer, id: number): Promise<ScreeningRow> {
  const row = await selectScreenings(db, viewer).where('s.id', id).first();
  if (!row) throw notFound('Screening', id);
  return row;
}

export async function getScreening(c: ScreeningContext, id: number): Promise<Screening> {
  return screeningMapper(c.zone)(await findRow(c.db, c, id));
}

/** The referenced village, team and film must exist, be visible to the user, and the village not retired by then. */
async function referenceErrors(c: ScreeningContext, db: Db, s: ScreeningState, viaFilmId: boolean): Promise<FieldError[]> {
  const month = monthOf(s.startsAt, c.zone);
  const ref = await references(db, c.user, s, month);
  const errors: FieldError[] = [];
  if (!ref.village_exists) errors.push({ path: 'villageId', message: 'no such village' });
  else if (!ref.contract_ok) errors.push({ path: 'villageId', message: `your company holds no contract for this village's county in ${month}` });
  else if (ref.village_retired_at && ref.village_retired_at.getTime() <= s.startsAt.getTime()) {
    errors.push({ path: 'villageId', message: `the village was retired on ${formatTime(ref.village_retired_at, c.zone)}` });
  }
  if (!ref.team_ok) errors.push({ path: 'teamId', message: 'no such team' });
  for (const film of ref.missing_films) errors.push({ path: viaFilmId ? 'filmId' : `programme.${s.programme.indexOf(film)}`, message: 'no such film' });
  return errors;
}

/** A stored screening as a change starts from it. */
interface Before {
  id: number;
  state: ScreeningState;
  /** The bureau rejected it (a decision that leaves with the completed status: migrations/202611301000). */
  rejected: boolean;
}

/** Whether a screening counts for the no-repeat rule: neither cancelled nor rejected. */
const counts = (s: ScreeningState, rejected: boolean) => s.status !== 'cancelled' && !(rejected && s.status === 'completed');

/**
 * Whether the no-repeat rule looks at a write (DOMAIN.md "No repeats in a village"): a screening
 * that counts, without a repeatReason, created, changed in what the rule reads — its programme,
 * village or start — or counting again (back from cancelled).
 */
function mayRepeat(s: ScreeningState, before: Before | undefined): boolean {
  if (s.repeatReason || !counts(s, before?.rejected ?? false)) return false;
  if (!before) return true;
  const b = before.state;
  return (
    !counts(b, before.rejected) ||
    b.villageId !== s.villageId ||
    b.startsAt.getTime() !== s.startsAt.getTime() ||
    b.programme.length !== s.programme.length ||
    b.programme.some((f, i) => f !== s.programme[i])
  );
}

/**
 * The rules of a screening as it is about to be stored, and its references, at once: one 400 names
 * every bad field. Then, for a screening that stands, the rule that spans screenings: a film
 * repeated in its unit is a 409 (server/programmes/repeats.ts, under the unit's lock).
 */
async function checkScreening(c: ScreeningContext, db: Db, s: ScreeningState, sent: { audience?: unknown; viaFilmId?: true }, before?: Before): Promise<void> {
  throwIfInvalid([...(await referenceErrors(c, db, s, sent.viaFilmId === true)), ...screeningErrors(s, c.now, sent)]);
  if (mayRepeat(s, before)) await refuseRepeats(db, c.zone, s, before?.id, c.user);
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

export const newState = ({ viaFilmId: _, ...body }: NewScreening): ScreeningState => ({
  ...body,
  programme: body.programme ?? [],
  repeatReason: body.repeatReason ?? null,
  audience: body.audience ?? null,
});

/** A new screening; run it in the transaction of its Idempotency-Key (./change.ts ScreeningChanges), inside explainClash. */
export function createChange(c: ScreeningContext, body: NewScreening): ScreeningChange<Screening> {
  const state = newState(body);
  let id = 0;
  return {
    check: (trx) => checkScreening(c, trx, state, body),
    write: async (trx) => {
      // Coverage hears of this write from the table's triggers at commit, not from here: the path is
      // drawn at the top of server/coverage/service.ts.
      [{ id }] = await trx('screenings').insert({ ...toColumns(state), ...reported(c, undefined, state), created_by: c.user.id }).returning('id');
      return state.status === 'completed' ? [id] : [];
    },
    record: async (trx) => {
      const created = screeningMapper(c.zone)(await findRow(trx, c, id));
      return { result: created, audit: [{ entityId: id, action: 'create', after: created }] };
    },
  };
}

/** Any change, including the correction of a completed screening; the audit keeps the before and after. `ifMatch`: the versions the client said it changes. */
export async function updateScreening(c: ScreeningContext, ifMatch: IfMatch, id: number, patch: ScreeningPatch): Promise<Screening> {
  let row: ScreeningRow;
  let next: ScreeningState | undefined;
  let evidence = false;
  const toScreening = screeningMapper(c.zone);
  refuseBeyondReport(c.user, patch);
  return explainClash(c, () => next, id, () =>
    changeScreening(c, {
      lock: { ids: [id] },
      check: async (trx) => {
        row = await findRow(trx, c, id);
        checkIfMatch(ifMatch, row.version);
        if (patch.version !== undefined && patch.version !== row.version) {
          throw preconditionFailed(`You edited version ${patch.version}, but the screening is now at version ${row.version}; reload it.`);
        }
        const { version: _, viaFilmId, ...change } = patch;
        next = applyPatch(toState(row), change);
        await checkScreening(c, trx, next, { ...change, viaFilmId }, { id, state: toState(row), rejected: row.review_decision === 'rejected' });
        evidence = touchesEvidence(toState(row), next);
      },
      leaving: () => (evidence ? [id] : []),
      write: async (trx) => {
        await trx('screenings')
          .where({ id })
          .update({ ...toColumns(next!), ...reported(c, toState(row), next!), version: row.version + 1, updated_at: trx.fn.now() });
        return evidence ? [id] : [];
      },
      record: async (trx) => {
        const after = toScreening(await findRow(trx, c, id));
        return { result: after, audit: [{ entityId: id, action: 'update', before: toScreening(row), after }] };
      },
    }),
  );
}

export async function deleteScreening(c: ScreeningContext, ifMatch: IfMatch, id: number): Promise<void> {
  let row: ScreeningRow;
  await changeScreening(c, {
    lock: { ids: [id] },
    check: async (trx) => {
      row = await findRow(trx, c, id);
      checkIfMatch(ifMatch, row.version);
      if (row.status === 'completed') {
        throw conflict('A completed screening is never deleted; correct it instead (PATCH), and the audit log keeps both versions.');
      }
    },
    // Its photos may be what flags another screening's as a duplicate.
    leaving: () => [id],
    write: async (trx) => {
      await trx('screenings').where({ id }).delete();
      return [];
    },
    record: async () => ({ result: undefined, audit: [{ entityId: id, action: 'delete', before: screeningMapper(c.zone)(row) }] }),
  });
}
