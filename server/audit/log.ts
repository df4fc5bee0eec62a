import type { Db } from '../db/index.js';

/** What the audit log keeps the history of. */
export const entities = ['partner', 'area', 'township', 'village', 'team', 'film', 'user', 'screening', 'contract', 'campaign', 'villager_report', 'period', 'statement'] as const;
export type Entity = (typeof entities)[number];
/** What a change did to its entity. */
export const auditActions = ['create', 'update', 'delete'] as const;

export interface AuditEntry {
  entity: Entity;
  entityId: number;
  action: (typeof auditActions)[number];
  userId: number | null;
  before?: object | null;
  after?: object | null;
}

/** Writes one audit row; call it with the transaction that made the change, so both land or neither. */
export async function recordAudit(trx: Db, e: AuditEntry): Promise<void> {
  await trx('audit_log').insert({
    entity: e.entity,
    entity_id: e.entityId,
    action: e.action,
    user_id: e.userId,
    before: e.before ? JSON.stringify(e.before) : null,
    after: e.after ? JSON.stringify(e.after) : null,
  });
}

/**
 * The writes of one entity, each in one transaction with its audit row. `find` reads a record as
 * the API answers it (404 when there is none): the log keeps exactly that before and after.
 * `lock`, when given, locks the row before it is read for a change or a deletion.
 */
export function audited<T extends { id: number }>(
  entity: Entity,
  find: (db: Db, id: number) => Promise<T>,
  lock?: (db: Db, id: number) => Promise<unknown>,
) {
  return {
    /** `insert` writes the row and gives its id. */
    create: (db: Db, userId: number | null, insert: (trx: Db) => Promise<number>): Promise<T> =>
      db.transaction(async (trx) => {
        const after = await find(trx, await insert(trx));
        await recordAudit(trx, { entity, entityId: after.id, action: 'create', userId, after });
        return after;
      }),

    /** `change` writes the row, knowing what it was. */
    update: (db: Db, userId: number | null, id: number, change: (trx: Db, before: T) => Promise<unknown>): Promise<T> =>
      db.transaction(async (trx) => {
        if (lock) await lock(trx, id);
        const before = await find(trx, id);
        await change(trx, before);
        const after = await find(trx, id);
        await recordAudit(trx, { entity, entityId: id, action: 'update', userId, before, after });
        return after;
      }),

    remove: (db: Db, userId: number | null, id: number, remove: (trx: Db) => Promise<unknown>): Promise<void> =>
      db.transaction(async (trx) => {
        if (lock) await lock(trx, id);
        const before = await find(trx, id);
        await remove(trx);
        await recordAudit(trx, { entity, entityId: id, action: 'delete', userId, before });
      }),
  };
}
