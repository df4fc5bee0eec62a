import type { Db } from '../db/index.js';
import { formatTime } from '../months.js';
import type { Entity } from './log.js';
import type { AuditQuery } from './schemas.js';

export interface AuditRow {
  id: number;
  entity: Entity;
  entity_id: number;
  action: 'create' | 'update' | 'delete';
  user_id: number | null;
  username: string | null;
  at: Date;
  before: object | null;
  after: object | null;
}

export function auditMapper(zone: string) {
  return (r: AuditRow) => ({
    id: r.id,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    user: r.user_id ? { id: r.user_id, username: r.username } : null,
    at: formatTime(r.at, zone),
    before: r.before,
    after: r.after,
  });
}

/** Newest first: who changed what, with the record before and after. */
export function auditList(db: Db, q: AuditQuery) {
  const query = db('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select('a.id', 'a.entity', 'a.entity_id', 'a.action', 'a.user_id', 'u.username', 'a.at', 'a.before', 'a.after')
    .orderBy('a.id', 'desc');
  if (q.entity) query.where('a.entity', q.entity);
  if (q.id) query.where('a.entity_id', q.id);
  if (q.userId) query.where('a.user_id', q.userId);
  return query;
}
