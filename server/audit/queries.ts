import type { Knex } from 'knex';
import type { User } from '../auth/user.js';
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

/**
 * A scoped user's share of the log (server/areas/scope.ts): the records of its counties — their
 * townships, villages, screenings and contracts, read off the record as it was or became — and
 * the registry every county shares, its county-months' sign-off steps and statements (issue 22) (partners, teams, films); to a bureau user, the handling of its
 * counties' villager reports.
 */
function inScope(db: Db, query: Knex.QueryBuilder, counties: number[], role: User['role']) {
  const field = (name: string) => `coalesce((a.after->>'${name}')::int, (a.before->>'${name}')::int)`;
  const townships = 'select id from townships where county_id = any(?::int[])';
  return query.where((w) =>
    w
      .whereIn('a.entity', ['partner', 'team', 'film'])
      .orWhere((o) => o.whereIn('a.entity', ['township', 'contract']).whereRaw(`${field('countyId')} = any(?::int[])`, [counties]))
      // issue 22 sign-off: a county-month's steps (entity_id is the county) and a county's statements (their record names countyId).
      .orWhere((o) => o.where('a.entity', 'period').whereRaw('a.entity_id = any(?::int[])', [counties]))
      .orWhere((o) => o.where('a.entity', 'statement').whereRaw(`${field('countyId')} = any(?::int[])`, [counties]))
      .orWhere((o) => o.where('a.entity', 'village').whereRaw(`${field('townshipId')} in (${townships})`, [counties]))
      .orWhere((o) => o.where('a.entity', 'screening').whereRaw(`${field('villageId')} in (select id from villages where township_id in (${townships}))`, [counties]))
      // The handling of villagers' reports: the bureau's business (a partner reads only the reports on its own screenings, not their log).
      .orWhere((o) => o.where('a.entity', 'villager_report').whereRaw(`?::boolean and ${field('villageId')} in (select id from villages where township_id in (${townships}))`, [role === 'bureau', counties])),
  );
}

/** Newest first: who changed what, with the record before and after; a scoped user sees its counties' share. */
export function auditList(db: Db, q: AuditQuery, user?: User) {
  const query = db('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select('a.id', 'a.entity', 'a.entity_id', 'a.action', 'a.user_id', 'u.username', 'a.at', 'a.before', 'a.after')
    .orderBy('a.id', 'desc');
  if (q.entity) query.where('a.entity', q.entity);
  if (q.id) query.where('a.entity_id', q.id);
  if (q.userId) query.where('a.user_id', q.userId);
  if (user?.counties) inScope(db, query, user.counties, user.role);
  return query;
}
