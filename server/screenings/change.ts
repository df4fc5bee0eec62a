import type { DateTime } from 'luxon';
import { recordAudit, type AuditEntry } from '../audit/log.js';
import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import type { Thresholds } from '../evidence/checks.js';
import { relatedScreenings } from '../evidence/facts.js';
import { forAudit } from '../evidence/queries.js';
import { verify } from '../evidence/verify.js';
import { idempotent, type Answer } from '../http/idempotency.js';

// The one path of a screening change, whoever writes it — a route (create, PATCH, DELETE, report),
// the phone's evidence (fix, photo), the bureau's decision, an accepted plan, the demo:
//   lock → check → write → verify the written screening → audit → (commit) → verify those around it.
// A writer describes its change (ScreeningChange) and hands it to changeScreening(), or, inside a
// transaction it holds (an Idempotency-Key's, a plan's), to a ScreeningChanges it settles after
// the commit. Where a new rule goes: one that every change obeys, whoever writes it (a locked
// period), is one call in `apply` right after the locks; one about the fields a screening is
// written with (no repeated film in a village) is one call in ./service.ts checkScreening; one
// that flags what was done (a programme that does not count) is a check of server/evidence/checks.ts.

/** Who changes screenings, when, and what the evidence checks compare with (server/evidence/checks.ts). */
export interface ScreeningContext {
  db: Db;
  user: User;
  zone: string;
  now: DateTime;
  evidence: Thresholds;
}

/** One change: its steps, run in this order inside one transaction. */
export interface ScreeningChange<T> {
  /**
   * Stored screenings the change writes, locked in id order before anything is read. `update`
   * (the default) for a change of the row or its deletion; `noKeyUpdate` for a change of its
   * columns that leaves evidence rows free to be added meanwhile (a review decision).
   */
  lock?: { ids: number[]; strength?: 'update' | 'noKeyUpdate' };
  /**
   * Reads what the change starts from and checks the rules against it, under the locks; throws to
   * refuse. The rules of a screening's own fields are ./service.ts checkScreening, called here by
   * the create and the PATCH.
   */
  check?: (trx: Db) => Promise<void>;
  /** Screenings whose evidence the write is about to move or remove: those around them as they are now are verified after the commit. */
  leaving?: () => number[];
  /** The write; answers the screenings whose evidence it touched (verified at once, and those around them after the commit). */
  write: (trx: Db) => Promise<number[]>;
  /** The answer and what the audit log keeps, read once the written screenings are verified (none: nothing to answer or keep). */
  record?: (trx: Db) => Promise<{ result: T; audit?: Omit<AuditEntry, 'entity' | 'userId'>[] }>;
}

async function lock(trx: Db, { ids, strength = 'update' }: NonNullable<ScreeningChange<unknown>['lock']>): Promise<void> {
  if (!ids.length) return;
  const q = trx('screenings').whereIn('id', [...new Set(ids)].sort((a, b) => a - b)).orderBy('id').select('id');
  await (strength === 'update' ? q.forUpdate() : q.forNoKeyUpdate());
}

/**
 * Changes applied in a transaction the caller holds: `apply` each inside it, then `settle()` once it
 * has committed — the screenings around the changed ones are verified then, in a transaction of
 * their own, so that a long neighbourhood never holds the writer's locks.
 */
export class ScreeningChanges {
  private readonly around = new Set<number>();
  private readonly changed = new Set<number>();

  constructor(private readonly c: ScreeningContext) {}

  async apply<T>(trx: Db, change: ScreeningChange<T>): Promise<T> {
    const t = this.c.evidence;
    if (change.lock) await lock(trx, change.lock);
    await change.check?.(trx);
    // What the screenings affected where they were (their old team, evening, photos), found before they move.
    for (const id of await relatedScreenings(trx, change.leaving?.() ?? [], t)) this.around.add(id);
    const touched = await change.write(trx);
    // Its own verification in this transaction, so that the answer (and a replay of it) carries it.
    await verify(trx, touched, t);
    for (const id of touched) this.changed.add(id);
    for (const id of await relatedScreenings(trx, touched, t)) this.around.add(id);
    const { result, audit = [] } = (await change.record?.(trx)) ?? { result: undefined as T };
    for (const entry of audit) await recordAudit(trx, { entity: 'screening', userId: this.c.user.id, ...entry, before: forAudit(entry.before), after: forAudit(entry.after) });
    return result;
  }

  /** After the commit: the screenings around the changed ones, verified again. */
  async settle(): Promise<void> {
    const ids = [...this.around].filter((id) => !this.changed.has(id));
    this.around.clear();
    this.changed.clear();
    await verify(this.c.db, ids, this.c.evidence);
  }
}

/** One change in a transaction of its own, then those around it verified. */
export async function changeScreening<T>(c: ScreeningContext, change: ScreeningChange<T>): Promise<T> {
  const changes = new ScreeningChanges(c);
  const result = await c.db.transaction((trx) => changes.apply(trx, change));
  await changes.settle();
  return result;
}

/**
 * Changes made in the transaction of an Idempotency-Key (server/http/idempotency.ts): a retry with
 * the same key answers what the first one did and changes nothing; those around are verified after the commit.
 */
export async function changeOnce<T>(
  c: ScreeningContext,
  key: string | undefined,
  body: unknown,
  status: number,
  work: (trx: Db, changes: ScreeningChanges) => Promise<T>,
): Promise<Answer<T>> {
  const changes = new ScreeningChanges(c);
  const answer = await idempotent(c.db, c.user.id, key, body, async (trx) => ({ status, body: await work(trx, changes) }));
  await changes.settle();
  return answer;
}
