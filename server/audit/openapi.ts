import { countyTime, page, pagingParams, query, read, type ApiPieceOf } from '../openapi/build.js';
import { entities } from './log.js';

export const auditApi: ApiPieceOf = (config) => ({
  paths: {
    '/api/audit': {
      get: {
        tags: ['audit'],
        ...read('Audit log, newest first (admin, bureau)', page('AuditEntry'), [
          query('entity', { enum: [...entities] }),
          query('id', { type: 'integer' }, 'the entity id'),
          query('userId', { type: 'integer' }, 'who made the change'),
          ...pagingParams,
        ]),
      },
    },
  },
  schemas: {
    AuditEntry: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        entity: { type: 'string' },
        entityId: { type: 'integer' },
        action: { enum: ['create', 'update', 'delete'] },
        user: { type: ['object', 'null'], properties: { id: { type: 'integer' }, username: { type: 'string' } } },
        at: countyTime(config),
        before: { type: ['object', 'null'] },
        after: { type: ['object', 'null'] },
      },
    },
  },
});
