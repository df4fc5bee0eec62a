import { byWorst, verificationState, type Flag } from '../../domain/evidence.js';
import type { VerificationState } from '../../domain/status.js';
import { numbers } from '../db/arrays.js';
import type { Db } from '../db/index.js';
import { groupBy } from '../lib/collections.js';
import { runChecks, type Thresholds } from './checks.js';
import { collectFacts } from './facts.js';

// verify(): the checks run again over the current facts of some screenings, and what they say is
// stored — their rows in screening_flags replaced, screenings.verification set — in one
// transaction, for the changed ones only. The rows are locked first (in id order, so two runs
// never wait on each other in a circle; the statement that locks them reads their own columns as
// they are once locked) and the other facts read after, so the last run to take a lock sees every
// fact committed before it. Neither `version` (the client's edit counter) nor
// `updated_at` moves: the evidence changed, not the screening. A screening that is not completed
// keeps no flags (the trigger of migrations/202611301000 already clears its state). A screening of
// a locked month is left out: its state is what was signed off (migrations/202612090001).

/** Stable text of a flag set, to tell whether anything changed (jsonb gives keys back in its own order). */
const signature = (flags: Pick<Flag, 'code' | 'severity' | 'params'>[]) =>
  JSON.stringify([...flags].sort(byWorst).map((f) => [f.code, f.severity, Object.entries(f.params).sort(([a], [b]) => a.localeCompare(b))]));

/** Whether two flag sets say the same: most screenings have none before and after. */
const sameFlags = (a: Flag[], b: Flag[]) => (a.length === 0 && b.length === 0) || (a.length === b.length && signature(a) === signature(b));

/**
 * Runs the checks on `ids` and stores their findings; answers how many screenings changed. Joins
 * `db`'s transaction when it is one. `recheck`: a batch of a recheck in its own transaction (see below).
 */
export async function verify(db: Db, ids: Iterable<number>, t: Thresholds, o: { recheck?: boolean } = {}): Promise<number> {
  const wanted = [...new Set(ids)].sort((a, b) => a - b);
  if (!wanted.length) return 0;
  const run = async (trx: Db) => {
    // A batch of a recheck (its own transaction) reads thousands of rows by id from pages the
    // server holds: a probe of an index costs about what a page read in order costs. With the
    // default random_page_cost (4) the planner scanned the whole table once per statement instead.
    if (!db.isTransaction) await trx.raw('set local random_page_cost = 1.1');
    // A recheck's batch writes only what the checks derive from facts committed before it, and the
    // recheck can run again at any time: it does not wait for its commit to reach the disk. A crash
    // of the database server in the moment after (not of this process) may take back the newest
    // batches' states, whole and consistent, never a fact; the next recheck writes them again.
    // A verify inside a caller's transaction never does this: that transaction holds facts.
    if (!db.isTransaction && o.recheck) await trx.raw('set local synchronous_commit = off');
    // A screening of a signed-off month keeps its flags and state as they were locked (DOMAIN.md
    // "Periods and settlement"): what a write in an open month finds about it changes nothing there.
    const { screenings: locked, factsOf } = await collectFacts(trx, wanted, t, { lock: true });
    const lockedIds = locked.map((s) => s.id);
    const stored: (Flag & { screening_id: number })[] = (
      await trx.raw('select f.screening_id, f.code, f.severity, f.params from screening_flags f join unnest(?::int[]) as given(id) on given.id = f.screening_id', [numbers(lockedIds)])
    ).rows;
    const before = groupBy(stored, (f) => f.screening_id);

    const replace: { id: number; flags: Flag[] }[] = [];
    // The screenings whose state changes; `changed` counts them and those whose flags change.
    const moved: { id: number; state: VerificationState }[] = [];
    let changed = 0;
    for (const s of locked) {
      const f = factsOf(s.id);
      const flags = f ? runChecks(f, t) : [];
      const replaced = !sameFlags(flags, before.get(s.id) ?? []);
      if (replaced) replace.push({ id: s.id, flags });
      const state = f ? verificationState(flags) : undefined;
      const moves = state !== undefined && state !== s.verification;
      if (moves) moved.push({ id: s.id, state });
      if (replaced || moves) changed++;
    }
    if (replace.length) {
      await trx.raw('delete from screening_flags f using unnest(?::int[]) as given(id) where f.screening_id = given.id', [numbers(replace.map((r) => r.id))]);
      const rows = replace.flatMap((r) => r.flags.map((f) => ({ screening_id: r.id, code: f.code, severity: f.severity, params: JSON.stringify(f.params) })));
      if (rows.length) await trx('screening_flags').insert(rows);
    }
    // One statement for each new state (the screenings' triggers run once a statement): `= any` of
    // a constant lets PostgreSQL find the rows by a bitmap of the primary key, each page visited
    // once, 15% quicker than a join to (id, state) pairs probing the key row by row.
    for (const [state, ids] of groupBy(moved, (m) => m.state, (m) => m.id)) {
      await trx.raw('update screenings set verification = ? where id = any(?::int[])', [state, numbers(ids)]);
    }
    return changed;
  };
  return db.isTransaction ? run(db) : db.transaction(run);
}

/** The parts of a screening the checks read: a write that changes one of them, to or from a completed screening, is verified. */
type Checked = { status: string; startsAt: Date; villageId: number; teamId: number; audience: number | null; programme: readonly number[] };

export const touchesEvidence = (before: Checked, next: Checked) =>
  (before.status === 'completed' || next.status === 'completed') &&
  (before.status !== next.status ||
    before.startsAt.getTime() !== next.startsAt.getTime() ||
    before.villageId !== next.villageId ||
    before.teamId !== next.teamId ||
    before.audience !== next.audience ||
    before.programme.length !== next.programme.length ||
    before.programme.some((f, i) => f !== next.programme[i]));
