import type { Db } from '../db/index.js';

export type Entity = 'partner' | 'township' | 'village' | 'team' | 'film' | 'user' | 'screening';

export interface AuditEntry {
  entity: Entity;
  entityId: number;
  action: 'create' | 'update' | 'delete';
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
